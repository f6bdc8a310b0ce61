"""Lemma (triangle costs and their rho -> 0 limits; docs/theory.md section 4).

1. Equilateral triangle of side l, face-aligned ramps around the centroid c: altitudes
   ``H_n = sqrt(3) l/2``, ``|x_n - c| = l/sqrt(3)``, cost ``sum_n 2|x_n - c|/(H_n - 2 rho) =
   4 sqrt(3) l/(sqrt(3) l - 4 rho)``, tending to 4 as rho -> 0.
2. Edge-aligned simplex (vertex x_0 with ``(x_i - x_0).(x_j - x_0) <= 0``): each ramp
   ``(x_n - x_0) psi((u_n.(y - x_0) - rho)/(L_n - 2 rho))`` costs ``2 L_n/(L_n - 2 rho)`` (ramp lemma),
   the sum interpolates on every ball, and the cost ``sum_n 2 L_n/(L_n - 2 rho)`` tends to ``2d``
   (4 for a triangle).
3. Acute triangle, face-aligned family: as rho -> 0 the weights ``1/(H_n - 2 rho)`` tend to ``1/H_n``,
   and the orthocenter c satisfies the weighted Fermat-Weber optimality condition
   ``sum_n (x_n - c)/(|x_n - c| H_n) = 0``; the objective is convex, so c is its minimiser, and the
   limit cost ``2 sum_n |x_n - c|/H_n`` equals 4. So every triangle costs 4 in the limit under its
   better family (acute: face-aligned; otherwise a non-acute vertex and the edge-aligned family).

Proof scope. (1) general side l and rho. (2) general parameters for one
ramp's cost and the interpolation argument (symbolic L_n = 2 rho + delta_n, non-acuteness as
``u_n.(x_m - x_0) = -kappa``, ``kappa >= 0``); the limit for any d. (3) a general acute triangle up to a
similarity: ``A = (0, 0)``, ``B = (q + s, 0)``, ``C = (q, sqrt(q s + k))`` with ``q, s, k > 0`` (these
three inequalities are exactly the three acute angles). Cited, not machine-checked: convexity of
the weighted Fermat-Weber objective (a sum of norms), and the continuity of its minimiser in the
weights, which turns "the limit condition holds at the orthocenter" into "the optimal centre tends to
the orthocenter".
"""

from __future__ import annotations

from typing import Optional

import sympy

from symden.lemmas._base import GENERAL, Derivation, LemmaResult, held, main_for, unknown_variant
from symden.lemmas.ramp import psi

__all__ = ["STATEMENT", "LATEX_STATEMENT", "VARIANTS", "face_geometry", "prove", "main"]

NAME = "triangles"
SCOPE = (GENERAL + " (equilateral: any l, rho; edge-aligned: any L_n, rho and non-acute vertex; orthocenter: every acute "
         "triangle up to similarity; convexity of the Fermat-Weber objective cited)")
STATEMENT = ("Equilateral side l: face-aligned cost 4 sqrt3 l/(sqrt3 l - 4 rho) -> 4; edge-aligned simplex: "
             "sum 2 L_n/(L_n - 2 rho) -> 2d; acute triangle: the orthocenter satisfies "
             "sum_n (x_n - c)/(|x_n - c| H_n) = 0, and the limit face-aligned cost there is 4.")

l, rho = sympy.symbols("l rho", positive=True)
LATEX_STATEMENT = (r"R_{\triangle} = " + sympy.latex(4 * sympy.sqrt(3) * l / (sympy.sqrt(3) * l - 4 * rho))
                   + r",\quad R_{\mathrm{edge}} = \sum_n \frac{2L_n}{L_n - 2\rho},\quad "
                     r"\sum_n \frac{x_n - c}{|x_n - c|\,H_n} = 0 \text{ at the orthocenter}")

