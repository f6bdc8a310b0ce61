"""Exact checks of the claims about a 1-D denoiser (docs/theory.md sections 1 and 3).

Every check works on the function the *network* computes (``network.to_pwl()``), never on
the closed form's own breakpoint description, so a wrong network cannot pass by agreeing
with itself. All arithmetic is exact; each check returns a :class:`Verdict`.
"""

from __future__ import annotations

import bisect
from typing import Optional

from symden.closed_forms.univariate import hull_interpolant
from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.exact import Exact, brief, exact_sum
from symden.network import ShallowNetwork
from symden.pwl import PiecewiseLinear
from symden.records import Quantity as Q, Status, Structure, Verdict
from symden.reference import cite

REF = cite("3")

__all__ = [
    "check_interpolation",
    "check_cost",
    "check_optimality",
    "check_uniqueness",
    "check_contractivity",
    "contractivity_profile",
]


def check_interpolation(data: DataSet, network: ShallowNetwork) -> Verdict:
    """``h(y) = x_n`` at every sample (offline) or on every whole interval ``[x_n - rho, x_n + rho]`` (online).

    Online, a piecewise-linear h is constant on an interval iff it takes that value at both
    ends and at every knot inside, which is what is checked: the whole interval, not a sample.
    """
    f = network.to_pwl()
    worst: Optional[tuple] = None  # (|residual|, y, h(y), target)
    checked = 0
    for n, (x,) in enumerate(data.clean):
        if data.radius is not None:
            lo, hi = x - data.radius, x + data.radius
            points = (lo,) + f.knots_between(lo, hi) + (hi,)
        else:
            (points,) = zip(*data.samples[n])
            if _constant_on(f, min(points), max(points)) == x:
                checked += len(points)  # h = x_n on an interval holding every sample: all residuals are 0
                continue
        checked += len(points)
        for y, hy in zip(points, f.values_at(points)):
            r = hy - x
            if r != 0 and (worst is None or abs(r) > worst[0]):
                worst = (abs(r), y, hy, x)
    where = "on every closed interval [x_n - rho, x_n + rho]" if data.radius is not None else "at every sample"
    if worst is None:
        return Verdict(
            "interpolation", Status.PROVED,
            f"h(y) = x_n {where}: checked exactly at {checked} points (interval ends and the knots inside)"
            if data.radius is not None else f"h(y) = x_n {where}: {checked} samples checked exactly",
            reference=REF,
        )
    err, y, hy, x = worst
    return Verdict(
        "interpolation", Status.REFUTED,
        f"h(y) != x_n {where}: largest error {brief(err)} at y = {brief(y)} (h(y) = {brief(hy)}, target {brief(x)})",
        counterexample=((Q.POINT, y), (Q.VALUE, hy), (Q.TARGET, x), (Q.ERROR, err)), reference=REF,
    )


def _constant_on(f: PiecewiseLinear, lo: Exact, hi: Exact) -> Optional[Exact]:
    """f's value when f is constant on [lo, hi] (lo <= hi), else None; one binary search.

    The knots of a canonical PiecewiseLinear are where its slope changes, so f is constant on
    [lo, hi] iff no knot lies strictly inside and the piece holding [lo, hi] has slope 0.
    """
    knots, values = f.knots, f.values
    k = bisect.bisect_right(knots, lo)
    if k < len(knots) and knots[k] < hi:
        return None
    if k == 0:
        return values[0] if f.left_slope == 0 else None
    if k == len(knots):
        return values[-1] if f.right_slope == 0 else None
    return values[k] if values[k] == values[k - 1] else None


def check_cost(denoiser: Denoiser) -> Verdict:
    """The stated cost equals ``R(h) = int |h''|`` and the network's balanced cost ``sum |a||w|``.

    Three independent computations: the theorem's formula (``denoiser.cost``), the total
    variation of the slope of the function the network computes (which *is* R(h) in 1-D with
    the skip unit, docs/theory.md section 1), and the network's own ``sum |a_k||w_k|``.
    """
    tv = denoiser.network.to_pwl().slope_variation()
    net = denoiser.network.cost()
    claimed = denoiser.cost
    facts = ((Q.FORMULA_COST, claimed), (Q.CURVATURE_COST, tv), (Q.NETWORK_COST, net))
    if claimed == tv == net:
        return Verdict(
            "cost", Status.PROVED,
            f"R(h) = int |h''| = {brief(tv)}, equal to the theorem's formula and to the network's sum |a_k||w_k|",
            evidence=facts, reference=cite("1"),
        )
    problems = []
    if claimed != tv:
        problems.append(f"the stated cost {brief(claimed)} differs from R(h) = int |h''| = {brief(tv)}")
    if net != tv:
        problems.append(f"the network's sum |a_k||w_k| = {brief(net)} differs from R(h) = {brief(tv)}")
    return Verdict("cost", Status.REFUTED, "; ".join(problems), evidence=facts, counterexample=facts, reference=cite("1"))


