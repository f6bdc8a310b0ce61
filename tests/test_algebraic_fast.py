"""The fast multi-quadratic representation of Algebraic agrees with sympy, exactly.

Random elements of Q(sqrt2, sqrt3, sqrt5, sqrt7) are built from small rationals through the
public arithmetic, and every result is checked against sympy's own exact arithmetic (``expand``
of sums and products of square roots is exact and canonical in sympy) or, for order, against
a high-precision evaluation with a wide margin.
"""

from __future__ import annotations

import copy
import operator
import pickle
from fractions import Fraction

import pytest
import sympy
from gmpy2 import mpq
from hypothesis import given
from hypothesis import strategies as st

import symden._algebraic as alg
from symden.exact import Algebraic, exact, sqrt_exact, to_sympy
from tests.strategies import fractions

# the 16 square-free radicands of Q(sqrt2, sqrt3, sqrt5, sqrt7), and some that are not square-free
BASIS = [1, 2, 3, 5, 6, 7, 10, 14, 15, 21, 30, 35, 42, 70, 105, 210]
RADICANDS = BASIS + [8, 12, 18, 20, 45, 50, Fraction(1, 2), Fraction(3, 4), Fraction(5, 12), Fraction(7, 8)]

small = fractions(-20, 20, 12)
nonzero = small.filter(lambda q: q != 0)


def _sympy_q(q) -> sympy.Rational:
    return sympy.Rational(int(q.numerator), int(q.denominator))


@st.composite
def elements(draw, max_terms: int = 4):
    """(value, sympy expression) of a random element: a sum of rational * sqrt(radicand)."""
    terms = draw(st.lists(st.tuples(nonzero, st.sampled_from(RADICANDS)), min_size=1, max_size=max_terms))
    value = mpq(0)
    expr = sympy.Integer(0)
    for c, r in terms:
        value = value + c * sqrt_exact(r)
        expr = expr + _sympy_q(c) * sympy.sqrt(_sympy_q(r))
    return value, expr


irrational_elements = elements().filter(lambda e: isinstance(e[0], Algebraic))


def _same(value, expr) -> bool:
    """value == expr exactly, by sympy's expansion; and the result type matches rationality."""
    expected = sympy.expand(expr)
    if expected.is_Rational:
        return isinstance(value, mpq) and value == mpq(int(expected.p), int(expected.q))
    return isinstance(value, Algebraic) and sympy.expand(to_sympy(value) - expected) == 0


def _numeric_sign(expr, digits: int = 120) -> int:
    value = sympy.N(expr, digits)
    assert abs(value) > sympy.Float(10) ** (-(digits - 20)), "too close to zero to decide numerically"
    return 1 if value > 0 else -1


def test_multi_quadratic_numbers_use_the_fast_representation():
    for text in ["sqrt(3)/2", "2*sqrt(2)/(sqrt(2) - 2/5)", "sqrt(8) + sqrt(1/3)", "(1 + sqrt(5))/2", "sqrt(5+2*sqrt(6))"]:
        x = exact(text)
        assert isinstance(x, Algebraic) and x._terms is not None, text
    assert exact("2*sqrt(2)/(sqrt(2) - 2/5)")._terms == {1: mpq(50, 23), 2: mpq(10, 23)}
    assert sqrt_exact(mpq(5, 8))._terms == {10: mpq(1, 4)}  # sqrt(5/8) = sqrt(40)/8 = sqrt(10)/4
    for text in ["cbrt(2)", "sqrt(1 + sqrt(2))", "2^(1/4)"]:
        x = exact(text)
        assert isinstance(x, Algebraic) and x._terms is None, text


@given(elements(), elements(), st.sampled_from([operator.add, operator.sub, operator.mul]))
def test_ring_operations_agree_with_sympy(a, b, op):
    (x, ex), (y, ey) = a, b
    assert _same(op(x, y), op(ex, ey))


@given(elements(), elements())
def test_division_agrees_with_sympy(a, b):
    (x, ex), (y, ey) = a, b
    if y == 0:
        return
    quotient = x / y
    # quotient * y == x, checked in sympy's exact arithmetic
    assert sympy.expand(to_sympy(quotient) * ey - ex) == 0
    if isinstance(quotient, Algebraic):
        assert any(m != 1 for m in quotient._terms)  # canonical form with an irrational part
    if isinstance(x, Algebraic) or isinstance(y, Algebraic):
        assert quotient * y == x


