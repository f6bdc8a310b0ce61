"""The online (ball) group-lasso program in d = 2 and 3, by column generation (docs/theory.md section 6b).

The program (section 6b.3). A unit is a unit direction w, a ball m it is tangent to and a side:
its kink ``w.y = beta`` has ``beta = w.x_m + side * rho`` (side -1: ball m on the active side,
side +1: on the inactive side), and it is *allowed* when its kink meets no open ball (6b.1, 6b.2).
With ``A_n`` the units active on ball n,

    minimise  sum_u |a_u|   s.t.  sum_{u in A_n} a_u (w_u.x_n - beta_u) + V x_n + c = x_n,
                                  sum_{u in A_n} a_u w_u^T + V = 0          (every ball n).

For each output coordinate i the rows (one value row and d Jacobian rows per ball) and the
unknowns ``(a_u[i])_u, V[i, :], c[i]`` form the same matrix, so the program is a group lasso
``min sum |a_u|  s.t.  M X = T`` exactly like the planar offline one
(:mod:`symden.programs.group_lasso`, whose compressed rows and solver options are reused). Its
dual weights are ``lambda_n`` (value rows) and ``Lambda_n`` (Jacobian rows, ``Lambda_n[i, j]``
on row (n, j) of output i), and the pricing quantity is
``eta(u) = sum_{n in A_u} (lambda_n (w.x_n - beta) + Lambda_n w)``.

Column generation. Initial directions: an angle grid (d = 2) or Fibonacci points (d = 3) on a
half sphere (``(-w, -beta)`` is the same kink: the columns differ by an affine function, which V
and c absorb), plus the data's edge directions ``x_n - x_m``, their normals (d = 2), the normals
of planes through three centres and the in-plane normals of their edges (d = 3), and the
directions tangent to two balls on opposite sides; each with every tangent ball and side, the
disallowed ones dropped. Pricing maximises ``|eta|`` over a dense sample of the sphere and then
refines the best candidates locally (a shrinking grid in the angle, or in two tangent
coordinates in d = 3); columns with ``|eta| > 1 + tol`` enter, until the float supremum is at
most ``1 + tol`` or the round limit.

The interval. Floats are evidence. The lower bound is
:func:`symden.certificates.sphere.online_dual_lower_bound` on the final float dual (rationalised,
projected exactly, its supremum bounded rigorously over all allowed tangent units); the upper
bound is an exact network (:func:`symden.certificates.online.exact_online_network`): the float
support grouped by direction, one exact rational unit direction per group (ramp partners must
share their direction exactly for the Jacobian equations to be solvable), exact tangent biases,
and the equality system re-solved exactly; that network equals x_n on every whole ball, checked
exactly.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass
from typing import Optional, Sequence

import cvxpy as cp
import numpy as np
from gmpy2 import mpq

from symden.certificates.online import exact_online_network, rational_unit_vector, unit_allowed
from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import ConditionError, ExactLimitError, InvalidDataError
from symden.exact import to_float
from symden.programs._localise import localisation_verdict
from symden.programs._placement import interval_relation
from symden.programs._rational import on_grid as _on_grid
from symden.programs._solvers import quiet_options
from symden.progress import task
from symden.records import Quantity, Solution, Status, Verdict
from symden.reference import cite

__all__ = ["PROGRAM", "eta_online_float", "solve_online"]

#: The name this program gives its :class:`~symden.records.Solution`.
PROGRAM = "online group lasso"

_RANK_TOL = 1e-9
_CLARABEL_ATTEMPTS = ({"tol_gap_abs": 1e-9, "tol_gap_rel": 1e-9, "tol_feas": 1e-9},
                      {"tol_gap_abs": 1e-8, "tol_gap_rel": 1e-8, "tol_feas": 1e-8}, {})
# A ball counts as touching a kink (allowed, tangent) when its distance is within this of rho.
_TANGENT_TOL = 1e-11
# Float active sets of float units (for matching exact biases) use a looser tolerance.
_ACTIVE_TOL = 1e-7
# At most this many extra rounds are seeded by the certificate's own search.
_GUIDED_ROUNDS = 6
# Units whose directions differ by less than this (radians, as lines) share one exact direction.
_GROUP_ANGLE = 1e-4
# A generic vector fixing the half sphere of initial directions.
_HEMI = np.array([0.8191520442889918, 0.5735764363510461, 0.0871557427476582])


# --------------------------------------------------------------------------------------------
# the data as the program sees them


@dataclass(frozen=True)
class _Problem:
    centres: tuple  # exact d-tuples
    rho: object  # exact
    X: np.ndarray  # N x d floats
    r: float
    d: int


def _prepare(data: DataSet) -> _Problem:
    if data.setting != "online":
        raise ConditionError(
            "solve_online needs online (ball) data, with a radius; these are offline data (finitely many samples): "
            "use symden.programs.solve_group_lasso for offline data in the plane")
    if data.dim not in (2, 3):
        hint = "use symden.programs.solve_univariate" if data.dim == 1 else "d >= 4 is not implemented"
        raise ConditionError(f"solve_online works in d = 2 and d = 3; these data have d = {data.dim}: {hint}")
    if data.size < 2:
        raise ConditionError("solve_online needs at least two balls (one ball is fitted by a constant at cost 0)")
    X = np.array([[to_float(v) for v in x] for x in data.clean])
    return _Problem(tuple(tuple(x) for x in data.clean), data.radius, X, to_float(data.radius), data.dim)


def _normalise(W: np.ndarray) -> np.ndarray:
    return W / np.linalg.norm(W, axis=1, keepdims=True)


def _fibonacci(count: int) -> np.ndarray:
    k = np.arange(count) + 0.5
    z = 1 - 2 * k / count
    phi = math.pi * (3 - math.sqrt(5)) * k
    r = np.sqrt(1 - z * z)
    return np.stack([r * np.cos(phi), r * np.sin(phi), z], 1)


def _sphere_sample(d: int, count: int) -> np.ndarray:
    """About ``count`` directions spread over the whole sphere S^{d-1}."""
    if d == 2:
        t = np.arange(count) * 2 * math.pi / count
        return np.stack([np.cos(t), np.sin(t)], 1)
    return _fibonacci(count)


def _data_directions(problem: _Problem) -> np.ndarray:
    """Edge directions, their normals (d = 2), facet and in-facet normals (d = 3), double tangents."""
    X, d, r = problem.X, problem.d, problem.r
    N = len(X)
    out = []
    for n in range(N):
        for m in range(n + 1, N):
            e = X[m] - X[n]
            L = float(np.linalg.norm(e))
            e = e / L
            out.append(e)
            if d == 2:
                perp = np.array([-e[1], e[0]])
                out.append(perp)
                c = 2 * r / L  # w.(x_m - x_n) = 2 rho: tangent to both balls on opposite sides
                s = math.sqrt(max(0.0, 1 - c * c))
                out += [c * e + s * perp, c * e - s * perp]
            for k in range(m + 1, N) if d == 3 else ():
                nrm = np.cross(X[m] - X[n], X[k] - X[n])
                if np.linalg.norm(nrm) > 1e-12:
                    nrm = nrm / np.linalg.norm(nrm)
                    out.append(nrm)
                    for a, b in ((n, m), (m, k), (n, k)):
                        edge = X[b] - X[a]
                        out.append(np.cross(nrm, edge / np.linalg.norm(edge)))
    return np.array(out) if out else np.zeros((0, d))


def _vertex_directions(problem: _Problem) -> np.ndarray:
    """Directions whose tangent kink touches d balls at once: the corners of the allowed regions.

    For a kink tangent to ball m, ball n touches it when ``w.(x_n - x_m)`` is 0 (same side) or
    ``+-2 rho`` (opposite sides); d - 1 such equations and ``|w| = 1`` give at most two directions.
    The allowed region of a (ball, side) is cut out by these boundaries, and its thin slivers
    between them sit at these corners, where a dense sample may have no point.
    """
    X, d, r = problem.X, problem.d, problem.r
    N = len(X)
    out = []
    offsets = (0.0, 2 * r, -2 * r)
    for mm in range(N):
        others = [n for n in range(N) if n != mm]
        combos = [(n,) for n in others] if d == 2 else [(a, b) for i, a in enumerate(others) for b in others[i + 1:]]
        for combo in combos:
            E = np.array([X[n] - X[mm] for n in combo])
            for o in np.array(np.meshgrid(*[offsets] * len(combo))).reshape(len(combo), -1).T:
                # w = p + t q with E p = o (least norm), q spanning the null space of E
                p, *_ = np.linalg.lstsq(E, o, rcond=None)
                _, sv, vt = np.linalg.svd(E)
                if sv.min() < 1e-12 * max(1.0, sv.max()):
                    continue
                q = vt[-1]
                rest = 1 - float(p @ p)
                if rest < 0:
                    continue
                t = math.sqrt(rest)
                out += [p + t * q, p - t * q]
    return np.array(out) if out else np.zeros((0, d))


def _boundary_circles(problem: _Problem, per_circle: int) -> np.ndarray:
    """Points on the circles ``w.(x_n - x_m) = 0, +-2 rho`` of S^2 (d = 3 only; else empty).

    On these circles a kink tangent to ball m touches ball n too: they bound the allowed regions,
    and ``|eta|`` often peaks along them, where a dense sample of the sphere comes close only
    from one side.
    """
    X, d, r = problem.X, problem.d, problem.r
    if d != 3:
        return np.zeros((0, d))
    N = len(X)
    out = []
    t = np.arange(per_circle) * 2 * math.pi / per_circle
    for n in range(N):
        for mm in range(n + 1, N):
            e = X[mm] - X[n]
            L = float(np.linalg.norm(e))
            e = e / L
            B = _tangent_basis(e)
            for o in (0.0, 2 * r / L, -2 * r / L):
                if abs(o) >= 1:
                    continue
                rad = math.sqrt(1 - o * o)
                out.append(o * e[None] + rad * (np.cos(t)[:, None] * B[0] + np.sin(t)[:, None] * B[1]))
    return np.vstack(out) if out else np.zeros((0, d))


def _half(W: np.ndarray) -> np.ndarray:
    g = _HEMI[: W.shape[1]]
    return np.where((W @ g)[:, None] < 0, -W, W)


# --------------------------------------------------------------------------------------------
# units: tangent biases, active sets, columns, eta


def _tangent(problem: _Problem, W: np.ndarray, m: np.ndarray, s: np.ndarray) -> tuple:
    """``(beta, Z, allowed, active)`` for units (W rows, tangent ball m, side s); Z = w.x_n - beta."""
    P = W @ problem.X.T
    beta = P[np.arange(len(W)), m] + s * problem.r
    Z = P - beta[:, None]
    tol = _TANGENT_TOL * max(1.0, problem.r)
    allowed = np.all((Z >= problem.r - tol) | (Z <= -problem.r + tol), axis=1)
    active = Z >= problem.r - tol
    return beta, Z, allowed, active


def _all_tangents(W: np.ndarray, N: int) -> tuple:
    """Every (direction, tangent ball, side) combination of the directions W."""
    D = len(W)
    Wr = np.repeat(W, 2 * N, axis=0)
    m = np.tile(np.repeat(np.arange(N), 2), D)
    s = np.tile(np.array([-1.0, 1.0]), N * D)
    return Wr, m, s


def _columns(problem: _Problem, W: np.ndarray, m: np.ndarray, s: np.ndarray) -> np.ndarray:
    """The unit columns: rows (ball n value, ball n Jacobian j = 0..d-1) for each n."""
    _, Z, _, _ = _tangent(problem, W, m, s)
    return _columns_from(problem, W, Z)


def _columns_from(problem: _Problem, W: np.ndarray, Z: np.ndarray) -> np.ndarray:
    """Unit columns from directions W and ``Z[u, n] = w_u.x_n - beta_u`` (ball n active iff Z >= rho)."""
    N, d = len(problem.X), problem.d
    active = Z >= problem.r - _TANGENT_TOL * max(1.0, problem.r)
    cols = np.zeros((N * (d + 1), len(W)))
    for n in range(N):
        cols[n * (d + 1)] = np.where(active[:, n], Z[:, n], 0.0)
        for j in range(d):
            cols[n * (d + 1) + 1 + j] = np.where(active[:, n], W[:, j], 0.0)
    return cols


def _fixed_block(problem: _Problem) -> tuple:
    """Columns of V[i, :] and c[i], and the right-hand side T (rows x d)."""
    N, d = len(problem.X), problem.d
    Mv = np.zeros((N * (d + 1), d))
    Mc = np.zeros((N * (d + 1), 1))
    T = np.zeros((N * (d + 1), d))
    for n in range(N):
        Mv[n * (d + 1)] = problem.X[n]
        Mc[n * (d + 1)] = 1.0
        T[n * (d + 1)] = problem.X[n]
        for j in range(d):
            Mv[n * (d + 1) + 1 + j, j] = 1.0
    return Mv, Mc, T


def eta_online_float(X: np.ndarray, rho: float, lam: np.ndarray, Lam: np.ndarray, W: np.ndarray,
                     m: np.ndarray, s: np.ndarray) -> np.ndarray:
    """``|eta|`` of tangent units (directions W, ball m, side s) in floats; 0 for a unit not allowed.

    ``eta(u) = sum_{n active} (lambda_n (w.x_n - beta) + Lambda_n w)`` with ``beta = w.x_m + s rho``
    (docs/theory.md section 6b.3). Evidence and pricing only; the rigorous supremum is
    :func:`symden.certificates.sphere.online_sup_bound`.

    Examples
    --------
    Two balls on the x-axis, with multipliers that annihilate affine functions:

    >>> X, rho = np.array([[0.0, 0.0], [1.0, 0.0]]), 0.1
    >>> lam = np.array([[-1.0, 0.0], [1.0, 0.0]])
    >>> Lam = np.array([np.zeros((2, 2)), [[-1.0, 0.0], [0.0, 0.0]]])
    >>> W = np.array([[1.0, 0.0]] * 3 + [[0.0, 1.0]])
    >>> vals = eta_online_float(X, rho, lam, Lam, W, np.array([0, 0, 1, 0]), np.array([-1.0, 1.0, -1.0, 1.0]))
    >>> [round(float(v), 12) for v in vals]  # the last kink y_2 = 0.1 crosses both balls: not allowed
    [0.0, 0.1, 0.9, 0.0]
    """
    problem = _Problem((), None, X, float(rho), X.shape[1])
    _, Z, allowed, active = _tangent(problem, W, m, s)
    A = active.astype(float)
    LamW = np.tensordot(W, Lam, axes=([1], [2]))  # D x N x d: Lambda_n w
    eta = (A * Z) @ lam + np.einsum("Dn,Dni->Di", A, LamW)
    out = np.linalg.norm(eta, axis=1)
    out[~allowed] = 0.0
    return out


# --------------------------------------------------------------------------------------------
# the restricted master program


@dataclass(frozen=True)
class _Master:
    status: str
    value: Optional[float] = None
    A: Optional[np.ndarray] = None  # K x d
    V: Optional[np.ndarray] = None
    c: Optional[np.ndarray] = None
    lam: Optional[np.ndarray] = None  # N x d
    Lam: Optional[np.ndarray] = None  # N x d x d
    message: str = ""


def _solve_master(problem: _Problem, F: np.ndarray, solver: str) -> _Master:
    """The group lasso over the unit columns F, with the rows compressed as in the planar program."""
    N, d = len(problem.X), problem.d
    Mv, Mc, T = _fixed_block(problem)
    M = np.hstack([F, Mv, Mc])
    eig, U = np.linalg.eigh(M @ M.T)
    order = np.argsort(eig)[::-1]
    eig, U = eig[order], U[:, order]
    sv = np.sqrt(np.clip(eig, 0.0, None))
    r = int(np.sum(sv > _RANK_TOL * sv[0]))
    Ur = U[:, :r]
    A = cp.Variable((F.shape[1], d))
    V = cp.Variable((d, d))
    c = cp.Variable((1, d))
    equal = (Ur.T @ F) @ A + (Ur.T @ Mv) @ V.T + (Ur.T @ Mc) @ c == Ur.T @ T
    program = cp.Problem(cp.Minimize(cp.sum(cp.norm(A, 2, axis=1))), [equal])
    # tight tolerances first (the lower bound is only as good as the dual); when Clarabel reports
    # an inaccurate solution, the planar program's tolerances, then its defaults
    attempts = _CLARABEL_ATTEMPTS if solver.upper() == "CLARABEL" else ({},)
    for opts in attempts:
        options = quiet_options(solver, opts)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                program.solve(solver=solver, **options)
        except (cp.error.SolverError, ValueError, ArithmeticError, np.linalg.LinAlgError) as exc:
            return _Master(status="solver_error", message=f"{type(exc).__name__}: {exc}")
        status = str(program.status)
        if status == cp.OPTIMAL:
            break
    notes = "; ".join(str(w.message) for w in caught)
    if status != cp.OPTIMAL or A.value is None or equal.dual_value is None:
        return _Master(status=status, value=program.value, message=notes or f"solver status {status}")
    Y = Ur @ np.asarray(equal.dual_value).reshape(r, d)
    if not all(np.all(np.isfinite(x)) for x in (A.value, V.value, c.value, Y)):
        return _Master(status="non-finite solution", message="the solver reported optimal with non-finite values")
    if float(np.sum(Y * T)) < 0:  # cvxpy's sign convention: make sum lambda_n.x_n = +value
        Y = -Y
    lam = np.array([Y[n * (d + 1)] for n in range(N)])
    # Lambda_n[i, j] is the multiplier of Jacobian row (n, j) in output coordinate i
    Lam = np.array([Y[n * (d + 1) + 1: (n + 1) * (d + 1)].T for n in range(N)])
    return _Master(status=status, value=float(program.value), A=np.asarray(A.value), V=np.asarray(V.value),
                   c=np.asarray(c.value).reshape(d), lam=lam, Lam=Lam, message=notes)


# --------------------------------------------------------------------------------------------
# pricing: a dense sample, then local refinement of the best candidates


def _tangent_basis(w: np.ndarray) -> np.ndarray:
    a = np.eye(len(w))[int(np.argmin(np.abs(w)))]
    e1 = a - (a @ w) * w
    e1 /= np.linalg.norm(e1)
    e2 = np.array([w[1] * e1[2] - w[2] * e1[1], w[2] * e1[0] - w[0] * e1[2], w[0] * e1[1] - w[1] * e1[0]])
    return np.stack([e1, e2])


def _refine(problem: _Problem, lam, Lam, W0: np.ndarray, m: np.ndarray, s: np.ndarray, step: float,
            levels: int) -> tuple:
    """Local maximisation of |eta| around each start W0[k] for its fixed (ball, side): a shrinking grid.

    All candidates move together (one vectorised evaluation per level). Returns (values, directions).
    """
    X, r, d = problem.X, problem.r, problem.d
    C = len(W0)
    W = W0.copy()
    best = eta_online_float(X, r, lam, Lam, W, m, s)
    if d == 2:
        offsets = np.linspace(-1, 1, 21)[:, None]
        shrink = 5.0
    else:
        g = np.linspace(-1, 1, 9)
        offsets = np.stack(np.meshgrid(g, g), -1).reshape(-1, 2)
        shrink = 3.0
    G = len(offsets)
    mm, ss = np.repeat(m, G), np.repeat(s, G)
    h = step
    for _ in range(levels):
        if d == 2:
            t = (np.arctan2(W[:, 1], W[:, 0])[:, None] + h * offsets[:, 0][None]).reshape(-1)
            cand = np.stack([np.cos(t), np.sin(t)], 1)
        else:
            a = np.eye(3)[np.argmin(np.abs(W), axis=1)]
            e1 = a - np.sum(a * W, axis=1, keepdims=True) * W
            e1 /= np.linalg.norm(e1, axis=1, keepdims=True)
            e2 = np.cross(W, e1)
            cand = (W[:, None, :] + h * (offsets[None, :, 0:1] * e1[:, None, :] + offsets[None, :, 1:2] * e2[:, None, :]))
            cand = _normalise(cand.reshape(-1, 3))
        vals = eta_online_float(X, r, lam, Lam, cand, mm, ss).reshape(C, G)
        k = np.argmax(vals, axis=1)
        better = vals[np.arange(C), k] > best
        best = np.where(better, vals[np.arange(C), k], best)
        W = np.where(better[:, None], cand.reshape(C, G, d)[np.arange(C), k], W)
        h /= shrink
    return best, W


def _price(problem: _Problem, lam, Lam, sample: np.ndarray, *, top: int, levels: int) -> list:
    """Candidates ``(|eta|, w, m, s)``, best first: per (ball, side), the best sample points refined."""
    N = len(problem.X)
    D = len(sample)
    step = (2 * math.pi / D) if problem.d == 2 else 2.5 / math.sqrt(D)
    starts, ms, ss = [], [], []
    for m in range(N):
        for s in (-1.0, 1.0):
            vals = eta_online_float(problem.X, problem.r, lam, Lam, sample, np.full(D, m), np.full(D, s))
            order = np.argsort(-vals)
            picked: list = []
            for k in order:
                if vals[k] <= 0 or len(picked) >= top:
                    break
                if any(float(sample[k] @ sample[p]) > math.cos(3 * step) for p in picked):
                    continue  # a neighbour of a point already picked: the same local maximum
                picked.append(int(k))
            starts += [sample[k] for k in picked]
            ms += [m] * len(picked)
            ss += [s] * len(picked)
    if not starts:
        return []
    vals, W = _refine(problem, lam, Lam, np.array(starts), np.array(ms), np.array(ss), step, levels)
    out = [(float(v), w, int(m), float(s)) for v, w, m, s in zip(vals, W, ms, ss)]
    out.sort(key=lambda c: -c[0])
    return out


# --------------------------------------------------------------------------------------------
# exact units for the upper bound


def _group_directions(W: np.ndarray, weights: np.ndarray, angle: float = _GROUP_ANGLE) -> list:
    """Greedy groups of nearly equal lines: ``[(mean unit vector, [(index, sign), ...]), ...]``."""
    groups: list = []
    cos_tol = math.cos(angle)
    for u in np.argsort(-weights):
        w = W[u]
        for g in groups:
            c = float(w @ g[0])
            if abs(c) >= cos_tol:
                g[1].append((int(u), 1 if c > 0 else -1))
                break
        else:
            groups.append([w.copy(), [(int(u), 1)]])
    out = []
    for ref, members in groups:
        mean = sum(weights[u] * sg * W[u] for u, sg in members)
        out.append((mean / np.linalg.norm(mean), members))
    return out


def _exact_group(problem: _Problem, w_float: np.ndarray, members: list, W, m, s, precision: int) -> Optional[list]:
    """Exact units of one direction group, or None when no exact direction keeps every member's active set.

    Each member keeps its float active set when some exact tangent bias (any ball, either side)
    of the exact direction is allowed and has that active set; the closest such bias is taken.
    A few small rotations of the rational direction are tried when the first does not fit (a
    kink tangent to two balls at once, as on a data edge, is fragile under rounding).
    """
    rng = np.random.default_rng(len(members))
    base = _tangent_basis(w_float) if problem.d == 3 else np.array([[-w_float[1], w_float[0]]])
    float_sets = []
    for u, _ in members:
        beta_f, _, _, active_f = _tangent(problem, W[u][None], m[u:u + 1], s[u:u + 1])
        Zf = W[u] @ problem.X.T - beta_f[0]
        float_sets.append((float(beta_f[0]), tuple(bool(z >= problem.r - _ACTIVE_TOL) for z in Zf)))
    for attempt in range(12):
        if attempt == 0:
            target = w_float
        else:
            scale = 10.0 ** (-9 + attempt // 2)
            target = w_float + scale * (rng.standard_normal(len(base)) @ base)
        w = rational_unit_vector(target, precision)
        out = []
        for (u, sg), (beta_f, act_f) in zip(members, float_sets):
            wu = w if sg > 0 else tuple(-x for x in w)
            proj = [sum(a * b for a, b in zip(wu, x)) for x in problem.centres]
            best = None
            for n in range(len(proj)):
                for side in (-1, 1):
                    beta = proj[n] + side * problem.rho
                    act = tuple(p - beta >= problem.rho for p in proj)
                    if act != act_f or unit_allowed(problem.centres, problem.rho, wu, beta) is not None:
                        continue
                    gap = abs(to_float(beta) - beta_f)
                    if best is None or gap < best[0]:
                        best = (gap, beta)
            if best is None:
                break
            out.append((u, wu, best[1]))
        else:
            return out
    return None


def _upper_network(problem: _Problem, W, m, s, master: _Master, support: np.ndarray, precision: int,
                   angle: float = _GROUP_ANGLE, solver: str = "CLARABEL") -> tuple:
    """Exact units for the float support, re-solved exactly; ``(network, upper, message, groups)``."""
    idx = np.flatnonzero(support)
    norms = np.linalg.norm(master.A, axis=1)
    groups = _group_directions(W[idx], norms[idx], angle)
    units: dict = {}
    kept = 0
    for mean, members in groups:
        members = [(int(idx[u]), sg) for u, sg in members]
        exact_units = _exact_group(problem, mean, members, W, m, s, precision)
        if exact_units is None:
            return None, None, ("no rational direction near a support direction keeps its units' active sets "
                                "(a kink would cross a ball)"), groups
        for u, wu, beta in exact_units:
            key = (wu, beta)
            guess = units.get(key, np.zeros(problem.d)) + master.A[u]
            units[key] = guess
            kept += 1
    keys = list(units)
    guesses = [(np.array([units[k] for k in keys]), master.V, master.c, "")]
    # Polish: the program restricted to the exact units (in floats), so that the free variables of the
    # exact system get the best values these directions allow, not the scattered original solution's.
    Wk = np.array([[to_float(x) for x in w] for w, _ in keys])
    bk = np.array([to_float(beta) for _, beta in keys])
    Zk = Wk @ problem.X.T - bk[:, None]
    polished = _solve_master(problem, _columns_from(problem, Wk, Zk), solver)
    if polished.A is not None:
        guesses.insert(0, (polished.A, polished.V, polished.c, "re-optimised on the exact directions"))
    best = (None, None, "", groups)
    for A, Vf, cf, how in guesses:
        exact_units = [(w, beta, tuple(_on_grid(x) for x in a)) for (w, beta), a in zip(keys, A)]
        V = tuple(tuple(_on_grid(Vf[i][j]) for j in range(problem.d)) for i in range(problem.d))
        c = tuple(_on_grid(x) for x in cf)
        network, upper, reason = exact_online_network(problem.centres, problem.rho, exact_units, (V, c))
        if network is None:
            if best[0] is None:
                best = (None, None, reason, groups)
            continue
        if best[1] is None or upper < best[1]:
            best = (network, upper, (f"{len(network.units)} units in {len(groups)} exact rational directions, tangent "
                                     f"biases{', ' + how if how else ''}; value, zero Jacobian and no kink in a ball "
                                     "checked exactly on every ball"), groups)
    return best


# --------------------------------------------------------------------------------------------
# comparison with a closed form


def _line_angle(u: Sequence[float], v: Sequence[float]) -> float:
    """The angle in degrees between the lines of u and v (0..90)."""
    c = abs(float(np.dot(u, v))) / (float(np.linalg.norm(u)) * float(np.linalg.norm(v)))
    return math.degrees(math.acos(min(1.0, c)))


def _compare(closed: Denoiser, directions: tuple, lower, upper) -> tuple:
    """The closed form against the interval: ``(cost, relation or None, per-unit nearest direction)``."""
    cost = closed.cost if closed.cost is not None else closed.network.cost()
    relation = interval_relation(cost, lower, upper) if lower is not None and upper is not None else None
    units = []
    for u in closed.network.units:
        w = [to_float(x) for x in u.w]
        if directions:
            gaps = [_line_angle(w, dd[0]) for dd in directions]
            k = int(np.argmin(gaps))
            units.append((tuple(w), directions[k][0], gaps[k]))
        else:
            units.append((tuple(w), None, None))
    return cost, relation, tuple(units)


# --------------------------------------------------------------------------------------------
# the recipe


def _certificate_candidates(problem: _Problem, master: _Master, bound, tol: float, levels: int) -> list:
    """Columns seeded by the rigorous search's maximiser of ``|eta|`` (its argmax), refined in floats.

    The certificate's search bounds every allowed tangent unit; its best unit is on the side -1
    (ball m active and tangent) in some direction w, equivalently ``(-w, m, +1)``. Each ball m is
    tried as the tangent ball from w, then refined locally like the ordinary pricing.
    """
    try:
        from symden.certificates.sphere import online_sup_bound
        found = online_sup_bound(problem.centres, problem.rho, bound.lam, bound.Lam, rel_tol=min(1e-5, 10 * tol))
    except (ImportError, ExactLimitError, OverflowError, ConditionError, InvalidDataError):
        return []
    w = np.array([float(x) for x in found.argmax])
    if w.shape != (problem.d,) or not np.all(np.isfinite(w)) or np.linalg.norm(w) == 0:
        return []
    w = w / np.linalg.norm(w)
    N = len(problem.X)
    starts = np.array([w] * N + [-w] * N)
    ms = np.concatenate([np.arange(N), np.arange(N)])
    ss = np.concatenate([np.full(N, -1.0), np.full(N, 1.0)])
    vals, W = _refine(problem, master.lam, master.Lam, starts, ms, ss, 1e-3, levels)
    out = [(float(v), wk, int(mk), float(sk)) for v, wk, mk, sk in zip(vals, W, ms, ss) if v > 1 + tol]
    out.sort(key=lambda c: -c[0])
    return out


def _lower_bound(problem: _Problem, master: _Master, rel_tol: float) -> tuple:
    """``(OnlineDualBound or None, note)`` from the sphere certificate (imported lazily)."""
    try:
        from symden.certificates.sphere import online_dual_lower_bound
    except ImportError as exc:
        return None, (f"no rigorous lower bound: symden.certificates.sphere is not available ({exc}); the float "
                      "dual value is evidence only")
    lam = [tuple(float(v) for v in row) for row in master.lam]
    Lam = [tuple(tuple(float(v) for v in row) for row in L) for L in master.Lam]
    return online_dual_lower_bound(problem.centres, problem.rho, lam, Lam, rel_tol=rel_tol), ""


_PROBE_KINKS = 4  # kink planes whose neighbours are probed
_PROBE_ETA = 0.9  # probe columns: |eta| at least this (every near-optimal solution lives there, 6b.6)


def _uniqueness_probe(problem: _Problem, W, m, s, master: _Master, solver: str) -> Verdict:
    """Evidence for uniqueness: the spread of h at points between the balls over the near-optimal set.

    The probe (:func:`symden.programs._probe.probe_spread`) runs on the final columns whose float
    ``|eta|`` is at least 0.9: a solution of cost at most ``value + eps`` puts all but
    ``(eps + value - lower) / 0.1`` of its cost on those (docs/theory.md section 6b.6), so the
    restriction changes little and keeps the solves small. Probe points: the midpoint of every
    pair of centres, the centroid, and the kinks' neighbours (for the four costliest kink planes of
    the float solution, the point of the plane nearest the centroid moved rho/2 to either side).
    """
    from symden.programs._probe import equality_system, evaluation_rows, probe_spread, probe_verdict

    N, d = len(problem.X), problem.d
    col_eta = eta_online_float(problem.X, problem.r, master.lam, master.Lam, W, m, s)
    keep = col_eta >= _PROBE_ETA
    Wk, mk, sk = W[keep], m[keep], s[keep]
    beta, _, _, _ = _tangent(problem, Wk, mk, sk)
    F = _columns(problem, Wk, mk, sk)
    Mv, Mc, T = _fixed_block(problem)
    K = F.shape[1]
    E, f = equality_system(F, Mv, Mc[:, 0], T)
    points = [(problem.X[a] + problem.X[b]) / 2 for a in range(N) for b in range(a + 1, N)] + [problem.X.mean(axis=0)]
    # the kinks' neighbours: for the costliest units of the float solution, the point of the kink
    # plane nearest the centroid, moved rho/2 to either side
    norms = np.linalg.norm(master.A, axis=1)
    centroid = problem.X.mean(axis=0)
    seen = []
    for u in np.argsort(-norms)[:2 * _PROBE_KINKS]:
        if norms[u] <= 1e-3 * max(float(norms.max()), 1e-300):
            break
        b_u = float(W[u] @ problem.X[m[u]] + s[u] * problem.r)
        foot = centroid - (float(W[u] @ centroid) - b_u) * W[u]
        if any(np.linalg.norm(foot - other) < 1e-6 for other in seen):
            continue
        seen.append(foot)
        points += [foot + 0.5 * problem.r * W[u], foot - 0.5 * problem.r * W[u]]
        if len(seen) == _PROBE_KINKS:
            break
    probes = [(p, evaluation_rows(np.maximum(Wk @ p - beta, 0.0), p)) for p in points]
    return probe_verdict(lambda eps: probe_spread(E, f, K, d, probes, master.value, eps=eps, solver=solver),
                         master.value, K, "balls")


def solve_online(data: DataSet, *, compare: Optional[Denoiser] = None, directions: Optional[int] = None,
                 rounds: int = 40, tol: Optional[float] = None, solver: str = "CLARABEL",
                 columns_per_round: int = 60, active_threshold: float = 1e-6, rel_tol: Optional[float] = None,
                 precision: int = 10**10, pricing: Optional[int] = None, probe: bool = False) -> Solution:
    """A certified interval for the minimal cost of online (ball) data in d = 2 or 3.

    Column generation over tangent units (module docstring), then a rigorous weak-duality lower
    bound over all directions (:func:`symden.certificates.sphere.online_dual_lower_bound`) and an
    exact network equal to x_n on every whole ball for the upper bound
    (:func:`symden.certificates.online.exact_online_network`); docs/theory.md section 6b.3.

    Parameters
    ----------
    data
        Online data (a radius) in d = 2 or 3.
    compare
        A closed-form :class:`~symden.denoiser.Denoiser` to place against the interval.
    directions
        Initial directions on the half sphere (default 180 in d = 2, 300 in d = 3) before the
        data's own directions are added.
    pricing
        Directions sampled on the whole sphere for pricing (default 2880 in d = 2, 12000 in
        d = 3), plus the data directions; the best candidates are then refined locally.
    rounds
        Maximal column-generation rounds.
    tol
        Stop when the float ``sup |eta| <= 1 + tol`` (default 1e-7 in d = 2, 1e-6 in d = 3).
    solver
        A cvxpy conic solver (Clarabel by default).
    columns_per_round
        Columns added per round at most (the best priced candidates).
    active_threshold
        Units with ``|a| <= active_threshold * max |a|`` are left out of the exact re-solve.
    rel_tol
        Relative accuracy asked of the rigorous supremum bound (default 1e-6).
    precision
        Precision of the rational unit directions (:func:`symden.certificates.online.rational_unit_vector`).
    probe
        Also run the uniqueness probe (a ``uniqueness`` verdict with status EVIDENCE; docs/theory.md
        section 6b.7); it costs a few small conic solves per probe point.

    Returns
    -------
    Solution
        ``program = "online group lasso"``; CERTIFIED only when the rigorous lower bound and the
        exact network's upper bound both exist (and are ordered); solver failures, a missing
        lower-bound certificate and exact arithmetic that hits a limit give INCONCLUSIVE, never an
        exception. ``certificate`` is the ``OnlineDualBound``; ``solver`` holds the solver's facts,
        the float primal value and the support directions ``(unit vector, units, cost share)``.

    Raises
    ------
    ConditionError
        For offline data, or data not in d = 2 or 3.
    InvalidDataError
        For an option out of range.
    """
    for name, value in (("rounds", rounds), ("columns_per_round", columns_per_round), ("precision", precision)) + tuple(
            (k, v) for k, v in (("directions", directions), ("pricing", pricing)) if v is not None):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise InvalidDataError(f"{name} = {value!r}: must be a positive integer")
    for name, value in (("tol", tol), ("rel_tol", rel_tol), ("active_threshold", active_threshold)):
        if value is not None and not (isinstance(value, (int, float)) and math.isfinite(value) and value >= 0):
            raise InvalidDataError(f"{name} = {value!r}: must be a finite non-negative number")
    start = time.perf_counter()
    problem = _prepare(data)
    d, N = problem.d, len(problem.X)
    if directions is None:
        directions = 180 if d == 2 else 300
    if pricing is None:
        pricing = 2880 if d == 2 else 12000
    if tol is None:
        tol = 1e-7 if d == 2 else 1e-6
    if rel_tol is None:
        rel_tol = 1e-6
    info: dict = {"name": solver, "status": None, "rounds": 0, "converged": False, "sup_eta": None,
                  "columns": 0, "seconds": None, "certificate_seconds": None}

    def finish(status: Status, detail: str, *, lower=None, upper=None, primal=None, network=None, groups=(),
               certificate=None, evidence=(), extra=(), notes=()) -> Solution:
        info["seconds"] = time.perf_counter() - start
        bounds = tuple((q, v) for q, v in ((Quantity.LOWER_BOUND, lower), (Quantity.UPPER_BOUND, upper)) if v is not None)
        verdict = Verdict("min-cost interval", status, detail, evidence=bounds, reference=cite("6b.3"))
        facts = tuple(info.items()) + (("primal value", primal), ("directions", tuple(groups))) + tuple(extra)
        verdicts = (verdict,)
        if status is Status.CERTIFIED and certificate is not None and upper is not None:
            loc_start = time.perf_counter()
            verdicts += (localisation_verdict(certificate, upper, problem.d, centres=data.clean, rho=data.radius),)
            facts += (("localisation_seconds", time.perf_counter() - loc_start),)
        if probe and status is Status.CERTIFIED:
            probe_start = time.perf_counter()
            verdicts += (_uniqueness_probe(problem, W, m, s, master, solver),)
            facts += (("probe_seconds", time.perf_counter() - probe_start),)
        return Solution(data=data, program=PROGRAM, status=status, lower=lower, upper=upper, network=network,
                        verdicts=verdicts, certificate=certificate, evidence=evidence, solver=facts, notes=notes)

    init = np.vstack([_half(_sphere_sample(d, 2 * directions))[: 2 * directions], _data_directions(problem)])
    init = _normalise(_half(init))
    W, m, s = _all_tangents(init, N)
    _, _, allowed, _ = _tangent(problem, W, m, s)
    W, m, s = W[allowed], m[allowed], s[allowed]
    F = _columns(problem, W, m, s)
    keep = np.abs(F).max(axis=0) > 1e-12
    W, m, s, F = W[keep], m[keep], s[keep], F[:, keep]
    # pricing sample: the whole sphere, densely, plus the data directions (both orientations), whose
    # neighbourhoods hold the thin allowed regions of kinks tangent to two balls at once
    data_dirs = np.vstack([_data_directions(problem), _vertex_directions(problem)])
    sample = np.vstack([_sphere_sample(d, pricing), data_dirs, -data_dirs, _boundary_circles(problem, 720 if N <= 4 else 360)])
    levels = 14 if d == 2 else 18
    master = None
    stopped = ""
    previous = None
    bound = bound_master = None
    lower_note = ""
    guided = 0  # rounds whose new columns came from the certificate's search (see below)

    def certify(master_now):
        try:
            return _lower_bound(problem, master_now, rel_tol)
        except (ExactLimitError, OverflowError, ConditionError) as exc:
            return None, f"no rigorous lower bound: the sphere certificate failed ({type(exc).__name__}: {exc})"

    rnd = 0
    # no total: the round limit is only an upper bound (the generation usually converges long before it)
    bar = task("column generation", unit="round")  # closed after the loop (or by the listener)
    while rnd < rounds:
        rnd += 1
        master = _solve_master(problem, F, solver)
        if master.lam is None:
            if previous is None:
                info.update(status=master.status, rounds=rnd, columns=F.shape[1])
                return finish(Status.INCONCLUSIVE,
                              f"the solver {solver} did not solve round {rnd} (status {master.status}: {master.message}); "
                              "no bound is claimed", primal=master.value if isinstance(master.value, float) else None)
            # a later round the solver could not finish: the bounds come from the last solved round
            # (they are re-derived rigorously from any dual and any feasible network)
            stopped = (f"round {rnd}'s master was not solved (status {master.status}); the bounds come from round "
                       f"{rnd - 1}")
            master, W, m, s = previous
            break
        previous = (master, W, m, s)
        info.update(status=master.status, rounds=rnd, columns=F.shape[1])
        cands = _price(problem, master.lam, master.Lam, sample, top=6 if d == 2 else 10, levels=levels)
        info["sup_eta"] = float(cands[0][0]) if cands else 0.0
        info["converged"] = info["sup_eta"] <= 1 + tol
        bar.update(rnd, note=f"sup |eta| {info['sup_eta']:.6f}, {F.shape[1]} columns")
        if info["converged"] or rnd == rounds:
            bound, lower_note = certify(master)
            bound_master = master
            # The rigorous search of the certificate sees every allowed unit; when it finds |eta|
            # clearly above 1 where the float pricing did not (a thin allowed region), its maximiser
            # seeds new columns and the generation goes on.
            if (not info["converged"] or bound is None or rnd == rounds or guided >= _GUIDED_ROUNDS
                    or getattr(bound, "best", 0.0) <= 1 + 5 * tol):
                break
            cands = _certificate_candidates(problem, master, bound, tol, levels)
            if not cands:
                break
            guided += 1
            info["converged"] = False
        # keep the master small: drop columns far from pricing out (|eta| < 1/2) that carry nothing
        col_eta = eta_online_float(problem.X, problem.r, master.lam, master.Lam, W, m, s)
        col_norm = np.linalg.norm(master.A, axis=1)
        keep = (col_eta >= 0.5) | (col_norm > 1e-9 * max(float(col_norm.max()), 1e-300))
        W, m, s, F = W[keep], m[keep], s[keep], F[:, keep]
        new = [c for c in cands if c[0] > 1 + tol][:columns_per_round]
        Wn = np.array([c[1] for c in new])
        mn = np.array([c[2] for c in new], dtype=int)
        sn = np.array([c[3] for c in new])
        W, m, s = np.vstack([W, Wn]), np.concatenate([m, mn]), np.concatenate([s, sn])
        F = np.hstack([F, _columns(problem, Wn, mn, sn)])
    bar.close()
    info["certificate_guided_rounds"] = guided

    exact_start = time.perf_counter()
    norms = np.linalg.norm(master.A, axis=1)
    top = float(norms.max()) if norms.size else 0.0
    value = master.value if master.value and master.value > 0 else 1.0
    gen = (f"column generation {'converged' if info['converged'] else (stopped or 'stopped after the round limit')} "
           f"(sup |eta| = {info['sup_eta']:.9f} in floats after {info['rounds']} rounds, {info['columns']} columns)")
    notes: list = [stopped] if stopped else []
    network = upper = None
    net_message = "no units"
    groups: tuple = ()
    # The float solution spreads a little mass over near-duplicate columns (the program is degenerate);
    # supports cut at several thresholds are re-solved exactly and the cheapest exact network is kept.
    thresholds = sorted({t for t in (1e-2, 1e-3, 1e-4, 1e-5, active_threshold) if t >= active_threshold}, reverse=True)
    # Float directions of one exact direction may also scatter by more than _GROUP_ANGLE (a peak of
    # |eta| along a boundary circle is approached from several columns): wider groups are tried too.
    tried = []
    for threshold, angle in [(t, a) for a in (_GROUP_ANGLE, 3e-3, 2e-2) for t in thresholds]:
        support = norms > threshold * top if top > 0 else np.zeros(len(norms), dtype=bool)
        if any(np.array_equal(support, t) and angle == a for t, a in tried):
            continue
        tried.append((support, angle))
        try:
            net_t, upper_t, message_t, raw_groups = _upper_network(problem, W, m, s, master, support, precision,
                                                                   angle, solver)
        except (ExactLimitError, OverflowError) as exc:
            net_t, upper_t, raw_groups = None, None, []
            message_t = f"exact arithmetic hit a limit in the exact re-solve ({type(exc).__name__}: {exc})"
        if network is None and upper is None and (net_t is not None or not groups):
            net_message = message_t
        if net_t is not None and (upper is None or upper_t < upper):
            network, upper, net_message = net_t, upper_t, message_t + f" (support cut at {threshold:g} max |a|, directions within {angle:g} rad merged)"
            groups = tuple((tuple(round(float(x), 12) + 0.0 for x in mean), len(members),
                            float(sum(norms[np.flatnonzero(support)[u]] for u, _ in members) / value))
                           for mean, members in raw_groups)
            groups = tuple(sorted((g for g in groups if g[2] >= 0.001), key=lambda g: -g[2]))
        elif network is None:
            net_message = message_t
    if bound_master is not master:
        bound, lower_note = certify(master)
    info["certificate_seconds"] = time.perf_counter() - exact_start
    lower = bound.lower_bound if bound is not None else None
    if lower_note:
        notes.append(lower_note)

    evidence, extra = [], []
    if network is not None:
        # sum |a_u| exactly only when every |a_u|^2 is rational (a sum of square roots of rationals);
        # with algebraic data the norms are nested radicals, slow to express: the rational upper bound stands
        if all(isinstance(sq, mpq) for sq in (sum((x * x for x in u.a), mpq(0)) for u in network.units)):
            try:
                evidence.append((Quantity.NETWORK_COST, network.cost()))
            except (ExactLimitError, OverflowError) as exc:
                notes.append(f"the network's exact cost sum |a||w| is not expressed exactly (exact arithmetic hit a "
                             f"limit: {type(exc).__name__}: {exc}); the upper bound is a rigorous rational bound on it")
        else:
            notes.append("the network's exact cost sum |a_u| (|w_u| = 1) is not expressed exactly: its output vectors "
                         "are algebraic, so their norms are nested radicals; the upper bound is a rigorous rational "
                         "bound on it")
    if compare is not None:
        try:
            closed_cost, relation, unit_dirs = _compare(compare, groups, lower, upper)
        except (ExactLimitError, OverflowError) as exc:
            notes.append(f"the closed form ({compare.structure}) is not placed against the interval: exact arithmetic "
                         f"hit a limit ({type(exc).__name__}: {exc})")
        else:
            evidence.append((Quantity.CLOSED_FORM_COST, closed_cost))
            extra.append(("closed form units", unit_dirs))
            if relation is not None:
                notes.append(f"the closed form ({compare.structure}) costs {to_float(closed_cost):.9f}: {relation}")
            elif upper is not None and closed_cost > upper:
                notes.append(f"the closed form ({compare.structure}) costs {to_float(closed_cost):.9f}, above the exact "
                             "network's cost: it is not optimal here")
    common = dict(lower=lower, upper=upper, primal=master.value, network=network, groups=groups,
                  certificate=bound, evidence=tuple(evidence), extra=tuple(extra), notes=tuple(notes))
    if lower is None or upper is None:
        parts = []
        parts.append(f"upper bound {to_float(upper):.9f} from an exact network ({net_message})" if upper is not None
                     else f"no exact upper bound: {net_message}")
        parts.append(f"lower bound {to_float(lower):.9f} is rigorous" if lower is not None else lower_note)
        return finish(Status.INCONCLUSIVE, "; ".join(parts) + f"; the float primal value {master.value:.9f} is evidence "
                      f"only; {gen}", **common)
    if lower > upper:  # pragma: no cover - impossible by weak duality unless something is wrong
        return finish(Status.INCONCLUSIVE,
                      f"the rigorous bounds are out of order ({to_float(lower)} > {to_float(upper)}): a bug, not a result",
                      **common)
    return finish(Status.CERTIFIED,
                  f"{to_float(lower):.9f} <= min cost <= {to_float(upper):.9f} (width {to_float(upper - lower):.2e}): "
                  f"weak duality over all allowed tangent units with a rigorous supremum bound "
                  f"S = {to_float(bound.sup_bound):.12f}; upper bound from an exact network equal to x_n on every "
                  f"whole ball ({net_message}); {gen}", **common)
