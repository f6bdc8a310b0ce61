"""Text a person can read, and words that are true (issue 11 items 5 and 6).

* ``symden solve`` prints the network merged (units of one direction and bias summed: the same
  function, exactly), with cost shares, the units below 0.1% of the cost summarised in one line,
  and a solver sentence; ``--format json`` keeps every unit and every solver key.
* A vector is printed exact or rounded as a whole (``~(0.4781, 0.2952)``), never a mix.
* ``verify --numeric`` prints each check once, its verdict words in one column.
* Long runs draw a progress bar on stderr only for a terminal and without ``--quiet``; stdout
  is the same either way; a derive never imports tqdm.
* A line points to a command only where that command runs what it says (``--numeric`` only for
  d <= 3; under ``--numeric`` an undecided uniqueness line says what the probe did), and a
  closed-form failure that another command handles names it (``symden solve FILE``), which then works.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from gmpy2 import mpq

import symden
import symden.cli._progress as progress_bars
from symden.cli import EXIT_BAD_INPUT, EXIT_OK, main
from symden.closed_forms import min_cost_denoiser
from symden.data import DataSet
from symden.errors import ConditionError
from symden.examples import EXAMPLES
from symden.exact import exact, to_float
from symden.network import ShallowNetwork, Unit
from symden.printing.jsonout import json_solution
from symden.printing.text import UNIT_SHARE_THRESHOLD, WIDTH, solver_summary, text_denoiser, text_solution
from symden.records import Quantity, Solution, Status, Verdict
from symden.verify import alignment, verify_denoiser
from symden.verify.multivariate import check_uniqueness_nd
from symden.verify.numeric import with_numeric

_ROOT = str(Path(symden.__file__).resolve().parents[1])

STATUS_WORDS = "PROVED|CERTIFIED|REFUTED|INCONCLUSIVE|EVIDENCE"

# the facts of M6's online solve, as the program records them (symden/programs/online.py)
SOLVER = (("name", "CLARABEL"), ("status", "optimal"), ("rounds", 4), ("converged", True),
          ("sup_eta", 1.0000000540849918), ("columns", 911), ("seconds", 3.146258687000227),
          ("certificate_seconds", 0.12641662399983034), ("certificate_guided_rounds", 0),
          ("primal value", 5.167416339554037), ("directions", ((1.0, 2.0),)),
          ("localisation_seconds", 0.02871190900259535))


def _unit_circle(k: int) -> tuple:
    """A rational unit vector, a different one for each k >= 2: ((1 - t^2), 2t) / (1 + t^2) with t = 1/k."""
    t = mpq(1, k)
    return ((1 - t * t) / (1 + t * t), 2 * t / (1 + t * t))


def _network() -> ShallowNetwork:
    """41 units: two of one direction and bias ((w, b) and (2w, 2b)), a third, 37 tiny ones, a w = 0 constant."""
    units = [Unit(a=(1, 0), w=(1, 0), b="-1/10"), Unit(a=("1/2", 0), w=(2, 0), b="-1/5"),
             Unit(a=(0, 1), w=(0, 1), b="-1/10")]
    units += [Unit(a=(mpq(1, 10**6), 0), w=_unit_circle(k), b=0) for k in range(2, 39)]
    units.append(Unit(a=("1/4", 0), w=(0, 0), b="1/2"))  # the constant (1/8, 0)
    return ShallowNetwork(units=units, V=((0, 0), (0, 0)), c=(0, 0))


def _solution(network: ShallowNetwork) -> Solution:
    data = DataSet(clean=[[0, 0], [1, 0], [0, 1]], radius="1/10", name="printer test")
    cost = network.cost()
    upper = mpq(int(to_float(cost) * 10**6) + 1, 10**6)  # a rational bound above: the printer's test needs no more
    return Solution(data=data, program="online group lasso", status=Status.CERTIFIED, lower=upper * mpq(999, 1000),
                    upper=upper, network=network, verdicts=(Verdict("min-cost interval", Status.CERTIFIED, "test"),),
                    evidence=((Quantity.NETWORK_COST, cost),), solver=SOLVER)


GRID = [(mpq(i, 7), mpq(j, 5)) for i in range(-8, 15) for j in range(-6, 9)]


# -- merged units -------------------------------------------------------------------------------


def test_merging_keeps_the_function_exactly_and_does_not_raise_the_cost():
    net = _network()
    merged = net.merged()
    assert len(merged.units) == 39  # (w, b) and (2w, 2b) are one unit; the w = 0 unit is the constant c
    assert merged.c == (mpq(1, 8), 0)
    assert merged.units[0] == Unit(a=(2, 0), w=(1, 0), b="-1/10")  # 1 + 2 * (1/2)
    assert all(net(y) == merged(y) for y in GRID)  # exact equality at 345 points, kinks included
    assert merged.cost() <= net.cost()


def test_solve_text_prints_the_merged_network_and_summarises_the_small_units():
    net = _network()
    sol = _solution(net)
    text = text_solution(sol)
    assert "network: 39 ReLU units;" in text and "merged from 41 units" in text
    merged = net.merged()
    shares = [to_float(u.cost()) / to_float(merged.cost()) for u in merged.units]
    small = [s for s in shares if s < UNIT_SHARE_THRESHOLD]
    assert len(small) == 37
    m = re.search(r"\+ (\d+) units below 0\.1% of the cost, together ([0-9.e-]+)%", text)
    assert m and int(m.group(1)) == 37
    assert abs(float(m.group(2)) / 100 - sum(small)) <= 0.05 * sum(small)  # two significant digits
    rows = [line for line in text.splitlines() if re.match(r"    \d+  ", line)]
    assert [r.split()[0] for r in rows] == ["1", "2"]  # the two large units, by their index in the merged network
    assert rows[0].split()[1:4] == ["(2,", "0)", "(1,"]
    every = text_solution(sol, all_units=True)
    assert "units below" not in every
    assert len([line for line in every.splitlines() if re.match(r"    \d+  ", line)]) == 39


def test_solve_json_keeps_every_unit_unmerged_and_every_solver_key():
    net = _network()
    doc = json.loads(json.dumps(json_solution(_solution(net))))
    assert len(doc["units"]) == 41
    assert [exact(x) for x in doc["units"][1]["w"]] == [2, 0] and exact(doc["units"][1]["b"]) == mpq(-1, 5)
    assert set(doc["solver"]) == {k for k, _ in SOLVER}
    assert doc["solver"]["seconds"] == SOLVER[6][1]  # the float as it was, not the rounded text


def test_the_solver_line_is_a_sentence():
    line = solver_summary(SOLVER)
    assert line.startswith("Clarabel (optimal), 4 column-generation rounds (converged), 911 candidate units")
    assert "sup |eta| = 1.000000054" in line and "3.1 s (certificate 0.13 s, localisation 0.029 s)" in line
    assert "_" not in line and "True" not in line and "guided" not in line  # no raw keys, no zero counts
    lp = solver_summary((("solver", "HIGHS"), ("solver note", ""), ("status", "optimal"), ("seconds", 0.02),
                         ("grid points", 15), ("LP points", 8), ("refine", 1), ("warnings", ()),
                         ("primal value", 15.833333333333334), ("exact cost of rationalised solution", mpq(95, 6)),
                         ("rationalised solution interpolates", True), ("gap", 0.0), ("relative gap", 0.0),
                         ("rationalised solution optimal", True)))
    assert lp == ("HiGHS (optimal), knot-grid LP on 15 grid points (8 interpolation points, refine 1), float optimum "
                  "15.83333333, no gap to the exact minimum, the rationalised solution interpolates and is optimal, "
                  "0.02 s")
    assert "new key 7" in solver_summary((("name", "SCS"), ("new key", 7)))  # an unknown fact is not dropped
    nd = solver_summary((("name", "CLARABEL"), ("status", "optimal"), ("rounds", 6), ("converged", True),
                         ("thorough_pricings", 1), ("columns", 2400), ("seconds", 41.0), ("certificate_seconds", 12.5),
                         ("sphere_max_cells", 200000), ("sphere_seconds", 9.25)))  # the R^3 offline program's facts
    assert nd == ("Clarabel (optimal), 6 column-generation rounds (converged), 2400 candidate units, 1 thorough pricing, "
                  "41.0 s (certificate 12.5 s, sphere branch-and-bound 9.2 s with a budget of 200000 cells)")


def test_solve_text_lines_fit_the_width():
    text = text_solution(_solution(_network()))
    long = [line for line in text.splitlines() if len(line) > WIDTH and not line.startswith("  convention")]
    assert not long, long


# -- vectors: exact or rounded as a whole --------------------------------------------------------

_MIXED = re.compile(r"(?<![~\w])\(([^()]*)\)")


def _mixed_vectors(text: str) -> list:
    """Parenthesised lists of two or more entries that have both ~-rounded and plain entries."""
    out = []
    for line in text.splitlines():
        if "(~ marks" in line:
            continue
        for m in _MIXED.finditer(line):
            parts = [p.strip() for p in m.group(1).split(",")]
            if len(parts) > 1 and any(p.startswith("~") for p in parts) and not all(p.startswith("~") for p in parts):
                out.append(m.group(0))
    return out


def test_a_vector_with_one_long_entry_is_rounded_whole():
    long = mpq(1, 3**40)  # 1/12157665459056928801: longer than a table cell
    net = ShallowNetwork(units=[Unit(a=(0, long), w=(3**40, 0), b="-1/2"), Unit(a=(3, 4), w=(0, 1), b=0)],
                         V=((0, 0), (0, 0)), c=(long, 0))
    text = text_solution(_solution(net))
    assert "~(0, 8.22526e-20)" in text and "~(1.21577e+19, 0)" in text
    assert "c = (1/12157665459056928801, 0)" in text  # up to 24 characters an offset entry stays exact
    assert "(3, 4)" in text and "(0, 1)" in text  # short vectors stay exact
    assert _mixed_vectors(text) == []
    assert "--format json prints every value exactly" in text


@pytest.mark.parametrize("name", ["M6", "M5", "M2"])
def test_derive_text_of_the_examples_never_mixes_exact_and_rounded_entries(name):
    h = min_cost_denoiser(EXAMPLES[name].data)
    assert _mixed_vectors(text_denoiser(h, alignment(h))) == []


# -- verify --numeric: each check once, aligned ---------------------------------------------------


def _checks(text: str) -> list:
    """(name, column of the verdict word) of each check line of verify's text."""
    out = []
    for line in text.split("\n\n", 1)[1].splitlines():
        m = re.match(rf"  (\S.*?)\s+({STATUS_WORDS})\s", line)
        if m:
            out.append((m.group(1), m.start(2)))
    return out


