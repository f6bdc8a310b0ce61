"""The general 1-D program (THEORY.md sections 3, 5, 6): exact minimiser, certificate, uniqueness, LP."""

from fractions import Fraction

import cvxpy as cp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symden.closed_forms.univariate import clusters, condition_failures, univariate_denoiser
from symden.data import DataSet
from symden.errors import ConditionError, InexactNumberError, InvalidDataError
from symden.exact import exact
from symden.programs import (
    check_dual_certificate,
    discrete_curvatures,
    dual_certificate,
    free_intervals,
    interpolation_points,
    kinked_member,
    linear_interpolant,
    solve_univariate,
)
from symden.pwl import PiecewiseLinear
from symden.verify import Status
from symden.verify.univariate import check_interpolation
from tests.strategies import fractions, offline_1d, online_1d

F = Fraction

U1 = DataSet(clean=[0, 1, 3, "7/2"], radius="1/5")
# t = 0, 1, 2, 3 with targets 0, 0, 1, 3: kappa = 1 at t = 1 and at t = 2, so (1, 2) is free
NON_UNIQUE = DataSet(clean=[0, 1, 3], samples=[[0, 1], [2], [3]])


def statuses(sol):
    return {v.name: v.status for v in sol.verdicts()}


def verdict(sol, name):
    return next(v for v in sol.verdicts() if v.name == name)


def assert_exact_solution(sol):
    """The exact claims every solution must satisfy, checked independently of the module."""
    assert sol.certificate_ok and check_dual_certificate(sol.certificate, sol.points, sol.cost) == ()
    assert sol.cost == sum(abs(k) for k in sol.curvatures)
    assert sol.network.to_pwl() == sol.function
    assert sol.network.cost() == sol.function.slope_variation() == sol.cost
    assert check_interpolation(sol.data, sol.network).status is Status.PROVED
    assert len(sol.network.units) == sum(1 for k in sol.curvatures if k != 0)
    assert verdict(sol, "optimality").status is Status.PROVED


# -- golden values -----------------------------------------------------------------------------


def test_U1_cost_certificate_uniqueness_and_the_closed_form():
    sol = solve_univariate(U1)
    assert sol.cost == F(95, 6)
    assert_exact_solution(sol)
    assert sol.unique and sol.free_intervals == () and sol.extreme_member is None
    closed = univariate_denoiser(U1)
    assert sol.function == closed.function and sol.cost == closed.cost
    assert sol.certificate.dual_value == F(95, 6) and sol.certificate.max_abs_eta == 1
    assert statuses(sol) == {"optimality": Status.PROVED, "uniqueness": Status.PROVED,
                             "numeric agreement": Status.CERTIFIED}
    assert sol.lp["status"] == "optimal" and sol.lp["solver"] == "HIGHS"
    assert sol.lp["gap"] <= 1e-9 * F(95, 6)
    assert sol.lp["exact cost of rationalised solution"] >= sol.cost  # weak duality, exactly
    assert all(p.agrees and not p.free_by_rule for p in sol.probe) and len(sol.probe) == 7


def test_one_ramp_certificate_is_the_one_in_THEORY():
    # points (-rho, rho, L - rho, L + rho), targets (0, 0, L, L): THEORY.md section 3
    L, rho = F(1), F(1, 10)
    cert = dual_certificate(interpolation_points(DataSet(clean=[0, L], radius=rho)))
    assert cert.weights == (1 / (2 * rho), -1 / (2 * rho) - 2 / (L - 2 * rho),
                            2 / (L - 2 * rho) + 1 / (2 * rho), -1 / (2 * rho))
    assert cert.dual_value == 2 * L / (L - 2 * rho)


