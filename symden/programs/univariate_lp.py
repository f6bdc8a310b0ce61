"""The 1-D numeric path: the knot-grid LP, solved as independent evidence for the exact minimiser.

docs/theory.md sections 3, 5 and 6. The exact minimiser of any 1-D data, its exact dual
certificate and the uniqueness rule are exact mathematics and live in
:mod:`symden.certificates.univariate`; this module adds the numeric evidence and returns one
:class:`~symden.records.Solution`.

:func:`solve_univariate` builds the LP over continuous piecewise-linear functions on a knot grid
(the points, less the inner points of runs of equal targets, which do not change the minimum:
:func:`_lp_points`, plus ``refine`` equally spaced points inside each interval, free tail
slopes), solves it with cvxpy and HiGHS, rationalises the float solution and re-checks its cost
and interpolation exactly, and (by default on up to :data:`PROBE_AUTO_INTERVALS` intervals)
probes each interval's near-optimal variations for uniqueness. The floats are evidence, never
the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import cvxpy as cp
import numpy as np
import scipy.sparse as sparse

from symden.certificates.univariate import UnivariateOptimum, chord_slopes, univariate_optimum
from symden.data import DataSet
from symden.errors import ExactLimitError, InvalidDataError
from symden.exact import Exact, brief, rationalize, to_float
from symden.programs._solvers import run as _run
from symden.pwl import PiecewiseLinear
from symden.records import Quantity, Solution, Status, Verdict
from symden.reference import cite

__all__ = ["PROGRAM", "solve_univariate"]

#: The name this program gives its :class:`~symden.records.Solution`.
PROGRAM = "1-D knot LP"
#: Relative agreement required between the LP's float value and the exact minimum.
LP_RELATIVE_TOLERANCE = 1e-6
#: The probe's cost slack: ``cost <= OPT + PROBE_COST_SLACK * max(1, OPT)``.
PROBE_COST_SLACK = 1e-9
#: A probe spread counts as positive above ``4 slack h + PROBE_VALUE_NOISE * max(1, max |T|)``.
#: On a forced interval of length h, a cost slack lets f(midpoint) move by at most about
#: ``slack h/2`` (``slack h`` on an end interval, where the free tail need not return to the
#: chord slope): the margin is 4x, plus the solver's noise. Observed: at most 2/3 slack h.
PROBE_VALUE_NOISE = 1e-8
#: ``probe=None`` (the default) runs the probe only up to this many intervals. Its LPs have
#: ~4 rows per interval and HiGHS takes ~1.5 s per 10^4 intervals and sign (super-linear), while
#: the exact rule already decides uniqueness; ``probe=True`` runs it at any size.
PROBE_AUTO_INTERVALS = 2000
_OPTIMAL = "optimal"


# -- the numeric path ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _IntervalProbe:
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


def _choose_solver(requested: str) -> tuple:
    """(solver to use, note): HiGHS falls back to Clarabel when it is not installed."""
    name = str(requested).upper()
    installed = cp.installed_solvers()
    if name == "HIGHS" and name not in installed and "CLARABEL" in installed:
        return "CLARABEL", "HIGHS is not installed; fell back to CLARABEL"
    return name, ""



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


def _lp_points(points: Sequence) -> tuple:
    """Indices of the points the LP keeps: all but the inner points of runs of equal targets.

    Dropping them does not change the minimum. Let ``P'`` be the kept points. Fewer constraints
    can only lower the minimum, so ``OPT(P') <= OPT(P)``. Conversely the linear interpolant of
    ``P'`` (tails continuing the end chords) is a minimiser for ``P'`` (docs/theory.md sections 3
    and 6.1: it attains ``sum |kappa|``, and a minimiser with knots only at the points exists). A
    dropped point ``t_i`` lies between two kept points of its run, which have its target ``T``,
    so the linear interpolant of ``P'`` is constant ``T`` there and interpolates ``t_i`` too. It is
    feasible for ``P`` at cost ``OPT(P')``, hence ``OPT(P) = OPT(P')``. Offline, a cluster's
    samples are such a run (unless another cluster's samples interleave), so the LP keeps two
    points per cluster instead of all of its samples. Online data have runs of two points and
    lose nothing.

    The reduced LP's minimisers need not interpolate the dropped points (on a reduced interval
    where both end curvatures share a sign, it may bulge); :func:`_min_cost_lp` checks the
    rationalised solution at every point exactly and says so. The uniqueness probe runs on all
    points (:func:`_probe`).

    >>> _lp_points([(0, 0), (1, 5), (2, 5), (3, 5), (4, 0)])
    (0, 1, 3, 4)
    """
    last = len(points) - 1
    return tuple(i for i in range(len(points))
                 if i == 0 or i == last or not (points[i - 1][1] == points[i][1] == points[i + 1][1]))


def _min_cost_lp(points: Sequence, cost: Exact, refine: int, solver: str, note: str, max_denominator: int) -> dict:
    """Solve the knot-grid LP on the reduced points (:func:`_lp_points`), rationalise, re-check exactly.

    The rationalised solution's exact cost is compared with OPT and it is evaluated exactly at
    every interpolation point, the dropped ones included.
    """
    kept = _lp_points(points)
    reduced = [points[i] for i in kept]
    grid, data_index = _grid(reduced, refine)
    z, objective, constraints = _grid_program(grid, data_index, reduced)
    problem = cp.Problem(cp.Minimize(objective), constraints)
    status, seconds, caught = _run(problem, solver)
    report: dict = {
        "solver": solver, "solver note": note, "status": status, "seconds": seconds, "grid points": len(grid),
        "LP points": len(reduced), "refine": refine, "warnings": caught, "primal value": None,
        "exact cost of rationalised solution": None, "rationalised solution interpolates": None,
        "gap": None, "relative gap": None, "rationalised solution optimal": None,
    }
    if status != _OPTIMAL or z.value is None or problem.value is None:
        return report
    value = float(problem.value)
    gap = abs(value - to_float(cost))
    report.update({"primal value": value, "gap": gap, "relative gap": gap / max(1.0, abs(to_float(cost)))})
    zv = z.value
    values: list = [None] * len(grid)
    for i, (_, T) in zip(data_index, reduced):
        values[i] = T  # the interpolation constraints are exact by definition, not by the solver
    for i, v in enumerate(zv[1:-1]):
        if values[i] is None:
            values[i] = rationalize(float(v), max_denominator=max_denominator, name="LP value")
    try:
        rational = PiecewiseLinear(
            knots=grid, values=values,
            left_slope=rationalize(float(zv[0]), max_denominator=max_denominator, name="LP left slope"),
            right_slope=rationalize(float(zv[-1]), max_denominator=max_denominator, name="LP right slope"),
        )
        exact_cost = rational.slope_variation()
        interpolates = all(v == T for v, (_, T) in zip(rational.values_at([t for t, _ in points]), points))
        optimal = exact_cost == cost and interpolates
    except (ExactLimitError, OverflowError) as exc:  # algebraic grid points too large for exact arithmetic
        report["exact limit"] = f"{type(exc).__name__}: {exc}"
        return report
    report["exact cost of rationalised solution"] = exact_cost
    report["rationalised solution interpolates"] = interpolates
    report["rationalised solution optimal"] = optimal
    return report


def _odd(r: int) -> int:
    return r if r % 2 else r + 1


def _probe_rows(points: Sequence, kappa: Sequence, counts: Sequence) -> tuple:
    """The probe's local programs, all at once: ``(D, e, B, base, mids, widths)`` in floats.

    Interval j gets ``counts[j]`` grid points inside (variables ``u``, concatenated over j).
    Its terms ``D u + e`` are the slope changes that depend on them, with every other interval
    left linear: at ``t_j`` (first slope minus the chord slope ``s_{j-1}``; none at ``t_1``,
    where the free tail follows), at each inner grid point, and at ``t_{j+1}`` (``s_{j+1}``
    minus the last slope; none at ``t_M``). ``B`` sums ``|terms|`` per interval; the linear
    interpolant's value of that sum is ``base_j = |kappa_j| + |kappa_{j+1}|``.
    """
    m = len(points) - 1
    h = [to_float(b - a) for (a, _), (b, _) in zip(points, points[1:])]
    T = [to_float(v) for _, v in points]
    s = [to_float(v) for v in chord_slopes(points)]
    rows, cols, vals, e, block = [], [], [], [], []
    mids = []
    offset = 0
    term = 0

    def add(entries, const, j):
        nonlocal term
        for c, v in entries:
            rows.append(term)
            cols.append(c)
            vals.append(v)
        e.append(const)
        block.append(j)
        term += 1

    for j in range(m):
        r = counts[j]
        g = h[j] / (r + 1)
        lo, hi = T[j], T[j + 1]
        first, last = offset, offset + r - 1
        # node k (0..r+1): k = 0 and r+1 are the fixed ends, k = 1..r the variables offset + k - 1
        if j > 0:  # sigma_0 - s_{j-1}, sigma_0 = (u_first - T_j)/g
            add(((first, 1 / g),), -lo / g - s[j - 1], j)
        for k in range(1, r + 1):  # (v_{k+1} - 2 v_k + v_{k-1}) / g
            entries, const = [(offset + k - 1, -2 / g)], 0.0
            if k - 1 >= 1:
                entries.append((offset + k - 2, 1 / g))
            else:
                const += lo / g
            if k + 1 <= r:
                entries.append((offset + k, 1 / g))
            else:
                const += hi / g
            add(entries, const, j)
        if j < m - 1:  # s_{j+1} - sigma_r, sigma_r = (T_{j+1} - u_last)/g
            add(((last, 1 / g),), s[j + 1] - hi / g, j)
        mids.append(offset + (r + 1) // 2 - 1)
        offset += r
    D = sparse.csr_matrix((vals, (rows, cols)), shape=(term, offset))
    B = sparse.csr_matrix((np.ones(term), (block, np.arange(term))), shape=(m, term))
    base = np.array([to_float(abs(kappa[j]) + abs(kappa[j + 1])) for j in range(m)])
    return D, np.array(e), B, base, np.array(mids, dtype=int), h


def _probe(points: Sequence, kappa: Sequence, cost: Exact, refine: int, solver: str) -> tuple:
    """Max and min of f at every interval midpoint, each interval varied alone within the cost slack.

    For interval j, f may change only inside ``(t_j, t_{j+1})`` (on an odd number of grid
    points there, so that the midpoint is one); everything else stays the linear interpolant
    ``f*``, and the cost may exceed ``OPT = cost(f*)`` by at most the slack. Such an f changes
    only the slope changes at ``t_j``, inside, and at ``t_{j+1}``, so the cost bound is one row per
    interval over a few terms (:func:`_probe_rows`), and the intervals' programs are independent:
    two LPs (one per sign) push every midpoint to its own extreme at once. Each interval's
    feasible set lies inside the near-optimal face ``{interpolates, cost <= OPT + slack}`` of the
    whole grid, so on a forced interval the spread is at most what that face allows (about
    ``slack h/2``; the threshold is 4x that). On a free interval (``kappa_j kappa_{j+1} > 0``) the
    tent ``f = chord - e`` at the midpoint, ``0 <= e <= h min(|kappa_j|, |kappa_{j+1}|)/2``, changes
    only this interval and keeps the cost at OPT (the slope change at each end keeps its sign),
    so a wrong "forced" would still show a positive spread. The grid has at least 3 inner points
    on free intervals and ``refine`` rounded up to odd on the others; sizing it by the rule does
    not make the probe circular, for the same reason.

    (The probe used to be one LP over the whole grid with a single dense cost row, four solves
    by parity of intervals; on 10^4 samples it took 87% of the run.)
    """
    info: dict = {"status": "not run: a single point has no interval", "solver": solver, "seconds": 0.0}
    if len(points) < 2:
        return (), info
    m = len(points) - 1
    counts = [_odd(max(3, refine)) if kappa[j] * kappa[j + 1] > 0 else _odd(refine) for j in range(m)]
    D, e, B, base, mids, widths = _probe_rows(points, kappa, counts)
    slack = PROBE_COST_SLACK * max(1.0, to_float(cost))
    u = cp.Variable(D.shape[1])
    sign = cp.Parameter()
    program = cp.Problem(cp.Minimize(sign * cp.sum(u[mids])), [B @ cp.abs(D @ u + e) <= base + slack])
    low, high = np.full(m, np.nan), np.full(m, np.nan)
    info.update({"grid points": len(points) + D.shape[1], "refine": (min(counts), max(counts)), "cost slack": slack,
                 "warnings": ()})
    seconds, caught = 0.0, []
    for value, store in ((1.0, low), (-1.0, high)):
        sign.value = value
        status, secs, w = _run(program, solver)
        seconds += secs
        caught.extend(w)
        if status != _OPTIMAL or u.value is None:
            info.update({"status": status, "seconds": seconds, "warnings": tuple(caught)})
            return (), info
        store[:] = u.value[mids]
    info.update({"status": _OPTIMAL, "seconds": seconds, "warnings": tuple(caught)})
    floor = PROBE_VALUE_NOISE * max(1.0, max(abs(to_float(T)) for _, T in points))
    out = []
    for j in range(m):
        (lo, _), (hi, _) = points[j], points[j + 1]
        threshold = 4 * slack * widths[j] + floor
        free = kappa[j] * kappa[j + 1] > 0
        spread = float(high[j] - low[j])
        if free:
            guaranteed = to_float((hi - lo) * min(abs(kappa[j]), abs(kappa[j + 1])) / 2)
            agrees: Optional[bool] = (spread > threshold) if guaranteed > 2 * threshold else None
        else:
            agrees = spread <= threshold
        out.append(_IntervalProbe(lo, hi, float(low[j]), float(high[j]), spread, threshold, free, agrees))
    return tuple(out), info


def solve_univariate(
    data: DataSet, *, refine: int = 1, solver: str = "HIGHS", probe: Optional[bool] = None,
    max_denominator: int = 10**6
) -> Solution:
    """The minimum-cost interpolant of any 1-D data, exactly, with the LP as independent evidence.

    .. math::

        \\min_f \\int |f''| \\quad \\text{s.t. } f(t_i) = T_i, \\qquad
        \\mathrm{OPT} = \\sum_j |\\kappa_j|, \\quad \\kappa_j = s_j - s_{j-1}

    Works for every 1-D data set: clusters with one sample (where the closed form of
    docs/theory.md section 3 refuses), clusters whose samples interleave, and online balls. All
    decisions are exact (:func:`symden.certificates.univariate_optimum`); the LP and the probe
    are floats and only feed the ``numeric agreement`` verdict.

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
        Run the uniqueness probe (two LPs on the finer grid; evidence beside the exact rule):
        True always, False never, None (default) when there are at most
        :data:`PROBE_AUTO_INTERVALS` intervals between points.
    max_denominator
        Bound for rationalising the LP's float solution.

    Returns
    -------
    Solution
        ``status`` PROVED with ``lower == upper = OPT`` when the exact dual certificate checks;
        ``verdicts`` are ``optimality``, ``uniqueness`` and ``numeric agreement``;
        ``certificate`` the :class:`~symden.certificates.DualCertificate`; ``evidence`` the
        interpolation points, curvatures, minimiser, network cost, free and kinked intervals
        and (when not unique) the kinked member; ``solver`` the LP's facts. INCONCLUSIVE (never
        an exception) when exact arithmetic hits a limit; the verdict and notes say where.

    Raises
    ------
    ConditionError
        When the data are not 1-D.
    InvalidDataError
        When ``refine`` is not a non-negative integer.

    Examples
    --------
    >>> sol = solve_univariate(DataSet(clean=[0, 1, 3, "7/2"], radius="1/5"))
    >>> sol.status, sol.lower, sol.upper
    (Status.PROVED, mpq(95,6), mpq(95,6))
    >>> [v.status.value for v in sol.verdicts]
    ['proved', 'proved', 'evidence']
    """
    run = _run_univariate(data, refine=refine, solver=solver, probe=probe, max_denominator=max_denominator)
    return run if isinstance(run, Solution) else _solution(run)


@dataclass(frozen=True, eq=False)
class _Run:
    """What one run of the 1-D path computed, before it is summarised as a Solution (private)."""

    opt: UnivariateOptimum
    verdicts: tuple
    network_cost: Exact
    lp: dict
    probes: tuple
    probe_info: dict


def _run_univariate(data: DataSet, *, refine: int = 1, solver: str = "HIGHS", probe: Optional[bool] = None,
                    max_denominator: int = 10**6):
    """The exact minimiser, the LP and the probe: a :class:`_Run`, or an inconclusive Solution on an exact limit."""
    if isinstance(refine, bool) or not isinstance(refine, int) or refine < 0:
        raise InvalidDataError(f"refine = {refine!r}: must be a non-negative integer (grid points added per interval)")
    try:
        opt = univariate_optimum(data)
        exact_verdicts = opt.verdicts()
        network_cost = opt.network.cost()
    except (ExactLimitError, OverflowError) as exc:
        return _undecided(data, exc)

    chosen, note = _choose_solver(solver)
    lp = _min_cost_lp(opt.points, opt.cost, refine, chosen, note, max_denominator)
    intervals = len(opt.points) - 1
    if probe is None and intervals > PROBE_AUTO_INTERVALS:
        probes, probe_info = (), {"status": f"not run: {intervals} intervals, more than the {PROBE_AUTO_INTERVALS} "
                                            "probed by default (probe=True, or symden solve --probe, runs it)",
                                  "solver": chosen, "seconds": 0.0}
    elif probe is False:
        probes, probe_info = (), {"status": "not run (probe=False)", "solver": chosen, "seconds": 0.0}
    else:
        probes, probe_info = _probe(opt.points, opt.curvatures, opt.cost, refine, chosen)
    verdicts = exact_verdicts + (_numeric_verdict(opt, lp, probes, probe_info),)
    return _Run(opt, verdicts, network_cost, lp, probes, probe_info)


def _solution(run: _Run) -> Solution:
    opt, verdicts, lp, network_cost = run.opt, run.verdicts, run.lp, run.network_cost
    proved = verdicts[0].status is Status.PROVED
    notes: tuple = ()
    if not opt.unique:
        spans = ", ".join(f"({brief(a)}, {brief(b)})" if a is not None else "everywhere" for a, b in opt.free_intervals)
        notes = (f"the minimiser is not unique: free on {spans}",)
    evidence = [
        (Quantity.INTERPOLATION_POINTS, opt.points),
        (Quantity.CURVATURES, opt.curvatures),
        (Quantity.FUNCTION, opt.function),
        (Quantity.NETWORK_COST, network_cost),
        (Quantity.FREE_INTERVALS, opt.free_intervals),
        (Quantity.KINKED_INTERVALS, opt.kinked_intervals),
    ]
    if opt.extreme_member is not None:
        evidence.append((Quantity.KINKED_MEMBER, opt.extreme_member))
    return Solution(
        data=opt.data, program=PROGRAM, status=Status.PROVED if proved else Status.INCONCLUSIVE,
        lower=opt.cost if proved else None, upper=opt.cost if proved else None, network=opt.network,
        verdicts=verdicts, certificate=opt.certificate, evidence=tuple(evidence), solver=tuple(lp.items()),
        notes=notes,
    )


def _undecided(data: DataSet, exc: BaseException) -> Solution:
    """Exact arithmetic hit a limit: an inconclusive Solution that says what was not decided."""
    why = f"{type(exc).__name__}: {exc}"
    verdict = Verdict(
        "optimality", Status.INCONCLUSIVE,
        f"exact arithmetic hit a limit while building the exact minimiser and its dual certificate ({why}); "
        "the minimum cost of these data is not decided",
        reference=cite("5"),
    )
    return Solution(data=data, program=PROGRAM, status=Status.INCONCLUSIVE, verdicts=(verdict,),
                    notes=(f"not decided: the exact minimum cost (exact arithmetic hit a limit: {why})",))


# -- the numeric verdict ------------------------------------------------------------------------


def _numeric_verdict(sol: UnivariateOptimum, lp: dict, probes: tuple, info: dict) -> Verdict:
    problems = []
    if lp["status"] != _OPTIMAL:
        problems.append(f"the LP solver {lp['solver']} reported status {lp['status']!r}")
    elif lp["relative gap"] > LP_RELATIVE_TOLERANCE:
        problems.append(f"the LP value {lp['primal value']:.12g} differs from the exact minimum {brief(sol.cost)} "
                        f"by {lp['gap']:.3g} (more than {LP_RELATIVE_TOLERANCE:g} relative)")
    elif lp["exact cost of rationalised solution"] is None:
        problems.append(f"the exact cost of the rationalised LP solution is not decided ({lp.get('exact limit')})")
    probe_text = f"uniqueness probe {info['status']}" if info["status"].startswith("not run") else "uniqueness probe failed"
    if info["status"] == _OPTIMAL:
        disagree = [p for p in probes if p.agrees is False]
        unresolved = [p for p in probes if p.agrees is None]
        for p in disagree[:3]:
            problems.append(f"on ({brief(p.lo)}, {brief(p.hi)}) the probe spread is {p.spread:.3g} "
                            f"(threshold {p.threshold:.3g}) but the rule says {'free' if p.free_by_rule else 'forced'}")
        if len(disagree) > 3:
            problems.append(f"... {len(disagree)} intervals disagree in all")
        if unresolved:
            problems.append(f"{len(unresolved)} free interval(s) have curvatures too small for the probe to resolve")
        forced = [p.spread for p in probes if not p.free_by_rule]
        free = [p.spread for p in probes if p.free_by_rule]
        probe_text = (f"uniqueness probe on {len(probes)} intervals ({info['grid points']}-point grid): "
                      f"largest spread of f(midpoint) over its near-optimal variations on the {len(forced)} forced intervals "
                      f"{max(forced, default=0.0):.3g}" + (f", smallest on the {len(free)} free intervals {min(free):.3g}"
                                                          if free else "") + ", agreeing with the curvature-sign rule")
    elif not info["status"].startswith("not run"):
        problems.append(f"the uniqueness probe's solver reported status {info['status']!r}")
    elif len(sol.points) < 2:
        probe_text = "no interval to probe (a single point)"
    rational = lp["exact cost of rationalised solution"]
    facts = ((Quantity.OPTIMUM, sol.cost),) + (((Quantity.RATIONALISED_COST, rational),) if rational is not None else ())
    if problems:
        return Verdict("numeric agreement", Status.INCONCLUSIVE, "; ".join(problems) + f" ({probe_text})",
                       evidence=facts, reference=cite("6"))
    rational_text = ("equals the exact minimum" if rational == sol.cost
                     else f"exceeds the exact minimum by {brief(rational - sol.cost)}")
    dropped = len(sol.points) - lp["LP points"]
    reduced = (f" on {lp['LP points']} of the {len(sol.points)} points (the inner points of runs of equal targets "
               "dropped: same minimum)" if dropped else "")
    misses = "" if lp["rationalised solution interpolates"] else " (it interpolates the kept points, not every point)"
    return Verdict(  # floats agreeing with the exact optimum: evidence about the solver, never a proof
        "numeric agreement", Status.EVIDENCE,
        f"knot-grid LP{reduced} ({lp['grid points']} grid points, {lp['solver']}, status optimal): "
        f"value {lp['primal value']:.15g}, |value - OPT| = {lp['gap']:.3g}; its rationalised solution costs exactly "
        f"{brief(rational)}, which {rational_text}{misses}; {probe_text}",
        evidence=facts, reference=cite("6"),
    )
