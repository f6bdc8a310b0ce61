"""Lemma (ramp unit; docs/theory.md section 1).

With ``psi(s) = [s]_+ - [s-1]_+``, a unit vector v, a gap g > 0 and an output vector a, the map
``r(y) = a psi((v.y - beta)/g)`` is two ReLU units ``(a/g)[v.y - beta]_+ - (a/g)[v.y - beta - g]_+``,
constant (0, resp. a) on both sides of the slab ``beta <= v.y <= beta + g``, with Jacobian
``a v^T / g`` inside the slab, and it costs exactly ``2|a|/g``.

Proof (general parameters: any real pre-activation ``z = v.y - beta``, any ``g > 0``, any output
coordinate; the Jacobian is computed in R^3 with symbolic components and is coordinatewise, so
the same computation holds in every dimension). Upper bound: the two units, balanced, cost
``|a|/g * |v|`` each. Lower bound: the restriction ``t -> (a/|a|) . r(y_0 + t v)`` is
``|a| psi((t - t_0)/g)``, with slopes ``0, |a|/g, 0``; its ``TV(f') = 2|a|/g`` is a lower bound on
``R(r)`` by the line-restriction lemma (lemma ``frame``) and the univariate cost theorem.
"""

from __future__ import annotations

from typing import Optional

import sympy

from symden.lemmas._base import GENERAL, Derivation, LemmaResult, held, main_for, relu, unknown_variant

__all__ = ["STATEMENT", "LATEX_STATEMENT", "VARIANTS", "psi", "prove", "main"]

NAME = "ramp"
STATEMENT = ("a psi((v.y - beta)/g), psi(s) = [s]_+ - [s-1]_+, |v| = 1, g > 0, is two balanced ReLU units costing "
             "exactly 2|a|/g; its Jacobian is a v^T/g on the slab beta < v.y < beta + g and zero outside.")

g, Anorm = sympy.symbols("g |a|", positive=True)
p = sympy.Symbol("p", nonnegative=True)
z, s, a_i, t, t0 = sympy.symbols("z s a_i t t_0", real=True)
LATEX_STATEMENT = (r"R\!\left(a\,\psi\!\left(\tfrac{v\cdot y-\beta}{g}\right)\right) = " + sympy.latex(2 * Anorm / g)
                   + r",\qquad \partial_y\, a\,\psi\!\left(\tfrac{v\cdot y-\beta}{g}\right) = "
                   r"\begin{cases} a v^{T}/g & \beta < v\cdot y < \beta + g \\ 0 & \text{otherwise}\end{cases}")

LATEX_TEXT = (r"$a\,\psi((v\cdot y - \beta)/g)$ with $\psi(s) = [s]_+ - [s-1]_+$, $|v| = 1$, $g > 0$, is two balanced "
              r"ReLU units costing exactly $2|a|/g$; its Jacobian is $a v^{T}/g$ on the slab $\beta < v\cdot y < \beta + g$ "
              r"and zero outside.")

VARIANTS = {"no-factor-2": "claims the ramp costs |a|/g (one unit's cost, without the factor 2)"}


def psi(x: sympy.Expr) -> sympy.Expr:
    """The ramp ``[x]_+ - [x - 1]_+``."""
    return relu(x) - relu(x - 1)


