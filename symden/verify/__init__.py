"""Exact checks of the theory's claims, each returning a :class:`Verdict`."""

from __future__ import annotations

from symden.denoiser import Denoiser
from symden.errors import ConditionError
from symden.verify.univariate import (
    check_contractivity,
    check_cost,
    check_interpolation,
    check_optimality,
    check_uniqueness,
    contractivity_profile,
)
from symden.verify.verdict import Status, Verdict

__all__ = [
    "Status",
    "Verdict",
    "verify_denoiser",
    "check_interpolation",
    "check_cost",
    "check_optimality",
    "check_uniqueness",
    "check_contractivity",
    "contractivity_profile",
]


def verify_denoiser(denoiser: Denoiser) -> tuple[Verdict, ...]:
    """Every check that applies to ``denoiser``: interpolation, cost, optimality, uniqueness, contractivity."""
    data, net = denoiser.data, denoiser.network
    if data.dim != 1:
        raise ConditionError(f"exact checks for {data.dim}-dimensional data are not implemented yet")
    return (
        check_interpolation(data, net),
        check_cost(denoiser),
        check_optimality(denoiser),
        check_uniqueness(denoiser),
        check_contractivity(data, net),
    )
