"""Exact contractivity toward the clean points for a network ``R^2 -> R^2`` (docs/theory.md section 3).

The adopted definition: h is contractive if for every y, with x(y) a nearest clean point,
``|h(y) - x(y)| <= |y - x(y)|``. :func:`contractivity_profile_2d` decides it over the whole
plane, exactly, by computing the supremum of

    G(y) = max over the clean points x_n nearest to y of  g_n(y) = |h(y) - x_n|^2 - |y - x_n|^2

(squared distances keep every number exact; at a tie every nearest point counts, i.e. each
closed Voronoi cell is used with its own x_n). The claim holds iff ``sup G <= 0``. The
reported worst point maximises the *squared* difference, which is where the violation
``|h - x|^2 - |y - x|^2`` is largest, not necessarily where ``|h - x| - |y - x|`` is.

Method (no sampling, no floats):

1. **Arrangement.** The lines are every unit's kink line ``w.y + b = 0`` (w != 0), every
   perpendicular bisector of two clean points and the two axes ``y1 = 0``, ``y2 = 0`` (so that
   no face contains a whole line and every face has a vertex), deduplicated exactly. On each
   open face h is affine, ``h(y) = A y + beta`` (read from the activation pattern at an interior
   point), and the nearest clean point x_n is unique; on the closed face, ``G >= g_n``, and G is
   the max of such ``g_n`` over the closed faces containing y. So ``sup G`` is the largest sup of
   a quadratic over a convex polygon.
2. **Vertices and edges.** Every line's intersections are sorted along it (exact comparisons)
   and grouped; a vertex is identified by the set of lines through it. At each vertex the
   outgoing edge directions are sorted by angle (half-plane, then cross product), and faces are
   traced corner to corner (each corner lies in exactly one face), which gives every face with
   its vertices in order and, for an unbounded face, its two unbounded edges.
3. **Boundedness (Eaves 1971, proved directly here for the plane).** Write a closed face as
   ``F = P + K`` (P the hull of its vertices, K its recession cone: {0}, one ray, or the cone of
   its two unbounded edges) and ``g(p + r u) = g(p) + r l(p, u) + r^2 Q(u)`` with
   ``Q(u) = |A u|^2 - |u|^2`` and ``l(p, u) = grad g(p) . u``. g is bounded above on F iff
   (a) ``Q <= 0`` on K and (b) ``l(y, d) <= 0`` for every y in F and every d in K with
   ``Q(d) = 0``. Necessity: a failure gives a half-line in F along which g grows. Sufficiency:
   Q is a binary quadratic form, so either Q = 0 (then l is linear in u and (b) on the
   generators bounds g) or its zeros on the arc of unit directions of K are finitely many,
   each of order 1 or 2; near a zero u0, ``|Q(u)| >= c |u - u0|^k`` (k = 1 or 2) while by (b)
   ``l(p, u)_+ <= C |u - u0|``, so ``sup_r g = g(p) + l_+^2 / (4 |Q|)`` stays bounded uniformly
   over the compact P. On K = cone(e1, e2), Q is positive somewhere iff ``Q(e1) > 0``,
   ``Q(e2) > 0`` or ``Q(e1, e2) > 0`` with ``Q(e1, e2)^2 > Q(e1) Q(e2)``; its zero rays are the
   generators where Q = 0 and an interior double zero. For such a d, ``l(y, d)`` is affine in
   y, so (b) holds iff it is <= 0 at every vertex of F and does not increase along K. When a
   condition fails an exact witness y in the closed face with ``G(y) >= g_n(y) > 0`` is built.
4. **Attainment and candidates.** A quadratic bounded above on a polyhedron attains its sup
   (Frank-Wolfe 1956), at a point y* in the relative interior of a vertex, an edge or the face.
   So the candidates are: every vertex; on every edge (h is affine along it) the maximiser of
   the 1-D quadratic if it is strictly concave and its critical point lies inside; in every
   face the unique critical point of g_n if its Hessian is negative definite and the point is
   in the closed face. A singular Hessian needs nothing more: g is constant along a kernel line
   through an interior maximiser, which then reaches the boundary (no face contains a line),
   where the maximum is also attained. Every candidate's G is evaluated afresh from the
   network itself, with every nearest clean point.

Complexity: with L lines (units + bisectors + 2) there are O(L^2) vertices, edges and faces.
Building the arrangement costs O(L^2 log L) exact comparisons; reading each face's affine piece
and nearest point, and evaluating G at each of the O(L^2) candidates, costs O(K + N) for K
units and N clean points, so O(L^2 (log L + K + N)) in all. Measured with rational data: 28
lines 0.07 s, 47 lines 0.3 s, 70 lines 0.7 s.

What is exact and what is not: every decision is an exact comparison of mpq or Algebraic
numbers. The one way to get ``status == "inconclusive"`` is an algebraic sign that interval
evaluation cannot settle (an ``ArithmeticError`` from :mod:`symden._algebraic`); rational data
are always decided.
"""

