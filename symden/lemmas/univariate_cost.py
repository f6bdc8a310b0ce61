"""Lemma (univariate closed form's cost and its lower bound; docs/theory.md section 3).

For sorted clean points with disjoint cluster hulls ``[l_n, r_n]`` (``r_n < l_{n+1}``), the
closed form ``h*`` (flat on hulls, slope ``s_n = (x_{n+1} - x_n)/(l_{n+1} - r_n)`` on gap n, flat
outside) has slopes ``0, s_1, 0, s_2, ..., s_{N-1}, 0`` and costs ``TV(h*') = 2 sum_n s_n``;
online (``l_n = x_n - rho``, ``r_n = x_n + rho``, ``rho < D_n/2``) this is
``2 sum_n D_n/(D_n - 2 rho)``. Every interpolant f has ``TV(f') >= 2 sum_n s_n``: the mean of
``f'`` is 0 over each hull and ``s_n`` over gap n, so some point p_n of hull n has ``f'(p_n) <= 0``
and some point q_n of gap n has ``f'(q_n) >= s_n``; along ``p_1 < q_1 < p_2 < ... < p_N`` the
variation is at least ``sum_n (s_n + s_n)``.

What is machine-checked (general parameters: any gap ``D = 2 rho + delta``, ``delta > 0``; any offline
gap with ``x_{n+1} - x_n > 0`` and ``l_{n+1} - r_n > 0``; symbolic N via ``Sum``): the slopes, the
per-gap and total cost, the two means (fundamental theorem of calculus on a symbolic f), and
the inequality ``|Q - P| + |P' - Q| >= 2 s`` for every ``P, P' <= 0 <= Q - s``. Not machine-checked:
that equality in the bound forces ``f = h*`` (the text argument: equality forces ``f'`` to be 0 on
hulls and ``s_n`` on gaps), and the existence of the points p_n, q_n (the mean-value property).
"""

from __future__ import annotations

from typing import Optional

import sympy

from symden.lemmas._base import Derivation, LemmaResult, held, main_for, unknown_variant

__all__ = ["STATEMENT", "LATEX_STATEMENT", "VARIANTS", "prove", "main"]

NAME = "univariate_cost"
SCOPE = ("general parameters (cost formulas and the lower bound TV(f') >= 2 sum s_n; "
         "the equality case forcing f = h* is argued in the docstring, not machine-checked)")
STATEMENT = ("The 1-D closed form costs 2 sum_n s_n, s_n = (x_{n+1}-x_n)/(l_{n+1}-r_n) (offline), "
             "= 2 sum_n D_n/(D_n - 2 rho) online; every interpolant has TV(f') >= 2 sum_n s_n.")

rho, delta, dx, gap = sympy.symbols("rho delta Delta_x G", positive=True)
D = sympy.Symbol("D", positive=True)
x = sympy.Symbol("x_n", real=True)
n, N = sympy.symbols("n N", integer=True, positive=True)
S = sympy.IndexedBase("s", positive=True)
Dn = sympy.IndexedBase("D", positive=True)
LATEX_STATEMENT = (r"R(h^*) = 2\sum_{n=1}^{N-1} s_n = " + sympy.latex(sympy.Sum(2 * Dn[n] / (Dn[n] - 2 * rho), (n, 1, N - 1)))
                   + r"\ \text{(online)},\qquad TV(f') \ge 2\sum_n s_n\ \text{for every interpolant } f")

LATEX_TEXT = (r"The 1-D closed form costs $2\sum_n s_n$, $s_n = (x_{n+1} - x_n)/(l_{n+1} - r_n)$ (offline), "
              r"$= 2\sum_n D_n/(D_n - 2\rho)$ online; every interpolant $f$ has $TV(f') \ge 2\sum_n s_n$.")
LATEX_SCOPE = (r"general parameters (cost formulas and the lower bound $TV(f') \ge 2\sum_n s_n$; "
               r"the equality case forcing $f = h^*$ is argued in the docstring, not machine-checked)")

VARIANTS = {"no-factor-2": "claims the online cost is sum D_n/(D_n - 2 rho) (without the factor 2)"}


