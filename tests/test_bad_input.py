"""One table of bad inputs: each gets its error class, a message naming the value and the
condition, exit code 2 from the command line, nothing on stdout, and no traceback.

The command line runs in-process (``symden.cli.main`` with capsys): the table is about messages
and exit codes, not start-up, which tests/test_cli.py covers with one subprocess per command.
"""

from __future__ import annotations

import json

import pytest

from symden.cli import EXIT_BAD_INPUT, main
from symden.closed_forms import min_cost_denoiser
from symden.data import dataset_from_json
from symden.errors import ConditionError, DataFileError, InexactNumberError, InvalidDataError

# (id, file text, expected error class, fragments that must appear in the message)
BAD = [
    ("overlapping-hulls", '{"clean": [0, 1], "samples": [[0, 0.6], [0.5, 1]]}', ConditionError,
     ["clean[0] = 0", "[0, 3/5]", "[1/2, 1]", "overlap", "r_n < l_{n+1}"]),
    ("hulls-out-of-order", '{"clean": [0, 1], "samples": [[5, 6], [0, 0.5]]}', ConditionError,
     ["[5, 6]", "opposite order"]),
    ("touching-hulls", '{"clean": [0, 1], "samples": [[0, 0.5], [0.5000001, 1]], "name": "ok"}', None, []),
    ("one-distinct-sample", '{"clean": [0, 1], "samples": [[0, 0, 0], [0.9, 1.1]]}', ConditionError,
     ["clean[0] = 0", "single distinct sample 0", "general 1-D solver"]),
    ("shared-sample", '{"clean": [0, 1], "samples": [[0, 0.5], [0.5, 1]]}', InvalidDataError,
     ["sample 1/2", "clean[0] = 0", "clean[1] = 1", "two targets"]),
    ("duplicate-clean", '{"clean": [0, 1, 0], "radius": 0.1}', InvalidDataError,
     ["clean[0] and clean[2]", "same point 0", "distinct"]),
    ("overlapping-balls", '{"clean": [0, 1, 3], "radius": 0.5}', InvalidDataError,
     ["clean[0] = 0", "clean[1] = 1", "distance 1", "2*radius = 1"]),
    ("overlapping-balls-2d", '{"clean": [[0, 0], [1, 1]], "radius": 1}', InvalidDataError,
     ["(0, 0)", "(1, 1)", "sqrt(2)", "2*radius = 2"]),
    ("nan", '{"clean": [0, NaN], "radius": 0.1}', InexactNumberError, ["NaN", "finite"]),
    ("infinity", '{"clean": [0, 1], "radius": Infinity}', InexactNumberError, ["Infinity", "finite"]),
    ("nan-string", '{"clean": [0, "nan"], "radius": 0.1}', InexactNumberError, ["clean[1]", "'nan'", "finite"]),
    ("inf-sample", '{"clean": [0, 1], "samples": [[0, "-inf"], [1, 2]]}', InexactNumberError,
     ["samples[0][1]", "finite"]),
    ("zero-radius", '{"clean": [0, 1], "radius": 0}', InvalidDataError, ["radius = 0", "positive"]),
    ("negative-radius", '{"clean": [0, 1], "radius": "-1/5"}', InvalidDataError, ["radius = -1/5", "positive"]),
    ("mixed-dimensions", '{"clean": [[0, 0], [1, 0, 0]], "radius": 0.1}', InvalidDataError,
     ["clean[1]", "dimension 3", "dimension 2"]),
    ("scalar-and-vector", '{"clean": [0, [1, 0]], "radius": 0.1}', InvalidDataError, ["clean[1]", "dimension 2"]),
    ("sample-dimension", '{"clean": [0, 1], "samples": [[0, [1, 2]], [1, 2]]}', InvalidDataError,
     ["samples[0][1]", "dimension 2"]),
    ("cluster-count", '{"clean": [0, 1], "samples": [[0, 0.1]]}', InvalidDataError, ["1 clusters", "2 clean points"]),
    ("empty-cluster", '{"clean": [0, 1], "samples": [[], [1, 2]]}', InvalidDataError, ["samples[0] = []"]),
    ("empty-clean", '{"clean": [], "radius": 0.1}', InvalidDataError, ["clean = []", "at least one"]),
    ("both-settings", '{"clean": [0, 1], "radius": 0.1, "samples": [[0, 0.1], [1, 1.1]]}', InvalidDataError,
     ["exactly one of 'radius'", "'samples'"]),
    ("neither-setting", '{"clean": [0, 1]}', InvalidDataError, ["exactly one of 'radius'"]),
    ("malformed-json", '{"clean": [0, 1], "radius": 0.1', DataFileError, ["malformed JSON", "line 1"]),
    ("not-an-object", '[0, 1, 2]', DataFileError, ["top level", "object"]),
    ("unknown-key", '{"clean": [0, 1], "radius": 0.1, "sigma": 2}', DataFileError, ["unknown key 'sigma'", "allowed"]),
    ("missing-clean", '{"radius": 0.1}', DataFileError, ["'clean'", "missing"]),
    ("non-number", '{"clean": [0, "one"], "radius": 0.1}', InexactNumberError, ["clean[1] = 'one'", "not a number"]),
    ("boolean", '{"clean": [0, true], "radius": 0.1}', InexactNumberError, ["clean[1] = True", "boolean"]),
    ("transcendental", '{"clean": [0, "pi"], "radius": 0.1}', InexactNumberError, ["clean[1] = 'pi'"]),
    ("huge-integer", '{"clean": [0, ' + "1" * 5000 + '], "radius": 1}', InexactNumberError, ["5000 digits"]),
    ("huge-exponent", '{"clean": [0, 1e999999], "radius": 0.1}', InexactNumberError, ["exponent larger than 1000"]),
    ("deep-nesting", '{"clean": ' + "[" * 100000 + "]" * 100000 + ', "radius": 1}', DataFileError, ["nested too deeply"]),
    ("name-not-string", '{"clean": [0, 1], "radius": 0.1, "name": 3}', InvalidDataError, ["name = 3", "string"]),
]


