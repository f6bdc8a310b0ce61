"""LaTeX printer: the denoiser as a ``cases`` formula, built directly from its breakpoints.

Built from the exact knots rather than through ``sympy.latex(Piecewise(...))`` because a
sympy Piecewise with 10^4 pieces takes tens of seconds to build (STYLE.md, point 3); for
algebraic coefficients the numbers themselves still go through ``sympy.latex``.
"""

from __future__ import annotations

from symden.denoiser import Denoiser
from symden.printing._format import latex_affine, latex_number
from symden.pwl import PiecewiseLinear

__all__ = ["latex_function", "latex_denoiser", "latex_network"]


def latex_function(f: PiecewiseLinear, name: str = "h^{*}(y)") -> str:
    """``name = \\begin{cases} ... \\end{cases}``, one row per linear piece."""
    rows = []
    for p in f.pieces():
        if p.lo is None and p.hi is None:
            cond = r"y \in \mathbb{R}"
        elif p.lo is None:
            cond = rf"y \le {latex_number(p.hi)}"
        elif p.hi is None:
            cond = rf"y \ge {latex_number(p.lo)}"
        else:
            cond = rf"{latex_number(p.lo)} \le y \le {latex_number(p.hi)}"
        rows.append(rf"{latex_affine(p.slope, p.intercept)} & {cond}")
    return name + r" = \begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"


def latex_denoiser(denoiser: Denoiser) -> str:
    """A LaTeX fragment: comments naming data, setting and convention, the formula, the cost."""
    data = denoiser.data
    lines = [
        f"% symden: {data.name or 'data'} ({denoiser.structure.value}, {denoiser.standing.value}: {denoiser.theorem})",
        f"% setting: {data.describe_setting()}",
        f"% convention: {denoiser.convention}",
    ]
    if denoiser.function is not None:
        lines.append(latex_function(denoiser.function))
    else:
        lines.append(r"% \psi(s) = [s]_+ - [s - 1]_+ (the ramp unit, docs/theory.md section 1)")
        lines.append(latex_network(denoiser))
    if denoiser.cost is not None:
        lines.append(rf"R(h^{{*}}) = {latex_number(denoiser.cost)}")
    else:
        lo, hi = denoiser.cost_interval
        lines.append(rf"R(h^{{*}}) \in \left[{latex_number(lo)}, {latex_number(hi)}\right]")
    return "\n".join(lines)


def _vec(v) -> str:
    return r"\begin{pmatrix} " + r" \\ ".join(latex_number(x) for x in v) + r" \end{pmatrix}"


def _is_sum(text: str) -> bool:
    """True when the LaTeX of a number is a sum or difference (a sign after its first character)."""
    depth = 0
    for k, ch in enumerate(text):
        if ch in "{(":
            depth += 1
        elif ch in "})":
            depth -= 1
        elif ch in "+-" and k > 0 and depth == 0:
            return True
    return False


def _coefficient(x) -> str:
    """A number about to multiply a variable: a sum is parenthesised, so it multiplies as a whole."""
    text = latex_number(x)
    return rf"\left({text}\right)" if _is_sum(text) else text


def _affine_form(w, b) -> str:
    terms = []
    for i, wi in enumerate(w, 1):
        if wi == 0:
            continue
        coef = _coefficient(wi)
        term = f"y_{{{i}}}" if coef == "1" else f"-y_{{{i}}}" if coef == "-1" else f"{coef} y_{{{i}}}"
        terms.append(term)
    text = " + ".join(terms).replace("+ -", "- ") or "0"
    if b != 0:
        nb = latex_number(b)
        text += f" - {nb[1:]}" if nb.startswith("-") else f" + {nb}"
    return text


def latex_network(denoiser: Denoiser) -> str:
    """``h^*(y) = c + sum a psi(w.y + b) + ...``: consecutive units (a, w, b), (-a, w, b - 1) print as one ramp."""
    net = denoiser.network
    terms = [_vec(net.c)]
    units = list(net.units)
    k = 0
    while k < len(units):
        u = units[k]
        nxt = units[k + 1] if k + 1 < len(units) else None
        if nxt is not None and nxt.w == u.w and nxt.b == u.b - 1 and all(p == -q for p, q in zip(nxt.a, u.a)):
            terms.append(_vec(u.a) + r" \psi\left(" + _affine_form(u.w, u.b) + r"\right)")
            k += 2
        else:
            terms.append(_vec(u.a) + r" \left[" + _affine_form(u.w, u.b) + r"\right]_+")
            k += 1
    return r"h^{*}(y) = " + " + ".join(terms)


def latex_display(denoiser: Denoiser) -> str:
    """The formula and the cost as one ``align*`` block (math only, no comments)."""
    body = latex_function(denoiser.function) if denoiser.function is not None else latex_network(denoiser)
    return "\\begin{align*}\n" + body + "\n\\end{align*}"
