"""A standalone LaTeX document of lemma results: statements, derivation steps, verdicts.

Every displayed formula is a lemma's ``LATEX_STATEMENT`` or a step's expression printed by
``sympy.latex``; captions are the steps' ``latex_text`` (LaTeX text with inline ``$...$`` math),
or the escaped plain ``text`` when a step has none. Needs only ``amsmath``, ``amssymb`` and ``geometry``
(texlive-latex-base and its dependency texlive-base), so it compiles with the TeX Live packages CI installs.

Two rules keep the document readable:

* A step whose relation is literally ``X = X`` once printed (:func:`is_trivial`) is not shown: it
  says nothing to a reader. The lemmas are written so that none is produced (each identity shows
  the expression before simplification); the filter is a safety net, and a test checks no lemma
  needs it.
* A formula wider than the line is broken by :func:`display_lines` between the top-level terms of
  its sums (working on the sympy expression's ``args``, not on the LaTeX string), the relation
  sign starting a new line when the left side is itself long; a matrix relation too wide for one
  line is shown entry by entry. Widths are estimated from the expression tree (a fraction is as wide
  as its wider part), in units of roughly one math character; :data:`WIDTH` units fit the text
  width of the document's enumerated steps with a margin.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

import sympy
from sympy.core.function import _coeff_isneg
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE, precedence_traditional

__all__ = ["latex_document", "escape_text", "step_formulas", "is_trivial", "display_lines", "width", "WIDTH",
           "shown_steps"]

#: The widest line (in estimated math characters) a displayed formula may have.
WIDTH = 88

_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
            "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}

_REL = {"==": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">", "!=": r"\ne"}


def escape_text(text: str) -> str:
    """Plain text made safe for LaTeX's text mode."""
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def caption(step) -> str:
    """A step's caption in LaTeX: its ``latex_text``, or its escaped ``text``."""
    return step.latex_text or escape_text(step.text)


# -- widths ---------------------------------------------------------------------------------------
def _visual(tex: str) -> float:
    """Estimated width of a LaTeX math string: a command is one character, braces and scripts' markers none."""
    tex = re.sub(r"\\(left|right|bigl|bigr|Bigl|Bigr|displaystyle|,|;|!|quad|qquad)\b", "", tex)
    tex = re.sub(r"\\[a-zA-Z]+", "x", tex)
    tex = re.sub(r"[{}^_\s]", "", tex)
    return float(len(tex))


def width(expr: Any) -> float:
    """Estimated printed width of a sympy expression, in math characters (see the module docstring)."""
    if isinstance(expr, sympy.MatrixBase):
        cols = [max((width(expr[i, j]) for i in range(expr.rows)), default=0) for j in range(expr.cols)]
        return sum(cols) + 1.5 * len(cols) + 2
    if isinstance(expr, (sympy.Tuple, tuple, list)):
        return sum(width(x) for x in expr) + 2 * len(expr) + 2
    if not isinstance(expr, sympy.Basic):
        return _visual(sympy.latex(expr))
    if isinstance(expr, sympy.core.relational.Relational) or isinstance(expr, sympy.Equivalent):
        return sum(width(a) for a in expr.args) + 3
    if expr.is_Add:
        return sum(width(t) + (2 if t.is_Add else 0) for t in expr.args) + 2 * (len(expr.args) - 1)
    if expr.is_Rational and not expr.is_Integer:
        return max(len(str(expr.p)), len(str(expr.q))) + 1
    if expr.is_Mul:
        num, den = sympy.fraction(expr)
        if den != 1:
            return max(width(num), width(den)) + 1
        return sum(width(f) + (2 if f.is_Add else 0) + 0.5 for f in expr.args)
    if expr.is_Pow:
        base, ex = expr.args
        if ex == sympy.Rational(1, 2):
            return width(base) + 1.5
        if ex.is_negative:
            return max(width(1 / expr), 1) + 1
        return width(base) + (2 if not (base.is_Atom or isinstance(base, sympy.Indexed)) else 0) + 0.7 * width(ex)
    if isinstance(expr, sympy.Abs):
        return width(expr.args[0]) + 1
    if isinstance(expr, (sympy.Limit, sympy.Sum, sympy.Derivative, sympy.Integral, sympy.Subs)):
        return width(expr.args[0]) + (6 if isinstance(expr, (sympy.Limit, sympy.Integral)) else 4)
    if isinstance(expr, sympy.Function) and expr.args:
        return len(type(expr).__name__) + sum(width(a) + 1 for a in expr.args) + 1
    return _visual(sympy.latex(expr))


