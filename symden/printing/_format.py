"""Formatting exact numbers and affine expressions as plain text and LaTeX."""

from __future__ import annotations

from gmpy2 import mpq

from symden.exact import Exact, exact_str, to_sympy

# sympy is imported only for an algebraic (irrational) number: rational output never loads it.


def text_number(x: Exact) -> str:
    """Plain text for an exact number: ``5/3``, ``-1``, ``2*sqrt(5)/3``."""
    return exact_str(x)


def latex_number(x: Exact) -> str:
    """LaTeX for an exact number: ``\\frac{5}{3}``, ``-1``; algebraic numbers through sympy."""
    if isinstance(x, mpq):
        if x.denominator == 1:
            return str(x.numerator)
        sign = "-" if x < 0 else ""
        return f"{sign}\\frac{{{abs(x.numerator)}}}{{{x.denominator}}}"
    import sympy  # only for algebraic numbers: rational output never loads sympy

    return sympy.latex(to_sympy(x))


def _is_negative(x: Exact) -> bool:
    return bool(x < 0)


def text_affine(slope: Exact, intercept: Exact, var: str = "y") -> str:
    """``slope*var + intercept`` in plain text, with zero and unit coefficients simplified."""
    parts = []
    if slope != 0:
        if slope == 1:
            parts.append(var)
        elif slope == -1:
            parts.append(f"-{var}")
        else:
            s = text_number(slope)
            parts.append(f"({s})*{var}" if not isinstance(slope, mpq) and ("+" in s or "-" in s[1:]) else f"{s}*{var}")
    if intercept != 0 or not parts:
        if not parts:
            parts.append(text_number(intercept))
        elif isinstance(intercept, mpq) or not ("+" in exact_str(intercept) or "-" in exact_str(intercept)[1:]):
            parts.append(("- " + text_number(-intercept)) if _is_negative(intercept) else ("+ " + text_number(intercept)))
        else:
            parts.append(f"+ ({text_number(intercept)})")
    return " ".join(parts)


def latex_affine(slope: Exact, intercept: Exact, var: str = "y") -> str:
    """``slope var + intercept`` in LaTeX; algebraic coefficients go through sympy."""
    if not (isinstance(slope, mpq) and isinstance(intercept, mpq)):
        import sympy

        return sympy.latex(to_sympy(slope) * sympy.Symbol(var) + to_sympy(intercept))
    parts = []
    if slope != 0:
        parts.append(var if slope == 1 else f"-{var}" if slope == -1 else f"{latex_number(slope)} {var}")
    if intercept != 0 or not parts:
        if not parts:
            parts.append(latex_number(intercept))
        else:
            parts.append(f"- {latex_number(-intercept)}" if intercept < 0 else f"+ {latex_number(intercept)}")
    return " ".join(parts)
