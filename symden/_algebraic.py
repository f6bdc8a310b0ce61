"""Real algebraic irrationals as an exact, hashable scalar that interoperates with mpq.

sympy compares expressions structurally: ``2*sqrt(2)/(sqrt(2) - 2/5)`` and
``10*sqrt(2)/23 + 50/23`` are the same number but not ``==``. :class:`Algebraic` holds a
canonical form (expanded, radicals cleared from denominators; for sums of square roots of
rationals this form is unique because square roots of distinct square-free integers are
linearly independent over Q) and decides equality and order *mathematically*:

* equality: equal canonical forms, or else a difference that evaluates near zero and whose
  minimal polynomial is ``x`` (an exact zero test);
* order: the sign of a non-zero difference, from interval evaluation at rising precision.

Every arithmetic result whose value is rational comes back as a ``gmpy2.mpq`` rational,
so rational data never pay for sympy.
"""

from __future__ import annotations

from fractions import Fraction

from gmpy2 import mpq
from functools import lru_cache
from typing import Union

import mpmath
import sympy

_X = sympy.Symbol("_x")


def _canonical(expr: sympy.Expr) -> sympy.Expr:
    return sympy.expand(sympy.radsimp(sympy.expand(expr)))


@lru_cache(maxsize=4096)
def _is_zero(expr: sympy.Expr) -> bool:
    if expr == 0:
        return True
    value = sympy.N(expr, 30)
    if value != 0 and abs(value) > sympy.Float("1e-25"):
        return False
    return sympy.minimal_polynomial(expr, _X) == _X


@lru_cache(maxsize=4096)
def _sign(expr: sympy.Expr) -> int:
    """Exact sign of a real algebraic number."""
    if _is_zero(expr):
        return 0
    for digits in (30, 100, 400, 1600):
        with mpmath.workdps(digits):
            value = sympy.N(expr, digits)
        # evalf's result carries its own accuracy; a value well clear of zero has its sign.
        if abs(value) > sympy.Float(10) ** (-(digits - 10)):
            return 1 if value > 0 else -1
    raise ArithmeticError(f"could not decide the sign of the non-zero algebraic number {expr}")


def make(expr: sympy.Expr) -> Union[mpq, "Algebraic"]:
    """An mpq when ``expr`` is rational, else an :class:`Algebraic` in canonical form."""
    expr = _canonical(sympy.sympify(expr))
    if expr.is_Rational:
        return mpq(int(expr.p), int(expr.q))
    if _is_zero(expr):
        return mpq(0)
    return Algebraic(expr)


def _expr(value: object) -> sympy.Expr:
    if isinstance(value, Algebraic):
        return value.expr
    if isinstance(value, (mpq, Fraction)):
        # never sympify an mpq: sympy turns it into a Float
        return sympy.Rational(int(value.numerator), int(value.denominator))
    if isinstance(value, int) and not isinstance(value, bool):
        return sympy.Integer(value)
    raise TypeError(f"cannot combine an exact algebraic number with {type(value).__name__}")


class Algebraic:
    """An exact real algebraic irrational. Build with :func:`symden.exact.exact`, not directly."""

    __slots__ = ("expr",)

    def __init__(self, expr: sympy.Expr) -> None:
        object.__setattr__(self, "expr", expr)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Algebraic numbers are immutable")

    # arithmetic: the result is rational (an mpq) whenever it can be
    def _op(self, other: object, fn) -> Union[mpq, "Algebraic"]:
        try:
            return make(fn(self.expr, _expr(other)))
        except TypeError:
            return NotImplemented

    def __add__(self, other): return self._op(other, lambda a, b: a + b)
    def __radd__(self, other): return self._op(other, lambda a, b: b + a)
    def __sub__(self, other): return self._op(other, lambda a, b: a - b)
    def __rsub__(self, other): return self._op(other, lambda a, b: b - a)
    def __mul__(self, other): return self._op(other, lambda a, b: a * b)
    def __rmul__(self, other): return self._op(other, lambda a, b: b * a)
    def __truediv__(self, other): return self._op(other, lambda a, b: a / b)
    def __rtruediv__(self, other): return self._op(other, lambda a, b: b / a)

    def __pow__(self, other):
        if isinstance(other, (int, mpq)):
            return make(self.expr ** _expr(other))
        return NotImplemented

    def __neg__(self): return Algebraic(-self.expr)
    def __pos__(self): return self
    def __abs__(self): return self if self.sign() > 0 else Algebraic(-self.expr)

    def sign(self) -> int:
        """+1 or -1 (an Algebraic is never zero)."""
        return _sign(self.expr)

    def _cmp(self, other: object) -> int:
        return _sign(_canonical(self.expr - _expr(other)))

    def __eq__(self, other: object) -> bool:
        try:
            return _is_zero(_canonical(self.expr - _expr(other)))
        except TypeError:
            return NotImplemented

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __lt__(self, other): return self._cmp(other) < 0 if _comparable(other) else NotImplemented
    def __le__(self, other): return self._cmp(other) <= 0 if _comparable(other) else NotImplemented
    def __gt__(self, other): return self._cmp(other) > 0 if _comparable(other) else NotImplemented
    def __ge__(self, other): return self._cmp(other) >= 0 if _comparable(other) else NotImplemented

    def __hash__(self) -> int:
        return hash(("Algebraic", self.expr))

    def __bool__(self) -> bool:
        return True

    def __float__(self) -> float:
        return float(sympy.N(self.expr, 30))

    def __repr__(self) -> str:
        # rebuilds through the exactness boundary: eval(repr(x)) == x with symden.exact.exact in scope
        return f"exact({sympy.sstr(self.expr)!r})"

    def __str__(self) -> str:
        return sympy.sstr(self.expr)


def _comparable(other: object) -> bool:
    return isinstance(other, (Algebraic, mpq, Fraction)) or (isinstance(other, int) and not isinstance(other, bool))
