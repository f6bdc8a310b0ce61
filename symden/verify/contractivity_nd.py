"""Exact contractivity toward the clean points for a network ``R^d -> R^d``, any d (docs/theory.md section 4.8).

The adopted definition (docs/theory.md section 3.6): h is contractive if for every y, with x(y) a
nearest clean point, ``|h(y) - x(y)| <= |y - x(y)|``. :func:`contractivity_profile_nd` decides it
over the whole of R^d, exactly, by computing the supremum of

    G(y) = max over the clean points x_n nearest to y of  g_n(y) = |h(y) - x_n|^2 - |y - x_n|^2

(each closed Voronoi cell is used with its own x_n). The claim holds iff ``sup G <= 0``. It is
the d-dimensional form of :mod:`symden.verify.contractivity2d` and returns the same record; the
numbers (mpq or :class:`~symden._algebraic.Algebraic`, e.g. ``sqrt(5)/2`` in face-aligned
closed forms) are only ever compared exactly.

Method (no sampling, no floats)
-------------------------------
1. **Arrangement.** The hyperplanes are every unit's kink ``w.y + b = 0`` (w != 0), every bisector
   of two clean points and, when these normals do not span R^d, the fewest coordinate
   hyperplanes ``y_j = 0`` that make them span (a subdivision only: it cannot change the sup, and
   it makes every cell *pointed*, i.e. free of lines). Each is scaled so that its first non-zero
   normal coordinate is 1 and deduplicated exactly. A *face* is a non-empty set of points with one
   sign vector in {-, 0, +}^H; it is relatively open in its *flat* (the intersection of the
   hyperplanes where its sign is 0). On a face, h is affine (the units whose sign is +
   contribute, those whose sign is 0 vanish on the flat) and the set of nearest clean points is
   constant (read off the bisector signs).
2. **Exact face enumeration by sign vectors.** The vertices are the intersections of d
   hyperplanes with independent normals (exact solves, deduplicated by coordinates). A face of
   dimension k >= 1 has a facet (it is pointed and not a flat), so every face arises from a face
   F of dimension k-1 this way: take a flat L' of dimension k containing L = flat(F) (L' is the
   intersection of the hyperplanes through L whose normals lie in a (d-k)-dimensional span of
   such normals), a direction u in L' not in L, and a point p of F; for small e > 0, p + e u keeps
   every sign of F off L, is 0 on the hyperplanes containing L', and has the sign of ``a_i.u``
   (never 0: such H_i meets L' exactly in L) on the others through L. The two choices +-u give
   the two faces of dimension k in L' with F in their boundary. So the faces of dimension k are
   generated from those of dimension k-1 with bit operations only, no point and no LP; the up-
   flats of every flat are computed once.
3. **Candidates.** Let C be a cell (a face of dimension d) with ``g_C = g_n`` for its nearest x_n
   and h's affine piece. A quadratic bounded above on a polyhedron attains its sup (Frank-Wolfe
   1956) at some y* in a face F of the closed cell. y* is a local maximiser of g_C on F, which is
   open in its flat L, so y* is a stationary point of ``g_C | L`` with negative semi-definite
   Hessian. If that Hessian is singular, g_C is constant on the kernel line through y* in L, which
   leaves F (a face of a pointed cell contains no line) at a lower-dimensional face, where the
   maximum is also attained; repeat. So some maximiser is a vertex or the unique stationary point
   of ``g_C | L`` for a face F with a *negative definite* restricted Hessian. On L, ``g_C = g_m``
   with m = n nearest on F (closure) and h's piece on F (continuity). The candidates are
   therefore: every vertex; for every face F of dimension >= 1 and every clean point nearest on F,
   the stationary point of the quadratic ``|h_F(y) - x_m|^2 - |y - x_m|^2`` on flat(F) when its
   Hessian there is negative definite and the point lies in the closed face. A vertex is valued
   by G itself, evaluated from the network with every nearest clean point; a stationary point y
   of face F by its quadratic, ``g_m(y) <= G(y)`` (y is in the closed face, where x_m is nearest
   and h is the face's piece). Every value is a lower bound of sup G and the largest is sup G;
   the network is evaluated again at the worst point, and must give exactly that value.
4. **Boundedness.** Write ``g(y) = y.Q y + 2 c.y + const`` with ``Q = A^T A - I`` on the closed cell
   C (pointed, so ``C = conv(V) + K`` with V its vertices and K = {d : s_i a_i.d >= 0} its
   recession cone), ``q(d) = d.Q d`` and ``l(y, d) = 2 (Q y + c).d``.

   *Lemma (Eaves 1971, proved here).* g is bounded above on C iff it is bounded on every half-line
   of C, i.e. (a) ``q <= 0`` on K and (b) ``l(y, d) <= 0`` for y in C and d in K with q(d) = 0.
   Proof of sufficiency, by induction on dim C (dim 0 is trivial): if ``g(y_k) -> +inf`` with
   y_k in C, then ``|y_k| -> inf``; pass to ``y_k/|y_k| -> u`` in K. If ``q(u) < 0`` then
   ``g(y_k)/|y_k|^2 -> q(u) < 0``, impossible, so ``q(u) = 0``. Let ``z_k = y_k - t_k u`` with t_k
   the largest t keeping y_k - t u in C (finite: C has no line). Then z_k lies in a proper face
   and ``g(y_k) = g(z_k) + t_k l(z_k, u) <= g(z_k)`` by (b), so g is unbounded on one of the
   finitely many proper faces, whose half-lines are half-lines of C: contradiction by induction.

   (b) reduces to the vertices: for d with q(d) = 0 and r in K, (a) gives ``q(d + e r) <= 0`` for
   e > 0, hence ``r.Q d <= 0``; so ``l(sum lam_v v + r, d) <= max_v l(v, d)``. Both conditions are
   decided on the faces T (relatively open cones) of the *central* arrangement of the normals that
   lie in K; on each, e_T = sum of s_J a_J over its non-zero signs is positive on closure(T) minus 0.

   (a): if q > 0 somewhere on K, take T of least dimension where it is; q <= 0 on the relative
   boundary of T. If dim T = 1, q is positive on its ray. Otherwise the maximum of q over the
   polytope ``closure(T) n {e_T.d = 1}`` is positive, hence attained in the relative interior, at
   a local maximiser of q on ``span(T) n {e_T.d = 1}``; a singular Hessian there would give a
   constant kernel line reaching the relative boundary, so the Hessian is negative definite and
   the maximiser is the unique stationary point: one exact solve per face T.

   (b), given (a): the zeros of q in K are its maximisers there; a zero u in T is a local maximiser
   of q on span(T), so ``q | span(T)`` is negative semi-definite and u is in its kernel N_T (and
   every point of N_T n closure(T) is a zero). If ``l(v, .) > 0`` at some zero, take T of least
   dimension where it is; then ``l(v, .) <= 0`` on ``D = N_T n closure(T)`` minus T, so an extreme
   ray of the pointed cone D with ``l(v, .) > 0`` lies in T, where D is locally N_T: hence
   dim N_T = 1. So (b) fails iff for some face T with ``q | span(T)`` negative semi-definite of
   nullity 1, kernel u (oriented into T, where it must lie), and some vertex v of C,
   ``(Q v + c).u > 0``.

   A failure gives an exact witness y in C with ``G(y) >= g_C(y) > 0``: ``y = p + t u`` with
   ``t = (|l(p, u)| + |g(p)|)/q(u) + 1`` for (a), ``y = v + t u`` with ``t = (|g(v)| + 1)/l(v, u)``
   for (b).

Complexity: with H hyperplanes there are O(H^d) faces (C(H, d) d-sets are tried as vertices);
each face costs bit operations to generate, and each distinct (flat, active units, nearest
point) one exact k x k solve; each cell that is not strictly concave, a pass over the central
faces of its recession cone. :func:`estimated_work` is C(H, d), times :data:`ALGEBRAIC_FACTOR`
with irrational coefficients, and the call refuses (inconclusive) above ``max_work``. Measured
(``python benchmarks/bench_contractivity.py``, median of 3): three orthogonal rays in R^3 (12
hyperplanes, 535 faces) 0.03 s; two points on one ray (18, 1937) 0.10 s; the edge-aligned
simplex with irrational kinks (12, 723) 0.15 s; the face-aligned regular tetrahedron, sqrt(3)
coefficients (14, 1139) 0.8 s; four orthogonal rays in R^4 (18, 5721) 0.6 s.

What is exact and what is not: every decision is an exact comparison of mpq or Algebraic numbers.
``status == "inconclusive"`` comes only from an algebraic sign that cannot be settled or an exact
limit (an ``ArithmeticError``, including :class:`~symden.errors.ExactLimitError`) or from more
faces than ``max_faces``; the reason names which.
"""

