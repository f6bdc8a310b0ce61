"""The univariate minimum-cost denoiser (docs/theory.md section 3).

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

from typing import Optional

from gmpy2 import mpq

from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import ConditionError
from symden.exact import Exact, exact_sum
from symden.geometry import clusters, condition_failures, detect  # noqa: F401  (clusters, condition_failures: re-exported)
from symden.network import ShallowNetwork, Unit
from symden.pwl import PiecewiseLinear
from symden.records import Geometry, Standing, Structure
from symden.reference import cite

__all__ = ["clusters", "condition_failures", "hull_interpolant", "univariate_denoiser", "univariate_cost_formula"]

THEOREM = cite("3") + " (univariate closed form)"
_ONE = (mpq(1),)


def _check_conditions(geometry: Geometry) -> None:
    """Refuse data the theorem does not cover, with the reason detection recorded (computed once)."""
    if not geometry.fits(Structure.UNIVARIATE):
        raise ConditionError(geometry.why_not(Structure.UNIVARIATE))


def hull_interpolant(cls: tuple) -> PiecewiseLinear:
    """The function the theorem forces: x_n on each hull, linear on each gap, flat outside."""
    if len(cls) == 1:
        return PiecewiseLinear.affine(mpq(0), cls[0].target)
    knots, values = [], []
    for c, d in zip(cls, cls[1:]):
        knots += [c.hi, d.lo]
        values += [c.target, d.target]
    return PiecewiseLinear(knots=knots, values=values, left_slope=mpq(0), right_slope=mpq(0))


def univariate_cost_formula(data: DataSet, geometry: Optional[Geometry] = None) -> Exact:
    """The theorem's cost: online ``2 sum D_n/(D_n - 2 rho)``, offline ``2 sum s_n`` (conditions checked).

    ``geometry`` is the data's :func:`~symden.geometry.detect` result when the caller has it.
    """
    geometry = detect(data) if geometry is None else geometry
    _check_conditions(geometry)
    cls = geometry.clusters
    if data.radius is not None:
        rho = data.radius
        gaps = [d.target - c.target for c, d in zip(cls, cls[1:])]
        return exact_sum(2 * D / (D - 2 * rho) for D in gaps)
    return exact_sum(2 * (d.target - c.target) / (d.lo - c.hi) for c, d in zip(cls, cls[1:]))


def univariate_denoiser(data: DataSet, *, geometry: Optional[Geometry] = None) -> Denoiser:
    """The exact minimum-cost denoiser of 1-D data (docs/theory.md section 3), online or offline.

    Parameters
    ----------
    data
        1-D data whose cluster hulls are non-degenerate and strictly ordered like the clean points.
    geometry
        The data's :func:`~symden.geometry.detect` result, when the caller has it already.

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
    if data.dim != 1:
        raise ConditionError(f"the univariate closed form needs 1-D data; these clean points have dimension {data.dim}")
    geometry = detect(data) if geometry is None else geometry
    _check_conditions(geometry)
    cls = geometry.clusters
    units = []
    for c, d in zip(cls, cls[1:]):
        s = (d.target - c.target) / (d.lo - c.hi)
        units.append(Unit.of_exact((s,), _ONE, -c.hi))  # exact by construction: no re-validation
        units.append(Unit.of_exact((-s,), _ONE, -d.lo))
    network = ShallowNetwork(units=units, V=((mpq(0),),), c=(cls[0].target,))
    return Denoiser(
        data=data,
        network=network,
        structure=Structure.UNIVARIATE,
        cost=univariate_cost_formula(data, geometry),
        theorem=THEOREM,
        standing=Standing.PROVED,
        geometry=geometry,
        function=hull_interpolant(cls),
        summary="flat at x_n on each cluster hull, linear between neighbouring hulls, flat outside the data",
    )
