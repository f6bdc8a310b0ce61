"""Exact signs of nested square roots, by a tower of quadratic extensions (no minimal polynomial).

A number built from rationals with ``+ - * /``, integer powers and square roots, nested to any
depth (``sqrt(7 + 2*sqrt(3)) - sqrt(2)/5``; ``2**(3/4)`` is two of them), lives in a tower ``Q(g_1, ..., g_k)`` with
``g_i = sqrt(R_i) > 0`` and each radicand ``R_i`` a positive element built from ``g_1..g_{i-1}``.
Such an element is a sum ``sum_S c_S prod_{i in S} g_i`` over subsets S, with rational ``c_S``
(held as a dict from a bit mask to ``gmpy2.mpq``); products reduce ``g_i^2 = R_i``.

The sign is decided exactly by the conjugate recursion on the top generator ``g``: write
``x = u + v g`` with u, v free of g. If u or v is zero, or both have the same sign, that is the
sign of x; otherwise x has the sign of u times the sign of ``u^2 - R v^2`` (since ``g > 0``,
``|u| > |v| g`` iff ``u^2 > R v^2``), an element free of g. Every step uses only real values and
exact rational arithmetic, so the answer is exact, zero included, even when the tower is
redundant (``sqrt(8)`` beside ``sqrt(2)``). A rigorous fixed-point interval evaluation decides
first whenever it excludes zero, so the exact recursion runs only near ties.

This is what decides the equality and order of sympy-backed Algebraic numbers made of square
roots (:mod:`symden._algebraic`), where sympy's ``minimal_polynomial`` overflows on the large
coefficients that exact geometry produces.
"""

from __future__ import annotations

from fractions import Fraction

import gmpy2
from gmpy2 import mpq, mpz

from symden.errors import ExactLimitError

__all__ = ["tower_sign", "tower_rational", "MAX_GENERATORS", "MAX_SIGN_STEPS"]

#: More nested square roots than this in one number: refuse (the exact recursion is 3^k at worst).
MAX_GENERATORS = 24
#: Exact sign evaluations allowed for one number before giving up with ExactLimitError.
MAX_SIGN_STEPS = 20000
#: Products of monomials allowed for one number (its normal form, norms and signs).
MAX_PRODUCTS = 2_000_000
#: Interval precisions (bits) tried before each step of the exact recursion, and on the
#: expression tree as written before its normal form is built at all.
_PRECISIONS = (64, 256, 1024)
_TREE_PRECISIONS = (64, 256, 1024, 4096)

_ONE = mpq(1)


class NotATower(Exception):
    """The expression is not built from rationals, + * integer powers and square roots."""


