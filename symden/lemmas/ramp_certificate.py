"""Lemma (the explicit 1-D dual certificate of one ramp; docs/theory.md sections 3 and 5).

Points ``t = (-rho, rho, L - rho, L + rho)``, targets ``T = (0, 0, L, L)``, weights

    mu = (1/(2 rho), -1/(2 rho) - 2/(L - 2 rho), 2/(L - 2 rho) + 1/(2 rho), -1/(2 rho)).

Then ``sum mu = sum mu t = 0``, ``eta(b) = sum mu_i [t_i - b]_+`` lies in ``[-1, 1]`` for every b (and
``eta`` for the direction ``w = -1`` is ``eta(-b)``), and ``sum mu_i T_i = 2L/(L - 2 rho)``, which equals
the ramp's cost: by weak duality (section 5) the ramp is optimal.

Proof (general parameters ``L = 2 rho + delta``, ``rho, delta > 0``): on each interval between consecutive
points, and below the first and above the last, ``eta`` is written as an explicit affine function of
b; an affine function on an interval is bounded by its endpoint values, so checking
``-1 <= eta(t_j) <= 1`` at every point (symbolically, from the assumptions) proves ``|eta| <= 1``.

:func:`check_certificate` is the same check for any sorted points, targets and weights (symbolic
or exact numbers), and :func:`chain_certificate` builds the certificate of a whole 1-D data set
(online or offline) from its cluster hulls; ``symden lemmas FILE`` applies both to the user's data.
"""

from __future__ import annotations

from typing import Optional, Sequence

import sympy

from symden.lemmas._base import GENERAL, Derivation, LemmaResult, held, main_for, relu, unknown_variant
from symden.lemmas._latex import escape_text

__all__ = ["STATEMENT", "LATEX_STATEMENT", "VARIANTS", "weights", "check_certificate", "chain_certificate", "prove", "main"]

NAME = "ramp_certificate"
STATEMENT = ("For t = (-rho, rho, L-rho, L+rho), T = (0, 0, L, L) and mu = (1/(2rho), -1/(2rho) - 2/(L-2rho), "
             "2/(L-2rho) + 1/(2rho), -1/(2rho)): sum mu = sum mu t = 0, |eta(b)| <= 1 for every b, "
             "and sum mu T = 2L/(L - 2rho), the ramp's cost (so the ramp is optimal).")

rho, delta = sympy.symbols("rho delta", positive=True)
L = sympy.Symbol("L", positive=True)
bsym = sympy.Symbol("b", real=True)
LATEX_STATEMENT = (r"\sum_i \mu_i = \sum_i \mu_i t_i = 0,\quad \sup_b \Big|\sum_i \mu_i [t_i - b]_+\Big| \le 1,\quad "
                   r"\sum_i \mu_i T_i = " + sympy.latex(2 * L / (L - 2 * rho)))

LATEX_TEXT = (r"For $t = (-\rho, \rho, L - \rho, L + \rho)$, $T = (0, 0, L, L)$ and "
              r"$\mu = \bigl(\frac{1}{2\rho}, -\frac{1}{2\rho} - \frac{2}{L - 2\rho}, \frac{2}{L - 2\rho} + \frac{1}{2\rho}, "
              r"-\frac{1}{2\rho}\bigr)$: $\sum_i \mu_i = \sum_i \mu_i t_i = 0$, $|\eta(b)| \le 1$ for every $b$, "
              r"and $\sum_i \mu_i T_i = 2L/(L - 2\rho)$, the ramp's cost (so the ramp is optimal).")

VARIANTS = {"no-factor-2": "uses weights with 1/(L - 2 rho) instead of 2/(L - 2 rho) (half the ramp's slope)"}


def weights(L: sympy.Expr, rho: sympy.Expr, *, factor: int = 2) -> list:
    """THEORY's weights ``mu`` for one ramp of length L (``factor`` is 2; other values are false variants)."""
    return [1 / (2 * rho), -1 / (2 * rho) - factor / (L - 2 * rho), factor / (L - 2 * rho) + 1 / (2 * rho), -1 / (2 * rho)]


