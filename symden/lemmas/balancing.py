"""Lemma (balancing; docs/theory.md section 1).

Rescaling one unit ``(a, w, b) -> (g a, w/g, b/g)`` with ``g > 0`` keeps the network function,
and ``min_{g > 0} 1/2 (g^2 |a|^2 + |w|^2/g^2) = |a| |w|``, attained at ``g^2 = |w|/|a|``.
Hence ``R(h) = inf sum_k |a_k| |w_k|``.

Proof (general parameters ``|a| = A > 0``, ``|w| = W > 0``, ``g > 0``, any real pre-activation
``z = w.y + b``): ``g [z/g]_+ = [z]_+`` by positive homogeneity, so every output coordinate of
``g a [ (w/g).y + b/g ]_+`` equals that of ``a [w.y + b]_+``; and
``C(g) - A W = (g A - W/g)^2 / 2 >= 0`` with equality at ``g = sqrt(W/A)``.
"""

from __future__ import annotations

from typing import Optional

import sympy

from symden.lemmas._base import GENERAL, Derivation, LemmaResult, main_for, relu, unknown_variant

__all__ = ["STATEMENT", "LATEX_STATEMENT", "VARIANTS", "prove", "main"]

NAME = "balancing"
STATEMENT = ("For g > 0 the rescaling (a, w, b) -> (g a, w/g, b/g) keeps the unit a[w.y + b]_+, and "
             "min over g > 0 of 1/2 (g^2 |a|^2 + |w|^2/g^2) equals |a||w|, attained at g^2 = |w|/|a|.")

A, W, g = sympy.symbols("A W g", positive=True)
z = sympy.Symbol("z", real=True)
_COST = (g**2 * A**2 + W**2 / g**2) / 2
LATEX_STATEMENT = (r"\min_{g>0} \left(" + sympy.latex(_COST) + r"\right) = " + sympy.latex(A * W)
                   + r", \quad |a| = A,\ |w| = W")

#: The statement for the LaTeX document (text mode, math in $...$).
LATEX_TEXT = (r"For $g > 0$ the rescaling $(a, w, b) \mapsto (g a, w/g, b/g)$ keeps the unit $a\,[w\cdot y + b]_+$, and "
              r"$\min_{g > 0} \tfrac12 (g^2 |a|^2 + |w|^2/g^2) = |a|\,|w|$, attained at $g^2 = |w|/|a|$.")

#: Deliberately false variants, for tests and ``symden prove --variant``.
VARIANTS = {"no-half": "claims the minimum is 2|a||w| (the cost without the factor 1/2)"}


def prove(*, variant: Optional[str] = None, claimed_minimum: Optional[sympy.Expr] = None) -> LemmaResult:
    """Prove the balancing lemma; ``claimed_minimum`` (default ``A W``) is the value checked."""
    if variant == "no-half":
        claimed_minimum = 2 * A * W
    elif variant is not None:
        raise unknown_variant(variant, VARIANTS)
    claimed = A * W if claimed_minimum is None else claimed_minimum
    d = Derivation(NAME)
    d.define("the balanced cost of the rescaled unit (|g a| = g A, |w/g| = W/g)", sympy.Function("C")(g), _COST,
             tex=r"the balanced cost of the rescaled unit ($|g a| = gA$, $|w/g| = W/g$)")
    d.equal("positive homogeneity: g [z/g]_+ = [z]_+ for g > 0, so the rescaled unit equals the original "
            "coordinate by coordinate (z = w.y + b)", g * relu(z / g), relu(z),
            tex=r"positive homogeneity: $g\,[z/g]_+ = [z]_+$ for $g > 0$, so the rescaled unit equals the original "
                r"coordinate by coordinate ($z = w\cdot y + b$; $[z]_+ = (z + |z|)/2$)")
    d.equal("completing the square against the claimed minimum", _COST - claimed, (g * A - W / g) ** 2 / 2,
            tex=r"completing the square: $C(g)$ minus the claimed minimum is a square")
    d.nonnegative("a square is non-negative, so C(g) >= the claimed minimum for every g > 0", (g * A - W / g) ** 2 / 2,
                  rel=sympy.GreaterThan(_COST, claimed, evaluate=False),
                  tex=r"a square is non-negative, so $C(g)$ is at least the claimed minimum for every $g > 0$")
    gstar = sympy.sqrt(W / A)
    d.equal("stationarity at g* = sqrt(W/A)", sympy.Subs(sympy.diff(_COST, g), g, gstar), 0,
            tex=r"stationarity at $g^* = \sqrt{W/A}$: $C'(g^*) = 0$")
    d.equal("the bound is attained at g* = sqrt(W/A): C(g*) = the claimed minimum", sympy.Subs(_COST, g, gstar), claimed,
            tex=r"the bound is attained at $g^* = \sqrt{W/A}$: $C(g^*)$ equals the claimed minimum")
    return d.result(statement=STATEMENT, latex_statement=LATEX_STATEMENT, scope=GENERAL,
                    proved_detail="min_g C(g) = |a||w| for all |a|, |w| > 0, and rescaling keeps h",
                    latex_text=LATEX_TEXT,
                    latex_detail=r"$\min_{g>0} C(g) = |a|\,|w|$ for all $|a|, |w| > 0$, and rescaling keeps $h$")


def main() -> int:
    """Prove the lemma and print the derivation."""
    return main_for(prove)
