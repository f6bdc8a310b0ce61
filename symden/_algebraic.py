"""Real algebraic irrationals as an exact, hashable scalar that interoperates with mpq.

An :class:`Algebraic` holds its value in one of two representations:

* **multi-quadratic** (the fast, common case): a finite sum ``sum_m c_m * sqrt(m)`` with
  rational coefficients ``c_m`` (``gmpy2.mpq``) and distinct square-free positive integers
  ``m`` (``m = 1`` is the rational part). Norms of rational vectors such as ``sqrt(5)/2``,
  and their sums, products and quotients, stay in such fields. Square roots of distinct
  square-free integers are linearly independent over Q, so this form is canonical: equality
  and hashing compare the terms, arithmetic is plain rational arithmetic on the coefficients
  (``sqrt(a)*sqrt(b) = g*sqrt(a*b/g^2)`` with ``g = gcd(a, b)``; division multiplies by
  conjugates one generator at a time), and the sign is decided exactly by the same recursion
  (see :func:`_sign_exact`), with a rigorous integer interval short-cut first;
* **sympy-backed** (everything else: cube roots, nested radicals that do not denest, square
  roots of rationals too large to factor safely): a canonical sympy expression (expanded,
  radicals cleared from denominators) whose equality and order are decided *mathematically*:
  equality by an exact zero test (a difference that evaluates near zero and whose minimal
  polynomial is ``x``), order by interval evaluation at rising precision.

:func:`make` builds the multi-quadratic form whenever the value lies in a multi-quadratic
field that it can recognise (directly, after sympy's canonical simplification, or after
``sqrtdenest``), so equal numbers share one canonical form and one hash. Mixing the two
representations falls back to the sympy path.

Every arithmetic result whose value is rational comes back as a ``gmpy2.mpq`` rational,
so rational data never pay for sympy.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from math import gcd

import gmpy2
import mpmath
import sympy
from gmpy2 import mpq, mpz

_X = sympy.Symbol("_x")

#: A multi-quadratic number: square-free radicand -> non-zero rational coefficient.
_Terms = dict[int, mpq]

_ZERO = mpq(0)
_ONE = mpq(1)

# ---------------------------------------------------------------------------------------
# square-free parts of integers (needed to put sqrt(P/Q) in canonical form)
# ---------------------------------------------------------------------------------------

#: Trial division bound for integers too large to hand to sympy.factorint.
_TRIAL_BOUND = 1 << 14
#: Integers with more digits than this are never fully factorised (a hard factorisation of a
#: 30-digit number takes sympy about 0.3 s); their square roots go to the sympy path unless
#: trial division settles their square-free part.
MAX_FACTOR_DIGITS = 30
_MAX_FACTOR_BITS = 100  # 2**100 has 31 digits


def _small_primes(bound: int) -> list:
    sieve = bytearray([1]) * (bound + 1)
    sieve[0:2] = b"\x00\x00"
    for p in range(2, int(bound**0.5) + 1):
        if sieve[p]:
            sieve[p * p :: p] = bytearray(len(sieve[p * p :: p]))
    return [p for p in range(bound + 1) if sieve[p]]


_PRIMES = _small_primes(_TRIAL_BOUND)


@lru_cache(maxsize=8192)
def _squarefree_split(n: int) -> tuple | None:
    """``(s, m)`` with ``n = s**2 * m`` and ``m`` square-free, or None when too costly to know.

    ``n`` is a positive integer.
    """
    if n < 4:
        return (1, n)
    root, rem = gmpy2.isqrt_rem(mpz(n))
    if rem == 0:
        return (int(root), 1)
    if n.bit_length() <= _MAX_FACTOR_BITS:
        s = m = 1
        for p, e in sympy.factorint(n).items():
            s *= int(p) ** (e // 2)
            if e % 2:
                m *= int(p)
        return (s, m)
    # too large for a full factorisation: trial division, then settle the cofactor if we can
    s = m = mpz(1)
    c = mpz(n)
    for p in _PRIMES:
        if p * p > c:
            break
        if c % p == 0:
            c, e = gmpy2.remove(c, p)
            s *= mpz(p) ** (e // 2)
            if e % 2:
                m *= p
    if c == 1 or c <= _TRIAL_BOUND**2 or gmpy2.is_bpsw_prp(c):
        # every prime factor of c exceeds the bound: c is 1 or a prime
        return (int(s), int(m * c))
    root, rem = gmpy2.isqrt_rem(c)
    if rem == 0 and gmpy2.is_bpsw_prp(root):
        return (int(s * root), int(m))
    if rem != 0 and c < mpz(_TRIAL_BOUND) ** 3:
        # a product of at most two primes above the bound and not a square: square-free
        return (int(s), int(m * c))
    return None


def _sqrt_terms(q: mpq) -> _Terms | None:
    """The terms of sqrt(q) for a rational q >= 0, or None when q is too large to factor."""
    if q == 0:
        return {}
    if q < 0:
        return None
    num = _squarefree_split(int(q.numerator))
    if num is None:
        return None
    den = _squarefree_split(int(q.denominator))
    if den is None:
        return None
    s1, m1 = num
    s2, m2 = den
    # sqrt(s1^2 m1 / (s2^2 m2)) = s1/(s2 m2) * sqrt(m1 m2); m1, m2 are coprime, so m1*m2 is square-free
    return {m1 * m2: mpq(s1, s2 * m2)}


# ---------------------------------------------------------------------------------------
# arithmetic on terms (dicts radicand -> non-zero mpq); results never hold zero coefficients
# ---------------------------------------------------------------------------------------


def _add(x: _Terms, y: _Terms) -> _Terms:
    if len(x) < len(y):
        x, y = y, x
    r = dict(x)
    for m, c in y.items():
        s = r.get(m)
        if s is None:
            r[m] = c
        else:
            s = s + c
            if s:
                r[m] = s
            else:
                del r[m]
    return r


def _neg(x: _Terms) -> _Terms:
    return {m: -c for m, c in x.items()}


def _sub(x: _Terms, y: _Terms) -> _Terms:
    r = dict(x)
    for m, c in y.items():
        s = r.get(m)
        if s is None:
            r[m] = -c
        else:
            s = s - c
            if s:
                r[m] = s
            else:
                del r[m]
    return r


def _add_q(x: _Terms, q: mpq) -> _Terms:
    if not q:
        return x
    r = dict(x)
    s = r.get(1)
    if s is None:
        r[1] = q
    else:
        s = s + q
        if s:
            r[1] = s
        else:
            del r[1]
    return r


def _scale(x: _Terms, q) -> _Terms:
    if not q:
        return {}
    return {m: c * q for m, c in x.items()}


def _mul(x: _Terms, y: _Terms) -> _Terms:
    if len(x) < len(y):
        x, y = y, x
    if len(y) == 1:
        ((m2, c2),) = y.items()
        if m2 == 1:
            return {m: c * c2 for m, c in x.items()}
    r: _Terms = {}
    for m1, c1 in x.items():
        for m2, c2 in y.items():
            if m1 == 1:
                m, c = m2, c1 * c2
            elif m2 == 1:
                m, c = m1, c1 * c2
            elif m1 == m2:
                m, c = 1, c1 * c2 * m1
            else:
                g = gcd(m1, m2)
                if g == 1:
                    m, c = m1 * m2, c1 * c2
                else:
                    m, c = (m1 // g) * (m2 // g), c1 * c2 * g
            s = r.get(m)
            r[m] = c if s is None else s + c
    return {m: c for m, c in r.items() if c}


def _split(x: _Terms) -> tuple:
    """``(b, u, v)`` with ``x = u + v*sqrt(b)`` and u, v free of sqrt(b).

    ``b > 1`` is square-free and, for every radicand m of x, either divides m or is coprime to
    it (refined from one radicand by gcds, no factorisation needed). Then sqrt(b) is not in the
    field generated by the square roots of the other radicands, u's radicands and v's
    radicands ``m // b`` are coprime to b, and ``sqrt(b) -> -sqrt(b)`` is a field automorphism.
    """
    b = 0
    for m in x:
        if m != 1:
            if b == 0:
                b = m
            else:
                g = gcd(b, m)
                if 1 < g < b:
                    b = g
    u: _Terms = {}
    v: _Terms = {}
    for m, c in x.items():
        if m % b:
            u[m] = c
        else:
            v[m // b] = c
    return b, u, v


def _norm(b: int, u: _Terms, v: _Terms) -> _Terms:
    """``u^2 - b v^2``: x times its conjugate, in the field without sqrt(b); non-zero if x is."""
    return _sub(_mul(u, u), _scale(_mul(v, v), b))


def _inv(x: _Terms) -> _Terms:
    """1/x for non-zero x: multiply by conjugates until the denominator is rational."""
    num: _Terms = {1: _ONE}
    den = x
    while True:
        if len(den) == 1:
            ((m, c),) = den.items()
            if m == 1:
                return _scale(num, 1 / c)
            return _scale(_mul(num, {m: _ONE}), 1 / (c * m))
        b, u, v = _split(den)
        conj = dict(u)
        for m, c in v.items():
            conj[m * b] = -c
        num = _mul(num, conj)
        den = _norm(b, u, v)


def _pow(x: _Terms, n: int) -> _Terms:
    if n < 0:
        x, n = _inv(x), -n
    result: _Terms = {1: _ONE}
    while n:
        if n & 1:
            result = _mul(result, x)
        n >>= 1
        if n:
            x = _mul(x, x)
    return result


def _is_rational_terms(x: _Terms) -> bool:
    return not x or (len(x) == 1 and 1 in x)


# ---------------------------------------------------------------------------------------
# exact sign
# ---------------------------------------------------------------------------------------


def _approx(x: _Terms, k: int) -> mpz:
    """``S`` with ``|x * 2^k - S| < len(x)``: each term c*sqrt(m)*2^k rounded towards zero.

    floor(sqrt(floor(t))) = floor(sqrt(t)) for t >= 0, so the integer square root of the
    floored square is the exact floor of ``|c| sqrt(m) 2^k``.
    """
    total = mpz(0)
    for m, c in x.items():
        a, d = c.numerator, c.denominator
        if m == 1:
            t = (abs(a) << k) // d
        else:
            t = gmpy2.isqrt(((a * a * m) << (2 * k)) // (d * d))
        total += t if a > 0 else -t
    return total


def _sign_terms(x: _Terms) -> int:
    """The exact sign of a multi-quadratic number (0 only for the empty sum)."""
    n = len(x)
    if n == 0:
        return 0
    if n == 1:
        (c,) = x.values()
        return 1 if c > 0 else -1
    if n == 2 and 1 in x:
        # u + v sqrt(m) with rational u, v: the base case of the recursion, done directly
        u = x[1]
        ((m, v),) = ((m, c) for m, c in x.items() if m != 1)
        su = 1 if u > 0 else -1
        if (v > 0) == (u > 0):
            return su
        return su if u * u > m * v * v else -su
    for k in (64, 256):
        s = _approx(x, k)
        if s >= n:
            return 1
        if s <= -n:
            return -1
    return _sign_exact(x)


def _sign_exact(x: _Terms) -> int:
    """Exact sign by the conjugate recursion: x = u + v sqrt(b).

    If u and v have the same sign (or u = 0) that is the sign of x; otherwise x has the sign
    of u when u^2 > b v^2 and the opposite sign when u^2 < b v^2 (never equal: x != 0).
    Every sign on the way lives in a field with one generator fewer.
    """
    b, u, v = _split(x)
    sv = _sign_terms(v)
    if not u:
        return sv
    su = _sign_terms(u)
    if su == sv:
        return su
    return su * _sign_terms(_norm(b, u, v))


def _float_terms(x: _Terms) -> float:
    """The nearest double: refine until both ends of the enclosing interval round alike."""
    n = len(x)
    k = 64
    while True:
        s = _approx(x, k)
        if abs(s) >= n << 60:
            scale = mpz(1) << k
            try:
                lo, hi = float(mpq(s - n, scale)), float(mpq(s + n, scale))
            except OverflowError:
                return float("inf") if s > 0 else float("-inf")
            if lo == hi:
                return lo
            k += 64
        else:
            k += max(64, 64 + n.bit_length() - int(abs(s)).bit_length())


# ---------------------------------------------------------------------------------------
# sympy <-> terms
# ---------------------------------------------------------------------------------------


def _sympy_rational(q) -> sympy.Rational:
    # never sympify an mpq: sympy turns it into a Float
    return sympy.Rational(int(q.numerator), int(q.denominator))


def _parse(expr) -> _Terms | None:
    """The terms of a sympy expression built from rationals, + * and integer powers and
    square roots of non-negative rationals; None for anything else (or too large to factor)."""
    try:
        return _parse_rec(expr)
    except RecursionError:
        return None


def _parse_rec(expr) -> _Terms | None:
    if expr.is_Rational:
        return {1: mpq(int(expr.p), int(expr.q))} if expr else {}
    if expr.is_Add:
        acc: _Terms = {}
        for arg in expr.args:
            t = _parse_rec(arg)
            if t is None:
                return None
            acc = _add(acc, t)
        return acc
    if expr.is_Mul:
        acc = {1: _ONE}
        for arg in expr.args:
            t = _parse_rec(arg)
            if t is None:
                return None
            acc = _mul(acc, t)
            if not acc:
                return acc
        return acc
    if expr.is_Pow:
        base, e = expr.args
        if e.is_Integer:
            t = _parse_rec(base)
            if t is None or (not t and e < 0):
                return None
            return _pow(t, int(e)) if t else {}
        if e.is_Rational and e.q == 2 and base.is_Rational and base >= 0:
            t = _sqrt_terms(mpq(int(base.p), int(base.q)))
            if t is None or (not t and e < 0):
                return None
            return _pow(t, int(e.p)) if t else {}
    return None


def _terms_to_expr(x: _Terms) -> sympy.Expr:
    parts = []
    for m, c in sorted(x.items()):
        r = _sympy_rational(c)
        if m == 1:
            parts.append(r)
        else:
            # m is square-free: sympy's own sqrt(m) is this Pow; evaluate=False skips its factoring
            parts.append(sympy.Mul(r, sympy.Pow(sympy.Integer(m), sympy.S.Half, evaluate=False)))
    return sympy.Add(*parts)


# ---------------------------------------------------------------------------------------
# the sympy path
# ---------------------------------------------------------------------------------------


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


def _has_nested_sqrt(expr: sympy.Expr) -> bool:
    for p in expr.atoms(sympy.Pow):
        e = p.exp
        if e.is_Rational and not e.is_Integer and not p.base.is_Rational:
            return True
    return False


def make(expr: sympy.Expr) -> mpq | Algebraic:
    """An mpq when ``expr`` is rational, else an :class:`Algebraic` in canonical form.

    The multi-quadratic representation is used whenever the value is recognised as a sum of
    rational multiples of square roots of rationals: as written, after sympy's canonical
    simplification, or after ``sympy.sqrtdenest``.
    """
    if isinstance(expr, (mpq, Fraction)):
        return mpq(int(expr.numerator), int(expr.denominator))
    if isinstance(expr, int) and not isinstance(expr, bool):
        return mpq(expr)
    expr = sympy.sympify(expr)
    if expr.is_Rational:
        return mpq(int(expr.p), int(expr.q))
    terms = _parse(expr)
    if terms is not None:
        return _wrap(terms)
    canon = _canonical(expr)
    if canon.is_Rational:
        return mpq(int(canon.p), int(canon.q))
    terms = _parse(canon)
    if terms is not None:
        return _wrap(terms)
    if _has_nested_sqrt(canon):
        denested = _canonical(sympy.sqrtdenest(canon))
        if denested.is_Rational:
            return mpq(int(denested.p), int(denested.q))
        terms = _parse(denested)
        if terms is not None:
            return _wrap(terms)
    if _is_zero(canon):
        return mpq(0)
    return _sympy_backed(canon)


def sqrt_rational(q: mpq) -> mpq | Algebraic | None:
    """sqrt(q) for a rational q >= 0 without sympy, or None when q is too large to factor."""
    terms = _sqrt_terms(mpq(q))
    return None if terms is None else _wrap(terms)


def _expr(value: object) -> sympy.Expr:
    if isinstance(value, Algebraic):
        return value.expr
    if isinstance(value, (mpq, Fraction)):
        return _sympy_rational(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return sympy.Integer(value)
    raise TypeError(f"cannot combine an exact algebraic number with {type(value).__name__}")


def _rational(value: object) -> mpq | None:
    """``value`` as an mpq when it is an mpq, a Fraction or an int (not bool); else None."""
    if type(value) is mpq:
        return value
    if isinstance(value, int):
        return None if isinstance(value, bool) else mpq(value)
    if isinstance(value, (mpq, Fraction)):
        return mpq(int(value.numerator), int(value.denominator))
    return None


# ---------------------------------------------------------------------------------------
# the scalar
# ---------------------------------------------------------------------------------------


class Algebraic:
    """An exact real algebraic irrational. Build with :func:`symden.exact.exact`, not directly.

    ``Algebraic(expr)`` with a sympy expression keeps that expression (the multi-quadratic
    representation when ``expr`` is written as one); :func:`make` also canonicalises.
    """

    __slots__ = ("_expr", "_hash", "_sgn", "_terms")

    def __init__(self, expr: sympy.Expr) -> None:
        terms = _parse(expr) if isinstance(expr, sympy.Basic) else None
        if terms is not None and not _is_rational_terms(terms):
            _set_terms(self, terms)
            _set_expr(self, None)
        else:
            _set_terms(self, None)
            _set_expr(self, expr)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Algebraic numbers are immutable")

    def __reduce__(self):
        if self._terms is not None:
            return (_from_items, (tuple(sorted(self._terms.items())),))
        return (_sympy_backed, (self._expr,))

    @property
    def expr(self) -> sympy.Expr:
        """The value as a sympy expression (built on first use for a multi-quadratic number)."""
        e = self._expr
        if e is None:
            e = _terms_to_expr(self._terms)
            _set_expr(self, e)
        return e

    # arithmetic: the result is rational (an mpq) whenever it can be
    def _sympy_op(self, other: object, fn) -> mpq | Algebraic:
        try:
            return make(fn(self.expr, _expr(other)))
        except TypeError:
            return NotImplemented

    def _fast_other(self, other: object):
        """(terms of self, terms-or-mpq of other) when both are fast, else None."""
        x = self._terms
        if x is None:
            return None
        if isinstance(other, Algebraic):
            y = other._terms
            return None if y is None else (x, y)
        q = _rational(other)
        return None if q is None else (x, q)

    def __add__(self, other):
        pair = self._fast_other(other)
        if pair is None:
            return self._sympy_op(other, lambda a, b: a + b)
        x, y = pair
        return _wrap(_add_q(x, y) if type(y) is mpq else _add(x, y))

    def __radd__(self, other):
        pair = self._fast_other(other)
        if pair is None:
            return self._sympy_op(other, lambda a, b: b + a)
        x, y = pair
        return _wrap(_add_q(x, y) if type(y) is mpq else _add(y, x))

    def __sub__(self, other):
        pair = self._fast_other(other)
        if pair is None:
            return self._sympy_op(other, lambda a, b: a - b)
        x, y = pair
        return _wrap(_add_q(x, -y) if type(y) is mpq else _sub(x, y))

    def __rsub__(self, other):
        pair = self._fast_other(other)
        if pair is None:
            return self._sympy_op(other, lambda a, b: b - a)
        x, y = pair
        return _wrap(_add_q(_neg(x), y) if type(y) is mpq else _sub(y, x))

    def __mul__(self, other):
        pair = self._fast_other(other)
        if pair is None:
            return self._sympy_op(other, lambda a, b: a * b)
        x, y = pair
        return _wrap(_scale(x, y) if type(y) is mpq else _mul(x, y))

    def __rmul__(self, other):
        pair = self._fast_other(other)
        if pair is None:
            return self._sympy_op(other, lambda a, b: b * a)
        x, y = pair
        return _wrap(_scale(x, y) if type(y) is mpq else _mul(y, x))

    def __truediv__(self, other):
        pair = self._fast_other(other)
        if pair is None:
            return self._sympy_op(other, lambda a, b: a / b)
        x, y = pair
        if type(y) is mpq:
            if not y:
                raise ZeroDivisionError("division of an algebraic number by zero")
            return _wrap(_scale(x, 1 / y))
        return _wrap(_mul(x, _inv(y)))

    def __rtruediv__(self, other):
        pair = self._fast_other(other)
        if pair is None:
            return self._sympy_op(other, lambda a, b: b / a)
        x, y = pair
        inv = _inv(x)
        return _wrap(_scale(inv, y) if type(y) is mpq else _mul(y, inv))

    def __pow__(self, other):
        if isinstance(other, (int, mpq)):
            x = self._terms
            if x is not None and not isinstance(other, bool):
                if isinstance(other, int):
                    return _wrap(_pow(x, other))
                if other.denominator == 1:
                    return _wrap(_pow(x, int(other.numerator)))
            return make(self.expr ** _expr(other))
        return NotImplemented

    def __neg__(self):
        x = self._terms
        if x is not None:
            return _new(_neg(x))
        return _sympy_backed(-self.expr)

    def __pos__(self):
        return self

    def __abs__(self):
        return self if self.sign() > 0 else -self

    def sign(self) -> int:
        """+1 or -1 (an Algebraic is never zero)."""
        try:
            return self._sgn
        except AttributeError:
            pass
        x = self._terms
        s = _sign_terms(x) if x is not None else _sign(self.expr)
        object.__setattr__(self, "_sgn", s)
        return s

    def _cmp(self, other: object) -> int:
        pair = self._fast_other(other)
        if pair is None:
            return _sign(_canonical(self.expr - _expr(other)))
        x, y = pair
        if type(y) is mpq:
            # x has an irrational part, so x - y is never zero
            return _sign_terms(_add_q(x, -y))
        if x == y:
            return 0
        return _sign_terms(_sub(x, y))

    def __eq__(self, other: object) -> bool:
        x = self._terms
        if x is not None:
            if isinstance(other, Algebraic):
                if other._terms is not None:
                    return x == other._terms
            elif _rational(other) is not None:
                return False  # an Algebraic with terms is irrational
            else:
                return NotImplemented
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
        try:
            return self._hash
        except AttributeError:
            pass
        x = self._terms
        h = hash(("Algebraic", tuple(sorted(x.items())))) if x is not None else hash(("Algebraic", self._expr))
        object.__setattr__(self, "_hash", h)
        return h

    def __bool__(self) -> bool:
        return True

    def __float__(self) -> float:
        x = self._terms
        if x is not None:
            return _float_terms(x)
        return float(sympy.N(self.expr, 30))

    def __repr__(self) -> str:
        # rebuilds through the exactness boundary: eval(repr(x)) == x with symden.exact.exact in scope
        return f"exact({sympy.sstr(self.expr)!r})"

    def __str__(self) -> str:
        return sympy.sstr(self.expr)


_set_terms = Algebraic._terms.__set__
_set_expr = Algebraic._expr.__set__


def _new(terms: _Terms) -> Algebraic:
    """A multi-quadratic Algebraic from terms with an irrational part (not checked)."""
    obj = object.__new__(Algebraic)
    _set_terms(obj, terms)
    _set_expr(obj, None)
    return obj


def _wrap(terms: _Terms) -> mpq | Algebraic:
    """An mpq when the terms are rational, else a multi-quadratic Algebraic."""
    if not terms:
        return _ZERO
    if len(terms) == 1 and 1 in terms:
        return terms[1]
    return _new(terms)


def _from_items(items: tuple) -> mpq | Algebraic:
    return _wrap({int(m): mpq(c) for m, c in items})


def _sympy_backed(expr: sympy.Expr) -> Algebraic:
    """A sympy-backed Algebraic holding ``expr`` as given (no recognition of the fast form)."""
    obj = object.__new__(Algebraic)
    _set_terms(obj, None)
    _set_expr(obj, expr)
    return obj


def _comparable(other: object) -> bool:
    return isinstance(other, (Algebraic, mpq, Fraction)) or (isinstance(other, int) and not isinstance(other, bool))
