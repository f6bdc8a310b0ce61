"""Shallow ReLU networks with a skip unit, held exactly (THEORY.md section 1).

    h(y) = sum_k a_k [w_k . y + b_k]_+  +  V y  +  c

with ``a_k, w_k in R^d``, ``b_k`` real, ``V`` a d x d matrix and ``c in R^d``. The cost
convention symden uses everywhere is :data:`COST_CONVENTION`: only ``a`` and ``w`` are
penalised; biases, ``V`` and ``c`` are free. By balancing, the cheapest parameter cost
of a given list of units is ``sum_k |a_k| |w_k|`` (:meth:`ShallowNetwork.cost`), an upper
bound on the representation cost ``R(h)`` of the function the network computes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter, mul
from gmpy2 import mpq
from typing import Sequence

from symden.errors import InvalidDataError
from symden.exact import Exact, exact, exact_sum, sqrt_exact
from symden.pwl import PiecewiseLinear

__all__ = ["Unit", "ShallowNetwork", "COST_CONVENTION", "COST_CONVENTION_SHORT"]

#: Printed by every output that states a cost.
COST_CONVENTION = (
    "skip unit present (V y + c unpenalised), biases free: "
    "R(h) = inf 1/2 sum_k (|a_k|^2 + |w_k|^2) = inf sum_k |a_k| |w_k| over networks realising h"
)
COST_CONVENTION_SHORT = "skip unit present, biases free"


def _vector(values: Sequence, *, name: str) -> tuple:
    if type(values) is tuple:  # already exact (the closed forms build these): no name strings to format
        for v in values:
            if type(v) is not mpq:
                break
        else:
            return values
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        values = (values,)
    return tuple(exact(v, name=f"{name}[{i}]") for i, v in enumerate(values))


def _norm(v: tuple) -> Exact:
    if len(v) == 1:
        return abs(v[0])  # sqrt(x^2) = |x|, without a square root
    return sqrt_exact(sum((x * x for x in v), mpq(0)))


def _relu(x: Exact) -> Exact:
    return x if x > 0 else mpq(0)


@dataclass(frozen=True)
class Unit:
    """One hidden ReLU unit ``a [w . y + b]_+`` (a scalar is accepted for a 1-vector)."""

    a: tuple
    w: tuple
    b: Exact

    def __post_init__(self) -> None:
        object.__setattr__(self, "a", _vector(self.a, name="a"))
        object.__setattr__(self, "w", _vector(self.w, name="w"))
        object.__setattr__(self, "b", exact(self.b, name="b"))

    @classmethod
    def of_exact(cls, a: tuple, w: tuple, b: Exact) -> "Unit":
        """A unit from values that are exact already (tuples of mpq or Algebraic, an exact b).

        The closed forms build 10^4 units from exact arithmetic on validated data; this skips the
        per-value validation of the constructor (equal to ``Unit(a, w, b)`` for such values).
        """
        unit = object.__new__(cls)
        object.__setattr__(unit, "a", a)
        object.__setattr__(unit, "w", w)
        object.__setattr__(unit, "b", b)
        return unit

    def preactivation(self, y: Sequence[Exact]) -> Exact:
        """``w . y + b``."""
        return sum(map(mul, self.w, y), mpq(0)) + self.b

    def cost(self) -> Exact:
        """``|a| |w|``: the unit's cost after balancing."""
        return _norm(self.a) * _norm(self.w)

    def cost_float(self) -> float:
        """``|a| |w|`` in floats, for display (a cost share, a line width): a lossy, named conversion.

        Never through :meth:`cost`: the exact square root of a program's 400-digit coefficients
        would have to factor them.

        >>> Unit(a=(3, 4), w=(1, 0), b=0).cost_float()
        5.0
        """
        from math import hypot

        from symden.exact import to_float

        return hypot(*map(to_float, self.a)) * hypot(*map(to_float, self.w))


