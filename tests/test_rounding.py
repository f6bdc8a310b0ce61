"""Outward rounding of printed bounds: the printed interval always contains the exact one."""

from __future__ import annotations

from gmpy2 import mpq
from hypothesis import given
from hypothesis import strategies as st

from symden.exact import exact
from symden.rounding import decimal_above, decimal_below, interval_text

values = st.builds(lambda p, q: mpq(p, q), st.integers(-10**15, 10**15), st.integers(1, 10**12))


def _ulp(x: mpq, digits: int) -> mpq:
    """One unit in the last of ``digits`` significant places of x: 10^(e - digits + 1), 10^e <= |x| < 10^(e+1)."""
    e = 0
    while mpq(10) ** (e + 1) <= abs(x):
        e += 1
    while mpq(10) ** e > abs(x):
        e -= 1
    return mpq(10) ** (e - digits + 1)


@given(values, st.integers(1, 15))
def test_below_is_the_largest_decimal_not_above(x, digits):
    low = exact(decimal_below(x, digits))
    assert low <= x < low + (_ulp(x, digits) if x != 0 else 1)


@given(values, st.integers(1, 15))
def test_above_is_the_smallest_decimal_not_below(x, digits):
    high = exact(decimal_above(x, digits))
    assert high - (_ulp(x, digits) if x != 0 else 1) < x <= high


def test_the_m3_offline_upper_end_rounds_up_not_to_nearest():
    hi = mpq(493455519171313167711, 10**20)
    assert f"{float(hi):.9g}" == "4.93455519"  # to nearest: below the exact end
    assert decimal_above(hi, 9) == "4.93455520"
    assert interval_text(mpq(493455214221446456759, 10**20), hi, 10) == "[4.934552142, 4.934555192]"


def test_algebraic_bounds_are_rounded_exactly():
    root3 = exact("sqrt(3)")
    assert (decimal_below(root3, 6), decimal_above(root3, 6)) == ("1.73205", "1.73206")
