"""sympy printers: a ``Piecewise`` built directly from breakpoints, and a network as an expression."""

from __future__ import annotations

from symden.exact import to_sympy
from symden.network import ShallowNetwork
from symden.pwl import PiecewiseLinear

__all__ = ["sympy_piecewise", "sympy_network"]


def sympy_piecewise(f: PiecewiseLinear, y: sympy.Symbol | None = None) -> sympy.Piecewise:
    """``Piecewise((s_0 y + c_0, y <= t_1), (s_1 y + c_1, y <= t_2), ..., (s_K y + c_K, True))``.

    Built from the knots, one condition per piece, never by folding ``Max`` expressions.
    """
    import sympy  # imported on use: importing symden.printing must not load sympy

    y = sympy.Symbol("y", real=True) if y is None else y
    args = []
    for p in f.pieces():
        expr = to_sympy(p.slope) * y + to_sympy(p.intercept)
        args.append((expr, True if p.hi is None else y <= to_sympy(p.hi)))
    return sympy.Piecewise(*args, evaluate=False)


def sympy_network(net: ShallowNetwork, y: tuple | None = None) -> sympy.Matrix:
    """``sum_k a_k Max(0, w_k.y + b_k) + V y + c`` as a column of sympy expressions (small networks)."""
    import sympy

    y = tuple(sympy.symbols(f"y1:{net.dim + 1}", real=True)) if y is None else y
    Y = sympy.Matrix(y)
    out = sympy.Matrix([[to_sympy(v) for v in row] for row in net.V]) * Y + sympy.Matrix([to_sympy(v) for v in net.c])
    for u in net.units:
        pre = sum((to_sympy(wi) * yi for wi, yi in zip(u.w, y)), sympy.Integer(0)) + to_sympy(u.b)
        out += sympy.Matrix([to_sympy(ai) for ai in u.a]) * sympy.Max(0, pre)
    return out
