"""Real algebraic irrationals as an exact, hashable scalar that interoperates with mpq.

An :class:`Algebraic` holds its value in one of two representations:

* **multi-quadratic** (the fast, common case): a finite sum ``sum_m c_m * sqrt(m)`` with
  rational coefficients ``c_m`` (``gmpy2.mpq``) and distinct square-free positive integers
  ``m`` (``m = 1`` is the rational part). Norms of rational vectors such as ``sqrt(5)/2``,
  and their sums, products and quotients, stay in such fields. Square roots of distinct
  square-free integers are linearly independent over Q, so this form is canonical: equality
  compares the terms, arithmetic is plain rational arithmetic on the coefficients
  (``sqrt(a)*sqrt(b) = g*sqrt(a*b/g^2)`` with ``g = gcd(a, b)``; division multiplies by
  conjugates one generator at a time), and the sign is decided exactly by the same recursion
  (see :func:`_sign_exact`), with a rigorous integer interval short-cut first. Parsing
  (:func:`parse_text`) and printing (``str``) of this form need no sympy;
* **sympy-backed** (everything else: cube roots, nested radicals that do not denest, square
  roots of rationals too large to factor safely): a sympy expression whose equality and order
  are decided *mathematically*: nested square roots by the exact tower recursion of
  :mod:`symden._tower`, anything else by interval evaluation at rising precision with
  sympy's ``minimal_polynomial`` as the last step of a zero test.

:func:`make` builds the multi-quadratic form whenever it recognises the value as one (as
written, after sympy's canonical simplification, after ``sqrtdenest``, or, for a small
expression, from a minimal polynomial of degree 2), and a rational (mpq) whenever it
recognises the value as rational. Mixing the two representations falls back to the sympy path.

sympy (and mpmath) are imported only on the sympy path: rational and multi-quadratic numbers
never import them. ``isinstance(x, sympy.Basic)`` checks go through :func:`is_sympy`, which
does not import sympy (an object cannot be a sympy object unless sympy is loaded).

Hashing (what is guaranteed)
----------------------------
Equal numbers hash equally, in every process and under every ``PYTHONHASHSEED``: an mpq by
gmpy2's numeric hash (equal to the hash of the equal ``Fraction`` or ``int``); an irrational
Algebraic, in either representation, by the integer ``floor(x * 2**64)``, which is well
defined (an irrational is never a dyadic rational) and decided exactly; a sympy-backed number
that is in fact rational hashes as that rational. Hashing a sympy-backed number therefore
decides whether it is rational (exactly: a rational-root bound from its characteristic
polynomial for nested square roots, else sympy's minimal polynomial) and raises
:class:`~symden.errors.ExactLimitError` when that cannot be decided. Values within 2^-64 of
each other share a hash (a collision, never an error).

Limits
------
Every sympy call that can overflow or blow up (``minimal_polynomial``, ``sqrtdenest``,
``factorint``, evaluation at high precision) is either avoided (exact routes above; size
limits :data:`MAX_SYMPY_NODES`, :data:`MAX_SYMPY_BITS`) or guarded: a failure becomes
:class:`~symden.errors.ExactLimitError` naming what could not be decided, never a wrong
answer and never a traceback from sympy.
"""

from __future__ import annotations

import math
import re
import sys
from fractions import Fraction
from functools import lru_cache
from math import gcd

import gmpy2
from gmpy2 import mpq, mpz

from symden._tower import _add as _tower_add
from symden.errors import ExactLimitError

#: A multi-quadratic number: square-free radicand -> non-zero rational coefficient.
_Terms = dict

_ZERO = mpq(0)
_ONE = mpq(1)

#: sympy expressions with more nodes or more bits of rational coefficients than these are never
#: handed to ``minimal_polynomial`` or ``sqrtdenest``: both can run for minutes or overflow on them.
MAX_SYMPY_NODES = 400
MAX_SYMPY_BITS = 4000
#: A sympy-backed result larger than this (nodes, or bits of rational coefficients) raises
#: ExactLimitError: sympy has no canonical form for nested radicals, so repeated arithmetic (the
#: exact plane arrangement of lines with such coefficients) grows them without bound, and every
#: further sign costs seconds.
MAX_ALGEBRAIC_NODES = 2000
MAX_ALGEBRAIC_BITS = 200_000
#: Expressions with at most this many nodes (and 400 bits) are canonicalised through their
#: minimal polynomial in :func:`make` (a rational or a quadratic irrational gets its canonical form).
_CANONICAL_NODES = 40
#: Irrational numbers hash by floor(x * 2**_HASH_BITS).
_HASH_BITS = 64