def _mean_slope_bound(cls: tuple) -> Exact:
    """``2 sum_n |x_{n+1} - x_n| / (l_{n+1} - r_n)``: a lower bound on ``R(h)`` for every interpolant.

    Any interpolant f has f = x_n at both ends of hull n and f = x_{n+1} at the left end of
    hull n+1, so f' has mean 0 over each hull and mean s_n over each gap; the slope must
    travel 0 -> s_n -> 0 across each gap, so ``int |f''| >= 2 sum |s_n|``.
    """
    return exact_sum(2 * abs(d.target - c.target) / (d.lo - c.hi) for c, d in zip(cls, cls[1:]))


def check_optimality(denoiser: Denoiser) -> Verdict:
    """``R(h)`` equals the mean-slope lower bound that every interpolant obeys, so h is a minimiser."""
    geometry = denoiser.geometry
    cls = geometry.clusters
    if not geometry.fits(Structure.UNIVARIATE):
        return Verdict("optimality", Status.INCONCLUSIVE,
                       "the attained mean-slope bound needs: " + geometry.why_not(Structure.UNIVARIATE), reference=REF)
    bound = _mean_slope_bound(cls)
    f = denoiser.network.to_pwl()
    tv = f.slope_variation()
    facts = ((Q.LOWER_BOUND, bound), (Q.CURVATURE_COST, tv))
    if tv == bound:
        return Verdict(
            "optimality", Status.PROVED,
            f"every interpolant has int |f''| >= 2 sum |s_n| = {brief(bound)} (mean slope 0 on each hull, s_n on each gap), "
            "and h attains it",
            evidence=facts, reference=REF,
        )
    return Verdict(
        "optimality", Status.REFUTED,
        f"R(h) = {brief(tv)} exceeds the attainable bound {brief(bound)}: the flat-linear-flat interpolant is cheaper",
        counterexample=((Q.CHEAPER_COST, bound), (Q.CURVATURE_COST, tv)), evidence=facts, reference=REF,
    )


def check_uniqueness(denoiser: Denoiser) -> Verdict:
    """The minimiser is unique and is h: the equality case of the mean-slope bound (docs/theory.md section 3).

    Equality in ``int |f''| >= 2 sum |s_n|`` forces f flat on every hull, linear on every gap
    and flat outside, which needs each hull non-degenerate (two distinct samples) and the
    hulls disjoint and ordered. The check verifies those hypotheses on the data, that h
    attains the bound, and that h has exactly that forced shape.
    """
    geometry = denoiser.geometry
    cls = geometry.clusters
    if not geometry.fits(Structure.UNIVARIATE):
        return Verdict(
            "uniqueness", Status.INCONCLUSIVE,
            "the equality argument needs two distinct samples per cluster and disjoint ordered hulls: "
            + geometry.why_not(Structure.UNIVARIATE),
            reference=REF,
        )
    f = denoiser.network.to_pwl()
    forced = hull_interpolant(cls)
    if f.slope_variation() == _mean_slope_bound(cls) and f == forced:
        return Verdict(
            "uniqueness", Status.PROVED,
            f"each of the {len(cls)} clusters has two or more distinct samples and the hulls are disjoint and ordered, "
            "so equality in the mean-slope bound forces the minimiser to be flat on each hull and linear between: "
            "h is the unique minimiser",
            reference=REF,
        )
    return Verdict(
        "uniqueness", Status.REFUTED,
        "h is not the forced minimiser (flat on each hull, linear between): it is not the unique minimiser",
        counterexample=((Q.KNOTS, tuple(forced.knots)), (Q.VALUES, tuple(forced.values))), reference=REF,
    )


