"""Test distributions and noise grids of the generalisation study (docs/theory.md section 7).

Test distributions are finite mixtures of atoms and uniform pieces (:class:`TestDistribution`,
parsed from ``uniform:A:B``, ``points:X1,X2,...`` or ``piecewise:A1:B1:W1,A2:B2:W2,...``); noise
levels are exact decimal rationals on a log-spaced grid (:func:`sigma_grid`).
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
from gmpy2 import mpq

from symden.errors import InvalidDataError
from symden.exact import exact_str
from symden.generalization._values import _decimal_rational, _rational

__all__ = ["SPEC_HELP", "TestDistribution", "parse_test_distribution", "sigma_grid"]


SPEC_HELP = (
    "test distribution SPEC: 'uniform:A:B' (uniform on [A, B]); 'points:X1,X2,...' (equal weights on the "
    "points); 'piecewise:A1:B1:W1,A2:B2:W2,...' (density proportional to Wi on [Ai, Bi]). Numbers are exact "
    "decimals or fractions such as 1/3"
)


@dataclass(frozen=True)
class TestDistribution:
    """A finite mixture of atoms and uniform pieces for the clean test points.

    Attributes
    ----------
    components
        Tuples ``(lo, hi, weight)`` of exact rationals with weights summing to 1; ``lo == hi`` is an
        atom at that point, ``lo < hi`` the uniform distribution on ``[lo, hi]``.
    spec
        The text it was parsed from (for printing).
    """

    __test__ = False  # not a pytest test class despite the name

    components: tuple
    spec: str = ""

    def __post_init__(self) -> None:
        comps = []
        for i, comp in enumerate(self.components):
            lo, hi, w = (_rational(v, name=f"components[{i}]") for v in comp)
            if hi < lo:
                raise InvalidDataError(f"components[{i}] = [{exact_str(lo)}, {exact_str(hi)}]: the interval is reversed")
            if not w > 0:
                raise InvalidDataError(f"components[{i}] has weight {exact_str(w)}: weights must be positive")
            comps.append((lo, hi, w))
        if not comps:
            raise InvalidDataError("a test distribution needs at least one component")
        total = sum((w for _, _, w in comps), mpq(0))
        object.__setattr__(self, "components", tuple((lo, hi, w / total) for lo, hi, w in comps))

    @property
    def is_continuous(self) -> bool:
        return all(lo < hi for lo, hi, _ in self.components)

    def sample(self, rng, size: int):
        """Draw ``size`` float samples with a numpy Generator (for Monte Carlo checks only)."""
        import numpy as np

        weights = np.array([float(w) for _, _, w in self.components])
        which = rng.choice(len(self.components), size=size, p=weights / weights.sum())
        lo = np.array([float(c[0]) for c in self.components])[which]
        hi = np.array([float(c[1]) for c in self.components])[which]
        return lo + (hi - lo) * rng.random(size)


def parse_test_distribution(spec: str) -> TestDistribution:
    """Parse a test-distribution SPEC (``uniform:0:1``, ``points:0,0.5,1``, ``piecewise:0:1:2,1:3:1``).

    ``piecewise`` gives relative *densities*: the mass of ``[Ai, Bi]`` is proportional to ``Wi (Bi - Ai)``.

    Raises
    ------
    InvalidDataError
        For anything else, with the accepted forms in the message.

    Examples
    --------
    >>> parse_test_distribution("piecewise:0:1:2,1:3:1").components
    ((mpq(0,1), mpq(1,1), mpq(1,2)), (mpq(1,1), mpq(3,1), mpq(1,2)))
    """
    text = spec.strip()
    kind, _, rest = text.partition(":")

    def bad(why: str) -> InvalidDataError:
        return InvalidDataError(f"--test-distribution {spec!r}: {why}; {SPEC_HELP}")

    def num(s: str, what: str) -> mpq:
        if not s.strip():
            raise bad(f"{what} is empty")
        try:
            return _rational(s.strip(), name=what)
        except (InvalidDataError, TypeError, ValueError) as exc:
            raise bad(f"{what} = {s.strip()!r} is not an exact rational number ({exc})") from None

    if kind == "uniform":
        parts = rest.split(":")
        if len(parts) != 2:
            raise bad("'uniform' takes two numbers A:B")
        a, b = num(parts[0], "A"), num(parts[1], "B")
        if not a < b:
            raise bad("uniform:A:B needs A < B")
        return TestDistribution(components=((a, b, mpq(1)),), spec=text)
    if kind == "points":
        xs = [num(s, f"point {i + 1}") for i, s in enumerate(rest.split(","))]
        return TestDistribution(components=tuple((x, x, mpq(1)) for x in xs), spec=text)
    if kind == "piecewise":
        comps = []
        for i, piece in enumerate(rest.split(",")):
            parts = piece.split(":")
            if len(parts) != 3:
                raise bad(f"piece {i + 1} = {piece!r} is not A:B:W")
            a, b, w = num(parts[0], f"A{i + 1}"), num(parts[1], f"B{i + 1}"), num(parts[2], f"W{i + 1}")
            if not a < b:
                raise bad(f"piece {i + 1} needs A < B")
            if not w > 0:
                raise bad(f"piece {i + 1} needs a positive density W")
            comps.append((a, b, w * (b - a)))
        return TestDistribution(components=tuple(comps), spec=text)
    raise bad(f"unknown kind {kind!r}")


def sigma_grid(a, b, n: int, *, significant: int = 6) -> tuple:
    """``n`` log-spaced noise levels from ``a`` to ``b``, each rounded to ``significant`` digits.

    The rounding makes every grid sigma an exact decimal rational, so that ``rho = alpha * sigma``
    and the min-cost denoiser are exact; the table prints these exact values.

    >>> [str(s) for s in sigma_grid("1/100", "1", 3)]
    ['1/100', '1/10', '1']
    """
    a, b = _rational(a, name="sigma start"), _rational(b, name="sigma end")
    if not (0 < a <= b):
        raise InvalidDataError(f"sigma grid {exact_str(a)}:{exact_str(b)}: needs 0 < a <= b")
    if not isinstance(n, int) or n < 1 or (n == 1 and a != b):
        raise InvalidDataError(f"sigma grid with n = {n}: needs n >= 1 points (n = 1 only when a = b)")
    if n == 1:
        return (a,)
    with mpmath.workdps(30):
        la, lb = mpmath.log(mpmath.mpf(a.numerator) / a.denominator), mpmath.log(mpmath.mpf(b.numerator) / b.denominator)
        out = []
        for i in range(n):
            if i == 0:
                out.append(a)
                continue
            if i == n - 1:
                out.append(b)
                continue
            out.append(_decimal_rational(mpmath.exp(la + (lb - la) * i / (n - 1)), significant))
    return tuple(out)
