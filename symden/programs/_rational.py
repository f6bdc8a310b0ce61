"""Exact numbers for the programs' exact re-solves, shared by the planar, R^3 and online programs.

* :func:`on_grid`: a float guess for a free variable as a multiple of 10^-12 (one common
  denominator keeps the re-solved pivots short; best approximations with unrelated denominators
  multiply them into hundreds of digits);
* :func:`simplest_between`: the rational with the smallest denominator in an interval;
* :func:`kink_bias`: a unit's bias with its kink at a sample, made rational where that moves no
  sample across the kink (any dimension).
"""

from __future__ import annotations

import math
from fractions import Fraction

from gmpy2 import mpq, mpz

from symden.certificates.planar import rational_above, rational_below
from symden.errors import InvalidDataError
from symden.exact import Exact, exact_sum, is_rational

__all__ = ["GUESS_DENOMINATOR", "KINK_SHIFT", "kink_bias", "on_grid", "simplest_between"]

#: The common denominator of the rationalised guesses for the free variables of the exact re-solve.
GUESS_DENOMINATOR = mpz(10) ** 12
#: How far past a sample :func:`kink_bias` may move a kink (absolute).
KINK_SHIFT = mpq(1, 2**40)


def on_grid(x: float) -> mpq:
    """The multiple of 10^-12 nearest to the float x.

    >>> on_grid(0.25), on_grid(1 / 3) == mpq(333333333333, 10**12)
    (mpq(1,4), True)
    """
    x = float(x)
    if not math.isfinite(x):  # pragma: no cover - the masters refuse these
        raise InvalidDataError(f"a float guess {x!r} is not finite")
    return mpq(round(Fraction(x) * GUESS_DENOMINATOR), GUESS_DENOMINATOR)


def simplest_between(lo: mpq, hi: mpq) -> mpq:
    """The rational with the smallest denominator in ``[lo, hi]`` (continued fractions).

    >>> simplest_between(mpq(1, 3) - mpq(1, 10**6), mpq(1, 3))
    mpq(1,3)
    >>> simplest_between(mpq(-21, 10), mpq(-2, 1))
    mpq(-2,1)
    """
    n = math.floor(lo)
    if n == lo or n + 1 <= hi:
        return mpq(n) if n == lo else mpq(n + 1)
    return n + 1 / simplest_between(1 / (hi - n), 1 / (lo - n))


def kink_bias(problem, w: tuple, j: int) -> Exact:
    """The bias of a unit with exact direction w and its kink at sample j: rational when that is safe.

    ``problem`` has ``points`` (the exact samples) and ``cluster`` (their cluster indices).
    ``-w.y_j`` puts the kink exactly on ``y_j``. For an algebraic sample (a point on a noise
    circle) that bias is algebraic, the exact re-solve then gives algebraic output vectors, and
    their norms ``|a|`` are nested radicals with hundreds of digits that exact arithmetic handles
    slowly or not at all. When the kink hyperplane passes through no other sample and does not cut
    ``y_j``'s cluster, a rational bias just past ``y_j`` (towards the rest of its cluster) keeps
    every sample on its side except ``y_j``, which joins its cluster: the unit is still zero or
    affine on every cluster, the interpolation conditions are the same (an affine map is pinned
    by its values on a cluster that spans the space), and with rational directions and biases
    they are rational equations, so the re-solved outputs are rational. The sides are checked
    exactly; otherwise the kink stays on ``y_j``.
    """
    Y = problem.points
    dot = lambda u, v: exact_sum(a * b for a, b in zip(u, v))  # noqa: E731
    b0 = -dot(w, Y[j])
    if is_rational(b0):
        return b0
    pre = [dot(w, y) + b0 for y in Y]
    signs = [(p > 0) - (p < 0) for p in pre]
    if any(s == 0 for i, s in enumerate(signs) if i != j):
        return b0  # another sample on the kink hyperplane: moving it would move that sample too
    mates = {signs[i] for i in range(len(Y)) if i != j and problem.cluster[i] == problem.cluster[j]}
    if len(mates) > 1:
        return b0  # the kink hyperplane cuts y_j's cluster
    side = mates.pop() if mates else -1
    # the simplest rational within KINK_SHIFT past b0 (short numbers keep the re-solve short)
    near = rational_above(b0) if side > 0 else rational_below(b0)
    b = simplest_between(near, near + KINK_SHIFT) if side > 0 else simplest_between(near - KINK_SHIFT, near)
    shift = b - b0
    for i, p in enumerate(pre):
        if i != j and ((p + shift > 0) - (p + shift < 0)) != signs[i]:
            return b0  # pragma: no cover - the shift is ~1e-12 relative; a sample that close was caught above
    return b
