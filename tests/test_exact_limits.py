"""Exact arithmetic at its limits: decided by a better route, or ExactLimitError; never a crash or a wrong answer.

The regression values are the two sides of ``z*z >= reach2`` that ``symden verify`` met on the
perturbed equilateral triangle of issue 9 (``{"clean": [[0,0],[1,0],["1/2","sqrt(3)/2+1/10000000"]],
"radius": "1/10"}``): equal numbers written with five nested square roots, whose difference made
sympy's ``minimal_polynomial`` overflow. The tower of quadratic extensions decides them exactly.
"""

from __future__ import annotations

import json
import os

import pytest
import sympy
from gmpy2 import mpq
from hypothesis import given
from hypothesis import strategies as st

import symden._algebraic as alg
import symden._tower as tower
from symden.errors import ExactLimitError
from symden.exact import Algebraic, exact, sqrt_exact, to_sympy

HERE = os.path.dirname(os.path.abspath(__file__))
s = sympy.sqrt


def _tie():
    with open(os.path.join(HERE, "data", "nested_radical_tie.json"), encoding="utf-8") as handle:
        data = json.load(handle)
    return alg._sympy_backed(sympy.sympify(data["left"])), alg._sympy_backed(sympy.sympify(data["right"]))


def _refuse(*args, **kwargs):
    raise OverflowError("'mpz' too large to convert to float")  # what sympy raised in issue 9


def test_the_overflowing_tie_of_issue_9_is_decided_exactly_without_minimal_polynomial(monkeypatch):
    monkeypatch.setattr(sympy, "minimal_polynomial", _refuse)
    alg._sign.cache_clear()
    left, right = _tie()
    assert left == right and left >= right and left <= right and not left > right and not left != right
    nudge = mpq(1, 10**400)
    assert left + nudge > right and left - nudge < right and (left - right) == 0 and type(left - right) is mpq
    assert hash(left) == hash(right)


def test_a_failing_minimal_polynomial_is_an_exact_limit_error_naming_the_question(monkeypatch):
    zero = sympy.cbrt(2 + s(5)) - (1 + s(5)) / 2  # not nested square roots: only sympy can decide it
    assert alg._sign(zero) == 0
    alg._sign.cache_clear()
    monkeypatch.setattr(sympy, "minimal_polynomial", _refuse)
    with pytest.raises(ExactLimitError, match="whether this number is zero.*minimal_polynomial failed") as info:
        alg._sign(zero)
    assert isinstance(info.value, ArithmeticError) and "\n" not in str(info.value)
    # away from zero the sign needs no minimal polynomial
    assert alg._sign(sympy.cbrt(2 + s(5)) - sympy.Rational(8, 5)) == 1
    alg._sign.cache_clear()


def test_a_failing_sqrtdenest_keeps_the_value_exact(monkeypatch):
    monkeypatch.setattr(sympy, "sqrtdenest", _refuse)
    nested = alg.make(s(5 + 2 * s(6)) * s(2))  # sqrt(2) (sqrt(2) + sqrt(3)) = 2 + sqrt(6), not denested now
    assert nested == exact("2 + sqrt(6)") and hash(nested) == hash(exact("2 + sqrt(6)"))
    big = alg.make(s(10**50 + 2 * s(3)) + s(7 + 2 * s(10)))  # several generators: the sympy path
    assert big > exact("10")**25 and big == alg._sympy_backed(to_sympy(big))


def test_square_roots_of_one_generator_denest_without_sympy(monkeypatch):
    monkeypatch.setattr(sympy, "sqrtdenest", _refuse)
    assert sqrt_exact(exact("5 + 2*sqrt(6)")) == exact("sqrt(2) + sqrt(3)")
    assert sqrt_exact(exact("5 + 2*sqrt(6)"))._terms is not None
    assert sqrt_exact(exact("7 - 4*sqrt(3)")) == exact("2 - sqrt(3)")
    # a^2 - m b^2 = 10^400 - 3 * 9^2 is not a square: sqrt(x) is in no multi-quadratic field, kept as written
    root = sqrt_exact(exact("10^200 + 9*sqrt(3)"))
    assert isinstance(root, Algebraic) and root._terms is None
    assert root * root == exact("10^200 + 9*sqrt(3)") and root > exact("10^100")