from __future__ import annotations

from itertools import combinations
from math import comb
from typing import Optional, Sequence

from symden.errors import InvalidDataError
from symden.exact import Exact, brief, exact, mpq
from symden.geometry import row_reduce, solve
from symden.network import ShallowNetwork

__all__ = ["contractivity_profile_nd"]

_ZERO = mpq(0)
_ONE = mpq(1)

#: Default bound on the number of faces of the arrangement (all dimensions) before giving up.
MAX_FACES = 2_000_000
#: Default bound on the estimated work, checked before any enumeration: C(H, d) (the d-sets of the H
#: hyperplanes tried as vertices; the faces and exact solves grow like it), times ALGEBRAIC_FACTOR when
#: some hyperplane or network coefficient is irrational. Measured: about 0.4 ms per unit of work.
MAX_WORK = 20_000
#: Exact arithmetic on Algebraic numbers costs about this many times mpq arithmetic here (measured).
ALGEBRAIC_FACTOR = 8


class _Inconsistent(RuntimeError):
    """An internal check that must hold by the mathematics failed: a bug, never a verdict."""


class _TooLarge(Exception):
    pass


def _count(n: int, one: str, many: Optional[str] = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _dot(u, v) -> Exact:
    s = _ZERO
    for a, b in zip(u, v):
        if a != 0 and b != 0:
            s = s + a * b
    return s


def _sub(u, v) -> tuple:
    return tuple(a - b for a, b in zip(u, v))


def _add(u, v) -> tuple:
    return tuple(a + b for a, b in zip(u, v))


def _scale(t, u) -> tuple:
    return tuple(t * a for a in u)


def _sq(u) -> Exact:
    return _dot(u, u)


def _mat_vec(A, v) -> tuple:
    return tuple(_dot(row, v) for row in A)


def _nullspace(rows: list, d: int) -> list:
    """A basis of ``{x in R^d : r.x = 0 for every r in rows}`` (exact RREF)."""
    rows, pivots = row_reduce([list(r) for r in rows if any(x != 0 for x in r)], d)
    free = [c for c in range(d) if c not in pivots]
    basis = []
    for fc in free:
        v = [_ZERO] * d
        v[fc] = _ONE
        for i, pc in enumerate(pivots):
            v[pc] = -rows[i][fc]
        basis.append(tuple(v))
    return basis


def _det(M: list) -> Exact:
    M = [list(r) for r in M]
    k = len(M)
    det = _ONE
    for col in range(k):
        piv = next((i for i in range(col, k) if M[i][col] != 0), None)
        if piv is None:
            return _ZERO
        if piv != col:
            M[col], M[piv] = M[piv], M[col]
            det = -det
        p = M[col][col]
        det = det * p
        for i in range(col + 1, k):
            if M[i][col] != 0:
                f = M[i][col] / p
                M[i] = [x - f * y for x, y in zip(M[i], M[col])]
    return det


def _negative_definite(H: list) -> bool:
    """Sylvester: -H is positive definite iff its leading principal minors are all > 0."""
    for k in range(1, len(H) + 1):
        if not _det([[-x for x in row[:k]] for row in H[:k]]) > 0:
            return False
    return True


def _negative_semidefinite(H: list) -> bool:
    """-H is positive semi-definite iff all its principal minors are >= 0."""
    k = len(H)
    for size in range(1, k + 1):
        for idx in combinations(range(k), size):
            if _det([[-H[i][j] for j in idx] for i in idx]) < 0:
                return False
    return True


def _gram(P, R, M) -> list:
    """``P^T M R`` for column lists P, R (vectors) and a square matrix M."""
    MR = [_mat_vec(M, r) for r in R]
    return [[_dot(p, mr) for mr in MR] for p in P]


def _clean_points(clean: Sequence, d: int) -> tuple:
    points = []
    for i, x in enumerate(clean):
        x = tuple(x)
        if len(x) != d:
            raise InvalidDataError(f"clean[{i}] has {len(x)} coordinates; the network is R^{d} -> R^{d}")
        p = tuple(exact(v, name=f"clean[{i}][{j}]") for j, v in enumerate(x))
        if not any(p == q for q in points):  # a repeated clean point changes nothing
            points.append(p)
    if not points:
        raise InvalidDataError("contractivity_profile_nd needs at least one clean point")
    return tuple(points)


def _normalise(w: tuple, b: Exact) -> tuple:
    """``(a, beta, lam)`` with ``w.y + b = lam (a.y + beta)`` and the first non-zero coordinate of a equal to 1."""
    lam = next(v for v in w if v != 0)
    return tuple(v / lam for v in w), b / lam, lam


class _Arrangement:
    """Hyperplanes ``a_i.y + b_i = 0`` whose normals span R^d, their flats and all their faces.

    A face is a pair of bit masks ``(pos, neg)``; the zero set is the complement. ``faces[k]`` is
    the set of faces of dimension k; ``flats`` maps a zero mask to ``(dim, basis, point)``.
    """

    def __init__(self, normals: list, offsets: list, d: int, max_faces: int, *, central: bool = False):
        self.a, self.b, self.d = normals, offsets, d
        self.H = len(normals)
        self.all = (1 << self.H) - 1
        self.flats: dict = {}
        self.up: dict = {}
        self.vertices: list = []  # (point, pos, neg)
        self.faces: list = []
        self.max_faces = max_faces
        if central:  # the normals span R^d: the origin is the only vertex
            origin = tuple([_ZERO] * d)
            self.vertices.append((origin, 0, 0))
            self.flats[self.all] = (0, [], origin)
        else:
            self._vertices()
        self._faces()

    def values(self, y) -> list:
        return [_dot(ai, y) + bi for ai, bi in zip(self.a, self.b)]

    def masks(self, y) -> tuple:
        pos = neg = 0
        for i, v in enumerate(self.values(y)):
            if v > 0:
                pos |= 1 << i
            elif v < 0:
                neg |= 1 << i
        return pos, neg

    def _vertices(self) -> None:
        d, seen = self.d, {}
        if d == 0:
            return
        for combo in combinations(range(self.H), d):
            sol = solve([list(self.a[i]) for i in combo], [-self.b[i] for i in combo])
            if sol is None or sol in seen:
                continue
            pos, neg = self.masks(sol)
            seen[sol] = True
            z = self.all ^ (pos | neg)
            self.vertices.append((sol, pos, neg))
            self.flats.setdefault(z, (0, [], sol))

    def _members(self, mask: int) -> list:
        return [i for i in range(self.H) if mask >> i & 1]

    def _up(self, zmask: int) -> list:
        """The flats of one more dimension containing flat(zmask): ``(zero mask, plus, minus)`` per flat,
        plus and minus the hyperplanes through flat(zmask) but not the new flat on which ``a.u`` is > 0 / < 0."""
        if zmask in self.up:
            return self.up[zmask]
        dim, _, point = self.flats[zmask]
        Z = self._members(zmask)
        codim = self.d - dim
        out, found = [], []
        for S in combinations(Z, codim - 1):
            smask = 0
            for i in S:
                smask |= 1 << i
            if any(smask & f == smask for f in found):
                continue
            basis = _nullspace([self.a[i] for i in S], self.d)
            if len(basis) != dim + 1:
                continue  # dependent normals
            new = 0
            for i in Z:
                if all(_dot(self.a[i], m) == 0 for m in basis):
                    new |= 1 << i
            found.append(new)
            rest = [i for i in Z if not new >> i & 1]
            u = next(m for m in basis if _dot(self.a[rest[0]], m) != 0)
            plus = minus = 0
            for i in rest:
                s = _dot(self.a[i], u)
                if s > 0:
                    plus |= 1 << i
                elif s < 0:
                    minus |= 1 << i
                else:
                    raise _Inconsistent("a hyperplane through a flat contains a direction leaving it")
            if new not in self.flats:
                self.flats[new] = (dim + 1, basis, point)
            out.append((new, plus, minus))
        self.up[zmask] = out
        return out

    def _faces(self) -> None:
        level = {(pos, neg) for _, pos, neg in self.vertices}
        self.faces.append(level)
        total = len(level)
        for _ in range(1, self.d + 1):
            nxt: set = set()
            for pos, neg in level:
                for new, plus, minus in self._up(self.all ^ (pos | neg)):
                    nxt.add((pos | plus, neg | minus))
                    nxt.add((pos | minus, neg | plus))
            total += len(nxt)
            if total > self.max_faces:
                raise _TooLarge(f"the arrangement has more than {self.max_faces} faces (max_faces)")
            self.faces.append(nxt)
            level = nxt


def contractivity_profile_nd(network: ShallowNetwork, clean: Sequence, *, max_faces: int = MAX_FACES,
                             max_work: int = MAX_WORK) -> dict:
    """The exact supremum over R^d of ``G(y) = max_{x_n nearest to y} |h(y) - x_n|^2 - |y - x_n|^2``.

    h is contractive toward the clean points (docs/theory.md section 3.6, adopted definition) iff
    the supremum is ``<= 0``; the worst point maximises the *squared* difference. Decided exactly
    over the whole space for any dimension d: see the module docstring for the method and its
    proof. Same record as :func:`symden.verify.contractivity2d.contractivity_profile_2d`.

    Parameters
    ----------
    network
        A :class:`ShallowNetwork` ``R^d -> R^d`` (coefficients mpq or Algebraic).
    clean
        The clean points x_1..x_N, each a d-tuple of exact numbers (repeats are ignored).
    max_faces
        Give up (status "inconclusive") when the arrangement has more faces than this.
    max_work
        Give up before any enumeration when the estimated work, ``C(H, d)`` for H hyperplanes (times
        :data:`ALGEBRAIC_FACTOR` with irrational coefficients), exceeds this.

    Returns
    -------
    dict
        ``sup`` (exact, or None when unbounded above or inconclusive), ``argmax`` (a point attaining
        the sup, or when unbounded a witness with G > 0), ``nearest`` (the clean point used there),
        ``value`` (G at argmax), ``h(argmax)``, ``status`` ("exact" or "inconclusive"), ``reason``,
        ``zeros`` (sorted candidate points where G = 0; empty when unbounded) and ``counts``
        (hyperplanes by kind, vertices, faces per dimension, cells, candidates, cells whose
        recession cone had to be examined).

    Examples
    --------
    >>> from symden.network import ShallowNetwork
    >>> h = ShallowNetwork(units=[], V=[[2, 0, 0], [0, 2, 0], [0, 0, 2]], c=[0, 0, 0])
    >>> r = contractivity_profile_nd(h, [(0, 0, 0)])
    >>> r["status"], r["sup"], r["value"] > 0
    ('exact', None, True)
    """
    if not isinstance(network, ShallowNetwork):
        raise InvalidDataError(f"expected a ShallowNetwork, got {type(network).__name__}")
    d = network.dim
    points = _clean_points(clean, d)
    try:
        return _profile(network, points, max_faces, max_work)
    except (ArithmeticError, _TooLarge) as exc:  # an algebraic sign or exact limit, or the face bound
        what = "an exact comparison could not be decided" if isinstance(exc, ArithmeticError) else "limit reached"
        return {
            "sup": None, "argmax": None, "nearest": None, "value": None, "h(argmax)": None,
            "status": "inconclusive", "reason": f"{what}: {exc}", "zeros": (), "counts": {},
        }


def _hyperplanes(network: ShallowNetwork, clean: tuple, d: int) -> tuple:
    """Deduplicated hyperplanes, kinds, each unit's (index, sign of lam), each bisector pair's (index, sign)."""
    index: dict = {}
    normals, offsets = [], []
    kinds = {"unit": 0, "bisector": 0, "coordinate": 0}

    def put(kind, w, b):
        a, beta, lam = _normalise(w, b)
        key = (a, beta)
        if key not in index:
            index[key] = len(normals)
            normals.append(a)
            offsets.append(beta)
            kinds[kind] += 1
        return index[key], (1 if lam > 0 else -1)

    units = []
    for u in network.units:
        if any(v != 0 for v in u.w):
            units.append(put("unit", u.w, u.b))
        else:
            units.append(None)
    pairs = {}
    for i in range(len(clean)):
        for j in range(i + 1, len(clean)):
            p, q = clean[i], clean[j]
            # |y - p|^2 - |y - q|^2 = 2 (q - p).y + |p|^2 - |q|^2: positive where q is nearer
            pairs[(i, j)] = put("bisector", tuple(2 * (b - a) for a, b in zip(p, q)), _sq(p) - _sq(q))
    # complete the normals to a spanning set with coordinate hyperplanes: every cell is then pointed
    basis_rows: list = []
    for a in normals:
        if len(_nullspace(basis_rows + [a], d)) < len(_nullspace(basis_rows, d)):
            basis_rows.append(a)
    for j in range(d):
        e = tuple(_ONE if k == j else _ZERO for k in range(d))
        if len(_nullspace(basis_rows + [e], d)) < len(_nullspace(basis_rows, d)):
            basis_rows.append(e)
            put("coordinate", e, _ZERO)
    return normals, offsets, kinds, units, pairs


def estimated_work(network: ShallowNetwork, clean: tuple, normals: list, offsets: list) -> int:
    """``C(H, d)``, times :data:`ALGEBRAIC_FACTOR` when a hyperplane or a network coefficient is irrational."""
    values = [v for a in normals for v in a] + list(offsets) + [v for x in clean for v in x] + list(network.c)
    values += [v for row in network.V for v in row]
    for u in network.units:
        values += list(u.a) + list(u.w) + [u.b]
    irrational = any(type(v) is not mpq for v in values)
    return comb(len(normals), network.dim) * (ALGEBRAIC_FACTOR if irrational else 1)


def _profile(network: ShallowNetwork, clean: tuple, max_faces: int, max_work: int) -> dict:
    d, N = network.dim, len(clean)
    normals, offsets, kinds, unit_planes, pairs = _hyperplanes(network, clean, d)
    work = estimated_work(network, clean, normals, offsets)
    if work > max_work:
        raise _TooLarge(f"{len(normals)} hyperplanes ({kinds['unit']} unit kinks, {kinds['bisector']} bisectors) in "
                        f"R^{d}: estimated work {work} (C({len(normals)}, {d})"
                        f"{' x ' + str(ALGEBRAIC_FACTOR) + ' for algebraic coefficients' if work > comb(len(normals), d) else ''})"
                        f" exceeds max_work = {max_work}")
    arr = _Arrangement(normals, offsets, d, max_faces)
    units = network.units
    up_mask = un_mask = 0  # hyperplanes whose positive (negative) side activates some unit
    for t in unit_planes:
        if t is not None:
            if t[1] > 0:
                up_mask |= 1 << t[0]
            else:
                un_mask |= 1 << t[0]
    bis_mask = 0
    for i, _ in pairs.values():
        bis_mask |= 1 << i
    V, c = network.V, network.c
    const_units = [u for u, t in zip(units, unit_planes) if t is None]

    piece_cache: dict = {}

    def piece(pos: int, neg: int) -> tuple:
        """h's affine piece ``(A, beta)`` where the unit hyperplanes have these signs (0: the unit vanishes)."""
        key = (pos & up_mask, neg & un_mask)  # the active units only: a unit with sign 0 vanishes on the flat
        got = piece_cache.get(key)
        if got is not None:
            return got
        A = [list(row) for row in V]
        beta = list(c)
        for u in const_units:
            if u.b > 0:
                beta = [x + ai * u.b for x, ai in zip(beta, u.a)]
        for u, t in zip(units, unit_planes):
            if t is None:
                continue
            i, s = t
            if (pos >> i & 1 and s > 0) or (neg >> i & 1 and s < 0):
                for r in range(d):
                    ar = u.a[r]
                    if ar != 0:
                        beta[r] = beta[r] + ar * u.b
                        for q in range(d):
                            if u.w[q] != 0:
                                A[r][q] = A[r][q] + ar * u.w[q]
        got = (tuple(tuple(row) for row in A), tuple(beta), key)
        piece_cache[key] = got
        return got

    near_cache: dict = {}

    def nearest_of(pos: int, neg: int) -> tuple:
        key = (pos & bis_mask, neg & bis_mask)
        got = near_cache.get(key)
        if got is not None:
            return got
        # cmp[n][m] = sign of |y - x_n|^2 - |y - x_m|^2 on the face
        out = []
        for n in range(N):
            ok = True
            for m in range(N):
                if m == n:
                    continue
                i, s = pairs[(min(n, m), max(n, m))]
                sg = (1 if pos >> i & 1 else (-1 if neg >> i & 1 else 0)) * s
                # sg = sign of |y - x_lo|^2 - |y - x_hi|^2
                diff = sg if n < m else -sg  # sign of |y - x_n|^2 - |y - x_m|^2
                if diff > 0:
                    ok = False
                    break
            if ok:
                out.append(n)
        got = tuple(out)
        near_cache[key] = got
        return got

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

    # candidates: point -> (a value <= G(point), index of the clean point giving it); the vertices are
    # evaluated from the network, the stationary points from their quadratic (the network is evaluated
    # again at the worst point, which must give the same number)
    candidates: dict = {}
    for p, _, _ in arr.vertices:
        g, n, _ = evaluate(p)
        candidates[p] = (g, n)

    def in_closed(y: tuple, pos: int, neg: int) -> bool:
        for i in range(arr.H):
            if pos >> i & 1:
                if _dot(normals[i], y) + offsets[i] < 0:
                    return False
            elif neg >> i & 1:
                if _dot(normals[i], y) + offsets[i] > 0:
                    return False
        return True

    form_cache: dict = {}

    def form(A: tuple, pkey: tuple) -> list:
        """``Q = A^T A - I`` for the affine piece pkey."""
        got = form_cache.get(pkey)
        if got is None:
            got = [[sum((A[r][i] * A[r][j] for r in range(d) if A[r][i] != 0 and A[r][j] != 0), _ZERO)
                    - (1 if i == j else 0) for j in range(d)] for i in range(d)]
            form_cache[pkey] = got
        return got

    definite_cache: dict = {}

    def definiteness(A: tuple, pkey: tuple) -> tuple:
        """``(Q, nd, nsd, per-face cache)`` for a cell's piece."""
        got = definite_cache.get(pkey)
        if got is None:
            Qm = form(A, pkey)
            nd = _negative_definite(Qm)
            got = (Qm, nd, nd or _negative_semidefinite(Qm), {})
            definite_cache[pkey] = got
        return got

    lin_cache: dict = {}

    def linear(A: tuple, beta: tuple, pkey: tuple, n: int) -> tuple:
        """``(c, const)`` with ``g_n(y) = y.Q y + 2 c.y + const``: ``c = A^T (beta - x) + x``, ``const = |beta - x|^2 - |x|^2``."""
        key = (pkey, n)
        got = lin_cache.get(key)
        if got is None:
            x = clean[n]
            bx = _sub(beta, x)
            cvec = tuple(sum((A[r][i] * bx[r] for r in range(d) if A[r][i] != 0), _ZERO) + x[i] for i in range(d))
            got = (cvec, _sq(bx) - _sq(x))
            lin_cache[key] = got
        return got

    hess_cache: dict = {}
    stat_cache: dict = {}

    def stationary(zmask: int, A: tuple, beta: tuple, pkey: tuple, n: int) -> Optional[tuple]:
        """``(y, g_n(y))`` for the stationary point y of ``g_n = |A y + beta - x_n|^2 - |y - x_n|^2`` on flat(zmask)
        when its Hessian there is negative definite, else None."""
        key = (zmask, pkey, n)
        if key in stat_cache:
            return stat_cache[key]
        k, M, p0 = arr.flats[zmask]
        hk = (zmask, pkey)
        hess = hess_cache.get(hk)
        if hess is None:
            Qm = form(A, pkey)
            QM = [_mat_vec(Qm, m) for m in M]
            Hm = [[_dot(M[i], QM[j]) for j in range(k)] for i in range(k)]
            hess = (Hm, _negative_definite(Hm), _mat_vec(Qm, p0))
            hess_cache[hk] = hess
        Hm, nd, Qp0 = hess
        out = None
        if nd:
            cvec, const = linear(A, beta, pkey, n)
            half = _add(Qp0, cvec)  # half the gradient of g_n at p0
            r = [_dot(m, half) for m in M]
            t = solve(Hm, [-v for v in r])
            y = p0
            for ti, m in zip(t, M):
                if ti != 0:
                    y = _add(y, _scale(ti, m))
            value = _dot(p0, Qp0) + 2 * _dot(cvec, p0) + const + _dot(t, r)
            out = (y, value)
        stat_cache[key] = out
        return out

    for k in range(1, d + 1):
        for pos, neg in arr.faces[k]:
            zmask = arr.all ^ (pos | neg)
            A, beta, pkey = piece(pos, neg)
            for n in nearest_of(pos, neg):
                got = stationary(zmask, A, beta, pkey, n)
                if got is None:
                    continue
                y, value = got
                old = candidates.get(y)
                if (old is None or value > old[0]) and in_closed(y, pos, neg):
                    candidates[y] = (value, n)

    # -- boundedness on every cell ---------------------------------------------------------
    witness = None
    examined = 0
    central = None
    for pos, neg in arr.faces[d]:
        A, beta, pkey = piece(pos, neg)
        near = nearest_of(pos, neg)
        if len(near) != 1:
            raise _Inconsistent("a cell is equidistant from two clean points")
        Qm, nd, nsd, per_face = definiteness(A, pkey)
        if nd:
            continue
        if central is None:
            central = _Central(normals, d)
        cpos, cneg = central.cone(pos, neg)
        if not (cpos or cneg):
            continue  # bounded cell
        examined += 1
        witness = _cell_witness(arr, central, Qm, nsd, per_face, A, beta, clean[near[0]], pos, neg, cpos, cneg)
        if witness is not None:
            break

    counts = {
        "hyperplanes": arr.H, "unit hyperplanes": kinds["unit"], "bisectors": kinds["bisector"],
        "coordinate hyperplanes": kinds["coordinate"], "vertices": len(arr.vertices),
        "faces": tuple(len(f) for f in arr.faces), "cells": len(arr.faces[d]), "candidates": len(candidates),
        "recession cones examined": examined,
    }
    where = (f"arrangement of {_count(arr.H, 'hyperplane')} ({_count(kinds['unit'], 'unit kink')}, "
             f"{_count(kinds['bisector'], 'bisector')}, {_count(kinds['coordinate'], 'coordinate hyperplane')}) in "
             f"R^{d}: {_count(len(arr.vertices), 'vertex', 'vertices')}, {_count(len(arr.faces[d]), 'cell')}, "
             f"{sum(len(f) for f in arr.faces)} faces in all")
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
    g, n, hy = evaluate(best_y)
    if g != best[0]:  # G >= the candidate's value everywhere; more would mean a missed candidate
        raise _Inconsistent(f"G({best_y}) = {g} differs from the worst candidate value {best[0]}")
    zeros = sorted(y for y, rec in candidates.items() if rec[0] == 0 and evaluate(y)[0] == 0)
    verdict = "contractive" if g <= 0 else "not contractive"
    shown = ", ".join(brief(v) for v in best_y)
    return {
        "sup": g, "argmax": best_y, "nearest": clean[n], "value": g, "h(argmax)": hy, "status": "exact",
        "reason": (f"{verdict}: sup G = {brief(g)} attained at y = ({shown}); every cell's quadratic is bounded "
                   f"above (Eaves) and so attains its sup (Frank-Wolfe) at a vertex or at the stationary point of a "
                   f"face with negative definite Hessian, all evaluated exactly on the {where}"),
        "zeros": tuple(zeros), "counts": counts,
    }


class _Central:
    """The central arrangement of the distinct normals (the directions at infinity) and all its faces."""

    def __init__(self, normals: list, d: int):
        uniq: dict = {}
        self.of = []  # affine hyperplane -> central hyperplane
        for a in normals:
            self.of.append(uniq.setdefault(a, len(uniq)))
        self.normals = list(uniq)
        self.arr = _Arrangement(self.normals, [_ZERO] * len(self.normals), d, MAX_FACES, central=True)
        self.d = d
        self.list = [(k, pos, neg) for k in range(1, d + 1) for pos, neg in self.arr.faces[k]]

    def cone(self, pos: int, neg: int) -> tuple:
        """The central signs allowed in the recession cone of the closed cell (pos, neg): (cpos, cneg) masks."""
        plus = minus = 0
        for i, J in enumerate(self.of):
            if pos >> i & 1:
                plus |= 1 << J
            else:
                minus |= 1 << J
        return plus & ~minus, minus & ~plus

    def signs(self, pos: int, neg: int) -> list:
        return [(J, 1) for J in range(len(self.normals)) if pos >> J & 1] + \
               [(J, -1) for J in range(len(self.normals)) if neg >> J & 1]


def _q(Qm, u) -> Exact:
    return _dot(u, _mat_vec(Qm, u))


def _face_analysis(central: _Central, Qm: list, nsd: bool, k: int, pos: int, neg: int) -> tuple:
    """``(grow, zero)`` for the central face (pos, neg) of dimension k and the form Q:

    grow: a direction u in the closed face with q(u) > 0 found as in the module docstring (a), or None;
    zero: the kernel generator u in the open face when q restricted to its span is negative
    semi-definite of nullity 1 (condition (b)), or None.
    """
    zmask = central.arr.all ^ (pos | neg)
    _, M, _ = central.arr.flats[zmask]
    signed = central.signs(pos, neg)
    normals = central.normals

    def in_closed(u) -> bool:
        return all(s * _dot(normals[J], u) >= 0 for J, s in signed)

    def in_open(u) -> bool:
        return all(s * _dot(normals[J], u) > 0 for J, s in signed)

    grow = None
    if not nsd:
        if k == 1:
            u = M[0]
            if not in_closed(u):
                u = _scale(-1, u)
            if _q(Qm, u) > 0:
                grow = u
        else:
            e = [_ZERO] * central.d
            for J, s in signed:
                e = [x + s * y for x, y in zip(e, normals[J])]
            f = [_dot(m, e) for m in M]
            j = next(i for i, v in enumerate(f) if v != 0)
            p0 = _scale(1 / f[j], M[j])
            # directions of span(M) orthogonal to e: M_i - (f_i / f_j) M_j
            D = [_sub(M[i], _scale(f[i] / f[j], M[j])) for i in range(k) if i != j]
            Hm = _gram(D, D, Qm)
            if _negative_definite(Hm):
                Qp = _mat_vec(Qm, p0)
                t = solve(Hm, [-_dot(m, Qp) for m in D])
                u = p0
                for ti, m in zip(t, D):
                    u = _add(u, _scale(ti, m))
                if in_closed(u) and _q(Qm, u) > 0:
                    grow = u
    zero = None
    Hs = _gram(M, M, Qm)
    if _negative_semidefinite(Hs):
        ker = _nullspace(Hs, k)
        if len(ker) == 1:
            u = tuple(sum((t * m[r] for t, m in zip(ker[0], M)), _ZERO) for r in range(central.d))
            if in_open(u):
                zero = u
            elif in_open(_scale(-1, u)):
                zero = _scale(-1, u)
    return grow, zero


def _cell_witness(arr, central, Qm, nsd, per_face, A, beta, x, pos, neg, cpos, cneg) -> Optional[tuple]:
    """``(y, why)`` with y in the closed cell and ``g(y) > 0`` when g is unbounded above there, else None."""
    results = []
    for face in central.list:
        if face[1] & ~cpos == 0 and face[2] & ~cneg == 0:  # a face of the recession cone
            got = per_face.get(face)
            if got is None:
                got = per_face[face] = _face_analysis(central, Qm, nsd, *face)
            if got[0] is not None or got[1] is not None:
                results.append(got)
    if not results:
        return None
    d = len(x)
    cvec = tuple(sum((A[r][i] * (beta[r] - x[r]) for r in range(d)), _ZERO) + x[i] for i in range(d))

    def g(y):
        return _sq(_sub(_add(_mat_vec(A, y), beta), x)) - _sq(_sub(y, x))

    def slope(y, u):
        return 2 * _dot(_add(_mat_vec(Qm, y), cvec), u)

    verts = [v for v, vp, vn in arr.vertices if vp & ~pos == 0 and vn & ~neg == 0]
    if not verts:
        raise _Inconsistent("a cell of a pointed arrangement has no vertex")
    for grow, _ in results:
        if grow is not None:
            p = verts[0]
            t = (abs(slope(p, grow)) + abs(g(p))) / _q(Qm, grow) + 1
            return _add(p, _scale(t, grow)), "the squared difference grows quadratically along a recession direction of a cell"
    for _, zero in results:
        if zero is None:
            continue
        for v in verts:
            sl = slope(v, zero)
            if sl > 0:
                t = (abs(g(v)) + 1) / sl
                return _add(v, _scale(t, zero)), "the squared difference grows linearly along a recession direction of a cell"
    return None
