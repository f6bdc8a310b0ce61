"""The general 1-D program (THEORY.md sections 3, 5, 6): exact minimiser, certificate, uniqueness, LP."""

import subprocess
import sys
from fractions import Fraction

import cvxpy as cp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symden.certificates import (
    check_dual_certificate,
    discrete_curvatures,
    dual_certificate,
    free_intervals,
    interpolation_points,
    kinked_member,
    linear_interpolant,
    univariate_optimum,
)
from symden.closed_forms.univariate import clusters, condition_failures, univariate_denoiser
from symden.data import DataSet
from symden.errors import ConditionError, ExactLimitError, InexactNumberError, InvalidDataError
from symden.exact import exact
from symden.programs import solve_univariate
from symden.programs import univariate_lp as ulp
from symden.pwl import PiecewiseLinear
from symden.records import Quantity, Solution, Status
from symden.verify.univariate import check_interpolation
from tests.strategies import fractions, offline_1d, online_1d

F = Fraction

U1 = DataSet(clean=[0, 1, 3, "7/2"], radius="1/5")
# t = 0, 1, 2, 3 with targets 0, 0, 1, 3: kappa = 1 at t = 1 and at t = 2, so (1, 2) is free
NON_UNIQUE = DataSet(clean=[0, 1, 3], samples=[[0, 1], [2], [3]])


def statuses(sol):
    return {v.name: v.status for v in sol.verdicts}


def verdict(sol, name):
    return next(v for v in sol.verdicts if v.name == name)


def points_of(sol):
    return sol.value(Quantity.INTERPOLATION_POINTS)


def run_of(data, **options):
    """The program's private run record (LP facts and the per-interval probe) and its Solution."""
    run = ulp._run_univariate(data, **options)
    return run, ulp._solution(run)


def assert_exact_solution(sol):
    """The exact claims every solution must satisfy, checked independently of the module."""
    assert isinstance(sol, Solution) and sol.program == ulp.PROGRAM
    assert sol.status is Status.PROVED and sol.exact
    points, kappa, f = points_of(sol), sol.value(Quantity.CURVATURES), sol.value(Quantity.FUNCTION)
    cost = sol.lower
    assert check_dual_certificate(sol.certificate, points, cost) == ()
    assert cost == sum(abs(k) for k in kappa)
    assert sol.network.to_pwl() == f
    assert sol.network.cost() == f.slope_variation() == cost == sol.value(Quantity.NETWORK_COST)
    assert check_interpolation(sol.data, sol.network).status == Status.PROVED
    assert len(sol.network.units) == sum(1 for k in kappa if k != 0)
    assert verdict(sol, "optimality").status is Status.PROVED
    assert verdict(sol, "optimality").value(Quantity.DUAL_VALUE) == cost


# -- golden values -----------------------------------------------------------------------------


def test_U1_cost_certificate_uniqueness_and_the_closed_form():
    run, sol = run_of(U1)
    assert sol.lower == sol.upper == F(95, 6)
    assert_exact_solution(sol)
    assert sol.value(Quantity.FREE_INTERVALS) == () and sol.value(Quantity.KINKED_MEMBER) is None
    assert run.opt.unique and sol.notes == ()
    closed = univariate_denoiser(U1)
    assert sol.value(Quantity.FUNCTION) == closed.function and sol.lower == closed.cost
    assert sol.certificate.dual_value == F(95, 6) and sol.certificate.max_abs_eta == 1
    assert statuses(sol) == {"optimality": Status.PROVED, "uniqueness": Status.PROVED,
                             "numeric agreement": Status.EVIDENCE}
    assert sol.solver_info("status") == "optimal" and sol.solver_info("solver") == "HIGHS"
    assert sol.solver_info("gap") <= 1e-9 * F(95, 6)
    rational = sol.solver_info("exact cost of rationalised solution")
    assert rational >= sol.lower  # weak duality, exactly
    assert verdict(sol, "numeric agreement").value(Quantity.RATIONALISED_COST) == rational
    assert all(p.agrees and not p.free_by_rule for p in run.probes) and len(run.probes) == 7


def test_one_ramp_certificate_is_the_one_in_THEORY():
    # points (-rho, rho, L - rho, L + rho), targets (0, 0, L, L): THEORY.md section 3
    L, rho = F(1), F(1, 10)
    cert = dual_certificate(interpolation_points(DataSet(clean=[0, L], radius=rho)))
    assert cert.weights == (1 / (2 * rho), -1 / (2 * rho) - 2 / (L - 2 * rho),
                            2 / (L - 2 * rho) + 1 / (2 * rho), -1 / (2 * rho))
    assert cert.dual_value == 2 * L / (L - 2 * rho)