# ---------------------------------------------------------------------------------------
# sympy, imported on first use only
# ---------------------------------------------------------------------------------------


def _sympy():
    """The sympy module, imported on first use (about 0.4 s)."""
    import sympy

    return sympy


def is_sympy(value: object) -> bool:
    """``isinstance(value, sympy.Basic)`` without importing sympy.

    If sympy is not loaded, ``value`` cannot be a sympy object.
    """
    sp = sys.modules.get("sympy")
    return sp is not None and isinstance(value, getattr(sp, "Basic", ()))


# ---------------------------------------------------------------------------------------
# square-free parts of integers (needed to put sqrt(P/Q) in canonical form)
# ---------------------------------------------------------------------------------------

#: Trial division bound; the cofactor left after it is settled by primality and square tests.
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

    ``n`` is a positive integer. Trial division by the primes below 2^14 first; a cofactor
    that is 1, a prime, the square of a prime, or a non-square below 2^42 (at most two primes
    above the bound) is settled without factoring; otherwise sympy's ``factorint`` finishes
    the job for ``n < 2^100`` (imported only then), and larger ``n`` give None.
    """
    if n < 4:
        return (1, n)
    root, rem = gmpy2.isqrt_rem(mpz(n))
    if rem == 0:
        return (int(root), 1)
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
    if n.bit_length() <= _MAX_FACTOR_BITS:
        for p, e in _sympy().factorint(int(c)).items():
            s *= mpz(p) ** (e // 2)
            if e % 2:
                m *= int(p)
        return (int(s), int(m))
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


_add = _tower_add  # the sum of two term dicts, written once (symden._tower)


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


def _floor_terms(x: _Terms, bits: int) -> int:
    """``floor(x * 2**bits)`` for an irrational multi-quadratic x, exactly.

    ``_approx(x, bits + e)`` is within ``len(x)`` of ``x * 2**(bits + e)``; the floor is settled
    once that interval, scaled back by ``2**e``, lies between two consecutive integers. It
    always is for e large enough: an irrational ``x * 2**bits`` is never an integer.
    """
    n = len(x)
    e = 16 + n.bit_length()
    while True:
        s = _approx(x, bits + e)
        f = (s - n) >> e
        if s + n <= (f + 1) << e:
            return int(f)
        e *= 2


# ---------------------------------------------------------------------------------------
# printing without sympy: the same text as sympy.sstr
# ---------------------------------------------------------------------------------------


def _rational_str(q: mpq) -> str:
    return str(q)  # gmpy2 prints "3" or "-7/2", as sympy does


def _term_str(m: int, c: mpq) -> str:
    """``c*sqrt(m)`` as sympy's str printer writes it (``-3*sqrt(2)/4``, ``sqrt(5)/2``)."""
    if m == 1:
        return _rational_str(c)
    num, den = c.numerator, c.denominator  # mpz: printed by gmpy2, with no 4300-digit limit
    root = f"sqrt({m})"
    sign = "-" if num < 0 else ""
    num = abs(num)
    head = root if num == 1 else f"{num}*{root}"
    return f"{sign}{head}" if den == 1 else f"{sign}{head}/{den}"


def _terms_str(x: _Terms) -> str:
    """``sympy.sstr`` of the number, without sympy (checked against sympy in the tests).

    sympy orders the terms of a sum of numbers by their floating-point values, ascending,
    except that ``q - c*sqrt(m)`` with a positive rational q keeps q first. Terms whose floats
    tie (or nearly) are left to sympy itself.
    """
    items = list(x.items())
    if len(items) == 1:
        return _term_str(*items[0])
    if len(items) == 2 and 1 in x:
        q = x[1]
        ((m, c),) = ((m, c) for m, c in items if m != 1)
        if q > 0 and c < 0:
            return f"{_rational_str(q)} - {_term_str(m, -c)}"
    keyed = []
    for m, c in items:
        if m >= 1 << 53:
            return _sstr(_terms_to_expr(x))
        try:
            key = (int(c.numerator) / int(c.denominator)) * math.sqrt(m)
        except OverflowError:
            return _sstr(_terms_to_expr(x))
        if not math.isfinite(key) or key == 0.0:
            return _sstr(_terms_to_expr(x))
        keyed.append((key, m, c))
    keyed.sort()
    for (k1, _, _), (k2, _, _) in zip(keyed, keyed[1:]):
        if abs(k2 - k1) <= 1e-12 * max(abs(k1), abs(k2)):
            return _sstr(_terms_to_expr(x))
    out = _term_str(keyed[0][1], keyed[0][2])
    for _, m, c in keyed[1:]:
        out += f" - {_term_str(m, -c)}" if c < 0 else f" + {_term_str(m, c)}"
    return out