def prove(*, variant: Optional[str] = None, claimed_online_gap_cost: Optional[sympy.Expr] = None) -> LemmaResult:
    """Prove the univariate cost lemma; ``claimed_online_gap_cost`` is the claimed cost of one gap in terms of D, rho."""
    if variant == "no-factor-2":
        claimed_online_gap_cost = D / (D - 2 * rho)
    elif variant is not None:
        raise unknown_variant(variant, VARIANTS)
    claimed = 2 * D / (D - 2 * rho) if claimed_online_gap_cost is None else claimed_online_gap_cost
    d = Derivation(NAME)
    # offline gap: x_{n+1} = x_n + dx, l_{n+1} = r_n + G
    s_off = d.define("offline gap slope (x_{n+1} - x_n = Delta_x > 0, l_{n+1} - r_n = G > 0)", sympy.Symbol("s_n"), dx / gap,
                     tex=r"offline gap slope ($x_{n+1} - x_n = \Delta_x > 0$, $l_{n+1} - r_n = G > 0$)")
    d.positive("the gap slope is positive", s_off, tex="the gap slope is positive")
    d.equal("the slope sequence 0, s_n, 0 contributes |s_n - 0| + |0 - s_n| per gap",
            held(lambda: abs(s_off) + abs(-s_off)), 2 * s_off,
            tex=r"the slope sequence $0, s_n, 0$ contributes $|s_n - 0| + |0 - s_n|$ per gap")
    d.equal("total cost over N - 1 gaps (symbolic N)", sympy.Sum(held(lambda: abs(S[n]) + abs(-S[n])), (n, 1, N - 1)), sympy.Sum(2 * S[n], (n, 1, N - 1)),
            tex=r"total cost over $N - 1$ gaps (symbolic $N$)")
    # online specialisation, D = 2 rho + delta
    r_n, l_next = x + rho, x + D - rho
    d.equal("online hull gap l_{n+1} - r_n", held(lambda: (x + D - rho) - (x + rho)), D - 2 * rho,
            tex=r"online hull gap $l_{n+1} - r_n$ ($r_n = x_n + \rho$, $l_{n+1} = x_{n+1} - \rho$, $x_{n+1} = x_n + D$)")
    s_on = (D / (l_next - r_n)).subs(D, 2 * rho + delta)
    d.positive("online slope D/(D - 2 rho) > 0 for D = 2 rho + delta, delta > 0", s_on,
               tex=r"online slope $D/(D - 2\rho) > 0$ for $D = 2\rho + \delta$, $\delta > 0$")
    d.equal("online gap cost 2 D/(l_{n+1} - r_n) = the claimed formula (D = 2 rho + delta)",
            held(lambda: 2 * (2 * rho + delta) / ((x + (2 * rho + delta) - rho) - (x + rho))),
            claimed.subs(D, 2 * rho + delta),
            tex=r"online gap cost $2D/(l_{n+1} - r_n)$ equals the claimed formula ($D = 2\rho + \delta$)")
    # the lower bound
    f = sympy.Function("f")
    y, l, r = sympy.symbols("y l_n r_n", real=True)
    total_hull = sympy.integrate(sympy.Derivative(f(y), y), (y, l, r))
    mean = lambda lo, hi: sympy.Mul(sympy.Integral(sympy.Derivative(f(y), y), (y, lo, hi)), 1 / (hi - lo), evaluate=False)
    d.equal("mean of f' over hull n is 0 (f(l_n) = f(r_n) = x_n)",
            (total_hull / (r - l)).subs({f(l): x, f(r): x}), 0, shown=sympy.Eq(mean(l, r), 0, evaluate=False),
            tex=r"the mean of $f'$ over hull $n$ is $0$ (fundamental theorem of calculus, $f(l_n) = f(r_n) = x_n$)")
    gl, gr = sympy.symbols("r_n l_{n+1}", real=True)
    total_gap = sympy.integrate(sympy.Derivative(f(y), y), (y, gl, gr))
    d.equal("mean of f' over gap n is s_n (f(r_n) = x_n, f(l_{n+1}) = x_n + Delta_x, l_{n+1} - r_n = G)",
            (total_gap / (gr - gl)).subs({f(gl): x, f(gr): x + dx}).subs(gr, gl + gap), s_off,
            shown=sympy.Eq(mean(gl, gr), dx / gap, evaluate=False),
            tex=r"the mean of $f'$ over gap $n$ is $s_n$ ($f(r_n) = x_n$, $f(l_{n+1}) = x_n + \Delta_x$, "
                r"$l_{n+1} - r_n = G$)")
    pp, pq, q = sympy.symbols("p p' q", nonnegative=True)
    sv = sympy.Symbol("s", positive=True)
    P, P2, Q = -pp, -pq, sv + q
    d.nonnegative("for f'(p_n) = P <= 0, f'(q_n) = Q >= s_n, f'(p_{n+1}) = P' <= 0: the variation along "
                  "p_n < q_n < p_{n+1} is at least 2 s_n", abs(Q - P) + abs(P2 - Q) - 2 * sv,
                  rel=sympy.GreaterThan(held(lambda: abs((sv + q) - (-pp)) + abs((-pq) - (sv + q))), 2 * sv, evaluate=False),
                  tex=r"for $f'(p_n) = P = -p \le 0$, $f'(q_n) = Q = s + q \ge s = s_n$ and $f'(p_{n+1}) = P' = -p' \le 0$: "
                      r"the variation along $p_n < q_n < p_{n+1}$ is at least $2 s_n$")
    return d.result(statement=STATEMENT, latex_statement=LATEX_STATEMENT, scope=SCOPE,
                    proved_detail="R(h*) = 2 sum s_n (online 2 sum D_n/(D_n - 2 rho)) and TV(f') >= 2 sum s_n for every interpolant",
                    latex_text=LATEX_TEXT, latex_scope=LATEX_SCOPE,
                    latex_detail=r"$R(h^*) = 2\sum_n s_n$ (online $2\sum_n D_n/(D_n - 2\rho)$) and "
                                 r"$TV(f') \ge 2\sum_n s_n$ for every interpolant $f$")


def main() -> int:
    """Prove the lemma and print the derivation."""
    return main_for(prove)
