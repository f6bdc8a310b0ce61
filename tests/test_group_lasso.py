"""The planar group-lasso program: exact instances, the rigorous duality interval, failure modes.

THEORY.md sections 4, 5, 6 and 8. The slow tests solve THEORY's offline instances M3 and M5
(centre + 24 circle points, rho = 1/10) once each, in module fixtures shared by the checks.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from gmpy2 import mpq

from symden.certificates import exact_network, project_dual, sup_eta_bound
from symden.closed_forms import min_cost_denoiser
from symden.data import DataSet
from symden.errors import ConditionError, ExactLimitError, InvalidDataError
from symden.exact import exact, exact_sum, to_float
from symden.instances import OFFLINE_INSTANCES, circle_offsets, offline_instance
from symden.programs import group_lasso as gl
from symden.programs import solve_group_lasso, sup_eta_float
from symden.programs._rational import KINK_SHIFT, simplest_between
from symden.records import Quantity, Solution, Status

# THEORY.md section 8 prints these to 5 decimals; a printed x stands for [x - 5e-6, x + 5e-6).
THEORY_M3 = (4.93406, 4.93455)
THEORY_M5 = (5.20063, 5.20116)
PRINTED = 5e-6


def _dense_sup(Y: np.ndarray, lam: np.ndarray, count: int) -> float:
    """max over a uniform angle grid and all kink samples of |eta(w, w.y_j)|, in floats."""
    t = np.linspace(0.0, 2 * math.pi, count, endpoint=False)
    P = Y @ np.stack([np.cos(t), np.sin(t)])
    best = 0.0
    for j in range(len(Y)):
        eta = lam.T @ np.maximum(P - P[j], 0.0)
        best = max(best, float(np.sqrt((eta ** 2).sum(axis=0)).max()))
    return best


def _random_rational_points(rng: random.Random, count: int) -> list:
    return [(mpq(rng.randint(-40, 40), rng.randint(1, 9)), mpq(rng.randint(-40, 40), rng.randint(1, 9)))
            for _ in range(count)]


def _interpolates(network, data: DataSet) -> bool:
    return all(network(y) == x for x, cluster in zip(data.clean, data.samples) for y in cluster)


# ---------------------------------------------------------------------------------------------
# instances


def test_circle_offsets_are_exact_and_distinct():
    offsets = circle_offsets(1)
    assert len(set(offsets)) == 24
    assert all(x * x + y * y == 1 for x, y in offsets)
    for k, (x, y) in enumerate(offsets):
        assert math.isclose(to_float(x), math.cos(math.radians(15 * k)), abs_tol=1e-15)
        assert math.isclose(to_float(y), math.sin(math.radians(15 * k)), abs_tol=1e-15)


@pytest.mark.parametrize("name", sorted(OFFLINE_INSTANCES))
def test_offline_instances(name):
    data = offline_instance(name)
    assert data.setting == "offline" and data.dim == 2 and data.name == f"{name}-offline"
    for x, cluster in zip(data.clean, data.samples):
        assert len(cluster) == 25 and cluster[0] == x
        assert all((y[0] - x[0]) ** 2 + (y[1] - x[1]) ** 2 == mpq(1, 100) for y in cluster[1:])
    with pytest.raises(KeyError, match="M3"):
        offline_instance("M9")


def test_m5_is_equilateral():
    x = offline_instance("M5").clean
    d2 = [(p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 for p, q in ((x[0], x[1]), (x[1], x[2]), (x[0], x[2]))]
    assert d2 == [1, 1, 1]


# ---------------------------------------------------------------------------------------------
# exact dual: projection and rigorous supremum


def test_projection_annihilates_exactly_rational():
    rng = random.Random(3)
    points = _random_rational_points(rng, 12)
    weights = [(mpq(rng.randint(-9, 9), 7), mpq(rng.randint(-9, 9), 5)) for _ in points]
    lam = project_dual(points, weights)
    for k in range(2):
        assert exact_sum(w[k] for w in lam) == 0
        for a in range(2):
            assert exact_sum(w[k] * y[a] for w, y in zip(lam, points)) == 0
    assert project_dual(points, lam) == lam  # a projection


def test_projection_annihilates_exactly_algebraic():
    data = offline_instance("M5")
    points = [y for cluster in data.samples for y in cluster[:6]]
    rng = random.Random(5)
    weights = [(mpq(rng.randint(-50, 50), 11), mpq(rng.randint(-50, 50), 13)) for _ in points]
    lam = project_dual(points, weights)
    for k in range(2):
        assert exact_sum(w[k] for w in lam) == 0
        for a in range(2):
            assert exact_sum(w[k] * y[a] for w, y in zip(lam, points)) == 0


def test_projection_collinear_samples():
    points = [(mpq(t), mpq(0)) for t in (-1, 0, 2, 5)]
    lam = project_dual(points, [(mpq(1), mpq(2)), (mpq(0), mpq(1)), (mpq(3), mpq(0)), (mpq(1), mpq(1))])
    for k in range(2):
        assert exact_sum(w[k] for w in lam) == 0
        assert exact_sum(w[k] * y[0] for w, y in zip(lam, points)) == 0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sup_bound_dominates_dense_grid_and_is_tight(seed):
    rng = random.Random(seed)
    points = _random_rational_points(rng, 10)
    lam = project_dual(points, [(mpq(rng.randint(-9, 9), 4), mpq(rng.randint(-9, 9), 3)) for _ in points])
    S = sup_eta_bound(points, lam)
    Y = np.array([[to_float(v) for v in y] for y in points])
    L = np.array([[to_float(v) for v in w] for w in lam])
    grid = _dense_sup(Y, L, 20000)
    sweep = float(sup_eta_float(Y, L)[0].max())
    assert to_float(S) >= grid
    assert to_float(S) >= sweep * (1 - 1e-12)
    assert to_float(S) <= sweep * (1 + 1e-9)  # the exact sweep loses nothing but rounding
    assert grid <= sweep * (1 + 1e-12)  # the float sweep is exact in the angle


def test_sup_bound_one_ramp():
    # points -1, 0, 1 on a line (plus one off it with zero weight): eta = |w_x| at the kink 0
    pts = [(mpq(-1), mpq(0)), (mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(0), mpq(1))]
    lam = [(mpq(1), mpq(0)), (mpq(-2), mpq(0)), (mpq(1), mpq(0)), (mpq(0), mpq(0))]
    S = sup_eta_bound(pts, lam)
    assert 1 <= S < 1 + mpq(1, 10 ** 9)


def test_sup_bound_refuses_weights_that_do_not_annihilate():
    pts = [(mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(0), mpq(1))]
    with pytest.raises(ConditionError, match="project_dual"):
        sup_eta_bound(pts, [(mpq(1), mpq(0)), (mpq(0), mpq(0)), (mpq(0), mpq(0))])


# ---------------------------------------------------------------------------------------------
# the program on small data


def _small_triangle() -> DataSet:
    offsets = [(mpq(1, 10), mpq(0)), (mpq(0), mpq(1, 10)), (mpq(-1, 10), mpq(0)), (mpq(0), mpq(-1, 10))]
    clean = [(mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(-1, 2), mpq(1))]
    return DataSet(clean=clean, samples=[[x] + [(x[0] + dx, x[1] + dy) for dx, dy in offsets] for x in clean])


def _detail(sol: Solution) -> str:
    (verdict,) = sol.verdicts
    assert verdict.name == "min-cost interval" and verdict.status is sol.status
    return verdict.detail


def test_small_triangle_certified():
    data = _small_triangle()
    sol = solve_group_lasso(data, angles=36)
    assert isinstance(sol, Solution) and sol.program == gl.PROGRAM
    assert sol.status is Status.CERTIFIED, _detail(sol)
    assert sol.verdicts[0].value(Quantity.LOWER_BOUND) == sol.lower
    assert sol.verdicts[0].value(Quantity.UPPER_BOUND) == sol.upper
    assert isinstance(sol.lower, mpq) and isinstance(sol.upper, mpq)
    assert 0 < sol.lower <= sol.upper
    assert to_float(sol.upper - sol.lower) < 1e-4 * to_float(sol.upper)
    assert sol.lower <= sol.solver_info("primal value") * (1 + 1e-6)
    assert _interpolates(sol.network, data)
    assert sol.value(Quantity.NETWORK_COST) == sol.network.cost() <= sol.upper
    assert sol.solver_info("converged") and sol.solver_info("status") == "optimal"
    # the certificate's weights annihilate c and V exactly
    lam = sol.certificate.weights
    assert all(exact_sum(w[k] for w in lam) == 0 for k in range(2))
    assert sol.certificate.lower_bound == sol.lower and len(sol.certificate.points) == len(lam)


def test_collinear_samples_match_the_univariate_closed_form():
    # THEORY.md sections 3-4: noise on the data's own line reduces to the 1-D offline problem,
    # whose cost is 2 (x2 - x1)/(l2 - r1) = 2/(4/5) = 5/2 (computed two ways)
    data = DataSet(clean=[(0, 0), (1, 0)],
                   samples=[[("-1/5", 0), (0, 0), ("-1/10", 0)], [("4/5", 0), ("11/10", 0), (1, 0)]])
    sol = solve_group_lasso(data, angles=18)
    assert sol.status is Status.CERTIFIED, _detail(sol)
    assert sol.lower <= mpq(5, 2) <= sol.upper
    assert to_float(sol.upper - sol.lower) < 1e-5
    assert _interpolates(sol.network, data)


def test_single_cluster_costs_nothing():
    data = DataSet(clean=[(0, 0)], samples=[[(0, 0), ("1/10", 0), (0, "1/10")]])
    sol = solve_group_lasso(data, angles=8)
    assert sol.status is Status.CERTIFIED, _detail(sol)
    assert sol.lower == 0 and sol.upper == 0
    assert _interpolates(sol.network, data)


def test_exact_network_refuses_an_inconsistent_system():
    # one kink through the middle sample of three collinear ones, with targets no such unit fits
    pts = [(mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(2), mpq(0)), (mpq(3), mpq(0))]
    targets = [(mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(0), mpq(0)), (mpq(1), mpq(0))]
    unit = ((mpq(1), mpq(0)), mpq(-1), (mpq(0), mpq(0)))
    net, upper, reason = exact_network(pts, targets, [unit], (((0, 0), (0, 0)), (0, 0)))
    assert net is None and upper is None and "inconsistent" in reason
    # with a second kink at 2 the zigzag fits exactly and costs |a_1| + |a_2| = 2 + 2
    net, upper, reason = exact_network(pts, targets, [unit, ((mpq(1), mpq(0)), mpq(-2), (mpq(0), mpq(0)))],
                                       (((0, 0), (0, 0)), (0, 0)))
    assert reason == "" and [net(y) for y in pts] == targets
    assert net.cost() == 4 and upper == 4


def test_kinks_move_to_rational_offsets_only_when_no_sample_changes_side():
    data = offline_instance("M3")
    problem = gl._prepare(data)
    j = 2  # the circle point at 15 degrees around (0, 0): algebraic
    y = problem.points[j]
    assert not isinstance(y[0], mpq)
    # a rational direction near 15 degrees: y_j is the cluster's extreme sample, the rest lie on one side
    w = gl._rational_direction(math.radians(15))
    b = gl._kink_bias(problem, w, j)
    b0 = -(w[0] * y[0] + w[1] * y[1])
    assert isinstance(b, mpq) and 0 < abs(b - b0) <= 2 * KINK_SHIFT  # within the shift past a rational enclosure
    sides = [(w[0] * p[0] + w[1] * p[1] + b0 > 0) - (w[0] * p[0] + w[1] * p[1] + b0 < 0) for p in problem.points]
    moved = [(w[0] * p[0] + w[1] * p[1] + b > 0) - (w[0] * p[0] + w[1] * p[1] + b < 0) for p in problem.points]
    assert [s for i, s in enumerate(sides) if i != j] == [s for i, s in enumerate(moved) if i != j]
    assert moved[j] == sides[0] == -1  # y_j joins its cluster (the centre is inside)
    # a direction whose kink line through y_j cuts the cluster keeps the algebraic kink
    across = gl._rational_direction(math.radians(105))
    assert gl._kink_bias(problem, across, j) == -(across[0] * y[0] + across[1] * y[1])
    assert not isinstance(gl._kink_bias(problem, across, j), mpq)


def test_simplest_rational_between():
    assert simplest_between(mpq(3, 10), mpq(2, 5)) == mpq(1, 3)
    assert simplest_between(mpq(-7, 3), mpq(-2, 1)) == -2
    lo = mpq(141421356, 10**8)
    q = simplest_between(lo, lo + mpq(1, 10**6))
    assert lo <= q <= lo + mpq(1, 10**6) and q.denominator < 10**4


# ---------------------------------------------------------------------------------------------
# failures are verdicts, bad input is an error


def test_unknown_solver_is_inconclusive():
    sol = solve_group_lasso(_small_triangle(), angles=12, solver="NO_SUCH_SOLVER")
    assert sol.status is Status.INCONCLUSIVE
    assert sol.lower is None and sol.upper is None and sol.network is None
    assert "NO_SUCH_SOLVER" in _detail(sol)


@pytest.mark.parametrize("status", ["optimal_inaccurate", "infeasible", "user_limit"])
def test_non_optimal_solver_status_is_inconclusive(monkeypatch, status):
    monkeypatch.setattr(gl, "_solve_master", lambda problem, F, solver: gl._Master(status=status))
    sol = solve_group_lasso(_small_triangle(), angles=12)
    assert sol.status is Status.INCONCLUSIVE
    assert status in _detail(sol) and sol.solver_info("status") == status
    assert sol.lower is None


def test_an_exact_limit_in_the_lower_bound_is_inconclusive(monkeypatch):
    def overflow(*args, **kwargs):
        raise OverflowError("'mpz' too large to convert to float")

    monkeypatch.setattr(gl, "dual_lower_bound", overflow)
    sol = solve_group_lasso(_small_triangle(), angles=12)
    assert sol.status is Status.INCONCLUSIVE and sol.lower is None and sol.upper is None
    assert "lower bound is not decided" in _detail(sol) and "too large" in _detail(sol)


def test_an_exact_limit_in_the_upper_bound_keeps_the_lower_bound(monkeypatch):
    def limit(*args, **kwargs):
        raise ExactLimitError("simulated: a radicand too large to factor")

    monkeypatch.setattr(gl, "exact_network", limit)
    sol = solve_group_lasso(_small_triangle(), angles=12)
    assert sol.status is Status.INCONCLUSIVE and sol.upper is None and sol.network is None
    assert 0 < sol.lower == sol.certificate.lower_bound
    assert "no exact upper bound" in _detail(sol) and "radicand too large" in _detail(sol)


def test_a_network_cost_beyond_exact_arithmetic_is_a_note_not_a_failure(monkeypatch):
    from symden.network import ShallowNetwork

    def limit(self):
        raise ExactLimitError("simulated: a nested radical too large")

    monkeypatch.setattr(ShallowNetwork, "cost", limit)
    sol = solve_group_lasso(_small_triangle(), angles=12)
    assert sol.status is Status.CERTIFIED and sol.lower <= sol.upper  # the bounds do not need it
    assert sol.value(Quantity.NETWORK_COST) is None
    assert any("not expressed exactly" in n for n in sol.notes)


@pytest.mark.parametrize("option", [{"angles": 0}, {"rounds": 0}, {"columns_per_round": -1}, {"tol": -1e-3},
                                    {"tol": float("nan")}, {"angles": 2.5}])
def test_bad_options_are_refused(option):
    with pytest.raises(InvalidDataError):
        solve_group_lasso(_small_triangle(), **option)


def test_online_and_non_planar_data_are_refused():
    with pytest.raises(ConditionError, match="offline"):
        solve_group_lasso(DataSet(clean=[(0, 0), (1, 0)], radius="1/10"))
    with pytest.raises(ConditionError, match="d = 3"):
        solve_group_lasso(DataSet(clean=[(0, 0, 0), (1, 0, 0)], samples=[[(0, 0, 0)], [(1, 0, 0)]]))


# ---------------------------------------------------------------------------------------------
# THEORY.md section 8: M3 and M5 offline


@pytest.fixture(scope="module")
def m3():
    data = offline_instance("M3")
    return solve_group_lasso(data, compare=min_cost_denoiser(data, structure="simplex-edge"))


@pytest.fixture(scope="module")
def m5():
    data = offline_instance("M5")
    return solve_group_lasso(data, compare=min_cost_denoiser(data, structure="simplex-face"))


def _consistent(sol, printed: tuple) -> bool:
    lo, hi = printed
    return to_float(sol.lower) <= hi + PRINTED and to_float(sol.upper) >= lo - PRINTED


def _directions(sol) -> list:
    """The solver's direction groups as dicts (angle, low, high, units, cost share)."""
    return [dict(zip(("angle", "low", "high", "units", "cost_share"), d)) for d in sol.solver_info("directions")]


