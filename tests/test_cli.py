"""The symden command: formats, the JSON contract, exit codes, report and examples."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import sympy

from symden.examples import EXAMPLES
from symden.exact import exact


def _run(args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "symden", *args], capture_output=True, text=True, input=stdin, timeout=300
    )


def _write_examples(tmp_path):
    result = _run(["examples", "--write", str(tmp_path / "ex")])
    assert result.returncode == 0, result.stderr
    return tmp_path / "ex"


def test_examples_lists_and_writes_files_that_read_back(tmp_path):
    listing = _run(["examples"])
    assert listing.returncode == 0
    for name in EXAMPLES:
        assert name in listing.stdout
    folder = _write_examples(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.json" for n in EXAMPLES)
    from symden.data import load_dataset

    for name, ex in EXAMPLES.items():
        assert load_dataset(folder / f"{name}.json") == ex.data


def test_examples_write_onto_a_file_is_a_usage_error(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = _run(["examples", "--write", str(target)])
    assert result.returncode == 2 and "not a directory" in result.stderr
    assert target.read_text() == "x"


def test_derive_json_contract_rebuilds_the_function(tmp_path):
    folder = _write_examples(tmp_path)
    result = _run(["derive", str(folder / "U1.json"), "--format", "json"])
    assert result.returncode == 0
    out = json.loads(result.stdout)
    assert {"convention", "setting", "structure", "cost", "cost_float", "units", "V", "c"} <= set(out)
    assert out["setting"] == "online" and out["structure"] == "univariate"
    assert "skip unit present" in out["convention"] and "biases free" in out["convention"]
    assert sympy.sympify(out["cost"]) == sympy.Rational(95, 6)
    assert abs(out["cost_float"] - 95 / 6) < 1e-12
    # h(y) = sum a [w y + b]_+ + V y + c, rebuilt from the strings alone, matches the closed form
    y = sympy.Symbol("y", real=True)
    h = sympy.sympify(out["V"][0][0]) * y + sympy.sympify(out["c"][0])
    for u in out["units"]:
        h += sympy.sympify(u["a"][0]) * sympy.Max(0, sympy.sympify(u["w"][0]) * y + sympy.sympify(u["b"]))
    expected = {0: 0, sympy.Rational(1, 2): sympy.Rational(1, 2), 2: 2, sympy.Rational(13, 4): sympy.Rational(13, 4),
                -5: 0, 9: sympy.Rational(7, 2), sympy.Rational(6, 5): 1}
    for point, value in expected.items():
        assert h.subs(y, point) == value


def test_derive_text_and_latex_name_setting_and_convention(tmp_path):
    folder = _write_examples(tmp_path)
    text = _run(["derive", str(folder / "U3.json")])
    assert text.returncode == 0
    assert "offline" in text.stdout and "biases free" in text.stdout and "skip unit present" in text.stdout
    assert "R(h*) = 5/2" in text.stdout and "5/4*y" in text.stdout
    latex = _run(["derive", str(folder / "U1.json"), "--format", "latex"])
    assert latex.returncode == 0 and r"R(h^{*}) = \frac{95}{6}" in latex.stdout


def test_verify_exit_codes_and_json(tmp_path):
    folder = _write_examples(tmp_path)
    ok = _run(["verify", str(folder / "U1.json"), "--format", "json"])
    assert ok.returncode == 0
    checks = json.loads(ok.stdout)["checks"]
    assert [c["name"] for c in checks] == ["interpolation", "cost", "optimality", "uniqueness", "contractivity"]
    assert all(c["verdict"] == "proved" and c["counterexample"] is None for c in checks)
    bad = _run(["verify", str(folder / "U3.json"), "--format", "json"])
    assert bad.returncode == 1
    out = json.loads(bad.stdout)
    assert out["setting"] == "offline" and "biases free" in out["convention"]
    contr = {c["name"]: c for c in out["checks"]}["contractivity"]
    assert contr["verdict"] == "refuted"
    assert exact(contr["counterexample"]["violation"]) == Fraction(1, 8)
    assert exact(contr["counterexample"]["y"]) == Fraction(1, 2)
    cost = {c["name"]: c for c in out["checks"]}["cost"]
    assert {exact(v) for v in cost["facts"].values()} == {Fraction(5, 2)}


def test_verify_reads_standard_input():
    result = _run(["verify", "-"], stdin='{"clean": [0, 1, 3, 3.5], "radius": "1/5"}')
    assert result.returncode == 0 and "PROVED" in result.stdout


def test_report_runs_every_example_and_exits_0():
    result = _run(["report"])
    assert result.returncode == 0, result.stderr
    for name in EXAMPLES:
        assert name in result.stdout
    assert "NOT AS EXPECTED" not in result.stdout
    assert "violation = 1/8" in result.stdout and "R(h*) = 95/6" in result.stdout
