"""Lemma (line restriction and the orthonormal frame lower bound; docs/theory.md section 5).

Line restriction: for one unit ``a [w.y + b]_+``, unit vectors u, v and a base point y_0, the
restriction ``g(t) = v . (a [w.(y_0 + t u) + b]_+) = alpha [beta t + gamma]_+`` (``alpha = v.a``,
``beta = u.w``, ``gamma = w.y_0 + b``) is a 1-D ReLU whose slope jumps by ``alpha beta``, so
``int |g''| dt = |v.a| |u.w|``. Summing over units (total variation is subadditive; the skip part is
affine along the line) gives ``int |(v.h(y_0 + t u))''| <= sum_k |v.a_k| |u.w_k|``.

Frame: for orthonormal ``v_1..v_J`` and orthonormal ``u_1..u_J`` (J <= d),
``sum_j |v_j.a| |u_j.w| <= (sum_j (v_j.a)^2)^{1/2} (sum_j (u_j.w)^2)^{1/2} <= |a| |w|``
(Cauchy-Schwarz in R^J, then Bessel's inequality), hence
``sum_j int |(v_j . h(y_j + t u_j))''| dt <= R(h)``.

Proof scope. The restriction: general parameters (any real alpha, gamma; beta > 0, beta < 0 and
beta = 0 as three cases). Bessel: for d = 2 and d = 3 and every J <= d, as the polynomial identity
``sum_j (v_j.a)^2 + |a - sum_j (v_j.a) v_j|^2 = |a|^2 + sum_{i,j} c_i c_j (v_i.v_j - delta_ij)`` in
symbolic coordinates, whose last sum vanishes for every orthonormal family. Cauchy-Schwarz: the
Lagrange identity for J = 2, 3. The subadditivity of total variation is cited, not machine-checked.
"""

from __future__ import annotations

from typing import Callable, Optional

import sympy

from symden.lemmas._base import GENERAL, Derivation, LemmaResult, held, main_for, relu, unknown_variant

__all__ = ["STATEMENT", "LATEX_STATEMENT", "VARIANTS", "prove", "main"]

NAME = "frame"
SCOPE = GENERAL + " (restriction: any dimension; Bessel and Cauchy-Schwarz: d = 2, 3 and every J <= d)"
STATEMENT = ("For one unit a[w.y + b]_+ and unit u, v: int |(v.h(y0 + t u))''| dt = |v.a||u.w|; for orthonormal "
             "u_1..u_J and v_1..v_J: sum_j |v_j.a||u_j.w| <= |a||w|, so sum_j int |(v_j.h(y_j + t u_j))''| dt <= R(h).")

al, gam, t = sympy.symbols("alpha gamma t", real=True)
B = sympy.Symbol("B", positive=True)
p = sympy.Symbol("p", positive=True)
LATEX_STATEMENT = (r"\int \left|\tfrac{d^2}{dt^2}\, v\cdot h(y_0 + t u)\right| dt = |v\cdot a|\,|u\cdot w|,\qquad "
                   r"\sum_{j=1}^{J} |v_j\cdot a|\,|u_j\cdot w| \le |a|\,|w|")

LATEX_TEXT = (r"For one unit $a\,[w\cdot y + b]_+$ and unit vectors $u, v$: $\int |(v\cdot h(y_0 + t u))''|\,dt = "
              r"|v\cdot a|\,|u\cdot w|$; for orthonormal $u_1, \dots, u_J$ and $v_1, \dots, v_J$: "
              r"$\sum_j |v_j\cdot a|\,|u_j\cdot w| \le |a|\,|w|$, so $\sum_j \int |(v_j\cdot h(y_j + t u_j))''|\,dt \le R(h)$.")
LATEX_SCOPE = (r"general parameters (restriction: any dimension; Bessel and Cauchy--Schwarz: $d = 2, 3$ and every $J \le d$)")

VARIANTS = {"no-abs": "claims the slope jump integral is (v.a)(u.w), without absolute values"}


def _jump(beta: sympy.Expr) -> sympy.Expr:
    """|slope above the kink - slope below| of alpha [beta t + gamma]_+ for beta = +-B."""
    gfun = al * relu(beta * t + gam)
    slope = sympy.diff(gfun, t)
    kink = -gam / beta
    lo = sympy.simplify(slope.subs(t, kink - p))
    hi = sympy.simplify(slope.subs(t, kink + p))
    return lo, hi


def _bessel_shown(J: int) -> sympy.Eq:
    c, v, a, delta = sympy.IndexedBase("c"), sympy.IndexedBase("v"), sympy.Symbol("a"), sympy.IndexedBase("delta")
    i, j = sympy.symbols("i j", integer=True)
    n2 = sympy.Function("N")  # the squared Euclidean norm
    lhs = sympy.Sum(c[j] ** 2, (j, 1, J)) + n2(a - sympy.Sum(c[j] * v[j], (j, 1, J)))
    rhs = n2(a) + sympy.Sum(c[i] * c[j] * (sympy.Function("G")(i, j) - delta[i, j]), (i, 1, J), (j, 1, J))
    return sympy.Eq(lhs, rhs, evaluate=False)