LATEX_TEXT = (r"Equilateral triangle of side $l$: face-aligned cost $4\sqrt{3}\,l/(\sqrt{3}\,l - 4\rho) \to 4$; "
              r"edge-aligned simplex: $\sum_n 2 L_n/(L_n - 2\rho) \to 2d$; acute triangle: the orthocenter $c$ satisfies "
              r"$\sum_n (x_n - c)/(|x_n - c|\,H_n) = 0$, and the limit face-aligned cost there is $4$.")
LATEX_SCOPE = (r"general parameters (equilateral: any $l$, $\rho$; edge-aligned: any $L_n$, $\rho$ and non-acute vertex; "
               r"orthocenter: every acute triangle up to similarity; convexity of the Fermat--Weber objective cited)")

VARIANTS = {"centroid": "claims the centroid (not the orthocenter) satisfies the limit Fermat-Weber condition of every acute triangle"}


def face_geometry(X: list) -> list:
    """For each vertex of a triangle (sympy 2-vectors): the inward normal n_n of the opposite side
    (not normalised, pointing toward x_n), the unit normal v_n, beta_n = v_n.x_m and the altitude H_n."""
    out = []
    for i in range(3):
        m1, m2 = [X[j] for j in range(3) if j != i]
        edge = m2 - m1
        nrm = sympy.Matrix([-edge[1], edge[0]])
        if sympy.simplify(nrm.dot(X[i] - m1)).is_negative:
            nrm = -nrm
        v = nrm / sympy.sqrt(nrm.dot(nrm))
        beta = v.dot(m1)
        out.append((nrm, v, beta, sympy.simplify(v.dot(X[i]) - beta)))
    return out


def _dot(u, v):
    """``u . v`` of two 2-vectors shown as written (zero products left out, ``x x`` as ``x^2``)."""
    def build():
        terms = [ui ** 2 if ui is vi else ui * vi for ui, vi in zip(u, v) if ui != 0 and vi != 0]
        return sympy.Add(*terms) if terms else sympy.Integer(0)
    return held(build)


def _minus(u, v) -> sympy.ImmutableMatrix:
    """``u - v`` entry by entry, shown as written (a zero entry of either vector left out)."""
    def entry(a, b):
        if b == 0:
            return a
        return -b if a == 0 else held(lambda: a - b)
    return sympy.ImmutableMatrix([entry(u[i], v[i]) for i in range(len(u))])


def _equilateral(d: Derivation) -> None:
    X = [sympy.Matrix([0, 0]), sympy.Matrix([l, 0]), sympy.Matrix([l / 2, sympy.sqrt(3) * l / 2])]
    c = (X[0] + X[1] + X[2]) / 3
    d.note("equilateral triangle of side l and its centroid", sympy.Tuple(*[sympy.Tuple(*x) for x in X], sympy.Tuple(*c)),
           tex=r"the equilateral triangle $x_1, x_2, x_3$ of side $l$ and its centroid $c$")
    geo = face_geometry(X)
    cost = 0
    for n, (x, (nrm, _, _, H)) in enumerate(zip(X, geo)):
        m1 = X[(n + 1) % 3]
        shown_H = held(lambda: _dot(nrm, _minus(x, m1)) / sympy.sqrt(_dot(nrm, nrm)))
        d.equal(f"altitude H_{n + 1} = n_{n + 1}.(x_{n + 1} - x_m)/|n_{n + 1}| (n_{n + 1}: inward normal of the opposite side)",
                shown_H, sympy.sqrt(3) * l / 2,
                tex=rf"altitude $H_{n + 1} = n_{n + 1}\cdot(x_{n + 1} - x_m)/|n_{n + 1}|$, with $n_{n + 1}$ the inward "
                    r"normal of the opposite side and $x_m$ one of its vertices")
        d.equal(f"|x_{n + 1} - c|", held(lambda: sympy.sqrt(_dot(*[_minus(x, c)] * 2))), l / sympy.sqrt(3),
                tex=rf"the distance $|x_{n + 1} - c|$")
        dist = sympy.sqrt((x - c).dot(x - c))
        cost += 2 * dist / (H - 2 * rho)
    target = 4 * sympy.sqrt(3) * l / (sympy.sqrt(3) * l - 4 * rho)
    d.equal("face-aligned cost sum_n 2|x_n - c|/(H_n - 2 rho)", cost, target,
            tex=r"the face-aligned cost $\sum_n 2|x_n - c|/(H_n - 2\rho)$")
    d.equal("its limit as rho -> 0", sympy.Limit(target, rho, 0, "+"), 4, tex=r"its limit as $\rho \to 0$")