# -- breaking -------------------------------------------------------------------------------------
def _terms(expr: Any) -> list:
    """The top-level terms of a sum as ``(sign, term)`` with ``sign`` in ``"", "+", "-"``, in printing order."""
    if not (isinstance(expr, sympy.Basic) and expr.is_Add):
        return [("", expr)]
    out = []
    for i, term in enumerate(LatexPrinter()._as_ordered_terms(expr)):
        if i == 0:
            out.append(("", term))
        elif _coeff_isneg(term):
            out.append(("-", -term))
        else:
            out.append(("+", term))
    return out


def _term_tex(sign: str, term: Any) -> str:
    tex = sympy.latex(term)
    if sign and precedence_traditional(term) < PRECEDENCE["Add"]:
        tex = r"\left(" + tex + r"\right)"
    return f"{sign} {tex}" if sign else tex


def _chunks(expr: Any, first: float, rest: float) -> list:
    """``expr`` (a sum) packed greedily into lines: the first at most ``first`` wide, the others ``rest``."""
    lines, cur, cur_w, limit = [], [], 0.0, first
    for sign, term in _terms(expr):
        w = width(term) + 2
        if cur and cur_w + w > limit:
            lines.append(" ".join(cur))
            cur, cur_w, limit = [], 0.0, rest
        cur.append(_term_tex(sign, term))
        cur_w += w
    lines.append(" ".join(cur))
    return lines


def _relation(expr: Any) -> tuple:
    """``(lhs, symbol, rhs)`` of a relation, or ``(expr, None, None)``."""
    if isinstance(expr, sympy.core.relational.Relational) and expr.rel_op in _REL:
        return expr.lhs, _REL[expr.rel_op], expr.rhs
    return expr, None, None


def _crowded(matrix: Any) -> bool:
    """Whether a matrix has an entry with two or more fractions (in a matrix they print in small text
    style, nested and unreadable; shown entry by entry they print full size)."""
    return any(sympy.latex(entry).count(r"\frac") >= 2 for entry in matrix)


def display_lines(expr: Any, limit: float = WIDTH) -> list:
    """The lines of ``expr``'s display: one line when it fits in ``limit``, else lines for ``align*``
    (each with one ``&``), broken between top-level terms of sums; a matrix relation too wide, or with
    crowded entries (:func:`_crowded`), entry by entry."""
    lhs, rel, rhs = _relation(expr)
    matrices = rel is not None and isinstance(lhs, sympy.MatrixBase) and isinstance(rhs, sympy.MatrixBase) \
        and lhs.shape == rhs.shape
    if width(expr) <= limit and not (matrices and _crowded(lhs)):
        return [sympy.latex(expr)]
    if matrices:
        out = []
        for i in range(lhs.rows):
            for j in range(lhs.cols):
                label = rf"\text{{entry }} {i + 1}" if lhs.cols == 1 else rf"\text{{entry }} ({i + 1}, {j + 1})"
                entry = display_lines(sympy.Eq(lhs[i, j], rhs[i, j], evaluate=False) if rel == "=" else
                                      type(expr)(lhs[i, j], rhs[i, j], evaluate=False), limit - 8)
                entry = [line if "&" in line else "&" + line for line in entry]
                out.append(label + r"\colon\quad " + entry[0])
                out += entry[1:]
        return out
    indent = r"\quad "
    if rel is None:
        parts = _chunks(lhs, limit, limit - 4)
        return ["&" + parts[0]] + ["&" + indent + p for p in parts[1:]]
    wl = width(lhs)
    if wl <= 0.4 * limit:
        parts = _chunks(rhs, limit - wl - 3, limit - wl - 6)
        first = sympy.latex(lhs) + " &" + rel + " " + parts[0]
        return [first] + ["&" + indent + p for p in parts[1:]]
    left = _chunks(lhs, limit, limit - 4)
    right = _chunks(rhs, limit - 3, limit - 6)
    return (["&" + left[0]] + ["&" + indent + p for p in left[1:]]
            + ["&" + rel + " " + right[0]] + ["&" + indent + p for p in right[1:]])


