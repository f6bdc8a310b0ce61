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

from symden.lemmas._base import GENERAL, Derivation, LemmaResult, main_for, relu, unknown_variant

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
    d.define("the ramp", sympy.Function("psi")(s), psi(s))
    d.equal("two ReLU units (each output coordinate a_i; z = v.y - beta)",
            a_i * psi(z / g), (a_i / g) * relu(z) - (a_i / g) * relu(z - g))
    d.equal("below the slab (s = -p, p >= 0): psi = 0", psi(-p), 0)
    d.equal("on the slab (s = p/(1+p) in [0, 1)): psi(s) = s", psi(p / (1 + p)), p / (1 + p))
    d.equal("above the slab (s = 1 + p): psi = 1", psi(1 + p), 1)
    # the Jacobian, in R^3 with symbolic components
    y = sympy.Matrix(sympy.symbols("y1:4", real=True))
    v = sympy.Matrix(sympy.symbols("v1:4", real=True))
    a = sympy.Matrix(sympy.symbols("a1:4", real=True))
    beta = sympy.Symbol("beta", real=True)
    inside = a * ((v.dot(y) - beta) / g)
    d.equal("Jacobian on the slab (psi(s) = s there), in R^3", inside.jacobian(y), a * v.T / g)
    d.equal("Jacobian below the slab (psi = 0)", sympy.zeros(3, 1).jacobian(y), sympy.zeros(3, 3))
    d.equal("Jacobian above the slab (psi = 1)", a.jacobian(y), sympy.zeros(3, 3))
    upper = d.define("upper bound: two units (a/g, v, -beta), (-a/g, v, -beta - g), balanced cost |a_k||w_k|, |v| = 1",
                     sympy.Symbol("C_{units}"), 2 * (Anorm / g) * 1)
    d.equal("the units' cost equals the claimed cost", upper, claimed)
    f = Anorm * psi((t - t0) / g)
    slopes = [sympy.diff(Anorm * 0, t), sympy.diff(Anorm * (t - t0) / g, t), sympy.diff(Anorm * 1 + 0 * t, t)]
    d.note("the restriction to the line y0 + t v in the output direction a/|a|", f)
    d.note("its slopes below, on and above the slab", sympy.Tuple(*slopes))
    tv = abs(slopes[1] - slopes[0]) + abs(slopes[2] - slopes[1])
    d.equal("lower bound: TV of the restriction's slope (line restriction + univariate cost theorem)", tv, claimed)
    return d.result(statement=STATEMENT, latex_statement=LATEX_STATEMENT, scope=GENERAL,
                    proved_detail="cost 2|a|/g (upper bound by two balanced units = lower bound along the line); "
                                  "Jacobian a v^T/g on the slab, 0 outside")


def main() -> int:
    """Prove the lemma and print the derivation."""
    return main_for(prove)
