"""The symden command: formats, the JSON contract, exit codes, failures, files, start-up.

Most tests run the command in-process (``symden.cli.main`` with capsys); one subprocess smoke
test per command checks the real entry point (``python -m symden``), and two subprocesses check
what a command imports.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

import symden
from symden.cli import EXIT_BAD_INPUT, EXIT_INCONCLUSIVE, EXIT_INTERNAL, EXIT_OK, EXIT_REFUTED, main
from symden.data import dump_dataset, load_dataset
from symden.errors import ExactLimitError
from symden.examples import EXAMPLES
from symden.exact import exact
from symden.network import COST_CONVENTION

U1 = '{"clean": [0, 1, 3, 3.5], "radius": "1/5"}'

# the subprocesses import the symden under test, wherever they run
_ROOT = str(Path(symden.__file__).resolve().parents[1])
_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (_ROOT, os.environ.get("PYTHONPATH")) if p)}


def _main(argv, capsys, stdin=None, monkeypatch=None):
    """(exit code, stdout, stderr) of ``symden ARGV`` run in this process."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _proc(args, stdin=None, timeout=600):
    return subprocess.run([sys.executable, "-m", "symden", *map(str, args)], capture_output=True, text=True,
                          input=stdin, timeout=timeout, env=_ENV)


@pytest.fixture
def folder(tmp_path, capsys):
    """The built-in examples written as data files by ``symden examples --write``."""
    target = tmp_path / "ex"
    code, out, err = _main(["examples", "--write", target], capsys)
    assert code == 0, err
    assert out.split() == [str(target / f"{name}.json") for name in EXAMPLES]
    return target


# -- one subprocess per command: the real entry point, its exit code, convention and setting -----------


def _data_file(tmp_path, text=U1, name="u1.json"):
    path = tmp_path / name
    path.write_text(text)
    return path


SMOKE = [
    # command, arguments after it, stdin, exit code, fragments of stdout
    ("derive", ["{u1}"], None, EXIT_OK, ["online", COST_CONVENTION, "R(h*) = 95/6"]),
    ("verify", ["-"], '{"clean": [0, 1], "samples": [[-0.2, -0.1, 0], [0.8, 1, 1.1]]}', EXIT_REFUTED,
     ["offline", COST_CONVENTION, "REFUTED", "violation = 1/8"]),
    ("solve", ["{u1}"], None, EXIT_OK, ["online", COST_CONVENTION, "min R = 95/6"]),
    ("report", [], None, EXIT_OK, ["convention: " + COST_CONVENTION, "online", "offline", "R(h*) = 95/6",
                                   "violation = 1/8", *EXAMPLES]),
    ("examples", [], None, EXIT_OK, ["online", "offline", *EXAMPLES]),
    ("prove", ["ramp"], None, EXIT_OK, ["convention: " + COST_CONVENTION, "ramp", "proved"]),
    ("lemmas", ["{u1}"], None, EXIT_OK, ["online", COST_CONVENTION, "95/6"]),
    ("generalization", ["{u1}", "--test-distribution", "uniform:0:4", "--sigma", "0.01:0.01:1", "--digits", "5"],
     None, EXIT_OK, ["online 1-D closed form", "skip unit present, biases free", "EVIDENCE"]),
]


@pytest.mark.parametrize("command, rest, stdin, code, fragments", SMOKE, ids=[s[0] for s in SMOKE])
def test_each_command_runs_as_a_process(tmp_path, command, rest, stdin, code, fragments):
    u1 = _data_file(tmp_path)
    result = _proc([command, *(a.format(u1=u1) for a in rest)], stdin=stdin)
    assert result.returncode == code, result.stderr
    assert result.stderr == ""
    for fragment in fragments:
        assert fragment in result.stdout, fragment
    if command == "report":
        assert "NOT AS EXPECTED" not in result.stdout


def _imports_after(tmp_path, code: str) -> set:
    """The heavy modules loaded by a fresh process after running ``code``."""
    probe = code + "\nimport sys\nprint(' '.join(m for m in ('cvxpy', 'matplotlib', 'symden.generalization', 'tqdm') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, cwd=tmp_path,
                            env=_ENV)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split("\n")[-2].split())


