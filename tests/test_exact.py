from decimal import Decimal
from fractions import Fraction

import pytest
import sympy
from hypothesis import given

from symden.errors import InexactNumberError
from gmpy2 import mpq

from symden.exact import Algebraic, exact, exact_str, rationalize, sqrt_exact, to_sympy
from tests.strategies import fractions


@pytest.mark.parametrize(
    "value, expected",
    [
        (3, mpq(3)),
        ("0.1", mpq(1, 10)),
        ("1/3", mpq(1, 3)),
        (" -7/2 ", mpq(-7, 2)),
        ("1e-3", mpq(1, 1000)),
        (Decimal("2.50"), mpq(5, 2)),
        (Fraction(4, 6), mpq(2, 3)),
        (sympy.Rational(4, 6), mpq(2, 3)),
        ("sqrt(4)/2", mpq(1)),
        ("0.5*sqrt(2)", Algebraic(sympy.sqrt(2) / 2)),
        ("sqrt(3)/2", Algebraic(sympy.sqrt(3) / 2)),
        ("2^(1/3)", Algebraic(sympy.cbrt(2))),
    ],
)
def test_exact_accepts(value, expected):
    got = exact(value)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(
    "value, fragment",
    [
        (0.1, "binary float"),
        (True, "boolean"),
        ("nan", "not finite"),
        ("-inf", "not finite"),
        ("Infinity", "not finite"),
        (Decimal("NaN"), "not finite"),
        ("1/0", "divides by zero"),
        ("pi", "not a number"),
        ("x + 1", "not a number"),
        ("__import__('os')", "not a number"),
        ("sqrt(-1)", "not a real number"),
        (sympy.pi, "not a real algebraic"),
        (sympy.Float(0.5), "binary float"),
        ([1], "list"),
        (None, "NoneType"),
        ("", "not a number"),
        ("1e999999999", "exponent larger than 1000"),
        ("2^99999999", "exponent larger than 1000"),
        ("sqrt(2)**(123456)", "exponent larger than 1000"),
        ("1" * 2000, "longer than 1000 characters"),
    ],
)
def test_exact_refuses_with_the_value_named(value, fragment):
    with pytest.raises(InexactNumberError, match="clean\\[3\\]") as info:
        exact(value, name="clean[3]")
    assert fragment in str(info.value)
    assert isinstance(info.value, TypeError)


@given(fractions(-1000, 1000, 1000))
def test_exact_str_round_trips_through_sympify(q):
    q = exact(q)
    assert sympy.sympify(exact_str(q)) == to_sympy(q)
    assert exact(exact_str(q)) == q


def test_exact_str_of_algebraic_numbers_parses_back():
    for text in ["2*sqrt(5)/3", "1 + sqrt(2)", "sqrt(3)/2"]:
        value = exact(text)
        assert sympy.simplify(sympy.sympify(exact_str(value)) - to_sympy(value)) == 0


def test_rationalize_is_the_one_lossy_door():
    assert rationalize(0.1) == Fraction(1, 10) and isinstance(rationalize(0.1), mpq)
    assert rationalize(1 / 3, max_denominator=100) == Fraction(1, 3)
    with pytest.raises(InexactNumberError):
        rationalize(float("nan"))


def test_sqrt_exact_stays_rational_on_squares():
    assert sqrt_exact(Fraction(9, 4)) == Fraction(3, 2)
    assert isinstance(sqrt_exact(mpq(9, 4)), mpq)
    assert sqrt_exact(Fraction(5)) == exact("sqrt(5)")


def test_algebraic_equality_is_mathematical_not_structural():
    a = exact("2*sqrt(2)") / (exact("sqrt(2)") - Fraction(2, 5))
    b = exact("10*sqrt(2)/23 + 50/23")
    assert a == b and hash(a) == hash(b)
    assert exact("sqrt(2)") * exact("sqrt(8)") == 4 and isinstance(exact("sqrt(2)") * exact("sqrt(8)"), mpq)
    assert exact("(1 + sqrt(5))/2") ** 2 - exact("(1 + sqrt(5))/2") == 1
    assert exact("sqrt(2) + sqrt(3)") != exact("sqrt(5)")


def test_algebraic_order_is_exact_near_ties():
    close = exact("sqrt(2)")
    below = Fraction(14142135623730950488, 10**19)  # within 1e-19 of sqrt(2)
    assert below < close and close > below and not close < below
    assert sorted([exact("sqrt(3)"), Fraction(3, 2), exact("sqrt(2)"), Fraction(7, 4)]) == [
        exact("sqrt(2)"), Fraction(3, 2), exact("sqrt(3)"), Fraction(7, 4)]
    assert abs(Fraction(1) - exact("sqrt(2)")) == exact("sqrt(2)") - 1


def test_to_sympy_never_goes_through_a_float():
    """sympy.sympify(mpq) is a Float; to_sympy must give the exact Rational."""
    assert to_sympy(mpq(1, 3)) == sympy.Rational(1, 3)
    assert isinstance(to_sympy(mpq(1, 3)), sympy.Rational)
