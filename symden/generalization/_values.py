"""Shared values of the generalisation study: the default alpha, error bars and exact inputs.

Private to :mod:`symden.generalization` (the public names are re-exported there).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import mpmath
from gmpy2 import mpq

from symden.data import DataSet
from symden.errors import ConditionError, InvalidDataError
from symden.exact import exact, exact_str, is_rational


#: Default noise-radius link ``rho = alpha * sigma``.
DEFAULT_ALPHA = mpq(1)

#: The setting printed with every result.
MIN_COST_SETTING = "min-cost denoiser: online 1-D closed form, rho = alpha*sigma, skip unit present, biases free"

RIGOROUS = "rigorous enclosure (mpmath.iv interval arithmetic; Phi enclosed from mpmath ncdf with guard bits)"
ESTIMATE = "estimate (mpmath.quad error estimate plus a rigorous tail bound; not a proof)"


def _rational(value, *, name: str) -> mpq:
    v = exact(value, name=name)
    if not is_rational(v):
        raise InvalidDataError(f"{name} = {exact_str(v)}: the generalization study needs rational numbers")
    return v


def _decimal_rational(value, significant: int) -> mpq:
    """The exact rational spelled by ``value`` rounded to ``significant`` decimal digits."""
    return mpq(*Decimal(mpmath.nstr(value, significant, min_fixed=-1e9, max_fixed=1e9)).as_integer_ratio())


@dataclass(frozen=True)
class ErrorBar:
    """A value with an error bar ``[mid - radius, mid + radius]`` and what the bar means."""

    mid: mpmath.mpf
    radius: mpmath.mpf
    kind: str

    @property
    def lo(self):
        return self.mid - self.radius

    @property
    def hi(self):
        return self.mid + self.radius

    @property
    def interval(self) -> tuple:
        """``(lo, hi)`` as exact rationals (the binary endpoints converted without rounding)."""
        return _mpf_to_mpq(self.lo), _mpf_to_mpq(self.hi)

    @property
    def rigorous(self) -> bool:
        return self.kind == RIGOROUS


def _clean_points(clean) -> tuple:
    if isinstance(clean, DataSet):
        if clean.dim != 1:
            raise ConditionError(f"the generalization study needs 1-D clean points; these have dimension {clean.dim}")
        clean = [p[0] for p in clean.clean]
    xs = sorted(_rational(x, name=f"clean[{i}]") for i, x in enumerate(clean))
    if not xs:
        raise InvalidDataError("clean = []: at least one training point is required")
    if any(a == b for a, b in zip(xs, xs[1:])):
        raise InvalidDataError("the training points must be distinct")
    return tuple(xs)


def _mpf_to_mpq(x) -> mpq:
    """The exact value of a binary mpmath number."""
    man, exp = mpmath.mpf(x).man_exp
    return mpq(int(man)) * mpq(2) ** int(exp) if man else mpq(0)


def _mpf(q) -> mpmath.mpf:
    return mpmath.mpf(int(q.numerator)) / int(q.denominator)