def _verify_numeric(path, capsys) -> list:
    code = main(["verify", "--numeric", str(path)])
    out, err = capsys.readouterr()
    assert code in (0, 1) and err == ""
    return _checks(out)


def test_verify_numeric_prints_each_check_once_aligned_in_1d(tmp_path, capsys):
    path = tmp_path / "u1.json"
    path.write_text('{"clean": [0, 1, 3, "7/2"], "radius": "1/5"}')
    checks = _verify_numeric(path, capsys)
    names = [n for n, _ in checks]
    assert len(names) == len(set(names)) and {"optimality", "numeric optimality", "numeric agreement"} <= set(names)
    assert len({col for _, col in checks}) == 1


@pytest.mark.slow
def test_verify_numeric_prints_each_check_once_aligned_in_2d(tmp_path, capsys):
    path = tmp_path / "m1.json"
    path.write_text('{"clean": [[0, 0], [1, 0], [3, 0]], "radius": "1/10"}')
    checks = _verify_numeric(path, capsys)
    names = [n for n, _ in checks]
    assert len(names) == len(set(names)) and {"min-cost interval", "localisation"} <= set(names)
    assert len({col for _, col in checks}) == 1


# -- progress bars ----------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


_STUDY = ["--test-distribution", "uniform:0:4", "--sigma", "0.01:0.02:2", "--digits", "5"]


