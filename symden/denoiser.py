"""The record a closed-form constructor returns: a network plus what is claimed about it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from symden.data import DataSet
from symden.errors import InvalidDataError
from symden.exact import Exact, exact
from symden.network import COST_CONVENTION, ShallowNetwork
from symden.pwl import PiecewiseLinear
from symden.records import Geometry, Standing, Structure

__all__ = ["Denoiser"]


def _is_float_input(y) -> bool:
    """A binary float, or a numpy array/scalar (numpy is only inspected if the caller loaded it)."""
    if isinstance(y, float):
        return True
    module = type(y).__module__
    if module == "numpy":
        return True
    return isinstance(y, (list, tuple)) and len(y) > 0 and all(isinstance(v, float) for v in y)


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

    def __call__(self, y):
        """h(y): exact for exact input, vectorised floats for floats or numpy arrays.

        * exact input (int, fraction, decimal string, mpq, Algebraic; for d >= 2 a sequence of
          them): the exact value, a number for d = 1 and a tuple for d >= 2;
        * a float, or a numpy array of shape ``(n,)`` (d = 1), ``(d,)`` or ``(n, d)``: float
          values of the same shape, through :meth:`ShallowNetwork.evaluate_float` (lossy, named).

        >>> from symden.closed_forms import min_cost_denoiser
        >>> h = min_cost_denoiser(DataSet(clean=[0, 1], radius="1/10"))
        >>> h("1/2"), h(0.5)
        (mpq(1,2), 0.5)
        """
        if _is_float_input(y):
            return self.network.evaluate_float(y)
        d = self.network.dim
        if d == 1 and not isinstance(y, (tuple, list)):
            return self.network((exact(y, name="y"),))[0]
        point = tuple(exact(v, name=f"y[{i}]") for i, v in enumerate(y))
        if len(point) != d:
            raise InvalidDataError(f"y has {len(point)} coordinates; this denoiser maps R^{d} to R^{d}")
        out = self.network(point)
        return out

    def __post_init__(self) -> None:
        object.__setattr__(self, "structure", Structure(self.structure))
        object.__setattr__(self, "standing", Standing(self.standing))

    @property
    def minimiser(self) -> bool:
        """True when the network is known (proved or certified) to be a minimiser."""
        return self.standing.minimiser
