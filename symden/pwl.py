"""Univariate continuous piecewise-linear functions, held exactly.

A :class:`PiecewiseLinear` is given by strictly increasing knots ``t_1 < ... < t_K``, the
values ``f(t_k)``, and the two tail slopes. Between knots it is linear; beyond the outer
knots it follows the tail slopes. It is the value type for 1-D denoisers and for the
restriction of a network to a line (THEORY.md sections 1, 3 and 5).

For such an f the univariate representation cost with a free skip unit is
``int |f''| = sum_k |s_k - s_{k-1}|`` over the successive slopes, both tails included
(Savarese et al. 2019; THEORY.md section 1): :meth:`PiecewiseLinear.slope_variation`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import compress, islice
from operator import itemgetter, le, lt, ne, sub, truediv
from gmpy2 import mpq
from typing import Iterator, Optional, Sequence

from symden.errors import InvalidDataError
from symden.exact import Exact, exact, exact_str, exact_sum, is_float_input

__all__ = ["PiecewiseLinear", "Piece"]


@dataclass(frozen=True)
class Piece:
    """One linear piece ``f(y) = slope * y + intercept`` on ``[lo, hi]`` (None is an infinite end)."""

    lo: Optional[Exact]
    hi: Optional[Exact]
    slope: Exact
    intercept: Exact


@dataclass(frozen=True)
class PiecewiseLinear:
    """A continuous piecewise-linear function of one variable, exact and canonical.

    Parameters
    ----------
    knots
        The breakpoints; sorted on construction. Equal knots must carry equal values.
    values
        ``f`` at each knot.
    left_slope, right_slope
        The slopes for ``y`` below the first and above the last knot.

    The constructor canonicalises: knots are sorted, knots where the slope does not change
    are dropped, and a function with no remaining knot keeps the single knot 0, so that
    equal functions compare equal and hash equally.

    Examples
    --------
    >>> f = PiecewiseLinear(knots=[0, 1], values=[0, 1], left_slope=0, right_slope=0)
    >>> f(mpq(1, 2)), f.slope_variation()
    (mpq(1,2), mpq(2,1))
    """

    knots: tuple
    values: tuple
    left_slope: Exact
    right_slope: Exact

    def __post_init__(self) -> None:
        # exact() only for what is not an mpq yet: formatting 2 x 10^4 names costs more than the rest
        knots = [t if type(t) is mpq else exact(t, name=f"knots[{i}]") for i, t in enumerate(self.knots)]
        values = [v if type(v) is mpq else exact(v, name=f"values[{i}]") for i, v in enumerate(self.values)]
        if len(knots) != len(values):
            raise InvalidDataError(f"{len(knots)} knots but {len(values)} values: give one value per knot")
        left = exact(self.left_slope, name="left_slope")
        right = exact(self.right_slope, name="right_slope")
        if knots and all(map(lt, knots, islice(knots, 1, None))):
            ks, vs = knots, values  # strictly increasing already (closed forms, to_pwl): no sort, no merge
        else:
            merged: list = []
            for t, v in sorted(zip(knots, values), key=itemgetter(0)):
                if merged and merged[-1][0] == t:
                    if merged[-1][1] != v:
                        raise InvalidDataError(f"knot {exact_str(t)} has two values {exact_str(merged[-1][1])} and {exact_str(v)}")
                    continue
                merged.append((t, v))
            if not merged:
                raise InvalidDataError("a piecewise-linear function needs at least one knot (use PiecewiseLinear.affine)")
            ks, vs = [t for t, _ in merged], [v for _, v in merged]
        # Drop knots where the slope does not change (the maps run in C: 2 x 10^4 knots are common).
        inner = list(map(truediv, map(sub, islice(vs, 1, None), vs), map(sub, islice(ks, 1, None), ks)))
        slopes = [left, *inner, right]
        changes = list(compress(range(len(ks)), map(ne, slopes, islice(slopes, 1, None))))
        if not changes:
            object.__setattr__(self, "knots", (mpq(0),))
            object.__setattr__(self, "values", (vs[0] - left * ks[0],))
            object.__setattr__(self, "_slopes", (left, right))
        else:
            object.__setattr__(self, "knots", tuple(ks[i] for i in changes) if len(changes) < len(ks) else tuple(ks))
            object.__setattr__(self, "values", tuple(vs[i] for i in changes) if len(changes) < len(ks) else tuple(vs))
            # the slopes of the kept pieces, remembered for slopes() (three checks read them)
            object.__setattr__(self, "_slopes", (left, *(slopes[i + 1] for i in changes)))
        object.__setattr__(self, "left_slope", left)
        object.__setattr__(self, "right_slope", right)

    @classmethod
    def affine(cls, slope: Exact, intercept: Exact) -> "PiecewiseLinear":
        """The affine function ``slope * y + intercept``."""
        return cls(knots=(mpq(0),), values=(exact(intercept, name="intercept"),), left_slope=slope, right_slope=slope)

    # -- evaluation ----------------------------------------------------------------------

    def slopes(self) -> tuple:
        """The K+1 successive slopes: left tail, the K-1 inner pieces, right tail."""
        cached = self.__dict__.get("_slopes")
        if cached is not None:
            return cached
        inner = tuple(
            (v1 - v0) / (t1 - t0) for t0, t1, v0, v1 in zip(self.knots, self.knots[1:], self.values, self.values[1:])
        )
        return (self.left_slope,) + inner + (self.right_slope,)

    def __call__(self, y: Exact) -> Exact:
        """The exact value f(y) for exact y; for a float or a numpy array, :meth:`evaluate_float`.

        >>> f = PiecewiseLinear(knots=(0, 1), values=(0, 1), left_slope=0, right_slope=0)
        >>> f("1/3"), f(0.25)
        (mpq(1,3), 0.25)
        """
        if is_float_input(y):
            return self.evaluate_float(y)
        if type(y) is not mpq:
            y = exact(y, name="y")
        return self._value(y, bisect.bisect_right(self.knots, y))

    def evaluate_float(self, y):
        """f at float inputs, vectorised with numpy (a *lossy*, explicitly named conversion).

        A number gives a float, an array of any shape an array of that shape. Knots, values and tail
        slopes are converted once with :func:`symden.exact.to_float`; nothing exact is decided from
        the result.
        """
        import numpy as np  # on use only: the exact paths never load numpy

        from symden.exact import to_float

        t = np.array([to_float(k) for k in self.knots], dtype=float)
        v = np.array([to_float(k) for k in self.values], dtype=float)
        Y = np.asarray(y, dtype=float)
        out = np.interp(Y, t, v)
        out = np.where(Y < t[0], v[0] + to_float(self.left_slope) * (Y - t[0]), out)
        out = np.where(Y > t[-1], v[-1] + to_float(self.right_slope) * (Y - t[-1]), out)
        return float(out) if Y.ndim == 0 else out

    def values_at(self, points: Sequence[Exact]) -> list:
        """``[f(y) for y in points]``, faster for points that lie close together.

        The points are visited in sorted order and each reuses the previous knot position,
        so a cluster of m points costs one binary search plus O(m log m) comparisons.
        """
        knots, n = self.knots, len(self.knots)
        out: list = [None] * len(points)
        k = None
        order = range(len(points)) if all(map(le, points, islice(points, 1, None))) else sorted(
            range(len(points)), key=points.__getitem__)
        for i in order:
            y = points[i]
            if k is None:
                k = bisect.bisect_right(knots, y)
            elif k < n and knots[k] <= y:
                # step over a knot or two (the usual case between close points), else search
                k += 1
                if k < n and knots[k] <= y:
                    k = bisect.bisect_right(knots, y, k + 1)
            out[i] = self._value(y, k)
        return out

    def _value(self, y: Exact, k: int) -> Exact:
        """f(y) given ``k = bisect_right(knots, y)``."""
        knots = self.knots
        if k == 0:
            return self.values[0] + self.left_slope * (y - knots[0])
        if k == len(knots):
            return self.values[-1] + self.right_slope * (y - knots[-1])
        t0, v0, v1 = knots[k - 1], self.values[k - 1], self.values[k]
        if v0 == v1 or y == t0:  # a flat piece or the knot itself: no arithmetic needed
            return v0
        return v0 + (v1 - v0) * (y - t0) / (knots[k] - t0)

    def pieces(self) -> Iterator[Piece]:
        """The linear pieces from left to right (the first and last are unbounded)."""
        slopes = self.slopes()
        ends: Sequence = (None,) + self.knots + (None,)
        for k, s in enumerate(slopes):
            anchor = k - 1 if k > 0 else 0
            intercept = self.values[anchor] - s * self.knots[anchor]
            yield Piece(ends[k], ends[k + 1], s, intercept)

    def to_sympy(self, y=None):
        """``Piecewise((s_0 y + c_0, y <= t_1), ..., (s_K y + c_K, True))``: one condition per piece.

        Built from the knots, never by folding ``Max`` expressions; imports sympy. ``y`` defaults
        to a real symbol named ``y``.

        >>> PiecewiseLinear(knots=(0, 1), values=(0, 1), left_slope=0, right_slope=0).to_sympy()
        Piecewise((0, y <= 0), (y, y <= 1), (1, True))
        """
        import sympy  # on use: importing symden must not load sympy

        from symden.exact import to_sympy

        y = sympy.Symbol("y", real=True) if y is None else y
        args = []
        for p in self.pieces():
            expr = to_sympy(p.slope) * y + to_sympy(p.intercept)
            args.append((expr, True if p.hi is None else y <= to_sympy(p.hi)))
        return sympy.Piecewise(*args, evaluate=False)

    def slope_variation(self) -> Exact:
        """``int |f''| = sum_k |s_k - s_{k-1}|``: the 1-D representation cost with a free skip unit."""
        cached = self.__dict__.get("_slope_variation")
        if cached is None:  # three checks of a verify ask for it
            slopes = self.slopes()
            cached = exact_sum(map(abs, map(sub, islice(slopes, 1, None), slopes)))
            object.__setattr__(self, "_slope_variation", cached)
        return cached

    def knots_between(self, lo: Optional[Exact], hi: Optional[Exact]) -> tuple:
        """The knots t with ``lo <= t <= hi``; None stands for an infinite end."""
        start = 0 if lo is None else bisect.bisect_left(self.knots, lo)
        stop = len(self.knots) if hi is None else bisect.bisect_right(self.knots, hi)
        return self.knots[start:stop]

    # -- arithmetic ------------------------------------------------------------------------

    def __add__(self, other: "PiecewiseLinear") -> "PiecewiseLinear":
        if not isinstance(other, PiecewiseLinear):
            return NotImplemented
        knots = sorted(set(self.knots) | set(other.knots))
        return PiecewiseLinear(
            knots=knots,
            values=[self(t) + other(t) for t in knots],
            left_slope=self.left_slope + other.left_slope,
            right_slope=self.right_slope + other.right_slope,
        )

    def __neg__(self) -> "PiecewiseLinear":
        return PiecewiseLinear(self.knots, tuple(-v for v in self.values), -self.left_slope, -self.right_slope)

    def __sub__(self, other: "PiecewiseLinear") -> "PiecewiseLinear":
        if not isinstance(other, PiecewiseLinear):
            return NotImplemented
        return self + (-other)
