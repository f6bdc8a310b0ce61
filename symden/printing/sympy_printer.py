"""sympy printers: a ``Piecewise`` built directly from breakpoints, and a network as an expression.

Both are thin names for the records' own conversions (:meth:`symden.pwl.PiecewiseLinear.to_sympy`,
:meth:`symden.network.ShallowNetwork.to_sympy`), kept here so that every printer follows the
``<format>_<object>`` scheme of :mod:`symden.printing`.
"""

from __future__ import annotations

from symden.network import ShallowNetwork
from symden.pwl import PiecewiseLinear

__all__ = ["sympy_piecewise", "sympy_network"]


def sympy_piecewise(f: PiecewiseLinear, y=None):
    """``Piecewise((s_0 y + c_0, y <= t_1), (s_1 y + c_1, y <= t_2), ..., (s_K y + c_K, True))``."""
    return f.to_sympy(y)


def sympy_network(net: ShallowNetwork, y=None):
    """``sum_k a_k Max(0, w_k.y + b_k) + V y + c`` as a column of sympy expressions (small networks)."""
    return net.to_sympy(y)