def _study(tmp_path, monkeypatch, stderr, *flags) -> str:
    path = tmp_path / "u1.json"
    path.write_text('{"clean": [0, 1, 3, "7/2"], "radius": "1/5"}')
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", stderr)
    assert main([*flags, "generalization", str(path), *_STUDY]) == EXIT_OK
    return out.getvalue()


def test_a_terminal_gets_a_progress_bar_on_stderr_and_the_same_stdout(tmp_path, monkeypatch):
    monkeypatch.setattr(progress_bars, "DELAY", 0.0)  # draw at once: the study takes well under a second
    terminal, pipe, quiet = _Terminal(), io.StringIO(), _Terminal()
    shown = _study(tmp_path, monkeypatch, terminal)
    assert "symden: noise grid" in terminal.getvalue() and "sigma" in terminal.getvalue()
    assert _study(tmp_path, monkeypatch, pipe) == shown and pipe.getvalue() == ""  # not a terminal: no bar
    assert _study(tmp_path, monkeypatch, quiet, "--quiet") == shown and quiet.getvalue() == ""
    after = _Terminal()  # --quiet after the command means the same
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stderr", after)
    assert main(["generalization", str(tmp_path / "u1.json"), *_STUDY, "-q"]) == EXIT_OK and after.getvalue() == ""
    assert "crossover" in shown and "symden:" not in shown  # the bar never reaches stdout