# ---------------------------------------------------------------------------------------
# parsing text without sympy: + - * / ** sqrt over rationals (Python's grammar, sympy's values)
# ---------------------------------------------------------------------------------------

_TOKENS = re.compile(r"\s*(?:([0-9]+\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)|(\*\*|//|[-+*/()])|([A-Za-z_][A-Za-z_0-9]*))")


class _NotSimple(Exception):
    """The text is outside what the hand-written parser reads: leave it to sympy."""


class _Parser:
    """Recursive descent over Python's expression grammar, restricted to what it can read exactly.

    ``expr := term (('+'|'-') term)*``, ``term := unary (('*'|'/') unary)*``,
    ``unary := ('+'|'-') unary | power``, ``power := atom ['**' unary]``,
    ``atom := number | '(' expr ')' | 'sqrt' '(' expr ')'``: exactly Python's precedence and
    associativity, so a string it reads has the value ``sympy.sympify(text, rational=True)``
    gives it. Anything else (``cbrt``, a nested radical, a non-integer power, division by zero,
    an unknown name) raises :class:`_NotSimple` and the caller uses sympy.
    """

    def __init__(self, text: str, max_exponent: int) -> None:
        tokens = []
        pos = 0
        text = text.rstrip()
        while pos < len(text):
            match = _TOKENS.match(text, pos)
            if match is None or match.end() == pos:
                raise _NotSimple
            number, op, name = match.groups()
            if number is not None:
                tokens.append(("n", number))
            elif op is not None:
                if op == "//":
                    raise _NotSimple
                tokens.append(("o", op))
            else:
                tokens.append(("f", name))
            pos = match.end()
        self.tokens = tokens
        self.pos = 0
        self.max_exponent = max_exponent

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self, kind: str, value: str | None = None) -> str:
        k, v = self.peek()
        if k != kind or (value is not None and v != value):
            raise _NotSimple
        self.pos += 1
        return v

    def parse(self) -> _Terms:
        value = self.expr()
        if self.pos != len(self.tokens):
            raise _NotSimple
        return value

    def expr(self) -> _Terms:
        value = self.term()
        while self.peek() in (("o", "+"), ("o", "-")):
            op = self.take("o")
            rhs = self.term()
            value = _add(value, rhs) if op == "+" else _sub(value, rhs)
        return value

    def term(self) -> _Terms:
        value = self.unary()
        while self.peek() in (("o", "*"), ("o", "/")):
            op = self.take("o")
            rhs = self.unary()
            if op == "*":
                value = _mul(value, rhs)
            elif not rhs:
                raise _NotSimple  # division by zero: sympy words the refusal
            else:
                value = _mul(value, _inv(rhs))
        return value

    def unary(self) -> _Terms:
        k, v = self.peek()
        if k == "o" and v in ("+", "-"):
            self.pos += 1
            value = self.unary()
            return _neg(value) if v == "-" else value
        return self.power()

    def power(self) -> _Terms:
        base = self.atom()
        if self.peek() != ("o", "**"):
            return base
        self.pos += 1
        exponent = self.unary()
        if not _is_rational_terms(exponent):
            raise _NotSimple
        e = exponent.get(1, _ZERO)
        if e.denominator != 1 or abs(e) > self.max_exponent:
            raise _NotSimple
        n = int(e.numerator)
        if not base:
            if n < 0:
                raise _NotSimple
            return {} if n else {1: _ONE}
        return _pow(base, n)

    def atom(self) -> _Terms:
        k, v = self.peek()
        if k == "n":
            self.pos += 1
            if any(ch in v for ch in ".eE"):
                q = mpq(v)
            else:
                if len(v) > 1 and v[0] == "0":
                    raise _NotSimple  # "01" is not a Python literal
                q = mpq(int(v))
            return {1: q} if q else {}
        if k == "o" and v == "(":
            self.pos += 1
            value = self.expr()
            self.take("o", ")")
            return value
        if k == "f" and v == "sqrt":
            self.pos += 1
            self.take("o", "(")
            arg = self.expr()
            self.take("o", ")")
            if not _is_rational_terms(arg):
                raise _NotSimple  # a nested radical: sympy may denest it
            q = arg.get(1, _ZERO)
            if q < 0:
                raise _NotSimple
            root = _sqrt_terms(q)
            if root is None:
                raise _NotSimple
            return root
        raise _NotSimple