def check_certificate(points: Sequence, targets: Sequence, mu: Sequence, *, value: Optional[sympy.Expr] = None,
                      derivation: Optional[Derivation] = None, label: str = "") -> Derivation:
    """Check a 1-D dual certificate exactly: sorted points, annihilation, ``|eta| <= 1``, dual value.

    Parameters
    ----------
    points, targets, mu
        Sorted sample points ``t_i``, targets ``T_i`` and weights ``mu_i`` (sympy expressions or numbers).
    value
        The primal cost the dual value must equal (optional).
    derivation
        A derivation to record into (a new one by default).
    """
    d = derivation if derivation is not None else Derivation(NAME)
    pre = f"{label}: " if label else ""
    tpre = f"{escape_text(label)}: " if label else ""
    pts = [sympy.sympify(p) for p in points]
    mu = [sympy.sympify(m) for m in mu]
    for j in range(len(pts) - 1):
        d.positive(f"{pre}points sorted: t_{j + 2} - t_{j + 1} > 0", pts[j + 1] - pts[j],
                   tex=f"{tpre}points sorted: $t_{{{j + 2}}} - t_{{{j + 1}}} > 0$")
    d.equal(f"{pre}sum mu_i = 0 (annihilates the free offset c)", held(lambda: sympy.Add(*mu)), 0,
            tex=tpre + r"$\sum_i \mu_i = 0$ (annihilates the free offset $c$)")
    d.equal(f"{pre}sum mu_i t_i = 0 (annihilates the free skip V)", held(lambda: sympy.Add(*[m * p for m, p in zip(mu, pts)])), 0,
            tex=tpre + r"$\sum_i \mu_i t_i = 0$ (annihilates the free skip $V$)")
    below = sympy.Add(*[m * (p - bsym) for m, p in zip(mu, pts)])
    d.equal(f"{pre}eta(b) for b <= t_1 (all units active)", below, 0,
            tex=tpre + r"$\eta(b) = \sum_i \mu_i (t_i - b)$ for $b \le t_1$ (all units active)")
    for j in range(len(pts)):
        eta_j = sympy.Add(*[m * (p - bsym) for m, p in zip(mu[j + 1:], pts[j + 1:])])
        if j < len(pts) - 1:
            d.note(f"{pre}eta(b) on [t_{j + 1}, t_{j + 2}] (affine in b)", eta_j,
                   tex=f"{tpre}$\\eta(b)$ on $[t_{{{j + 1}}}, t_{{{j + 2}}}]$ (affine in $b$)")
        at = sympy.simplify(eta_j.subs(bsym, pts[j]))
        # shown: the value of the affine formula at the point, then <= 1 / >= -1
        shown = sympy.Subs(eta_j, bsym, pts[j]) if eta_j != 0 else sympy.Integer(0)
        d.nonnegative(f"{pre}eta(t_{j + 1}) <= 1", 1 - at, rel=sympy.LessThan(shown, 1, evaluate=False),
                      tex=f"{tpre}$\\eta(t_{{{j + 1}}}) \\le 1$")
        d.nonnegative(f"{pre}eta(t_{j + 1}) >= -1", 1 + at, rel=sympy.GreaterThan(shown, -1, evaluate=False),
                      tex=f"{tpre}$\\eta(t_{{{j + 1}}}) \\ge -1$")
    d.note(f"{pre}eta(b) = 0 for b >= t_K (no unit active)", sympy.Eq(sympy.Function("eta")(bsym), 0, evaluate=False),
           tex=tpre + r"$\eta(b) = 0$ for $b \ge t_K$ (no unit active)")
    dual = sympy.Add(*[m * sympy.sympify(T) for m, T in zip(mu, targets)])
    if value is not None:
        d.equal(f"{pre}dual value sum mu_i T_i equals the primal cost", dual, value,
                tex=tpre + r"the dual value $\sum_i \mu_i T_i$ equals the primal cost")
    return d


