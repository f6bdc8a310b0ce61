"""The planar group-lasso program with column generation; its rigorous interval comes from certificates.

docs/theory.md section 6 (multivariate) and section 5 (weak duality), for offline data in d = 2.

The program. With unit directions ``w`` the representation cost is a group lasso over units

    minimise  sum_u |a_u|   subject to   sum_u a_u [w_u.(y_i - y_{j_u})]_+ + V y_i + c = T_i   (all samples i)

with ``V`` and ``c`` free. For fixed ``w`` only biases at sample projections matter, so a unit is
an angle ``t`` in ``[0, pi)`` (the opposite orientation differs by a linear term, which V absorbs)
and a sample ``j`` its kink passes through. The initial columns are an angle grid with kinks at
each cluster's two extreme projections; column generation then adds, from the dual, the units
``(w, j)`` with the largest ``|eta(w, w.y_j)|`` over *all* directions (the pricing is exact in
the angle: see :func:`sup_eta_float`) until that supremum is at most ``1 + tol``.

The interval. Floats are evidence; the two bounds are rigorous and computed by
:mod:`symden.certificates.planar` from the rationalised candidates this module hands it:

* lower: the final dual ``lambda`` (floats), rationalised, projected exactly and bounded by a
  rigorous ``S >= sup |eta|`` (:func:`symden.certificates.dual_lower_bound`);
* upper: the active units, with directions made exact (``(1, t)`` or ``(t, 1)`` with a rational
  t, or the exact direction of a sample pair lying on the kink line) and kinks at rational offsets
  where that moves no sample across a kink line (:func:`symden.programs._rational.kink_bias`), and the interpolation
  system re-solved in exact arithmetic (:func:`symden.certificates.exact_network`).

Online (ball) data are refused: their constraints are infinitely many. (Sampling the circles
would give a valid *lower* bound for the online problem, but the network would interpolate only
the samples, so no upper bound; build an offline data set on purpose if that is wanted.)
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass
from typing import Optional, Sequence

import cvxpy as cp
import numpy as np
import scipy.sparse as sparse
from gmpy2 import mpq

from symden.certificates.planar import dual_lower_bound, exact_network
from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import ConditionError, ExactLimitError, InvalidDataError
from symden.exact import Exact, brief, rationalize, to_float
from symden.programs._localise import localisation_verdict
from symden.programs._placement import interval_relation
from symden.programs._rational import kink_bias as _kink_bias
from symden.programs._rational import on_grid as _on_grid
from symden.programs._solvers import quiet_options
from symden.progress import task
from symden.records import Quantity, Solution, Status, Verdict
from symden.reference import cite

__all__ = ["PROGRAM", "solve_group_lasso", "sup_eta_float"]

#: The name this program gives its :class:`~symden.records.Solution`.
PROGRAM = "planar group lasso"

# Relative singular-value cut below which interpolation rows count as dependent.
_RANK_TOL = 1e-9
# Feature entries this small are float noise from samples tied in projection.
_FEATURE_NOISE = 1e-11
# Solver tolerances: the problem is degenerate (|eta| = 1 on units with a = 0), and Clarabel's
# default 1e-8 gap stalls in its last step; the bounds are re-derived rigorously anyway.
_CLARABEL_OPTIONS = {"tol_gap_abs": 1e-8, "tol_gap_rel": 1e-8, "tol_feas": 1e-8}
try:  # installed with cvxpy (its default conic solver); without it the master goes through cvxpy
    import clarabel as _clarabel
except ImportError:  # pragma: no cover
    _clarabel = None


# --------------------------------------------------------------------------------------------
# the data as the program sees them


@dataclass(frozen=True)
class _Problem:
    points: tuple  # distinct samples, exact 2-tuples
    targets: tuple  # their clean points
    cluster: np.ndarray  # cluster index per point
    Y: np.ndarray  # float points (n x 2)
    T: np.ndarray  # float targets (n x 2)


def _prepare(data: DataSet) -> _Problem:
    if data.setting != "offline":
        raise ConditionError(
            "solve_group_lasso needs offline data (finitely many samples); these are online data with radius "
            f"{brief(data.radius)}. Sample the noise circles into an offline data set (e.g. symden.instances) "
            "to get a lower bound for the ball problem."
        )
    if data.dim != 2:
        hint = "use symden.programs.solve_univariate" if data.dim == 1 else "d >= 3 is not implemented"
        raise ConditionError(f"solve_group_lasso works in the plane (d = 2); these data have d = {data.dim}: {hint}")
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
    return _Problem(tuple(points), tuple(targets), np.array(cluster), Y, T)


def _features(Y: np.ndarray, thetas: np.ndarray, kinks: np.ndarray) -> np.ndarray:
    """Columns ``[w_u.(y_i - y_{j_u})]_+`` with ``w_u = (cos t_u, sin t_u)``; float ties become 0."""
    P = Y @ np.stack([np.cos(thetas), np.sin(thetas)])
    F = P - P[kinks, np.arange(len(kinks))][None, :]
    F[F < _FEATURE_NOISE] = 0.0
    return F


def _initial_columns(problem: _Problem, angles: int) -> tuple:
    thetas, kinks = [], []
    for t in np.arange(angles) * math.pi / angles:
        p = problem.Y @ np.array([math.cos(t), math.sin(t)])
        for n in np.unique(problem.cluster):
            members = np.flatnonzero(problem.cluster == n)
            for j in {int(members[np.argmin(p[members])]), int(members[np.argmax(p[members])])}:
                thetas.append(t)
                kinks.append(j)
    return np.array(thetas), np.array(kinks, dtype=int)


# --------------------------------------------------------------------------------------------
# the restricted master program


@dataclass(frozen=True)
class _Master:
    status: str
    value: Optional[float] = None
    A: Optional[np.ndarray] = None  # K x 2 output vectors
    V: Optional[np.ndarray] = None
    c: Optional[np.ndarray] = None
    lam: Optional[np.ndarray] = None  # n x 2 dual weights, sum lambda.T = value
    message: str = ""


def _compressed_rows(problem: _Problem, F: np.ndarray) -> np.ndarray:
    """``U_r``: the left singular vectors of ``M = [F | Y | 1]`` above the relative cut ``_RANK_TOL``."""
    n = len(problem.Y)
    M = np.hstack([F, problem.Y, np.ones((n, 1))])
    # left singular vectors from the small n x n Gram matrix (M has many more columns than rows)
    eig, U = np.linalg.eigh(M @ M.T)
    order = np.argsort(eig)[::-1]
    eig, U = eig[order], U[:, order]
    s = np.sqrt(np.clip(eig, 0.0, None))
    r = int(np.sum(s > _RANK_TOL * s[0]))
    return U[:, :r]


def _solve_master(problem: _Problem, F: np.ndarray, solver: str) -> _Master:
    """The group lasso over the columns F, its rows compressed to an orthonormal independent set.

    Interpolation rows are often exactly dependent (a cluster no kink cuts only sees an affine
    function), and interior-point solvers stall on dependent equalities. Replacing ``M x = T``
    by ``U_r^T M x = U_r^T T``, with ``U_r`` the left singular vectors of ``M = [F | Y | 1]``
    above a relative cut, keeps the same solutions (for consistent data) and conditions the
    rows as well as possible; the dual of the original rows is ``U_r`` times the compressed dual.

    Clarabel is called directly (:func:`_solve_master_clarabel`: the same conic program, built
    as matrices in a few milliseconds instead of cvxpy's canonicalisation every round); any
    other solver name goes through cvxpy.
    """
    Ur = _compressed_rows(problem, F)
    if str(solver).upper() == "CLARABEL" and _clarabel is not None:
        return _solve_master_clarabel(problem, F, Ur)
    n, r = len(problem.Y), Ur.shape[1]
    A = cp.Variable((F.shape[1], 2))
    V = cp.Variable((2, 2))
    c = cp.Variable((1, 2))
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
    lam = Ur @ np.asarray(equal.dual_value).reshape(r, 2)
    if not all(np.all(np.isfinite(x)) for x in (A.value, V.value, c.value, lam)):
        return _Master(status="non-finite solution", value=None, message="the solver reported optimal with non-finite values")
    # cvxpy's sign convention for equality duals: make sum lambda_i.T_i = +value (strong duality).
    if float(np.sum(lam * problem.T)) < 0:
        lam = -lam
    return _Master(status=status, value=float(program.value), A=np.asarray(A.value), V=np.asarray(V.value),
                   c=np.asarray(c.value).reshape(2), lam=lam, message=notes)


def _solve_master_clarabel(problem: _Problem, F: np.ndarray, Ur: np.ndarray) -> _Master:
    """The master in Clarabel's own form ``min q.x  s.t.  A x + s = b, s in cones``.

    ``x = (a_.0, a_.1, V_00, V_01, V_10, V_11, c_0, c_1, t)`` (the output vectors' first
    coordinates, then their second ones, the skip, then one epigraph variable per unit). Rows:
    the ``2r`` compressed interpolation equalities (zero cone), then per unit the second-order
    cone ``(t_u, a_u0, a_u1)``; the objective is ``sum_u t_u``. Clarabel's equality multipliers
    ``z`` satisfy ``-b.z = `` the optimum, so ``lambda = -U_r z`` up to the sign fixed below.
    """
    n, K, r = len(problem.Y), F.shape[1], Ur.shape[1]
    Fc, Yc, oc = Ur.T @ F, Ur.T @ problem.Y, Ur.T @ np.ones(n)
    nx = 3 * K + 6
    rows = []
    for k in range(2):  # output coordinate k: Fc a_.k + Yc V_k. + oc c_k = Ur^T T_.k
        block = np.zeros((r, nx))
        block[:, k * K:(k + 1) * K] = Fc
        block[:, 2 * K + 2 * k:2 * K + 2 * k + 2] = Yc
        block[:, 2 * K + 4 + k] = oc
        rows.append(block)
    Aeq = sparse.csr_matrix(np.vstack(rows))
    i = np.arange(3 * K)
    u, part = i // 3, i % 3
    cols = np.where(part == 0, 2 * K + 6 + u, np.where(part == 1, u, K + u))
    Asoc = sparse.csr_matrix((-np.ones(3 * K), (i, cols)), shape=(3 * K, nx))
    A = sparse.vstack([Aeq, Asoc]).tocsc()
    TU = Ur.T @ problem.T
    b = np.concatenate([TU[:, 0], TU[:, 1], np.zeros(3 * K)])
    q = np.zeros(nx)
    q[2 * K + 6:] = 1.0
    settings = _clarabel.DefaultSettings()
    settings.verbose = False
    settings.max_threads = 1  # two cores shared; threads only add contention for these sizes
    for key, value in _CLARABEL_OPTIONS.items():
        setattr(settings, key, value)
    cones = [_clarabel.ZeroConeT(2 * r)] + [_clarabel.SecondOrderConeT(3)] * K
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = _clarabel.DefaultSolver(sparse.csc_matrix((nx, nx)), q, A, b, cones, settings).solve()
    except (ValueError, RuntimeError, ArithmeticError, TypeError) as exc:
        return _Master(status="solver_error", message=f"{type(exc).__name__}: {exc}")
    notes = "; ".join(str(w.message) for w in caught)
    status = _CLARABEL_STATUS.get(str(result.status), f"clarabel status {result.status}")
    if status != cp.OPTIMAL:
        return _Master(status=status, value=float(result.obj_val), message=notes or f"solver status {result.status}")
    x, z = np.asarray(result.x), np.asarray(result.z)
    A_val = np.stack([x[:K], x[K:2 * K]], axis=1)
    V_val = x[2 * K:2 * K + 4].reshape(2, 2)
    c_val = x[2 * K + 4:2 * K + 6]
    lam = -Ur @ np.stack([z[:r], z[r:2 * r]], axis=1)
    if not all(np.all(np.isfinite(v)) for v in (A_val, V_val, c_val, lam)):
        return _Master(status="non-finite solution", value=None, message="the solver reported optimal with non-finite values")
    if float(np.sum(lam * problem.T)) < 0:
        lam = -lam
    return _Master(status=status, value=float(result.obj_val), A=A_val, V=V_val, c=c_val, lam=lam, message=notes)


#: Clarabel's statuses in cvxpy's words (as cvxpy's own Clarabel interface maps them).
_CLARABEL_STATUS = {"Solved": cp.OPTIMAL, "AlmostSolved": cp.OPTIMAL_INACCURATE,
                    "PrimalInfeasible": cp.INFEASIBLE, "AlmostPrimalInfeasible": cp.INFEASIBLE_INACCURATE,
                    "DualInfeasible": cp.UNBOUNDED, "AlmostDualInfeasible": cp.UNBOUNDED_INACCURATE,
                    "MaxIterations": cp.USER_LIMIT, "MaxTime": cp.USER_LIMIT,
                    "NumericalError": cp.SOLVER_ERROR, "InsufficientProgress": cp.SOLVER_ERROR}


# --------------------------------------------------------------------------------------------
# the supremum of |eta| in floats (pricing)


def _quadratic_form(q00, q01, q11, t):
    """``w^T Q w`` at ``w = (cos t, sin t)``, elementwise."""
    ct, st = np.cos(t), np.sin(t)
    return q00 * ct * ct + 2 * q01 * ct * st + q11 * st * st


def sup_eta_float(Y: np.ndarray, lam: np.ndarray) -> tuple:
    """Per kink sample j, ``max_{|w|=1} |eta(w, w.y_j)|`` and a maximising angle, in floats.

    ``eta(w, w.y_j) = sum_i lambda_i [w.(y_i - y_j)]_+`` is linear in w on each arc where the set
    ``{i : w.(y_i - y_j) > 0}`` is constant, so ``|eta|^2 = w^T Q w`` there and its maximum on
    the arc is at an end or at Q's top eigenvector. Exact in the angle (no grid); float
    arithmetic. Used for pricing; :func:`sup_eta_bound` is the rigorous version.

    Returns
    -------
    (values, angles)
        Arrays of length n: the maxima and angles in [0, 2 pi).

    Examples
    --------
    >>> Y = np.array([[-1.0], [0.0], [1.0]]) @ np.array([[1.0, 0.0]])
    >>> lam = np.array([[1.0, 0.0], [-2.0, 0.0], [1.0, 0.0]])
    >>> values, _ = sup_eta_float(Y, lam)
    >>> [round(float(v), 12) for v in values]  # the kink at 0 sees |w_x|; the end kinks see nothing
    [0.0, 1.0, 0.0]
    """
    values, angles, _ = _pricing(Y, lam, 1, math.inf)
    return values, angles


def _pricing(Y: np.ndarray, lam: np.ndarray, per_sample: int, floor: float) -> tuple:
    """:func:`sup_eta_float`'s sweep, and per kink j up to ``per_sample`` directions with ``|eta| > floor``.

    The extra directions are the best arc candidates (arc ends and interior eigenvector
    maxima) of distinct lines (angles distinct mod pi, as ``w`` and ``-w`` give the same column
    up to a linear term): several columns per sample and round instead of one, so that column
    generation needs fewer rounds. Returns ``(values, angles, [(value, j, angle), ...])``.
    """
    n = len(Y)
    values = np.zeros(n)
    angles = np.zeros(n)
    two_pi = 2 * math.pi
    extra: list = []
    for j in range(n):
        z = np.delete(Y - Y[j], j, axis=0)
        lj = np.delete(lam, j, axis=0)
        keep = np.hypot(z[:, 0], z[:, 1]) > 0
        z, lj = z[keep], lj[keep]
        if len(z) == 0:
            continue
        psi = np.arctan2(z[:, 1], z[:, 0])
        ev = np.sort(np.mod(np.concatenate([psi + math.pi / 2, psi - math.pi / 2]), two_pi))
        nxt = np.roll(ev, -1)
        nxt[-1] += two_pi
        mid = 0.5 * (ev + nxt)
        inside = (np.stack([np.cos(mid), np.sin(mid)], 1) @ z.T) > 0
        # M_k[a, b] = sum_{i in I_k} lambda_i[a] z_i[b]
        M = (inside.astype(float) @ (lj[:, :, None] * z[:, None, :]).reshape(len(z), 4)).reshape(-1, 2, 2)
        Q = np.einsum("kab,kac->kbc", M, M)
        q00, q01, q11 = Q[:, 0, 0], Q[:, 0, 1], Q[:, 1, 1]

        cand_t = [ev, nxt]
        cand_v = [_quadratic_form(q00, q01, q11, ev), _quadratic_form(q00, q01, q11, nxt)]
        phi = 0.5 * np.arctan2(2 * q01, q00 - q11)
        t_in = ev + np.mod(phi - ev, math.pi)
        top = 0.5 * (q00 + q11) + np.sqrt(0.25 * (q00 - q11) ** 2 + q01 ** 2)
        cand_t.append(t_in)
        cand_v.append(np.where(t_in < nxt, top, -1.0))
        cand_t = np.concatenate(cand_t)
        cand_v = np.concatenate(cand_v)
        k = int(np.argmax(cand_v))
        values[j] = math.sqrt(max(cand_v[k], 0.0))
        angles[j] = float(np.mod(cand_t[k], two_pi))
        if per_sample > 1 and values[j] > floor:
            taken: list = []
            for k in np.argsort(-cand_v):
                if cand_v[k] <= floor * floor or len(taken) == per_sample:
                    break
                t = float(np.mod(cand_t[k], math.pi))
                if all(min(abs(t - u), math.pi - abs(t - u)) > _DISTINCT_ANGLE for u in taken):
                    taken.append(t)
                    extra.append((math.sqrt(cand_v[k]), j, float(np.mod(cand_t[k], two_pi))))
    return values, angles, extra


#: Pricing directions closer than this (radians, mod pi) count as one column.
_DISTINCT_ANGLE = 1e-6

# --------------------------------------------------------------------------------------------
# exact candidates for the upper bound (rationalisation; the re-solve is in certificates.planar)


def _rational_direction(theta: float, max_denominator: int = 10**9) -> tuple:
    """An exact rational direction at angle ~theta: ``(1, tan theta)`` or ``(cot theta, 1)``, up to sign.

    The larger coordinate is +-1 and the other a best rational approximation (denominator at
    most ``max_denominator``). Only the direction matters (a unit ``a [w.y + b]_+`` costs
    ``|a||w|`` however w is scaled), and one short coordinate keeps the exact re-solve short:
    its pivots are ratios of minors of the directions, so denominators of 10^9 rather than
    the 10^18 of a rational point on the unit circle halve their digits.

    >>> _rational_direction(0.0), _rational_direction(math.pi / 2)
    ((mpq(1,1), mpq(0,1)), (mpq(0,1), mpq(1,1)))
    >>> _rational_direction(3 * math.pi / 4 + 0.1)[0]
    mpq(-1,1)
    """
    c, s = math.cos(theta), math.sin(theta)
    if abs(c) >= abs(s):
        t = rationalize(s / c, max_denominator=max_denominator, name="tan(theta)")
        return (mpq(1), t) if c > 0 else (mpq(-1), -t)
    k = rationalize(c / s, max_denominator=max_denominator, name="cot(theta)")
    return (k, mpq(1)) if s > 0 else (-k, mpq(-1))


def _exact_direction(problem: _Problem, theta: float, j: int, snap: float) -> tuple:
    """The exact direction for a unit at angle theta with its kink at sample j.

    When another sample lies on the kink line (within ``snap`` radians), the direction is made
    exactly perpendicular to their difference, so that the sample stays exactly on the line;
    otherwise a rational direction near theta (:func:`_rational_direction`).
    """
    u = np.array([math.cos(theta), math.sin(theta)])
    z = problem.Y - problem.Y[j]
    lengths = np.hypot(z[:, 0], z[:, 1])
    lengths[j] = 1.0
    off = np.abs(z @ u) / lengths
    off[j] = np.inf
    i = int(np.argmin(off))
    if off[i] < snap:
        diff = tuple(a - b for a, b in zip(problem.points[i], problem.points[j]))
        w = (-diff[1], diff[0])
        if float(w[0]) * u[0] + float(w[1]) * u[1] < 0:
            w = (-w[0], -w[1])
        return w, (j, i)
    return _rational_direction(theta), None


def _upper_network(problem: _Problem, thetas: np.ndarray, kinks: np.ndarray, master: "_Master",
                   active: np.ndarray, *, snap: float = 1e-7) -> tuple:
    """Make the active units exact (rationalisation) and hand them to the exact re-solve.

    Returns ``(network, upper_bound, message)``; network and bound are None on failure.
    """
    units, snapped, moved = [], 0, 0
    for u in np.flatnonzero(active):
        j = int(kinks[u])
        w, tie = _exact_direction(problem, float(thetas[u]), j, snap)
        wn = math.hypot(to_float(w[0]), to_float(w[1]))
        guess = master.A[u] / wn
        if tie is None:
            b = _kink_bias(problem, w, j)
            moved += b != -(w[0] * problem.points[j][0] + w[1] * problem.points[j][1])
        else:
            b = -(w[0] * problem.points[j][0] + w[1] * problem.points[j][1])
            snapped += 1
        units.append((w, b, tuple(_on_grid(guess[k]) for k in range(2))))
    V = tuple(tuple(_on_grid(master.V[k][i]) for i in range(2)) for k in range(2))
    c = tuple(_on_grid(master.c[k]) for k in range(2))
    network, upper, reason = exact_network(problem.points, problem.targets, units, (V, c))
    if network is None:
        return None, None, reason
    return network, upper, (f"{len(network.units)} units with exact directions ({snapped} made exactly perpendicular "
                            f"to a sample pair on the kink line, {moved} kinks moved off an algebraic sample to a "
                            "rational offset); the network fits every sample exactly")

# --------------------------------------------------------------------------------------------
# comparison with a closed form


def _angle_mod_180(w: Sequence[Exact]) -> float:
    return math.degrees(math.atan2(to_float(w[1]), to_float(w[0]))) % 180.0


def _direction_groups(active: tuple, *, width: float = 1.0, min_share: float = 0.01) -> tuple:
    """Active units grouped by line direction (angles mod 180 within ``width`` degrees of a neighbour)."""
    if not active:
        return ()
    order = sorted(active, key=lambda u: u["angle"])
    groups = [[order[0]]]
    for u in order[1:]:
        if u["angle"] - groups[-1][-1]["angle"] <= width:
            groups[-1].append(u)
        else:
            groups.append([u])
    if len(groups) > 1 and order[0]["angle"] + 180.0 - order[-1]["angle"] <= width:  # wrap at 0 = 180
        groups[0] = groups.pop() + groups[0]
    out = []
    for g in groups:
        share = sum(u["cost_share"] for u in g)
        if share < min_share:
            continue
        # cost-weighted mean of the line direction (doubled angles average without wrap trouble)
        sx = sum(u["cost_share"] * math.cos(math.radians(2 * u["angle"])) for u in g)
        sy = sum(u["cost_share"] * math.sin(math.radians(2 * u["angle"])) for u in g)
        mean = (math.degrees(math.atan2(sy, sx)) / 2) % 180.0
        offsets = [((u["angle"] - mean + 90.0) % 180.0) - 90.0 for u in g]
        out.append({"angle": mean, "low": mean + min(offsets), "high": mean + max(offsets),
                    "units": len(g), "cost_share": share})
    return tuple(sorted(out, key=lambda d: -d["cost_share"]))


def _compare(closed: Denoiser, directions: tuple, lower: Optional[mpq], upper: Optional[mpq]) -> tuple:
    """The closed form against the interval: ``(cost, relation or None, unit angle comparisons)``.

    Each comparison is ``(closed-form angle, nearest active angle, difference)`` in degrees mod
    180 (None for the last two when the program found no direction).
    """
    cost = closed.cost if closed.cost is not None else closed.network.cost()
    relation = interval_relation(cost, lower, upper) if lower is not None and upper is not None else None
    units = []
    for u in closed.network.units:
        a = _angle_mod_180(u.w)
        if directions:
            gaps = [abs(((a - d["angle"] + 90.0) % 180.0) - 90.0) for d in directions]
            k = int(np.argmin(gaps))
            units.append((a, directions[k]["angle"], gaps[k]))
        else:
            units.append((a, None, None))
    return cost, relation, tuple(units)


# --------------------------------------------------------------------------------------------
# the recipe


def solve_group_lasso(data: DataSet, *, angles: int = 180, rounds: int = 20, tol: float = 1e-6,
                      solver: str = "CLARABEL", compare: Optional[Denoiser] = None,
                      columns_per_round: int = 100, active_threshold: float = 1e-5,
                      columns_per_sample: int = 1, probe: bool = False) -> Solution:
    """A certified interval for the minimal representation cost of offline planar data.

    .. math::

        \\min \\sum_u |a_u| \\quad\\text{s.t.}\\quad
        \\sum_u a_u [w_u\\cdot y_i + b_u]_+ + V y_i + c = T_i \\ (\\text{all } i),\\qquad |w_u| = 1

    solved by column generation over unit directions, followed by an exact weak-duality lower
    bound and an exact feasible network (docs/theory.md sections 5 and 6; see the module docstring).

    Parameters
    ----------
    data
        Offline data in the plane.
    angles
        Initial grid of directions ``pi k / angles`` (kinks at each cluster's extreme projections).
    rounds
        Maximal column-generation rounds.
    tol
        Stop when ``sup |eta| <= 1 + tol`` over all directions and kinks (float).
    solver
        A cvxpy conic solver name (Clarabel by default).
    compare
        A closed-form :class:`~symden.denoiser.Denoiser` to place against the interval.
    columns_per_round
        Columns added per round (the best kink samples by ``|eta|``).
    columns_per_sample
        Directions priced per kink sample and round (the best arc candidates of distinct lines
        with ``|eta| > 1 + tol``; 1: only each sample's maximum). More per round means fewer
        rounds but larger masters; measured on THEORY's M2..M6 (benchmarks/bench_programs.py
        and the report of issue 10) neither setting is tighter on every instance, so the
        default keeps today's intervals.
    active_threshold
        Units with ``|a| <= active_threshold * max |a|`` are dropped before the exact re-solve.

    Returns
    -------
    Solution
        ``status`` is CERTIFIED only when both bounds are rigorous and ordered (``lower``,
        ``upper``, the exact ``network`` behind ``upper``, the
        :class:`~symden.certificates.DualBound` as ``certificate``, one ``min-cost interval``
        verdict); solver failures, non-optimal statuses and exact arithmetic that hits a limit
        give INCONCLUSIVE, never an exception. ``evidence`` holds the network's exact cost
        ``sum |a||w|`` and, with ``compare``, the closed form's cost; ``solver`` the solver's
        facts, the float primal value, the unit directions found (``(angle, low, high, units,
        cost share)``, degrees mod 180, largest share first, groups under 1% left out) and, with
        ``compare``, per closed-form unit ``(angle, nearest active angle, difference)``.

    Raises
    ------
    ConditionError
        For online data or data not in the plane.
    InvalidDataError
        For an option out of range (``angles``, ``rounds``, ``columns_per_round`` < 1, ``tol`` < 0).
    """
    for name, value in (("angles", angles), ("rounds", rounds), ("columns_per_round", columns_per_round),
                        ("columns_per_sample", columns_per_sample)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise InvalidDataError(f"{name} = {value!r}: must be a positive integer")
    if not (isinstance(tol, (int, float)) and math.isfinite(tol) and tol >= 0):
        raise InvalidDataError(f"tol = {tol!r}: must be a finite non-negative number")
    start = time.perf_counter()
    problem = _prepare(data)
    thetas, kinks = _initial_columns(problem, angles)
    info: dict = {"name": solver, "status": None, "rounds": 0, "converged": False, "sup_eta": None,
                  "columns": 0, "seconds": None, "certificate_seconds": None}

    def finish(status: Status, detail: str, *, lower=None, upper=None, primal=None, network=None, directions=(),
               certificate=None, evidence=(), extra=(), notes=()) -> Solution:
        info["seconds"] = time.perf_counter() - start
        bounds = tuple((q, v) for q, v in ((Quantity.LOWER_BOUND, lower), (Quantity.UPPER_BOUND, upper)) if v is not None)
        verdict = Verdict("min-cost interval", status, detail, evidence=bounds, reference=cite("6"))
        verdicts = (verdict,)
        if status is Status.CERTIFIED and certificate is not None and upper is not None:
            verdicts += (localisation_verdict(certificate, upper, data.dim),)
        facts = tuple(info.items()) + (("primal value", primal),
                                       ("directions", tuple((d["angle"], d["low"], d["high"], d["units"], d["cost_share"])
                                                            for d in directions))) + tuple(extra)
        return Solution(data=data, program=PROGRAM, status=status, lower=lower, upper=upper, network=network,
                        verdicts=verdicts, certificate=certificate, evidence=evidence, solver=facts, notes=notes)

    F = _features(problem.Y, thetas, kinks)
    keep = F.max(axis=0) > 1e-9
    thetas, kinks, F = thetas[keep], kinks[keep], F[:, keep]
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
        values, angle_j, extra = _pricing(problem.Y, master.lam, columns_per_sample, 1 + tol)
        info["sup_eta"] = float(values.max())
        bar.update(rnd, note=f"sup |eta| {info['sup_eta']:.6f}, {F.shape[1]} columns")
        if values.max() <= 1 + tol:
            info["converged"] = True
            break
        if rnd == rounds:
            break
        if columns_per_sample > 1:
            chosen = sorted(extra, key=lambda e: -e[0])[:columns_per_round]
        else:
            order = np.argsort(-values)
            chosen = [(values[j], int(j), float(angle_j[j])) for j in order[:columns_per_round] if values[j] > 1 + tol]
        new_t, new_j = [], []
        for _, j, t in chosen:
            t = t % (2 * math.pi)
            new_t.append(t - math.pi if t >= math.pi else t)  # [-z]_+ = [z]_+ - z: V absorbs the rest
            new_j.append(int(j))
        new_t, new_j = np.array(new_t), np.array(new_j, dtype=int)
        Fn = _features(problem.Y, new_t, new_j)
        ok = Fn.max(axis=0) > 1e-9
        thetas = np.concatenate([thetas, new_t[ok]])
        kinks = np.concatenate([kinks, new_j[ok]])
        F = np.hstack([F, Fn[:, ok]])
    bar.close()

    exact_start = time.perf_counter()
    norms = np.linalg.norm(master.A, axis=1)
    top = float(norms.max()) if norms.size else 0.0
    active = norms > active_threshold * top if top > 0 else np.zeros(len(norms), dtype=bool)
    value = master.value if master.value and master.value > 0 else 1.0
    active_units = tuple(
        {"angle": math.degrees(float(thetas[u])) % 180.0,
         "bias": -float(problem.Y[kinks[u]] @ np.array([math.cos(thetas[u]), math.sin(thetas[u])])),
         "kink_sample": int(kinks[u]),
         "norm_a": float(norms[u]),
         "output_direction": math.degrees(math.atan2(master.A[u][1], master.A[u][0])),
         "cost_share": float(norms[u] / value)}
        for u in sorted(np.flatnonzero(active), key=lambda u: -norms[u]))
    directions = _direction_groups(active_units)
    gen = (f"column generation {'converged' if info['converged'] else 'stopped after the round limit'} "
           f"(sup |eta| = {info['sup_eta']:.9f} in floats after {info['rounds']} rounds, {info['columns']} columns)")

    try:
        bound = dual_lower_bound(problem.points, problem.targets, master.lam)
    except (ExactLimitError, OverflowError) as exc:
        info["certificate_seconds"] = time.perf_counter() - exact_start
        why = f"{type(exc).__name__}: {exc}"
        return finish(Status.INCONCLUSIVE,
                      f"the weak-duality lower bound is not decided: exact arithmetic hit a limit ({why}); "
                      f"the float primal value {master.value:.9f} is evidence only; {gen}",
                      primal=master.value, directions=directions,
                      notes=(f"not decided: the lower bound (exact arithmetic hit a limit: {why})",))
    try:
        network, upper, net_message = _upper_network(problem, thetas, kinks, master, active)
    except (ExactLimitError, OverflowError) as exc:
        network, upper = None, None
        net_message = f"exact arithmetic hit a limit in the exact re-solve of the active units ({type(exc).__name__}: {exc})"
    info["certificate_seconds"] = time.perf_counter() - exact_start
    lower = bound.lower_bound

    evidence, extra, notes = [], [], []
    if network is not None:
        try:
            evidence.append((Quantity.NETWORK_COST, network.cost()))
        except (ExactLimitError, OverflowError) as exc:
            notes.append(f"the network's exact cost sum |a||w| is not expressed exactly (exact arithmetic hit a limit: "
                         f"{type(exc).__name__}: {exc}); the upper bound is a rigorous rational bound on it")
    if compare is not None:
        try:
            closed_cost, relation, unit_angles = _compare(compare, directions, lower, upper)
        except (ExactLimitError, OverflowError) as exc:
            notes.append(f"the closed form ({compare.structure}) is not placed against the interval: exact arithmetic "
                         f"hit a limit ({type(exc).__name__}: {exc})")
        else:
            evidence.append((Quantity.CLOSED_FORM_COST, closed_cost))
            extra.append(("closed form units", unit_angles))
            if relation is not None:
                notes.append(f"the closed form ({compare.structure}) costs {to_float(closed_cost):.9f}: {relation}")
    common = dict(lower=lower, upper=upper, primal=master.value, network=network, directions=directions,
                  certificate=bound, evidence=tuple(evidence), extra=tuple(extra), notes=tuple(notes))
    if upper is None:
        return finish(Status.INCONCLUSIVE,
                      f"lower bound {to_float(lower):.9f} is rigorous, but no exact upper bound: {net_message}; "
                      f"the float primal value {master.value:.9f} is evidence only; {gen}", **common)
    if lower > upper:  # pragma: no cover - impossible by weak duality unless something is wrong
        return finish(Status.INCONCLUSIVE,
                      f"the rigorous bounds are out of order ({to_float(lower)} > {to_float(upper)}): a bug, not a result",
                      **common)
    solution = finish(Status.CERTIFIED,
                  f"{to_float(lower):.9f} <= min cost <= {to_float(upper):.9f} (width {to_float(upper - lower):.2e}): "
                  f"weak duality with exactly projected weights and a rigorous supremum bound "
                  f"S = {to_float(bound.sup_bound):.12f}; upper bound from an exact network ({net_message}); {gen}",
                  **common)
    if probe and F.shape[1] == master.A.shape[0]:
        from dataclasses import replace

        from symden.programs._probe import offline_probe_verdict

        clean = np.array([[to_float(v) for v in x] for x in data.clean])
        dirs = np.stack([np.cos(thetas), np.sin(thetas)], axis=1)
        offsets = np.einsum("ij,ij->i", dirs, problem.Y[kinks])
        weights = np.linalg.norm(master.A, axis=1)
        verdict = offline_probe_verdict(problem.Y, problem.T, dirs, offsets, np.asarray(master.lam), master.value, clean,
                                        support=weights > 1e-3 * max(float(weights.max()), 1e-300), solver=solver)
        solution = replace(solution, verdicts=solution.verdicts + (verdict,))
    return solution
