"""The ground floor: the typed records that every layer of symden passes to the next.

Data flow one way (``docs/theory.md`` section 0): data -> :func:`symden.geometry.detect` (a
:class:`Geometry`) -> a closed form or a program (a network, a :class:`Solution`) -> checks
(:class:`Verdict` records) -> printers. Every record here is frozen, hashable, compares by value,
rebuilds from its ``repr`` (``eval(repr(x)) == x`` with the public names of :mod:`symden` in
scope) and pickles into another process. This module imports from symden only the
display registry (:mod:`symden._display`, layer 0 too), so any layer may depend on it.

* :class:`Status`: how a verdict stands (proved / certified / refuted / inconclusive).
* :class:`Standing`: how a closed form stands as a minimiser (proved / certified / upper bound).
* :class:`Structure`: the data geometry a closed form is built for.
* :class:`Setting`: online balls or offline samples.
* :class:`Quantity`: the name of an exact quantity a check or program establishes; a verdict's
  evidence is a tuple of ``(Quantity, exact value)`` pairs, never a dict keyed by prose.
* :class:`RayFrame` and :class:`Geometry`: what detection found, computed once.
* :class:`Verdict` and :class:`Solution`: what a check and a program conclude; :class:`Verdicts`, the
  tuple of verdicts that ``verify_denoiser`` returns (a table in a notebook).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Optional

from symden._display import Displayed

__all__ = [
    "Status",
    "Standing",
    "Structure",
    "Setting",
    "Quantity",
    "Evidence",
    "Cluster",
    "RayFrame",
    "Geometry",
    "Alignment",
    "Verdict",
    "Verdicts",
    "Solution",
    "evidence",
]


class _Named(str, Enum):
    """A string enum whose ``repr`` rebuilds it (``Status.PROVED``) and whose ``str`` is its value."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    def __str__(self) -> str:
        return self.value


class Status(_Named):
    """How a claim stands (the README defines the words). Only an exact argument earns PROVED.

    * PROVED: an exact argument, checked in exact arithmetic;
    * CERTIFIED: a rigorous numerical bound (interval arithmetic, weak duality);
    * REFUTED: false, with an exact counterexample;
    * INCONCLUSIVE: not decided (the detail says what could not be decided and why);
    * EVIDENCE: a numerical result (a float solver's value agreeing with an exact one): never
      rigorous, never decides a claim, and neutral for the exit code.
    """

    PROVED = "proved"
    CERTIFIED = "certified"
    REFUTED = "refuted"
    INCONCLUSIVE = "inconclusive"
    EVIDENCE = "evidence"

    @property
    def holds(self) -> bool:
        """True for PROVED and CERTIFIED."""
        return self in (Status.PROVED, Status.CERTIFIED)


class Standing(_Named):
    """How strongly a closed form is known to be the minimiser of the representation cost."""

    PROVED = "proved"
    CERTIFIED = "certified"
    UPPER_BOUND = "upper bound"

    @property
    def minimiser(self) -> bool:
        """True when the network is known (proved or certified) to be a minimiser."""
        return self is not Standing.UPPER_BOUND


class Structure(_Named):
    """The data geometry that selects a closed form (``docs/theory.md`` sections 3 and 4)."""

    UNIVARIATE = "univariate"
    SUBSPACE = "subspace"
    RAYS = "rays"
    SIMPLEX_EDGE = "simplex-edge"
    SIMPLEX_FACE = "simplex-face"


class Setting(_Named):
    """Online (``h = x_n`` on whole balls of a radius) or offline (``h = x_n`` at finite samples)."""

    ONLINE = "online"
    OFFLINE = "offline"