def test_non_unique_example_has_a_free_interval_and_an_exact_witness():
    sol = solve_univariate(NON_UNIQUE)
    assert [(t, T) for t, T in sol.points] == [(0, 0), (1, 0), (2, 1), (3, 3)]
    assert sol.curvatures == (0, 1, 1, 0) and sol.cost == 2
    assert_exact_solution(sol)
    assert sol.certificate.weights == (1, -1, -1, 1) and sol.certificate.eta == (0, 1, 1, 0)
    assert not sol.unique and sol.free_intervals == ((1, 2),) and sol.kinked_intervals == ((1, 2),)
    member = sol.extreme_member
    # follows chord 0 (slope 0) to the kink at 3/2, then chord 2 (slope 2)
    assert member == PiecewiseLinear(knots=[F(3, 2)], values=[0], left_slope=0, right_slope=2)
    assert [member(t) for t, _ in sol.points] == [T for _, T in sol.points]
    assert member.slope_variation() == sol.cost and member != sol.function
    assert sol.extreme_member_failures == ()
    uniq = verdict(sol, "uniqueness")
    assert uniq.status is Status.REFUTED
    assert uniq.counterexample["function"] == member and uniq.counterexample["cost"] == 2
    assert uniq.counterexample["f(y)"] != uniq.counterexample["linear interpolant(y)"]
    spreads = {(p.lo, p.hi): p for p in sol.probe}
    assert spreads[(1, 2)].free_by_rule and spreads[(1, 2)].spread > 0.1
    assert spreads[(0, 1)].spread < 1e-6 and spreads[(2, 3)].spread < 1e-6
    assert all(p.agrees for p in sol.probe)
    assert verdict(sol, "numeric agreement").status is Status.CERTIFIED


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
    sol = solve_univariate(DataSet(clean=[0, 1, 3, 6, 10], samples=[[0], [1], [2], [3], [4]]))
    assert sol.free_intervals == ((1, 2), (2, 3)) and sol.kinked_intervals == ((1, 2),)
    assert statuses(sol)["uniqueness"] is Status.REFUTED
    assert [p.free_by_rule for p in sol.probe] == [False, True, True, False] and all(p.agrees for p in sol.probe)


# -- single-sample and interleaved clusters (where the closed form refuses) ---------------------


def test_single_sample_collinear_clusters_cost_zero_and_are_affine():
    data = DataSet(clean=[0, 1, 2], samples=[[0], [1], [2]])
    with pytest.raises(ConditionError, match="single distinct sample"):
        univariate_denoiser(data)
    sol = solve_univariate(data)
    assert sol.cost == 0 and sol.function == PiecewiseLinear.affine(1, 0)
    assert sol.network.units == () and sol.network.V == ((1,),) and sol.network.c == (0,)
    assert_exact_solution(sol)
    assert sol.unique and statuses(sol)["uniqueness"] is Status.PROVED
    assert statuses(sol)["numeric agreement"] is Status.CERTIFIED


def test_single_sample_cluster_beside_a_two_sample_cluster():
    data = DataSet(clean=[0, 1, 2], samples=[[0], [1, "1.2"], [2]])
    sol = solve_univariate(data)
    # slopes 1, 0, 5/4: kappa = -1 at 1 and 5/4 at 6/5
    assert sol.curvatures == (0, -1, F(5, 4), 0) and sol.cost == F(9, 4)
    assert_exact_solution(sol)
    assert sol.unique and statuses(sol) == {"optimality": Status.PROVED, "uniqueness": Status.PROVED,
                                            "numeric agreement": Status.CERTIFIED}


def test_interleaved_clusters_and_repeated_samples():
    data = DataSet(clean=[0, 1], samples=[[0, 2, 2], [1]])  # the sample 2 twice in one cluster: merged
    assert interpolation_points(data) == ((0, 0), (1, 1), (2, 0))
    sol = solve_univariate(data)
    assert sol.cost == 2 and sol.unique
    assert_exact_solution(sol)


