"""The symbolic lemmas: every proof's verdict, false variants refuted, the LaTeX document, instances."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sympy

from symden.cli import main as cli_main
from symden.lemmas import LEMMAS, latex_document, prove_lemmas
from symden.lemmas._latex import display_lines, shown_steps, step_formulas
from symden.lemmas.ramp_certificate import chain_certificate, check_certificate
from symden.records import Status

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def results():
    return {r.name: r for r in prove_lemmas()}


@pytest.mark.parametrize("name", list(LEMMAS))
def test_every_lemma_is_proved_with_its_scope(results, name):
    res = results[name]
    assert res.status is Status.PROVED, res.detail
    assert res.scope.startswith("general parameters")
    assert res.name == name and res.statement == LEMMAS[name].STATEMENT
    claims = [s for s in res.steps if s.kind != "note"]
    assert claims and all(s.holds is True for s in claims)
    assert res.counterexample is None


@pytest.mark.parametrize("name, variant", [(n, v) for n in LEMMAS for v in LEMMAS[n].VARIANTS])
def test_every_false_variant_is_refuted_with_a_counterexample(name, variant):
    res = LEMMAS[name].prove(variant=variant)
    assert res.status is Status.REFUTED, (name, variant, res.detail)
    assert res.counterexample is not None
    assert any(s.holds is False for s in res.steps)


def test_the_two_named_false_variants():
    ramp = LEMMAS["ramp"].prove(variant="no-factor-2")
    assert ramp.status is Status.REFUTED and "claimed cost" in ramp.detail
    strict = LEMMAS["contractivity"].prove(variant="strict-midpoint")
    assert strict.status is Status.REFUTED
    # the witness is the midpoint: slack k = 0 in t = rho + delta/(2(1 + k))
    assert strict.counterexample["k"] == "0"


def test_claimed_formulas_are_checked_by_the_same_machinery():
    A, W = LEMMAS["balancing"].A, LEMMAS["balancing"].W
    assert LEMMAS["balancing"].prove(claimed_minimum=A * W).proved
    assert LEMMAS["balancing"].prove(claimed_minimum=(A**2 + W**2) / 2).status is Status.REFUTED
    g, a = LEMMAS["ramp"].g, LEMMAS["ramp"].Anorm
    assert LEMMAS["ramp"].prove(claimed_cost=2 * a / g).proved
    assert LEMMAS["ramp"].prove(claimed_cost=2 * a / g**2).status is Status.REFUTED


def test_unknown_variant_is_an_error():
    with pytest.raises(ValueError, match="unknown"):
        LEMMAS["ramp"].prove(variant="nonsense")


def test_latex_document_is_well_formed(results):
    doc = latex_document(list(results.values()))
    assert doc.startswith(r"\documentclass") and doc.rstrip().endswith(r"\end{document}")
    # balanced environments, properly nested
    stack = []
    for kind, env in re.findall(r"\\(begin|end)\{([a-z*]+)\}", doc):
        if kind == "begin":
            stack.append(env)
        else:
            assert stack and stack.pop() == env
    assert not stack
    # balanced braces outside escaped ones
    depth = 0
    for ch in re.sub(r"\\[{}]", "", doc):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0
    # every displayed block is a lemma statement or the display of a shown step's expression (one line,
    # or broken over align* lines), in order; the blocks are exactly the results' step_formulas
    shown = [m.group(0) for m in re.finditer(r"\\begin\{(equation\*|align\*|gather\*)\}\n.*?\n\\end\{\1\}", doc, flags=re.S)]
    assert shown == [f for r in results.values() for f in step_formulas(r) if f]
    for r in results.values():
        for step in shown_steps(r):
            if step.expr is not None and len(display_lines(step.expr)) == 1:
                assert sympy.latex(step.expr) in doc


def test_certificate_check_on_exact_instances():
    R = sympy.Rational
    # THEORY U1: online, x = (0, 1, 3, 7/2), rho = 1/5, R = 95/6
    hulls = [(x - R(1, 5), x + R(1, 5)) for x in (0, 1, 3, R(7, 2))]
    pts, tg, mu = chain_certificate(hulls, [0, 1, 3, R(7, 2)])
    assert check_certificate(pts, tg, mu, value=R(95, 6)).ok
    # a wrong value is refuted
    d = check_certificate(pts, tg, mu, value=R(95, 6) + 1)
    assert d.failure is not None


def _call(argv):
    return cli_main(argv)


def test_prove_command_table_and_latex(tmp_path, capsys):
    target = tmp_path / "lemmas.tex"
    assert _call(["prove", "--latex", str(target)]) == 0
    out = capsys.readouterr().out
    for name in LEMMAS:
        assert re.search(rf"^{name}\s+proved", out, flags=re.M)
    assert target.read_text().startswith(r"\documentclass")
    assert _call(["prove", "ramp"]) == 0
    assert _call(["prove", "nonsense"]) == 2


def test_lemmas_command_on_data(tmp_path, capsys):
    def write(name, obj):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(obj))
        return str(path)

    assert _call(["lemmas", write("u1", {"clean": [0, 1, 3, 3.5], "radius": "1/5"})]) == 0
    assert "95/6" in capsys.readouterr().out
    assert _call(["lemmas", write("u3", {"clean": [0, 1], "samples": [[-0.2, 0], [0.8, 1.1]]})]) == 1
    assert "violation 1/8 at the midpoint 1/2" in capsys.readouterr().out
    assert _call(["lemmas", write("rays", {"clean": [[0, 0], [1, 0], [2, 0], [0, 1]], "radius": 0.1})]) == 0
    assert "15/2" in capsys.readouterr().out
    assert _call(["lemmas", write("bad", {"clean": [0, 1], "radius": 1})]) == 2


def test_proof_files_run():
    files = sorted((ROOT / "proofs").glob("lemma_*.py"))
    assert {f.stem[len("lemma_"):] for f in files} == set(LEMMAS)
    proc = subprocess.run([sys.executable, str(files[0])], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "verdict: proved" in proc.stdout
