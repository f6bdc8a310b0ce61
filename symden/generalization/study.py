"""The generalisation study: both test MSEs on a noise grid, the crossover, the verdict.

docs/theory.md section 7: below a crossover noise level the min-cost denoiser has the lower test
MSE. :func:`generalization_study` evaluates both denoisers on a sigma grid, brackets (and refines)
the crossover, and :func:`low_noise_verdict` decides the claim on the grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

import mpmath
from gmpy2 import mpq

from symden.errors import InvalidDataError
from symden.exact import exact_str
from symden.progress import task
from symden.generalization._values import (
    DEFAULT_ALPHA,
    MIN_COST_SETTING,
    ErrorBar,
    _clean_points,
    _decimal_rational,
    _mpf,
    _rational,
)
from symden.generalization.distributions import TestDistribution
from symden.generalization.emmse import empirical_mmse_test_mse, nearest_point_distortion
from symden.generalization.min_cost_mse import min_cost_test_mse
from symden.records import Quantity, Status, Verdict
from symden.reference import cite

__all__ = ["GridRow", "Crossover", "GeneralizationStudy", "low_noise_verdict", "generalization_study"]


@dataclass(frozen=True)
class GridRow:
    """One noise level: sigma, rho = alpha sigma, both MSEs (min_cost None when the balls meet)."""

    sigma: mpq
    rho: mpq
    min_cost: Optional[ErrorBar]
    emmse: ErrorBar

    @property
    def ratio(self):
        return None if self.min_cost is None else self.min_cost.mid / self.emmse.mid

    @property
    def order(self) -> str:
        """'min-cost' / 'eMMSE' when the bars are separated, 'overlap' otherwise, 'n/a' without min-cost."""
        if self.min_cost is None:
            return "n/a"
        if self.min_cost.hi < self.emmse.lo:
            return "min-cost"
        if self.emmse.hi < self.min_cost.lo:
            return "eMMSE"
        return "overlap"


@dataclass(frozen=True)
class Crossover:
    """Where the min-cost denoiser stops winning.

    ``kind``: ``"crossing"`` (between ``lo`` and ``hi``; refined by bisection when ``refined``),
    ``"none"`` (min-cost lower at every grid sigma where it exists), ``"at-start"`` (eMMSE already
    lower, or not separated, at the smallest sigma).
    """

    kind: str
    lo: Optional[mpq] = None
    hi: Optional[mpq] = None
    refined: bool = False
    note: str = ""


@dataclass(frozen=True)
class GeneralizationStudy:
    """The result of :func:`generalization_study`."""

    clean: tuple
    test: TestDistribution
    alpha: mpq
    digits: int
    rows: tuple
    crossover: Crossover
    limit_emmse: mpq
    verdict: Verdict
    setting: str = MIN_COST_SETTING
    max_sigma_min_cost: Optional[mpq] = None
    notes: tuple = field(default_factory=tuple)


def _row(xs, test, sigma, alpha, digits) -> GridRow:
    return GridRow(
        sigma=sigma,
        rho=alpha * sigma,
        min_cost=min_cost_test_mse(xs, test, sigma, alpha=alpha, digits=digits),
        emmse=empirical_mmse_test_mse(xs, test, sigma, digits=digits),
    )


def _refine(xs, test, alpha, lo: mpq, hi: mpq, *, digits: int, rel_tol: float = 1e-6, max_steps: int = 40):
    """Bisect (geometric mean) on the sign of MSE_min-cost - MSE_eMMSE while the bars separate."""
    with task("crossover bisection", total=max_steps, unit="step") as bar:
        return _bisect(xs, test, alpha, lo, hi, digits=digits, rel_tol=rel_tol, max_steps=max_steps, bar=bar)


def _bisect(xs, test, alpha, lo: mpq, hi: mpq, *, digits: int, rel_tol: float, max_steps: int, bar):
    for step in range(max_steps):
        bar.update(step)
        if hi / lo - 1 < rel_tol:
            return lo, hi, True
        with mpmath.workdps(20):
            m = mpmath.sqrt(_mpf(lo) * _mpf(hi))
            mid = _decimal_rational(m, 12)
        if not lo < mid < hi:
            return lo, hi, True
        row = _row(xs, test, mid, alpha, digits)
        if row.order == "min-cost":
            lo = mid
        elif row.order == "eMMSE":
            hi = mid
        else:
            return lo, hi, False  # the bars overlap: cannot refine further at this precision
    return lo, hi, True


def low_noise_verdict(rows: Sequence[GridRow], crossover: Crossover, *, alpha) -> Verdict:
    """The paper's low-noise claim on these data: below the crossover the min-cost MSE is lower.

    The eMMSE error bars are quadrature *estimates* (the min-cost bars are rigorous), so a
    comparison of the two is never more than EVIDENCE (docs/theory.md sections 0.3 and 7.4):
    evidence for the claim when at every grid sigma below the crossover both bars are separated
    with min-cost lower; evidence against it, with the sigma as a counterexample, when the eMMSE
    bar lies entirely below the min-cost bar at some such sigma; INCONCLUSIVE otherwise
    (overlapping bars, or no grid sigma below the crossover).
    """
    if crossover.kind == "crossing":
        below = [r for r in rows if r.min_cost is not None and r.sigma <= crossover.lo]
    elif crossover.kind == "none":
        below = [r for r in rows if r.min_cost is not None]
    else:
        below = [r for r in rows if r.min_cost is not None][:1]
    orders = [r.order for r in below]
    facts = ((Quantity.ALPHA, alpha), (Quantity.GRID_SIGMAS, len(below)), (Quantity.CROSSOVER, crossover.kind))
    bars = "the min-cost bars are rigorous, the eMMSE bars are quadrature estimates"
    ref = cite("7")
    if not below:
        return Verdict("low-noise advantage", Status.INCONCLUSIVE,
                       "no grid sigma where the min-cost denoiser exists lies below the crossover",
                       evidence=facts, reference=ref)
    for r in below:
        if r.order == "eMMSE":
            return Verdict(
                "low-noise advantage", Status.EVIDENCE,
                f"evidence against the claim: at sigma = {exact_str(r.sigma)} the eMMSE test MSE is lower, with "
                f"separated error bars ({bars}, so this is evidence, not a refutation)",
                # each MSE as its error bar [lo, hi], the binary endpoints as exact rationals
                counterexample=((Quantity.SIGMA, r.sigma), (Quantity.MIN_COST_MSE, r.min_cost.interval),
                                (Quantity.EMMSE_MSE, r.emmse.interval)),
                evidence=facts, reference=ref,
            )
    if all(o == "min-cost" for o in orders):
        return Verdict(
            "low-noise advantage", Status.EVIDENCE,
            f"evidence for the claim: at all {len(below)} grid sigmas below the crossover the min-cost test MSE is "
            f"lower with separated error bars ({bars}, so this is evidence, not a certificate)",
            evidence=facts, reference=ref,
        )
    bad = [exact_str(r.sigma) for r in below if r.order != "min-cost"]
    return Verdict("low-noise advantage", Status.INCONCLUSIVE,
                   f"error bars overlap at sigma = {', '.join(bad)}; raise --digits", evidence=facts, reference=ref)


def generalization_study(clean, test: TestDistribution, sigmas: Sequence, *, alpha=DEFAULT_ALPHA,
                         digits: int = 10, refine: bool = True, refine_rel_tol: float = 1e-6) -> GeneralizationStudy:
    """Both denoisers' test MSE on a sigma grid, the crossover, and the low-noise verdict.

    Parameters
    ----------
    clean
        The 1-D training points (exact rationals, or a 1-D :class:`~symden.data.DataSet`, whose
        radius or samples are ignored).
    test
        The clean test distribution.
    sigmas
        Exact positive noise levels (e.g. from :func:`sigma_grid`).
    alpha
        ``rho = alpha * sigma`` for the min-cost denoiser (default 1).
    digits
        Requested relative precision of each MSE (decimal digits).
    refine
        Bisect the crossover bracket (geometric midpoints, exact 12-digit decimals) on the sign of
        the difference, while the two error bars stay separated, until ``hi/lo - 1 < refine_rel_tol``.

    Returns
    -------
    GeneralizationStudy
    """
    xs = _clean_points(clean)
    alpha = _rational(alpha, name="alpha")
    if not alpha > 0:
        raise InvalidDataError(f"alpha = {exact_str(alpha)}: must be positive")
    if not isinstance(digits, int) or not 3 <= digits <= 60:
        raise InvalidDataError(f"digits = {digits}: choose 3 <= digits <= 60")
    sig = sorted({_rational(s, name="sigma") for s in sigmas})
    if not sig or not sig[0] > 0:
        raise InvalidDataError("the noise levels must be positive")
    with task("noise grid", total=len(sig), unit="sigma") as bar:
        rows = []
        for k, s in enumerate(sig, 1):
            rows.append(_row(xs, test, s, alpha, digits))
            bar.update(k)
        rows = tuple(rows)
    max_sigma = min(b - a for a, b in zip(xs, xs[1:])) / (2 * alpha) if len(xs) > 1 else None

    exist = [r for r in rows if r.min_cost is not None]
    notes = []
    if not exist:
        crossover = Crossover("none", note="the min-cost denoiser exists at no grid sigma (balls overlap everywhere)")
    elif exist[0].order != "min-cost":
        crossover = Crossover("at-start", hi=exist[0].sigma,
                              note="the min-cost denoiser is not certifiably better already at the smallest sigma")
    else:
        first_bad = next((i for i, r in enumerate(exist) if r.order != "min-cost"), None)
        if first_bad is None:
            note = "min-cost lower at every grid sigma where it exists"
            if max_sigma is not None and any(r.min_cost is None for r in rows):
                note += f"; it ceases to exist at sigma = min gap/(2 alpha) = {exact_str(max_sigma)}"
            crossover = Crossover("none", note=note)
        else:
            lo, hi = exist[first_bad - 1].sigma, exist[first_bad].sigma
            refined = False
            if refine and exist[first_bad].order == "eMMSE":
                lo, hi, refined = _refine(xs, test, alpha, lo, hi, digits=min(digits, 12), rel_tol=refine_rel_tol)
            crossover = Crossover("crossing", lo=lo, hi=hi, refined=refined,
                                  note="bars overlap at the upper grid point" if exist[first_bad].order == "overlap" else "")
    verdict = low_noise_verdict(rows, crossover, alpha=alpha)
    return GeneralizationStudy(
        clean=xs, test=test, alpha=alpha, digits=digits, rows=rows, crossover=crossover,
        limit_emmse=nearest_point_distortion(xs, test), verdict=verdict, max_sigma_min_cost=max_sigma,
        notes=tuple(notes),
    )