class _Tower:
    """Generators g_i = sqrt(R_i) with their radicands, and cached interval enclosures."""

    def __init__(self) -> None:
        self.radicands: list = []  # R_i as elements (dict mask -> mpq) over g_0..g_{i-1}
        self.index: dict = {}  # sympy base expression -> generator index
        self._mono: dict = {}
        self._intervals: dict = {}  # (i, bits) -> (lo, hi) fixed point
        self.steps = 0
        self.products = 0

    # -- arithmetic on elements (dict mask -> non-zero mpq) --------------------------------

    def mono_mul(self, m1: int, m2: int) -> dict:
        key = (m1, m2) if m1 <= m2 else (m2, m1)
        hit = self._mono.get(key)
        if hit is not None:
            return hit
        common = m1 & m2
        if not common:
            out = {m1 | m2: _ONE}
        else:
            bit = 1 << (common.bit_length() - 1)
            out = self.mul(self.mono_mul(m1 ^ bit, m2 ^ bit), self.radicands[bit.bit_length() - 1])
        self._mono[key] = out
        return out

    def mul(self, x: dict, y: dict) -> dict:
        self.products += len(x) * len(y)
        if self.products > MAX_PRODUCTS:
            raise ExactLimitError(
                f"exact arithmetic on a number with {len(self.radicands)} nested square roots needs more than "
                f"{MAX_PRODUCTS} products of monomials"
            )
        out: dict = {}
        for m1, c1 in x.items():
            for m2, c2 in y.items():
                c = c1 * c2
                if m1 & m2:
                    for m, d in self.mono_mul(m1, m2).items():
                        s = out.get(m)
                        out[m] = c * d if s is None else s + c * d
                else:
                    m = m1 | m2
                    s = out.get(m)
                    out[m] = c if s is None else s + c
        return {m: c for m, c in out.items() if c}

    def power(self, x: dict, n: int) -> dict:
        result = {0: _ONE}
        while n:
            if n & 1:
                result = self.mul(result, x)
            n >>= 1
            if n:
                x = self.mul(x, x)
        return result

    def inverse(self, x: dict) -> dict:
        """1/x for x != 0: multiply by the conjugate on the top generator, recursively."""
        if not x:
            raise ZeroDivisionError("division by zero in a tower of square roots")
        top = max(x).bit_length()
        if top == 0:
            return {0: 1 / x[0]}
        bit = 1 << (top - 1)
        u = {m: c for m, c in x.items() if not m & bit}
        v = {m ^ bit: c for m, c in x.items() if m & bit}
        norm = _sub(self.mul(u, u), self.mul(self.mul(v, v), self.radicands[top - 1]))
        if not norm:
            # u = +-v g: then x = 2u (same signs) or x = 0; g lies in the field below (redundant tower)
            if self.sign(u) != self.sign(v):
                raise ZeroDivisionError("division by zero in a tower of square roots")
            return self.inverse(_scale(u, mpq(2)))
        conj = dict(u)
        for m, c in v.items():
            conj[m | bit] = -c
        return self.mul(conj, self.inverse(norm))

    # -- sign ----------------------------------------------------------------------------

    def sign(self, x: dict) -> int:
        if not x:
            return 0
        top = max(x).bit_length()
        if top == 0:
            c = x[0]
            return 1 if c > 0 else -1
        if len(x) == 1:
            (c,) = x.values()  # a positive product of generators times c
            return 1 if c > 0 else -1
        self.steps += 1
        if self.steps > MAX_SIGN_STEPS:
            raise ExactLimitError(
                f"the sign of a number with {len(self.radicands)} nested square roots needs more than "
                f"{MAX_SIGN_STEPS} exact steps"
            )
        for bits in _PRECISIONS:
            lo, hi = self.enclose(x, bits)
            if lo > 0:
                return 1
            if hi < 0:
                return -1
        bit = 1 << (top - 1)
        u = {m: c for m, c in x.items() if not m & bit}
        v = {m ^ bit: c for m, c in x.items() if m & bit}
        sv = self.sign(v)
        su = self.sign(u)
        if su == 0 or su == sv:
            return sv
        norm = _sub(self.mul(u, u), self.mul(self.mul(v, v), self.radicands[top - 1]))
        return su * self.sign(norm)

    # -- rigorous fixed-point intervals: (lo, hi) integers meaning [lo, hi] / 2^bits ------

    def generator_interval(self, i: int, bits: int) -> tuple:
        key = (i, bits)
        hit = self._intervals.get(key)
        if hit is None:
            lo, hi = self.enclose(self.radicands[i], bits)
            lo = max(lo, mpz(0))
            # sqrt(t / 2^b) * 2^b = sqrt(t * 2^b): floor below, ceiling above
            r_lo = gmpy2.isqrt(lo << bits)
            r_hi, rem = gmpy2.isqrt_rem(hi << bits)
            hit = (r_lo, r_hi + (1 if rem else 0))
            self._intervals[key] = hit
        return hit

    def enclose(self, x: dict, bits: int) -> tuple:
        lo_sum = hi_sum = mpz(0)
        for m, c in x.items():
            num, den = c.numerator, c.denominator
            a = gmpy2.f_div(num << bits, den)
            b = gmpy2.c_div(num << bits, den)
            lo, hi = a, b
            i = 0
            while m:
                if m & 1:
                    g_lo, g_hi = self.generator_interval(i, bits)
                    products = (lo * g_lo, lo * g_hi, hi * g_lo, hi * g_hi)
                    lo = gmpy2.f_div(min(products), mpz(1) << bits)
                    hi = gmpy2.c_div(max(products), mpz(1) << bits)
                m >>= 1
                i += 1
            lo_sum += lo
            hi_sum += hi
        return lo_sum, hi_sum

    # -- rationality ----------------------------------------------------------------------

    def characteristic_polynomial(self, x: dict) -> list:
        """Rational coefficients (lowest degree first) of a polynomial with the real root x.

        ``N(X - x)``: the product of ``X - x`` with its images under ``g_t -> -g_t``, one top
        generator at a time. Each sign flip is an automorphism of the tower algebra, so every
        product is free of the generator just flipped, and the real value x stays a root.
        """
        poly = [_scale(x, mpq(-1)), {0: _ONE}]
        for t in range(len(self.radicands) - 1, -1, -1):
            bit = 1 << t
            if not any(m & bit for c in poly for m in c):
                continue
            conj = [{m: (-c if m & bit else c) for m, c in coef.items()} for coef in poly]
            product = [{} for _ in range(2 * len(poly) - 1)]
            for i, a in enumerate(poly):
                if a:
                    for j, b in enumerate(conj):
                        if b:
                            product[i + j] = _add(product[i + j], self.mul(a, b))
            poly = product
            self.steps += len(poly)
            if self.steps > MAX_SIGN_STEPS:
                raise ExactLimitError(
                    f"the characteristic polynomial of a number with {len(self.radicands)} nested square roots "
                    f"needs more than {MAX_SIGN_STEPS} exact steps"
                )
        return [c.get(0, mpq(0)) for c in poly]

    def rational_value(self, x: dict):
        """The rational x equals, or False when x is irrational (decided exactly).

        If ``x = p/q`` in lowest terms is a root of the integer polynomial ``c_d X^d + ... + c_0``
        then q divides c_d, so x is the fraction with denominator at most ``|c_d|`` nearest to
        any approximation within ``1/(4 c_d^2)``; one exact sign test confirms or refutes it.
        """
        if self.sign(x) == 0:
            return mpq(0)
        if max(x) == 0:
            return x[0]
        coeffs = self.characteristic_polynomial(x)
        while coeffs and coeffs[0] == 0:  # x != 0 is a root of C / X^j as well
            coeffs = coeffs[1:]
        den = mpz(1)
        for c in coeffs:
            den = gmpy2.lcm(den, c.denominator)
        lead = abs(coeffs[-1] * den)
        bits = 2 * int(lead.numerator).bit_length() + 8
        for extra in (16, 64, 256, 1024):
            lo, hi = self.enclose(x, bits + extra)
            if hi - lo <= (mpz(1) << extra):
                break
        else:
            raise ExactLimitError("could not enclose a number of nested square roots tightly enough to test rationality")
        approx = Fraction(int(lo + hi), 1 << (bits + extra + 1))
        guess = approx.limit_denominator(int(lead.numerator))
        candidate = mpq(guess.numerator, guess.denominator)
        if self.sign(_add(x, {0: -candidate})) == 0:
            return candidate
        return False

    # -- from sympy ----------------------------------------------------------------------

    def convert(self, expr) -> dict:
        if expr.is_Rational:
            return {0: mpq(int(expr.p), int(expr.q))} if expr else {}
        if expr.is_Add:
            acc: dict = {}
            for arg in expr.args:
                acc = _add(acc, self.convert(arg))
            return acc
        if expr.is_Mul:
            acc = {0: _ONE}
            for arg in expr.args:
                acc = self.mul(acc, self.convert(arg))
                if not acc:
                    return acc
            return acc
        if expr.is_Pow:
            base, e = expr.args
            if e.is_Integer:
                n = int(e)
                b = self.convert(base)
                if n < 0:
                    b, n = self.inverse(b), -n
                return self.power(b, n)
            q = int(e.q) if e.is_Rational else 0
            if q > 1 and q & (q - 1) == 0:  # base^(p / 2^j): j square roots, then the p-th power
                root = self.root(base, q.bit_length() - 1)
                p = int(e.p)
                if not root:
                    if p < 0:
                        raise ZeroDivisionError("division by zero in a tower of square roots")
                    return {}
                return self.power(root, p) if p > 0 else self.power(self.inverse(root), -p)
        raise NotATower(type(expr).__name__)

    def root(self, base, j: int) -> dict:
        """The element base^(1 / 2^j): j nested square roots, a generator each."""
        element = None
        for i in range(1, j + 1):
            key = (base, i)
            hit = self.index.get(key)
            if hit is not None:
                element = {1 << hit: _ONE}
                continue
            radicand = self.convert(base) if element is None else element
            element = self.generator(key, radicand)
            if not element:
                return element
        return element

    def generator(self, key, radicand: dict) -> dict:
        """The element sqrt(radicand): a new generator (or a rational root when radicand is a rational square)."""
        s = self.sign(radicand)
        if s < 0:
            raise NotATower("the square root of a negative number")
        if s == 0:
            return {}
        if set(radicand) == {0}:
            q = radicand[0]
            num, den = gmpy2.isqrt_rem(q.numerator), gmpy2.isqrt_rem(q.denominator)
            if num[1] == 0 and den[1] == 0:
                return {0: mpq(num[0], den[0])}
        if len(self.radicands) >= MAX_GENERATORS:
            raise ExactLimitError(f"a number with more than {MAX_GENERATORS} distinct nested square roots")
        self.radicands.append(radicand)
        self.index[key] = len(self.radicands) - 1
        return {1 << (len(self.radicands) - 1): _ONE}


