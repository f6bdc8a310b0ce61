"""The online (ball) program in d = 2, 3 (docs/theory.md section 6b): exact pieces, refusals, certified intervals."""

from __future__ import annotations

import math
import re
import subprocess
import sys

import numpy as np
import pytest
import sympy
from gmpy2 import mpq

from symden import min_cost_denoiser
from symden.certificates.online import exact_online_network, rational_unit_vector
from symden.data import DataSet
from symden.errors import ConditionError, InvalidDataError
from symden.exact import exact, to_float
from symden.printing.jsonout import json_solution
from symden.programs.online import PROGRAM, solve_online
from symden.records import Quantity, Status
from symden.verify.multivariate import check_interpolation_nd
from symden.verify.numeric import solve_program

RHO = mpq(1, 10)
ZERO_SKIP2 = (((0, 0), (0, 0)), (0, 0))


def _online(clean) -> DataSet:
    return DataSet(clean=clean, radius="1/10")


# ---------------------------------------------------------------------------------------------
# exact pieces (fast)


@pytest.mark.parametrize("d", [2, 3])
def test_rational_unit_vector_is_exactly_on_the_sphere_and_close(d):
    rng = np.random.default_rng(d)
    for v in rng.standard_normal((40, d)):
        w = rational_unit_vector(v)
        assert all(isinstance(x, mpq) for x in w)
        assert sum(x * x for x in w) == 1
        assert np.linalg.norm(np.array([to_float(x) for x in w]) - v / np.linalg.norm(v)) < 1e-9


def test_rational_unit_vector_refuses_the_zero_vector():
    with pytest.raises(InvalidDataError, match="zero vector"):
        rational_unit_vector([0.0, 0.0])


def test_the_exact_ramp_between_two_balls_interpolates_on_the_whole_balls():
    centres = [(mpq(0), mpq(0)), (mpq(1), mpq(0))]
    w = (mpq(1), mpq(0))
    units = [(w, RHO, (1, 0)), (w, 1 - RHO, (-1, 0))]
    net, upper, reason = exact_online_network(centres, RHO, units, ZERO_SKIP2)
    assert reason == "" and upper == net.cost() == mpq(5, 2)  # 2 / (1 - 2 rho), THEORY M1's edge term
    assert check_interpolation_nd(_online(centres), net).status is Status.PROVED


def test_a_unit_whose_kink_crosses_a_ball_is_refused():
    centres = [(mpq(0), mpq(0)), (mpq(1), mpq(0))]
    w = (mpq(1), mpq(0))
    with pytest.raises(ConditionError, match="meets the open ball"):
        exact_online_network(centres, RHO, [(w, mpq(1, 20), (1, 0))], ZERO_SKIP2)  # kink at 1/20 < rho
    with pytest.raises(ConditionError, match="norm 1"):
        exact_online_network(centres, RHO, [((mpq(2), mpq(0)), mpq(1, 2), (1, 0))], ZERO_SKIP2)


def test_an_inconsistent_system_is_reported_not_raised():
    # one unit cannot make both balls' Jacobians vanish and move the value from x_1 to x_2
    centres = [(mpq(0), mpq(0)), (mpq(1), mpq(0))]
    net, upper, reason = exact_online_network(centres, RHO, [((mpq(1), mpq(0)), RHO, (1, 0))], ZERO_SKIP2)
    assert net is None and upper is None and "inconsistent" in reason


# ---------------------------------------------------------------------------------------------
# refusals (one line, before any solver runs)


@pytest.mark.parametrize("data, match", [
    (DataSet(clean=[(0, 0), (1, 0)], samples=[[(0, 0)], [(1, 0)]]), "offline"),
    (DataSet(clean=[(0, 0, 0, 0), (1, 0, 0, 0)], radius="1/10"), "d = 4"),
    (DataSet(clean=[0, 1], radius="1/10"), "d = 1"),
])
def test_data_the_program_does_not_cover_are_refused(data, match):
    with pytest.raises(ConditionError, match=match):
        solve_online(data)


def test_overlapping_balls_are_refused_by_the_data_set():
    with pytest.raises(InvalidDataError):
        DataSet(clean=[(0, 0), ("1/10", 0)], radius="1/10")


