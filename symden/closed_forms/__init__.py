"""Closed-form minimum-cost denoisers: one module per theorem, one registry that picks one.

:func:`min_cost_denoiser` runs :func:`symden.geometry.detect` once and dispatches on the
:class:`~symden.records.Structure` it finds (``docs/theory.md`` sections 3 and 4): 1-D data
(univariate); one clean point or clean points on a line in R^d (subspace); pairwise non-acute
rays from a clean point (rays, or simplex-edge when the points are the vertices of a simplex);
the vertices of a simplex with no non-acute vertex (simplex-face). When none applies, the error
lists every theorem and the condition the data broke.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Callable, Optional

from symden.closed_forms.univariate import univariate_denoiser
from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import ConditionError
from symden.geometry import detect
from symden.records import Geometry, Structure
from symden.reference import cite

__all__ = ["min_cost_denoiser", "STRUCTURES", "ClosedForm", "univariate_denoiser"]


@dataclass(frozen=True)
class ClosedForm:
    """A registry entry: where the constructor of one theorem lives, and what it needs of the data.

    The constructor's module is imported on first use, so a 1-D command never loads the
    multivariate forms (and their interval arithmetic).
    """

    module: str
    function: str
    needs: str
    reference: str

    @property
    def build(self) -> Callable[..., Denoiser]:
        """The constructor ``(data, *, geometry) -> Denoiser``."""
        return getattr(import_module(self.module), self.function)


#: structure -> its closed form, in detection order
STRUCTURES: dict[Structure, ClosedForm] = {
    Structure.UNIVARIATE: ClosedForm(
        "symden.closed_forms.univariate", "univariate_denoiser",
        "1-D data with disjoint ordered cluster hulls of two or more distinct samples", cite("3")),
    Structure.SUBSPACE: ClosedForm(
        "symden.closed_forms.subspace", "subspace_denoiser",
        "one clean point, or clean points on a line (the 1-D problem along it)", cite("4.3")),
    Structure.RAYS: ClosedForm(
        "symden.closed_forms.rays", "rays_denoiser",
        "a clean point from which the others lie on pairwise non-acute rays", cite("4.4")),
    Structure.SIMPLEX_EDGE: ClosedForm(
        "symden.closed_forms.rays", "rays_denoiser", "the vertices of a simplex with a non-acute vertex", cite("4.5")),
    Structure.SIMPLEX_FACE: ClosedForm(
        "symden.closed_forms.simplex_face", "face_denoiser",
        "the vertices of a simplex (face-aligned ramps around the best centre)", cite("4.6")),
}


def min_cost_denoiser(data: DataSet, *, structure: Optional[Structure | str] = None,
                      geometry: Optional[Geometry] = None) -> Denoiser:
    """The closed-form minimum-cost denoiser for ``data``, by the theorem that fits its geometry.

    Parameters
    ----------
    data
        The data set.
    structure
        Force one :class:`~symden.records.Structure` (or its name) instead of the detected one,
        e.g. to compare ``"simplex-edge"`` and ``"simplex-face"`` on a right triangle.
    geometry
        The data's :func:`~symden.geometry.detect` result, when the caller has it already.

    Raises
    ------
    ConditionError
        When the data fit no supported theorem, or break a condition of the one asked for.

    Examples
    --------
    >>> min_cost_denoiser(DataSet(clean=[[0, 0], [1, 0], [3, 0]], radius="1/10")).cost
    mpq(85,18)
    """
    geometry = detect(data) if geometry is None else geometry
    if structure is not None:
        try:
            wanted = Structure(structure)
        except ValueError:
            raise ConditionError(
                f"structure = {structure!r}: unknown (known: {', '.join(s.value for s in STRUCTURES)})") from None
        if not geometry.fits(wanted):
            raise ConditionError(f"structure = {wanted.value!r} does not fit these data: {geometry.why_not(wanted)}")
    elif geometry.structure is None and geometry.dim == 1:
        raise ConditionError(geometry.why_not(Structure.UNIVARIATE))  # the 1-D conditions, and what to run instead
    elif geometry.structure is None:
        numeric = (f"run `symden solve FILE` for a certified interval ({cite('6')}, {cite('6b')}) or `symden explore FILE` "
                   f"to see the certified denoiser ({cite('6c')})" if data.dim <= 3 else
                   "the convex program of symden covers d <= 3 only")
        raise ConditionError(f"no closed form fits these {data.dim}-dimensional data "
                             f"({geometry.reasons(brief=True)}); {numeric}")
    else:
        wanted = geometry.structure
    return STRUCTURES[wanted].build(data, geometry=geometry)
