"""Exact Euclidean geometry on points with exact coordinates, and the one detection step.

Everything here is exact: vectors are tuples of mpq or Algebraic numbers, ranks come from
Gaussian elimination, and normals of facets are computed without normalising until the
last step (so they stay rational on rational data).

:func:`detect` is the pipeline's second stage (data -> geometry -> closed form or program ->
checks -> printers): it runs once per data set and returns a :class:`~symden.records.Geometry`
that the registry dispatches on and the checks read, so nothing downstream recomputes hulls,
ranks or ray frames (``docs/theory.md`` sections 3 and 4).
"""

from __future__ import annotations

from operator import mul
from typing import Optional, Sequence

from gmpy2 import mpq

from symden.errors import InvalidDataError
from symden.exact import Exact, brief, exact_str, sqrt_exact
from symden.records import Cluster, Geometry, RayFrame, Setting, Structure
from symden.reference import cite

__all__ = [
    "Vector",
    "sub",
    "add",
    "scale",
    "dot",
    "norm2",
    "norm",
    "affine_rank",
    "direction_key",
    "line_key",
    "solve",
    "row_reduce",
    "in_span_component",
    "facet_normals",
    "parallel",
    "show",
    "clusters",
    "condition_failures",
    "find_rays",
    "detect",
]

Vector = tuple


def sub(p: Sequence[Exact], q: Sequence[Exact]) -> Vector:
    return tuple(a - b for a, b in zip(p, q))


def add(p: Sequence[Exact], q: Sequence[Exact]) -> Vector:
    return tuple(a + b for a, b in zip(p, q))


def scale(v: Sequence[Exact], s: Exact) -> Vector:
    return tuple(a * s for a in v)


def dot(p: Sequence[Exact], q: Sequence[Exact]) -> Exact:
    return sum(map(mul, p, q), mpq(0))


def norm2(v: Sequence[Exact]) -> Exact:
    return dot(v, v)


def norm(v: Sequence[Exact]) -> Exact:
    """The exact Euclidean norm (rational when |v|^2 is a rational square)."""
    return sqrt_exact(norm2(v))