class Quantity(_Named):
    """The name of an exact quantity recorded in a verdict's evidence or counterexample."""

    # points and values of a counterexample
    POINT = "y"
    VALUE = "h(y)"
    TARGET = "target"
    ERROR = "error"
    NEAREST = "nearest clean point"
    VIOLATION = "violation"
    SQUARED_VIOLATION = "squared violation"
    UNIT = "unit"
    DIRECTION = "w"
    # costs and bounds
    COST = "cost"
    FORMULA_COST = "formula"
    NETWORK_COST = "network"
    CURVATURE_COST = "int |h''|"
    CLOSED_FORM_COST = "closed form"
    CHEAPER_COST = "cheaper cost"
    LOWER_BOUND = "lower bound"
    UPPER_BOUND = "upper bound"
    OPTIMUM = "optimum"
    SUP = "sup"
    BOUND = "bound"
    # functions and sets
    FUNCTION = "function"
    KNOTS = "knots of the minimiser"
    VALUES = "values"
    FREE_INTERVALS = "free intervals"
    EQUALITY_SET = "equality set"
    UNITS = "cheaper network units"
    # the 1-D exact minimiser and its certificate (docs/theory.md sections 3 and 5)
    INTERPOLATION_POINTS = "interpolation points"
    CURVATURES = "discrete curvatures"
    DUAL_VALUE = "dual value"
    MAX_ETA = "max |eta|"
    KINKED_INTERVALS = "kinked intervals"
    KINKED_MEMBER = "kinked member"
    INTERPOLANT_VALUE = "linear interpolant(y)"
    RATIONALISED_COST = "exact cost of rationalised solution"
    # numeric-path facts
    LP_VALUE = "LP value"
    PROBE_SPREAD = "probe spread"
    PROBE_EPS = "probe eps"
    SIGMA = "sigma"
    MIN_COST_MSE = "min-cost MSE"
    EMMSE_MSE = "eMMSE MSE"
    CROSSOVER = "crossover"
    ALPHA = "alpha"
    GRID_SIGMAS = "grid sigmas checked"


#: A tuple of ``(Quantity, value)`` pairs: exact numbers, points (tuples), functions, intervals.
Evidence = tuple


def evidence(*pairs: tuple) -> Evidence:
    """An evidence tuple from ``(Quantity, value)`` pairs; a name that is not a Quantity is refused.

    >>> evidence((Quantity.COST, 3))
    ((Quantity.COST, 3),)
    """
    out = []
    for pair in pairs:
        q, value = pair
        out.append((Quantity(q), _freeze(value)))
    return tuple(out)


_CONTAINERS = (list, tuple, dict)


def _freeze(value: Any) -> Any:
    """Lists become tuples and dicts become sorted pair tuples, so that evidence is hashable.

    Only containers recurse (a 1-D solve's evidence holds 10^5 point pairs: calling this on
    every number inside them was a fifth of the run).
    """
    if isinstance(value, (list, tuple)):
        return tuple([_freeze(v) if isinstance(v, _CONTAINERS) else v for v in value])
    if isinstance(value, dict):
        return tuple((k, _freeze(v)) for k, v in value.items())
    return value


def _lookup(pairs: Evidence, quantity: Quantity, default: Any) -> Any:
    for q, value in pairs:
        if q is quantity:
            return value
    return default


@dataclass(frozen=True)
class Cluster:
    """A 1-D clean point with its hull ``[lo, hi]`` and its index in the data as given.

    Offline the hull spans the cluster's samples; online it is ``[x - rho, x + rho]``.
    """

    index: int
    target: Any
    lo: Any
    hi: Any


@dataclass(frozen=True)
class RayFrame:
    """A base clean point and its rays, found by :func:`symden.geometry.detect`.

    ``rays[j] = (e_j, ((index, s), ...))``: the first edge ``e_j = x_{j,1} - x_base`` of ray j and
    its clean points with their coordinates ``s`` in units of ``e_j``, sorted (``s_{j,1} = 1``).
    ``orthogonal`` is True when the rays are pairwise orthogonal (the frame lemma applies).
    """

    base: int
    rays: tuple
    orthogonal: bool

    @property
    def simplex(self) -> bool:
        """One clean point per ray: the data are a simplex with the non-acute vertex ``base``."""
        return all(len(members) == 1 for _, members in self.rays)


