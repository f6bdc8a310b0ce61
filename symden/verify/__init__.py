"""Exact checks of the theory's claims, each returning a :class:`Verdict`."""

from __future__ import annotations

from symden.denoiser import Denoiser
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
    """Every check that applies to ``denoiser``.

    1-D: interpolation, cost, optimality, uniqueness, contractivity (THEORY.md section 3).
    d >= 2: the same claims plus alignment (THEORY.md sections 4 and 5).
    """
    data, net = denoiser.data, denoiser.network
    if data.dim != 1:
        from symden.verify import multivariate as mv

        return (
            mv.check_interpolation_nd(data, net),
            mv.check_cost_nd(denoiser),
            mv.check_optimality_nd(denoiser),
            mv.check_uniqueness_nd(denoiser),
            mv.check_alignment(denoiser),
            mv.check_contractivity_nd(denoiser),
        )
    return (
        check_interpolation(data, net),
        check_cost(denoiser),
        check_optimality(denoiser),
        check_uniqueness(denoiser),
        check_contractivity(data, net),
    )