def _edge_aligned(d: Derivation) -> None:
    Ln = sympy.Symbol("L_n", positive=True)
    kappa, r1, r2 = sympy.symbols("kappa r r'", nonnegative=True)
    delta_n = sympy.Symbol("delta_n", positive=True)
    Lp = 2 * rho + delta_n
    d.define("edge ramp n costs 2|a|/g by the ramp lemma (a = x_n - x_0, |a| = L_n, g = L_n - 2 rho)",
             sympy.Symbol("C_n"), 2 * Ln / (Ln - 2 * rho),
             tex=r"edge ramp $n$ costs $2|a|/g$ by the ramp lemma ($a = x_n - x_0$, $|a| = L_n$, $g = L_n - 2\rho$)")
    arg = lambda proj: (proj - rho) / (Lp - 2 * rho)
    # on the ball of x_m: u_m.(y - x_0) = L_m + delta with delta >= -rho, i.e. = L_m - rho + r
    shown_arg = lambda proj: held(lambda: (proj - rho) / (Lp - 2 * rho))
    d.nonnegative("on the ball of x_m its own ramp's argument is >= 1, so psi = 1 (L_n = 2 rho + delta_n)",
                  sympy.simplify(arg(Lp - rho + r1) - 1),
                  rel=sympy.GreaterThan(shown_arg(held(lambda: Lp - rho + r1)), 1, evaluate=False),
                  tex=r"on the ball of $x_m$ its own ramp's argument is $\ge 1$, so $\psi = 1$ "
                      r"($L_n = 2\rho + \delta_n$, $u_m\cdot(y - x_0) = L_m - \rho + r$, $r \ge 0$)")
    # another ramp n: u_n.(y - x_0) = u_n.(x_m - x_0) + u_n.(y - x_m) = -kappa + rho - r'
    d.nonnegative("on the ball of x_m (m != n) ramp n's argument is <= 0 (non-acute: u_n.(x_m - x_0) = -kappa <= 0), so psi = 0",
                  -sympy.simplify(arg(-kappa + rho - r2)),
                  rel=sympy.LessThan(shown_arg(held(lambda: -kappa + rho - r2)), 0, evaluate=False),
                  tex=r"on the ball of $x_m$ ($m \ne n$) ramp $n$'s argument is $\le 0$, so $\psi = 0$ "
                      r"(non-acute: $u_n\cdot(x_m - x_0) = -\kappa \le 0$)")
    d.nonnegative("on the ball of x_0 every ramp's argument is <= 0 (u_n.(y - x_0) = rho - r')",
                  -sympy.simplify(arg(rho - r2)),
                  rel=sympy.LessThan(shown_arg(held(lambda: rho - r2)), 0, evaluate=False),
                  tex=r"on the ball of $x_0$ every ramp's argument is $\le 0$ ($u_n\cdot(y - x_0) = \rho - r'$)")
    d.equal("psi = 1 at arguments 1 + r (ramp lemma)", held(lambda: psi(1 + r1)), 1,
            tex=r"$\psi = 1$ at arguments $1 + r$, $r \ge 0$ (ramp lemma)")
    d.equal("psi = 0 at arguments -r' (ramp lemma), so h = x_0 + (x_m - x_0) = x_m on the ball of x_m",
            held(lambda: psi(-r2)), 0,
            tex=r"$\psi = 0$ at arguments $-r'$, $r' \ge 0$ (ramp lemma); so $h = x_0 + (x_m - x_0) = x_m$ on the ball of $x_m$")
    dd = sympy.Symbol("d", integer=True, positive=True)
    nn = sympy.Symbol("n", integer=True, positive=True)
    Lidx = sympy.IndexedBase("L", positive=True)
    d.equal("one edge ramp's cost tends to 2 as rho -> 0", sympy.Limit(2 * Ln / (Ln - 2 * rho), rho, 0, "+"), 2,
            tex=r"one edge ramp's cost tends to $2$ as $\rho \to 0$")
    d.note("so the edge-aligned cost tends to 2d, = 4 for a triangle",
           sympy.Eq(sympy.Limit(sympy.Sum(2 * Lidx[nn] / (Lidx[nn] - 2 * rho), (nn, 1, dd)), rho, 0, "+"), 2 * dd, evaluate=False),
           tex=r"so the edge-aligned cost tends to $2d$, that is $4$ for a triangle")


