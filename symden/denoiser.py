"""The record a closed-form constructor returns: a network plus what is claimed about it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from symden._display import Displayed, render
from symden.data import DataSet
from symden.errors import InvalidDataError
from symden.exact import Exact, exact, is_float_input
from symden.network import COST_CONVENTION, ShallowNetwork
from symden.pwl import PiecewiseLinear
from symden.records import Geometry, Standing, Structure

__all__ = ["Denoiser"]


@dataclass(frozen=True)
class Denoiser(Displayed):
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
        if is_float_input(y):
            return self.network.evaluate_float(y)
        d = self.network.dim
        if d == 1 and not isinstance(y, (tuple, list)):
            return self.network((exact(y, name="y"),))[0]
        point = tuple(exact(v, name=f"y[{i}]") for i, v in enumerate(y))
        if len(point) != d:
            raise InvalidDataError(f"y has {len(point)} coordinates; this denoiser maps R^{d} to R^{d}")
        out = self.network(point)
        return out

    _display_kind = "denoiser"  # str(h) is the short summary; a notebook shows a table and the formula
    _repr_pretty_ = Displayed._repr_pretty_  # IPython reads it only from the class itself (see Displayed)

    def latex(self) -> str:
        """The formula and the cost as LaTeX display math (``align*``), for a paper; no comments.

        The same math as ``symden derive --format latex``, without its comment lines; needs
        ``amsmath`` (and ``amssymb``).
        """
        return render("denoiser", "latex_display", self)

    def to_sympy(self):
        """h as a sympy object: a ``Piecewise`` in y for d = 1, a column ``Matrix`` of ``Max`` expressions in
        ``y1, ..., yd`` for d >= 2 (exact coefficients; imports sympy).

        >>> from symden.closed_forms import min_cost_denoiser
        >>> min_cost_denoiser(DataSet(clean=[0, 1], radius="1/10")).to_sympy()
        Piecewise((0, y <= 1/10), (5*y/4 - 1/8, y <= 9/10), (1, True))
        """
        if self.network.dim == 1:
            return (self.function or self.network.to_pwl()).to_sympy()
        return self.network.to_sympy()

    @property
    def cost_sympy(self):
        """The cost the theorem states (:attr:`cost`) as an exact sympy number, or a sympy ``Interval`` when it
        is only known to certified precision (:attr:`cost_interval`); the network's own exact cost is
        ``symden.exact.to_sympy(h.network.cost())``.

        >>> from symden.closed_forms import min_cost_denoiser
        >>> min_cost_denoiser(DataSet(clean=[0, 1], radius="1/10")).cost_sympy
        5/2
        """
        from symden.exact import to_sympy

        if self.cost is not None:
            return to_sympy(self.cost)
        import sympy

        lo, hi = self.cost_interval
        return sympy.Interval(to_sympy(lo), to_sympy(hi))

    def __post_init__(self) -> None:
        object.__setattr__(self, "structure", Structure(self.structure))
        object.__setattr__(self, "standing", Standing(self.standing))

    @property
    def minimiser(self) -> bool:
        """True when the network is known (proved or certified) to be a minimiser."""
        return self.standing.minimiser