def test_non_unique_example_has_a_free_interval_and_an_exact_witness():
    run, sol = run_of(NON_UNIQUE)
    points = points_of(sol)
    assert [(t, T) for t, T in points] == [(0, 0), (1, 0), (2, 1), (3, 3)]
    assert sol.value(Quantity.CURVATURES) == (0, 1, 1, 0) and sol.lower == 2
    assert_exact_solution(sol)
    assert sol.certificate.weights == (1, -1, -1, 1) and sol.certificate.eta == (0, 1, 1, 0)
    assert sol.value(Quantity.FREE_INTERVALS) == ((1, 2),) and sol.value(Quantity.KINKED_INTERVALS) == ((1, 2),)
    assert not run.opt.unique and sol.notes == ("the minimiser is not unique: free on (1, 2)",)
    member = sol.value(Quantity.KINKED_MEMBER)
    # follows chord 0 (slope 0) to the kink at 3/2, then chord 2 (slope 2)
    assert member == PiecewiseLinear(knots=[F(3, 2)], values=[0], left_slope=0, right_slope=2)
    assert [member(t) for t, _ in points] == [T for _, T in points]
    assert member.slope_variation() == sol.lower and member != sol.value(Quantity.FUNCTION)
    assert run.opt.extreme_member_failures == ()
    uniq = verdict(sol, "uniqueness")
    assert uniq.status is Status.REFUTED
    assert uniq.value(Quantity.FUNCTION) == member and uniq.value(Quantity.COST) == 2
    y = uniq.value(Quantity.POINT)
    assert uniq.value(Quantity.VALUE) == member(y) != uniq.value(Quantity.INTERPOLANT_VALUE)
    spreads = {(p.lo, p.hi): p for p in run.probes}
    assert spreads[(1, 2)].free_by_rule and spreads[(1, 2)].spread > 0.1
    assert spreads[(0, 1)].spread < 1e-6 and spreads[(2, 3)].spread < 1e-6
    assert all(p.agrees for p in run.probes)
    assert verdict(sol, "numeric agreement").status is Status.EVIDENCE


def test_a_run_of_free_intervals_is_kinked_every_other_interval():
    points = [(0, 0), (1, 1), (2, 3), (3, 6), (4, 10)]  # kappa = 1, 1, 1: intervals 1 and 2 free
    assert free_intervals(points) == (1, 2)
    base = linear_interpolant(points)
    for chosen in ([1], [2]):
        member = kinked_member(points, chosen)
        assert member.slope_variation() == base.slope_variation() == 3 and member != base
        assert [member(t) for t, _ in points] == [T for _, T in points]
    assert kinked_member(points) == kinked_member(points, [1])
    # both kinks at once make the slope go 1, 3, 2, 4: not monotone, so not a minimiser
    both = PiecewiseLinear(knots=[0, F(3, 2), 2, F(5, 2), 3, 4], values=[0, F(3, 2), 3, 4, 6, 10],
                           left_slope=1, right_slope=4)
    assert [both(t) for t, _ in points] == [T for _, T in points] and both.slope_variation() > 3
    with pytest.raises(InvalidDataError, match="adjacent"):
        kinked_member(points, [1, 2])
    with pytest.raises(InvalidDataError, match="not a free interval"):
        kinked_member(points, [0])
    run, sol = run_of(DataSet(clean=[0, 1, 3, 6, 10], samples=[[0], [1], [2], [3], [4]]))
    assert sol.value(Quantity.FREE_INTERVALS) == ((1, 2), (2, 3)) and sol.value(Quantity.KINKED_INTERVALS) == ((1, 2),)
    assert statuses(sol)["uniqueness"] is Status.REFUTED
    assert [p.free_by_rule for p in run.probes] == [False, True, True, False] and all(p.agrees for p in run.probes)


# -- single-sample and interleaved clusters (where the closed form refuses) ---------------------