def contractivity_profile(f: PiecewiseLinear, clean: tuple) -> dict:
    """The exact supremum of ``g(y) = |f(y) - x(y)| - |y - x(y)|`` over the real line.

    ``x(y)`` is the nearest clean point; at a tie every nearest point counts (cells are
    closed). On each cell, g is piecewise linear with breakpoints at the knots of f, the clean
    point and the zeros of ``f - x_n``; between breakpoints it is linear, so the supremum is
    at a breakpoint or along an unbounded end, which is examined through its slope.

    Returns
    -------
    dict
        ``sup`` (exact, or None when unbounded above), ``argmax`` (a point attaining the sup,
        or a witness with g > 0 when unbounded), ``nearest`` (the clean point used there),
        and ``equality`` (sorted points and closed intervals where g = 0).
    """
    xs = sorted(clean)
    mids = [(a + b) / 2 for a, b in zip(xs, xs[1:])]
    best: Optional[tuple] = None  # (g, y, x)
    equality_points: set = set()
    equality_intervals: list = []
    unbounded: Optional[tuple] = None

    def g(y: Exact, x: Exact) -> Exact:
        return abs(f(y) - x) - abs(y - x)

    for n, x in enumerate(xs):
        lo = mids[n - 1] if n > 0 else None
        hi = mids[n] if n < len(mids) else None
        # sorted distinct candidates: the cell's ends, the knots between them and x (lo < x < hi)
        cand = list(f.knots_between(lo, hi))
        if lo is not None and (not cand or cand[0] != lo):
            cand.insert(0, lo)
        if hi is not None and (not cand or cand[-1] != hi):
            cand.append(hi)
        i = bisect.bisect_left(cand, x)
        if i == len(cand) or cand[i] != x:
            cand.insert(i, x)
        dc = [fy - x for fy in f.values_at(cand)]  # f - x at the candidates
        # f - x is linear between consecutive candidates and on the two unbounded rays:
        # add its zeros there, so that g is linear between candidates and beyond them.
        zeros = []
        for a, b, da, db in zip(cand, cand[1:], dc, dc[1:]):
            if (da < 0 < db) or (db < 0 < da):  # (f(a) - x) (f(b) - x) < 0, without the product
                zeros.append(a + da * (b - a) / (da - db))
        if lo is None or hi is None:
            for is_open, y0, d0, slope, step in (
                (lo is None, cand[0], dc[0], f.left_slope, -1),
                (hi is None, cand[-1], dc[-1], f.right_slope, 1),
            ):
                if is_open and slope != 0:
                    z = y0 - d0 / slope
                    if (z - y0) * step > 0:
                        zeros.append(z)
        if zeros:
            cand = sorted(set(cand) | set(zeros))
            dc = [fy - x for fy in f.values_at(cand)]
        gs = [abs(dy) - abs(y - x) for y, dy in zip(cand, dc)]
        for a, b, ga, gb in zip(cand, cand[1:], gs, gs[1:]):
            if ga == 0 and gb == 0:
                equality_intervals.append((a, b))
        for y, gy in zip(cand, gs):
            if gy == 0:
                equality_points.add(y)
            if best is None or gy > best[0]:
                best = (gy, y, x)
        for is_open, y0, g0, step in ((lo is None, cand[0], gs[0], -1), (hi is None, cand[-1], gs[-1], 1)):
            if not is_open:  # only the outermost cells have an unbounded end
                continue
            slope_out = g(y0 + step, x) - g0  # g is linear beyond y0: its change per unit step outward
            if slope_out > 0 and unbounded is None:
                unbounded = (y0 + step * (abs(g0) / slope_out + 1), x)
            elif slope_out == 0 and g0 == 0:
                equality_intervals.append((None, y0) if step < 0 else (y0, None))
    if unbounded is not None:
        y, x = unbounded
        return {"sup": None, "argmax": y, "nearest": x, "value": g(y, x), "equality": ()}
    return {
        "sup": best[0], "argmax": best[1], "nearest": best[2], "value": best[0],
        "equality": _merge_equality(equality_points, equality_intervals),
    }


def _merge_equality(points: set, intervals: list) -> tuple:
    """Where g = 0: isolated points, and intervals ``(a, b)`` (None for an infinite end), sorted."""
    def inside(p: Exact) -> bool:
        return any((a is None or a <= p) and (b is None or p <= b) for a, b in intervals)

    def key(item: object) -> tuple:
        left = item[0] if isinstance(item, tuple) else item
        return (left is not None, left if left is not None else 0)

    items = [p for p in points if not inside(p)] + list(intervals)
    return tuple(sorted(items, key=key))


def check_contractivity(data: DataSet, network: ShallowNetwork) -> Verdict:
    """``|h(y) - x(y)| <= |y - x(y)|`` for every real y, x(y) the nearest clean point (docs/theory.md section 3).

    Decided exactly over the whole line (:func:`contractivity_profile`), not by sampling.
    When it fails, the counterexample is a point of largest violation.
    """
    f = network.to_pwl()
    profile = contractivity_profile(f, tuple(x for (x,) in data.clean))
    y, x, v = profile["argmax"], profile["nearest"], profile["value"]
    facts = ((Q.SUP, profile["sup"]), (Q.EQUALITY_SET, profile["equality"]))
    witness = ((Q.POINT, y), (Q.VALUE, f(y)), (Q.NEAREST, x), (Q.VIOLATION, v))
    if profile["sup"] is None:
        return Verdict(
            "contractivity", Status.REFUTED,
            f"|h(y) - x(y)| - |y - x(y)| grows without bound; at y = {brief(y)} it is {brief(v)} (nearest clean point {brief(x)})",
            counterexample=witness, evidence=facts, reference=REF,
        )
    if v <= 0:
        eq = ", ".join(brief(e) if not isinstance(e, tuple) else
                       f"[{'-oo' if e[0] is None else brief(e[0])}, {'oo' if e[1] is None else brief(e[1])}]"
                       for e in profile["equality"][:8])
        more = "" if len(profile["equality"]) <= 8 else f", ... ({len(profile['equality'])} in all)"
        return Verdict(
            "contractivity", Status.PROVED,
            f"|h(y) - x(y)| <= |y - x(y)| on the whole real line (decided exactly on every linear piece of every "
            f"nearest-point cell); max of the difference {brief(v)}; equality at {eq}{more}",
            evidence=facts, reference=REF,
        )
    return Verdict(
        "contractivity", Status.REFUTED,
        f"|h(y) - x(y)| exceeds |y - x(y)| by up to {brief(v)}, attained at y = {brief(y)} "
        f"(h(y) = {brief(f(y))}, nearest clean point {brief(x)})",
        counterexample=witness, evidence=facts, reference=REF,
    )