@pytest.mark.parametrize("option", [{"rounds": 0}, {"directions": -1}, {"tol": -1.0}, {"rel_tol": float("nan")},
                                    {"precision": 0}])
def test_bad_options_are_refused(option):
    with pytest.raises(InvalidDataError):
        solve_online(_online([(0, 0), (1, 0), (0, 1)]), **option)


def test_symden_solve_refuses_online_data_in_d4_in_one_line():
    out = subprocess.run([sys.executable, "-m", "symden", "solve", "-"], input='{"clean": [[0,0,0,0],[1,0,0,0]], '
                         '"radius": "1/10"}', capture_output=True, text=True)
    assert out.returncode == 2 and "numeric path supports" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_without_the_sphere_certificate_the_lower_bound_is_inconclusive(monkeypatch):
    monkeypatch.setitem(sys.modules, "symden.certificates.sphere", None)  # the import then fails
    sol = solve_online(_online([(0, 0), (1, 0), (0, 1)]))
    assert sol.status is Status.INCONCLUSIVE and sol.lower is None and sol.certificate is None
    assert sol.upper is not None and 5 <= sol.upper < 5 + mpq(1, 10**6)  # the exact network still bounds it
    assert any("no rigorous lower bound" in n for n in sol.notes)


# ---------------------------------------------------------------------------------------------
# THEORY.md section 8 / 6b evidence: certified intervals around the closed forms (slow)

M3 = [(0, 0), (1, 0), ("-1/2", 1)]
M4 = [(0, 0), (1, 0), (0, 1)]
M5 = [(0, 0), (1, 0), ("1/2", "sqrt(3)/2")]


@pytest.fixture(scope="module")
def solved():
    out = {}
    for name, clean in (("M3", M3), ("M4", M4), ("M5", M5)):
        data = _online(clean)
        closed = min_cost_denoiser(data)
        out[name] = (data, closed, solve_online(data, compare=closed))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", ["M3", "M4", "M5"])
def test_the_certified_interval_holds_the_closed_form(solved, name):
    data, closed, sol = solved[name]
    assert sol.program == PROGRAM and sol.status is Status.CERTIFIED
    cost = closed.network.cost()
    assert sol.lower <= cost <= sol.upper
    assert (sol.upper - sol.lower) / sol.upper < mpq(1, 10**5)  # the target in the plane
    assert sol.value(Quantity.CLOSED_FORM_COST) == cost
    assert sol.certificate.lower_bound == sol.lower and sol.certificate.sup_bound >= 1


@pytest.mark.slow
def test_the_closed_form_costs_agree_with_theory(solved):
    m3 = solved["M3"][1].network.cost()
    assert abs(to_float(m3) - (2 / 0.8 + 2 * math.sqrt(5 / 4) / (math.sqrt(5 / 4) - 0.2))) < 1e-12
    assert solved["M4"][1].network.cost() == 5
    assert solved["M5"][1].network.cost() == exact("4*sqrt(3)/(sqrt(3) - 2/5)")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["M3", "M4", "M5"])
def test_the_exact_network_interpolates_on_every_whole_ball(solved, name):
    data, _, sol = solved[name]
    assert check_interpolation_nd(data, sol.network).status is Status.PROVED  # an independent exact check
    assert all(sum(x * x for x in u.w) == 1 for u in sol.network.units)


@pytest.mark.slow
def test_the_rational_network_cost_is_below_its_upper_bound(solved):
    _, _, sol = solved["M3"]
    cost = sol.value(Quantity.NETWORK_COST)
    assert cost is not None and cost <= sol.upper and sol.upper - cost < mpq(1, 10**19)


@pytest.mark.slow
def test_solve_json_keeps_the_offline_contract(solved):
    data, _, _ = solved["M3"]
    doc = json_solution(solve_program(data))
    assert doc["status"] == "certified" and doc["setting"] == "online" and doc["structure"] == "program"
    lower, upper = sympy.sympify(doc["lower_bound"]), sympy.sympify(doc["upper_bound"])
    assert lower <= upper and doc["solver"]["converged"] is True and doc["units"]
    assert sympy.sympify(doc["network_cost"]).evalf(30) <= upper


