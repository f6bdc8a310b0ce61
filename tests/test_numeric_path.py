"""The numeric path through the command line: symden solve, and verify --numeric (THEORY.md section 6)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import sympy
from gmpy2 import mpq

from symden.closed_forms import min_cost_denoiser
from symden.data import DataSet, dump_dataset
from symden.examples import EXAMPLES
from symden.records import Quantity
from symden.printing import text_verdicts, json_verdicts
from symden.exact import exact_str
from symden.records import Quantity, Solution, Status
from symden.verify.numeric import compare_with_solution, numeric_verdicts, solve_program


def _run(args, stdin=None):
    return subprocess.run([sys.executable, "-m", "symden", *args], capture_output=True, text=True, input=stdin, timeout=600)


def test_solve_json_is_the_derive_contract_plus_bounds():
    out = _run(["solve", "-", "--format", "json"], stdin='{"clean": [0, 1, 3, 3.5], "radius": "1/5"}')
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert {"convention", "setting", "structure", "cost", "units", "V", "c", "lower_bound", "upper_bound", "solver"} <= set(doc)
    assert sympy.sympify(doc["lower_bound"]) == sympy.sympify(doc["upper_bound"]) == sympy.Rational(95, 6)
    assert doc["status"] == "proved" and doc["setting"] == "online" and "biases free" in doc["convention"]


def test_solve_handles_data_without_a_closed_form_and_reports_non_uniqueness():
    data = '{"clean": [0, 1, 3], "samples": [[0, 1], [2], [3]]}'
    assert _run(["derive", "-"], stdin=data).returncode == 2  # a single-sample cluster: no closed form
    out = _run(["solve", "-", "--format", "json"], stdin=data)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["lower_bound"] == doc["upper_bound"] == "2"
    assert any("not unique" in n and "(1, 2)" in n for n in doc["notes"])


def test_verify_numeric_proves_the_univariate_closed_forms():
    for name in ("U1", "U3"):
        denoiser = min_cost_denoiser(EXAMPLES[name].data)
        verdicts = {v.name: v for v in numeric_verdicts(denoiser)}
        assert verdicts["numeric optimality"].status is Status.PROVED
        assert verdicts["numeric optimality"].value(Quantity.OPTIMUM) == denoiser.cost
        assert verdicts["numeric optimality"].value(Quantity.CLOSED_FORM_COST) == denoiser.cost
        assert verdicts["optimality"].status is Status.PROVED
        assert verdicts["uniqueness"].status is Status.PROVED


def _closed_form(data, cost_shift):
    """U1's closed form with its network's cost moved by ``cost_shift`` (a wider skip-free unit pair)."""
    from dataclasses import replace

    from symden.network import ShallowNetwork, Unit

    denoiser = min_cost_denoiser(data)
    net = denoiser.network
    extra = (Unit(a=(cost_shift / 2,), w=(1,), b=100), Unit(a=(-cost_shift / 2,), w=(1,), b=100))
    # two units that cancel everywhere (same kink, opposite a) and add |a||w| = cost_shift to the cost
    return replace(denoiser, network=ShallowNetwork(units=net.units + extra, V=net.V, c=net.c))


def test_the_comparison_reads_the_solution_record():
    data = EXAMPLES["U1"].data
    solution = solve_program(data)
    assert isinstance(solution, Solution) and solution.status is Status.PROVED and solution.exact
    exact = compare_with_solution(min_cost_denoiser(data), solution)
    assert exact.status is Status.PROVED
    dearer = compare_with_solution(_closed_form(data, mpq(1, 3)), solution)
    assert dearer.status is Status.REFUTED
    assert dearer.value(Quantity.CHEAPER_COST) == solution.upper == mpq(95, 6)
    assert dearer.value(Quantity.CLOSED_FORM_COST) == mpq(95, 6) + mpq(1, 3)
    assert dearer.value(Quantity.UNITS) == len(solution.network.units)
    printed = json_verdicts(min_cost_denoiser(data), [dearer])["checks"][0]  # every value prints exactly
    assert printed["verdict"] == "refuted" and printed["counterexample"]["cheaper cost"] == "95/6"
    assert printed["counterexample"]["closed form"] == "97/6" and "counterexample" in text_verdicts([dearer])
    # a certified interval (the planar program's kind of record) certifies what lies inside it
    interval = Solution(data=data, program="planar group lasso", status=Status.CERTIFIED,
                        lower=mpq(95, 6) - mpq(1, 10), upper=mpq(95, 6) + mpq(1, 10), network=solution.network)
    assert compare_with_solution(min_cost_denoiser(data), interval).status is Status.CERTIFIED
    assert compare_with_solution(_closed_form(data, mpq(1, 5)), interval).status is Status.REFUTED
    cheaper = Solution(data=data, program="planar group lasso", status=Status.CERTIFIED,
                       lower=mpq(17), upper=mpq(18), network=solution.network)
    assert compare_with_solution(min_cost_denoiser(data), cheaper).status is Status.INCONCLUSIVE  # below lower
    undecided = Solution(data=data, program="1-D knot LP", status=Status.INCONCLUSIVE,
                         notes=("not decided: the exact minimum cost",))
    v = compare_with_solution(min_cost_denoiser(data), undecided)
    assert v.status is Status.INCONCLUSIVE and "not decided" in v.detail


def test_verify_numeric_json_prints_exact_evidence():
    out = _run(["verify", "-", "--numeric", "--format", "json"], stdin='{"clean": [0, 1, 3, 3.5], "radius": "1/5"}')
    assert out.returncode == 0, out.stderr
    checks = {c["name"]: c for c in json.loads(out.stdout)["checks"]}
    numeric = checks["numeric optimality"]
    assert numeric["verdict"] == "proved"
    assert sympy.sympify(numeric["evidence"]["optimum"]) == sympy.sympify(numeric["evidence"]["closed form"]) == sympy.Rational(95, 6)
    assert checks["numeric agreement"]["verdict"] == "evidence"
    assert sympy.sympify(checks["numeric agreement"]["evidence"][Quantity.RATIONALISED_COST.value]) == sympy.Rational(95, 6)


@pytest.mark.slow
def test_solve_m3_offline_prints_a_certified_interval(tmp_path):
    # THEORY.md section 8: OPT in [4.934552, 4.934556]; the built-in example once ended in an
    # OverflowError from nested radicals in the exact network's cost
    path = tmp_path / "M3-offline.json"
    path.write_text(dump_dataset(EXAMPLES["M3-offline"].data))
    out = _run(["solve", str(path), "--format", "json"])
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    doc = json.loads(out.stdout)
    assert doc["status"] == "certified" and doc["cost"] is None
    lower, upper = sympy.sympify(doc["lower_bound"]), sympy.sympify(doc["upper_bound"])
    assert sympy.Rational(4934552, 10**6) <= lower <= sympy.Rational(49345538, 10**7) <= upper <= sympy.Rational(4934556, 10**6)
    cost = sympy.sympify(doc["network_cost"])  # exact: a sum of square roots of rationals
    assert cost.is_real and 0 <= (upper - cost).evalf(60) < 1e-19


def test_the_solve_printers_read_the_solution_record():
    from symden.printing import json_solution, text_solution

    offsets = [(mpq(1, 10), mpq(0)), (mpq(0), mpq(1, 10)), (mpq(-1, 10), mpq(0)), (mpq(0), mpq(-1, 10))]
    clean = [(mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(-1, 2), mpq(1))]
    data = DataSet(clean=clean, samples=[[x] + [(x[0] + dx, x[1] + dy) for dx, dy in offsets] for x in clean])
    solution = solve_program(data)
    assert solution.status is Status.CERTIFIED
    doc = json_solution(solution)
    assert doc["status"] == "certified" and doc["cost"] is None and doc["structure"] == "program"
    assert sympy.sympify(doc["lower_bound"]) == sympy.Rational(int(solution.lower.numerator), int(solution.lower.denominator))
    assert doc["network_cost"] == exact_str(solution.network.cost()) == exact_str(solution.value(Quantity.NETWORK_COST))
    assert doc["solver"]["converged"] is True and len(doc["units"]) == len(solution.network.units)
    text = text_solution(solution)
    assert "<= min R <=" in text and "[certified]" in text and "planar group lasso" in text


def test_solve_refuses_what_no_program_supports():
    out = _run(["solve", "-"], stdin='{"clean": [[0, 0, 0, 0], [1, 0, 0, 0]], "samples": [[[0, 0, 0, 0]], [[1, 0, 0, 0]]]}')
    assert out.returncode == 2 and "numeric path supports" in out.stderr and "d = 2 and 3" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