def _unit_angles(sol) -> list:
    return [dict(zip(("closed_form_angle", "nearest_active_angle", "difference"), u))
            for u in sol.solver_info("closed form units")]


@pytest.mark.slow
def test_m3_offline_interval(m3):
    assert m3.status is Status.CERTIFIED, _detail(m3)
    assert _consistent(m3, THEORY_M3)
    assert to_float(m3.upper - m3.lower) < 1e-4
    assert _interpolates(m3.network, m3.data)
    # THEORY.md section 8: OPT in [4.934552, 4.934556]
    assert mpq(4934552, 10**6) <= m3.lower <= mpq(49345538, 10**7) <= m3.upper <= mpq(4934556, 10**6)
    # the edge construction (cost 4.93476) is a feasible interpolant but not the minimiser
    closed = m3.value(Quantity.CLOSED_FORM_COST)
    assert closed > m3.upper and any("above the upper bound" in n for n in m3.notes)
    assert abs(to_float(closed) - 4.93476) < 1e-5


@pytest.mark.slow
def test_m3_offline_network_is_rational_and_its_cost_exact(m3):
    # kinks at rational offsets make the exact re-solve rational: no nested radicals, so the
    # network's exact cost is a sum of square roots of rationals, just below the upper bound
    assert all(isinstance(v, mpq) for u in m3.network.units for v in (*u.a, *u.w, u.b))
    cost = m3.value(Quantity.NETWORK_COST)
    assert cost == m3.network.cost() and cost <= m3.upper < cost + mpq(1, 10**19)


