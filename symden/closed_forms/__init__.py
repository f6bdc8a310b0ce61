"""Closed-form minimum-cost denoisers: one module per theorem, one registry that picks one.

:func:`min_cost_denoiser` detects the data's geometry and calls the matching constructor, in
this order: 1-D data (univariate); clean points on a line in R^d (subspace); pairwise
non-acute rays from a clean point (rays, or simplex-edge when the points are the vertices of
a simplex); the vertices of a simplex with no non-acute vertex (simplex-face). When none
applies, the error lists every theorem and the condition the data broke.
"""

from __future__ import annotations

from typing import Callable, Optional

from symden.closed_forms.rays import best_rays_denoiser, find_rays, rays_denoiser
from symden.closed_forms.simplex_face import face_denoiser
from symden.closed_forms.subspace import collinear_denoiser
from symden.closed_forms.univariate import univariate_denoiser
from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import ConditionError
from symden.geometry import affine_rank

__all__ = ["min_cost_denoiser", "STRUCTURES", "univariate_denoiser", "constant_denoiser"]


def constant_denoiser(data: DataSet) -> Denoiser:
    """One clean point: the constant ``h = x_1`` (cost 0; V = 0 is forced on a ball)."""
    from gmpy2 import mpq

    from symden.network import ShallowNetwork

    d = data.dim
    return Denoiser(
        data=data,
        network=ShallowNetwork(units=(), V=tuple(tuple(mpq(0) for _ in range(d)) for _ in range(d)), c=data.clean[0]),
        structure="subspace",
        cost=mpq(0),
        theorem="THEORY.md section 4 (affine subspace of dimension 0)",
        status="proved",
        summary="a single clean point: the constant map",
        subspace_dim=0,
    )


#: structure name -> (constructor, what it needs), in detection order for d >= 2
STRUCTURES: dict[str, tuple[Callable[[DataSet], Denoiser], str]] = {
    "univariate": (univariate_denoiser, "1-D data with disjoint ordered cluster hulls of two or more distinct samples"),
    "subspace": (collinear_denoiser, "clean points on a line (the 1-D problem along it)"),
    "rays": (rays_denoiser, "a clean point from which the others lie on pairwise non-acute rays"),
    "simplex-edge": (rays_denoiser, "the vertices of a simplex with a non-acute vertex"),
    "simplex-face": (face_denoiser, "the vertices of a simplex (face-aligned ramps around the best centre)"),
}


def min_cost_denoiser(data: DataSet, *, structure: Optional[str] = None) -> Denoiser:
    """The closed-form minimum-cost denoiser for ``data``, by the theorem that fits its geometry.

    Parameters
    ----------
    data
        The data set.
    structure
        Force one structure (a key of :data:`STRUCTURES`) instead of detecting it, e.g. to
        compare ``"simplex-edge"`` and ``"simplex-face"`` on a right triangle.

    Raises
    ------
    ConditionError
        When the data fit no supported theorem, or break a condition of the one that fits.
    """
    if structure is not None:
        if structure not in STRUCTURES:
            raise ConditionError(f"structure = {structure!r}: unknown (known: {', '.join(STRUCTURES)})")
        result = STRUCTURES[structure][0](data)
        if structure in ("rays", "simplex-edge") and result.structure != structure:
            raise ConditionError(f"structure = {structure!r} does not fit: the data are {result.structure} data")
        return result
    if data.dim == 1:
        return univariate_denoiser(data)
    if data.size == 1:
        return constant_denoiser(data)
    k, _ = affine_rank(data.clean)
    if k == 1:
        return collinear_denoiser(data)
    frames, ray_failures = find_rays(data)
    if frames:
        return best_rays_denoiser(data, frames)
    failures = [f"subspace: the clean points span an affine hull of dimension {k}, not a line"]
    failures.append("rays and simplex-edge: " + "; ".join(ray_failures))
    if k == data.size - 1:
        return face_denoiser(data)
    failures.append(
        f"simplex-face: {data.size} points in an affine hull of dimension {k} are not the vertices of a simplex "
        f"(that needs {k + 1} affinely independent points)"
    )
    raise ConditionError(f"no closed form fits these {data.dim}-dimensional data. " + " | ".join(failures))
