"""The record a closed-form constructor returns: a network plus what is claimed about it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from symden.data import DataSet
from symden.exact import Exact
from symden.network import COST_CONVENTION, ShallowNetwork
from symden.pwl import PiecewiseLinear
from symden.records import Geometry, Standing, Structure

__all__ = ["Denoiser"]


@dataclass(frozen=True)
class Denoiser:
    """A min-cost denoiser built by a closed form, with the claims the theorem makes about it.

    Attributes
    ----------
    data
        The data set it was built for.
    network
        The network realising it.
    structure
        The :class:`~symden.records.Structure` whose theorem built it.
    cost
        The cost the theorem states, computed from the theorem's own formula (not from the
        network), so that checks can compare the two.
    theorem
        Where the statement lives in the project's reference, e.g. ``"docs/theory.md section 3"``.
    standing
        How strongly the reference backs the claim that this is the minimiser
        (:class:`~symden.records.Standing`: proved, certified or upper bound). symden never
        prints "proved" for less.
    function
        For d = 1: the same function built directly from the theorem's breakpoints, independently
        of ``network``; None otherwise.
    summary
        One line describing the shape (printed by ``derive``).
    cost_interval
        When the minimal cost is only known to certified precision: exact rational bounds
        ``(lower, upper)``; then ``cost`` is None and the network's own (exact) cost is an
        upper bound inside the interval.
    claimed_alignment
        Per unit, what the theorem says its direction ``w`` is aligned with:
        ``("edge", i, j)`` (parallel to ``x_j - x_i``, indices into ``data.clean``) or
        ``("facet", n)`` (normal to the facet opposite ``x_n``).
    notes
        Extra lines for the reader (why the status is what it is, what to run next).
    subspace_dim
        The dimension of the data's affine hull when it is smaller than the ambient one.
    certified_on
        When ``standing`` is CERTIFIED: the reference instance (``"M3"``, ...) to which the data are
        exactly similar, whose optimality the reference certifies.
    geometry
        The :class:`~symden.records.Geometry` that detection found (computed once, read by the checks).
    reduction
        For data on a line: ``(base, e, phi)`` with ``h(y) = base + e phi(e.(y - base)/|e|^2)``
        and phi the 1-D denoiser (docs/theory.md section 4, affine subspace), so that 1-D checks apply.
    """

    data: DataSet
    network: ShallowNetwork
    structure: Structure
    cost: Exact
    theorem: str
    standing: Standing
    function: Optional[PiecewiseLinear] = None
    summary: str = ""
    convention: str = COST_CONVENTION
    cost_interval: Optional[tuple] = None
    claimed_alignment: tuple = ()
    notes: tuple = ()
    subspace_dim: Optional[int] = None
    reduction: Optional[tuple] = None
    certified_on: Optional[str] = None
    geometry: Optional[Geometry] = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "structure", Structure(self.structure))
        object.__setattr__(self, "standing", Standing(self.standing))

    @property
    def minimiser(self) -> bool:
        """True when the network is known (proved or certified) to be a minimiser."""
        return self.standing.minimiser
