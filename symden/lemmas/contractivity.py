"""Lemma (contractivity of the 1-D closed form toward the clean points; docs/theory.md section 3).

Online: in gap n, at distance ``t = y - x_n`` with ``rho < t <= D/2`` (x_n the nearest clean point),
``h*(y) - x_n = D (t - rho)/(D - 2 rho)`` and

    t - (h*(y) - x_n) = rho (D - 2 t)/(D - 2 rho),

so ``|h*(y) - x_n| <= t`` iff ``t <= D/2``, with equality exactly at the gap midpoint ``t = D/2``;
the right half is the mirror image (``x_{n+1} - h*(x_{n+1} - t)`` is the same expression). On the
hulls h* is constant at the nearest clean point.

Offline: with ``a = r_n - x_n >= 0``, ``b = x_{n+1} - l_{n+1} >= 0`` and hull gap ``G = D - a - b > 0``,
on the left half ``t - (h*(x_n + t) - x_n) = (a (D - t) - b t)/G``, affine in t, equal to ``a >= 0`` at
``t = a`` and to ``D (a - b)/(2 G)`` at the midpoint; so the left half is contractive iff
``b <= a`` (the binding point is the midpoint), and the right half iff ``a <= b``. When a hull
reaches past the midpoint (``a > D/2`` or ``b > D/2``) the condition is decided by the hull alone and
the checked inequality ``a - b > 0`` (resp. ``< 0``) shows the criterion still holds.

Proof scope: general parameters (``D = 2 rho + delta``; offline ``a, b >= 0``, ``G > 0``), with ``t``
parametrised over ``(rho, D/2]`` as ``t = rho + delta/(2(1 + k))``, ``k >= 0``. The step from "affine with
these endpoint values" to "non-negative on the interval iff both endpoints are" is the elementary
fact about affine functions, checked here only as "the expression has degree 1 in t".
"""

from __future__ import annotations

from typing import Optional

import sympy

from symden.lemmas._base import GENERAL, Derivation, LemmaResult, held, main_for, unknown_variant

__all__ = ["STATEMENT", "LATEX_STATEMENT", "VARIANTS", "prove", "main"]

NAME = "contractivity"
STATEMENT = ("Online, in gap n at distance rho < t <= D_n/2 from x_n: h*(y) - x_n = D_n(t - rho)/(D_n - 2 rho) <= t, "
             "with equality iff t = D_n/2. Offline: the left half of gap n is contractive iff b_n <= a_n, "
             "the right half iff a_n <= b_n (a_n = r_n - x_n, b_n = x_{n+1} - l_{n+1}).")

rho, delta, G = sympy.symbols("rho delta G", positive=True)
k, a, b = sympy.symbols("k a b", nonnegative=True)
D, t = sympy.symbols("D t", positive=True)
LATEX_STATEMENT = (sympy.latex(sympy.LessThan(D * (t - rho) / (D - 2 * rho), t, evaluate=False))
                   + r"\iff t \le \tfrac{D}{2}\quad(\rho < t),\qquad \text{offline: left half} \iff b_n \le a_n,\ "
                     r"\text{right half} \iff a_n \le b_n")

LATEX_TEXT = (r"Online, in gap $n$ at distance $\rho < t \le D_n/2$ from $x_n$: $h^*(y) - x_n = D_n(t - \rho)/(D_n - 2\rho) \le t$, "
              r"with equality iff $t = D_n/2$. Offline: the left half of gap $n$ is contractive iff $b_n \le a_n$, "
              r"the right half iff $a_n \le b_n$ ($a_n = r_n - x_n$, $b_n = x_{n+1} - l_{n+1}$).")

VARIANTS = {"strict-midpoint": "claims strict contractivity |h*(y) - x_n| < t on the whole half gap, midpoint included"}