def display(expr: Any) -> str:
    """A display block of ``expr``: ``equation*`` when one line, else ``align*`` broken by :func:`display_lines`."""
    lines = display_lines(expr)
    if len(lines) == 1 and "&" not in lines[0]:
        return "\\begin{equation*}\n" + lines[0] + "\n\\end{equation*}"
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"


def _statement_display(tex: str) -> str:
    """A lemma's LATEX_STATEMENT: one line, or its ``\\quad``-separated parts on separate lines when long."""
    if _visual(tex) <= WIDTH:
        return "\\begin{equation*}\n" + tex + "\n\\end{equation*}"
    parts = [p.strip().rstrip(",").strip() for p in re.split(r",?\s*\\q?quad\s*", tex) if p.strip()]
    return "\\begin{gather*}\n" + " \\\\\n".join(parts) + "\n\\end{gather*}"


# -- trivial steps --------------------------------------------------------------------------------
def is_trivial(expr: Any) -> bool:
    """Whether ``expr`` is an equation whose two sides print identically (``X = X``)."""
    if isinstance(expr, sympy.Eq) or (isinstance(expr, sympy.core.relational.Relational) and expr.rel_op == "=="):
        return sympy.latex(expr.lhs) == sympy.latex(expr.rhs)
    return False


def shown_steps(result) -> list:
    """The steps the document shows: every step but the trivial ones (:func:`is_trivial`)."""
    return [step for step in result.steps if not is_trivial(step.expr)]


def step_formulas(result) -> list:
    """The display blocks a result contributes to the document, in order: the statement, then each shown step's
    (``""`` for a text-only note, whose ``expr`` is None)."""
    return [_statement_display(result.latex_statement)] + [display(step.expr) if step.expr is not None else ""
                                                            for step in shown_steps(result)]


def latex_document(results: Sequence) -> str:
    """A complete LaTeX document (article class) with every result's statement and derivation."""
    out = [
        r"\documentclass[10pt]{article}",
        r"\usepackage{amsmath,amssymb}",
        r"\usepackage[margin=2cm]{geometry}",
        r"\allowdisplaybreaks",
        r"\setlength{\emergencystretch}{3em}",
        r"\begin{document}",
        r"\section*{symden: the lemmas of docs/theory.md, re-derived symbolically}",
        "Each step was checked by sympy (identities by simplification, signs from the symbols' "
        "assumptions); the verdict names the scope of the proof.",
    ]
    for res in results:
        blocks = step_formulas(res)
        out += [
            r"\subsection*{" + escape_text(f"Lemma {res.name}") + "}",
            r"\textbf{Statement.} " + (res.latex_text or escape_text(res.statement)),
            blocks[0],
            r"\textbf{Derivation.}",
            r"\begin{enumerate}",
        ]
        for step, block in zip(shown_steps(res), blocks[1:]):
            mark = {True: " (checked)", False: " (FAILS)", None: "" if step.kind == "note" else " (undecided)"}[step.holds]
            out += [r"\item " + caption(step) + mark] + ([block] if block else [])
        scope = res.latex_scope or escape_text(res.scope)
        detail = res.latex_detail or escape_text(res.detail)
        out += [r"\end{enumerate}",
                r"\textbf{Verdict:} " + escape_text(res.status.value) + f" ({scope}); {detail}" + r"\par"]
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"