def test_a_derive_on_a_terminal_never_imports_tqdm(tmp_path):
    path = tmp_path / "u1.json"
    path.write_text('{"clean": [0, 1, 3, "7/2"], "radius": "1/5"}')
    code = ("import io, sys\n"
            "class T(io.StringIO):\n    def isatty(self): return True\n"
            "sys.stderr = T()\n"
            "import symden.cli._progress as p; p.DELAY = 0.0\n"
            "from symden.cli import main\n"
            f"assert main(['derive', {str(path)!r}]) == 0\n"
            "sys.__stdout__.write(str('tqdm' in sys.modules) + ' ' + repr(sys.stderr.getvalue()))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={"PYTHONPATH": _ROOT, "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.endswith("False ''")


def test_the_mathematics_reports_progress_to_a_listener_only_when_one_listens():
    from symden.progress import listening, task

    seen = []

    class Recorder:
        def __init__(self, name, total, unit):
            self.name = name

        def update(self, done, total=None, note=""):
            seen.append((self.name, done))

        def close(self):
            seen.append((self.name, "closed"))

    from symden.generalization import generalization_study, parse_test_distribution

    study = lambda: generalization_study([0, 1, 3], parse_test_distribution("uniform:0:4"), ["1/100", "1/50"],
                                         digits=5)
    plain = study()
    with listening(Recorder):
        heard = study()
        with task("left open", total=2) as t:
            t.update(1)
    assert heard.rows == plain.rows  # listening changes nothing computed
    assert seen == [("noise grid", 1), ("noise grid", 2), ("noise grid", "closed"), ("left open", 1),
                    ("left open", "closed")]


# -- honest pointers ---------------------------------------------------------------------------------

D4 = DataSet(clean=[[0, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], ["3/10", "3/10", "3/10", 1]],
             radius="1/10")


def test_no_line_points_to_a_numeric_path_that_does_not_cover_the_data():
    h = min_cost_denoiser(D4)  # a 4-D simplex: a closed form, but no convex program in d = 4
    verdicts = {v.name: v for v in verify_denoiser(h)}
    for name in ("optimality", "uniqueness"):
        assert verdicts[name].status is Status.INCONCLUSIVE
        assert "--numeric" not in verdicts[name].detail and "no convex program of symden covers" in verdicts[name].detail
    assert all("--numeric" not in n and "solve" not in n for n in h.notes)
    h3 = min_cost_denoiser(EXAMPLES["M6"].data)  # the plane: the program exists, and the pointer is there
    assert "`symden verify --numeric FILE` adds the program's uniqueness probe" in check_uniqueness_nd(h3).detail


def test_under_numeric_an_undecided_uniqueness_line_says_what_the_probe_did():
    h = min_cost_denoiser(EXAMPLES["M6"].data)
    exact_verdicts = (check_uniqueness_nd(h),)
    assert "--numeric" in exact_verdicts[0].detail
    # the program certified nothing, so its probe did not run: the line says so and points nowhere
    failed = (Verdict("numeric optimality", Status.INCONCLUSIVE, "the program did not bound the optimum: test"),)
    (u,) = with_numeric(exact_verdicts, failed)[:1]
    assert u.status is Status.INCONCLUSIVE and "--numeric" not in u.detail and "did not run" in u.detail
    # the probe ran and could not tell: its own words replace the pointer
    probe = Verdict("uniqueness", Status.INCONCLUSIVE, "probe over the near-optimal set: does not tell")
    (u,) = with_numeric(exact_verdicts, (probe,))
    assert u.detail == probe.detail


SINGLE_1D = '{"clean": [0, 1, 3], "samples": [[0], ["9/10", "11/10"], [3, "31/10"]]}'


def test_a_single_sample_cluster_names_symden_solve_and_solve_then_works(tmp_path, capsys):
    path = tmp_path / "single.json"
    path.write_text(SINGLE_1D)
    assert main(["derive", str(path)]) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert "single distinct sample 0" in err and "use `symden solve FILE` instead" in err
    assert main(["solve", str(path)]) == EXIT_OK  # the pointer is true: the 1-D program solves these data
    out, err = capsys.readouterr()
    assert "min R = " in out and "proved by an exact dual certificate" in out


@pytest.mark.parametrize("text, fragments", [
    ('{"clean": [0, 1], "samples": [[0, 1.2], ["9/10", "11/10"]]}', ["overlap", "use `symden solve FILE` instead"]),
    ('{"clean": [0, 1], "samples": [[1.2, 1.3], [-0.1, 0.1]]}', ["opposite order", "use `symden solve FILE` instead"]),
    ('{"clean": [[0, 0], [1, 0], [0, 1]], "samples": [[[0, 0]], [[1, 0], [1.1, 0]], [[0, 1], [0, 1.1]]]}',
     ["along the ray from clean[0] = (0, 0)", "single distinct sample", "try `symden solve FILE`"]),
    ('{"clean": [[0, 0], [2, 0]], "samples": [[[0, 0]], [[2, 0], [2.1, 0]]]}',
     ["the data are collinear", "single distinct sample", "try `symden solve FILE`"]),
    ('{"clean": [[0, 0], [1, 0], ["1/2", "sqrt(3)/2"]], "radius": "9/20"}',  # the face ramp does not fit
     ["not above 2*radius = 9/10", "try `symden solve FILE`", "when it solves"]),
    ('{"clean": [[0, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], ["3/10", "3/10", "3/10", 1]], '
     '"radius": "3/10"}',  # the altitude from the origin is 10/sqrt(301) < 3/5
     ["not above 2*radius = 3/5", "no convex program of symden covers d = 4 either"]),
])
def test_closed_form_failures_that_another_command_may_handle_say_which(text, fragments):
    from symden.data import dataset_from_json

    with pytest.raises(ConditionError) as info:
        min_cost_denoiser(dataset_from_json(text))
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, fragment
    assert "\n" not in message and message.count("symden solve") <= 1  # at most one pointer, on one line