def test_sympy_backed_results_beyond_the_size_limit_raise(monkeypatch):
    monkeypatch.setattr(alg, "MAX_ALGEBRAIC_NODES", 60)
    x = exact("sqrt(1 + sqrt(2))")
    with pytest.raises(ExactLimitError, match="beyond the limit of 60 nodes"):
        for _ in range(20):
            x = x * x + x + exact("sqrt(3 + sqrt(5))")


def test_tower_work_beyond_its_limit_raises(monkeypatch):
    # a zero (intervals cannot exclude it) whose normal form needs more products than allowed
    zero = sympy.Add(s(5 + 2 * s(6)), -s(2), -s(3), evaluate=False) * s(17 + s(19)) * s(23 + s(29))
    assert tower.tower_sign(zero) == 0
    monkeypatch.setattr(tower, "MAX_PRODUCTS", 50)
    with pytest.raises(ExactLimitError, match="products of monomials"):
        tower.tower_sign(zero)


def test_hash_of_a_number_whose_rationality_cannot_be_decided_raises():
    huge = sum((sympy.cbrt(k + s(k + 1)) for k in range(2, 200)), sympy.Integer(0))
    value = alg._sympy_backed(huge)
    with pytest.raises(ExactLimitError, match="whether this number is rational.*too large"):
        hash(value)


# ---------------------------------------------------------------------------------------
# the tower decision procedure, computed two ways
# ---------------------------------------------------------------------------------------

_small = st.integers(1, 40)


@st.composite
def _nested(draw, depth: int = 2):
    """A positive nested square root expression and its value to 60 digits."""
    if depth == 0 or draw(st.booleans()):
        return sympy.Rational(draw(_small), draw(st.integers(1, 9)))
    a, b = draw(_nested(depth - 1)), draw(_nested(depth - 1))
    op = draw(st.sampled_from(["add", "mul", "sqrt", "div"]))
    return {"add": a + b, "mul": a * b, "sqrt": s(a + b), "div": a / (b + s(a))}[op]


@given(_nested(), _nested(), st.integers(-3, 3))
def test_tower_sign_agrees_with_a_high_precision_evaluation(a, b, k):
    expr = a - b * sympy.Rational(2) ** k
    value = sympy.N(expr, 80)
    got = tower.tower_sign(expr)
    if abs(value) > sympy.Float(10) ** -60:
        assert got == (1 if value > 0 else -1)
    else:
        assert got == 0 or got == (1 if value > 0 else -1)


@given(st.integers(1, 30), st.integers(1, 30), st.integers(1, 6))
def test_tower_sign_is_exactly_zero_on_denestable_radicals(p, q, c):
    # sqrt(p + q + 2 sqrt(p q)) = sqrt(p) + sqrt(q), and c times it, written two ways
    lhs = c * s(p + q + 2 * s(p * q))
    rhs = c * (s(p) + s(q))
    assert tower.tower_sign(lhs - rhs) == 0 and tower.tower_sign(lhs - rhs + sympy.Rational(1, 10**50)) == 1
    assert tower.tower_rational(lhs - rhs + sympy.Rational(3, 7)) == mpq(3, 7)
    assert tower.tower_rational(lhs) is False or (s(p * q).is_Rational and s(p).is_Rational and s(q).is_Rational)


def test_tower_inverse_in_a_redundant_tower():
    # sqrt(8) and sqrt(2) are distinct generators here: 1/(sqrt(8) - sqrt(2)) = 1/sqrt(2)
    assert tower.tower_sign(1 / (s(8) - s(2)) - 1 / s(2)) == 0
    assert tower.tower_sign(1 / (s(3 + 2 * s(2)) - s(2)) - 1) == 0
    assert tower.tower_sign(sympy.cbrt(2)) is None and tower.tower_sign(s(2 - s(5))) is None
