"""The numeric path through the command line: symden solve, and verify --numeric (THEORY.md section 6)."""

from __future__ import annotations

import json
import subprocess
import sys

import sympy

from symden.closed_forms import min_cost_denoiser
from symden.examples import EXAMPLES
from symden.verify import Status
from symden.verify.numeric import numeric_verdicts


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
        verdicts = {v.name: v for v in numeric_verdicts(min_cost_denoiser(EXAMPLES[name].data))}
        assert verdicts["numeric optimality"].status is Status.PROVED
        assert verdicts["optimality"].status is Status.PROVED
        assert verdicts["uniqueness"].status is Status.PROVED


def test_solve_refuses_what_no_program_supports():
    out = _run(["solve", "-"], stdin='{"clean": [[0, 0, 0], [1, 0, 0]], "radius": "1/10"}')
    assert out.returncode == 2 and "numeric path supports" in out.stderr