def _orthocenter(d: Derivation, *, use_centroid: bool) -> None:
    q, s, k = sympy.symbols("q s k", positive=True)
    r = sympy.sqrt(q * s + k)
    X = [sympy.Matrix([0, 0]), sympy.Matrix([q + s, 0]), sympy.Matrix([q, r])]
    d.note("a general acute triangle up to similarity (q, s, k > 0 <=> the angles at A, B, C are acute)",
           sympy.Tuple(*[sympy.Tuple(*x) for x in X]),
           tex=r"a general acute triangle $A, B, C$ up to similarity ($q, s, k > 0$ $\iff$ the angles at $A$, $B$, $C$ are acute)")
    d.positive("angle at A acute: (B - A).(C - A) > 0", (X[1] - X[0]).dot(X[2] - X[0]),
               tex=r"angle at $A$ acute: $(B - A)\cdot(C - A) > 0$")
    d.positive("angle at B acute: (A - B).(C - B) > 0", (X[0] - X[1]).dot(X[2] - X[1]),
               tex=r"angle at $B$ acute: $(A - B)\cdot(C - B) > 0$")
    d.positive("angle at C acute: (A - C).(B - C) > 0", sympy.expand((X[0] - X[2]).dot(X[1] - X[2])),
               tex=r"angle at $C$ acute: $(A - C)\cdot(B - C) > 0$")
    orth = sympy.Matrix([q, q * s / r])
    d.equal("the orthocenter c lies on the altitude from A: (c - A).(C - B) = 0", _dot(_minus(orth, X[0]), _minus(X[2], X[1])), 0,
            tex=r"the orthocenter $c$ lies on the altitude from $A$: $(c - A)\cdot(C - B) = 0$")
    d.equal("the orthocenter c lies on the altitude from B: (c - B).(C - A) = 0", _dot(_minus(orth, X[1]), _minus(X[2], X[0])), 0,
            tex=r"the orthocenter $c$ lies on the altitude from $B$: $(c - B)\cdot(C - A) = 0$")
    Hs = sympy.symbols("H", positive=True)
    d.equal("the weights 1/(H_n - 2 rho) tend to 1/H_n", sympy.Limit(1 / (Hs - 2 * rho), rho, 0, "+"), 1 / Hs,
            tex=r"the weights $1/(H_n - 2\rho)$ tend to $1/H_n$")
    c = (X[0] + X[1] + X[2]) / 3 if use_centroid else orth
    geo = face_geometry(X)
    grad = sympy.zeros(2, 1)
    value = 0
    for n, (x, (nrm, v, beta, H)) in enumerate(zip(X, geo)):
        lam = sympy.simplify((x - c).dot(nrm) / nrm.dot(nrm))
        if not use_centroid:
            d.equal(f"x_{n + 1} - c is a multiple lambda_{n + 1} of the inward normal n_{n + 1}", x - c, lam * nrm,
                    shown=sympy.Eq(_minus(x, c), sympy.MatMul(lam, sympy.ImmutableMatrix(nrm), evaluate=False), evaluate=False),
                    tex=rf"$x_{n + 1} - c$ is a multiple $\lambda_{n + 1}$ of the inward normal $n_{n + 1}$")
            d.positive(f"lambda_{n + 1} > 0, so (x_{n + 1} - c)/|x_{n + 1} - c| = v_{n + 1} (c is not a vertex)", lam,
                       tex=rf"$\lambda_{n + 1} > 0$, so $(x_{n + 1} - c)/|x_{n + 1} - c| = v_{n + 1}$ ($c$ is not a vertex)")
            value += lam * nrm.dot(nrm) / nrm.dot(x - (X[(n + 1) % 3]))
        grad += (x - c) / (sympy.sqrt((x - c).dot(x - c)) * H)
    if not use_centroid:
        vh = [nrm / nrm.dot(x - X[(n + 1) % 3]) for n, (x, (nrm, _, _, _)) in enumerate(zip(X, geo))]
        d.equal("so the condition reads sum_n v_n/H_n = sum_n n_n/(n_n.(x_n - x_m)) = 0", vh[0] + vh[1] + vh[2], sympy.zeros(2, 1),
                tex=r"so the condition reads $\sum_n v_n/H_n = \sum_n n_n/(n_n\cdot(x_n - x_m)) = 0$")
        d.equal("and directly: sum_n (x_n - c)/(|x_n - c| H_n) = 0 at the orthocenter", grad, sympy.zeros(2, 1),
                tex=r"and directly: $\sum_n (x_n - c)/(|x_n - c|\,H_n) = 0$ at the orthocenter")
        d.equal("the limit cost at the orthocenter: 2 sum_n |x_n - c|/H_n = 2 sum_n lambda_n |n_n|^2/(n_n.(x_n - x_m)) = 4",
                2 * value, 4,
                tex=r"the limit cost at the orthocenter: $2\sum_n |x_n - c|/H_n = 2\sum_n \lambda_n |n_n|^2/(n_n\cdot(x_n - x_m)) = 4$")
    else:
        d.equal("(false variant) the centroid satisfies sum_n (x_n - c)/(|x_n - c| H_n) = 0", grad, sympy.zeros(2, 1),
                tex=r"(false variant) the centroid satisfies $\sum_n (x_n - c)/(|x_n - c|\,H_n) = 0$")