def parse_text(text: str, *, max_exponent: int = 1000) -> mpq | Algebraic | None:
    """The exact value of ``text`` if it is built from rationals with ``+ - * / ** ^``, brackets,
    integer powers and ``sqrt`` of rationals; None for anything else (then use sympy).

    Never wrong where it answers: it reads Python's grammar with sympy's exact values
    (``sympify(text, rational=True)``), and declines rather than guess.

    >>> parse_text("sqrt(3)/2")
    exact('sqrt(3)/2')
    >>> parse_text("1/2 + sqrt(5)")
    exact('1/2 + sqrt(5)')
    >>> parse_text("cbrt(2)") is None
    True
    """
    try:
        return _wrap(_Parser(text.replace("^", "**"), max_exponent).parse())
    except (_NotSimple, RecursionError):
        return None


# ---------------------------------------------------------------------------------------
# sympy <-> terms
# ---------------------------------------------------------------------------------------


def _sympy_rational(q):
    # never sympify an mpq: sympy turns it into a Float
    return _sympy().Rational(int(q.numerator), int(q.denominator))


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


def _terms_to_expr(x: _Terms):
    sp = _sympy()
    parts = []
    for m, c in sorted(x.items()):
        r = _sympy_rational(c)
        if m == 1:
            parts.append(r)
        else:
            # m is square-free: sympy's own sqrt(m) is this Pow; evaluate=False skips its factoring
            parts.append(sp.Mul(r, sp.Pow(sp.Integer(m), sp.S.Half, evaluate=False)))
    return sp.Add(*parts)


# ---------------------------------------------------------------------------------------
# the sympy path: every call that can overflow or run away is size-limited or guarded
# ---------------------------------------------------------------------------------------


def _size(expr) -> tuple:
    """(number of nodes, total bits of the rational coefficients) of a sympy expression.

    Measured by a walk, never by printing: Python refuses to print integers of more than 4300
    digits, and exact geometry on nested radicals produces them.
    """
    nodes = bits = 0
    stack = [expr]
    while stack:
        e = stack.pop()
        nodes += 1
        if e.is_Rational:
            bits += int(e.p).bit_length() + int(e.q).bit_length()
        else:
            stack.extend(e.args)
    return nodes, bits


def _sstr(expr) -> str:
    """``sympy.sstr(expr)``, also when it holds integers of more than 4300 digits.

    Python refuses to print such integers unless its limit is lifted; exact output must not
    fail, so the limit is lifted for this one call and restored.
    """
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return _sympy().sstr(expr)
    finally:
        sys.set_int_max_str_digits(limit)


def _describe(expr) -> str:
    """A short name for an expression in an error message."""
    nodes, bits = _size(expr)
    if nodes <= 40 and bits <= 400:
        text = _sympy().sstr(expr)
        if len(text) <= 80:
            return text
    return f"an algebraic number written with {nodes} sympy nodes and {bits} bits of rational coefficients"


def _too_large(expr) -> bool:
    """Too large for minimal_polynomial or sqrtdenest: more than MAX_SYMPY_NODES nodes or MAX_SYMPY_BITS bits."""
    nodes, bits = _size(expr)
    return nodes > MAX_SYMPY_NODES or bits > MAX_SYMPY_BITS


def _canonical(expr):
    """sympy's canonical form (expanded, radicals cleared from denominators); ``expr`` itself
    when that fails."""
    sp = _sympy()
    try:
        return sp.expand(sp.radsimp(sp.expand(expr)))
    except (ArithmeticError, RecursionError, ValueError, TypeError):
        return expr