@dataclass(frozen=True)
class Geometry:
    """What :func:`symden.geometry.detect` found about a data set, computed once.

    Attributes
    ----------
    dim, size, setting
        The ambient dimension d, the number N of clean points, the setting.
    affine_dim
        The dimension k of the affine hull of the clean points.
    spanning
        Indices of k + 1 affinely independent clean points.
    structure
        The structure that detection selects (the first that fits, in the order of
        :class:`Structure`), or None when no closed form fits.
    clusters
        1-D data: the :class:`Cluster` records sorted by clean point (the hulls every 1-D
        closed form and check reads); empty otherwise.
    ray_frames
        Every base from which the clean points are pairwise non-acute rays (d >= 2).
    failures
        ``(structure, reason)`` for every structure that does not fit, in detection order.
    """

    dim: int
    size: int
    setting: Setting
    affine_dim: int
    spanning: tuple
    structure: Optional[Structure]
    clusters: tuple = ()
    ray_frames: tuple = ()
    failures: tuple = ()

    @property
    def simplex(self) -> bool:
        """The clean points are the vertices of a simplex (k + 1 affinely independent points)."""
        return self.size == self.affine_dim + 1

    def fits(self, structure: Structure) -> bool:
        """True when ``structure`` fits these data (no recorded failure)."""
        return all(s is not structure for s, _ in self.failures)

    def why_not(self, structure: Structure) -> str:
        """The recorded reason ``structure`` does not fit ("" when it fits)."""
        return next((why for s, why in self.failures if s is structure), "")

    def reasons(self, *, brief: bool = False) -> str:
        """Every recorded failure as one line, ``structure: reason | ...``.

        With ``brief``, each structure keeps its first reason (its text up to the first ``"; "``)
        and says how many more there are.
        """
        if not brief:
            return " | ".join(f"{s.value}: {why}" for s, why in self.failures)
        parts = []
        for s, why in self.failures:
            first, *more = why.split("; ")
            parts.append(f"{s.value}: {first}" + (f" (and {len(more)} more)" if more else ""))
        return " | ".join(parts)