def _run(argv, capsys):
    """(exit code, stdout, stderr) of ``symden ARGV`` run in this process."""
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _usage_exit(argv, capsys) -> int:
    """argparse's own exit code for a usage error (it raises SystemExit)."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    capsys.readouterr()
    return info.value.code


@pytest.mark.parametrize("case, text, error, fragments", BAD, ids=[b[0] for b in BAD])
def test_bad_input_raises_a_named_error(case, text, error, fragments):
    if error is None:  # a control: nearly touching hulls are fine
        min_cost_denoiser(dataset_from_json(text))
        return
    with pytest.raises(error) as info:
        min_cost_denoiser(dataset_from_json(text, source="data.json"))
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert "\n" not in message


@pytest.mark.parametrize("command", ["derive", "verify"])
@pytest.mark.parametrize("case, text, error, fragments", [b for b in BAD if b[2] is not None], ids=[b[0] for b in BAD if b[2] is not None])
def test_bad_input_exits_2_with_one_line_and_no_traceback(tmp_path, capsys, command, case, text, error, fragments):
    path = tmp_path / f"{case}.json"
    path.write_text(text)
    code, out, err = _run([command, str(path)], capsys)
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("symden: error: ")
    assert fragments[0] in lines[0]


def test_missing_file_and_directory_exit_2(tmp_path, capsys):
    for target in [tmp_path / "nope.json", tmp_path]:
        code, out, err = _run(["derive", str(target)], capsys)
        assert code == 2 and "cannot read the data file" in err and str(target) in err and out == ""


def test_non_utf8_file_exits_2(tmp_path, capsys):
    path = tmp_path / "bin.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    code, out, err = _run(["verify", str(path)], capsys)
    assert code == 2 and out == "" and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_usage_errors_exit_2(capsys):
    assert _usage_exit([], capsys) == 2
    assert _usage_exit(["derive"], capsys) == 2
    assert _usage_exit(["derive", "x.json", "--format", "pdf"], capsys) == 2
    assert _usage_exit(["frobnicate"], capsys) == 2
    assert _usage_exit(["derive", "x.json", "--structure", "circle"], capsys) == 2


@pytest.mark.parametrize(
    "argv, fragments",
    [
        (["prove", "nonsense"], ["unknown lemma 'nonsense'", "ramp"]),
        (["lemmas", "nope.json"], ["nope.json", "cannot read the data file"]),
        (["solve", "nope.json"], ["nope.json", "cannot read the data file"]),
        (["generalization", "nope.json", "--test-distribution", "uniform:0:1", "--sigma", "0.1:1:3"], ["nope.json"]),
    ],
)
def test_every_command_reports_bad_input_on_one_line(tmp_path, capsys, monkeypatch, argv, fragments):
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(argv, capsys)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and err.startswith("symden: error: ")
    for fragment in fragments:
        assert fragment in err, (fragment, err)


def test_python_floats_are_refused_by_the_api():
    from symden.data import DataSet

    with pytest.raises(InexactNumberError, match=r"clean\[1\] = 0.1: is a binary float"):
        DataSet(clean=[0, 0.1], radius=1)
    with pytest.raises(TypeError):  # also a builtin TypeError
        DataSet(clean=[0, 1], radius=0.1)


@pytest.mark.parametrize(
    "clean, fragments",
    [
        # points in general position in R^3: no theorem applies
        ([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]],
         ["no closed form fits", "dimension 3, not a line", "acute angle", "not the vertices of a simplex"]),
        # four points in the plane with no base of non-acute rays (and not a simplex)
        ([[0, 0], [4, 0], [4, 3], [0, 3]], ["from clean[0] = (0, 0), the rays toward clean[1] and clean[2] meet at an acute angle (u.u' = 4/5 > 0)",
                                            "run `symden solve FILE` for a certified interval", "symden explore FILE"]),
    ],
)
def test_data_that_fit_no_theorem_are_refused_with_the_reason(tmp_path, capsys, clean, fragments):
    path = tmp_path / "data.json"
    path.write_text(json.dumps({"clean": clean, "radius": "1/10"}))
    code, out, err = _run(["derive", str(path)], capsys)
    assert code == 2 and out == "" and "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, (fragment, err)