def _evalf(expr, digits: int):
    """``sympy.N(expr, digits)``; ExactLimitError when evaluation fails."""
    import mpmath

    sp = _sympy()
    try:
        with mpmath.workdps(digits):
            return sp.N(expr, digits)
    except (ArithmeticError, RecursionError, ValueError, TypeError, MemoryError) as exc:
        raise ExactLimitError(f"could not evaluate {_describe(expr)} to {digits} digits ({type(exc).__name__})") from None


def _minimal_polynomial(expr, what: str) -> tuple:
    """The minimal polynomial's integer coefficients (primitive, highest degree first, leading > 0).

    Raises ExactLimitError (naming ``what`` could not be decided) when the expression is too
    large for sympy's ``minimal_polynomial`` or it fails (it overflows on large coefficients).
    """
    sp = _sympy()
    if _too_large(expr):
        raise ExactLimitError(
            f"could not decide {what} {_describe(expr)}: more than {MAX_SYMPY_NODES} nodes or "
            f"{MAX_SYMPY_BITS} bits, too large for an exact minimal polynomial"
        )
    try:
        poly = sp.minimal_polynomial(expr, sp.Symbol("_x"), polys=True)
        coeffs = [sp.Rational(c) for c in poly.all_coeffs()]
    except Exception as exc:  # noqa: BLE001 - sympy raises many types (OverflowError, NotAlgebraic, ...)
        raise ExactLimitError(
            f"could not decide {what} {_describe(expr)}: sympy's minimal_polynomial failed ({type(exc).__name__})"
        ) from None
    return _primitive([mpq(int(c.p), int(c.q)) for c in coeffs])


