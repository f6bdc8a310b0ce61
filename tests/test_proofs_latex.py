"""The proofs document (``symden prove --latex FILE``): it compiles without an overfull line, shows
no step of the form X = X, names no variable ``e``, and typesets its captions' math as math."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import sympy

from symden.lemmas import LEMMAS, Derivation, latex_document, prove_lemmas
from symden.lemmas._latex import WIDTH, _terms, display_lines, is_trivial, shown_steps, width

PDFLATEX = shutil.which("pdflatex")


@pytest.fixture(scope="module")
def results():
    return prove_lemmas()


@pytest.fixture(scope="module")
def variant_results():
    return [LEMMAS[n].prove(variant=v) for n in LEMMAS for v in LEMMAS[n].VARIANTS]


@pytest.mark.slow
@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed (apt-get install texlive-latex-base "
                                             "texlive-latex-recommended)")
def test_the_document_compiles_without_an_overfull_line(results, tmp_path):
    (tmp_path / "proofs.tex").write_text(latex_document(results))
    proc = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "proofs.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=180)
    log = (tmp_path / "proofs.log").read_text(errors="replace")
    assert proc.returncode == 0, log[-2000:]
    assert "Overfull \\hbox" not in log, re.findall(r"Overfull \\hbox.*", log)
    assert (tmp_path / "proofs.pdf").stat().st_size > 0


def _sides(expr):
    if isinstance(expr, sympy.Eq) or (isinstance(expr, sympy.core.relational.Relational) and expr.rel_op == "=="):
        return expr.lhs, expr.rhs
    return None


def test_no_lemma_step_is_x_equals_x(results):
    # the lemmas themselves show meaningful identities; the document's filter is only a safety net
    for res in results:
        for step in res.steps:
            sides = _sides(step.expr)
            if sides is None:
                continue
            lhs, rhs = sides
            assert not is_trivial(step.expr), (res.name, step.text)
            assert sympy.latex(lhs) != sympy.latex(rhs) and lhs != rhs, (res.name, step.text)
        assert shown_steps(res) == list(res.steps)
    doc = latex_document(results)
    for m in re.finditer(r"\\begin\{equation\*\}\n(.*?)\n\\end\{equation\*\}", doc, flags=re.S):
        parts = m.group(1).split(" = ")
        assert len(parts) != 2 or parts[0] != parts[1], m.group(1)


def test_a_trivial_step_is_dropped_from_the_document_and_is_not_a_claim():
    x = sympy.Symbol("x", positive=True)
    d = Derivation("toy")
    d.equal("the same thing twice", x, x)
    d.equal("a real identity", (x + 1) ** 2, x**2 + 2 * x + 1)
    res = d.result(statement="toy", latex_statement="x", scope="general parameters", proved_detail="toy")
    assert [s.text for s in shown_steps(res)] == ["a real identity"]
    doc = latex_document([res])
    assert "the same thing twice" not in doc and "a real identity" in doc


def _symbol_names(expr) -> set:
    if expr is None:
        return set()
    if isinstance(expr, sympy.MatrixBase):
        return set().union(*(_symbol_names(entry) for entry in expr))
    names = {s.name for s in getattr(expr, "free_symbols", set())}
    names |= {s.name for s in expr.atoms(sympy.Symbol)} if isinstance(expr, sympy.Basic) else set()
    names |= {str(b.label) for b in expr.atoms(sympy.IndexedBase)} if isinstance(expr, sympy.Basic) else set()
    return names


def _assert_no_e(res) -> None:
    for step in res.steps:
        assert "e" not in _symbol_names(step.expr), (res.name, step.text)
        if step.expr is not None:
            assert not re.search(r"(?<![A-Za-z\\])e(?![A-Za-z])", sympy.latex(step.expr)), (res.name, step.text)


def test_no_variable_is_named_e(results):
    for res in results:
        _assert_no_e(res)
    # the gap slack of the four lemmas that have one is delta
    for name in ("univariate_cost", "contractivity", "ramp_certificate", "triangles"):
        res = next(r for r in results if r.name == name)
        names = set().union(*(_symbol_names(s.expr) for s in res.steps))
        assert names & {"delta", "delta_n"}, name


_FORBIDDEN = ("<=", ">=", "sqrt(", "|eta|", "->", "|", "^", "_", "\\")


def _outside_math(tex: str) -> str:
    assert tex.count("$") % 2 == 0, tex
    return re.sub(r"\$[^$]*\$", " ", tex)


def _assert_prose(tex: str, where) -> None:
    plain = _outside_math(tex)
    plain = re.sub(r"\\(mathbb|text|emph)\{[^}]*\}|i\.e\.\\ |--", " ", plain)
    for bad in _FORBIDDEN:
        assert bad not in plain, (where, bad, tex)


def _assert_captions(res) -> None:
    for field in (res.latex_text, res.latex_scope or res.scope, res.latex_detail):
        assert field, (res.name, "a LaTeX statement, scope and detail")
        _assert_prose(field, res.name)
    for step in res.steps:
        assert step.latex_text, (res.name, step.text)
        _assert_prose(step.latex_text, (res.name, step.text))
        assert "$" not in step.text and "\\" not in step.text, step.text  # the terminal text stays plain


def test_captions_typeset_their_math_as_math(results):
    for res in results:
        _assert_captions(res)
    doc = latex_document(results)
    for bad in ("|eta|", "sqrt(", "&lt;=", r"\textless{}=", r"\textbar{}"):
        assert bad not in doc


@pytest.mark.slow
def test_the_false_variants_too(variant_results):
    # a refuted variant's document names its failing step by its LaTeX caption, and no variant names e
    for res in variant_results:
        failing = next(step for step in res.steps if step.holds is False)
        assert res.detail == "step refuted: " + failing.text
        assert res.latex_detail == "step refuted: " + failing.latex_text and failing.latex_text
        _assert_no_e(res)
        _assert_captions(res)


def test_the_breaker_keeps_every_term_and_the_width():
    xs = sympy.symbols("x1:31")
    expr = sum((-1) ** k * (k + 1) * xs[k] ** 2 / (xs[(k + 1) % 30] + 3) for k in range(30))
    # the terms with their printed signs add back to the expression
    assert sympy.Add(*[(-t if sign == "-" else t) for sign, t in _terms(expr)]) == expr
    rel = sympy.Eq(expr, sympy.Integer(0), evaluate=False)
    lines = display_lines(rel)
    assert len(lines) > 3 and all(line.count("&") == 1 for line in lines)
    body = " ".join(lines)
    for _, term in _terms(expr):
        assert sympy.latex(term) in body
    assert width(rel) > WIDTH
    short = sympy.Eq(xs[0] + xs[1], xs[2], evaluate=False)
    assert display_lines(short) == [sympy.latex(short)]


def test_a_wide_matrix_relation_is_shown_entry_by_entry():
    xs = sympy.symbols("x1:41")
    big = sympy.Matrix([sum(xs[:20]), sum(xs[20:])])
    lines = display_lines(sympy.Eq(big, sympy.zeros(2, 1), evaluate=False))
    assert sum(line.startswith(r"\text{entry }") for line in lines) == 2