def _add(x: dict, y: dict) -> dict:
    """The sum of two term dicts (key -> non-zero mpq); zero coefficients are dropped.

    Shared with :mod:`symden._algebraic`, whose multi-quadratic terms are dicts of the same kind.
    """
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


def _sub(x: dict, y: dict) -> dict:
    return _add(x, {m: -c for m, c in y.items()})


def _scale(x: dict, q: mpq) -> dict:
    return {m: c * q for m, c in x.items()} if q else {}


def tower_rational(expr):
    """The rational a sympy expression made of nested square roots equals; False when it is
    irrational; None when it is not made of nested square roots.

    Raises
    ------
    ExactLimitError
        As :func:`tower_sign`.

    Examples
    --------
    >>> import sympy
    >>> tower_rational(sympy.sqrt(3 + 2*sympy.sqrt(2)) - sympy.sqrt(2))
    mpq(1,1)
    >>> tower_rational(sympy.sqrt(1 + sympy.sqrt(2)))
    False
    """
    tower = _Tower()
    try:
        return tower.rational_value(tower.convert(expr))
    except (NotATower, ZeroDivisionError, RecursionError):
        return None


class _Unresolved(Exception):
    """An interval evaluation that would divide by an interval containing zero."""


def enclose_tree(expr, bits: int, memo: dict | None = None) -> tuple:
    """A rigorous enclosure ``[lo, hi] / 2^bits`` of a nested-square-root sympy expression.

    Evaluated on the expression tree as written (linear in its size, no normal form), with
    fixed-point interval arithmetic: floors below, ceilings above.

    Raises
    ------
    NotATower
        For anything but rationals, + * and powers whose exponent has a power of 2 as denominator.
    _Unresolved
        When a denominator's or a radicand's enclosure does not exclude zero at this precision.
    """
    if memo is None:
        memo = {}
    hit = memo.get(expr)
    if hit is not None:
        return hit
    one = mpz(1) << bits
    if expr.is_Rational:
        p, q = mpz(int(expr.p)), mpz(int(expr.q))
        out = (gmpy2.f_div(p << bits, q), gmpy2.c_div(p << bits, q))
    elif expr.is_Add:
        lo = hi = mpz(0)
        for arg in expr.args:
            a, b = enclose_tree(arg, bits, memo)
            lo += a
            hi += b
        out = (lo, hi)
    elif expr.is_Mul:
        out = (one, one)
        for arg in expr.args:
            out = _iv_mul(out, enclose_tree(arg, bits, memo), bits)
    elif expr.is_Pow:
        base, e = expr.args
        q = int(e.q) if e.is_Rational else 0
        if not (q >= 1 and q & (q - 1) == 0):
            raise NotATower(type(expr).__name__)
        lo, hi = enclose_tree(base, bits, memo)
        for _ in range(q.bit_length() - 1):  # q = 2^j: j square roots
            if lo < 0:
                if hi < 0:
                    raise NotATower("the square root of a negative number")
                raise _Unresolved
            r_lo = gmpy2.isqrt(lo << bits)
            r_hi, rem = gmpy2.isqrt_rem(hi << bits)
            lo, hi = r_lo, r_hi + (1 if rem else 0)
        n = abs(int(e.p))
        result = (one, one)
        base_iv = (lo, hi)
        while n:  # interval power by squaring (a product of enclosures encloses the power)
            if n & 1:
                result = _iv_mul(result, base_iv, bits)
            n >>= 1
            if n:
                base_iv = _iv_mul(base_iv, base_iv, bits)
        if e < 0:
            lo, hi = result
            if lo <= 0 <= hi:
                raise _Unresolved
            # 1/x on an interval of one sign: [1/hi, 1/lo]
            result = (gmpy2.f_div(one << bits, hi), gmpy2.c_div(one << bits, lo))
        out = result
    else:
        raise NotATower(type(expr).__name__)
    memo[expr] = out
    return out