def test_a_1d_derive_imports_neither_cvxpy_nor_matplotlib(tmp_path):
    path = _data_file(tmp_path, '{"clean": [0, 1, 3], "radius": "1/5"}')
    loaded = _imports_after(tmp_path, f"from symden.cli import main\nassert main(['derive', {str(path)!r}]) == 0")
    assert loaded == set()


def test_help_imports_neither_cvxpy_nor_matplotlib(tmp_path):
    code = ("import contextlib, io\nfrom symden.cli import main\nwith contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        main(['--help'])\n    except SystemExit as exc:\n        assert exc.code == 0")
    assert _imports_after(tmp_path, code) == set()


# -- failures: exit codes 2, 3 and 4, one line on stderr, nothing on stdout --------------------------


def _fail_with(monkeypatch, exc: Exception) -> None:
    import symden.closed_forms

    def boom(*args, **kwargs):
        raise exc

    monkeypatch.setattr(symden.closed_forms, "min_cost_denoiser", boom)


def test_an_internal_error_exits_4_with_one_line_and_no_traceback(tmp_path, capsys, monkeypatch):
    _fail_with(monkeypatch, RuntimeError("the sky\nfell"))
    code, out, err = _main(["derive", _data_file(tmp_path)], capsys)
    assert code == EXIT_INTERNAL == 4
    assert out == "" and "Traceback" not in err
    assert err == "symden: internal error: RuntimeError: the sky fell (run with --debug for the traceback)\n"


def test_debug_prints_the_traceback_and_still_exits_4(tmp_path, capsys, monkeypatch):
    _fail_with(monkeypatch, RuntimeError("the sky fell"))
    code, out, err = _main(["--debug", "verify", _data_file(tmp_path)], capsys)
    assert code == EXIT_INTERNAL and out == ""
    assert err.startswith("Traceback (most recent call last):") and "in boom" in err
    assert err.rstrip().endswith("symden: internal error: RuntimeError: the sky fell")


def test_an_exact_limit_is_inconclusive_and_names_what_was_not_decided(tmp_path, capsys, monkeypatch):
    _fail_with(monkeypatch, ExactLimitError("the minimal polynomial of a coordinate exceeds degree 64"))
    path = _data_file(tmp_path)
    code, out, err = _main(["verify", path], capsys)
    assert code == EXIT_INCONCLUSIVE == 3 and out == ""
    assert err == (f"symden: inconclusive: could not decide the claims about {path}: "
                   "the minimal polynomial of a coordinate exceeds degree 64\n")


