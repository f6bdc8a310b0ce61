"""Decimal display of exact bounds, rounded outward so that a printed interval always contains the exact one.

A certified interval ``[lo, hi]`` printed with ``:.9g`` can claim less than is true: round to
nearest turns the upper end 4.934555191713... into 4.93455519, below the exact end
(``docs/theory.md`` section 0.7). These helpers round the lower end down and the upper end up,
deciding each digit by exact comparison (never by the float used for a first guess).

>>> from gmpy2 import mpq
>>> decimal_above(mpq(4934555191713, 10**12), 9), decimal_below(mpq(4934555191713, 10**12), 9)
('4.93455520', '4.93455519')
>>> interval_text(mpq(-1, 3), mpq(2, 3), 4)
'[-0.3334, 0.6667]'
"""

from __future__ import annotations

import math
from decimal import Decimal

from gmpy2 import mpq

from symden.exact import Exact, to_float

__all__ = ["decimal_below", "decimal_above", "interval_text", "interval_digits"]


def _rounded(x: Exact, digits: int, up: bool) -> str:
    if x == 0:
        return "0"
    guess = to_float(x)  # only a first guess of the exponent and digits; both are corrected exactly below
    e = math.floor(math.log10(abs(guess)))
    while mpq(10) ** (e + 1) <= abs(x):
        e += 1
    while mpq(10) ** e > abs(x):
        e -= 1
    shift = digits - 1 - e
    scale = mpq(10) ** shift
    n = math.floor(guess * 10.0**shift) if math.isfinite(guess * 10.0**shift) else 0
    if up:
        while mpq(n) / scale < x:
            n += 1
        while mpq(n - 1) / scale >= x:
            n -= 1
    else:
        while mpq(n) / scale > x:
            n -= 1
        while mpq(n + 1) / scale <= x:
            n += 1
    text = format(Decimal(n).scaleb(-shift), "f") if -6 <= -shift + len(str(abs(n))) <= 21 else \
        format(Decimal(n).scaleb(-shift), "E")
    return text


def decimal_below(x: Exact, digits: int = 10) -> str:
    """A decimal with ``digits`` significant digits that is at most ``x``, the largest such."""
    return _rounded(x, digits, up=False)


def decimal_above(x: Exact, digits: int = 10) -> str:
    """A decimal with ``digits`` significant digits that is at least ``x``, the smallest such."""
    return _rounded(x, digits, up=True)


def interval_text(lo: Exact, hi: Exact, digits: int = 10) -> str:
    """``[lo', hi']`` with ``lo' <= lo`` and ``hi' >= hi``: a printed interval that contains the exact one."""
    return f"[{decimal_below(lo, digits)}, {decimal_above(hi, digits)}]"


def interval_digits(lo: Exact, hi: Exact, least: int = 10, most: int = 16) -> int:
    """Significant digits that show an interval's width: two more than the digits its ends share,
    between ``least`` and ``most`` (display only; the rounding itself stays outward and exact).

    >>> interval_digits(mpq(5167416301485, 10**12), mpq(5167416301489, 10**12))
    14
    >>> interval_digits(mpq(1), mpq(2))
    10
    """
    width = to_float(hi) - to_float(lo)
    scale = max(abs(to_float(hi)), abs(to_float(lo)))
    if width <= 0 or scale == 0:
        return most if width == 0 and scale != 0 else least
    return max(least, min(most, math.floor(math.log10(scale / width)) + 2))