def _primitive(coeffs: list) -> tuple:
    """Rational coefficients scaled to coprime integers with a positive first entry."""
    den = mpz(1)
    for c in coeffs:
        den = gmpy2.lcm(den, c.denominator)
    ints = [c.numerator * (den // c.denominator) for c in coeffs]
    g = mpz(0)
    for c in ints:
        g = gmpy2.gcd(g, c)
    lead = next(c for c in ints if c)
    if lead < 0:
        g = -g
    return tuple(int(c // g) for c in ints)


@lru_cache(maxsize=4096)
def _sign(expr) -> int:
    """The exact sign (-1, 0, 1) of a real algebraic sympy expression.

    Nested square roots: the exact tower recursion (:func:`symden._tower.tower_sign`). Anything
    else: sympy's canonical form, evaluation at 30 digits, a zero test by the minimal polynomial
    when that value is tiny, then evaluation at rising precision.

    Raises
    ------
    ExactLimitError
        When the sign cannot be decided within the limits.
    """
    if expr == 0:
        return 0
    from symden._tower import tower_sign

    s = tower_sign(expr)
    if s is not None:
        return s
    canon = _canonical(expr)
    if canon == 0:
        return 0
    if canon.is_Rational:
        return 1 if canon > 0 else -1
    s = tower_sign(canon)
    if s is not None:
        return s
    sp = _sympy()
    value = _evalf(canon, 30)
    if abs(value) > sp.Float(10) ** (-20):
        return 1 if value > 0 else -1
    if value == 0 or abs(value) <= sp.Float("1e-25"):
        if _minimal_polynomial(canon, "whether this number is zero:") == (1, 0):
            return 0
    for digits in (100, 400, 1600):
        value = _evalf(canon, digits)
        # evalf's result carries its own accuracy; a value well clear of zero has its sign.
        if abs(value) > sp.Float(10) ** (-(digits - 10)):
            return 1 if value > 0 else -1
    raise ExactLimitError(f"could not decide the sign of the non-zero algebraic number {_describe(canon)}")


def _is_zero(expr) -> bool:
    return _sign(expr) == 0


def _has_nested_sqrt(expr) -> bool:
    for p in expr.atoms(_sympy().Pow):
        e = p.exp
        if e.is_Rational and not e.is_Integer and not p.base.is_Rational:
            return True
    return False


def _denest(expr):
    """``sympy.sqrtdenest`` canonicalised; None when skipped (too large) or when it fails."""
    if _too_large(expr):
        return None
    try:
        return _canonical(_sympy().sqrtdenest(expr))
    except Exception:  # noqa: BLE001 - sqrtdenest overflows ('mpz too large to convert to float') and more
        return None


def _quadratic_root(coeffs: tuple, expr) -> mpq | Algebraic | None:
    """The root of ``a x^2 + b x + c`` (irreducible) that equals ``expr``, in the fast form."""
    a, b, c = (mpq(v) for v in coeffs)
    root = _sqrt_terms(b * b - 4 * a * c)
    if root is None:
        return None
    centre = -b / (2 * a)
    half = _scale(root, 1 / (2 * a))
    # a > 0 (primitive form), so half > 0: the root above the centre is centre + half
    above = _sign(expr - _sympy_rational(centre)) > 0
    return _wrap(_add_q(half if above else _neg(half), centre))


def make(expr) -> mpq | Algebraic:
    """An mpq when ``expr`` is rational, else an :class:`Algebraic` in canonical form.

    The multi-quadratic representation is used whenever the value is recognised as a sum of
    rational multiples of square roots of rationals: as written, after sympy's canonical
    simplification, after ``sympy.sqrtdenest``, or (for a short expression) from a minimal
    polynomial of degree 2; a minimal polynomial of degree 1 gives the rational.
    """
    if isinstance(expr, (mpq, Fraction)):
        return mpq(int(expr.numerator), int(expr.denominator))
    if isinstance(expr, int) and not isinstance(expr, bool):
        return mpq(expr)
    sp = _sympy()
    expr = sp.sympify(expr)
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
        denested = _denest(canon)
        if denested is not None:
            if denested.is_Rational:
                return mpq(int(denested.p), int(denested.q))
            terms = _parse(denested)
            if terms is not None:
                return _wrap(terms)
    nodes, bits = _size(canon)
    if nodes > MAX_ALGEBRAIC_NODES or bits > MAX_ALGEBRAIC_BITS:
        raise ExactLimitError(
            f"exact arithmetic on nested radicals produced {_describe(canon)}, beyond the limit of "
            f"{MAX_ALGEBRAIC_NODES} nodes and {MAX_ALGEBRAIC_BITS} bits"
        )
    if _is_zero(canon):
        return mpq(0)
    if nodes <= _CANONICAL_NODES and bits <= 400:
        try:
            coeffs = _minimal_polynomial(canon, "the degree of")
        except ExactLimitError:
            coeffs = ()
        if len(coeffs) == 2:
            return mpq(-coeffs[1], coeffs[0])
        if len(coeffs) == 3:
            value = _quadratic_root(coeffs, canon)
            if value is not None:
                return value
    return _sympy_backed(canon)


def sqrt_rational(q: mpq) -> mpq | Algebraic | None:
    """sqrt(q) for a rational q >= 0 without sympy, or None when q is too large to factor."""
    terms = _sqrt_terms(mpq(q))
    return None if terms is None else _wrap(terms)


def sqrt_algebraic(x: Algebraic) -> mpq | Algebraic:
    """The non-negative square root of a positive Algebraic.

    ``sqrt(a + b sqrt(m))`` (one generator, a and b rational) denests exactly when
    ``a^2 - m b^2 = s^2`` is a rational square: it is ``sqrt((a + s)/2) + sign(b) sqrt((a - s)/2)``,
    computed without sympy. Otherwise (and for several generators) the sympy path, where a
    one-generator radical is known not to denest and is kept as it is.
    """
    terms = x._terms
    if terms is not None and len(terms) <= 2 and len([m for m in terms if m != 1]) == 1:
        a = terms.get(1, _ZERO)
        ((m, b),) = ((m, c) for m, c in terms.items() if m != 1)
        d = a * a - m * b * b
        if d >= 0:
            s_terms = _sqrt_terms(d)
            if s_terms is not None and _is_rational_terms(s_terms):
                s = s_terms.get(1, _ZERO)
                p, q = _sqrt_terms((a + s) / 2), _sqrt_terms((a - s) / 2)
                if p is not None and q is not None:
                    return _wrap(_add(p, q) if b > 0 else _sub(p, q))
            elif s_terms is not None:
                # a^2 - m b^2 is not a rational square: sqrt(x) lies in no multi-quadratic field
                return _sympy_backed(_sympy().sqrt(x.expr))
    return make(_sympy().sqrt(x.expr))


def _expr(value: object):
    if isinstance(value, Algebraic):
        return value.expr
    if isinstance(value, (mpq, Fraction)):
        return _sympy_rational(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _sympy().Integer(value)
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


@lru_cache(maxsize=4096)
def _rational_value(expr) -> mpq | None:
    """The rational a sympy-backed number equals, or None when it is irrational (decided exactly).

    Raises ExactLimitError when that cannot be decided.
    """
    from symden._tower import tower_rational

    result = tower_rational(expr)
    if result is not None:
        return result or None  # False: irrational
    coeffs = _minimal_polynomial(expr, "whether this number is rational:")
    return mpq(-coeffs[1], coeffs[0]) if len(coeffs) == 2 else None


def _floor_sympy(expr, bits: int) -> int:
    """``floor(expr * 2**bits)`` for an irrational sympy-backed number, decided by exact signs."""
    sp = _sympy()
    scale = sp.Integer(2) ** bits
    digits = 40 + len(str(abs(int(sp.floor(_evalf(expr, 15))))))  # enough for the integer part too
    while True:
        guess = int(sp.floor(_evalf(expr * scale, digits)))
        for f in (guess, guess - 1, guess + 1):
            if _sign(expr - sp.Rational(f, 2**bits)) > 0 and _sign(expr - sp.Rational(f + 1, 2**bits)) < 0:
                return f
        digits *= 2


# ---------------------------------------------------------------------------------------
# the scalar
# ---------------------------------------------------------------------------------------


class Algebraic:
    """An exact real algebraic irrational. Build with :func:`symden.exact.exact`, not directly.

    ``Algebraic(expr)`` with a sympy expression keeps that expression (the multi-quadratic
    representation when ``expr`` is written as one); :func:`make` also canonicalises.
    """

    __slots__ = ("_expr", "_hash", "_sgn", "_terms")

    def __init__(self, expr) -> None:
        terms = _parse(expr) if is_sympy(expr) else None
        if terms is not None and not _is_rational_terms(terms):
            _set_terms(self, terms)
            _set_expr(self, None)
        else:
            _set_terms(self, None)
            _set_expr(self, expr)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Algebraic numbers are immutable")

    def __reduce__(self):
        # the cached hash and sign are never pickled: they are recomputed in the receiving process
        if self._terms is not None:
            return (_from_items, (tuple(sorted(self._terms.items())),))
        return (_sympy_backed, (self._expr,))

    @property
    def expr(self):
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
            return _sign(self.expr - _expr(other))
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
        elif not isinstance(other, Algebraic) and _rational(other) is None:
            return NotImplemented
        return _sign(self.expr - _expr(other)) == 0

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __lt__(self, other): return self._cmp(other) < 0 if _comparable(other) else NotImplemented
    def __le__(self, other): return self._cmp(other) <= 0 if _comparable(other) else NotImplemented
    def __gt__(self, other): return self._cmp(other) > 0 if _comparable(other) else NotImplemented
    def __ge__(self, other): return self._cmp(other) >= 0 if _comparable(other) else NotImplemented

    def __hash__(self) -> int:
        """Seed-independent and equal for equal numbers in both representations (module docstring)."""
        try:
            return self._hash
        except AttributeError:
            pass
        x = self._terms
        if x is not None:
            h = hash(_floor_terms(x, _HASH_BITS))
        else:
            q = _rational_value(self._expr)
            h = hash(q) if q is not None else hash(_floor_sympy(self._expr, _HASH_BITS))
        object.__setattr__(self, "_hash", h)
        return h

    def __bool__(self) -> bool:
        return True

    def __float__(self) -> float:
        x = self._terms
        if x is not None:
            return _float_terms(x)
        return float(_evalf(self.expr, 30))

    def __repr__(self) -> str:
        # rebuilds through the exactness boundary: eval(repr(x)) == x with symden.exact.exact in scope
        return f"exact({str(self)!r})"

    def __str__(self) -> str:
        x = self._terms
        if x is not None:
            return _terms_str(x)
        return _sstr(self._expr)


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


def _sympy_backed(expr) -> Algebraic:
    """A sympy-backed Algebraic holding ``expr`` as given (no recognition of the fast form)."""
    obj = object.__new__(Algebraic)
    _set_terms(obj, None)
    _set_expr(obj, expr)
    return obj


def _comparable(other: object) -> bool:
    return isinstance(other, (Algebraic, mpq, Fraction)) or (isinstance(other, int) and not isinstance(other, bool))