def prove(*, variant: Optional[str] = None, claimed_cost: Optional[sympy.Expr] = None) -> LemmaResult:
    """Prove the ramp-unit lemma; ``claimed_cost`` (default ``2|a|/g``) is the cost checked."""
    if variant == "no-factor-2":
        claimed_cost = Anorm / g
    elif variant is not None:
        raise unknown_variant(variant, VARIANTS)
    claimed = 2 * Anorm / g if claimed_cost is None else claimed_cost
    d = Derivation(NAME)
    d.define("the ramp", sympy.Function("psi")(s), psi(s),
             tex=r"the ramp $\psi(s) = [s]_+ - [s - 1]_+$, with $[z]_+ = (z + |z|)/2$")
    d.equal("two ReLU units (each output coordinate a_i; z = v.y - beta)",
            held(lambda: a_i * psi(z / g)), (a_i / g) * relu(z) - (a_i / g) * relu(z - g),
            tex=r"two ReLU units (each output coordinate $a_i$; $z = v\cdot y - \beta$)")
    d.equal("below the slab (s = -p, p >= 0): psi = 0", held(lambda: psi(-p)), 0,
            tex=r"below the slab ($s = -p$, $p \ge 0$): $\psi(s) = 0$")
    d.equal("on the slab (s = p/(1+p) in [0, 1)): psi(s) = s", held(lambda: psi(p / (1 + p))), p / (1 + p),
            tex=r"on the slab ($s = p/(1+p) \in [0, 1)$): $\psi(s) = s$")
    d.equal("above the slab (s = 1 + p): psi = 1", held(lambda: psi(1 + p)), 1,
            tex=r"above the slab ($s = 1 + p$): $\psi(s) = 1$")
    # the Jacobian, in R^3 with symbolic components; shown for one entry (i, j) with indexed symbols
    y = sympy.Matrix(sympy.symbols("y1:4", real=True))
    v = sympy.Matrix(sympy.symbols("v1:4", real=True))
    a = sympy.Matrix(sympy.symbols("a1:4", real=True))
    beta = sympy.Symbol("beta", real=True)
    k = sympy.Symbol("k", integer=True)
    yi, vi = sympy.IndexedBase("y"), sympy.IndexedBase("v")
    j = sympy.Symbol("j", integer=True)
    entry = lambda inner: sympy.Derivative(a_i * inner, yi[j])
    slab = (sympy.Sum(vi[k] * yi[k], (k, 1, 3)) - beta) / g
    inside = a * ((v.dot(y) - beta) / g)
    d.equal("Jacobian on the slab (psi(s) = s there), checked in R^3: d(a_i s)/dy_j = a_i v_j/g",
            inside.jacobian(y), a * v.T / g, shown=sympy.Eq(entry(slab), a_i * vi[j] / g, evaluate=False),
            tex=r"Jacobian on the slab, where $\psi(s) = s$ (checked as the $3\times 3$ matrix in $\mathbb{R}^3$)")
    d.equal("Jacobian below the slab (psi = 0), checked in R^3", sympy.zeros(3, 1).jacobian(y), sympy.zeros(3, 3),
            shown=sympy.Eq(entry(sympy.Symbol("psi_-")), 0, evaluate=False),
            tex=r"Jacobian below the slab: there $\psi = \psi_- = 0$ is constant (checked in $\mathbb{R}^3$)")
    d.equal("Jacobian above the slab (psi = 1), checked in R^3", a.jacobian(y), sympy.zeros(3, 3),
            shown=sympy.Eq(entry(sympy.Symbol("psi_+")), 0, evaluate=False),
            tex=r"Jacobian above the slab: there $\psi = \psi_+ = 1$ is constant (checked in $\mathbb{R}^3$)")
    d.equal("upper bound: two units (a/g, v, -beta), (-a/g, v, -beta - g), balanced cost |a_k||w_k|, |v| = 1, "
            "equal the claimed cost", held(lambda: Anorm / g + Anorm / g), claimed,
            tex=r"upper bound: the two units $(a/g, v, -\beta)$ and $(-a/g, v, -\beta - g)$, of balanced cost "
                r"$|a_k|\,|w_k| = |a|/g$ each ($|v| = 1$), cost the claimed value")
    f = Anorm * psi((t - t0) / g)
    slopes = [sympy.diff(Anorm * 0, t), sympy.diff(Anorm * (t - t0) / g, t), sympy.diff(Anorm * 1 + 0 * t, t)]
    d.note("the restriction to the line y0 + t v in the output direction a/|a|", f,
           tex=r"the restriction to the line $y_0 + t v$ in the output direction $a/|a|$")
    d.note("its slopes below, on and above the slab", sympy.Tuple(*slopes),
           tex=r"its slopes below, on and above the slab")
    # slopes[0] = slopes[2] = 0 (flat outside the slab), so the variation |s_1 - s_0| + |s_2 - s_1| is shown as |s_1| + |-s_1|
    tv = held(lambda: abs(slopes[1]) + abs(-slopes[1]))
    d.equal("lower bound: TV of the restriction's slope (line restriction + univariate cost theorem)", tv, claimed,
            tex=r"lower bound: the total variation of the restriction's slope equals the claimed cost "
                r"(line restriction and the univariate cost theorem)")
    return d.result(statement=STATEMENT, latex_statement=LATEX_STATEMENT, scope=GENERAL,
                    proved_detail="cost 2|a|/g (upper bound by two balanced units = lower bound along the line); "
                                  "Jacobian a v^T/g on the slab, 0 outside",
                    latex_text=LATEX_TEXT,
                    latex_detail=r"cost $2|a|/g$ (upper bound by two balanced units $=$ lower bound along the line); "
                                 r"Jacobian $a v^{T}/g$ on the slab, $0$ outside")


def main() -> int:
    """Prove the lemma and print the derivation."""
    return main_for(prove)
