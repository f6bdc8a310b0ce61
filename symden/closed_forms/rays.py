"""Union of pairwise non-acute rays, and the edge-aligned simplex (docs/theory.md section 4).

Theorem. A base clean point x_0 and the other clean points on rays ``x_0 + t u_j`` with
``u_i . u_j <= 0`` (i != j) and rho below half of every gap along every ray:

    h*(y) = x_0 + sum_j u_j phi_j(u_j.(y - x_0)),     R(h*) = sum_j sum_k 2 d_jk/(d_jk - 2 rho)

with phi_j the 1-D denoiser of (0, t_j1, t_j2, ...). Optimal: [proved] for pairwise orthogonal
rays (orthonormal frame lemma), [certified] for obtuse angles on THEORY's instance M2.
A simplex with a non-acute vertex x_0 is the case of one point per ray (edge-aligned ramps,
[proved] for right angles, [certified] for obtuse ones on M3).

symden measures each ray in units of its first edge ``e_j = x_{j,1} - x_0`` (coordinate
``s = e_j.(y - x_0)/|e_j|^2``), so that rational data give rational networks offline.
"""

from __future__ import annotations

from typing import Optional

from gmpy2 import mpq

from symden.closed_forms._embed import embed_along
from symden.closed_forms.certified import certified_instance
from symden.closed_forms.univariate import univariate_denoiser
from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import ConditionError
from symden.exact import brief, exact_sum
from symden.geometry import USE_SOLVE_1D, decided_by, use_solve, detect, dot, norm, norm2, show, sub, zero
from symden.network import ShallowNetwork
from symden.records import Geometry, RayFrame, Standing, Structure
from symden.reference import cite

__all__ = ["rays_denoiser", "best_rays_denoiser"]


def _ray_data(data: DataSet, frame: RayFrame, e, members) -> DataSet:
    x0 = data.clean[frame.base]
    s = [mpq(0)] + [t for _, t in members]
    if data.radius is not None:
        return DataSet(clean=s, radius=data.radius / norm(e))
    e2 = norm2(e)
    clusters = [data.samples[frame.base]] + [data.samples[i] for i, _ in members]
    return DataSet(clean=s, samples=[[dot(sub(y, x0), e) / e2 for y in cl] for cl in clusters])


def _check_cross_rays(data: DataSet, frame: RayFrame, phis: list) -> None:
    """Offline: every sample of ray j must project onto each other ray where phi_i is still 0."""
    x0 = data.clean[frame.base]
    for i, ((ei, _), phi_i) in enumerate(zip(frame.rays, phis)):
        flat_until = phi_i.function.knots[0] if phi_i.function.knots else None
        e2 = norm2(ei)
        for j, (_, members) in enumerate(frame.rays):
            if j == i or flat_until is None:
                continue
            for idx, _ in members:
                for y in data.samples[idx]:
                    s = dot(sub(y, x0), ei) / e2
                    if s > flat_until:
                        raise ConditionError(
                            f"sample {show(y)} of clean[{idx}] projects onto the ray toward clean[{frame.rays[i][1][0][0]}] "
                            f"beyond the base cluster's hull (coordinate {brief(s)} > {brief(flat_until)}): the offline rays "
                            f"construction would not interpolate it; {use_solve(data.dim)}"
                        )


def _along_ray(data: DataSet, frame: RayFrame, e, members) -> Denoiser:
    """The 1-D closed form along one ray; its failure is told in the data's own indices, with what to run instead."""
    try:
        return univariate_denoiser(_ray_data(data, frame, e, members))
    except ConditionError as exc:
        why = str(exc).removesuffix(f"; {USE_SOLVE_1D}")
        order = ", ".join(f"clean[{i}]" for i in [frame.base] + [i for i, _ in members])
        instead = use_solve(data.dim)
        raise ConditionError(
            f"along the ray from clean[{frame.base}] = {show(data.clean[frame.base])} the 1-D closed form does not "
            f"apply to the projected data ({why}; in the ray's coordinate, clean[k] is the k-th of {order}): the rays "
            f"construction needs it on every ray; {instead}") from None