@pytest.mark.slow
def test_regular_tetrahedron_interval_holds_the_face_construction():
    h = "sqrt(6)/3"
    data = _online([(0, 0, 0), (1, 0, 0), ("1/2", "sqrt(3)/2", 0), ("1/2", "sqrt(3)/6", h)])
    closed = min_cost_denoiser(data)
    sol = solve_online(data)
    assert sol.status is Status.CERTIFIED
    assert sol.lower <= closed.network.cost() <= sol.upper
    assert (sol.upper - sol.lower) / sol.upper < mpq(1, 10**4)  # the target in R^3
    assert check_interpolation_nd(data, sol.network).status is Status.PROVED


@pytest.mark.slow
def test_the_unit_square_costs_5_up_to_the_certified_width():
    data = _online([(0, 0), (1, 0), (0, 1), (1, 1)])
    sol = solve_online(data)
    assert sol.status is Status.CERTIFIED and sol.upper == 5 and sol.value(Quantity.NETWORK_COST) == 5
    assert 5 - sol.lower < mpq(5, 10**5)  # THEORY 6b's "5 = two 1-D denoisers, one per axis", now certified
    assert check_interpolation_nd(data, sol.network).status is Status.PROVED


@pytest.mark.slow
def test_the_face_construction_is_not_optimal_for_an_irregular_tetrahedron():
    """A finding: an exact network interpolates on the whole balls more cheaply than the face-aligned form."""
    from symden.verify.numeric import compare_with_solution

    data = _online([(0, 0, 0), (1, 0, 0), ("1/5", "9/10", 0), ("3/10", "2/5", "4/5")])
    closed = min_cost_denoiser(data)
    sol = solve_online(data)
    assert sol.status is Status.CERTIFIED and (sol.upper - sol.lower) / sol.upper < mpq(1, 10**4)
    assert closed.network.cost() > sol.upper + mpq(1, 10)  # 8.0782 against at most 7.9743
    assert check_interpolation_nd(data, sol.network).status is Status.PROVED  # the cheaper interpolant is real
    assert compare_with_solution(closed, sol).status is Status.REFUTED


@pytest.mark.slow
@pytest.mark.parametrize("name", ["M3", "M4", "M5"])
def test_every_closed_form_unit_lies_in_a_certified_localisation_cluster(solved, name):
    # docs/theory.md 6b.6: all but (U - L)/delta of any minimiser's cost sits in the clusters; each
    # closed-form unit costs far more than that, so (the closed form being inside the interval, a
    # near-minimiser) its direction must lie in a cluster, up to orientation
    data, closed, sol = solved[name]
    (loc,) = [v for v in sol.verdicts if v.name == "localisation"]
    assert loc.status is Status.CERTIFIED and loc.value(Quantity.BOUND) <= 100 * (sol.upper - sol.lower) + mpq(1, 10**15)
    from symden.certificates.localisation import localise

    record = localise(sol.certificate, sol.upper, mpq(1, 100), centres=data.clean, rho=data.radius)
    assert record.outside_cost_bound >= (sol.upper - sol.lower) * 100
    for u in closed.network.units:
        w = [to_float(x) for x in u.w]
        n = math.sqrt(sum(x * x for x in w))
        w = [x / n for x in w]
        best = min(math.degrees(math.acos(max(-1.0, min(1.0, abs(sum(a * to_float(b) for a, b in zip(w, c.direction)))))))
                   - c.degrees for c in record.clusters)
        assert best <= 1e-9, (name, u, best)


@pytest.mark.slow
def test_solve_prints_the_programs_verdicts_in_text_and_json(solved):
    from symden.printing import json_solution, text_solution

    _, _, sol = solved["M3"]
    doc = json_solution(sol)
    names = {v["name"]: v["verdict"] for v in doc["verdicts"]}
    assert names == {"min-cost interval": "certified", "localisation": "certified"}
    assert re.search(r"\n  localisation +CERTIFIED +every minimiser puts all but", text_solution(sol))  # aligned as verify's
