"""The exactness boundary: every number enters symden through :func:`exact`.

symden's scalars are exact real numbers of two kinds:

* rationals, held as ``gmpy2.mpq`` (exact, and about 7 times faster than
  :class:`fractions.Fraction` in arithmetic and comparisons, measured on 10^5 values;
  hash-compatible with Fraction, and ``mpq(1, 2) == Fraction(1, 2)``);
* real algebraic irrationals such as ``sqrt(5)/2``, held as :class:`Algebraic`: sums of
  rational multiples of square roots of square-free integers in a fast canonical form (exact
  sign by conjugate recursion), anything else (cube roots, nested radicals) as a canonical sympy
  expression; equality and order are exact in both (see :mod:`symden._algebraic`).

A binary float never enters silently: :func:`exact` refuses it, and the one lossy
door is :func:`rationalize`, which a caller must name explicitly. Decimal strings are
read as the decimal they spell (``"0.1"`` is exactly 1/10), which is how JSON numbers
reach symden (see :mod:`symden.data`).

Output goes the other way through :func:`exact_str` (a string that ``sympy.sympify``
parses back to the same number) and :func:`to_sympy`.

Importing this module, and parsing or printing rationals and multi-quadratic numbers, imports
neither sympy nor mpmath (nor numpy): sympy is loaded only for a value that needs it (a cube
root, a nested radical), a string the hand-written parser declines, or :func:`to_sympy`.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal
from fractions import Fraction
from typing import Iterable, Union

from gmpy2 import mpq

from symden._algebraic import Algebraic, is_sympy, make as _make_algebraic, parse_text as _parse_text
from symden.errors import DomainError, ExactLimitError, InexactNumberError

__all__ = [
    "Algebraic",
    "Exact",
    "mpq",
    "exact",
    "rationalize",
    "exact_str",
    "to_sympy",
    "is_rational",
    "sqrt_exact",
    "to_float",
    "exact_sum",
    "brief",
]

#: An exact real scalar: an mpq rational, or an :class:`Algebraic` for a real algebraic irrational.
Exact = Union[mpq, Algebraic]

# Strings that may spell an algebraic number: digits, the four operations, powers,
# brackets and the function names below. Anything else is refused before sympy sees it,
# because sympy's parser evaluates Python.
_ALGEBRAIC_TOKENS = re.compile(r"^[0-9.eE+\-*/^() ]*$")
_ALGEBRAIC_NAMES = ("sqrt", "cbrt")
_NON_FINITE_WORDS = ("nan", "inf", "infinity", "oo", "zoo")
# Exact arithmetic turns "1e999999999" or "2^99999999" into a number with a billion digits:
# refuse such sizes up front instead of hanging.
MAX_TEXT_CHARS = 1000
MAX_EXPONENT = 1000
_EXPONENTS = re.compile(r"(?:[eE]|\*\*|\^)\s*\(?\s*[+-]?\s*(\d+)")
# An integer, a decimal or a fraction as Fraction spells them in ASCII: read straight to mpq
# (gmpy2 reads "0.1" and "1e-3" exactly; it refuses a leading "+", so that is dropped).
_PLAIN = re.compile(r"[+-]?(?:[0-9]+/[0-9]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")


def _q(value: Fraction) -> mpq:
    return mpq(value.numerator, value.denominator)


def _refuse(value: object, name: str, why: str) -> InexactNumberError:
    return InexactNumberError(f"{name} = {value!r}: {why}")


def _from_sympy(value, *, name: str, shown: object) -> Exact:
    import sympy

    if value.free_symbols:
        raise _refuse(shown, name, "has free symbols; a number is required")
    if value.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
        raise _refuse(shown, name, "is not finite")
    if isinstance(value, sympy.Float) or value.atoms(sympy.Float):
        raise _refuse(shown, name, "contains a binary float; give it as an integer, decimal or fraction string")
    if value.is_Rational:
        return mpq(int(value.p), int(value.q))
    if value.is_real is not True:
        raise _refuse(shown, name, "is not a real number")
    if value.is_algebraic is not True:
        raise _refuse(shown, name, "is not a real algebraic number (symden's exact arithmetic needs one)")
    return _make_algebraic(value)


def exact(value: object, *, name: str = "value") -> Exact:
    """Convert ``value`` to an exact scalar, refusing anything inexact or non-finite.

    Accepted: ``int`` (not ``bool``), ``Fraction``, ``Decimal`` (finite), sympy
    rationals and real algebraic numbers, and strings that spell an integer, a decimal
    (``"0.1"``, ``"1e-3"``), a fraction (``"1/3"``) or an algebraic expression built from
    those with ``+ - * / ** ^``, brackets, ``sqrt`` and ``cbrt`` (``"sqrt(3)/2"``).

    Parameters
    ----------
    value
        The number to convert.
    name
        How to name the value in an error message, e.g. ``"clean[2]"``.

    Returns
    -------
    mpq or Algebraic
        An ``mpq`` when the value is rational, otherwise an :class:`Algebraic`.

    Raises
    ------
    InexactNumberError
        For a float, a non-finite value, a non-number, or a non-algebraic expression.

    Examples
    --------
    >>> exact("0.1")
    mpq(1,10)
    >>> print(exact("sqrt(12)/2"))
    sqrt(3)
    """
    kind = type(value)
    if kind is mpq or kind is Algebraic:
        return value
    if kind is int:
        return mpq(value)
    if isinstance(value, bool):
        raise _refuse(value, name, "is a boolean, not a number")
    if isinstance(value, (mpq, Algebraic)):
        return value
    if isinstance(value, int):
        return mpq(value)
    if isinstance(value, float):
        raise _refuse(value, name, "is a binary float; symden refuses floats (use rationalize() to convert one on purpose)")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _refuse(value, name, "is not finite")
        return _q(Fraction(value))
    if is_sympy(value):
        import sympy

        if not isinstance(value, sympy.Expr):
            raise _refuse(value, name, "is not a number")
        return _from_sympy(value, name=name, shown=value)
    if isinstance(value, str):
        return _exact_from_string(value, name=name)
    if isinstance(value, numbers.Rational):  # Fraction and other rationals
        return mpq(int(value.numerator), int(value.denominator))
    raise _refuse(value, name, f"is a {type(value).__name__}, not an exact number")


def _exact_from_string(text: str, *, name: str) -> Exact:
    stripped = text.strip()
    if len(stripped) > MAX_TEXT_CHARS:
        raise _refuse(text[:40] + "...", name, f"is longer than {MAX_TEXT_CHARS} characters")
    for exponent in _EXPONENTS.findall(stripped):
        if int(exponent) > MAX_EXPONENT:
            raise _refuse(text, name, f"has an exponent larger than {MAX_EXPONENT}; the exact number would be too large to work with")
    if stripped.lower().lstrip("+-") in _NON_FINITE_WORDS:
        raise _refuse(text, name, "is not finite")
    if _PLAIN.fullmatch(stripped):
        try:
            return mpq(stripped[1:] if stripped[0] == "+" else stripped)
        except ZeroDivisionError:
            raise _refuse(text, name, "divides by zero") from None
    try:
        return _q(Fraction(stripped))  # the forms Fraction reads beyond ASCII digits (underscores, ...)
    except (ValueError, ZeroDivisionError) as exc:
        if isinstance(exc, ZeroDivisionError):
            raise _refuse(text, name, "divides by zero") from None
    body = stripped
    for fn in _ALGEBRAIC_NAMES:
        body = body.replace(fn, "")
    if not stripped or not _ALGEBRAIC_TOKENS.match(body):
        raise _refuse(text, name, "is not a number (expected an integer, a decimal, a fraction like '1/3', or an algebraic expression like 'sqrt(3)/2')")
    fast = _parse_text(stripped, max_exponent=MAX_EXPONENT)
    if fast is not None:
        return fast
    import sympy

    try:
        # rational=True reads decimals inside expressions exactly, so "0.5*sqrt(2)" has no float.
        parsed = sympy.sympify(stripped.replace("^", "**"), rational=True)
    except (sympy.SympifyError, SyntaxError, TypeError, ValueError, ZeroDivisionError):
        raise _refuse(text, name, "could not be parsed as a number") from None
    if not isinstance(parsed, sympy.Expr):
        raise _refuse(text, name, "is not a number")
    return _from_sympy(parsed, name=name, shown=text)


def rationalize(value: float, *, max_denominator: int = 10**6, name: str = "value") -> mpq:
    """Convert a float to the nearest fraction with bounded denominator: the one lossy door.

    Use this only where a float is known to be an approximation (a solver's output); the
    result is evidence, never a verdict by itself.

    Raises
    ------
    InexactNumberError
        If ``value`` is not finite.

    Examples
    --------
    >>> rationalize(0.1)
    mpq(1,10)
    """
    if not math.isfinite(value):
        raise _refuse(value, name, "is not finite")
    return _limit_denominator(mpq(value), max_denominator)


def _limit_denominator(q: mpq, max_denominator: int) -> mpq:
    """``Fraction.limit_denominator`` on gmpy2 numbers: the same best approximation, 4x faster.

    Continued-fraction convergents ``p1/q1`` until the next denominator exceeds the bound, then
    the closer of ``p1/q1`` and the semiconvergent ``(p0 + k p1)/(q0 + k q1)`` (``p1/q1`` on a
    tie), exactly as CPython's :mod:`fractions` does.

    >>> _limit_denominator(mpq(3.141592653589793), 1000), Fraction(3.141592653589793).limit_denominator(1000)
    (mpq(355,113), Fraction(355, 113))
    """
    if max_denominator < 1:
        raise ValueError("max_denominator should be at least 1")
    n, d = q.numerator, q.denominator
    if d <= max_denominator:
        return q
    p0, q0, p1, q1 = 0, 1, 1, 0
    while True:
        a = n // d
        q2 = q0 + a * q1
        if q2 > max_denominator:
            break
        p0, q0, p1, q1 = p1, q1, p0 + a * p1, q2
        n, d = d, n - a * d
    k = (max_denominator - q0) // q1
    bound1 = mpq(p0 + k * p1, q0 + k * q1)
    bound2 = mpq(p1, q1)
    return bound2 if abs(bound2 - q) <= abs(bound1 - q) else bound1


def is_rational(value: Exact) -> bool:
    """True when ``value`` is held as a rational (an mpq)."""
    return isinstance(value, mpq)


def is_float_input(y) -> bool:
    """True for a binary float, a numpy array or scalar, or a non-empty sequence of floats: input that
    a callable record evaluates in floats (lossy, named) rather than exactly. numpy is only inspected,
    never imported."""
    if isinstance(y, float):
        return True
    if type(y).__module__ == "numpy":
        return True
    return isinstance(y, (list, tuple)) and len(y) > 0 and all(isinstance(v, float) for v in y)


def to_sympy(value: Exact):
    """The exact value as a sympy expression (``Rational`` for a rational); imports sympy.

    Always use this, never ``sympy.sympify``: sympify turns an mpq into a Float.
    """
    if isinstance(value, Algebraic):
        return value.expr
    rational = exact(value)
    if isinstance(rational, Algebraic):
        return rational.expr
    import sympy

    return sympy.Rational(int(rational.numerator), int(rational.denominator))


def exact_str(value: Exact) -> str:
    """A string that ``sympy.sympify`` parses back to exactly ``value``.

    Examples
    --------
    >>> exact_str(mpq(95, 6))
    '95/6'
    >>> exact_str(exact("2*sqrt(5)/3"))
    '2*sqrt(5)/3'
    """
    return str(value)  # mpq: "95/6"; Algebraic: sympy's sstr text (without sympy for the fast form)


def exact_sum(values: Iterable[Exact]) -> Exact:
    """The exact sum, added pairwise so that denominators grow evenly.

    Adding 10^4 fractions with unrelated denominators left to right costs time quadratic in
    the size of the running denominator; summing in a balanced tree keeps both operands of
    each addition of similar size.

    >>> exact_sum(mpq(1, n) for n in range(1, 5))
    mpq(25,12)
    """
    terms = list(values)
    if not terms:
        return mpq(0)
    while len(terms) > 1:
        paired = [a + b for a, b in zip(terms[::2], terms[1::2])]
        if len(terms) % 2:
            paired.append(terms[-1])
        terms = paired
    return terms[0]


def brief(value: Exact, *, max_chars: int = 48) -> str:
    """:func:`exact_str`, or for a very long exact value its float and size (for prose only).

    JSON and every machine-readable output keep the exact string; this is for sentences.

    >>> brief(mpq(95, 6))
    '95/6'
    >>> brief(mpq(10**60 + 1, 3))
    '3.33333333333e+59 (exact value: a 61-digit numerator over a 1-digit denominator)'
    """
    text = exact_str(value)
    if len(text) <= max_chars:
        return text
    if isinstance(value, mpq):
        size = f"a {len(str(abs(value.numerator)))}-digit numerator over a {len(str(value.denominator))}-digit denominator"
    else:
        size = f"an expression of {len(text)} characters"
    return f"{to_float(value):.12g} (exact value: {size})"


def to_float(value: Exact) -> float:
    """The nearest float, for display only. Named so that every lossy conversion is visible."""
    return float(value)


def sqrt_exact(value: Exact) -> Exact:
    """The exact non-negative square root: an mpq when ``value`` is a rational square.

    Raises
    ------
    DomainError
        When ``value`` is negative.

    Examples
    --------
    >>> sqrt_exact(mpq(9, 4)), sqrt_exact(mpq(5, 8))
    (mpq(3,2), exact('sqrt(10)/4'))
    >>> sqrt_exact(exact("7 + 4*sqrt(3)"))  # denested without sympy
    exact('sqrt(3) + 2')
    """
    value = exact(value)
    if isinstance(value, mpq):
        if value < 0:
            raise DomainError(f"sqrt_exact({value}): the square root of a negative number is not real")
        p, q = int(value.numerator), int(value.denominator)
        num, den = math.isqrt(p), math.isqrt(q)
        if num * num == p and den * den == q:
            return mpq(num, den)
        # sqrt(P/Q) = sqrt(P*Q)/Q straight into the fast multi-quadratic form, without sympy;
        # None when P or Q is too large to factor safely (then the sympy path below)
        from symden._algebraic import sqrt_rational

        root = sqrt_rational(value)
        if root is not None:
            return root
        import sympy

        try:
            return exact(sympy.sqrt(to_sympy(value)))
        except OverflowError:  # sympy's perfect-power test converts the radicand to a float
            raise ExactLimitError(f"sqrt_exact of a rational with {len(str(p)) + len(str(q))} digits: too large "
                                  "for sympy to factor (an exact square root needs the square-free part)") from None
    if value < 0:
        raise DomainError(f"sqrt_exact({brief(value)}): the square root of a negative number is not real")
    from symden._algebraic import sqrt_algebraic

    return sqrt_algebraic(value)