def test_single_sample_collinear_clusters_cost_zero_and_are_affine():
    data = DataSet(clean=[0, 1, 2], samples=[[0], [1], [2]])
    with pytest.raises(ConditionError, match="single distinct sample"):
        univariate_denoiser(data)
    sol = solve_univariate(data)
    assert sol.lower == 0 and sol.value(Quantity.FUNCTION) == PiecewiseLinear.affine(1, 0)
    assert sol.network.units == () and sol.network.V == ((1,),) and sol.network.c == (0,)
    assert_exact_solution(sol)
    assert sol.value(Quantity.FREE_INTERVALS) == () and statuses(sol)["uniqueness"] is Status.PROVED
    assert statuses(sol)["numeric agreement"] is Status.EVIDENCE


def test_single_sample_cluster_beside_a_two_sample_cluster():
    data = DataSet(clean=[0, 1, 2], samples=[[0], [1, "1.2"], [2]])
    sol = solve_univariate(data)
    # slopes 1, 0, 5/4: kappa = -1 at 1 and 5/4 at 6/5
    assert sol.value(Quantity.CURVATURES) == (0, -1, F(5, 4), 0) and sol.lower == F(9, 4)
    assert_exact_solution(sol)
    assert sol.value(Quantity.FREE_INTERVALS) == ()
    assert statuses(sol) == {"optimality": Status.PROVED, "uniqueness": Status.PROVED,
                             "numeric agreement": Status.EVIDENCE}


def test_interleaved_clusters_and_repeated_samples():
    data = DataSet(clean=[0, 1], samples=[[0, 2, 2], [1]])  # the sample 2 twice in one cluster: merged
    assert interpolation_points(data) == ((0, 0), (1, 1), (2, 0))
    sol = solve_univariate(data)
    assert sol.lower == 2 and statuses(sol)["uniqueness"] is Status.PROVED
    assert_exact_solution(sol)


def test_a_single_point_is_not_unique():
    run, sol = run_of(DataSet(clean=[5], samples=[[1]]))
    assert sol.lower == 0 and sol.value(Quantity.FUNCTION) == PiecewiseLinear.affine(0, 5)
    assert not run.opt.unique and sol.value(Quantity.FREE_INTERVALS) == ((None, None),)
    member = sol.value(Quantity.KINKED_MEMBER)
    assert member.slope_variation() == 0 and member(1) == 5
    assert sol.notes == ("the minimiser is not unique: free on everywhere",)
    assert_exact_solution(sol)
    assert statuses(sol)["uniqueness"] is Status.REFUTED
    assert run.probes == () and statuses(sol)["numeric agreement"] is Status.EVIDENCE


def test_algebraic_data_agree_with_the_closed_form():
    data = DataSet(clean=[0, "sqrt(2)", 3], radius="1/5")
    sol = solve_univariate(data)
    closed = univariate_denoiser(data)
    assert sol.lower == closed.cost and sol.value(Quantity.FUNCTION) == closed.function
    assert_exact_solution(sol)


# -- the exact part needs no solver ------------------------------------------------------------


def test_the_program_returns_the_exact_optimum_of_certificates():
    # the Solution carries exactly what symden.certificates proves without a solver
    opt = univariate_optimum(NON_UNIQUE)
    sol = solve_univariate(NON_UNIQUE, probe=False)
    assert sol.lower == opt.cost and sol.certificate == opt.certificate and sol.network == opt.network
    assert sol.verdicts[:2] == opt.verdicts()
    assert sol.value(Quantity.KINKED_MEMBER) == opt.extreme_member


def test_an_exact_limit_is_an_inconclusive_solution(monkeypatch):
    def overflow(data):
        raise ExactLimitError("simulated: a radicand too large to factor")

    monkeypatch.setattr(ulp, "univariate_optimum", overflow)
    sol = solve_univariate(U1)
    assert sol.status is Status.INCONCLUSIVE and sol.lower is None and sol.upper is None and sol.network is None
    (v,) = sol.verdicts
    assert v.name == "optimality" and v.status is Status.INCONCLUSIVE
    assert "radicand too large" in v.detail and "not decided" in v.detail
    assert any("not decided" in n for n in sol.notes)


# -- the numeric path's failures are verdicts, not exceptions ----------------------------------


def test_unknown_solver_is_inconclusive_with_its_status():
    run, sol = run_of(NON_UNIQUE, solver="NO_SUCH_SOLVER")
    status = sol.solver_info("status")
    assert status.startswith("solver error") and "NO_SUCH_SOLVER" in status
    assert sol.solver_info("primal value") is None and run.probes == ()
    numeric = verdict(sol, "numeric agreement")
    assert numeric.status is Status.INCONCLUSIVE and "NO_SUCH_SOLVER" in numeric.detail
    # the exact verdicts do not depend on the solver
    assert statuses(sol)["optimality"] is Status.PROVED and statuses(sol)["uniqueness"] is Status.REFUTED
    assert sol.status is Status.PROVED and sol.lower == 2