@pytest.mark.slow
def test_m3_offline_units_tilt(m3):
    # two edge-aligned groups: normals at 0 degrees and about 115.9 (the closed form's is 116.57)
    directions = _directions(m3)
    main = sorted(d["angle"] for d in directions[:2])
    assert min(main[0], 180 - main[0]) < 0.05
    assert abs(main[1] - 115.85) < 0.2
    assert sum(d["cost_share"] for d in directions[:2]) > 0.999
    tilt = max(u["difference"] for u in _unit_angles(m3))
    assert 0.5 < tilt < 1.0


@pytest.mark.slow
def test_m3_rigorous_sup_dominates_dense_grid(m3):
    Y = np.array([[to_float(v) for v in y] for y in m3.certificate.points])
    lam = np.array([[to_float(v) for v in w] for w in m3.certificate.weights])
    assert _dense_sup(Y, lam, 20000) <= to_float(m3.certificate.sup_bound)
    assert m3.certificate.lower_bound == m3.lower
    assert m3.lower <= m3.certificate.numerator / m3.certificate.sup_bound
    # the certificate re-checks from the record alone: the numerator is sum lambda_i . T_i
    numerator = exact_sum(a * t for w, y in zip(m3.certificate.weights, m3.certificate.targets) for a, t in zip(w, y))
    assert m3.certificate.numerator <= numerator