@given(irrational_elements, small, st.sampled_from([mpq, Fraction, int]))
def test_mixing_with_rationals_on_either_side(a, q, kind):
    x, ex = a
    q = kind(int(q)) if kind is int else kind(q.numerator, q.denominator)
    eq = _sympy_q(Fraction(int(q)) if kind is int else q)
    assert _same(x + q, ex + eq) and _same(q + x, eq + ex)
    assert _same(x - q, ex - eq) and _same(q - x, eq - ex)
    assert _same(x * q, ex * eq) and _same(q * x, eq * ex)
    if q != 0:
        assert _same(x / q, ex / eq)
        assert sympy.expand(to_sympy(q / x) * ex - eq) == 0
    assert (x < q) == (q > x) == (_numeric_sign(ex - eq) < 0)
    assert (x >= q) == (q <= x) == (_numeric_sign(ex - eq) > 0)
    assert x != q and q != x and not (x == q)  # noqa: SIM201 (both __eq__ and __ne__)


@given(irrational_elements)
def test_rational_results_come_back_as_mpq(a):
    x, _ = a
    for value in [x - x, x + (-x), x * (1 / x), x / x, (x + 1) - x, x ** 0]:
        assert type(value) is mpq
    assert x - x == 0 and x / x == 1 and (x + 1) - x == 1
    # x times its conjugates is rational: the norm
    norm = x
    terms = dict(x._terms)
    while not isinstance(norm, mpq):
        b, u, v = alg._split(norm._terms)
        conj = alg._wrap(alg._sub(u, alg._mul(v, {b: mpq(1)})))
        norm = norm * conj
    assert type(norm) is mpq and norm != 0
    assert x._terms == terms  # arithmetic never mutates its operands


@given(elements(), elements())
def test_order_agrees_with_a_high_precision_evaluation(a, b):
    (x, ex), (y, ey) = a, b
    diff = sympy.expand(ex - ey)
    if diff == 0:
        assert x == y and not x < y and x <= y and x >= y
        return
    s = _numeric_sign(diff)
    assert (x < y) == (s < 0) and (x > y) == (s > 0) and (x <= y) == (s < 0) and (x >= y) == (s > 0)
    assert (y > x) == (s < 0) and x != y
    d = x - y
    assert (d.sign() if isinstance(d, Algebraic) else (d > 0) - (d < 0)) == s


@given(irrational_elements)
def test_exact_sign_recursion_without_the_interval_short_cut(a):
    x, ex = a
    assert alg._sign_exact(x._terms) == _numeric_sign(ex) == x.sign()
    assert abs(x) == (x if x.sign() > 0 else -x) and abs(x).sign() == 1
    assert (-x).sign() == -x.sign() and +x is x and bool(x)


@given(irrational_elements)
def test_float_is_the_nearest_double(a):
    x, ex = a
    assert float(x) == float(sympy.N(ex, 40))


@given(irrational_elements, st.integers(-6, 6))
def test_integer_powers(a, n):
    x, ex = a
    assert _same(x**n, ex**n) if n >= 0 else sympy.expand(to_sympy(x**n) * ex ** (-n) - 1) == 0
    assert x ** mpq(n) == x**n


@given(irrational_elements)
def test_repr_round_trips_and_hash_matches(a):
    x, _ = a
    back = eval(repr(x), {"exact": exact})
    assert back == x and hash(back) == hash(x) and back._terms == x._terms
    assert sympy.sympify(str(x)) == to_sympy(x)
    assert pickle.loads(pickle.dumps(x)) == x and copy.deepcopy(x) == x


@given(irrational_elements, irrational_elements)
def test_another_written_form_gives_the_same_number_and_hash(a, b):
    x, ex = a
    _, ey = b
    # x written as (x*y)/y with the product expanded: sympy sees a quotient of radical sums
    text = f"({sympy.sstr(sympy.expand(ex * ey))})/({sympy.sstr(ey)})"
    other = exact(text)
    assert other == x and hash(other) == hash(x) and {other: 1}[x] == 1
    # and through sympy's canonical form of the same expression
    via_sympy = alg.make(sympy.radsimp(sympy.expand(ex)))
    assert via_sympy == x and hash(via_sympy) == hash(x)


def test_equal_numbers_written_differently_share_one_canonical_form():
    forms = [exact("sqrt(8)/4"), exact("1/sqrt(2)"), sqrt_exact(mpq(1, 2)), exact("sqrt(2)") / 2, exact("0.5*sqrt(2)"),
             Algebraic(sympy.sqrt(2) / 2)]
    assert len({hash(f) for f in forms}) == 1 and all(f == forms[0] for f in forms)
    a = exact("2*sqrt(2)") / (exact("sqrt(2)") - Fraction(2, 5))
    b = exact("10*sqrt(2)/23 + 50/23")
    assert a == b and hash(a) == hash(b) and str(a) == "10*sqrt(2)/23 + 50/23"
    assert exact("sqrt(6)") == exact("sqrt(2)") * exact("sqrt(3)") == sqrt_exact(6)


