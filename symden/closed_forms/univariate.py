"""The univariate minimum-cost denoiser (THEORY.md section 3).

Theorem (proved). Sort the clean points ``x_1 < ... < x_N`` and let ``[l_n, r_n]`` be the
cluster hulls: offline ``[min_m y_{n,m}, max_m y_{n,m}]``, online ``[x_n - rho, x_n + rho]``.
If every hull is non-degenerate (``l_n < r_n``: two distinct samples) and ``r_n < l_{n+1}``,
the unique minimum-cost interpolant is flat at ``x_n`` on each hull, linear on each gap
``[r_n, l_{n+1}]`` with slope ``s_n = (x_{n+1} - x_n)/(l_{n+1} - r_n)``, and flat outside the
data. As a network with the fewest units (one per kink)::

    h*(y) = x_1 + sum_{n<N} s_n ([y - r_n]_+ - [y - l_{n+1}]_+)

and ``R(h*) = 2 sum_n s_n``; online ``R(h*) = 2 sum_n D_n/(D_n - 2 rho)``, ``D_n = x_{n+1} - x_n``.
"""

from __future__ import annotations

from dataclasses import dataclass
from gmpy2 import mpq
from functools import lru_cache

from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import ConditionError
from symden.exact import Exact, exact_str, exact_sum
from symden.network import ShallowNetwork, Unit
from symden.pwl import PiecewiseLinear

__all__ = ["Cluster", "clusters", "condition_failures", "hull_interpolant", "univariate_denoiser", "univariate_cost_formula"]

THEOREM = "THEORY.md section 3 (univariate closed form)"


@dataclass(frozen=True)
class Cluster:
    """A clean point with its hull ``[lo, hi]`` and its index in the data as given."""

    index: int
    target: Exact
    lo: Exact
    hi: Exact


@lru_cache(maxsize=16)
def clusters(data: DataSet) -> tuple:
    """The clusters of 1-D data sorted by clean point, with their hulls (no conditions checked).

    Memoised: the closed form and every check need them, and data sets are immutable.
    """
    if data.dim != 1:
        raise ConditionError(f"the univariate closed form needs 1-D data; these clean points have dimension {data.dim}")
    out = []
    for n, (x,) in enumerate(data.clean):
        if data.radius is not None:
            lo, hi = x - data.radius, x + data.radius
        else:
            (ys,) = zip(*data.samples[n])  # the coordinates of the 1-tuples, unpacked in C
            lo, hi = min(ys), max(ys)
        out.append(Cluster(n, x, lo, hi))
    out.sort(key=lambda c: c.target)
    return tuple(out)


def condition_failures(cls: tuple) -> list:
    """Every violated hypothesis of the theorem, as one-line messages (empty when it applies).

    The hypotheses: each hull non-degenerate (two distinct samples) and ``r_n < l_{n+1}`` for
    neighbouring clean points ``x_n < x_{n+1}`` (disjoint hulls in the clean points' order).
    """
    failures = [
        f"the cluster of clean[{c.index}] = {exact_str(c.target)} has a single distinct sample {exact_str(c.lo)}: "
        "the flat piece on its hull is not forced, so the closed form of THEORY.md section 3 does not apply "
        "(such data need the general 1-D solver of THEORY.md section 6)"
        for c in cls if not c.lo < c.hi
    ]
    for c, d in zip(cls, cls[1:]):
        if c.hi < d.lo:
            continue
        hulls = (
            f"clean[{c.index}] = {exact_str(c.target)} has hull [{exact_str(c.lo)}, {exact_str(c.hi)}] and "
            f"clean[{d.index}] = {exact_str(d.target)} has hull [{exact_str(d.lo)}, {exact_str(d.hi)}]"
        )
        if d.hi < c.lo:
            failures.append(
                f"{hulls}: the hulls are in the opposite order to their clean points; "
                "THEORY.md section 3 needs r_n < l_{n+1} for neighbouring clean points x_n < x_{n+1}"
            )
        else:
            failures.append(
                f"{hulls}: the hulls overlap or touch; THEORY.md section 3 needs r_n < l_{{n+1}} "
                "(disjoint hulls, a gap between neighbouring clusters)"
            )
    return failures


def _check_conditions(cls: tuple) -> None:
    failures = condition_failures(cls)
    if failures:
        raise ConditionError(failures[0])


def hull_interpolant(cls: tuple) -> PiecewiseLinear:
    """The function the theorem forces: x_n on each hull, linear on each gap, flat outside."""
    if len(cls) == 1:
        return PiecewiseLinear.affine(mpq(0), cls[0].target)
    knots, values = [], []
    for c, d in zip(cls, cls[1:]):
        knots += [c.hi, d.lo]
        values += [c.target, d.target]
    return PiecewiseLinear(knots=knots, values=values, left_slope=mpq(0), right_slope=mpq(0))


def univariate_cost_formula(data: DataSet) -> Exact:
    """The theorem's cost: online ``2 sum D_n/(D_n - 2 rho)``, offline ``2 sum s_n`` (conditions checked)."""
    cls = clusters(data)
    _check_conditions(cls)
    if data.radius is not None:
        rho = data.radius
        gaps = [d.target - c.target for c, d in zip(cls, cls[1:])]
        return exact_sum(2 * D / (D - 2 * rho) for D in gaps)
    return exact_sum(2 * (d.target - c.target) / (d.lo - c.hi) for c, d in zip(cls, cls[1:]))


def univariate_denoiser(data: DataSet) -> Denoiser:
    """The exact minimum-cost denoiser of 1-D data (THEORY.md section 3), online or offline.

    Parameters
    ----------
    data
        1-D data whose cluster hulls are non-degenerate and strictly ordered like the clean points.

    Returns
    -------
    Denoiser
        ``network`` with ``2(N-1)`` units and no skip (the fewest: each kink needs a unit),
        ``function`` built from the breakpoints, ``cost`` from the theorem's formula.

    Raises
    ------
    ConditionError
        When a cluster has one distinct sample, or two hulls overlap or are out of order.

    Examples
    --------
    >>> h = univariate_denoiser(DataSet(clean=[0, 1, 3, "7/2"], radius="1/5"))
    >>> h.cost
    mpq(95,6)
    """
    cls = clusters(data)
    _check_conditions(cls)
    units = []
    for c, d in zip(cls, cls[1:]):
        s = (d.target - c.target) / (d.lo - c.hi)
        units.append(Unit(a=(s,), w=(mpq(1),), b=-c.hi))
        units.append(Unit(a=(-s,), w=(mpq(1),), b=-d.lo))
    network = ShallowNetwork(units=units, V=((mpq(0),),), c=(cls[0].target,))
    return Denoiser(
        data=data,
        network=network,
        structure="univariate",
        cost=univariate_cost_formula(data),
        theorem=THEOREM,
        status="proved",
        function=hull_interpolant(cls),
        summary="flat at x_n on each cluster hull, linear between neighbouring hulls, flat outside the data",
    )