def test_solver_error_is_inconclusive(monkeypatch):
    def fail(self, *args, **kwargs):
        raise cp.error.SolverError("simulated failure")

    monkeypatch.setattr(cp.Problem, "solve", fail)
    run, sol = run_of(U1)
    assert "simulated failure" in sol.solver_info("status") and "simulated failure" in run.probe_info["status"]
    numeric = verdict(sol, "numeric agreement")
    assert numeric.status is Status.INCONCLUSIVE
    assert "LP solver" in numeric.detail and "probe's solver" in numeric.detail  # both failures are reported
    assert numeric.detail.count("simulated failure") == 2
    assert statuses(sol)["optimality"] is Status.PROVED


def test_inaccurate_status_is_inconclusive(monkeypatch):
    def inaccurate(self, *args, **kwargs):
        self._status = cp.OPTIMAL_INACCURATE

    monkeypatch.setattr(cp.Problem, "solve", inaccurate)
    sol = solve_univariate(U1)
    assert sol.solver_info("status") == "optimal_inaccurate"
    numeric = verdict(sol, "numeric agreement")
    assert numeric.status is Status.INCONCLUSIVE and "optimal_inaccurate" in numeric.detail


def test_a_solve_prints_nothing_to_file_descriptor_1(capfd):
    # HiGHS writes a banner from C++ the first time it logs; the solvers' own options keep
    # the LP, the probe (interior point) and Clarabel silent, without redirecting stdout
    solve_univariate(NON_UNIQUE)
    solve_univariate(U1, solver="CLARABEL")
    out = capfd.readouterr().out
    assert out == ""


