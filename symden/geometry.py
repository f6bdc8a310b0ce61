"""Exact Euclidean geometry on points with exact coordinates (THEORY.md section 4).

Everything here is exact: vectors are tuples of mpq or Algebraic numbers, ranks come from
Gaussian elimination, and normals of facets are computed without normalising until the
last step (so they stay rational on rational data).
"""

from __future__ import annotations

from operator import mul
from typing import Optional, Sequence

from gmpy2 import mpq

from symden.exact import Exact, exact_str, sqrt_exact

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
        raise ValueError("in_span_component needs linearly independent spanning vectors")
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