from __future__ import annotations

from functools import cmp_to_key
from typing import Optional, Sequence

from symden.errors import InvalidDataError
from symden.exact import Exact, brief, exact, mpq
from symden.network import ShallowNetwork

__all__ = ["contractivity_profile_2d"]

_ZERO = mpq(0)
_ONE = mpq(1)


class _Inconsistent(RuntimeError):
    """An internal check that must hold by the mathematics failed: a bug, never a verdict."""


def _count(n: int, one: str, many: Optional[str] = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _sgn(x: Exact) -> int:
    if x > 0:
        return 1
    if x < 0:
        return -1
    return 0


def _cross(u: tuple, v: tuple) -> Exact:
    return u[0] * v[1] - u[1] * v[0]


def _dot(u: tuple, v: tuple) -> Exact:
    return u[0] * v[0] + u[1] * v[1]


def _sub(u: tuple, v: tuple) -> tuple:
    return (u[0] - v[0], u[1] - v[1])


def _add(u: tuple, v: tuple) -> tuple:
    return (u[0] + v[0], u[1] + v[1])


def _scale(t: Exact, u: tuple) -> tuple:
    return (t * u[0], t * u[1])


def _sq(u: tuple) -> Exact:
    return u[0] * u[0] + u[1] * u[1]


def _angle_cmp(u: tuple, v: tuple) -> int:
    """Order directions by angle in [0, 2 pi), exactly."""
    hu = 0 if (u[1] > 0 or (u[1] == 0 and u[0] > 0)) else 1
    hv = 0 if (v[1] > 0 or (v[1] == 0 and v[0] > 0)) else 1
    if hu != hv:
        return hu - hv
    c = _cross(u, v)
    return -1 if c > 0 else (1 if c < 0 else 0)


def _mat_vec(A: tuple, v: tuple) -> tuple:
    return (A[0][0] * v[0] + A[0][1] * v[1], A[1][0] * v[0] + A[1][1] * v[1])


def _mat_t_vec(A: tuple, v: tuple) -> tuple:
    return (A[0][0] * v[0] + A[1][0] * v[1], A[0][1] * v[0] + A[1][1] * v[1])


class _Face:
    """One face of the arrangement: corners in counter-clockwise order, affine piece, nearest point."""

    __slots__ = ("corners", "rays", "bounds", "point", "A", "beta", "n")

    def __init__(self, corners: list, rays: Optional[tuple], bounds: list, point: tuple, A: tuple, beta: tuple, n: int):
        self.corners = corners  # vertex coordinates, CCW
        self.rays = rays        # None (bounded) or the generators of the recession cone (1 or 2 directions)
        self.bounds = bounds    # (normal, offset, sign): the face is sign*(normal.y + offset) >= 0 for each
        self.point = point      # an interior point
        self.A, self.beta, self.n = A, beta, n


def _clean_points(clean: Sequence) -> tuple:
    points = []
    for i, x in enumerate(clean):
        x = tuple(x)
        if len(x) != 2:
            raise InvalidDataError(f"clean[{i}] has {len(x)} coordinates; contractivity_profile_2d needs points of R^2")
        p = (exact(x[0], name=f"clean[{i}][0]"), exact(x[1], name=f"clean[{i}][1]"))
        if not any(p == q for q in points):  # a repeated clean point changes nothing
            points.append(p)
    if not points:
        raise InvalidDataError("contractivity_profile_2d needs at least one clean point")
    return tuple(points)


def _normalise(w1: Exact, w2: Exact, b: Exact) -> tuple:
    """The line ``w1 y1 + w2 y2 + b = 0`` scaled so that the first non-zero normal coordinate is 1."""
    if w1 != 0:
        return (_ONE, w2 / w1, b / w1)
    return (_ZERO, _ONE, b / w2)


def _lines(network: ShallowNetwork, clean: tuple) -> tuple:
    """The arrangement's lines (normalised, exactly deduplicated) and how many come from each source."""
    raw = []
    for u in network.units:
        if u.w[0] != 0 or u.w[1] != 0:
            raw.append(("unit", _normalise(u.w[0], u.w[1], u.b)))
    for i in range(len(clean)):
        for j in range(i + 1, len(clean)):
            p, q = clean[i], clean[j]
            # |y - p|^2 = |y - q|^2  <=>  2 (q - p).y + |p|^2 - |q|^2 = 0
            raw.append(("bisector", _normalise(2 * (q[0] - p[0]), 2 * (q[1] - p[1]), _sq(p) - _sq(q))))
    raw.append(("axis", (_ONE, _ZERO, _ZERO)))
    raw.append(("axis", (_ZERO, _ONE, _ZERO)))
    lines: list = []
    kinds = {"unit": 0, "bisector": 0, "axis": 0}
    for kind, line in raw:
        if not any(line[0] == m[0] and line[1] == m[1] and line[2] == m[2] for m in lines):
            lines.append(line)
            kinds[kind] += 1
    return tuple(lines), kinds


def _arrangement(lines: tuple) -> tuple:
    """Vertices, per-line sorted vertex lists, and per-vertex outgoing edges sorted by angle.

    Returns ``(coords, on_line, out, index)``: ``coords[v]`` the vertex coordinates,
    ``on_line[i]`` the vertex ids along line i in the order of its direction, ``out[v]`` a list
    of ``(direction, line, sign, neighbour or None)`` sorted counter-clockwise, and
    ``index[v][(line, sign)]`` the position of that direction in ``out[v]``.
    """
    dirs = [(-line[1], line[0]) for line in lines]
    along: list = [[] for _ in lines]
    for i, (a1, b1, c1) in enumerate(lines):
        for j in range(i + 1, len(lines)):
            a2, b2, c2 = lines[j]
            det = a1 * b2 - a2 * b1
            if det == 0:
                continue
            p = ((-c1 * b2 + c2 * b1) / det, (-a1 * c2 + a2 * c1) / det)
            along[i].append((_dot(dirs[i], p), j, p))
            along[j].append((_dot(dirs[j], p), i, p))
    ids: dict = {}
    coords: list = []
    on_line: list = []
    for i, items in enumerate(along):
        items.sort(key=lambda item: item[0])
        verts: list = []
        k = 0
        while k < len(items):
            t, _, p = items[k]
            members = {i}
            while k < len(items) and items[k][0] == t:
                members.add(items[k][1])
                k += 1
            key = frozenset(members)  # the set of lines through a point identifies it exactly
            if key not in ids:
                ids[key] = len(coords)
                coords.append(p)
            verts.append(ids[key])
        on_line.append(verts)
    out: list = [[] for _ in coords]
    for i, verts in enumerate(on_line):
        d, back = dirs[i], (-dirs[i][0], -dirs[i][1])
        for k, v in enumerate(verts):
            out[v].append((d, i, 1, verts[k + 1] if k + 1 < len(verts) else None))
            out[v].append((back, i, -1, verts[k - 1] if k > 0 else None))
    key = cmp_to_key(lambda e, f: _angle_cmp(e[0], f[0]))
    index: list = []
    for v in range(len(coords)):
        out[v].sort(key=key)
        index.append({(e[1], e[2]): k for k, e in enumerate(out[v])})
    return coords, on_line, out, index


def _trace_faces(coords: list, out: list, index: list) -> list:
    """Every face as ``(corners, boundary lines, rays)``; a corner ``(v, k)`` is the sector from
    ``out[v][k]`` counter-clockwise to ``out[v][k+1]``, and each corner lies in exactly one face."""
    seen: set = set()
    faces = []
    for v0 in range(len(coords)):
        for k0 in range(len(out[v0])):
            if (v0, k0) in seen:
                continue
            start = (v0, k0)
            forward = [start]
            closed, ray_out = False, None
            v, k = start
            while True:  # walk along out[v][k], face on the left
                _, line, sign, nxt = out[v][k]
                if nxt is None:
                    ray_out = out[v][k][0]
                    break
                j = index[nxt][(line, -sign)]
                v, k = nxt, (j - 1) % len(out[nxt])
                if (v, k) == start:
                    closed = True
                    break
                forward.append((v, k))
            backward: list = []
            ray_in = None
            if not closed:
                v, k = start
                while True:  # walk along out[v][k+1], face on the right
                    _, line, sign, nxt = out[v][(k + 1) % len(out[v])]
                    if nxt is None:
                        ray_in = out[v][(k + 1) % len(out[v])][0]
                        break
                    v, k = nxt, index[nxt][(line, -sign)]
                    backward.append((v, k))
            corners = backward[::-1] + forward
            seen.update(corners)
            bounds = set()
            for v, k in corners:
                bounds.add(out[v][k][1])
                bounds.add(out[v][(k + 1) % len(out[v])][1])
            faces.append((corners, bounds, None if closed else (ray_in, ray_out)))
    return faces


def contractivity_profile_2d(network: ShallowNetwork, clean: tuple) -> dict:
    """The exact supremum over the plane of ``G(y) = max_{x_n nearest to y} |h(y) - x_n|^2 - |y - x_n|^2``.

    h is contractive toward the clean points (docs/theory.md section 3, adopted definition) iff the
    supremum is ``<= 0``. Squared distances keep every number exact, so the reported worst point
    maximises the *squared* difference. Decided exactly over the whole plane: see the module
    docstring for the method.

    Parameters
    ----------
    network
        A :class:`ShallowNetwork` of dimension 2.
    clean
        The clean points x_1..x_N, each a pair of exact numbers (repeats are ignored).

    Returns
    -------
    dict
        ``sup`` (exact, or None when unbounded above or inconclusive), ``argmax`` (a point
        attaining the sup, or when unbounded a witness with G > 0), ``nearest`` (the clean point
        used there), ``value`` (G at argmax), ``h(argmax)``, ``status`` ("exact" or
        "inconclusive"), ``reason``, ``zeros`` (the sorted candidate points where G = 0; empty
        when unbounded) and ``counts`` (lines, vertices, faces, candidates). ``zeros`` lists
        candidate points only: G may also vanish on whole segments or regions (h = identity
        has G = 0 everywhere), which are not enumerated.
    """
    if not isinstance(network, ShallowNetwork):
        raise InvalidDataError(f"expected a ShallowNetwork, got {type(network).__name__}")
    if network.dim != 2:
        raise InvalidDataError(f"contractivity_profile_2d needs a network R^2 -> R^2; this one has dimension {network.dim}")
    points = _clean_points(clean)
    try:
        return _profile(network, points)
    except ArithmeticError as exc:  # an algebraic sign that interval evaluation could not settle
        return {
            "sup": None, "argmax": None, "nearest": None, "value": None, "h(argmax)": None,
            "status": "inconclusive", "reason": f"an exact comparison could not be decided: {exc}", "zeros": (),
            "counts": {},
        }


def _profile(network: ShallowNetwork, clean: tuple) -> dict:
    lines, kinds = _lines(network, clean)
    coords, on_line, out, index = _arrangement(lines)
    traced = _trace_faces(coords, out, index)

    def evaluate(y: tuple) -> tuple:
        """``(G(y), index of the nearest clean point attaining it, h(y))``, straight from the network."""
        hy = network(y)
        dist = [_sq(_sub(y, x)) for x in clean]
        m = min(dist)
        best = None
        for n, x in enumerate(clean):
            if dist[n] == m:
                g = _sq(_sub(hy, x)) - m
                if best is None or g > best[0]:
                    best = (g, n)
        return best[0], best[1], hy

    def nearest_set(y: tuple) -> list:
        dist = [_sq(_sub(y, x)) for x in clean]
        m = min(dist)
        return [n for n, d in enumerate(dist) if d == m]

    candidates: dict = {}  # point -> (G, n, h)

    def add(y: tuple) -> None:
        if y not in candidates:
            candidates[y] = evaluate(y)

    # (i) vertices
    h_at = []
    for p in coords:
        add(p)
        h_at.append(candidates[p][2])

    # (ii) edges: h is affine along each edge; add the maximiser of each strictly concave restriction
    def edge(u: tuple, hu: tuple, dy: tuple, dh: tuple, probe: tuple, t_max: Optional[Exact]) -> None:
        a = _sq(dh) - _sq(dy)
        if not a < 0:
            return
        for n in nearest_set(probe):  # constant on the open edge: no bisector crosses it
            x = clean[n]
            b = 2 * (_dot(_sub(hu, x), dh) - _dot(_sub(u, x), dy))
            t = -b / (2 * a)
            if t > 0 and (t_max is None or t < t_max):
                add(_add(u, _scale(t, dy)))

    for i, verts in enumerate(on_line):
        d = (-lines[i][1], lines[i][0])
        for v, w in zip(verts, verts[1:]):
            u, hu = coords[v], h_at[v]
            edge(u, hu, _sub(coords[w], u), _sub(h_at[w], hu), _scale(mpq(1, 2), _add(u, coords[w])), _ONE)
        for v, e in ((verts[-1], d), (verts[0], (-d[0], -d[1]))):
            u, hu = coords[v], h_at[v]
            probe = _add(u, e)
            edge(u, hu, e, _sub(network(probe), hu), probe, None)

    # (iii) faces: affine piece, boundedness, interior critical point
    V = network.V
    witness = None
    for corners, bound_ids, rays in traced:
        cs = [coords[v] for v, _ in corners]
        if rays is None:
            q = _scale(mpq(1, 3), _add(_add(cs[0], cs[1]), cs[2]))
            cone: tuple = ()
        else:
            ray_in, ray_out = rays
            mid = _scale(mpq(1, 2), _add(cs[0], cs[-1]))
            if _cross(ray_in, ray_out) != 0:
                q = _add(mid, _add(ray_in, ray_out))
                cone = (ray_out, ray_in)
            else:
                q = _add(mid, ray_out)
                cone = (ray_out,)
        A = [[V[0][0], V[0][1]], [V[1][0], V[1][1]]]
        beta = [network.c[0], network.c[1]]
        for unit in network.units:
            if unit.preactivation(q) > 0:
                for r in range(2):
                    beta[r] += unit.a[r] * unit.b
                    for s in range(2):
                        A[r][s] += unit.a[r] * unit.w[s]
        A, beta = (tuple(A[0]), tuple(A[1])), tuple(beta)
        near = nearest_set(q)
        if len(near) != 1:
            raise _Inconsistent(f"the interior point {q} of a face is equidistant from two clean points")
        n = near[0]
        x = clean[n]
        bounds = []
        for i in bound_ids:
            nrm, off = (lines[i][0], lines[i][1]), lines[i][2]
            s = _sgn(_dot(nrm, q) + off)
            if s == 0:
                raise _Inconsistent(f"the interior point {q} of a face lies on one of its boundary lines")
            bounds.append((nrm, off, s))
        face = _Face(cs, cone or None, bounds, q, A, beta, n)
        if witness is None and cone:
            witness = _unbounded_witness(face, x)
        # interior critical point: (A^T A - I) y = A^T (x - beta) - x, kept when the Hessian is negative definite
        m11 = A[0][0] * A[0][0] + A[1][0] * A[1][0] - 1
        m12 = A[0][0] * A[0][1] + A[1][0] * A[1][1]
        m22 = A[0][1] * A[0][1] + A[1][1] * A[1][1] - 1
        det = m11 * m22 - m12 * m12
        if m11 < 0 and det > 0:
            rhs = _sub(_mat_t_vec(A, _sub(x, beta)), x)
            y = ((m22 * rhs[0] - m12 * rhs[1]) / det, (m11 * rhs[1] - m12 * rhs[0]) / det)
            if all(s * (_dot(nrm, y) + off) >= 0 for nrm, off, s in bounds):
                add(y)

    counts = {
        "lines": len(lines), "unit lines": kinds["unit"], "bisectors": kinds["bisector"], "axes": kinds["axis"],
        "vertices": len(coords), "faces": len(traced), "candidates": len(candidates),
    }
    where = (f"arrangement of {_count(len(lines), 'line')} ({_count(kinds['unit'], 'unit kink line')}, "
             f"{_count(kinds['bisector'], 'bisector')}, {_count(kinds['axis'], 'axis', 'axes')}): "
             f"{_count(len(coords), 'vertex', 'vertices')}, {_count(len(traced), 'face')}")
    if witness is not None:
        y, why = witness
        g, n, hy = evaluate(y)
        if not g > 0:
            raise _Inconsistent(f"the unboundedness witness {y} has G = {g} <= 0")
        return {
            "sup": None, "argmax": y, "nearest": clean[n], "value": g, "h(argmax)": hy, "status": "exact",
            "reason": f"sup G = +infinity: {why}; witness G = {brief(g)} > 0 (decided exactly on the {where})",
            "zeros": (), "counts": counts,
        }
    best_y, best = None, None
    for y, rec in candidates.items():
        if best is None or rec[0] > best[0] or (rec[0] == best[0] and y < best_y):
            best_y, best = y, rec
    zeros: list = []
    for y, rec in candidates.items():
        if rec[0] == 0 and not any(y == z for z in zeros):
            zeros.append(y)
    g, n, hy = best
    verdict = "contractive" if g <= 0 else "not contractive"
    return {
        "sup": g, "argmax": best_y, "nearest": clean[n], "value": g, "h(argmax)": hy, "status": "exact",
        "reason": (f"{verdict}: sup G = {brief(g)} attained at y = ({brief(best_y[0])}, {brief(best_y[1])}); every face's "
                   f"quadratic is bounded above (Eaves) and so attains its sup (Frank-Wolfe) at a vertex, an edge "
                   f"critical point or an interior critical point, all evaluated exactly on the {where}"),
        "zeros": tuple(sorted(zeros)), "counts": counts,
    }


def _unbounded_witness(face: _Face, x: tuple) -> Optional[tuple]:
    """``(y, why)`` with y in the closed face and ``g_n(y) > 0`` when g_n is unbounded above on it, else None.

    Eaves' conditions for ``g(y) = |A y + beta - x|^2 - |y - x|^2`` on ``F = conv(corners) + K``.
    """
    A, beta = face.A, face.beta

    def g(y: tuple) -> Exact:
        return _sq(_sub(_add(_mat_vec(A, y), beta), x)) - _sq(_sub(y, x))

    def slope(y: tuple, d: tuple) -> Exact:  # grad g(y) . d
        return 2 * (_dot(_sub(_add(_mat_vec(A, y), beta), x), _mat_vec(A, d)) - _dot(_sub(y, x), d))

    def Q(d: tuple, e: tuple) -> Exact:  # the bilinear form of the quadratic part
        return _dot(_mat_vec(A, d), _mat_vec(A, e)) - _dot(d, e)

    rays = face.rays
    # 1. Q > 0 somewhere on the recession cone: quadratic growth
    grow = None
    for e in rays:
        if Q(e, e) > 0:
            grow = e
            break
    if grow is None and len(rays) == 2:
        e1, e2 = rays
        q11, q12, q22 = Q(e1, e1), Q(e1, e2), Q(e2, e2)
        if q12 > 0 and q12 * q12 > q11 * q22:  # Q(s e1 + e2) = q11 s^2 + 2 q12 s + q22 > 0 for some s > 0
            s = -q12 / q11 if q11 < 0 else (abs(q22) + 1) / (2 * q12)
            grow = _add(_scale(s, e1), e2)
    if grow is not None:
        p, qd = face.point, Q(grow, grow)
        t = (abs(slope(p, grow)) + abs(g(p))) / qd + 1
        return _add(p, _scale(t, grow)), "the squared difference grows quadratically along a recession direction of a face"
    # 2. Q <= 0 on the cone: linear growth along the directions where Q = 0
    zero_dirs = [e for e in rays if Q(e, e) == 0]
    if len(rays) == 2:
        e1, e2 = rays
        q11, q12, q22 = Q(e1, e1), Q(e1, e2), Q(e2, e2)
        if q11 < 0 and q12 > 0 and q12 * q12 == q11 * q22:  # a double zero inside the cone
            zero_dirs.append(_add(_scale(-q12 / q11, e1), e2))
    for d in zero_dirs:
        md = _sub(_mat_t_vec(A, _mat_vec(A, d)), d)  # slope(y, d) = 2 md . y + const
        for e in rays:
            if _dot(md, e) > 0:  # the slope itself grows along e: move there first
                base = face.corners[0]
                s = (abs(slope(base, d)) + 1) / (2 * _dot(md, e))
                base = _add(base, _scale(s, e))
                t = (abs(g(base)) + 1) / slope(base, d)
                return _add(base, _scale(t, d)), "the squared difference grows linearly along a recession direction of a face"
        for base in face.corners:
            sl = slope(base, d)
            if sl > 0:
                t = (abs(g(base)) + 1) / sl
                return _add(base, _scale(t, d)), "the squared difference grows linearly along a recession direction of a face"
    return None