def _iv_mul(x: tuple, y: tuple, bits: int) -> tuple:
    products = (x[0] * y[0], x[0] * y[1], x[1] * y[0], x[1] * y[1])
    return gmpy2.f_div(min(products), mpz(1) << bits), gmpy2.c_div(max(products), mpz(1) << bits)


def tower_sign(expr) -> int | None:
    """The exact sign (-1, 0, 1) of a real sympy expression made of nested square roots.

    Returns None when ``expr`` is not built from rationals with ``+ * /``, integer powers and
    square roots of positive such numbers (a cube root, a symbol, the root of a negative number).

    Raises
    ------
    ExactLimitError
        When the number has more than :data:`MAX_GENERATORS` distinct square roots, or its sign
        needs more than :data:`MAX_SIGN_STEPS` exact steps or :data:`MAX_PRODUCTS` products.

    Examples
    --------
    >>> import sympy
    >>> tower_sign(sympy.sqrt(5 + 2*sympy.sqrt(6)) - sympy.sqrt(2) - sympy.sqrt(3))
    0
    >>> tower_sign(sympy.sqrt(1 + sympy.sqrt(2)) - sympy.Rational(155377, 100000))
    1
    >>> tower_sign(sympy.cbrt(2)) is None
    True
    """
    # Interval evaluation of the tree as written first: linear in its size and rigorous; the
    # exact normal form (whose inverses cost much more) only when that cannot exclude zero.
    try:
        for bits in _TREE_PRECISIONS:
            try:
                lo, hi = enclose_tree(expr, bits)
            except _Unresolved:
                continue
            if lo > 0:
                return 1
            if hi < 0:
                return -1
    except (NotATower, RecursionError):
        return None
    tower = _Tower()
    try:
        return tower.sign(tower.convert(expr))
    except (NotATower, ZeroDivisionError, RecursionError):
        return None
