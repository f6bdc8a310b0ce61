"""LaTeX printer: the denoiser as a ``cases`` formula, built directly from its breakpoints.

Built from the exact knots rather than through ``sympy.latex(Piecewise(...))`` because a
sympy Piecewise with 10^4 pieces takes tens of seconds to build (STYLE.md, point 3); for
algebraic coefficients the numbers themselves still go through ``sympy.latex``.
"""

from __future__ import annotations

from symden.denoiser import Denoiser
from symden.errors import ConditionError
from symden.printing._format import latex_affine, latex_number
from symden.pwl import PiecewiseLinear

__all__ = ["latex_function", "latex_denoiser"]


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
    if denoiser.function is None:
        raise ConditionError(f"the LaTeX printer has no formula yet for the {denoiser.structure} structure")
    data = denoiser.data
    return "\n".join([
        f"% symden: {data.name or 'data'} ({denoiser.structure}, {denoiser.status}: {denoiser.theorem})",
        f"% setting: {data.describe_setting()}",
        f"% convention: {denoiser.convention}",
        latex_function(denoiser.function),
        rf"R(h^{{*}}) = {latex_number(denoiser.cost)}",
    ])
