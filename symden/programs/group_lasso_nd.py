"""The group-lasso program for offline data in R^3, with column generation; its interval comes from certificates.

docs/theory.md section 6.8 (the planar program of sections 6.3-6.5, one dimension up).

The program. With unit directions ``w`` on the sphere the representation cost is a group lasso

    minimise  sum_u |a_u|   subject to   sum_u a_u [w_u.(y_i - y_{j_u})]_+ + V y_i + c = T_i   (all samples i)

with ``V`` and ``c`` free. For fixed ``w`` only kinks through samples matter, so a unit is a
direction (one orientation: ``[-z]_+ = [z]_+ - z`` and V absorbs the linear term) and a sample
``j`` its kink plane passes through. The initial columns are a Fibonacci lattice of directions
on a hemisphere plus the clean points' edge directions and facet normals, with kinks at each
cluster's two extreme projections. Column generation adds, from the dual, the units ``(w, j)``
with the largest ``|eta(w, w.y_j)|``, found by a dense direction set refined locally (on a
spherical cell with a fixed active set, ``eta`` is linear in ``w`` and its norm is largest along
the top singular vector), until that supremum is at most ``1 + tol`` in floats.

The interval. Floats are evidence; both bounds are rigorous and computed in
:mod:`symden.certificates`:

* lower: the final float dual, rationalised, projected exactly and divided by a rigorous bound of
  ``sup |eta|`` over the whole sphere, by
  ``symden.certificates.sphere.offline_dual_lower_bound`` (imported when needed; without that
  module the lower bound is *not decided* and the result is inconclusive);
* upper: the active units with exact directions (the largest coordinate +-1 and the others
  rational, or made exactly normal to the samples that lie on the kink plane: one sample pair or
  two), kinks through samples, and the interpolation system re-solved exactly
  (:func:`symden.certificates.network_nd.exact_network_nd`).

Online (ball) data are refused: the online program is a different one (docs/theory.md section 6b).
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass
from fractions import Fraction
from typing import Optional

import cvxpy as cp
import numpy as np
from gmpy2 import mpq

from symden.certificates.network_nd import exact_network_nd
from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import ConditionError, ExactLimitError, InvalidDataError
from symden.exact import Exact, brief, exact_sum, is_rational, rationalize, to_float
from symden.programs._localise import localisation_verdict
from symden.programs._placement import interval_relation
from symden.programs._rational import kink_bias as _kink_bias
from symden.programs._rational import on_grid as _on_grid
from symden.programs._solvers import quiet_options
from symden.progress import task
from symden.records import Quantity, Solution, Status, Verdict
from symden.reference import cite

__all__ = ["PROGRAM", "fibonacci_directions", "solve_group_lasso_nd", "sup_eta_float_nd"]

#: The name this program gives its :class:`~symden.records.Solution`.
PROGRAM = "group lasso (d = 3)"

_DIM = 3
# Relative singular-value cut below which interpolation rows count as dependent.
_RANK_TOL = 1e-9
# Feature entries this small are float noise from samples tied in projection.
_FEATURE_NOISE = 1e-11
# As in the planar program: the degenerate problem stalls Clarabel's last step at its default gap.
_CLARABEL_OPTIONS = {"tol_gap_abs": 1e-8, "tol_gap_rel": 1e-8, "tol_feas": 1e-8}
# A generic vector fixing the one orientation kept of each direction (w and -w are the same unit up to V).
_ORIENT = np.array([0.5773502691896258, 0.3183098861837907, 0.7519884823390236])


# --------------------------------------------------------------------------------------------
# the data as the program sees them


@dataclass(frozen=True)
class _Problem:
    points: tuple  # distinct samples, exact 3-tuples
    targets: tuple  # their clean points
    cluster: np.ndarray  # cluster index per point
    Y: np.ndarray  # float points (n x 3)
    T: np.ndarray  # float targets (n x 3)
    X: np.ndarray  # float clean points (N x 3)


def _prepare(data: DataSet) -> _Problem:
    if data.setting != "offline":
        raise ConditionError(
            "solve_group_lasso_nd needs offline data (finitely many samples); these are online data with radius "
            f"{brief(data.radius)}: the online program is a different one (docs/theory.md section 6b)"
        )
    if data.dim != _DIM:
        hint = {1: "use symden.programs.solve_univariate", 2: "use symden.programs.solve_group_lasso"}.get(
            data.dim, "d >= 4 is not implemented")
        raise ConditionError(f"solve_group_lasso_nd works in R^3; these data have d = {data.dim}: {hint}")
    seen: dict = {}
    points, targets, cluster = [], [], []
    for n, samples in enumerate(data.samples):
        for y in samples:
            if y in seen:  # the DataSet refuses a sample shared by two clusters, so this is a repeat
                continue
            seen[y] = n
            points.append(y)
            targets.append(data.clean[n])
            cluster.append(n)
    Y = np.array([[to_float(v) for v in y] for y in points])
    T = np.array([[to_float(v) for v in t] for t in targets])
    X = np.array([[to_float(v) for v in x] for x in data.clean])
    return _Problem(tuple(points), tuple(targets), np.array(cluster), Y, T, X)


# --------------------------------------------------------------------------------------------
# directions and columns


def fibonacci_directions(count: int, *, hemisphere: bool = False) -> np.ndarray:
    """``count`` nearly uniform unit vectors in R^3 (a Fibonacci lattice), on the sphere or the upper hemisphere.

    >>> W = fibonacci_directions(500)
    >>> W.shape, bool(np.allclose(np.linalg.norm(W, axis=1), 1.0))
    ((500, 3), True)
    >>> bool((fibonacci_directions(50, hemisphere=True)[:, 2] > 0).all())
    True
    """
    k = np.arange(count) + 0.5
    z = k / count if hemisphere else 1.0 - 2.0 * k / count
    r = np.sqrt(np.clip(1.0 - z * z, 0.0, None))
    phi = k * math.pi * (3.0 - math.sqrt(5.0))
    return np.stack([r * np.cos(phi), r * np.sin(phi), z], axis=1)


def _orient(W: np.ndarray) -> np.ndarray:
    """Each row with the orientation that has a non-negative component along a fixed generic vector."""
    s = np.where(W @ _ORIENT < 0, -1.0, 1.0)
    return W * s[:, None]


def _structured_directions(X: np.ndarray) -> list:
    """Unit edge directions ``x_m - x_n`` and facet normals of the clean points (duplicates and zeros left out)."""
    out = []
    N = len(X)
    for m in range(N):
        for n in range(m + 1, N):
            out.append(X[n] - X[m])
            for k in range(n + 1, N):
                out.append(np.cross(X[n] - X[m], X[k] - X[m]))
    out.extend(np.eye(_DIM))
    W = [v / np.linalg.norm(v) for v in out if np.linalg.norm(v) > 1e-12]
    return W


def _initial_columns(problem: _Problem, directions: int) -> tuple:
    W = np.vstack([fibonacci_directions(directions, hemisphere=True)] + [np.array(_structured_directions(problem.X))])
    W = _orient(W)
    _, first = np.unique(np.round(W, 10), axis=0, return_index=True)  # edges of collinear clean points repeat
    W = W[np.sort(first)]
    P = problem.Y @ W.T
    dirs, kinks = [], []
    for n in np.unique(problem.cluster):
        members = np.flatnonzero(problem.cluster == n)
        lo = members[np.argmin(P[members], axis=0)]
        hi = members[np.argmax(P[members], axis=0)]
        for u in range(len(W)):
            for j in {int(lo[u]), int(hi[u])}:
                dirs.append(u)
                kinks.append(j)
    return W[np.array(dirs)], np.array(kinks, dtype=int)


def _features(Y: np.ndarray, W: np.ndarray, kinks: np.ndarray) -> np.ndarray:
    """Columns ``[w_u.(y_i - y_{j_u})]_+``; float ties become 0."""
    P = Y @ W.T
    F = P - P[kinks, np.arange(len(kinks))][None, :]
    F[F < _FEATURE_NOISE] = 0.0
    return F


# --------------------------------------------------------------------------------------------
# the restricted master program


@dataclass(frozen=True)
class _Master:
    status: str
    value: Optional[float] = None
    A: Optional[np.ndarray] = None  # K x 3 output vectors
    V: Optional[np.ndarray] = None
    c: Optional[np.ndarray] = None
    lam: Optional[np.ndarray] = None  # n x 3 dual weights, sum lambda.T = value
    message: str = ""


def _solve_master(problem: _Problem, F: np.ndarray, solver: str) -> _Master:
    """The group lasso over the columns F, its rows compressed to an orthonormal independent set.

    The compression of the planar program (:func:`symden.programs.group_lasso._solve_master`):
    ``M x = T`` becomes ``U_r^T M x = U_r^T T`` with ``U_r`` the left singular vectors of
    ``M = [F | Y | 1]`` above a relative cut; the dual of the original rows is ``U_r`` times the
    compressed dual.
    """
    n, d = problem.Y.shape
    M = np.hstack([F, problem.Y, np.ones((n, 1))])
    eig, U = np.linalg.eigh(M @ M.T)
    order = np.argsort(eig)[::-1]
    eig, U = eig[order], U[:, order]
    s = np.sqrt(np.clip(eig, 0.0, None))
    r = int(np.sum(s > _RANK_TOL * s[0]))
    Ur = U[:, :r]
    A = cp.Variable((F.shape[1], d))
    V = cp.Variable((d, d))
    c = cp.Variable((1, d))
    equal = (Ur.T @ F) @ A + (Ur.T @ problem.Y) @ V.T + (Ur.T @ np.ones((n, 1))) @ c == Ur.T @ problem.T
    program = cp.Problem(cp.Minimize(cp.sum(cp.norm(A, 2, axis=1))), [equal])
    options = quiet_options(solver, _CLARABEL_OPTIONS if solver.upper() == "CLARABEL" else {})
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            program.solve(solver=solver, **options)
    except (cp.error.SolverError, ValueError, ArithmeticError, np.linalg.LinAlgError) as exc:
        return _Master(status="solver_error", message=f"{type(exc).__name__}: {exc}")
    status = str(program.status)
    notes = "; ".join(str(w.message) for w in caught)
    if status != cp.OPTIMAL or A.value is None or equal.dual_value is None:
        return _Master(status=status, value=program.value, message=notes or f"solver status {status}")
    lam = Ur @ np.asarray(equal.dual_value).reshape(r, d)
    if not all(np.all(np.isfinite(x)) for x in (A.value, V.value, c.value, lam)):
        return _Master(status="non-finite solution", value=None, message="the solver reported optimal with non-finite values")
    if float(np.sum(lam * problem.T)) < 0:  # cvxpy's sign convention: make sum lambda_i.T_i = +value
        lam = -lam
    return _Master(status=status, value=float(program.value), A=np.asarray(A.value), V=np.asarray(V.value),
                   c=np.asarray(c.value).reshape(d), lam=lam, message=notes)


# --------------------------------------------------------------------------------------------
# the supremum of |eta| in floats (pricing)


def _eta_norms(Z: np.ndarray, lam: np.ndarray, W: np.ndarray) -> np.ndarray:
    """``|sum_i lambda_i [w.z_i]_+|`` for every row w of W."""
    return np.linalg.norm(lam.T @ np.maximum(Z @ W.T, 0.0), axis=0)


def _refine(Z: np.ndarray, lam: np.ndarray, w: np.ndarray, value: float, steps: int = 8) -> tuple:
    """Local ascent of ``|eta(w)|`` from w (floats).

    First towards the cell's top singular vector (on a cell with a fixed active set ``eta = M w``),
    with backtracking; then a pattern search on the sphere at shrinking step sizes, which also
    climbs along cell edges and into cell vertices, where the maxima of offline data often sit
    (kink planes through three samples).
    """
    for _ in range(steps):
        inside = Z @ w > 0
        if not inside.any():
            break
        _, _, vt = np.linalg.svd(lam[inside].T @ Z[inside])
        v = vt[0] if vt[0] @ w >= 0 else -vt[0]
        trial = np.array([w + t * (v - w) for t in (1.0, 0.5, 0.25, 0.1)])
        trial /= np.linalg.norm(trial, axis=1)[:, None]
        vals = _eta_norms(Z, lam, trial)
        k = int(np.argmax(vals))
        if vals[k] <= value * (1 + 1e-13):
            break
        w, value = trial[k], float(vals[k])
    angles = np.arange(8) * (math.pi / 4)
    ring = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    for scale in _PATTERN_SCALES:
        for _ in range(6):
            e1 = _perpendicular(w)
            e2 = np.array([w[1] * e1[2] - w[2] * e1[1], w[2] * e1[0] - w[0] * e1[2], w[0] * e1[1] - w[1] * e1[0]])
            trial = w[None, :] + scale * (ring[:, :1] * e1[None, :] + ring[:, 1:] * e2[None, :])
            trial /= np.linalg.norm(trial, axis=1)[:, None]
            vals = _eta_norms(Z, lam, trial)
            k = int(np.argmax(vals))
            if vals[k] <= value * (1 + 1e-14):
                break
            w, value = trial[k], float(vals[k])
    return w, value


def _perpendicular(w: np.ndarray) -> np.ndarray:
    """A unit vector perpendicular to the unit vector w (from its smallest coordinate axis)."""
    i = int(np.argmin(np.abs(w)))
    v = -w[i] * w
    v[i] += 1.0
    return v / np.linalg.norm(v)


#: Step sizes (radians) of the pattern search in :func:`_refine`.
_PATTERN_SCALES = (3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6)


def _vertex_directions(Z: np.ndarray, mates: np.ndarray) -> np.ndarray:
    """Unit normals ``+-(z_a x z_b)/|.|`` of the pairs of rows of Z with ``a`` among ``mates``.

    These are vertices of the arrangement of planes ``w.z_i = 0``: kink planes through the kink
    sample and two more samples, one of them in its own cluster (a facet of the cluster's hull is
    the typical support of an offline unit).
    """
    a, b = np.meshgrid(np.flatnonzero(mates), np.arange(len(Z)), indexing="ij")
    a, b = a.ravel(), b.ravel()
    keep = (a != b) & ~(mates[b] & (b < a))
    a, b = a[keep], b[keep]
    C = np.cross(Z[a], Z[b])
    norms = np.linalg.norm(C, axis=1)
    ok = norms > 1e-12 * np.linalg.norm(Z[a], axis=1) * np.linalg.norm(Z[b], axis=1)
    C = C[ok] / norms[ok][:, None]
    return np.vstack([C, -C])


def _cell_steps(Z: np.ndarray, lam: np.ndarray, C: np.ndarray) -> np.ndarray:
    """From every direction c (rows of C), the top singular vector of its cell's matrix ``M_c`` (sign towards c).

    On the cell of c (fixed active set) ``eta = M_c w``, so the cell's interior maximum, when it
    has one, is there; batched over the candidates.
    """
    S = (C @ Z.T > 0).astype(float)  # |C| x n active sets
    M = (S @ (lam[:, :, None] * Z[:, None, :]).reshape(len(Z), 9)).reshape(-1, 3, 3)
    _, _, vt = np.linalg.svd(M)
    v = vt[:, 0, :]
    return v * np.where(np.sum(v * C, axis=1) < 0, -1.0, 1.0)[:, None]


def _spread(C: np.ndarray, vals: np.ndarray, count: int, *, separation: float = 0.05, scan: int = 3000) -> list:
    """Indices of up to ``count`` candidates, best first, no two within ``separation`` radians (up to sign).

    The dual of a degenerate master has wide plateaus with ``|eta|`` near 1, and a maximum above 1
    can be a narrow spike beside one; refining only the top values would refine one plateau many
    times over. Only the ``scan`` best candidates are looked at.
    """
    limit = math.cos(separation)
    chosen: list = []
    for k in np.argsort(-vals)[:scan]:
        if all(abs(float(C[k] @ C[c])) < limit for c in chosen):
            chosen.append(int(k))
            if len(chosen) >= count:
                break
    return chosen


def _price(Y: np.ndarray, lam: np.ndarray, W: np.ndarray, cluster: np.ndarray, *, refine: int,
           per_kink: int, thorough: bool = False) -> list:
    """``(value, j, direction)`` candidates: per kink sample j up to ``per_kink`` distinct local maxima of ``|eta|``.

    Candidates: the directions W and the vertices of the arrangement ``w.(y_i - y_j) = 0`` through
    a sample of j's cluster (``thorough``: through any two samples, and from every candidate also
    its cell's top singular vector, :func:`_cell_steps`). The ``refine`` best per j, spread over the
    sphere (:func:`_spread`), are refined (:func:`_refine`) when their value is at least 0.9 (a
    smaller one is no price above 1 after a local step of the size the direction sets leave).
    """
    out = []
    P = Y @ W.T
    for j in range(len(Y)):
        Z = Y - Y[j]
        keep = np.linalg.norm(Z, axis=1) > 0
        Z, lj = Z[keep], lam[keep]
        if len(Z) == 0:
            continue
        mates = np.ones(len(Z), dtype=bool) if thorough else cluster[keep] == cluster[j]
        extra = _vertex_directions(Z, mates)
        vals = np.linalg.norm(lj.T @ np.maximum(P[keep] - P[j], 0.0), axis=0)
        if thorough:
            grid_top = W[np.argsort(-vals)[: 20 * refine]]
            extra = np.vstack([extra, _cell_steps(Z, lj, np.vstack([grid_top, extra]))])
        vals = np.concatenate([vals, _eta_norms(Z, lj, extra)])
        found = []
        for k in _spread(np.vstack([W, extra]), vals, max(refine, per_kink)):
            w0 = W[k] if k < len(W) else extra[k - len(W)]
            if vals[k] < 0.9:
                w, v = w0, float(vals[k])
            else:
                w, v = _refine(Z, lj, w0, float(vals[k]))
            if all(abs(float(w @ u)) < 1 - 1e-8 for _, u in found):  # w and -w are one unit
                found.append((v, w))
        found.sort(key=lambda e: -e[0])
        out.extend((v, j, w) for v, w in found[:per_kink])
    return out


def sup_eta_float_nd(Y: np.ndarray, lam: np.ndarray, W: np.ndarray, cluster: Optional[np.ndarray] = None, *,
                     refine: int = 3, thorough: bool = True) -> tuple:
    """Per kink sample j, ``max_{|w|=1} |eta(w, w.y_j)|`` and a maximising direction, in floats.

    ``eta(w, w.y_j) = sum_i lambda_i [w.(y_i - y_j)]_+`` is evaluated on the direction set W (rows,
    e.g. :func:`fibonacci_directions`), on the vertices of the arrangement of planes
    ``w.(y_i - y_j) = 0`` (``thorough``: all of them, with every candidate's cell maximiser;
    otherwise those through a sample of j's cluster, ``cluster`` giving labels per row), and the
    ``refine`` best directions per j
    are improved by a local ascent (:func:`_refine`). A lower estimate of the supremum, used for
    pricing: a rigorous bound over the whole sphere is the certificate's business.

    Returns
    -------
    (values, directions)
        The maxima (length n) and the maximising unit directions (n x 3).

    Examples
    --------
    >>> Y = np.array([[-1.0, 0, 0], [0.0, 0, 0], [1.0, 0, 0]])
    >>> lam = np.array([[1.0, 0, 0], [-2.0, 0, 0], [1.0, 0, 0]])
    >>> values, _ = sup_eta_float_nd(Y, lam, fibonacci_directions(200))
    >>> [round(float(v), 9) for v in values]  # the kink at 0 sees |w_x|; the end kinks see nothing
    [0.0, 1.0, 0.0]
    """
    n = len(Y)
    values = np.zeros(n)
    best_w = np.tile(np.array([1.0, 0.0, 0.0]), (n, 1))
    labels = np.zeros(n, dtype=int) if cluster is None else np.asarray(cluster)
    for v, j, w in _price(Y, lam, W, labels, refine=refine, per_kink=1, thorough=thorough):
        values[j], best_w[j] = v, w
    return values, best_w


# --------------------------------------------------------------------------------------------
# exact candidates for the upper bound (rationalisation; the re-solve is in certificates.network_nd)


def _rational_direction(w: np.ndarray, max_denominator: int = 10**9) -> tuple:
    """An exact rational direction near w: its largest coordinate +-1, the others best rational approximations.

    Only the direction matters (a unit costs ``|a||w|`` however w is scaled).

    >>> _rational_direction(np.array([0.0, 0.0, -1.0]))
    (mpq(0,1), mpq(0,1), mpq(-1,1))
    >>> _rational_direction(np.array([0.6, 0.8, 0.0]))
    (mpq(3,4), mpq(1,1), mpq(0,1))
    """
    k = int(np.argmax(np.abs(w)))
    scale = float(abs(w[k]))
    s = mpq(1) if w[k] > 0 else mpq(-1)
    return tuple(s if i == k else rationalize(float(w[i]) / scale, max_denominator=max_denominator, name="direction")
                 for i in range(len(w)))


def _dot(u, v) -> Exact:
    return exact_sum(a * b for a, b in zip(u, v))


def _cross(u, v) -> tuple:
    return (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])


def _exact_direction(problem: _Problem, w: np.ndarray, j: int, snap: float) -> tuple:
    """The exact direction for a unit with float direction w and its kink at sample j, and how it was made.

    Samples within ``snap`` (relative to their distance from y_j) of the kink plane are kept
    exactly on it: with two of them spanning a plane with y_j, the direction is their exact normal
    ``(y_i - y_j) x (y_k - y_j)``; with one (or only collinear ones), a rational direction near w
    projected exactly onto the orthogonal complement of ``y_i - y_j``; with none, a rational
    direction near w (:func:`_rational_direction`). Returns ``(direction, samples kept on the plane)``.
    """
    Z = problem.Y - problem.Y[j]
    lengths = np.linalg.norm(Z, axis=1)
    lengths[j] = 1.0
    off = np.abs(Z @ w) / lengths
    off[j] = np.inf
    near = [int(i) for i in np.argsort(off) if off[i] < snap and lengths[i] > 0]
    yj = problem.points[j]
    if not near:
        return _rational_direction(w), ()
    d1 = tuple(a - b for a, b in zip(problem.points[near[0]], yj))
    for i in near[1:]:
        d2 = tuple(a - b for a, b in zip(problem.points[i], yj))
        n = _cross(d1, d2)
        if any(x != 0 for x in n):
            if sum(to_float(x) * float(f) for x, f in zip(n, w)) < 0:  # orientation only: a float suffices
                n = tuple(-x for x in n)
            return n, (near[0], i)
    r = _rational_direction(w)
    t = _dot(r, d1) / _dot(d1, d1)
    return tuple(a - t * b for a, b in zip(r, d1)), (near[0],)


def _upper_network(problem: _Problem, W: np.ndarray, kinks: np.ndarray, master: _Master, active: np.ndarray, *,
                   snap: float = 1e-7) -> tuple:
    """Make the active units exact and hand them to the exact re-solve: ``(network, upper, message)``."""
    norms = np.linalg.norm(master.A, axis=1)
    units, pairs, triples, moved = [], 0, 0, 0
    for u in sorted(np.flatnonzero(active), key=lambda u: -norms[u]):  # largest outputs first: they take the pivots
        j = int(kinks[u])
        w, kept = _exact_direction(problem, W[u], j, snap)
        wn = math.sqrt(sum(to_float(x) ** 2 for x in w))
        guess = master.A[u] / wn
        if kept:
            b = -_dot(w, problem.points[j])
            pairs += len(kept) == 1
            triples += len(kept) == 2
        else:
            b = _kink_bias(problem, w, j)
            moved += b != -_dot(w, problem.points[j])
        key = None
        if all(is_rational(x) for x in w) and is_rational(b):  # one exact scaling, so that repeated units merge
            scale = max(abs(x) for x in w)
            w, b = tuple(x / scale for x in w), b / scale
            guess = guess * to_float(scale)
            key = (w, b)
        units.append((key, w, b, guess))
    merged: dict = {}  # a [w.y + b]_+ summed over repeats of one (w, b): |sum a| <= sum |a|
    for n, (key, w, b, guess) in enumerate(units):
        key = n if key is None else key
        merged[key] = (w, b, merged[key][2] + guess) if key in merged else (w, b, guess)
    units = [(w, b, tuple(_on_grid(g) for g in guess)) for w, b, guess in merged.values()]
    d = problem.Y.shape[1]
    V = tuple(tuple(_on_grid(master.V[k][i]) for i in range(d)) for k in range(d))
    c = tuple(_on_grid(master.c[k]) for k in range(d))
    network, upper, reason = exact_network_nd(problem.points, problem.targets, units, (V, c))
    if network is None:
        return None, None, reason
    return network, upper, (f"{len(network.units)} units with exact directions ({triples} made exactly normal to "
                            f"two sample pairs on the kink plane, {pairs} exactly perpendicular to one, {moved} kinks "
                            "moved off an algebraic sample to a rational offset); the network fits every sample exactly")


#: ``(threshold factor, snap)`` of the exact re-solves tried for the upper bound: units with
#: ``|a| > factor * active_threshold * max |a|``; samples within ``snap`` of a kink plane kept on it.
_ATTEMPTS = ((1, 1e-7), (1, 1e-6), (10, 1e-7), (100, 1e-7), (1000, 1e-6))


# --------------------------------------------------------------------------------------------
# the rigorous lower bound (symden.certificates.sphere, when available)


def _lower_bound(problem: _Problem, lam: np.ndarray, rel_tol: float, budgets: tuple, upper: Optional[mpq],
                 gap: float) -> tuple:
    """``(DualBound or None, reason, cells)``: weak duality with the sphere certificate's bound of sup |eta|.

    The rigorous supremum (``symden.certificates.sphere``) is a branch and bound over the sphere;
    with ``max_cells`` too small it stops early with a valid but looser S. The cell budgets are
    tried in turn, each with a retirement tolerance 5 times finer than the last, until the
    interval's relative width is at most ``gap`` (or the budgets run out).
    Without that module the lower bound is not decided (None and the reason).
    """
    try:
        from symden.certificates.sphere import offline_dual_lower_bound
    except ImportError as exc:
        return None, (f"no rigorous bound of sup |eta| over the sphere is available (symden.certificates.sphere: "
                      f"{exc}), so the lower bound is not decided"), 0
    bound, cells, failure = None, 0, None
    for k, cells in enumerate(budgets):  # each further try: more cells and a 5 times finer retirement
        try:
            trial = offline_dual_lower_bound(problem.points, problem.targets, lam, rel_tol=rel_tol / 5 ** k,
                                             max_cells=cells)
        except ExactLimitError as exc:  # this budget found no finite bound; a larger one may
            failure = exc
            continue
        if bound is None or trial.lower_bound > bound.lower_bound:
            bound = trial
        if upper is None or upper - bound.lower_bound <= mpq(Fraction(gap)) * upper:
            break
    if bound is None and failure is not None:
        raise failure
    return bound, "", cells


# --------------------------------------------------------------------------------------------
# the recipe


def _direction_summary(W: np.ndarray, kinks: np.ndarray, norms: np.ndarray, active: np.ndarray, value: float) -> tuple:
    """``(direction, kink sample, cost share)`` of the active units, largest share first (floats, evidence)."""
    out = [(tuple(round(float(x), 6) for x in W[u]), int(kinks[u]), float(norms[u] / value))
           for u in np.flatnonzero(active)]
    return tuple(sorted(out, key=lambda e: -e[1]))


def solve_group_lasso_nd(data: DataSet, *, directions: int = 20, pricing_directions: int = 3000, rounds: int = 30,
                         tol: float = 1e-6, solver: str = "CLARABEL", compare: Optional[Denoiser] = None,
                         columns_per_round: int = 200, per_kink: int = 3, refine: int = 4, prune: float = 0.0,
                         active_threshold: float = 1e-5, rel_tol: float = 1e-6,
                         max_cells: tuple = (4_000_000, 12_000_000), gap: float = 1e-4, probe: bool = False) -> Solution:
    """A certified interval for the minimal representation cost of offline data in R^3.

    .. math::

        \\min \\sum_u |a_u| \\quad\\text{s.t.}\\quad
        \\sum_u a_u [w_u\\cdot y_i + b_u]_+ + V y_i + c = T_i \\ (\\text{all } i),\\qquad |w_u| = 1

    solved by column generation over unit directions on the sphere, followed by a weak-duality
    lower bound and an exact feasible network (docs/theory.md section 6.8; see the module docstring).

    Parameters
    ----------
    data
        Offline data in R^3.
    directions
        Initial Fibonacci directions on a hemisphere (plus the clean points' edge directions and
        facet normals), with kinks at each cluster's extreme projections.
    pricing_directions
        Fibonacci directions on the sphere where the pricing evaluates ``|eta|`` before refining.
    rounds
        Maximal column-generation rounds.
    tol
        Stop when the float pricing finds ``sup |eta| <= 1 + tol`` (a dual that good costs the lower
        bound about that much).
    solver
        A cvxpy conic solver name (Clarabel by default).
    compare
        A closed-form :class:`~symden.denoiser.Denoiser` to place against the interval.
    columns_per_round
        Columns added per round at most (the largest ``|eta|`` first).
    per_kink, refine
        Pricing: the ``refine`` best candidate directions per kink sample are refined by local
        ascent and up to ``per_kink`` distinct ones become columns.
    prune
        Between rounds, columns with ``|eta| < prune`` and no output leave the master (pricing
        brings them back when they matter). The default 0 keeps every column: pruning at 0.5
        made column generation cycle on the right-angle simplex.
    active_threshold
        Units with ``|a| <= active_threshold * max |a|`` are dropped before the exact re-solve
        (which is tried a few times, with this threshold raised and the snap distance varied; the
        smallest rigorous upper bound is kept).
    rel_tol
        Relative accuracy asked of the rigorous supremum bound (the branch and bound retires a cell
        once its bound is within ``1 + rel_tol`` of the best value found).
    max_cells, gap
        Cell budgets of the sphere's branch and bound, tried in turn (the k-th with ``rel_tol / 5^k``)
        until the interval's relative width ``(upper - lower) / upper`` is at most ``gap``.

    Returns
    -------
    Solution
        As the planar program's (:func:`symden.programs.solve_group_lasso`): CERTIFIED only when
        both bounds are rigorous and ordered, with ``lower``, ``upper``, the exact ``network``
        behind ``upper``, the dual bound as ``certificate`` and one ``min-cost interval`` verdict;
        INCONCLUSIVE otherwise (the exact upper bound is still reported when only the lower bound
        is missing), never an exception for solver trouble. ``solver`` holds the float facts
        (rounds, columns, float ``sup |eta|``, primal value, active directions with cost shares).

    Raises
    ------
    ConditionError
        For online data or data not in R^3.
    InvalidDataError
        For an option out of range.
    """
    for name, value in (("directions", directions), ("pricing_directions", pricing_directions), ("rounds", rounds),
                        ("columns_per_round", columns_per_round), ("per_kink", per_kink), ("refine", refine)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise InvalidDataError(f"{name} = {value!r}: must be a positive integer")
    if (not isinstance(max_cells, tuple) or not max_cells
            or any(not isinstance(c, int) or isinstance(c, bool) or c < 1 for c in max_cells)):
        raise InvalidDataError(f"max_cells = {max_cells!r}: must be a non-empty tuple of positive integers")
    for name, value in (("tol", tol), ("rel_tol", rel_tol), ("prune", prune), ("gap", gap)):
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value >= 0):
            raise InvalidDataError(f"{name} = {value!r}: must be a finite non-negative number")
    start = time.perf_counter()
    problem = _prepare(data)
    W, kinks = _initial_columns(problem, directions)
    dense = fibonacci_directions(pricing_directions)
    thorough_dense = fibonacci_directions(4 * pricing_directions)
    info: dict = {"name": solver, "status": None, "rounds": 0, "converged": False, "sup_eta": None,
                  "columns": 0, "thorough_pricings": 0, "seconds": None, "certificate_seconds": None,
                  "sphere_max_cells": None, "sphere_seconds": None}

    def finish(status: Status, detail: str, *, lower=None, upper=None, primal=None, network=None, summary=(),
               certificate=None, evidence=(), notes=()) -> Solution:
        info["seconds"] = time.perf_counter() - start
        bounds = tuple((q, v) for q, v in ((Quantity.LOWER_BOUND, lower), (Quantity.UPPER_BOUND, upper)) if v is not None)
        verdict = Verdict("min-cost interval", status, detail, evidence=bounds, reference=cite("6.8"))
        verdicts = (verdict,)
        if status is Status.CERTIFIED and certificate is not None and upper is not None:
            verdicts += (localisation_verdict(certificate, upper, data.dim),)
        facts = tuple(info.items()) + (("primal value", primal), ("directions", summary))
        return Solution(data=data, program=PROGRAM, status=status, lower=lower, upper=upper, network=network,
                        verdicts=verdicts, certificate=certificate, evidence=evidence, solver=facts, notes=notes)

    F = _features(problem.Y, W, kinks)
    keep = F.max(axis=0) > 1e-9
    W, kinks, F = W[keep], kinks[keep], F[:, keep]
    master = None
    # no total: the round limit is only an upper bound (the generation usually converges long before it)
    bar = task("column generation", unit="round")  # closed after the loop (or by the listener)
    for rnd in range(1, rounds + 1):
        master = _solve_master(problem, F, solver)
        info.update(status=master.status, rounds=rnd, columns=F.shape[1])
        if master.lam is None:
            return finish(Status.INCONCLUSIVE,
                          f"the solver {solver} did not solve round {rnd} (status {master.status}: {master.message}); "
                          "no bound is claimed",
                          primal=master.value if isinstance(master.value, float) else None)
        # columns far from pricing (|eta| < prune) that carry no output leave the master; they come back if priced
        priced = np.linalg.norm(F.T @ master.lam, axis=1)
        mass = np.linalg.norm(master.A, axis=1)
        stay = (priced >= prune) | (mass > 1e-9 * max(float(mass.max()), 1e-300))
        W, kinks, F = W[stay], kinks[stay], F[:, stay]
        found = _price(problem.Y, master.lam, dense, problem.cluster, refine=refine, per_kink=per_kink)
        info["sup_eta"] = max((v for v, _, _ in found), default=0.0)
        bar.update(rnd, note=f"sup |eta| {info['sup_eta']:.6f}, {F.shape[1]} columns")
        if info["sup_eta"] <= 1 + tol:  # the cheap pricing sees no violation: look harder before stopping
            found = _price(problem.Y, master.lam, thorough_dense, problem.cluster, refine=6 * refine,
                           per_kink=per_kink, thorough=True)
            info["thorough_pricings"] += 1
            info["sup_eta"] = max((v for v, _, _ in found), default=0.0)
            if info["sup_eta"] <= 1 + tol:
                info["converged"] = True
                break
        if rnd == rounds:
            break
        found = sorted((e for e in found if e[0] > 1 + tol), key=lambda e: -e[0])[:columns_per_round]
        new_W = _orient(np.array([w for _, _, w in found]))
        new_j = np.array([j for _, j, _ in found], dtype=int)
        Fn = _features(problem.Y, new_W, new_j)
        ok = Fn.max(axis=0) > 1e-9
        W = np.vstack([W, new_W[ok]])
        kinks = np.concatenate([kinks, new_j[ok]])
        F = np.hstack([F, Fn[:, ok]])
    bar.close()

    exact_start = time.perf_counter()
    norms = np.linalg.norm(master.A, axis=1)
    top = float(norms.max()) if norms.size else 0.0
    active = norms > active_threshold * top if top > 0 else np.zeros(len(norms), dtype=bool)
    value = master.value if master.value and master.value > 0 else 1.0
    summary = _direction_summary(W, kinks, norms, active, value)
    gen = (f"column generation {'converged' if info['converged'] else 'stopped after the round limit'} "
           f"(float pricing sup |eta| = {info['sup_eta']:.9f} after {info['rounds']} rounds, {info['columns']} columns)")

    network, upper, net_message = None, None, "no exact re-solve was tried"
    for scale, snap in _ATTEMPTS:  # a few exact re-solves, each a rigorous upper bound: keep the smallest
        keep_units = norms > scale * active_threshold * top if top > 0 else active
        try:
            net_k, upper_k, message_k = _upper_network(problem, W, kinks, master, keep_units, snap=snap)
        except (ExactLimitError, OverflowError) as exc:
            net_k, upper_k = None, None
            message_k = (f"exact arithmetic hit a limit in the exact re-solve of the active units "
                         f"({type(exc).__name__}: {exc})")
        if upper_k is not None and (upper is None or upper_k < upper):
            network, upper = net_k, upper_k
            net_message = f"{message_k}; units with |a| > {scale * active_threshold:.0e} max |a|, snap {snap:.0e}"
        elif upper is None:
            net_message = message_k
    lower_start = time.perf_counter()
    try:
        bound, why_not, info["sphere_max_cells"] = _lower_bound(problem, master.lam, rel_tol, max_cells, upper, gap)
    except (ExactLimitError, OverflowError) as exc:
        bound, why_not = None, f"exact arithmetic hit a limit in the lower bound ({type(exc).__name__}: {exc})"
    info["sphere_seconds"] = time.perf_counter() - lower_start
    info["certificate_seconds"] = time.perf_counter() - exact_start
    lower = bound.lower_bound if bound is not None else None

    evidence, notes = [], []
    if network is not None:
        try:
            evidence.append((Quantity.NETWORK_COST, network.cost()))
        except (ExactLimitError, OverflowError) as exc:
            notes.append(f"the network's exact cost sum |a||w| is not expressed exactly (exact arithmetic hit a limit: "
                         f"{type(exc).__name__}: {exc}); the upper bound is a rigorous rational bound on it")
    if compare is not None:
        try:
            closed = compare.cost if compare.cost is not None else compare.network.cost()
            relation = interval_relation(closed, lower, upper)
        except (ExactLimitError, OverflowError) as exc:
            notes.append(f"the closed form ({compare.structure}) is not placed against the interval: exact arithmetic "
                         f"hit a limit ({type(exc).__name__}: {exc})")
        else:
            evidence.append((Quantity.CLOSED_FORM_COST, closed))
            notes.append(f"the closed form ({compare.structure}) costs {to_float(closed):.9f}: {relation}")
    common = dict(lower=lower, upper=upper, primal=master.value, network=network, summary=summary,
                  certificate=bound, evidence=tuple(evidence))
    if bound is None:
        up = (f"the exact upper bound {to_float(upper):.9f} is rigorous ({net_message})" if upper is not None
              else f"no exact upper bound either: {net_message}")
        return finish(Status.INCONCLUSIVE,
                      f"{why_not}; {up}; the float primal value {master.value:.9f} is evidence only; {gen}",
                      notes=tuple(notes) + (f"not decided: the lower bound ({why_not})",), **common)
    if upper is None:
        return finish(Status.INCONCLUSIVE,
                      f"lower bound {to_float(lower):.9f} is rigorous, but no exact upper bound: {net_message}; "
                      f"the float primal value {master.value:.9f} is evidence only; {gen}", notes=tuple(notes), **common)
    if lower > upper:  # pragma: no cover - impossible by weak duality unless something is wrong
        return finish(Status.INCONCLUSIVE,
                      f"the rigorous bounds are out of order ({to_float(lower)} > {to_float(upper)}): a bug, not a result",
                      notes=tuple(notes), **common)
    solution = finish(Status.CERTIFIED,
                  f"{to_float(lower):.9f} <= min cost <= {to_float(upper):.9f} (width {to_float(upper - lower):.2e}): "
                  f"weak duality with exactly projected weights and a rigorous bound S = "
                  f"{to_float(bound.sup_bound):.12f} of sup |eta| over the sphere; upper bound from an exact network "
                  f"({net_message}); {gen}", notes=tuple(notes), **common)
    if probe and F.shape[1] == master.A.shape[0]:
        from dataclasses import replace

        from symden.programs._probe import offline_probe_verdict

        clean = np.array([[to_float(v) for v in x] for x in data.clean])
        dirs = W
        offsets = np.einsum("ij,ij->i", dirs, problem.Y[kinks])
        weights = np.linalg.norm(master.A, axis=1)
        verdict = offline_probe_verdict(problem.Y, problem.T, dirs, offsets, np.asarray(master.lam), master.value, clean,
                                        support=weights > 1e-3 * max(float(weights.max()), 1e-300), solver=solver)
        solution = replace(solution, verdicts=solution.verdicts + (verdict,))
    return solution