@dataclass(frozen=True)
class ShallowNetwork:
    """A one-hidden-layer ReLU network with skip unit, ``R^d -> R^d`` (THEORY.md section 1).

    Parameters
    ----------
    units
        The hidden units (:class:`Unit` or ``(a, w, b)`` triples).
    V
        The skip matrix, d x d (rows).
    c
        The offset, length d.

    Examples
    --------
    >>> net = ShallowNetwork(units=[Unit(a=[2], w=[1], b=0)], V=[[0]], c=[1])
    >>> net([3]), net.cost()
    ((mpq(7,1),), mpq(2,1))
    """

    units: tuple
    V: tuple
    c: tuple

    def __post_init__(self) -> None:
        units = tuple(u if isinstance(u, Unit) else Unit(*u) for u in self.units)
        c = _vector(self.c, name="c")
        d = len(c)
        V = tuple(_vector(row, name=f"V[{i}]") for i, row in enumerate(self.V))
        if len(V) != d or any(len(row) != d for row in V):
            raise InvalidDataError(f"V must be {d} x {d} to match c of length {d}")
        for k, u in enumerate(units):
            if len(u.a) != d or len(u.w) != d:
                raise InvalidDataError(f"unit {k}: a has length {len(u.a)} and w length {len(u.w)}; both must be {d}")
        object.__setattr__(self, "units", units)
        object.__setattr__(self, "V", V)
        object.__setattr__(self, "c", c)

    @property
    def dim(self) -> int:
        """The input and output dimension d."""
        return len(self.c)

    @property
    def has_skip(self) -> bool:
        """True when V is not the zero matrix."""
        return any(v != 0 for row in self.V for v in row)

    def __call__(self, y: Sequence[Exact]) -> tuple:
        """The exact output h(y) for an input given as a sequence of d exact numbers."""
        y = tuple(y)
        out = [ci + sum(map(mul, row, y), mpq(0)) for ci, row in zip(self.c, self.V)]
        for u in self.units:
            z = _relu(u.preactivation(y))
            if z != 0:
                out = [o + ai * z for o, ai in zip(out, u.a)]
        return tuple(out)

    def merged(self) -> "ShallowNetwork":
        """The same function with units of one direction and bias summed into one and zero units dropped.

        Units ``(w, b)`` and ``(t w, t b)`` with ``t > 0`` are one unit (``[t z]_+ = t [z]_+``): the
        later one's ``a`` is added, times ``t``, to the first one's. A unit with ``w = 0`` is the
        constant ``a [b]_+`` and goes into ``c``. Exact and cost-non-increasing
        (``|a + a'| <= |a| + |a'|``).

        >>> net = ShallowNetwork(units=[Unit(a=[1], w=[1], b=0), Unit(a=[2], w=[2], b=0)], V=[[0]], c=[0])
        >>> net.merged().units
        (Unit(a=(mpq(5,1),), w=(mpq(1,1),), b=mpq(0,1)),)
        """
        sums: dict = {}
        first: dict = {}
        c = list(self.c)
        for u in self.units:
            lead = next((abs(x) for x in u.w if x != 0), None)
            if lead is None:  # [0.y + b]_+ = [b]_+: a constant
                if u.b > 0:
                    c = [ci + ai * u.b for ci, ai in zip(c, u.a)]
                continue
            key = (tuple(x / lead for x in u.w), u.b / lead)
            if key not in sums:
                first[key], sums[key] = (u.w, u.b, lead), u.a
            else:
                t = lead / first[key][2]  # u = (t w0, t b0): a [t z]_+ = (t a) [z]_+
                sums[key] = tuple(x + t * y for x, y in zip(sums[key], u.a))
        units = tuple(Unit.of_exact(a, first[key][0], first[key][1]) for key, a in sums.items() if any(x != 0 for x in a))
        return ShallowNetwork(units=units, V=self.V, c=tuple(c))

    def evaluate_float(self, Y):
        """h at float inputs, vectorised with numpy: a *lossy*, explicitly named conversion.

        ``Y`` of shape (n, d) gives (n, d); for d = 1 also shape (n,) gives (n,); one point of shape
        (d,) gives (d,). Every coefficient (rational or algebraic) is converted once with
        :func:`symden.exact.to_float`; nothing exact is decided from the result.

        >>> net = ShallowNetwork(units=[Unit(a=[2], w=[1], b=0)], V=[[0]], c=[1])
        >>> net.evaluate_float([0.0, 1.5]).tolist()
        [1.0, 4.0]
        """
        import numpy as np  # on use only: the exact paths never load numpy

        A, W, b, V, c = self._float_parameters
        Y = np.asarray(Y, dtype=float)
        d = self.dim
        shape_error = InvalidDataError(f"inputs of shape {Y.shape} do not fit a network on R^{d}: pass (n, {d})"
                                       + (", (n,) or a number" if d == 1 else f" or ({d},)"))
        if Y.ndim == 0 and d == 1:
            flat = Y.reshape(1, 1)
        elif Y.ndim == 1 and d == 1:
            flat = Y.reshape(-1, 1)
        elif Y.ndim == 1 and Y.shape == (d,):
            flat = Y.reshape(1, d)
        elif Y.ndim == 2 and Y.shape[1] == d:
            flat = Y
        else:
            raise shape_error
        out = (np.maximum(flat @ W.T + b, 0.0) @ A if len(b) else np.zeros_like(flat)) + flat @ V.T + c
        if Y.ndim == 0:
            return float(out[0, 0])
        if Y.ndim == 1:
            return out[:, 0] if d == 1 else out[0]
        return out

    @cached_property
    def _float_parameters(self) -> tuple:
        import numpy as np

        from symden.exact import to_float

        K, d = len(self.units), self.dim
        A = np.array([[to_float(v) for v in u.a] for u in self.units], dtype=float).reshape(K, d)
        W = np.array([[to_float(v) for v in u.w] for u in self.units], dtype=float).reshape(K, d)
        b = np.array([to_float(u.b) for u in self.units], dtype=float)
        V = np.array([[to_float(v) for v in row] for row in self.V], dtype=float)
        c = np.array([to_float(v) for v in self.c], dtype=float)
        return A, W, b, V, c

    def cost(self) -> Exact:
        """``sum_k |a_k| |w_k|``: the network's parameter cost once each unit is balanced."""
        return exact_sum(u.cost() for u in self.units)

    def parameter_cost(self) -> Exact:
        """``1/2 sum_k (|a_k|^2 + |w_k|^2)`` for the parameters as stored (not rebalanced)."""
        return exact_sum(sum(x * x for x in u.a) + sum(x * x for x in u.w) for u in self.units) / 2

    def to_sympy(self, y=None):
        """``sum_k a_k Max(0, w_k.y + b_k) + V y + c`` as a sympy column ``Matrix`` (imports sympy).

        ``y`` defaults to real symbols ``y1, ..., yd``. Exact: every number goes through
        :func:`symden.exact.to_sympy`, never ``sympify`` (which would turn an mpq into a Float).

        >>> ShallowNetwork(units=(Unit(a=(2,), w=(1,), b=-1),), V=((0,),), c=(0,)).to_sympy()
        Matrix([[2*Max(0, y1 - 1)]])
        """
        import sympy  # on use: importing symden must not load sympy

        from symden.exact import to_sympy

        y = tuple(sympy.symbols(f"y1:{self.dim + 1}", real=True)) if y is None else tuple(y)
        Y = sympy.Matrix(y)
        out = sympy.Matrix([[to_sympy(v) for v in row] for row in self.V]) * Y + sympy.Matrix([to_sympy(v) for v in self.c])
        for u in self.units:
            pre = sum((to_sympy(wi) * yi for wi, yi in zip(u.w, y)), sympy.Integer(0)) + to_sympy(u.b)
            out += sympy.Matrix([to_sympy(ai) for ai in u.a]) * sympy.Max(0, pre)
        return out

    def to_pwl(self) -> PiecewiseLinear:
        """The function of a 1-D network as a :class:`PiecewiseLinear`, in O(K log K).

        Each unit with ``w != 0`` adds a kink at ``-b/w`` where the slope rises by ``a |w|``;
        the left tail slope is ``V + sum_{w<0} a w``. The value at the first kink is
        ``c + sum_{w=0} a [b]_+ + (V + sum_{w<0} a w) t_1 + sum_{w<0} a b`` (every unit with
        w > 0 is off there, every unit with w < 0 on), the others follow from the slopes. Computed once per network
        (the network is immutable) and shared by every check.
        """
        return self._pwl

    @cached_property
    def _pwl(self) -> PiecewiseLinear:
        if self.dim != 1:
            raise InvalidDataError(f"to_pwl needs a 1-D network; this one has dimension {self.dim}")
        left = self.V[0][0]
        offset = self.c[0]
        active_left = mpq(0)  # sum of a*b over the units active left of every kink (w < 0)
        kinks: list = []  # (t, slope jump); sorted and merged below, without hashing the knots
        for u in self.units:
            (a,), (w,), b = u.a, u.w, u.b
            if w == 0:
                offset += a * _relu(b)
                continue
            if w < 0:
                left += a * w
                active_left += a * b
            kinks.append((-b / w, a * abs(w)))
        if not kinks:
            return PiecewiseLinear.affine(left, offset)
        kinks.sort(key=itemgetter(0))  # linear time when the units come in order of their kinks
        knots: list = []
        jumps: list = []  # jumps[i]: the rise of the slope at knots[i]
        for t, jump in kinks:
            if knots and knots[-1] == t:
                jumps[-1] += jump
            else:
                knots.append(t)
                jumps.append(jump)
        # At the first kink every unit with w > 0 is off and every unit with w < 0 is on, so
        # h(t_1) = offset + left t_1 + sum_{w<0} a b: the same exact value as evaluating the network.
        slope, values = left, [offset + left * knots[0] + active_left]
        for i, (t0, t1) in enumerate(zip(knots, knots[1:])):
            slope += jumps[i]
            values.append(values[-1] + slope * (t1 - t0))
        return PiecewiseLinear(knots=knots, values=values, left_slope=left, right_slope=slope + jumps[-1])