def test_examples_write_leaves_no_partial_file_when_a_write_fails(tmp_path, capsys, monkeypatch):
    target = tmp_path / "ex"
    target.mkdir()
    (target / "U1.json").write_text("the old U1")
    real_fdopen = os.fdopen
    written = []

    class DiskFull:
        """A file that takes half of what it is given, then runs out of space (on the fifth file)."""

        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            if len(written) == 4:
                self.handle.write(data[: len(data) // 2])
                raise OSError(28, "No space left on device")
            written.append(len(data))
            return self.handle.write(data)

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: DiskFull(real_fdopen(fd, *a, **k)))
    code, out, err = _main(["examples", "--write", target], capsys)
    assert code == EXIT_BAD_INPUT and out == ""
    assert err == f"symden: error: cannot write {target / 'M2.json'}: No space left on device\n"
    # nothing was replaced, no temporary file is left, and the old file is intact
    assert sorted(os.listdir(target)) == ["U1.json"] and (target / "U1.json").read_text() == "the old U1"


def test_an_unwritable_plot_exits_2_and_prints_nothing(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = _main(["generalization", _data_file(tmp_path), "--test-distribution", "uniform:0:4",
                            "--sigma", "0.01:0.01:1", "--digits", "5", "--plot", blocker / "out.png"], capsys)
    assert code == EXIT_BAD_INPUT and out == "" and err.startswith(f"symden: error: cannot write {blocker / 'out.png'}: ")
    assert blocker.read_text() == "x"


def test_prove_writes_its_latex_document_whole(tmp_path, capsys):
    target = tmp_path / "lemmas.tex"
    code, out, err = _main(["prove", "ramp", "--latex", target], capsys)
    assert code == 0 and f"LaTeX document written to {target}" in out
    text = target.read_text()
    assert text.startswith(r"\documentclass") and text.rstrip().endswith(r"\end{document}")
    assert [p.name for p in tmp_path.iterdir()] == ["lemmas.tex"]


def test_written_files_get_the_mode_a_plain_open_gives(tmp_path, capsys):
    """Atomic writes go through mkstemp (mode 0600); the result must be as readable as open() makes it."""
    import os

    from symden.cli.main import write_files

    old = os.umask(0o022)
    try:
        write_files([(tmp_path / "a.txt", "x")])
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644


# -- formats and the JSON contract (in-process) ----------------------------------------------------


def test_examples_lists_and_writes_files_that_read_back(folder, capsys):
    code, out, _ = _main(["examples"], capsys)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == list(EXAMPLES)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.json" for n in EXAMPLES)
    for name, ex in EXAMPLES.items():
        assert load_dataset(folder / f"{name}.json") == ex.data
        assert (folder / f"{name}.json").read_text() == dump_dataset(ex.data)


def test_examples_write_onto_a_file_is_a_usage_error(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    code, out, err = _main(["examples", "--write", target], capsys)
    assert code == 2 and out == "" and "not a directory" in err
    assert target.read_text() == "x"


def test_derive_json_contract_rebuilds_the_function(folder, capsys):
    code, stdout, _ = _main(["derive", folder / "U1.json", "--format", "json"], capsys)
    assert code == 0
    out = json.loads(stdout)
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


def test_derive_text_and_latex_name_setting_and_convention(folder, capsys):
    code, text, _ = _main(["derive", folder / "U3.json"], capsys)
    assert code == 0
    assert "offline" in text and "biases free" in text and "skip unit present" in text
    assert "R(h*) = 5/2" in text and "5/4*y" in text
    code, latex, _ = _main(["derive", folder / "U1.json", "--format", "latex"], capsys)
    assert code == 0 and r"R(h^{*}) &= \frac{95}{6}" in latex


def test_verify_exit_codes_and_json(folder, capsys):
    code, stdout, _ = _main(["verify", folder / "U1.json", "--format", "json"], capsys)
    assert code == 0
    checks = json.loads(stdout)["checks"]
    assert [c["name"] for c in checks] == ["interpolation", "cost", "optimality", "uniqueness", "contractivity"]
    assert all(c["verdict"] == "proved" and c["counterexample"] is None for c in checks)
    code, stdout, _ = _main(["verify", folder / "U3.json", "--format", "json"], capsys)
    assert code == 1
    out = json.loads(stdout)
    assert out["setting"] == "offline" and "biases free" in out["convention"]
    contr = {c["name"]: c for c in out["checks"]}["contractivity"]
    assert contr["verdict"] == "refuted"
    assert exact(contr["counterexample"]["violation"]) == Fraction(1, 8)
    assert exact(contr["counterexample"]["y"]) == Fraction(1, 2)
    cost = {c["name"]: c for c in out["checks"]}["cost"]
    assert {exact(v) for v in cost["evidence"].values()} == {Fraction(5, 2)}


def test_verify_reads_standard_input(capsys, monkeypatch):
    code, out, _ = _main(["verify", "-"], capsys, stdin=U1, monkeypatch=monkeypatch)
    assert code == 0 and "PROVED" in out


def test_solve_probe_flag_reaches_the_1d_program(tmp_path, capsys, monkeypatch):
    # --probe / --no-probe / neither (automatic by size) reach solve_univariate's probe argument
    from symden.cli.main import main
    from symden.programs import univariate_lp

    seen = []
    real = univariate_lp.solve_univariate

    def spy(data, **options):
        seen.append(options.get("probe"))
        return real(data, **options)

    monkeypatch.setattr(univariate_lp, "solve_univariate", spy)
    u1 = _data_file(tmp_path)
    for flag in ([], ["--probe"], ["--no-probe"]):
        assert main(["solve", str(u1), *flag]) == EXIT_OK
        assert "min R = 95/6" in capsys.readouterr().out
    assert seen == [None, True, False]