def prove(*, variant: Optional[str] = None) -> LemmaResult:
    """Prove the contractivity lemma (online and offline criteria)."""
    strict = variant == "strict-midpoint"
    if variant is not None and not strict:
        raise unknown_variant(variant, VARIANTS)
    d = Derivation(NAME)
    x = sympy.Symbol("x_n", real=True)
    s = D / (D - 2 * rho)
    h = lambda y: x + s * (y - (x + rho))  # the closed form on gap n
    d.define("online slope on gap n", sympy.Symbol("s_n"), s, tex=r"online slope on gap $n$")
    d.equal("h*(x_n + t) - x_n on the gap (h*(y) = x_n + s_n (y - r_n), r_n = x_n + rho)", held(lambda: h(x + t) - x),
            D * (t - rho) / (D - 2 * rho),
            tex=r"$h^*(x_n + t) - x_n$ on the gap ($h^*(y) = x_n + s_n (y - r_n)$, $r_n = x_n + \rho$)")
    d.equal("mirror: x_{n+1} - h*(x_{n+1} - t) is the same expression", held(lambda: (x + D) - h(x + D - t)),
            D * (t - rho) / (D - 2 * rho),
            tex=r"mirror: $x_{n+1} - h^*(x_{n+1} - t)$ is the same expression ($x_{n+1} = x_n + D$)")
    diff = t - D * (t - rho) / (D - 2 * rho)
    d.equal("the contraction margin", diff, rho * (D - 2 * t) / (D - 2 * rho),
            tex=r"the contraction margin $t - (h^*(x_n + t) - x_n)$")
    d.positive("its factor rho/(D - 2 rho) is positive (D = 2 rho + delta)", (rho / (D - 2 * rho)).subs(D, 2 * rho + delta),
               tex=r"its factor $\rho/(D - 2\rho)$ is positive ($D = 2\rho + \delta$)")
    d.note("so the margin has the sign of D - 2t: <= t iff t <= D/2, equality iff t = D/2",
           sympy.Equivalent(sympy.GreaterThan(diff, 0), sympy.LessThan(t, D / 2)),
           tex=r"so the margin has the sign of $D - 2t$: $h^*(x_n + t) - x_n \le t$ iff $t \le D/2$, "
               r"with equality iff $t = D/2$")
    on_half = {D: 2 * rho + delta, t: rho + delta / (2 * (1 + k))}
    d.nonnegative("h*(y) - x_n >= 0 on the gap (so |h*(y) - x_n| = h*(y) - x_n)", (D * (t - rho) / (D - 2 * rho)).subs(on_half),
                  tex=r"$h^*(y) - x_n \ge 0$ on the gap (so $|h^*(y) - x_n| = h^*(y) - x_n$)")
    margin = sympy.simplify(diff.subs(on_half))
    if strict:
        d.positive("(false variant) strict margin on all of (rho, D/2], t = rho + delta/(2(1+k)), k >= 0", margin,
                   tex=r"(false variant) strict margin on all of $(\rho, D/2]$, $t = \rho + \delta/(2(1+k))$, $k \ge 0$")
    else:
        d.nonnegative("margin on all of (rho, D/2], t = rho + delta/(2(1+k)), k >= 0", margin,
                      tex=r"margin on all of $(\rho, D/2]$, $t = \rho + \delta/(2(1+k))$, $k \ge 0$")
    d.equal("equality at the midpoint t = D/2", diff.subs(t, D / 2), 0, tex=r"equality at the midpoint $t = D/2$")
    # offline
    Dof = a + b + G
    s_off = Dof / G
    h_off = lambda y: x + s_off * (y - (x + a))
    m_off = held(lambda: t - (h_off(x + t) - x))
    d.equal("offline margin on the left half (D = a + b + G)", m_off, (a * (Dof - t) - b * t) / G,
            tex=r"offline margin on the left half ($D = a + b + G$, slope $D/G$)")
    deg = sympy.degree(sympy.expand(a * (Dof - t) - b * t), t)
    d.fact("it is affine in t (degree 1 in t)", sympy.Eq(sympy.Symbol(r"\deg_{t}"), deg, evaluate=False), deg == 1,
           tex=r"it is affine in $t$ (degree $1$ in $t$)")
    at_t = lambda value: sympy.Subs((a * (Dof - t) - b * t) / G, t, value)
    d.equal("offline margin at the hull end t = a", at_t(a), a, tex=r"offline margin at the hull end $t = a$")
    d.equal("offline margin at the midpoint t = D/2", at_t(Dof / 2), Dof * (a - b) / (2 * G),
            tex=r"offline margin at the midpoint $t = D/2$")
    d.note("so the left half is contractive iff b <= a; the right half (mirror, a <-> b) iff a <= b",
           sympy.Equivalent(sympy.GreaterThan(Dof * (a - b) / (2 * G), 0), sympy.LessThan(b, a)),
           tex=r"so the left half is contractive iff $b \le a$; the right half (mirror, $a \leftrightarrow b$) iff $a \le b$")
    kk = sympy.Symbol("k'", positive=True)
    d.positive("a hull past the midpoint (a = b + G + k', i.e. a > D/2) forces b < a", (a - b).subs(a, b + G + kk),
               tex=r"a hull past the midpoint ($a = b + G + k'$, i.e.\ $a > D/2$) forces $b < a$")
    u3 = {a: 0, b: sympy.Rational(1, 5), G: sympy.Rational(4, 5)}
    viol = -(Dof * (a - b) / (2 * G)).subs(u3)
    d.fact("THEORY's U3 (x = (0, 1), hulls [-1/5, 0], [4/5, 11/10]): violation at the midpoint",
           sympy.Eq(sympy.Symbol("v"), viol), viol == sympy.Rational(1, 8),
           tex=r"THEORY's U3 ($x = (0, 1)$, hulls $[-1/5, 0]$, $[4/5, 11/10]$): the violation $v$ at the midpoint")
    return d.result(statement=STATEMENT, latex_statement=LATEX_STATEMENT, scope=GENERAL,
                    proved_detail="online margin rho(D - 2t)/(D - 2 rho) >= 0 with equality iff t = D/2; "
                                  "offline left half iff b <= a, right half iff a <= b",
                    latex_text=LATEX_TEXT,
                    latex_detail=r"online margin $\rho(D - 2t)/(D - 2\rho) \ge 0$ with equality iff $t = D/2$; "
                                 r"offline left half iff $b \le a$, right half iff $a \le b$")


def main() -> int:
    """Prove the lemma and print the derivation."""
    return main_for(prove)
