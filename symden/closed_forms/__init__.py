"""Closed-form minimum-cost denoisers: one module per theorem, one registry that picks one.

:func:`min_cost_denoiser` detects the data's geometry and calls the matching constructor.
When none applies, the error lists what is supported and why these data did not fit.
"""

from __future__ import annotations

from typing import Callable

from symden.closed_forms.univariate import univariate_denoiser
from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import ConditionError

__all__ = ["min_cost_denoiser", "SUPPORTED", "univariate_denoiser"]

#: structure name -> (applies to these data?, constructor, what it needs)
SUPPORTED: dict[str, tuple[Callable[[DataSet], bool], Callable[[DataSet], Denoiser], str]] = {
    "univariate": (
        lambda data: data.dim == 1,
        univariate_denoiser,
        "1-D data, online or offline, with disjoint ordered cluster hulls of two or more distinct samples",
    ),
}


def min_cost_denoiser(data: DataSet) -> Denoiser:
    """The closed-form minimum-cost denoiser for ``data``, by the theorem that fits its geometry.

    Raises
    ------
    ConditionError
        When the data fit no supported theorem, or break a condition of the one that fits.
    """
    for applies, construct, _ in SUPPORTED.values():
        if applies(data):
            return construct(data)
    listing = "; ".join(f"{name}: {needs}" for name, (_, _, needs) in SUPPORTED.items())
    raise ConditionError(
        f"no closed form supports these {data.dim}-dimensional data (supported: {listing}); "
        "multivariate geometries are not implemented yet"
    )