def row_reduce(rows: list, ncols: Optional[int] = None) -> tuple:
    """Exact reduced row echelon form: (rows, pivot columns).

    Pivots are taken only among the first ``ncols`` columns (all by default), so an augmented
    system ``[A | b]`` reduces with ``ncols`` = the number of columns of A.
    """
    rows = [list(r) for r in rows]
    pivots = []
    r = 0
    ncols = (len(rows[0]) if rows else 0) if ncols is None else ncols
    for col in range(ncols):
        pivot = next((i for i in range(r, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        p = rows[r][col]
        rows[r] = [x / p for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col] != 0:
                f = rows[i][col]
                rows[i] = [x - f * y for x, y in zip(rows[i], rows[r])]
        pivots.append(col)
        r += 1
        if r == len(rows):
            break
    return rows, pivots


def affine_rank(points: Sequence[Sequence[Exact]]) -> tuple:
    """``(k, independent)``: the dimension of the affine hull and indices of points spanning it.

    ``independent`` lists k+1 indices (the first point and then, greedily, each point that
    raises the dimension), so those points are affinely independent. Each new difference
    vector is reduced against the pivot rows found so far: O(N k d) exact operations.
    """
    base = points[0]
    chosen = [0]
    pivots: list = []  # (column, row normalised to 1 at that column)
    for i, p in enumerate(points[1:], 1):
        v = list(sub(p, base))
        for col, row in pivots:
            f = v[col]
            if f != 0:
                v = [x - f * y for x, y in zip(v, row)]
        col = next((j for j, x in enumerate(v) if x != 0), None)
        if col is None:
            continue
        lead = v[col]
        pivots.append((col, [x / lead for x in v]))
        chosen.append(i)
        if len(pivots) == len(base):
            break
    return len(chosen) - 1, tuple(chosen)


def solve(A: Sequence[Sequence[Exact]], b: Sequence[Exact]) -> Optional[Vector]:
    """The unique solution of the square system ``A x = b``, or None when A is singular."""
    n = len(A)
    rows, piv = row_reduce([list(A[i]) + [b[i]] for i in range(n)])
    if piv[:n] != list(range(n)) or len(piv) < n:
        return None
    return tuple(rows[i][n] for i in range(n))


def in_span_component(e: Sequence[Exact], spanning: Sequence[Sequence[Exact]]) -> Vector:
    """The component of ``e`` orthogonal to the span of ``spanning`` (exact, no normalising).

    ``e - E (E^T E)^{-1} E^T e`` with E the given vectors as columns (they must be independent).
    """
    if not spanning:
        return tuple(e)
    gram = [[dot(p, q) for q in spanning] for p in spanning]
    rhs = [dot(p, e) for p in spanning]
    coeffs = solve(gram, rhs)
    if coeffs is None:
        raise InvalidDataError("in_span_component needs linearly independent spanning vectors")
    out = list(e)
    for c, p in zip(coeffs, spanning):
        out = [o - c * x for o, x in zip(out, p)]
    return tuple(out)


def facet_normals(vertices: Sequence[Sequence[Exact]]) -> list:
    """For each vertex x_n of a simplex, the (unnormalised) normal of the opposite facet.

    Returns ``[(v_n, H_n), ...]`` where v_n is the component of ``x_n - x_m`` (m any other
    vertex) orthogonal to the facet's edges, lying in the simplex's own affine hull and
    pointing to x_n, and ``H_n = |v_n|`` is the altitude from x_n.
    """
    k = len(vertices) - 1
    out = []
    for n in range(k + 1):
        others = [vertices[i] for i in range(k + 1) if i != n]
        m = others[0]
        edges = [sub(o, m) for o in others[1:]]
        v = in_span_component(sub(vertices[n], m), edges)
        out.append((v, norm(v)))
    return out


def direction_key(v: Sequence[Exact]) -> Vector:
    """A key shared exactly by the positive multiples of ``v`` (``v`` non-zero)."""
    lead = next(x for x in v if x != 0)
    s = abs(lead)
    return tuple(x / s for x in v)


def line_key(v: Sequence[Exact]) -> Vector:
    """A key shared exactly by all non-zero multiples of ``v`` (either orientation)."""
    lead = next(x for x in v if x != 0)
    return tuple(x / lead for x in v)


def parallel(p: Sequence[Exact], q: Sequence[Exact]) -> bool:
    """True when the non-zero vectors p and q are parallel (either orientation)."""
    return line_key(p) == line_key(q)


def show(p: Sequence[Exact]) -> str:
    """``(x1, x2, ...)`` with exact entries, for messages."""
    return "(" + ", ".join(exact_str(x) for x in p) + ")"


def zero(d: int) -> Vector:
    return tuple(mpq(0) for _ in range(d))


# ---------------------------------------------------------------------------------------
# detection: hulls (1-D), ray frames (d >= 2), and the one detect() step
# ---------------------------------------------------------------------------------------


def clusters(data: DataSet) -> tuple:
    """The clusters of 1-D data sorted by clean point, with their hulls (no conditions checked).

    Computed once per data set by :func:`detect` (the closed form and every check read
    ``Geometry.clusters``); not memoised, so no cache keeps data sets alive.
    """
    if data.dim != 1:
        raise InvalidDataError(f"hull clusters need 1-D data; these clean points have dimension {data.dim}")
    out = []
    for n, (x,) in enumerate(data.clean):
        if data.radius is not None:
            lo, hi = x - data.radius, x + data.radius
        else:
            (ys,) = zip(*data.samples[n])  # the coordinates of the 1-tuples, unpacked in C
            lo, hi = min(ys), max(ys)
        out.append(Cluster(n, x, lo, hi))
    out.sort(key=lambda c: c.target)
    return tuple(out)


#: What to run when the 1-D closed form does not apply (its conditions are the theorem's, not the problem's).
USE_SOLVE_1D = f"use `symden solve FILE` instead: the general 1-D solver of {cite('6')} needs none of these conditions"


#: The largest dimension a convex program of symden solves (symden.verify.numeric.program_covers).
PROGRAM_MAX_DIM = 3


def decided_by(dim: int) -> str:
    """What decides the optimum where a closed form is only an upper bound: the command, or that none does."""
    if dim <= PROGRAM_MAX_DIM:
        return "`symden verify --numeric FILE` (or `symden solve FILE`) decides the optimum"
    return f"no convex program of symden covers d = {dim} (d <= {PROGRAM_MAX_DIM} only), so the optimum is not decided"


def use_solve(dim: int) -> str:
    """What to run when a closed form does not fit data in R^dim: ``symden solve FILE``, or that nothing covers them."""
    if dim <= PROGRAM_MAX_DIM:
        return f"try `symden solve FILE`: the convex program of {cite('6')} gives a certified interval when it solves"
    return f"no convex program of symden covers d = {dim} either (d <= {PROGRAM_MAX_DIM} only)"


def condition_failures(cls: tuple) -> list:
    """Every violated hypothesis of the theorem, as one-line messages (empty when it applies).

    The hypotheses: each hull non-degenerate (two distinct samples) and ``r_n < l_{n+1}`` for
    neighbouring clean points ``x_n < x_{n+1}`` (disjoint hulls in the clean points' order).
    """
    failures = [
        f"the cluster of clean[{c.index}] = {exact_str(c.target)} has a single distinct sample {exact_str(c.lo)}: "
        f"the flat piece on its hull is not forced, so the closed form of {cite('3')} does not apply"
        for c in cls if not c.lo < c.hi
    ]
    for c, d in zip(cls, cls[1:]):
        if c.hi < d.lo:
            continue
        hulls = (
            f"clean[{c.index}] = {exact_str(c.target)} has hull [{exact_str(c.lo)}, {exact_str(c.hi)}] and "
            f"clean[{d.index}] = {exact_str(d.target)} has hull [{exact_str(d.lo)}, {exact_str(d.hi)}]"
        )
        if d.hi < c.lo:
            failures.append(
                f"{hulls}: the hulls are in the opposite order to their clean points; "
                f"{cite('3')} needs r_n < l_{{n+1}} for neighbouring clean points x_n < x_{{n+1}}"
            )
        else:
            failures.append(
                f"{hulls}: the hulls overlap or touch; {cite('3')} needs r_n < l_{{n+1}} "
                "(disjoint hulls, a gap between neighbouring clusters)"
            )
    return failures


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


def detect(data) -> Geometry:
    """The data's geometry, and the structure whose closed form fits, decided exactly once.

    Detection order (``docs/theory.md`` sections 3 and 4): 1-D data (univariate, when the hulls
    are non-degenerate and ordered); one clean point or clean points on a line in R^d
    (subspace); pairwise non-acute rays from a clean point (simplex-edge when the points are
    the vertices of a simplex, rays otherwise); the vertices of a simplex (simplex-face). Every
    structure that does not fit is recorded with the reason.

    >>> from symden.data import DataSet
    >>> detect(DataSet(clean=[[0, 0], [1, 0], [0, 1]], radius="1/10")).structure
    Structure.SIMPLEX_EDGE
    """
    setting = Setting.ONLINE if data.radius is not None else Setting.OFFLINE
    if data.dim == 1:
        cls = clusters(data)
        failed = condition_failures(cls)
        # one line for the reader: the first violated condition, and how many more there are
        why = [failed[0] + (f" (and {len(failed) - 1} more violated condition{'s' * (len(failed) > 2)} of the same "
                            "theorem)" if len(failed) > 1 else "") + f"; {USE_SOLVE_1D}"] if failed else []
        others = tuple((st, "the data are 1-D: the univariate closed form is the one that applies")
                       for st in Structure if st is not Structure.UNIVARIATE)
        return Geometry(
            dim=1, size=data.size, setting=setting, affine_dim=min(1, data.size - 1),
            spanning=tuple(range(min(2, data.size))), structure=None if why else Structure.UNIVARIATE,
            clusters=cls, failures=(((Structure.UNIVARIATE, "; ".join(why)),) if why else ()) + others,
        )
    k, spanning = affine_rank(data.clean)
    failures = [(Structure.UNIVARIATE, f"the clean points are {data.dim}-dimensional, not 1-D")]
    frames: tuple = ()
    if k <= 1:
        structure = Structure.SUBSPACE
        why_rays = "the clean points are collinear: the subspace form applies"
        failures += [(st, why_rays) for st in (Structure.RAYS, Structure.SIMPLEX_EDGE, Structure.SIMPLEX_FACE)]
    else:
        failures.append((Structure.SUBSPACE, f"the clean points span an affine hull of dimension {k}, not a line"))
        found, ray_failures = find_rays(data)
        frames = tuple(found)
        simplex = data.size == k + 1
        not_simplex = f"{data.size} points in an affine hull of dimension {k} are not the vertices of a simplex"
        if not frames:
            why_rays = "; ".join(ray_failures)
            failures += [(Structure.RAYS, why_rays), (Structure.SIMPLEX_EDGE, why_rays if simplex else not_simplex)]
        elif simplex:
            failures.append((Structure.RAYS, "the data are the vertices of a simplex with a non-acute vertex: "
                                             "use simplex-edge"))
        else:
            failures.append((Structure.SIMPLEX_EDGE, not_simplex))
        if not simplex:
            failures.append((Structure.SIMPLEX_FACE, f"{data.size} points in an affine hull of dimension {k} are not "
                                                     f"the vertices of a simplex (that needs {k + 1} affinely "
                                                     "independent points)"))
        if frames:
            structure = Structure.SIMPLEX_EDGE if simplex else Structure.RAYS
        elif simplex:
            structure = Structure.SIMPLEX_FACE
        else:
            structure = None
    return Geometry(
        dim=data.dim, size=data.size, setting=setting, affine_dim=k, spanning=tuple(spanning),
        structure=structure, ray_frames=frames, failures=tuple(failures),
    )