def prove(*, variant: Optional[str] = None, claimed_jump: Optional[Callable] = None) -> LemmaResult:
    """Prove the line-restriction and frame lemma; ``claimed_jump(alpha, beta)`` is the claimed int |g''|."""
    if variant == "no-abs":
        claimed_jump = lambda x, y: x * y
    elif variant is not None:
        raise unknown_variant(variant, VARIANTS)
    claim = claimed_jump or (lambda x, y: sympy.Abs(x) * sympy.Abs(y))
    d = Derivation(NAME)
    d.define("the restriction of one unit to the line y0 + t u in output direction v "
             "(alpha = v.a, beta = u.w, gamma = w.y0 + b)", sympy.Function("g")(t), al * relu(sympy.Symbol("beta") * t + gam),
             tex=r"the restriction of one unit to the line $y_0 + t u$ in the output direction $v$ "
                 r"($\alpha = v\cdot a$, $\beta = u\cdot w$, $\gamma = w\cdot y_0 + b$; $[z]_+ = (z + |z|)/2$)")
    for sign, name, tname in ((1, "beta = B > 0", r"$\beta = B > 0$"), (-1, "beta = -B < 0", r"$\beta = -B < 0$")):
        lo, hi = _jump(sign * B)
        d.note(f"{name}: slopes below and above the kink t = -gamma/beta", sympy.Tuple(lo, hi),
               tex=tname + r": the slopes below and above the kink $t = -\gamma/\beta$")
        beta = sign * B
        d.equal(f"{name}: int |g''| = |slope jump| equals the claim", sympy.Abs(hi - lo, evaluate=False),
                held(lambda: claim(al, beta)),
                tex=tname + r": $\int |g''|\,dt$, the absolute slope jump, equals the claim")
    d.note("notation: c_j = v_j.a, N(x) = |x|^2, G(i, j) = v_i.v_j", None,
           tex=r"notation for the Bessel identities below: $c_j = v_j\cdot a$, $N(x) = |x|^2$, $G(i, j) = v_i\cdot v_j$")
    d.equal("beta = 0: g is constant, int |g''| = 0 equals the claim", sympy.Integer(0), held(lambda: claim(al, sympy.Integer(0))),
            tex=r"$\beta = 0$: $g$ is constant, so $\int |g''|\,dt = 0$ equals the claim")
    # Bessel in R^2 and R^3, every J <= d
    for dim in (2, 3):
        a = sympy.Matrix(sympy.symbols(f"a1:{dim + 1}", real=True))
        vs = [sympy.Matrix(sympy.symbols(f"v{j}_1:{dim + 1}", real=True)) for j in range(1, dim + 1)]
        for J in range(1, dim + 1):
            c = [vs[j].dot(a) for j in range(J)]
            resid = a - sum((c[j] * vs[j] for j in range(J)), sympy.zeros(dim, 1))
            gram = sum(c[i] * c[j] * (vs[i].dot(vs[j]) - (1 if i == j else 0)) for i in range(J) for j in range(J))
            lhs = sympy.expand(sum(cj**2 for cj in c) + resid.dot(resid))
            d.equal(f"Bessel identity in R^{dim}, J = {J}: sum_j (v_j.a)^2 + |a - sum_j (v_j.a) v_j|^2 = |a|^2 + "
                    "sum_ij c_i c_j (v_i.v_j - delta_ij); the last sum is 0 for orthonormal v_j, so sum_j (v_j.a)^2 <= |a|^2",
                    lhs, sympy.expand(a.dot(a) + gram), shown=_bessel_shown(J),
                    tex=rf"Bessel identity in $\mathbb{{R}}^{dim}$, $J = {J}$ (checked in coordinates); the last sum is $0$ for "
                        r"orthonormal $v_j$, so $\sum_j (v_j\cdot a)^2 \le |a|^2$")
    # Cauchy-Schwarz (Lagrange identity) in R^2, R^3
    for J in (2, 3):
        x = sympy.symbols(f"x1:{J + 1}", nonnegative=True)
        y = sympy.symbols(f"y1:{J + 1}", nonnegative=True)
        lag = sum((x[i] * y[j] - x[j] * y[i]) ** 2 for i in range(J) for j in range(i + 1, J))
        d.equal(f"Lagrange identity, J = {J} (x_j = |v_j.a|, y_j = |u_j.w|)",
                sum(xi**2 for xi in x) * sum(yi**2 for yi in y) - sum(xi * yi for xi, yi in zip(x, y)) ** 2, lag,
                tex=rf"Lagrange identity, $J = {J}$ ($x_j = |v_j\cdot a|$, $y_j = |u_j\cdot w|$)")
        d.nonnegative(f"hence (sum_j x_j y_j)^2 <= (sum_j x_j^2)(sum_j y_j^2), J = {J}", lag,
                      tex=rf"hence $(\sum_j x_j y_j)^2 \le (\sum_j x_j^2)(\sum_j y_j^2)$, $J = {J}$")
    jj, JJ = sympy.symbols("j J", integer=True, positive=True)
    xa, yw = sympy.IndexedBase("x"), sympy.IndexedBase("y")
    d.note("so sum_j |v_j.a||u_j.w| <= |a||w| for each unit (x_j = |v_j.a|, y_j = |u_j.w|); summing over units "
           "and balancing gives <= R(h)",
           sympy.LessThan(sympy.Sum(xa[jj] * yw[jj], (jj, 1, JJ)), sympy.Symbol("|a|") * sympy.Symbol("|w|")),
           tex=r"so $\sum_j |v_j\cdot a|\,|u_j\cdot w| \le |a|\,|w|$ for each unit ($x_j = |v_j\cdot a|$, $y_j = |u_j\cdot w|$); "
               r"summing over units and balancing gives $\le R(h)$")
    return d.result(statement=STATEMENT, latex_statement=LATEX_STATEMENT, scope=SCOPE,
                    proved_detail="restriction jump |v.a||u.w|; frame sum <= |a||w| (Bessel + Cauchy-Schwarz)",
                    latex_text=LATEX_TEXT, latex_scope=LATEX_SCOPE,
                    latex_detail=r"restriction jump $|v\cdot a|\,|u\cdot w|$; frame sum $\le |a|\,|w|$ (Bessel and Cauchy--Schwarz)")


def main() -> int:
    """Prove the lemma and print the derivation."""
    return main_for(prove)
