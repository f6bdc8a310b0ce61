"""The general 1-D minimum-cost interpolant: exact solution and certificate, and the knot-grid LP.

THEORY.md sections 3, 5 and 6. Any 1-D data reduce to interpolation points ``t_1 < ... < t_M``
with targets ``T_i``: offline, every distinct sample with its cluster's clean point; online,
the two ends ``x_n -+ rho`` of every ball (a minimiser with knots only at the points exists, and
with no knot inside ``[x_n - rho, x_n + rho]`` it is constant there, so the ball constraint and
the two end constraints have the same minimum and the ball problem's minimisers are among the
end problem's).

Exact mathematics (no floats):

* Chord slopes ``s_i = (T_{i+1} - T_i)/(t_{i+1} - t_i)`` and discrete curvatures
  ``kappa_j = s_j - s_{j-1}`` at interior points (``kappa = 0`` at the two ends: the tails are free).
  Every interpolant has ``int |f''| >= sum_j |kappa_j|`` (f' has mean s_i on interval i), and the
  linear interpolant with tails continuing the end chords attains it::

      OPT = sum_j |kappa_j|,     f*(y) = T_1 + s_1 (y - t_1) + sum_j kappa_j [y - t_j]_+

  (one ReLU unit per knot with ``kappa_j != 0``, skip slope ``V = s_1``).
* Dual certificate (section 5, weak duality): ``eta`` piecewise linear with knots at the ``t_i``,
  zero outside ``[t_1, t_M]``, ``eta(t_j) = sign(kappa_j)`` (0 where ``kappa_j = 0``); the weights
  ``mu_i`` are the jumps of ``eta'`` at ``t_i``, so ``eta(b) = sum_i mu_i [t_i - b]_+``. Then
  ``sum mu = sum mu t = 0``, ``|eta| <= 1`` and ``sum mu_i T_i = sum_j |kappa_j| = OPT``: a proof
  of optimality, checked exactly by :func:`check_dual_certificate`.
* Uniqueness (Hanin 2021; Debarre et al. 2022; section 3): interval ``(t_j, t_{j+1})`` is *free*
  when ``kappa_j`` and ``kappa_{j+1}`` are non-zero with the same sign, otherwise the minimiser is
  forced to be linear there. The certificate above proves the forced part: equality in weak
  duality puts ``f''`` of every minimiser on ``{|eta| = 1}``, which is the set of knots with
  ``kappa != 0`` plus the free intervals (where ``eta`` is constant ``+-1``). With no free
  interval (and ``M >= 2``) every minimiser is the linear interpolant. On a free interval the
  *kinked* member follows the extension of chord ``j-1`` and then that of chord ``j+1``; its knot
  ``t_j + h kappa_{j+1}/(kappa_j + kappa_{j+1})`` is strictly inside, and it interpolates with the
  same cost: an exact witness of non-uniqueness (:func:`kinked_member`). In a run of adjacent
  free intervals one minimiser can take the kink only on every other interval (kinking two
  neighbours makes f' go ``s_{j-1}, s_{j+1}, s_j, s_{j+2}``, not monotone, and the cost rises).
  A single point (one cluster with one distinct sample) has every affine function through it as
  a minimiser.

The numeric path (:func:`solve_univariate`) builds the LP over continuous piecewise-linear
functions on a knot grid (the points plus ``refine`` equally spaced points inside each interval,
free tail slopes), solves it with cvxpy and HiGHS, rationalises the float solution and re-checks
its cost exactly, and probes the optimal face for uniqueness. The floats are evidence, never the
verdict.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import warnings
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterator, Mapping, Optional, Sequence

import cvxpy as cp
import numpy as np
import scipy.sparse as sparse
from gmpy2 import mpq

from symden.data import DataSet
from symden.errors import ConditionError, InvalidDataError
from symden.exact import Exact, brief, exact, exact_sum, rationalize, to_float
from symden.network import ShallowNetwork, Unit
from symden.pwl import PiecewiseLinear
from symden.verify.verdict import Status, Verdict

__all__ = [
    "DualCertificate",
    "IntervalProbe",
    "UnivariateSolution",
    "check_dual_certificate",
    "discrete_curvatures",
    "dual_certificate",
    "free_intervals",
    "interpolation_points",
    "kinked_member",
    "linear_interpolant",
    "solve_univariate",
]

#: Relative agreement required between the LP's float value and the exact minimum.
LP_RELATIVE_TOLERANCE = 1e-6
#: The probe's cost slack: ``cost <= OPT + PROBE_COST_SLACK * max(1, OPT)``.
PROBE_COST_SLACK = 1e-9
#: A probe spread counts as positive above ``4 slack h + PROBE_VALUE_NOISE * max(1, max |T|)``.
#: On a forced interval of length h, a cost slack lets f(midpoint) move by at most about
#: ``slack h/2`` (``slack h`` on an end interval, where the free tail need not return to the
#: chord slope): the margin is 4x, plus the solver's noise. Observed: at most 2/3 slack h.
PROBE_VALUE_NOISE = 1e-8
# The probe's LPs have one dense row (the cost bound) over a degenerate optimal face: HiGHS's
# dual simplex takes ~15 s on a 12000-point grid where its interior-point method with crossover
# (a vertex again) takes ~1.3 s. The minimisation LP itself is fastest with the default simplex.
_PROBE_HIGHS_OPTIONS = {"highs_options": {"solver": "ipm"}}
_OPTIMAL = "optimal"


# -- the exact problem ------------------------------------------------------------------------


def interpolation_points(data: DataSet) -> tuple:
    """The 1-D interpolation points ``((t_1, T_1), ..., (t_M, T_M))``, sorted by ``t``, distinct.

    Offline: every sample with its cluster's clean point as target (a sample repeated in one
    cluster counts once; :class:`~symden.data.DataSet` refuses one sample with two targets).
    Online: the two ends ``x_n - rho`` and ``x_n + rho`` of every ball, with target ``x_n``.

    Raises
    ------
    ConditionError
        When the data are not 1-D.

    Examples
    --------
    >>> interpolation_points(DataSet(clean=[0, 1], samples=[[0, 0], ["1/2", 2]]))
    ((mpq(0,1), mpq(0,1)), (mpq(1,2), mpq(1,1)), (mpq(2,1), mpq(1,1)))
    """
    if data.dim != 1:
        raise ConditionError(f"the 1-D program needs 1-D data; these clean points have dimension {data.dim}")
    target: dict = {}
    for n, (x,) in enumerate(data.clean):
        if data.radius is not None:
            ts: Sequence = (x - data.radius, x + data.radius)
        else:
            ts = [y for (y,) in data.samples[n]]
        for t in ts:
            target[t] = x
    return tuple(sorted(target.items(), key=lambda item: item[0]))


def _as_points(points: Sequence) -> tuple:
    """Exact ``(t, T)`` pairs with strictly increasing ``t`` (refusing floats and disorder)."""
    out = tuple((exact(t, name=f"points[{i}][0]"), exact(T, name=f"points[{i}][1]")) for i, (t, T) in enumerate(points))
    if not out:
        raise InvalidDataError("points = []: at least one interpolation point is required")
    for i in range(len(out) - 1):
        if not out[i][0] < out[i + 1][0]:
            raise InvalidDataError(f"points[{i}] and points[{i + 1}]: the points must have strictly increasing t")
    return out


def _chord_slopes(points: Sequence) -> tuple:
    return tuple((T1 - T0) / (t1 - t0) for (t0, T0), (t1, T1) in zip(points, points[1:]))


def discrete_curvatures(points: Sequence) -> tuple:
    """``kappa_j = s_j - s_{j-1}`` at every point, with ``kappa = 0`` at the two ends (free tails).

    >>> discrete_curvatures([(0, 0), (1, 0), (2, 1), (3, 3)])
    (mpq(0,1), mpq(1,1), mpq(1,1), mpq(0,1))
    """
    s = _chord_slopes(_as_points(points))
    inner = tuple(b - a for a, b in zip(s, s[1:]))
    return (mpq(0),) + inner + ((mpq(0),) if len(points) > 1 else ())


def _sign(value: Exact) -> mpq:
    return mpq(1) if value > 0 else mpq(-1) if value < 0 else mpq(0)


def linear_interpolant(points: Sequence) -> PiecewiseLinear:
    """The interpolant linear between consecutive points, tails continuing the end chords.

    A minimiser of ``int |f''|`` (THEORY.md section 3); for a single point, the constant.
    """
    points = _as_points(points)
    if len(points) == 1:
        return PiecewiseLinear.affine(mpq(0), points[0][1])
    s = _chord_slopes(points)
    return PiecewiseLinear(
        knots=[t for t, _ in points], values=[T for _, T in points], left_slope=s[0], right_slope=s[-1]
    )


def _interpolant_network(points: Sequence, kappa: Sequence) -> ShallowNetwork:
    """``f*(y) = T_1 + s_1 (y - t_1) + sum_j kappa_j [y - t_j]_+``: one unit per knot, the fewest."""
    left = _chord_slopes(points)[0] if len(points) > 1 else mpq(0)
    t1, T1 = points[0]
    units = [Unit(a=(k,), w=(mpq(1),), b=-t) for (t, _), k in zip(points, kappa) if k != 0]
    return ShallowNetwork(units=units, V=((left,),), c=(T1 - left * t1,))


def free_intervals(points: Sequence) -> tuple:
    """Indices j of the free intervals ``(t_j, t_{j+1})`` (0-based): ``kappa_j kappa_{j+1} > 0``.

    >>> free_intervals([(0, 0), (1, 0), (2, 1), (3, 3)])
    (1,)
    """
    points = _as_points(points)
    kappa = discrete_curvatures(points)
    return tuple(j for j in range(len(points) - 1) if kappa[j] * kappa[j + 1] > 0)


def _non_adjacent(free: Sequence[int]) -> tuple:
    """Every other interval of each run of adjacent free intervals, starting with the first.

    Kinking two adjacent free intervals at once is not a minimiser: the slope would go
    ``s_{j-1}, s_{j+1}, s_j, s_{j+2}``, which is not monotone, and the cost rises.
    """
    chosen: list = []
    for j in free:
        if not chosen or chosen[-1] != j - 1:
            chosen.append(j)
    return tuple(chosen)


def kinked_member(points: Sequence, intervals: Optional[Sequence[int]] = None) -> PiecewiseLinear:
    """The minimiser that takes the kink on each of the given free intervals (THEORY.md section 3).

    On free interval j it follows the extension of chord ``j-1`` through ``(t_j, T_j)`` and then
    the extension of chord ``j+1`` through ``(t_{j+1}, T_{j+1})``; the two lines meet at
    ``t_j + h kappa_{j+1}/(kappa_j + kappa_{j+1})``, strictly inside. Elsewhere it is the
    linear interpolant.

    Parameters
    ----------
    points
        The interpolation points, sorted.
    intervals
        0-based indices of free intervals, no two adjacent. Default: every other interval of
        each run of adjacent free intervals (the most kinks a single minimiser can take).

    Raises
    ------
    InvalidDataError
        When an index is not a free interval, or two indices are adjacent.

    Examples
    --------
    >>> kinked_member([(0, 0), (1, 0), (2, 1), (3, 3)]).knots
    (mpq(3,2),)
    """
    points = _as_points(points)
    kappa = discrete_curvatures(points)
    free = free_intervals(points)
    chosen = _non_adjacent(free) if intervals is None else tuple(sorted(intervals))
    for j in chosen:
        if j not in free:
            raise InvalidDataError(f"intervals: {j} is not a free interval (the free ones are {list(free)})")
    for a, b in zip(chosen, chosen[1:]):
        if b == a + 1:
            raise InvalidDataError(f"intervals: {a} and {b} are adjacent; kinking both is not a minimiser")
    base = linear_interpolant(points)
    if not chosen:
        return base
    s = _chord_slopes(points)
    knots = [t for t, _ in points]
    values = [T for _, T in points]
    for j in chosen:
        (t0, T0), (t1, _) = points[j], points[j + 1]
        u = (t1 - t0) * kappa[j + 1] / (kappa[j] + kappa[j + 1])
        knots.append(t0 + u)
        values.append(T0 + s[j - 1] * u)
    return PiecewiseLinear(knots=knots, values=values, left_slope=base.left_slope, right_slope=base.right_slope)


# -- the exact dual certificate ---------------------------------------------------------------


@dataclass(frozen=True)
class DualCertificate:
    """Dual weights ``mu_i`` at the points ``t_i`` (THEORY.md section 5, weak duality, d = 1).

    Attributes
    ----------
    points
        The ``t_i``.
    weights
        The ``mu_i``.
    eta
        ``eta(t_i) = sum_k mu_k [t_k - t_i]_+`` as constructed (the check recomputes it from ``mu``).
    max_abs_eta
        ``max_i |eta(t_i)|``; eta is piecewise linear with knots at the ``t_i`` and zero outside
        ``[t_1, t_M]``, so this is ``sup_b |eta(b)|``.
    dual_value
        ``sum_i mu_i T_i``.
    """

    points: tuple
    weights: tuple
    eta: tuple
    max_abs_eta: Exact
    dual_value: Exact


def dual_certificate(points: Sequence) -> DualCertificate:
    """The exact dual certificate: ``eta(t_j) = sign(kappa_j)``, ``mu`` = jumps of ``eta'``.

    With ``e_j = eta(t_j)`` (``e = 0`` at the ends and wherever ``kappa_j = 0``) and the slopes
    ``sigma_j = (e_{j+1} - e_j)/(t_{j+1} - t_j)`` (``sigma = 0`` outside ``[t_1, t_M]``),
    ``mu_j = sigma_j - sigma_{j-1}``. Summation by parts gives ``sum mu_j T_j = sum e_j kappa_j
    = sum |kappa_j|``. Choosing ``e = 0`` (not any other value in [-1, 1]) where ``kappa = 0``
    keeps ``|eta| < 1`` off the knots and the free intervals, which is what proves uniqueness.

    >>> c = dual_certificate([(0, 0), (1, 0), (2, 1), (3, 3)])
    >>> c.weights, c.dual_value
    ((mpq(1,1), mpq(-1,1), mpq(-1,1), mpq(1,1)), mpq(2,1))
    """
    points = _as_points(points)
    ts = tuple(t for t, _ in points)
    e = tuple(_sign(k) for k in discrete_curvatures(points))
    sigma = [mpq(0)] + [(e1 - e0) / (t1 - t0) for t0, t1, e0, e1 in zip(ts, ts[1:], e, e[1:])] + [mpq(0)]
    mu = tuple(b - a for a, b in zip(sigma, sigma[1:]))
    return DualCertificate(
        points=ts,
        weights=mu,
        eta=e,
        max_abs_eta=max(abs(v) for v in e),
        dual_value=exact_sum(m * T for m, (_, T) in zip(mu, points)),
    )


def _eta_from_weights(ts: Sequence, mu: Sequence) -> list:
    """``eta(t_j) = sum_{i>j} mu_i (t_i - t_j)`` by suffix sums (which telescope, staying small)."""
    out = [mpq(0)] * len(ts)
    tail_mu, tail_mu_t = mpq(0), mpq(0)
    for j in range(len(ts) - 1, -1, -1):
        out[j] = tail_mu_t - ts[j] * tail_mu
        tail_mu += mu[j]
        tail_mu_t += mu[j] * ts[j]
    return out


def check_dual_certificate(certificate: DualCertificate, points: Sequence, cost: Exact) -> tuple:
    """Every violated condition of the weak-duality certificate, checked exactly (empty: it proves ``cost``).

    Conditions: the certificate's points are the interpolation points; ``sum mu = 0`` and
    ``sum mu t = 0`` (they annihilate the free skip ``V y + c``); ``eta(t_j)`` recomputed from
    ``mu`` equals the recorded values and ``max |eta(t_j)| <= 1`` (eta is piecewise linear with
    knots at the ``t_i`` and vanishes outside ``[t_1, t_M]`` when the sums vanish, so this bounds
    ``sup_b |eta(b)|``); and ``sum mu_i T_i = cost``. Then every interpolant has
    ``R(f) >= sum mu_i T_i / sup |eta| >= cost`` (THEORY.md section 5).
    """
    points = _as_points(points)
    ts = tuple(t for t, _ in points)
    mu = certificate.weights
    if tuple(certificate.points) != ts or len(mu) != len(ts):
        return ("the certificate's points are not the interpolation points",)
    failures = []
    total, moment = exact_sum(mu), exact_sum(m * t for m, t in zip(mu, ts))
    if total != 0:
        failures.append(f"sum mu = {brief(total)} != 0")
    if moment != 0:
        failures.append(f"sum mu t = {brief(moment)} != 0")
    eta = _eta_from_weights(ts, mu)
    if tuple(eta) != tuple(certificate.eta):
        failures.append("eta recomputed from mu differs from the recorded values")
    worst = max(abs(v) for v in eta)
    if worst != certificate.max_abs_eta:
        failures.append(f"max |eta| is {brief(worst)}, not the recorded {brief(certificate.max_abs_eta)}")
    if worst > 1:
        failures.append(f"max |eta| = {brief(worst)} > 1")
    dual = exact_sum(m * T for m, (_, T) in zip(mu, points))
    if dual != certificate.dual_value:
        failures.append(f"sum mu_i T_i is {brief(dual)}, not the recorded {brief(certificate.dual_value)}")
    if dual != cost:
        failures.append(f"the dual value {brief(dual)} differs from the cost {brief(cost)}")
    return tuple(failures)


def _saturated_intervals(certificate: DualCertificate) -> tuple:
    """0-based j with ``eta = +-1`` on the whole of ``[t_j, t_{j+1}]`` (where f'' may put mass)."""
    e = certificate.eta
    return tuple(j for j in range(len(e) - 1) if e[j] == e[j + 1] and abs(e[j]) == 1)


def _interpolation_failures(data: DataSet, f: PiecewiseLinear) -> list:
    """Where ``f`` misses the data exactly: samples (offline) or whole balls (online)."""
    failures = []
    for n, (x,) in enumerate(data.clean):
        if data.radius is not None:
            lo, hi = x - data.radius, x + data.radius
            ys = (lo,) + f.knots_between(lo, hi) + (hi,)
        else:
            ys = tuple(y for (y,) in data.samples[n])
        for y, fy in zip(ys, f.values_at(ys)):
            if fy != x:
                failures.append(f"f({brief(y)}) = {brief(fy)}, target {brief(x)}")
                break
    return failures


# -- the numeric path ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IntervalProbe:
    """The uniqueness probe on one interval ``(lo, hi)`` between consecutive points.

    ``low`` and ``high`` are the solver's min and max of ``f`` at the midpoint over the LP's
    near-optimal face (``cost <= OPT + slack``); ``spread = high - low``. ``free_by_rule`` is the
    exact curvature-sign rule; ``agrees`` compares the two (``spread > threshold`` iff free), or is
    None for a free interval whose guaranteed spread on the probe grid
    (``h min(|kappa_j|, |kappa_{j+1}|)/2``, the tent at the midpoint) is not above twice the
    threshold: then floats cannot tell, and the numeric verdict is inconclusive.
    """

    lo: Exact
    hi: Exact
    low: float
    high: float
    spread: float
    threshold: float
    free_by_rule: bool
    agrees: Optional[bool]


@dataclass(frozen=True, eq=False)
class UnivariateSolution:
    """Everything :func:`solve_univariate` establishes about 1-D data; a record, compared by identity.

    Attributes
    ----------
    data
        The data set.
    points
        The interpolation points ``((t_i, T_i), ...)``, sorted.
    curvatures
        ``kappa_i`` at every point (0 at the ends).
    cost
        The exact minimum ``OPT = sum |kappa_j|``.
    function
        The exact minimiser: the linear interpolant, tails continuing the end chords.
    network
        A network with the fewest units realising ``function`` (one unit per knot, skip ``V = s_1``).
    certificate, certificate_ok, certificate_failures
        The exact dual certificate and the result of checking it exactly.
    unique
        The exact curvature-sign rule (and ``M >= 2``).
    free_intervals
        ``(lo, hi)`` of each free interval; ``((None, None),)`` for a single point (every affine
        function through it is a minimiser).
    kinked_intervals
        ``(lo, hi)`` of the free intervals that ``extreme_member`` kinks (no two adjacent).
    extreme_member
        The minimiser with those kinks taken, or None when unique.
    extreme_member_failures
        Why ``extreme_member`` fails to witness non-uniqueness (empty when it does).
    lp
        The knot-grid LP: solver, status, primal value, exact cost of the rationalised
        solution, ``|float - OPT|``, seconds, grid size, warnings.
    probe
        One :class:`IntervalProbe` per interval (empty when not run or when it failed).
    probe_info
        The probe's status, solver, grid, slack and seconds.
    """

    data: DataSet
    points: tuple
    curvatures: tuple
    cost: Exact
    function: PiecewiseLinear
    network: ShallowNetwork
    certificate: DualCertificate
    certificate_ok: bool
    certificate_failures: tuple
    unique: bool
    free_intervals: tuple
    kinked_intervals: tuple
    extreme_member: Optional[PiecewiseLinear]
    extreme_member_failures: tuple
    lp: Mapping
    probe: tuple
    probe_info: Mapping

    def verdicts(self) -> tuple:
        """``optimality``, ``uniqueness`` and ``numeric agreement`` as :class:`Verdict` records."""
        return (_optimality_verdict(self), _uniqueness_verdict(self), _numeric_verdict(self))


def _choose_solver(requested: str) -> tuple:
    """(solver to use, note): HiGHS falls back to Clarabel when it is not installed."""
    name = str(requested).upper()
    installed = cp.installed_solvers()
    if name == "HIGHS" and name not in installed and "CLARABEL" in installed:
        return "CLARABEL", "HIGHS is not installed; fell back to CLARABEL"
    return name, ""


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Send file descriptor 1 to /dev/null: HiGHS prints a banner from C++ on its first use,
    which would corrupt symden's JSON and text output (Python-level redirection misses it)."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no file descriptor 1 (embedded interpreters)
        yield
        return
    try:
        with open(os.devnull, "w") as sink:
            os.dup2(sink.fileno(), 1)
            yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def _run(problem: cp.Problem, solver: str, options: Optional[Mapping] = None) -> tuple:
    """Solve; (status text, seconds, warnings). A solver exception becomes a status, not an error."""
    options = {key: dict(value) if isinstance(value, Mapping) else value for key, value in (options or {}).items()}
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught, _quiet_stdout():
        warnings.simplefilter("always")
        try:
            problem.solve(solver=solver, **options)
            status = str(problem.status)
        except (cp.error.SolverError, ValueError, RuntimeError, ArithmeticError) as exc:
            status = f"solver error: {type(exc).__name__}: {exc}"
    return status, time.perf_counter() - start, tuple(str(w.message) for w in caught)


def _grid(points: Sequence, refine) -> tuple:
    """The exact knot grid and the grid indices of the points.

    ``refine`` points are added, equally spaced, inside each interval (an int for all, or one
    int per interval).
    """
    counts = [refine] * (len(points) - 1) if isinstance(refine, int) else list(refine)
    grid: list = []
    data_index: list = []
    for ((t0, _), (t1, _)), r in zip(zip(points, points[1:]), counts):
        data_index.append(len(grid))
        grid.append(t0)
        step = (t1 - t0) / (r + 1)
        grid.extend(t0 + k * step for k in range(1, r + 1))
    data_index.append(len(grid))
    grid.append(points[-1][0])
    return grid, data_index


def _slope_change_matrix(widths: np.ndarray) -> sparse.csr_matrix:
    """``A`` with ``A z`` = the slope changes at the grid points, ``z = (left slope, f_0..f_{n-1}, right slope)``."""
    n = len(widths) + 1
    inv = 1.0 / widths
    k = np.arange(n - 1)
    rows = np.concatenate(([0], k + 1, k + 1, [n]))
    cols = np.concatenate(([0], k + 1, k + 2, [n + 1]))
    vals = np.concatenate(([1.0], -inv, inv, [1.0]))
    slopes = sparse.csr_matrix((vals, (rows, cols)), shape=(n + 1, n + 2))
    return (slopes[1:] - slopes[:-1]).tocsr()


def _grid_program(grid: Sequence, data_index: Sequence, points: Sequence) -> tuple:
    """The variable ``z``, its cost expression ``sum |slope changes|`` and the interpolation rows."""
    widths = np.array([to_float(b - a) for a, b in zip(grid, grid[1:])], dtype=float)
    z = cp.Variable(len(grid) + 2)
    cost = cp.norm1(_slope_change_matrix(widths) @ z)
    cols = np.asarray(data_index, dtype=int) + 1
    targets = np.array([to_float(T) for _, T in points], dtype=float)
    return z, cost, [z[cols] == targets]


def _min_cost_lp(points: Sequence, cost: Exact, refine: int, solver: str, note: str, max_denominator: int) -> dict:
    """Solve the knot-grid LP, rationalise, and re-check the rationalised solution exactly."""
    grid, data_index = _grid(points, refine)
    z, objective, constraints = _grid_program(grid, data_index, points)
    problem = cp.Problem(cp.Minimize(objective), constraints)
    status, seconds, caught = _run(problem, solver)
    report: dict = {
        "solver": solver, "solver note": note, "status": status, "seconds": seconds, "grid points": len(grid),
        "refine": refine, "warnings": caught, "primal value": None, "exact cost of rationalised solution": None,
        "gap": None, "relative gap": None, "rationalised solution optimal": None,
    }
    if status != _OPTIMAL or z.value is None or problem.value is None:
        return report
    value = float(problem.value)
    gap = abs(value - to_float(cost))
    report.update({"primal value": value, "gap": gap, "relative gap": gap / max(1.0, abs(to_float(cost)))})
    zv = z.value
    values = [rationalize(float(v), max_denominator=max_denominator, name="LP value") for v in zv[1:-1]]
    for i, (_, T) in zip(data_index, points):
        values[i] = T  # the interpolation constraints are exact by definition, not by the solver
    rational = PiecewiseLinear(
        knots=grid, values=values,
        left_slope=rationalize(float(zv[0]), max_denominator=max_denominator, name="LP left slope"),
        right_slope=rationalize(float(zv[-1]), max_denominator=max_denominator, name="LP right slope"),
    )
    exact_cost = rational.slope_variation()
    report["exact cost of rationalised solution"] = exact_cost
    report["rationalised solution optimal"] = exact_cost == cost
    return report


def _odd(r: int) -> int:
    return r if r % 2 else r + 1


def _probe(points: Sequence, kappa: Sequence, cost: Exact, refine: int, solver: str) -> tuple:
    """Max and min of f at every interval midpoint over ``{interpolates, cost <= OPT + slack}``.

    Four LPs, not two per interval: the objective sums ``+-f(midpoint)`` over all intervals of
    one parity. Intervals of one parity are pairwise non-adjacent, and the minimisers on
    non-adjacent free intervals do not compete for slope room (the interval between them can
    stay linear), so one LP pushes every interval of that parity to its own extreme.

    The grid has an odd number of points inside each interval, so that the midpoint is a grid
    point: at least 3 inside free intervals, ``refine`` (rounded up to odd) inside the others.
    Using the rule to size the grid does not make the probe circular: with the midpoint on the
    grid, any interval that is in fact free admits the tent ``f = chord - e`` at the midpoint
    for ``0 <= e <= h min(|kappa_j|, |kappa_{j+1}|)/2`` at the same cost, so a wrong "forced"
    would still show a positive spread.
    """
    info: dict = {"status": "not run: a single point has no interval", "solver": solver, "seconds": 0.0}
    if len(points) < 2:
        return (), info
    m = len(points) - 1
    counts = [_odd(max(3, refine)) if kappa[j] * kappa[j + 1] > 0 else _odd(refine) for j in range(m)]
    grid, data_index = _grid(points, counts)
    z, objective, constraints = _grid_program(grid, data_index, points)
    slack = PROBE_COST_SLACK * max(1.0, to_float(cost))
    near_optimal = constraints + [objective <= to_float(cost) + slack]
    options = _PROBE_HIGHS_OPTIONS if solver == "HIGHS" else {}
    mids = np.asarray(data_index[:-1], dtype=int) + (np.asarray(counts) + 1) // 2 + 1  # columns of z
    low, high = np.full(m, np.nan), np.full(m, np.nan)
    info.update({"grid points": len(grid), "refine": (min(counts), max(counts)), "cost slack": slack, "warnings": ()})
    seconds, caught = 0.0, []
    for parity in (0, 1):
        chosen = np.arange(parity, m, 2)
        if not len(chosen):
            continue
        for sign, store in ((1.0, low), (-1.0, high)):
            c = np.zeros(len(grid) + 2)
            c[mids[chosen]] = sign
            status, secs, w = _run(cp.Problem(cp.Minimize(c @ z), near_optimal), solver, options)
            seconds += secs
            caught.extend(w)
            if status != _OPTIMAL or z.value is None:
                info.update({"status": status, "seconds": seconds, "warnings": tuple(caught)})
                return (), info
            store[chosen] = z.value[mids[chosen]]
    info.update({"status": _OPTIMAL, "seconds": seconds, "warnings": tuple(caught)})
    floor = PROBE_VALUE_NOISE * max(1.0, max(abs(to_float(T)) for _, T in points))
    out = []
    for j in range(m):
        (lo, _), (hi, _) = points[j], points[j + 1]
        h = hi - lo
        threshold = 4 * slack * to_float(h) + floor
        free = kappa[j] * kappa[j + 1] > 0
        spread = float(high[j] - low[j])
        if free:
            guaranteed = to_float(h * min(abs(kappa[j]), abs(kappa[j + 1])) / 2)
            agrees: Optional[bool] = (spread > threshold) if guaranteed > 2 * threshold else None
        else:
            agrees = spread <= threshold
        out.append(IntervalProbe(lo, hi, float(low[j]), float(high[j]), spread, threshold, free, agrees))
    return tuple(out), info


def solve_univariate(
    data: DataSet, *, refine: int = 1, solver: str = "HIGHS", probe: bool = True, max_denominator: int = 10**6
) -> UnivariateSolution:
    """The minimum-cost interpolant of any 1-D data, exactly, with the LP as independent evidence.

    .. math::

        \\min_f \\int |f''| \\quad \\text{s.t. } f(t_i) = T_i, \\qquad
        \\mathrm{OPT} = \\sum_j |\\kappa_j|, \\quad \\kappa_j = s_j - s_{j-1}

    Works for every 1-D data set: clusters with one sample (where the closed form of THEORY.md
    section 3 refuses), clusters whose samples interleave, and online balls. All decisions are
    exact (see the module docstring); the LP and the probe are floats and only feed the
    ``numeric agreement`` verdict.

    Parameters
    ----------
    data
        1-D data, online or offline.
    refine
        Grid points added inside each interval for the LP. The probe uses an odd number: at
        least 3 inside free intervals, ``refine`` rounded up to odd elsewhere.
    solver
        cvxpy solver name; HiGHS falls back to Clarabel when it is not installed.
    probe
        Run the uniqueness probe (four LPs on the finer grid).
    max_denominator
        Bound for rationalising the LP's float solution.

    Returns
    -------
    UnivariateSolution

    Raises
    ------
    ConditionError
        When the data are not 1-D.
    InvalidDataError
        When ``refine`` is not a non-negative integer.

    Examples
    --------
    >>> sol = solve_univariate(DataSet(clean=[0, 1, 3, "7/2"], radius="1/5"))
    >>> sol.cost, sol.certificate_ok, sol.unique
    (mpq(95,6), True, True)
    >>> [v.status.value for v in sol.verdicts()]
    ['proved', 'proved', 'certified']
    """
    if isinstance(refine, bool) or not isinstance(refine, int) or refine < 0:
        raise InvalidDataError(f"refine = {refine!r}: must be a non-negative integer (grid points added per interval)")
    points = interpolation_points(data)
    kappa = discrete_curvatures(points)
    cost = exact_sum(abs(k) for k in kappa)
    function = linear_interpolant(points)
    network = _interpolant_network(points, kappa)
    certificate = dual_certificate(points)
    cert_failures = check_dual_certificate(certificate, points, cost)

    if len(points) == 1:
        (t, T), = points
        unique, free_bounds, kinked_bounds = False, ((None, None),), ((None, None),)
        member: Optional[PiecewiseLinear] = PiecewiseLinear.affine(mpq(1), T - t)
    else:
        free = free_intervals(points)
        kinked = _non_adjacent(free)
        unique = not free
        free_bounds = tuple((points[j][0], points[j + 1][0]) for j in free)
        kinked_bounds = tuple((points[j][0], points[j + 1][0]) for j in kinked)
        member = None if unique else kinked_member(points, kinked)
    member_failures: tuple = ()
    if member is not None:
        problems = _interpolation_failures(data, member)
        if member.slope_variation() != cost:
            problems.append(f"its cost {brief(member.slope_variation())} differs from OPT = {brief(cost)}")
        if member == function:
            problems.append("it equals the linear interpolant")
        member_failures = tuple(problems)

    chosen, note = _choose_solver(solver)
    lp = _min_cost_lp(points, cost, refine, chosen, note, max_denominator)
    if probe:
        probes, probe_info = _probe(points, kappa, cost, refine, chosen)
    else:
        probes, probe_info = (), {"status": "not run (probe=False)", "solver": chosen, "seconds": 0.0}
    return UnivariateSolution(
        data=data, points=points, curvatures=kappa, cost=cost, function=function, network=network,
        certificate=certificate, certificate_ok=not cert_failures, certificate_failures=cert_failures,
        unique=unique, free_intervals=free_bounds, kinked_intervals=kinked_bounds, extreme_member=member,
        extreme_member_failures=member_failures, lp=MappingProxyType(lp), probe=probes,
        probe_info=MappingProxyType(probe_info),
    )


# -- verdicts -----------------------------------------------------------------------------------


def _optimality_verdict(sol: UnivariateSolution) -> Verdict:
    f, net = sol.function, sol.network
    tv = f.slope_variation()
    facts = {"OPT": sol.cost, "dual value": sol.certificate.dual_value, "max |eta|": sol.certificate.max_abs_eta,
             "int |f''|": tv, "sum |a||w|": net.cost()}
    problems = list(sol.certificate_failures)
    problems += _interpolation_failures(sol.data, f)
    if net.to_pwl() != f:
        problems.append("the network does not compute the minimiser")
    if not tv == net.cost() == sol.cost:
        problems.append(f"int |f''| = {brief(tv)}, sum |a||w| = {brief(net.cost())} and OPT = {brief(sol.cost)} differ")
    if problems:
        return Verdict("optimality", Status.INCONCLUSIVE, "the exact optimality argument failed: " + "; ".join(problems),
                       facts=facts)
    return Verdict(
        "optimality", Status.PROVED,
        f"exact dual certificate at the {len(sol.points)} interpolation points: sum mu = 0, sum mu t = 0, "
        f"max |eta| = {brief(sol.certificate.max_abs_eta)} <= 1 and dual value sum mu_i T_i = {brief(sol.certificate.dual_value)}; "
        f"by weak duality (THEORY.md section 5) every interpolant costs at least that, and the linear interpolant "
        f"(a network of {len(net.units)} units) interpolates exactly and costs int |f''| = sum |a||w| = {brief(sol.cost)}",
        facts=facts,
    )


def _uniqueness_verdict(sol: UnivariateSolution) -> Verdict:
    saturated = _saturated_intervals(sol.certificate)
    rule_free = tuple((sol.points[j][0], sol.points[j + 1][0]) for j in saturated)
    if len(sol.points) >= 2 and rule_free != sol.free_intervals:
        return Verdict("uniqueness", Status.INCONCLUSIVE,
                       "the certificate's saturated intervals differ from the curvature-sign rule's free intervals")
    if sol.unique:
        if sol.certificate_failures:
            return Verdict("uniqueness", Status.INCONCLUSIVE, "the certificate failed its exact check")
        return Verdict(
            "uniqueness", Status.PROVED,
            "the exact certificate has |eta| = 1 only at the knots of the linear interpolant (no interval between "
            "consecutive points has eta = +1 or -1 at both ends), so equality in weak duality puts f'' of every "
            "minimiser on those knots: the linear interpolant is the unique minimiser "
            "(the curvature-sign rule of THEORY.md section 3: no two neighbouring curvatures share a sign)"
            + ("; the ball problem has the same minimum and its minimisers are among these, so it is unique too"
               if sol.data.radius is not None else ""),
            facts={"free intervals": ()},
        )
    member = sol.extreme_member
    if member is None or sol.extreme_member_failures:
        why = "; ".join(sol.extreme_member_failures) or "no member was built"
        return Verdict("uniqueness", Status.INCONCLUSIVE, f"not unique by the curvature-sign rule, but the witness fails: {why}")
    lo, hi = sol.kinked_intervals[0]
    if lo is None:
        t = sol.points[0][0]
        y = t + 1
        where = (f"a single interpolation point t = {brief(t)}: every affine function through it costs 0; "
                 "the one of slope 1")
    else:
        y = (lo + hi) / 2
        where = (f"{len(sol.free_intervals)} free interval(s) (neighbouring curvatures non-zero with the same sign), "
                 f"the first ({brief(lo)}, {brief(hi)}); the member kinked on {len(sol.kinked_intervals)} of them "
                 "(no two adjacent)")
    return Verdict(
        "uniqueness", Status.REFUTED,
        f"{where} interpolates exactly and costs exactly {brief(member.slope_variation())} = OPT, but differs from "
        f"the linear interpolant: at y = {brief(y)} it is {brief(member(y))}, not {brief(sol.function(y))}",
        counterexample={"function": member, "cost": member.slope_variation(), "y": y,
                        "f(y)": member(y), "linear interpolant(y)": sol.function(y)},
        facts={"free intervals": sol.free_intervals},
    )


def _numeric_verdict(sol: UnivariateSolution) -> Verdict:
    lp, info = sol.lp, sol.probe_info
    problems = []
    if lp["status"] != _OPTIMAL:
        problems.append(f"the LP solver {lp['solver']} reported status {lp['status']!r}")
    elif lp["relative gap"] > LP_RELATIVE_TOLERANCE:
        problems.append(f"the LP value {lp['primal value']:.12g} differs from the exact minimum {brief(sol.cost)} "
                        f"by {lp['gap']:.3g} (more than {LP_RELATIVE_TOLERANCE:g} relative)")
    probe_text = "uniqueness probe not run"
    if info["status"] == _OPTIMAL:
        disagree = [p for p in sol.probe if p.agrees is False]
        unresolved = [p for p in sol.probe if p.agrees is None]
        for p in disagree[:3]:
            problems.append(f"on ({brief(p.lo)}, {brief(p.hi)}) the probe spread is {p.spread:.3g} "
                            f"(threshold {p.threshold:.3g}) but the rule says {'free' if p.free_by_rule else 'forced'}")
        if len(disagree) > 3:
            problems.append(f"... {len(disagree)} intervals disagree in all")
        if unresolved:
            problems.append(f"{len(unresolved)} free interval(s) have curvatures too small for the probe to resolve")
        forced = [p.spread for p in sol.probe if not p.free_by_rule]
        free = [p.spread for p in sol.probe if p.free_by_rule]
        probe_text = (f"uniqueness probe on {len(sol.probe)} intervals ({info['grid points']}-point grid): "
                      f"largest spread of f(midpoint) over the optimal face on the {len(forced)} forced intervals "
                      f"{max(forced, default=0.0):.3g}" + (f", smallest on the {len(free)} free intervals {min(free):.3g}"
                                                          if free else "") + ", agreeing with the curvature-sign rule")
    elif not info["status"].startswith("not run"):
        problems.append(f"the uniqueness probe's solver reported status {info['status']!r}")
    elif len(sol.points) < 2:
        probe_text = "no interval to probe (a single point)"
    facts = {"solver": lp["solver"], "status": lp["status"], "primal value": lp["primal value"], "gap": lp["gap"],
             "exact cost of rationalised solution": lp["exact cost of rationalised solution"],
             "probe status": info["status"]}
    if problems:
        return Verdict("numeric agreement", Status.INCONCLUSIVE, "; ".join(problems) + f" ({probe_text})", facts=facts)
    rational = lp["exact cost of rationalised solution"]
    rational_text = ("equals the exact minimum" if rational == sol.cost
                     else f"exceeds the exact minimum by {brief(rational - sol.cost)}")
    return Verdict(
        "numeric agreement", Status.CERTIFIED,
        f"knot-grid LP ({lp['grid points']} points, {lp['solver']}, status optimal): value {lp['primal value']:.15g}, "
        f"|value - OPT| = {lp['gap']:.3g}; its rationalised solution costs exactly {brief(rational)}, which {rational_text}; "
        f"{probe_text}",
        facts=facts,
    )