def prove(*, variant: Optional[str] = None) -> LemmaResult:
    """Prove the triangle lemmas (equilateral cost, edge-aligned cost, rho -> 0 limits, orthocenter)."""
    if variant not in (None, "centroid"):
        raise unknown_variant(variant, VARIANTS)
    d = Derivation(NAME)
    _equilateral(d)
    _edge_aligned(d)
    _orthocenter(d, use_centroid=variant == "centroid")
    return d.result(statement=STATEMENT, latex_statement=LATEX_STATEMENT, scope=SCOPE,
                    proved_detail="equilateral cost 4 sqrt3 l/(sqrt3 l - 4 rho) -> 4; edge-aligned cost sum 2L_n/(L_n - 2 rho) -> 2d; "
                                  "orthocenter satisfies the limit Fermat-Weber condition of every acute triangle, limit cost 4",
                    latex_text=LATEX_TEXT, latex_scope=LATEX_SCOPE,
                    latex_detail=r"equilateral cost $4\sqrt{3}\,l/(\sqrt{3}\,l - 4\rho) \to 4$; edge-aligned cost "
                                 r"$\sum_n 2L_n/(L_n - 2\rho) \to 2d$; the orthocenter satisfies the limit Fermat--Weber "
                                 r"condition of every acute triangle, limit cost $4$")


def main() -> int:
    """Prove the lemma and print the derivation."""
    return main_for(prove)
