"""A standalone LaTeX document of lemma results: statements, derivation steps, verdicts.

Every displayed formula is either a lemma's ``LATEX_STATEMENT`` or ``sympy.latex`` of a step's
expression; the prose is escaped. Needs only the ``amsmath`` and ``amssymb`` packages.
"""

from __future__ import annotations

from typing import Sequence

import sympy

__all__ = ["latex_document", "escape_text", "step_formulas"]

_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
            "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}


def escape_text(text: str) -> str:
    """Plain text made safe for LaTeX's text mode."""
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def step_formulas(result) -> list:
    """The formulas a result contributes to the document, in order: the statement, then each step's."""
    return [result.latex_statement] + [sympy.latex(step.expr) for step in result.steps]


def latex_document(results: Sequence) -> str:
    """A complete LaTeX document (article class) with every result's statement and derivation."""
    out = [
        r"\documentclass[10pt]{article}",
        r"\usepackage{amsmath,amssymb}",
        r"\usepackage[margin=2cm]{geometry}",
        r"\allowdisplaybreaks",
        r"\begin{document}",
        r"\section*{symden: the lemmas of docs/theory.md, re-derived symbolically}",
        escape_text("Each step was checked by sympy (identities by simplification, signs from the symbols' "
                    "assumptions); the verdict names the scope of the proof."),
    ]
    for res in results:
        out += [
            r"\subsection*{" + escape_text(f"Lemma {res.name}") + "}",
            r"\textbf{Statement.} " + escape_text(res.statement),
            r"\begin{equation*}", res.latex_statement, r"\end{equation*}",
            r"\textbf{Derivation.}",
            r"\begin{enumerate}",
        ]
        for step in res.steps:
            mark = {True: " (checked)", False: " (FAILS)", None: "" if step.kind == "note" else " (undecided)"}[step.holds]
            out += [r"\item " + escape_text(step.text + mark),
                    r"\begin{equation*}", sympy.latex(step.expr), r"\end{equation*}"]
        out += [r"\end{enumerate}",
                r"\textbf{Verdict:} " + escape_text(f"{res.status.value} ({res.scope}); {res.detail}") + r"\par"]
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"