@dataclass(frozen=True)
class Alignment:
    """What one unit's direction is aligned with, found by exact comparison of directions.

    ``w_parallel_to_edges``: the data edges ``(i, j)`` parallel to the unit's ``w``;
    ``w_normal_to_facets``: the simplex facets (opposite vertex n) whose normal ``w`` is;
    ``output_direction``: ``a`` scaled so that its first non-zero entry is +-1 (None for a zero unit);
    ``output_parallel_to_edges``: the edges parallel to ``a``; ``cost``: the exact ``|a||w|``;
    ``cost_share``: its share of the network's cost, a float for display only.
    """

    unit: int
    w_parallel_to_edges: tuple
    w_normal_to_facets: tuple
    output_direction: Optional[tuple]
    output_parallel_to_edges: tuple
    cost: Any
    cost_share: float


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check: the claim, how it stands, why, and the exact evidence.

    Attributes
    ----------
    name
        The claim checked (``"interpolation"``, ``"cost"``, ...).
    status
        :class:`Status`.
    detail
        One or two sentences: what was checked, how, and the result.
    evidence
        ``(Quantity, exact value)`` pairs the check established (a cost, a bound, an equality set).
    counterexample
        When refuted: ``(Quantity, exact value)`` pairs of the exact witness (a point, the value
        there, the violation); empty otherwise.
    reference
        The section of the project's reference (``docs/theory.md``) that the check implements.
    """

    name: str
    status: Status
    detail: str
    evidence: Evidence = ()
    counterexample: Evidence = ()
    reference: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", Status(self.status))
        object.__setattr__(self, "evidence", evidence(*self.evidence))
        object.__setattr__(self, "counterexample", evidence(*self.counterexample))

    @property
    def holds(self) -> bool:
        """True for PROVED and CERTIFIED."""
        return self.status.holds

    def value(self, quantity: Quantity, default: Any = None) -> Any:
        """The value of ``quantity`` in the evidence or, failing that, the counterexample."""
        found = _lookup(self.evidence, quantity, _MISSING)
        return found if found is not _MISSING else _lookup(self.counterexample, quantity, default)


_MISSING = object()


class Verdicts(Displayed, tuple):
    """The verdicts of one verification, in order: a tuple that prints as a table.

    ``str(v)`` is the text table of ``symden verify``; in a notebook the cell shows an HTML table
    (``_repr_html_``), in IPython's terminal the text table (``_repr_pretty_``); ``repr`` still
    rebuilds the value. ``v["cost"]`` is the verdict on the claim ``"cost"`` (the first, if the
    numeric path added a second).
    """

    _display_kind = "verdicts"
    _repr_pretty_ = Displayed._repr_pretty_  # IPython reads it only from the class itself (see Displayed)

    def __new__(cls, verdicts=()):
        return super().__new__(cls, verdicts)

    def __getitem__(self, key):
        if isinstance(key, str):
            for v in self:
                if v.name == key:
                    return v
            raise KeyError(f"no verdict on {key!r}; the claims checked are {', '.join(v.name for v in self)}")
        got = super().__getitem__(key)
        return Verdicts(got) if isinstance(key, slice) else got

    def __add__(self, other):
        return Verdicts(tuple(self) + tuple(other))

    def __repr__(self) -> str:
        return f"Verdicts({tuple(self)!r})"

    @property
    def holds(self) -> bool:
        """True when every verdict holds (proved or certified)."""
        return all(v.holds for v in self)


@dataclass(frozen=True)
class Solution:
    """What a convex program concludes, the same record for every program (``docs/theory.md`` section 6).

    Attributes
    ----------
    data
        The data set solved.
    program
        Which program (``"1-D knot LP"``, ``"planar group lasso"``, ...).
    status
        PROVED when the exact optimum carries an exact dual certificate (1-D), CERTIFIED when
        ``[lower, upper]`` is a rigorous interval, INCONCLUSIVE otherwise (the notes say why).
    lower, upper
        Exact rigorous bounds on the minimum cost (equal when the optimum is exact), or None.
    network
        An exact interpolating network costing ``upper``, or None.
    verdicts
        The program's own verdicts (optimality, uniqueness, agreement of the float solve).
    certificate
        The exact certificate record (a 1-D dual certificate or a planar dual bound), or None.
    evidence
        Further exact facts as ``(Quantity, value)`` pairs (free intervals, a second minimiser).
    solver
        ``(key, value)`` pairs describing the float solve (solver name, status, timings): evidence only.
    notes
        Extra lines for the reader.
    """

    data: Any
    program: str
    status: Status
    lower: Any = None
    upper: Any = None
    network: Any = None
    verdicts: tuple = ()
    certificate: Any = None
    evidence: Evidence = ()
    solver: tuple = ()
    notes: tuple = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", Status(self.status))
        object.__setattr__(self, "evidence", evidence(*self.evidence))
        object.__setattr__(self, "solver", _freeze(self.solver))

    @property
    def exact(self) -> bool:
        """True when the optimum is known exactly (``lower == upper``)."""
        return self.lower is not None and self.lower == self.upper

    def value(self, quantity: Quantity, default: Any = None) -> Any:
        """The value of ``quantity`` in the evidence."""
        return _lookup(self.evidence, quantity, default)

    def solver_info(self, key: str, default: Any = None) -> Any:
        """The value of ``key`` in the solver's facts."""
        return next((v for k, v in self.solver if k == key), default)