def test_a_fresh_process_prints_no_solver_banner():
    # HiGHS's banner appears once per process, at its first use: only a fresh process shows it
    code = ("from symden.data import DataSet\nfrom symden.programs import solve_univariate\n"
            "solve_univariate(DataSet(clean=[0, 1, 3], samples=[[0, 1], [2], [3]]))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""


def test_solving_does_not_touch_file_descriptor_1(monkeypatch):
    # the old fix pointed fd 1 at /dev/null around every solve (process-wide); nothing may dup2 now
    import os

    calls = []
    monkeypatch.setattr(os, "dup2", lambda *a, **k: calls.append(a))
    solve_univariate(NON_UNIQUE)
    assert calls == []


def test_bad_arguments():
    with pytest.raises(InvalidDataError, match="refine"):
        solve_univariate(U1, refine=-1)
    with pytest.raises(ConditionError, match="1-D"):
        solve_univariate(DataSet(clean=[[0, 0], [1, 0]], radius="1/10"))
    with pytest.raises(InexactNumberError):
        linear_interpolant([(0.5, 1)])
    with pytest.raises(InvalidDataError, match="increasing"):
        discrete_curvatures([(1, 0), (0, 1)])


# -- properties ----------------------------------------------------------------------------------


@st.composite
def any_offline_1d(draw):
    """Any offline 1-D data: single-sample clusters, interleaved clusters, repeated samples."""
    n = draw(st.integers(1, 5))
    clean = draw(st.lists(fractions(-10, 10, 6), min_size=n, max_size=n, unique=True))
    values = draw(st.lists(fractions(-10, 10, 6), min_size=n, max_size=12, unique=True))
    owners = list(range(n)) + draw(st.lists(st.integers(0, n - 1), min_size=len(values) - n, max_size=len(values) - n))
    samples = [[v for v, o in zip(values, owners) if o == i] for i in range(n)]
    if draw(st.booleans()):
        samples[0].append(samples[0][0])
    return DataSet(clean=clean, samples=samples)


@settings(max_examples=20, deadline=None)
@given(st.one_of(any_offline_1d(), online_1d(max_points=5), offline_1d(max_points=5)))
def test_exact_solution_and_lp_agree_on_random_data(data):
    run, sol = run_of(data)
    assert_exact_solution(sol)
    numeric = verdict(sol, "numeric agreement")
    if sol.solver_info("status") == "optimal":
        assert sol.solver_info("relative gap") <= 1e-6
        assert sol.solver_info("exact cost of rationalised solution") >= sol.lower
    else:
        assert numeric.status is Status.INCONCLUSIVE
    if not condition_failures(clusters(data)):
        closed = univariate_denoiser(data)
        assert closed.cost == sol.lower and closed.function == sol.value(Quantity.FUNCTION)
    uniq = verdict(sol, "uniqueness")
    member = sol.value(Quantity.KINKED_MEMBER)
    if run.opt.unique:
        assert uniq.status is Status.PROVED and member is None and sol.value(Quantity.FREE_INTERVALS) == ()
    else:
        assert uniq.status is Status.REFUTED and run.opt.extreme_member_failures == ()
        assert member.slope_variation() == sol.lower
        assert check_interpolation(data, _network_of(member)).status == Status.PROVED
    if run.probe_info["status"] == "optimal":
        assert len(run.probes) == len(points_of(sol)) - 1
        for p in run.probes:
            assert p.agrees or (p.agrees is None and numeric.status is Status.INCONCLUSIVE)
    elif len(points_of(sol)) > 1:
        assert numeric.status is Status.INCONCLUSIVE


def _network_of(f):
    """A 1-D network computing the piecewise-linear f (one unit per knot), for the interpolation check."""
    from symden.network import ShallowNetwork, Unit

    slopes = f.slopes()
    units = [Unit(a=(b - a,), w=(1,), b=-t) for t, a, b in zip(f.knots, slopes, slopes[1:])]
    t0, v0 = f.knots[0], f.values[0]
    return ShallowNetwork(units=units, V=((slopes[0],),), c=(v0 - slopes[0] * t0,))


def test_exact_helpers_accept_plain_numbers():
    assert discrete_curvatures([(0, 0), (1, 0), (2, 1), (3, 3)]) == (0, 1, 1, 0)
    assert linear_interpolant([(0, 1)]) == PiecewiseLinear.affine(0, 1)
    assert exact(dual_certificate([(0, 0), (1, 0), (2, 1), (3, 3)]).dual_value) == 2


# -- the reduced LP and the local probe ------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(st.one_of(any_offline_1d(), offline_1d(max_points=5), online_1d(max_points=4)))
def test_dropping_inner_points_of_equal_target_runs_keeps_the_minimum(data):
    # the docstring's argument of ulp._lp_points, checked exactly: same OPT, and the reduced
    # linear interpolant interpolates every dropped point
    points = interpolation_points(data)
    kept = ulp._lp_points(points)
    reduced = [points[i] for i in kept]
    assert kept[0] == 0 and kept[-1] == len(points) - 1
    assert sum(abs(k) for k in discrete_curvatures(reduced)) == sum(abs(k) for k in discrete_curvatures(points))
    f = linear_interpolant(reduced)
    assert [f(t) for t, _ in points] == [T for _, T in points]
    for i in set(range(len(points))) - set(kept):
        assert points[i - 1][1] == points[i][1] == points[i + 1][1]


def test_clusters_of_many_samples_are_solved_on_their_hull_ends():
    data = DataSet(clean=[0, 1, 3], samples=[[0, "0.1", "0.2", "0.3"], ["0.9", 1, "1.1"], [3, "3.1"]])
    run, sol = run_of(data)
    assert sol.solver_info("LP points") == 6 and len(points_of(sol)) == 9
    assert sol.solver_info("rationalised solution interpolates") is True
    assert sol.solver_info("exact cost of rationalised solution") == sol.lower
    assert len(run.probes) == 8 and all(p.agrees for p in run.probes)  # the probe sees every interval
    assert "on 6 of the 9 points" in verdict(sol, "numeric agreement").detail


def test_the_probe_is_skipped_above_its_automatic_size_unless_asked(monkeypatch):
    monkeypatch.setattr(ulp, "PROBE_AUTO_INTERVALS", 2)
    run, sol = run_of(NON_UNIQUE)  # 3 intervals
    assert run.probes == () and run.probe_info["status"].startswith("not run: 3 intervals")
    numeric = verdict(sol, "numeric agreement")
    assert numeric.status is Status.EVIDENCE and "probe not run: 3 intervals" in numeric.detail
    assert statuses(sol)["uniqueness"] is Status.REFUTED  # the exact rule decides either way
    run, _ = run_of(NON_UNIQUE, probe=True)
    assert len(run.probes) == 3 and all(p.agrees for p in run.probes)
