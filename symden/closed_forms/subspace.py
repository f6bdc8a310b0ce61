"""Data on a line in R^d: the affine-subspace reduction to the univariate form (docs/theory.md section 4).

Theorem (proved). If the clean points lie in an affine subspace A, the d-dimensional minimum
cost equals the one inside A and ``h* = g* o P_A``; for collinear data with direction e,
``h*(y) = base + e phi(e.(y - base)/|e|^2)`` with phi the 1-D denoiser of the points'
coordinates along the line (radius rho/|e| online), and the cost is the 1-D cost. h* is
unique iff phi is.

Offline samples off the line are projected; the result interpolates them but is only an
upper bound (docs/theory.md section 4: offline multivariate constructions are feasible
interpolants).
"""

from __future__ import annotations

from typing import Optional

from gmpy2 import mpq

from symden.closed_forms.univariate import univariate_denoiser
from symden.closed_forms._embed import embed_along
from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import ConditionError
from symden.geometry import USE_SOLVE_1D, decided_by, use_solve, add, detect, dot, norm, norm2, scale, show, sub, zero
from symden.network import ShallowNetwork
from symden.records import Geometry, Standing, Structure
from symden.reference import cite

__all__ = ["subspace_denoiser", "collinear_denoiser", "constant_denoiser", "line_coordinates"]

THEOREM = cite("4.3") + " (affine subspace, collinear data)"


def constant_denoiser(data: DataSet, *, geometry: Optional[Geometry] = None) -> Denoiser:
    """One clean point: the constant ``h = x_1`` (cost 0; V = 0 is forced on a ball)."""
    if data.size != 1:
        raise ConditionError(f"the constant denoiser needs one clean point; these data have {data.size}")
    d = data.dim
    return Denoiser(
        data=data,
        network=ShallowNetwork(units=(), V=tuple(zero(d) for _ in range(d)), c=data.clean[0]),
        structure=Structure.SUBSPACE,
        cost=mpq(0),
        theorem=cite("4.3") + " (affine subspace of dimension 0)",
        standing=Standing.PROVED,
        summary="a single clean point: the constant map",
        subspace_dim=0,
        geometry=detect(data) if geometry is None else geometry,
    )


def subspace_denoiser(data: DataSet, *, geometry: Optional[Geometry] = None) -> Denoiser:
    """The affine-subspace closed form: the constant map for one point, the line form for collinear data."""
    geometry = detect(data) if geometry is None else geometry
    if geometry.affine_dim == 0:
        return constant_denoiser(data, geometry=geometry)
    return collinear_denoiser(data, geometry=geometry)


def line_coordinates(data: DataSet, geometry: Optional[Geometry] = None) -> tuple:
    """``(base, e, s)``: the line ``base + s e`` through the clean points and their coordinates s.

    Raises
    ------
    ConditionError
        When the clean points are not collinear (the affine hull is not a line).
    """
    geometry = detect(data) if geometry is None else geometry
    if geometry.affine_dim != 1:
        raise ConditionError(
            f"the subspace closed form needs clean points on a line; these span an affine hull of dimension "
            f"{geometry.affine_dim}")
    idx = geometry.spanning
    base = data.clean[idx[0]]
    e = sub(data.clean[idx[1]], base)
    e2 = norm2(e)
    return base, e, tuple(dot(sub(x, base), e) / e2 for x in data.clean)


def collinear_denoiser(data: DataSet, *, geometry: Optional[Geometry] = None) -> Denoiser:
    """The min-cost denoiser of collinear data in R^d, through the univariate closed form.

    Raises
    ------
    ConditionError
        When the 1-D problem along the line breaks a condition of docs/theory.md section 3.
    """
    geometry = detect(data) if geometry is None else geometry
    base, e, s = line_coordinates(data, geometry)
    e2 = norm2(e)
    on_line = True
    if data.radius is not None:
        inner = DataSet(clean=s, radius=data.radius / norm(e), name=data.name)
    else:
        projected = []
        for cluster in data.samples:
            coords = []
            for y in cluster:
                t = dot(sub(y, base), e) / e2
                on_line &= add(base, scale(e, t)) == tuple(y)
                coords.append(t)
            projected.append(coords)
        inner = DataSet(clean=s, samples=projected, name=data.name)
    try:
        phi = univariate_denoiser(inner)
    except ConditionError as exc:
        why = str(exc).removesuffix(f"; {USE_SOLVE_1D}")
        instead = use_solve(data.dim)
        raise ConditionError(
            f"the data are collinear, and along their line (coordinate s of base + s {show(e)}, base {show(base)}; "
            f"clean[k] keeps its index) the 1-D closed form does not apply: {why}; {instead}") from None
    units = embed_along(phi, base, e)
    d = data.dim
    network = ShallowNetwork(
        units=units,
        V=tuple(tuple(0 for _ in range(d)) for _ in range(d)),
        c=add(base, scale(e, phi.network.c[0])),
    )
    i0 = next(i for i, x in enumerate(data.clean) if x == base)
    i1 = next(i for i, x in enumerate(data.clean) if x == add(base, e))
    exact_case = data.radius is not None or on_line
    notes = ()
    if not exact_case:
        notes = (
            "offline samples off the line: this interpolant is built from the samples' projections onto the line; "
            f"it is an upper bound, not the minimiser (docs/theory.md section 4); {decided_by(data.dim)}",
        )
    return Denoiser(
        data=data,
        network=network,
        structure=Structure.SUBSPACE,
        cost=phi.cost,
        theorem=THEOREM,
        standing=Standing.PROVED if exact_case else Standing.UPPER_BOUND,
        geometry=geometry,
        summary=f"the 1-D denoiser along the line through the data (direction {show(e)}), constant across it",
        claimed_alignment=tuple(("edge", i0, i1) for _ in units),
        notes=notes,
        subspace_dim=1,
        reduction=(base, e, phi),
    )