@pytest.mark.slow
def test_m5_offline_interval(m5):
    assert m5.status is Status.CERTIFIED, _detail(m5)
    assert _consistent(m5, THEORY_M5)
    assert to_float(m5.upper - m5.lower) < 1e-4
    assert _interpolates(m5.network, m5.data)
    # the face-aligned construction lies inside the certified interval
    closed = m5.value(Quantity.CLOSED_FORM_COST)
    assert closed == exact("4*sqrt(3)/(sqrt(3) - 2/5)")
    assert m5.lower <= closed <= m5.upper and any("inside the certified interval" in n for n in m5.notes)


@pytest.mark.slow
def test_m5_offline_units_are_face_aligned(m5):
    angles = sorted(d["angle"] for d in _directions(m5))
    assert len(angles) == 3
    for got, want in zip(angles, (30.0, 90.0, 150.0)):
        assert abs(got - want) < 0.05
    assert all(u["difference"] < 0.05 for u in _unit_angles(m5))


# ---------------------------------------------------------------------------------------------
# the master called directly in Clarabel, and pricing several columns per sample


def test_direct_clarabel_master_agrees_with_cvxpy(monkeypatch):
    # the same conic program built two ways: Clarabel's own matrices and cvxpy's canonicalisation
    problem = gl._prepare(_small_triangle())
    thetas, kinks = gl._initial_columns(problem, 12)
    F = gl._features(problem.Y, thetas, kinks)
    F = F[:, F.max(axis=0) > 1e-9]
    direct = gl._solve_master(problem, F, "CLARABEL")
    monkeypatch.setattr(gl, "_clarabel", None)
    through_cvxpy = gl._solve_master(problem, F, "CLARABEL")
    assert direct.status == through_cvxpy.status == "optimal"
    assert abs(direct.value - through_cvxpy.value) <= 1e-7 * through_cvxpy.value
    for m in (direct, through_cvxpy):
        # strong duality sum lambda.T = value, and lambda annihilates V and c (up to solver accuracy)
        assert abs(float(np.sum(m.lam * problem.T)) - m.value) <= 1e-6 * m.value
        assert np.abs(m.lam.sum(axis=0)).max() < 1e-6 and np.abs(m.lam.T @ problem.Y).max() < 1e-6
        # the primal interpolates every sample
        fit = F @ m.A + problem.Y @ m.V.T + m.c
        assert np.abs(fit - problem.T).max() < 1e-6


def test_pricing_several_columns_per_sample_certifies_the_same_optimum():
    data = _small_triangle()
    one = solve_group_lasso(data, angles=12)
    several = solve_group_lasso(data, angles=12, columns_per_sample=3, columns_per_round=60)
    assert one.status is several.status is Status.CERTIFIED
    # two certified intervals for one number must overlap
    assert max(one.lower, several.lower) <= min(one.upper, several.upper)
    assert several.solver_info("converged")
    values, angles, extra = gl._pricing(gl._prepare(data).Y, np.zeros((15, 2)), 3, 0.5)
    assert not values.any() and extra == []  # a zero dual prices nothing