def test_a_single_point_is_not_unique():
    sol = solve_univariate(DataSet(clean=[5], samples=[[1]]))
    assert sol.cost == 0 and sol.function == PiecewiseLinear.affine(0, 5)
    assert not sol.unique and sol.free_intervals == ((None, None),)
    assert sol.extreme_member.slope_variation() == 0 and sol.extreme_member(1) == 5
    assert_exact_solution(sol)
    assert statuses(sol)["uniqueness"] is Status.REFUTED
    assert sol.probe == () and statuses(sol)["numeric agreement"] is Status.CERTIFIED


def test_algebraic_data_agree_with_the_closed_form():
    data = DataSet(clean=[0, "sqrt(2)", 3], radius="1/5")
    sol = solve_univariate(data)
    closed = univariate_denoiser(data)
    assert sol.cost == closed.cost and sol.function == closed.function
    assert_exact_solution(sol)


# -- the numeric path's failures are verdicts, not exceptions ----------------------------------


def test_unknown_solver_is_inconclusive_with_its_status():
    sol = solve_univariate(NON_UNIQUE, solver="NO_SUCH_SOLVER")
    assert sol.lp["status"].startswith("solver error") and "NO_SUCH_SOLVER" in sol.lp["status"]
    assert sol.lp["primal value"] is None and sol.probe == ()
    numeric = verdict(sol, "numeric agreement")
    assert numeric.status is Status.INCONCLUSIVE and "NO_SUCH_SOLVER" in numeric.detail
    # the exact verdicts do not depend on the solver
    assert statuses(sol)["optimality"] is Status.PROVED and statuses(sol)["uniqueness"] is Status.REFUTED


def test_solver_error_is_inconclusive(monkeypatch):
    def fail(self, *args, **kwargs):
        raise cp.error.SolverError("simulated failure")

    monkeypatch.setattr(cp.Problem, "solve", fail)
    sol = solve_univariate(U1)
    assert "simulated failure" in sol.lp["status"] and "simulated failure" in sol.probe_info["status"]
    numeric = verdict(sol, "numeric agreement")
    assert numeric.status is Status.INCONCLUSIVE and "simulated failure" in numeric.detail
    assert statuses(sol)["optimality"] is Status.PROVED


def test_inaccurate_status_is_inconclusive(monkeypatch):
    def inaccurate(self, *args, **kwargs):
        self._status = cp.OPTIMAL_INACCURATE

    monkeypatch.setattr(cp.Problem, "solve", inaccurate)
    sol = solve_univariate(U1)
    assert sol.lp["status"] == "optimal_inaccurate"
    numeric = verdict(sol, "numeric agreement")
    assert numeric.status is Status.INCONCLUSIVE and "optimal_inaccurate" in numeric.detail


def test_the_solver_banner_does_not_reach_stdout(capfd):
    solve_univariate(NON_UNIQUE)
    assert capfd.readouterr().out == ""


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
    sol = solve_univariate(data)
    assert_exact_solution(sol)
    numeric = verdict(sol, "numeric agreement")
    if sol.lp["status"] == "optimal":
        assert sol.lp["relative gap"] <= 1e-6
        assert sol.lp["exact cost of rationalised solution"] >= sol.cost
    else:
        assert numeric.status is Status.INCONCLUSIVE
    if not condition_failures(clusters(data)):
        closed = univariate_denoiser(data)
        assert closed.cost == sol.cost and closed.function == sol.function
    uniq = verdict(sol, "uniqueness")
    if sol.unique:
        assert uniq.status is Status.PROVED and sol.extreme_member is None
    else:
        assert uniq.status is Status.REFUTED and sol.extreme_member_failures == ()
        assert sol.extreme_member.slope_variation() == sol.cost
        assert check_interpolation(data, _network_of(sol.extreme_member)).status is Status.PROVED
    if sol.probe_info["status"] == "optimal":
        assert len(sol.probe) == len(sol.points) - 1
        for p in sol.probe:
            assert p.agrees or (p.agrees is None and numeric.status is Status.INCONCLUSIVE)
    elif len(sol.points) > 1:
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