def test_sign_near_ties():
    r2 = exact("sqrt(2)")
    below = mpq(14142135623730950488, 10**19)
    assert below < r2 < below + mpq(1, 10**19)
    assert r2 - below > 0 and (r2 - below).sign() == 1
    # numbers far below the interval short-cut's resolution force the exact recursion
    # (sqrt3 - sqrt2)^200 ~ 2.5e-100 and (sqrt6 - sqrt5)^149 ~ 1.1e-100
    tiny = (exact("sqrt(3)") - exact("sqrt(2)")) ** 200 - (exact("sqrt(6)") - exact("sqrt(5)")) ** 149
    assert isinstance(tiny, Algebraic) and set(tiny._terms) == {1, 5, 6}
    assert abs(alg._approx(tiny._terms, 256)) < 3  # the short-cut cannot decide: the recursion does
    assert tiny > 0 and tiny.sign() == 1 and (-tiny) < 0
    assert _numeric_sign(to_sympy(tiny), 400) == 1
    unit = (exact("sqrt(2)") + exact("sqrt(3)")) ** 300  # A + B sqrt(6); A - B sqrt(6) ~ 1e-150 > 0
    a, b = unit._terms[1], unit._terms[6]
    assert a > b * exact("sqrt(6)") and a - b * exact("sqrt(6)") > 0 and b * exact("sqrt(6)") - a < 0
    mixed = exact("sqrt(2)") + exact("sqrt(3)") + exact("sqrt(5)") + exact("sqrt(7)")
    cut = mpq(int(sympy.floor(sympy.N(to_sympy(mixed), 80) * 10**60)), 10**60)
    assert cut < mixed < cut + mpq(1, 10**60)


def test_nested_radical_equal_to_a_multi_quadratic_number():
    fast = exact("sqrt(2) + sqrt(3)")
    nested = exact("sqrt(5 + 2*sqrt(6))")  # denested on the way in
    assert nested._terms is not None and nested == fast and hash(nested) == hash(fast)
    # the same number held as a sympy expression still compares mathematically with the fast form
    held = Algebraic(sympy.sqrt(5 + 2 * sympy.sqrt(6)))
    assert held._terms is None
    assert held == fast and fast == held and not held != fast  # noqa: SIM202 (both __eq__ and __ne__)
    assert held - exact("sqrt(2)") == exact("sqrt(3)") and (held - exact("sqrt(2)"))._terms is not None
    assert held * (exact("sqrt(3)") - exact("sqrt(2)")) == 1 and type(held * (exact("sqrt(3)") - exact("sqrt(2)"))) is mpq
    assert held < fast + mpq(1, 10**30) and held > fast - mpq(1, 10**30) and held <= fast and held >= fast


def test_sympy_backed_numbers_mix_with_fast_ones():
    c = exact("cbrt(2)")
    r2 = exact("sqrt(2)")
    assert c * r2 == exact("2^(5/6)") and (c * r2)._terms is None
    assert c + r2 - c == r2 and (c + r2 - c)._terms is not None
    assert r2 < c * c < exact("sqrt(3)")
    nested = exact("sqrt(1 + sqrt(2))")
    assert nested._terms is None
    square = nested**2
    assert square == 1 + r2 and square._terms is not None and hash(square) == hash(1 + r2)
    assert r2 ** mpq(1, 2) == exact("2^(1/4)")


@given(st.integers(1, 10**6), st.integers(1, 10**6))
def test_sqrt_exact_of_rationals(p, q):
    value = mpq(p, q)
    root = sqrt_exact(value)
    assert root * root == value and type(root * root) is mpq
    assert root > 0
    assert isinstance(root, mpq) == (sympy.sqrt(sympy.Rational(p, q)).is_Rational is True)
    assert sqrt_exact(value * value) == value and type(sqrt_exact(value * value)) is mpq


@pytest.mark.parametrize(
    "value",
    [
        mpq(2**101 * 3**7 * 10**30 + 0, 7**3),  # large but made of small primes: factored by trial division
        mpq(10**40 + 1, 3),  # large with hard factors: the sympy path
        mpq((10**20 + 39) ** 2 * 6, 1),  # a large square times a small square-free part
    ],
)
def test_sqrt_exact_of_large_rationals(value):
    root = sqrt_exact(value)
    assert isinstance(root, Algebraic)
    assert root * root == value and type(root * root) is mpq
    assert sympy.expand(to_sympy(root) ** 2) == sympy.Rational(int(value.numerator), int(value.denominator))