def chain_certificate(hulls: Sequence, targets: Sequence) -> tuple:
    """Points, targets and weights of the certificate of sorted 1-D clusters with hulls ``[l_n, r_n]``.

    ``eta`` is the piecewise-linear function with values 0 at ``l_1``, +1 at every ``r_n`` (n < N), -1 at
    every ``l_n`` (n > 1) and 0 at ``r_N``; its weights are the slope changes ``mu_j = sigma_j - sigma_{j-1}`` (``eta' = -sum_{t_i > b} mu_i``).
    """
    pts, tg, vals = [], [], []
    N = len(hulls)
    for n, ((lo, hi), x) in enumerate(zip(hulls, targets)):
        pts += [lo, hi]
        tg += [x, x]
        vals += [0 if n == 0 else -1, 0 if n == N - 1 else 1]
    slopes = [sympy.Integer(0)] + [sympy.sympify(vals[j + 1] - vals[j]) / (pts[j + 1] - pts[j]) for j in range(len(pts) - 1)] + [sympy.Integer(0)]
    mu = [slopes[j + 1] - slopes[j] for j in range(len(pts))]
    return pts, tg, mu


def prove(*, variant: Optional[str] = None) -> LemmaResult:
    """Prove the ramp certificate lemma in general parameters."""
    if variant not in (None, "no-factor-2"):
        raise unknown_variant(variant, VARIANTS)
    d = Derivation(NAME)
    sub = {L: 2 * rho + delta}
    mu = [m.subs(sub) for m in weights(L, rho, factor=1 if variant else 2)]
    pts = [p.subs(sub) for p in (-rho, rho, L - rho, L + rho)]
    d.define("the ramp's length, L = 2 rho + delta (rho < L/2)", L, 2 * rho + delta,
             tex=r"the ramp's length, $L = 2\rho + \delta$ with $\delta > 0$ (that is, $\rho < L/2$)")
    d.note("the weights", sympy.Tuple(*mu), tex=r"the weights $(\mu_1, \mu_2, \mu_3, \mu_4)$")
    check_certificate(pts, [0, 0, L.subs(sub), L.subs(sub)], mu, value=(2 * L / (L - 2 * rho)).subs(sub), derivation=d)
    # the other direction w = -1: eta(-1, b) = eta(1, -b) when sum mu = sum mu t = 0
    m = sympy.symbols("mu1:5", real=True)
    tt = sympy.symbols("t1:5", real=True)
    lhs = sum(mi * relu(-ti - bsym) for mi, ti in zip(m, tt))
    rhs = sum(mi * relu(ti + bsym) for mi, ti in zip(m, tt))
    d.equal("direction w = -1: sum mu_i [-t_i - b]_+ = sum mu_i [t_i - (-b)]_+ - sum mu_i (t_i + b), "
            "and the last sum is 0 by the two annihilation identities", lhs - rhs,
            -sum(mi * (ti + bsym) for mi, ti in zip(m, tt)),
            tex=r"direction $w = -1$: $\sum_i \mu_i [-t_i - b]_+ - \sum_i \mu_i [t_i - (-b)]_+ = -\sum_i \mu_i (t_i + b)$, "
                r"and the right side is $0$ by the two annihilation identities ($[z]_+ = (z + |z|)/2$)")
    return d.result(statement=STATEMENT, latex_statement=LATEX_STATEMENT, scope=GENERAL,
                    proved_detail="annihilation, |eta| <= 1 on every interval, dual value 2L/(L - 2 rho) = the ramp's cost",
                    latex_text=LATEX_TEXT,
                    latex_detail=r"annihilation, $|\eta| \le 1$ on every interval, dual value $2L/(L - 2\rho)$ $=$ the ramp's cost")


def main() -> int:
    """Prove the lemma and print the derivation."""
    return main_for(prove)
