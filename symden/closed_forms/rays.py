"""Union of pairwise non-acute rays, and the edge-aligned simplex (THEORY.md section 4).

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

from dataclasses import dataclass
from typing import Optional

from gmpy2 import mpq

from symden.closed_forms._embed import embed_along
from symden.closed_forms.certified import certified_instance
from symden.closed_forms.univariate import univariate_denoiser
from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import ConditionError
from symden.exact import brief, exact_sum
from symden.geometry import affine_rank, direction_key, dot, norm, norm2, show, sub
from symden.network import ShallowNetwork

__all__ = ["RayFrame", "find_rays", "rays_denoiser", "best_rays_denoiser"]


@dataclass(frozen=True)
class RayFrame:
    """A base clean point and its rays: ``rays[j] = (e_j, ((index, s), ...))`` sorted by s (s_j1 = 1)."""

    base: int
    rays: tuple
    orthogonal: bool



def _frame_from(data: DataSet, b: int) -> tuple:
    """The rays from clean[b], or the reason they are not pairwise non-acute.

    Points are grouped by direction one at a time and each new direction is compared with the
    ones already seen, so a base that fails is usually rejected after a few points.
    """
    x0 = data.clean[b]
    groups: dict = {}
    reps: list = []  # (direction vector, first index) of each group so far
    for i, x in enumerate(data.clean):
        if i == b:
            continue
        v = sub(x, x0)
        key = direction_key(v)
        if key not in groups:
            for u, j in reps:
                p = dot(u, v)
                if p > 0:
                    cos = p / (norm(u) * norm(v))
                    return None, (
                        f"from clean[{b}] = {show(x0)}, the rays toward clean[{j}] and clean[{i}] meet at an acute angle "
                        f"(u.u' = {brief(cos)} > 0)"
                    )
            reps.append((v, i))
            groups[key] = []
        groups[key].append(i)
    rays = []
    for members in groups.values():
        vecs = {i: sub(data.clean[i], x0) for i in members}
        first = min(members, key=lambda i: norm2(vecs[i]))
        e = vecs[first]
        lead = next(j for j, v in enumerate(e) if v != 0)
        rays.append((e, tuple(sorted(((i, vecs[i][lead] / e[lead]) for i in members), key=lambda t: t[1]))))
    orthogonal = all(dot(u, v) == 0 for k, (u, _) in enumerate(reps) for v, _ in reps[k + 1:])
    return RayFrame(b, tuple(rays), orthogonal), None


def find_rays(data: DataSet) -> tuple:
    """``(frames, failures)``: every base from which the data are pairwise non-acute rays, or why not."""
    frames, failures = [], []
    for b in range(data.size):
        frame, why = _frame_from(data, b)
        if frame is not None:
            frames.append(frame)
        else:
            failures.append(why)
    return frames, failures


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
                            "construction would not interpolate it"
                        )


def best_rays_denoiser(data: DataSet, frames: list) -> Denoiser:
    """The cheapest rays denoiser over the valid bases ``frames`` (usually there is one)."""
    return min((rays_denoiser(data, f) for f in frames), key=lambda den: den.network.cost())


def rays_denoiser(data: DataSet, frame: Optional[RayFrame] = None) -> Denoiser:
    """The rays / edge-aligned simplex closed form for ``data`` (a base chosen if not given).

    Raises
    ------
    ConditionError
        When no clean point is the base of pairwise non-acute rays, or the 1-D problem along a
        ray breaks a condition of THEORY.md section 3.
    """
    if frame is None:
        frames, failures = find_rays(data)
        if not frames:
            raise ConditionError("the data are not pairwise non-acute rays from a clean point: " + "; ".join(failures))
        return best_rays_denoiser(data, frames)
    x0 = data.clean[frame.base]
    d = data.dim
    phis = [univariate_denoiser(_ray_data(data, frame, e, members)) for e, members in frame.rays]
    if data.radius is None:
        _check_cross_rays(data, frame, phis)
    units, claims = [], []
    for (e, members), phi in zip(frame.rays, phis):
        embedded = embed_along(phi, x0, e)
        units += embedded
        chain = [frame.base] + [i for i, _ in members]
        # phi has two units per gap, in order: gap k joins chain[k] and chain[k+1]
        claims += [("edge", chain[k // 2], chain[k // 2 + 1]) for k in range(len(embedded))]
    network = ShallowNetwork(units=units, V=tuple(tuple(0 for _ in range(d)) for _ in range(d)), c=x0)
    k, _ = affine_rank(data.clean)
    simplex = all(len(members) == 1 for _, members in frame.rays) and k == data.size - 1
    structure = "simplex-edge" if simplex else "rays"
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
    if data.radius is None:
        status = "upper bound"
        notes.append(
            "offline data in d >= 2: this interpolant is built from the samples' projections onto the rays; it is an "
            "upper bound, not the minimiser (THEORY.md section 4: the optimal units tilt with the samples); "
            "the numeric path decides the optimum"
        )
    elif frame.orthogonal:
        status = "proved"
    else:
        ref = certified_instance(data, structure)
        status = "certified" if ref else "upper bound"
        notes.append(
            f"obtuse rays: THEORY.md certifies optimality on its instance {ref}, to which these data are similar"
            if ref else
            "obtuse rays: THEORY.md certifies optimality only on its instances M2/M3; for these data the closed form "
            "is a feasible interpolant (upper bound) that the theory conjectures optimal"
        )
    theorem = "THEORY.md section 4 (simplex with a non-acute vertex, edge-aligned)" if simplex else \
        "THEORY.md section 4 (union of pairwise non-acute rays)"
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
        status=status,
        summary=summary,
        claimed_alignment=tuple(claims),
        notes=tuple(notes),
        subspace_dim=k if k < d else None,
    )
