"""Exact checks of the theory's claims, each returning a :class:`~symden.records.Verdict`.

:func:`verify_denoiser` dispatches on the denoiser's :class:`~symden.records.Structure`: the
1-D checks of ``docs/theory.md`` section 3 for univariate denoisers, the checks of sections 4
and 5 (plus alignment) for every structure in R^d. A check whose exact arithmetic hits a limit
(:class:`~symden.errors.ExactLimitError`) becomes an *inconclusive* verdict that names what
could not be decided; it never crashes and is never reported as refuted.
"""

from __future__ import annotations

from typing import Callable, Optional

from symden.denoiser import Denoiser
from symden.errors import ExactLimitError
from symden.records import Status, Structure, Verdict, Verdicts
from symden.verify.univariate import (
    check_contractivity,
    check_cost,
    check_interpolation,
    check_optimality,
    check_uniqueness,
    contractivity_profile,
)

__all__ = [
    "Status",
    "Verdict",
    "verify_denoiser",
    "alignment",
    "check_interpolation",
    "check_cost",
    "check_optimality",
    "check_uniqueness",
    "check_contractivity",
    "contractivity_profile",
]

#: the claims checked, in the order printed: 1-D, and in R^d (alignment added)
CLAIMS_1D = ("interpolation", "cost", "optimality", "uniqueness", "contractivity")
CLAIMS_ND = ("interpolation", "cost", "optimality", "uniqueness", "alignment", "contractivity")


def _checks(denoiser: Denoiser) -> tuple:
    """``(claim, check)`` pairs for the denoiser's structure."""
    if denoiser.structure is Structure.UNIVARIATE:
        data, net = denoiser.data, denoiser.network
        return tuple(zip(CLAIMS_1D, (
            lambda: check_interpolation(data, net),
            lambda: check_cost(denoiser),
            lambda: check_optimality(denoiser),
            lambda: check_uniqueness(denoiser),
            lambda: check_contractivity(data, net),
        )))
    from symden.verify import multivariate as mv

    return tuple(zip(CLAIMS_ND, (
        lambda: mv.check_interpolation_nd(denoiser.data, denoiser.network),
        lambda: mv.check_cost_nd(denoiser),
        lambda: mv.check_optimality_nd(denoiser),
        lambda: mv.check_uniqueness_nd(denoiser),
        lambda: mv.check_alignment(denoiser),
        lambda: mv.check_contractivity_nd(denoiser),
    )))


def alignment(denoiser: Denoiser) -> Optional[tuple]:
    """The alignment table printed with a denoiser in R^d (None for a univariate one)."""
    if denoiser.structure is Structure.UNIVARIATE:
        return None
    from symden.verify.multivariate import alignment_report

    return alignment_report(denoiser)


def decide(claim: str, check: Callable[[], Verdict]) -> Verdict:
    """Run one check; an exact-arithmetic limit makes the verdict inconclusive, naming the limit."""
    try:
        return check()
    except ExactLimitError as exc:
        return Verdict(claim, Status.INCONCLUSIVE, f"not decided: exact arithmetic hit a limit ({exc})")


def verify_denoiser(denoiser: Denoiser) -> Verdicts:
    """Every check that applies to ``denoiser``, in a fixed order (a :class:`~symden.records.Verdicts` tuple).

    1-D: interpolation, cost, optimality, uniqueness, contractivity (``docs/theory.md`` section 3).
    d >= 2: the same claims plus alignment (sections 4 and 5).
    """
    return Verdicts(decide(claim, check) for claim, check in _checks(denoiser))