def best_rays_denoiser(data: DataSet, geometry: Geometry) -> Denoiser:
    """The cheapest rays denoiser over the valid bases ``geometry.ray_frames`` (usually there is one)."""
    return min((rays_denoiser(data, f, geometry=geometry) for f in geometry.ray_frames),
               key=lambda den: den.network.cost())


def rays_denoiser(data: DataSet, frame: Optional[RayFrame] = None, *, geometry: Optional[Geometry] = None) -> Denoiser:
    """The rays / edge-aligned simplex closed form for ``data`` (a base chosen if not given).

    Raises
    ------
    ConditionError
        When no clean point is the base of pairwise non-acute rays, or the 1-D problem along a
        ray breaks a condition of docs/theory.md section 3.
    """
    geometry = detect(data) if geometry is None else geometry
    if frame is None:
        if not geometry.ray_frames:
            raise ConditionError("the data are not pairwise non-acute rays from a clean point: "
                                 + geometry.why_not(Structure.RAYS))
        return best_rays_denoiser(data, geometry)
    x0 = data.clean[frame.base]
    d = data.dim
    phis = [_along_ray(data, frame, e, members) for e, members in frame.rays]
    if data.radius is None:
        _check_cross_rays(data, frame, phis)
    units, claims = [], []
    for (e, members), phi in zip(frame.rays, phis):
        embedded = embed_along(phi, x0, e)
        units += embedded
        chain = [frame.base] + [i for i, _ in members]
        # phi has two units per gap, in order: gap k joins chain[k] and chain[k+1]
        claims += [("edge", chain[k // 2], chain[k // 2 + 1]) for k in range(len(embedded))]
    network = ShallowNetwork(units=units, V=tuple(zero(d) for _ in range(d)), c=x0)
    k = geometry.affine_dim
    simplex = frame.simplex and geometry.simplex
    structure = Structure.SIMPLEX_EDGE if simplex else Structure.RAYS
    if data.radius is not None:
        rho = data.radius
        lengths = []
        for e, members in frame.rays:
            L = norm(e)
            ss = [mpq(0)] + [t for _, t in members]
            lengths += [L * (b - a) for a, b in zip(ss, ss[1:])]
        cost = exact_sum(2 * g / (g - 2 * rho) for g in lengths)
    else:
        cost = exact_sum(phi.cost for phi in phis)
    notes = []
    ref = None
    if data.radius is None:
        standing = Standing.UPPER_BOUND
        notes.append(
            "offline data in d >= 2: this interpolant is built from the samples' projections onto the rays; it is an "
            f"upper bound, not the minimiser ({cite('4')}: the optimal units tilt with the samples); "
            f"{decided_by(data.dim)}"
        )
    elif frame.orthogonal:
        standing = Standing.PROVED
    else:
        ref = certified_instance(data, structure)
        standing = Standing.CERTIFIED if ref else Standing.UPPER_BOUND
        notes.append(
            f"obtuse rays: {cite('8')} certifies optimality on its instance {ref}, to which these data are similar"
            if ref else
            f"obtuse rays: optimality is certified only on the instances M2/M3 ({cite('8')}); for these data the "
            "closed form is a feasible interpolant (upper bound) that the theory conjectures optimal"
        )
    theorem = cite("4.5") + " (simplex with a non-acute vertex, edge-aligned)" if simplex else \
        cite("4.4") + " (union of pairwise non-acute rays)"
    summary = (
        f"ramps along the edges from clean[{frame.base}] = {show(x0)}, ReLU boundaries perpendicular to the edges"
        if simplex else
        f"1-D denoisers along {len(frame.rays)} rays from clean[{frame.base}] = {show(x0)}, summed"
    )
    return Denoiser(
        data=data,
        network=network,
        structure=structure,
        cost=cost,
        theorem=theorem,
        standing=standing,
        certified_on=ref,
        geometry=geometry,
        summary=summary,
        claimed_alignment=tuple(claims),
        notes=tuple(notes),
        subspace_dim=k if k < d else None,
    )
