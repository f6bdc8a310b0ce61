"""The record a closed-form constructor returns: a network plus what is claimed about it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from symden.data import DataSet
from symden.exact import Exact
from symden.network import COST_CONVENTION, ShallowNetwork
from symden.pwl import PiecewiseLinear

__all__ = ["Denoiser"]


@dataclass(frozen=True)
class Denoiser:
    """A min-cost denoiser built by a closed form, with the claims the theorem makes about it.

    Attributes
    ----------
    data
        The data set it was built for.
    network
        The network realising it.
    structure
        The geometry that selected the theorem (``"univariate"``, ...).
    cost
        The cost the theorem states, computed from the theorem's own formula (not from the
        network), so that checks can compare the two.
    theorem
        Where the statement lives, e.g. ``"THEORY.md section 3"``.
    status
        How strongly THEORY.md backs the claim that this is the minimiser:
        ``"proved"``, ``"certified"`` or ``"upper bound"``. symden never prints "proved" for less.
    function
        For d = 1: the same function built directly from the theorem's breakpoints, independently
        of ``network``; None otherwise.
    summary
        One line describing the shape (printed by ``derive``).
    """

    data: DataSet
    network: ShallowNetwork
    structure: str
    cost: Exact
    theorem: str
    status: str
    function: Optional[PiecewiseLinear] = None
    summary: str = ""
    convention: str = COST_CONVENTION
