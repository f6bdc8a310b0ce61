"""The planar group-lasso program with column generation and a rigorous duality interval.

THEORY.md section 6 (multivariate) and section 5 (weak duality), for offline data in d = 2.

The program. With unit directions ``w`` the representation cost is a group lasso over units

    minimise  sum_u |a_u|   subject to   sum_u a_u [w_u.(y_i - y_{j_u})]_+ + V y_i + c = T_i   (all samples i)

with ``V`` and ``c`` free. For fixed ``w`` only biases at sample projections matter, so a unit is
an angle ``t`` in ``[0, pi)`` (the opposite orientation differs by a linear term, which V absorbs)
and a sample ``j`` its kink passes through. The initial columns are an angle grid with kinks at
each cluster's two extreme projections; column generation then adds, from the dual, the units
``(w, j)`` with the largest ``|eta(w, w.y_j)|`` over *all* directions (the pricing is exact in
the angle: see below) until that supremum is at most ``1 + tol``.

The interval. Floats are evidence; the two bounds are rigorous:

* lower: the final dual ``lambda`` (floats) is rationalised and projected *exactly* onto
  ``{sum lambda_i = 0, sum lambda_i y_i^T = 0}``; weak duality gives
  ``OPT >= sum_i lambda_i.T_i / S`` for any ``S >= sup_{|w|=1, b} |eta(w, b)|``, and
  :func:`sup_eta_bound` computes such an S in exact integer arithmetic (section 5: in d = 2 it
  is a maximum over arcs of finitely many quadratic forms);
* upper: the active units, with directions made exact (a rational point of the unit circle, or
  the exact direction of a sample pair lying on the kink line), and the interpolation system
  re-solved in exact arithmetic; the network is evaluated exactly at every sample, and its
  cost ``sum |a||w|`` rounded up to a rational is the upper bound.

Online (ball) data are refused: their constraints are infinitely many. (Sampling the circles
would give a valid *lower* bound for the online problem, but the network would interpolate only
the samples, so no upper bound; build an offline data set on purpose if that is wanted.)
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping, Optional, Sequence

import cvxpy as cp
import numpy as np
from gmpy2 import mpq, mpz

from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import ConditionError, InvalidDataError
from symden.geometry import row_reduce
from symden.exact import Exact, brief, exact_sum, rationalize, to_float
from symden.network import ShallowNetwork, Unit
from symden.verify.verdict import Status, Verdict

__all__ = [
    "ProgramSolution",
    "DualBound",
    "solve_group_lasso",
    "project_dual",
    "sup_eta_bound",
    "sup_eta_float",
    "dual_lower_bound",
]

# Relative singular-value cut below which interpolation rows count as dependent.
_RANK_TOL = 1e-9
# Feature entries this small are float noise from samples tied in projection.
_FEATURE_NOISE = 1e-11
# Solver tolerances: the problem is degenerate (|eta| = 1 on units with a = 0), and Clarabel's
# default 1e-8 gap stalls in its last step; the bounds are re-derived rigorously anyway.
_CLARABEL_OPTIONS = {"tol_gap_abs": 1e-8, "tol_gap_rel": 1e-8, "tol_feas": 1e-8}
# Bits of the dyadic surrogates in the rigorous supremum (errors are bounded exactly).
_SURROGATE_BITS = 48


# --------------------------------------------------------------------------------------------
# records


@dataclass(frozen=True)
class DualBound:
    """A weak-duality lower bound, every number exact (THEORY.md section 5).

    Attributes
    ----------
    weights
        The dual weights ``lambda_i`` (exact 2-vectors), one per distinct sample, with
        ``sum lambda_i = 0`` and ``sum lambda_i y_i^T = 0`` exactly.
    numerator
        A rational lower bound of ``sum_i lambda_i . T_i`` (equal to it when rational).
    sup_bound
        A rational ``S >= sup_{|w| = 1, b} |eta(w, b)|`` over all directions.
    lower_bound
        ``numerator / sup_bound`` rounded down to a multiple of 10^-20 (0 when the numerator is
        not positive).
    """

    weights: tuple
    numerator: mpq
    sup_bound: mpq
    lower_bound: mpq


@dataclass(frozen=True)
class ProgramSolution:
    """What :func:`solve_group_lasso` found: a rigorous interval for the minimal cost.

    Attributes
    ----------
    data
        The data set.
    status
        ``"certified"`` when both bounds are rigorous and ``lower_bound <= upper_bound``;
        ``"inconclusive"`` otherwise (the reason is in ``detail``).
    lower_bound
        Exact rational, a weak-duality lower bound of the minimal cost (None when not obtained).
    upper_bound
        Exact rational, at least the exact cost ``sum |a||w|`` of ``network`` (each ``|a||w|``
        rounded up to a rational, the sum up to a multiple of 10^-20; None when the exact
        re-solve failed).
    primal_value
        The solver's float optimal value of the last restricted program (evidence only).
    network
        The exact interpolating network behind ``upper_bound`` (it fits every sample exactly).
    active_units
        Per unit of the float solution with a non-negligible ``|a|``: ``angle`` (degrees in
        [0, 180)), ``bias`` (float, for the unit-norm direction), ``kink_sample`` (index into
        :attr:`samples`), ``norm_a``, ``output_direction`` (angle of ``a`` in degrees) and
        ``cost_share`` (fraction of the primal value).
    solver
        ``name``, ``status`` (of the last solve), ``rounds``, ``converged``, ``sup_eta``
        (the float supremum of ``|eta|`` over all directions at the end), ``columns``,
        ``seconds`` (the whole call), ``certificate_seconds`` (the exact part).
    detail
        One or two sentences: what was established, or why not.
    directions
        The active units grouped by direction (angles mod 180 within 1 degree), largest cost
        share first: ``angle`` (cost-weighted mean, degrees, in [0, 180)), ``low``/``high`` (the
        range, as ``angle`` plus the extreme offsets, so it may leave [0, 180)),
        ``units`` and ``cost_share``. Groups below 1% of the cost are left out.
    certificate
        The :class:`DualBound` behind ``lower_bound``.
    comparison
        When a closed form was given: its cost and where it lies relative to the interval, and
        for each of its unit directions the nearest active direction and the angle between.
    samples, targets
        The distinct samples (exact) and their targets, in the order the program used.
    """

    data: DataSet
    status: str
    lower_bound: Optional[mpq]
    upper_bound: Optional[mpq]
    primal_value: Optional[float]
    network: Optional[ShallowNetwork]
    active_units: tuple
    solver: Mapping[str, Any]
    detail: str
    directions: tuple = ()
    certificate: Optional[DualBound] = None
    comparison: Optional[Mapping[str, Any]] = None
    samples: tuple = field(default=(), repr=False)
    targets: tuple = field(default=(), repr=False)

    @property
    def certified(self) -> bool:
        return self.status == "certified"

    def verdict(self) -> Verdict:
        """The result as a :class:`~symden.verify.verdict.Verdict` named ``"min-cost interval"``."""
        facts = {}
        if self.lower_bound is not None:
            facts["lower_bound"] = self.lower_bound
        if self.upper_bound is not None:
            facts["upper_bound"] = self.upper_bound
        status = Status.CERTIFIED if self.certified else Status.INCONCLUSIVE
        return Verdict(name="min-cost interval", status=status, detail=self.detail, facts=facts)


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


def _solve_master(problem: _Problem, F: np.ndarray, solver: str) -> _Master:
    """The group lasso over the columns F, its rows compressed to an orthonormal independent set.

    Interpolation rows are often exactly dependent (a cluster no kink cuts only sees an affine
    function), and interior-point solvers stall on dependent equalities. Replacing ``M x = T``
    by ``U_r^T M x = U_r^T T``, with ``U_r`` the left singular vectors of ``M = [F | Y | 1]``
    above a relative cut, keeps the same solutions (for consistent data) and conditions the
    rows as well as possible; the dual of the original rows is ``U_r`` times the compressed dual.
    """
    n = len(problem.Y)
    M = np.hstack([F, problem.Y, np.ones((n, 1))])
    # left singular vectors from the small n x n Gram matrix (M has many more columns than rows)
    eig, U = np.linalg.eigh(M @ M.T)
    order = np.argsort(eig)[::-1]
    eig, U = eig[order], U[:, order]
    s = np.sqrt(np.clip(eig, 0.0, None))
    r = int(np.sum(s > _RANK_TOL * s[0]))
    Ur = U[:, :r]
    A = cp.Variable((F.shape[1], 2))
    V = cp.Variable((2, 2))
    c = cp.Variable((1, 2))
    equal = (Ur.T @ F) @ A + (Ur.T @ problem.Y) @ V.T + (Ur.T @ np.ones((n, 1))) @ c == Ur.T @ problem.T
    program = cp.Problem(cp.Minimize(cp.sum(cp.norm(A, 2, axis=1))), [equal])
    options = {**_CLARABEL_OPTIONS} if solver.upper() == "CLARABEL" else {}
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
    n = len(Y)
    values = np.zeros(n)
    angles = np.zeros(n)
    two_pi = 2 * math.pi
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
    return values, angles


# --------------------------------------------------------------------------------------------
# exact dual: projection, rigorous supremum, lower bound


def _solve_exact(A: list, b: list) -> Optional[list]:
    """Gauss-Jordan on a small square exact system; None when singular."""
    n = len(A)
    rows = [list(A[i]) + [b[i]] for i in range(n)]
    for col in range(n):
        piv = next((r for r in range(col, n) if rows[r][col] != 0), None)
        if piv is None:
            return None
        rows[col], rows[piv] = rows[piv], rows[col]
        p = rows[col][col]
        rows[col] = [x / p for x in rows[col]]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                f = rows[r][col]
                rows[r] = [x - f * y for x, y in zip(rows[r], rows[col])]
    return [rows[i][n] for i in range(n)]


def project_dual(points: Sequence[Sequence[Exact]], weights: Sequence[Sequence[Exact]]) -> tuple:
    """The exact orthogonal projection of dual weights onto ``{sum lambda_i = 0, sum lambda_i y_i^T = 0}``.

    Per output coordinate k, ``lambda^(k) <- lambda^(k) - G (G^T G)^{-1} G^T lambda^(k)`` with
    ``G = [1 | y]`` (rows ``(1, y_i)``). These constraints annihilate the free offset c and skip
    matrix V, which weak duality needs exactly (THEORY.md section 5).

    Parameters
    ----------
    points
        The samples ``y_i`` (exact d-tuples). When they do not span R^d affinely, the
        constraints along the missing directions are implied by the others and dropped.
    weights
        Exact weights ``lambda_i`` (d-tuples), e.g. rationalised solver duals.

    Returns
    -------
    tuple
        The projected weights, exact.

    Examples
    --------
    >>> pts = [(mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(0), mpq(1)), (mpq(1), mpq(1))]
    >>> lam = project_dual(pts, [(mpq(1), mpq(0))] * 4)
    >>> lam
    ((mpq(0,1), mpq(0,1)), (mpq(0,1), mpq(0,1)), (mpq(0,1), mpq(0,1)), (mpq(0,1), mpq(0,1)))
    """
    d = len(points[0])
    G = [(mpq(1),) + tuple(y) for y in points]
    # Columns of G that are dependent (collinear samples) add no constraint: keep a basis.
    basis: list = []
    for col in range(d + 1):
        trial = basis + [col]
        gram = [[exact_sum(g[a] * g[b] for g in G) for b in trial] for a in trial]
        if _solve_exact(gram, [mpq(0)] * len(trial)) is not None:
            basis = trial
    gram = [[exact_sum(g[a] * g[b] for g in G) for b in basis] for a in basis]
    out = [list(w) for w in weights]
    for k in range(d):
        rhs = [exact_sum(g[a] * w[k] for g, w in zip(G, weights)) for a in basis]
        coef = _solve_exact(gram, rhs)
        for i, g in enumerate(G):
            out[i][k] = weights[i][k] - exact_sum(cf * g[a] for cf, a in zip(coef, basis))
    return tuple(tuple(w) for w in out)


def _dyadic(x: Exact, bits: int) -> tuple:
    """``(X, err)``: an integer X with ``|x - X / 2^bits| <= err`` (err exact, checked exactly)."""
    scale = mpz(2) ** bits
    if isinstance(x, mpq):
        X = mpz(math.floor(x * scale + mpq(1, 2)))
        return X, abs(x - mpq(X, scale))
    f = to_float(x)
    X = mpz(round(f * float(scale))) if math.isfinite(f) else mpz(0)
    approx = mpq(X, scale)
    err = mpq(Fraction(max(2.0 ** -bits, abs(f) * 2.0 ** -50)))
    for _ in range(60):
        if approx - err <= x <= approx + err:
            return X, err
        err *= 16  # the float was worse than claimed (a sympy-backed number); widen and re-check
    raise ArithmeticError(f"could not enclose {x} to within {to_float(err)}")


def _sqrt_up(q: mpq, bits: int = 128) -> mpq:
    """A rational upper bound of ``sqrt(q)`` (q >= 0), within about 2^-bits relative."""
    if q <= 0:
        return mpq(0)
    num, den = mpz(q.numerator), mpz(q.denominator)
    shift = mpz(4) ** bits
    r = mpz(math.isqrt(int(num * den * shift)))
    if r * r != num * den * shift:
        r += 1
    return mpq(r, den * mpz(2) ** bits)


def _half(d: tuple) -> int:
    return 0 if (d[1] > 0 or (d[1] == 0 and d[0] > 0)) else 1


def _angle_cmp(a: tuple, b: tuple) -> int:
    ha, hb = _half(a), _half(b)
    if ha != hb:
        return ha - hb
    cross = a[0] * b[1] - a[1] * b[0]
    return -1 if cross > 0 else (1 if cross < 0 else 0)


def _sign_plus_sqrt(alpha: int, beta: int, E: int) -> int:
    """The exact sign of ``alpha + beta sqrt(E)`` for integers, E >= 0."""
    sa = (alpha > 0) - (alpha < 0)
    sb = (beta > 0) - (beta < 0) if E > 0 else 0
    if sb == 0:
        return sa
    if sa == 0 or sa == sb:
        return sb
    diff = alpha * alpha - beta * beta * E
    return sa if diff > 0 else (sb if diff < 0 else 0)


def _toggle(M: list, lam: tuple, z: tuple, s: int) -> None:
    """``M += s lambda z^T`` in place (M flattened row by row)."""
    M[0] += s * lam[0] * z[0]
    M[1] += s * lam[0] * z[1]
    M[2] += s * lam[1] * z[0]
    M[3] += s * lam[1] * z[1]


def _sup_sq_integer(P: list, L: list) -> tuple:
    """``max_j max_{|w|=1} |sum_i L_i [w.(P_i - P_j)]_+|^2`` bounded above, for integer data.

    Returns ``(num, den, where)`` with the bound ``num/den`` (exact up to the rational rounding
    of square roots at the top eigenvalue of an arc) and ``where = (j, direction)``.
    """
    best_num, best_den, where = mpz(0), mpz(1), None
    n = len(P)
    for j in range(n):
        zs, ls = [], []
        for i in range(n):
            if i == j:
                continue
            z = (P[i][0] - P[j][0], P[i][1] - P[j][1])
            if z[0] == 0 and z[1] == 0:
                continue
            zs.append(z)
            ls.append(L[i])
        if not zs:
            continue
        events = []  # (direction, index, +1 enter / -1 leave)
        for k, z in enumerate(zs):
            rz = (-z[1], z[0])
            events.append((rz, k, -1))
            events.append(((z[1], -z[0]), k, +1))
        events.sort(key=lambda e: math.atan2(float(e[0][1]), float(e[0][0])) % (2 * math.pi))
        # exact insertion sort: the float order is almost right
        for a in range(1, len(events)):
            b = a
            while b > 0 and _angle_cmp(events[b - 1][0], events[b][0]) > 0:
                events[b - 1], events[b] = events[b], events[b - 1]
                b -= 1
        groups = []  # [direction, [(index, sign), ...]] per distinct direction, in angular order
        for d, k, s in events:
            if groups and _angle_cmp(groups[-1][0], d) == 0:
                groups[-1][1].append((k, s))
            else:
                groups.append([d, [(k, s)]])
        d0 = groups[0][0]
        rd0 = (-d0[1], d0[0])
        active = set()
        M = [mpz(0), mpz(0), mpz(0), mpz(0)]  # M[2a + b] = sum lambda[a] z[b]
        for k, z in enumerate(zs):
            t = d0[0] * z[0] + d0[1] * z[1]
            if t > 0 or (t == 0 and rd0[0] * z[0] + rd0[1] * z[1] > 0):
                active.add(k)
                _toggle(M, ls[k], z, 1)
        start = frozenset(active)
        G = len(groups)
        for g in range(G):
            p = groups[g][0]
            q = groups[(g + 1) % G][0]
            q00 = M[0] * M[0] + M[2] * M[2]
            q01 = M[0] * M[1] + M[2] * M[3]
            q11 = M[1] * M[1] + M[3] * M[3]
            # the arc's start point
            num = p[0] * p[0] * q00 + 2 * p[0] * p[1] * q01 + p[1] * p[1] * q11
            den = p[0] * p[0] + p[1] * p[1]
            if num * best_den > best_num * den:
                best_num, best_den, where = num, den, (j, p)
            # the top eigenvector, when it may lie inside the arc
            if q01 != 0 or q00 != q11:
                E = (q00 - q11) ** 2 + 4 * q01 * q01
                cross_pq = p[0] * q[1] - p[1] * q[0]
                if cross_pq <= 0:
                    inside = True  # an arc of pi or more (or the whole circle): no test
                else:
                    if q01 == 0:
                        v = (1, 0) if q00 > q11 else (0, 1)
                        s1 = _sign_plus_sqrt(p[0] * v[1] - p[1] * v[0], 0, 0)
                        s2 = _sign_plus_sqrt(v[0] * q[1] - v[1] * q[0], 0, 0)
                    else:
                        # v = (2 q01, (q11 - q00) + sqrt(E))
                        s1 = _sign_plus_sqrt(p[0] * (q11 - q00) - 2 * q01 * p[1], p[0], E)
                        s2 = _sign_plus_sqrt(2 * q01 * q[1] - (q11 - q00) * q[0], -q[0], E)
                    inside = s1 * s2 > 0
                if inside:
                    r = mpz(math.isqrt(int(E)))
                    if r * r != E:
                        r += 1
                    num = q00 + q11 + r
                    den = mpz(2)
                    if num * best_den > best_num * den:
                        best_num, best_den, where = num, den, (j, ("eigen", p, q))
            for k, s in groups[(g + 1) % G][1]:
                if s > 0:
                    active.add(k)
                else:
                    active.discard(k)
                _toggle(M, ls[k], zs[k], s)
        if frozenset(active) != start:  # pragma: no cover - the sweep must close up
            raise ArithmeticError("sup_eta_bound: the angular sweep did not return to its start")
    return best_num, best_den, where


def sup_eta_bound(points: Sequence[Sequence[Exact]], weights: Sequence[Sequence[Exact]]) -> mpq:
    """A rigorous rational ``S >= sup_{|w|=1, b} |eta(w, b)|``, ``eta(w, b) = sum_i lambda_i [w.y_i - b]_+``.

    Valid for weights with ``sum lambda_i = 0`` and ``sum lambda_i y_i^T = 0`` (then, for fixed w,
    ``eta(w, .)`` is piecewise linear in b, vanishes for b outside the samples' projections, and
    its norm is largest at a kink ``b = w.y_j``; THEORY.md section 5).

    Method. Every ``y_i`` and ``lambda_i`` coordinate is replaced by a dyadic rational
    ``X / 2^48`` with an exactly verified error bound. For each j and the surrogate data, the
    circle of directions is cut at the exact directions perpendicular to ``y_i - y_j``; on each
    arc ``eta_j(w) = M w`` with an exact integer matrix M, and ``max |M w|^2`` on the arc is at an
    end (exact rational) or equals the top eigenvalue of ``M^T M`` (rounded up) when its
    eigenvector lies inside the arc (decided exactly by signs of ``alpha + beta sqrt(E)``). The
    surrogate error adds ``sum_i |lambda_i - lambda^_i| |y_i - y_j| + |lambda^_i| |z_i - z^_i|``
    (bounded with 1-norms), as ``[.]_+`` is 1-Lipschitz.

    Examples
    --------
    >>> pts = [(mpq(-1), mpq(0)), (mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(0), mpq(1))]
    >>> lam = [(mpq(1), mpq(0)), (mpq(-2), mpq(0)), (mpq(1), mpq(0)), (mpq(0), mpq(0))]
    >>> S = sup_eta_bound(pts, lam)
    >>> 1 <= S < 1 + mpq(1, 10**9)
    True
    """
    if len(points) != len(weights):
        raise ConditionError(f"sup_eta_bound: {len(points)} points but {len(weights)} weights")
    for k in range(2):
        if exact_sum(w[k] for w in weights) != 0 or any(
                exact_sum(w[k] * y[a] for w, y in zip(weights, points)) != 0 for a in range(2)):
            raise ConditionError("sup_eta_bound: the weights must satisfy sum lambda_i = 0 and sum lambda_i y_i^T = 0 "
                                 "exactly (project them with project_dual); otherwise the supremum over b is unbounded")
    bits = _SURROGATE_BITS
    P, perr, L, lerr = [], [], [], []
    for y, w in zip(points, weights):
        cy = [_dyadic(v, bits) for v in y]
        cl = [_dyadic(v, bits) for v in w]
        P.append(tuple(X for X, _ in cy))
        perr.append(cy[0][1] + cy[1][1])
        L.append(tuple(X for X, _ in cl))
        lerr.append(cl[0][1] + cl[1][1])
    num, den, _ = _sup_sq_integer(P, L)
    scale = mpq(2) ** bits
    surrogate = _sqrt_up(mpq(num, den)) / scale ** 2
    # perturbation: sum_i (|lambda_i - l_i| |z_i| + |l_i| |z_i - zhat_i|) over the worst j
    lam_hat_1 = [(abs(mpq(a)) + abs(mpq(b))) / scale for a, b in L]
    y_err_max = max(perr)
    xs = [mpq(p[0]) / scale for p in P]
    ys = [mpq(p[1]) / scale for p in P]
    diameter = (max(xs) - min(xs)) + (max(ys) - min(ys)) + 2 * y_err_max
    perturbation = exact_sum(le * diameter + lh * 2 * y_err_max for le, lh in zip(lerr, lam_hat_1))
    return surrogate + perturbation


def dual_lower_bound(points: Sequence[Sequence[Exact]], targets: Sequence[Sequence[Exact]],
                     weights: Sequence[Sequence[float]], *, max_denominator: int = 10**9) -> DualBound:
    """Weak duality from float dual weights: rationalise, project exactly, bound the supremum.

    ``OPT >= sum_i lambda_i . T_i / S`` (THEORY.md section 5) with ``lambda`` the exact projection
    (:func:`project_dual`) of the rationalised weights and S from :func:`sup_eta_bound`.
    """
    rational = [tuple(rationalize(float(v), max_denominator=max_denominator, name="lambda") for v in w)
                for w in weights]
    lam = project_dual(points, rational)
    numerator = exact_sum(a * t for w, y in zip(lam, targets) for a, t in zip(w, y))
    numerator = _rational_below(numerator)
    S = sup_eta_bound(points, lam)  # re-checks the exact annihilation weak duality rests on
    lower = _round_down(numerator / S) if numerator > 0 else mpq(0)
    return DualBound(weights=lam, numerator=numerator, sup_bound=S, lower_bound=lower)


_ROUNDING = mpz(10) ** 20


def _round_down(q: mpq) -> mpq:
    """The largest multiple of 10^-20 not above q (keeps printed bounds short; still rigorous)."""
    return mpq(math.floor(q * _ROUNDING), _ROUNDING)


def _round_up(q: mpq) -> mpq:
    return mpq(math.ceil(q * _ROUNDING), _ROUNDING)


def _rational_below(x: Exact) -> mpq:
    """x itself when rational, else a rational just below it (checked exactly)."""
    if isinstance(x, mpq):
        return x
    f = to_float(x)
    gap = abs(f) * 2.0 ** -45 + 2.0 ** -60
    for _ in range(60):
        q = mpq(Fraction(f)) - mpq(Fraction(gap))
        if q <= x:
            return q
        gap *= 16
    raise ArithmeticError(f"could not bound {x} from below")


def _rational_above(x: Exact) -> mpq:
    return -_rational_below(-x)


# --------------------------------------------------------------------------------------------
# exact re-solve of the active units (upper bound)


def _rational_unit(theta: float, max_denominator: int = 10**9) -> tuple:
    """An exact rational unit vector at angle ~theta in [0, pi): ``((1-s^2)/(1+s^2), 2s/(1+s^2))``."""
    if theta > math.pi / 2:  # keep s = tan(theta/2) moderate by mirroring through the y axis
        x, y = _rational_unit(math.pi - theta, max_denominator)
        return (-x, y)
    s = rationalize(math.tan(theta / 2), max_denominator=max_denominator, name="tan(theta/2)")
    return ((1 - s * s) / (1 + s * s), 2 * s / (1 + s * s))


def _exact_direction(problem: _Problem, theta: float, j: int, snap: float) -> tuple:
    """The exact direction for a unit at angle theta with its kink at sample j.

    When another sample lies on the kink line (within ``snap`` radians), the direction is made
    exactly perpendicular to their difference, so that the sample stays exactly on the line;
    otherwise a rational unit vector near theta.
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
    return _rational_unit(theta), None


def _relu(x: Exact) -> Exact:
    return x if x > 0 else mpq(0)


def _reduce_consistent(rows: list, ncols: int) -> Optional[tuple]:
    """Exact RREF of the augmented rows (coefficients in the first ncols entries).

    Returns ``(pivot rows, pivot columns)`` or None when some equation is inconsistent.
    """
    rows, pivots = row_reduce(rows, ncols)
    r = len(pivots)
    for row in rows[r:]:
        if any(x != 0 for x in row[ncols:]):
            return None
    return rows[:r], pivots


def _exact_network(problem: _Problem, thetas: np.ndarray, kinks: np.ndarray, master: _Master,
                   active: np.ndarray, *, snap: float = 1e-7) -> tuple:
    """The active units with exact directions, the interpolation system solved exactly.

    Returns ``(network, upper_bound, message)``; network and bound are None on failure.
    """
    units = []  # (w exact, kink j, float guess of a for this w)
    for u in np.flatnonzero(active):
        w, tie = _exact_direction(problem, float(thetas[u]), int(kinks[u]), snap)
        wn = math.hypot(to_float(w[0]), to_float(w[1]))
        units.append((w, int(kinks[u]), master.A[u] / wn, tie))
    K = len(units)
    ncols = K + 3
    Yp = problem.points
    rows = []
    for i, y in enumerate(Yp):
        feats = [_relu(w[0] * (y[0] - Yp[j][0]) + w[1] * (y[1] - Yp[j][1])) for w, j, _, _ in units]
        rows.append(feats + [y[0], y[1], mpq(1), problem.targets[i][0], problem.targets[i][1]])
    reduced = _reduce_consistent(rows, ncols)
    if reduced is None:
        return None, None, (f"the exact interpolation system of the {K} active units (directions made exact) is "
                            "inconsistent, so the float solution has no exact counterpart here")
    prow, pcols = reduced
    guess = [[rationalize(float(g[k]), max_denominator=10**9, name="a") for g in (u[2] for u in units)]
             + [rationalize(float(master.V[k][0]), max_denominator=10**9, name="V"),
                rationalize(float(master.V[k][1]), max_denominator=10**9, name="V"),
                rationalize(float(master.c[k]), max_denominator=10**9, name="c")] for k in range(2)]
    free = [col for col in range(ncols) if col not in set(pcols)]
    sol = [list(guess[0]), list(guess[1])]
    for row, col in zip(prow, pcols):
        for k in range(2):
            sol[k][col] = row[ncols + k] - exact_sum(row[f] * sol[k][f] for f in free)
    net_units = [Unit(a=(sol[0][u], sol[1][u]), w=units[u][0],
                      b=-(units[u][0][0] * Yp[units[u][1]][0] + units[u][0][1] * Yp[units[u][1]][1]))
                 for u in range(K) if sol[0][u] != 0 or sol[1][u] != 0]
    network = ShallowNetwork(units=net_units, V=((sol[0][K], sol[0][K + 1]), (sol[1][K], sol[1][K + 1])),
                             c=(sol[0][K + 2], sol[1][K + 2]))
    for y, t in zip(Yp, problem.targets):
        if network(y) != tuple(t):  # pragma: no cover - the reduction guarantees it; checked anyway
            return None, None, "the exactly re-solved network does not interpolate every sample"
    upper = _round_up(exact_sum(_rational_above_sqrt((u.a[0] ** 2 + u.a[1] ** 2) * (u.w[0] ** 2 + u.w[1] ** 2))
                                for u in network.units))
    snapped = sum(1 for u in units if u[3] is not None)
    return network, upper, (f"{len(net_units)} units with exact directions ({snapped} made exactly perpendicular to a "
                            "sample pair on the kink line); the network fits every sample exactly")


def _rational_above_sqrt(x: Exact) -> mpq:
    """A rational >= sqrt(x) (exact when x is a rational square)."""
    if isinstance(x, mpq):
        return _sqrt_up(x, bits=96) if x > 0 else mpq(0)
    hi = _rational_above(x)
    return _sqrt_up(hi, bits=96)


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


def _angle_mod_180(w: Sequence[Exact]) -> float:
    return math.degrees(math.atan2(to_float(w[1]), to_float(w[0]))) % 180.0


def _compare(closed: Denoiser, directions: tuple, lower: Optional[mpq], upper: Optional[mpq]) -> dict:
    cost = closed.cost if closed.cost is not None else closed.network.cost()
    relation = None
    if lower is not None and upper is not None:
        if cost < lower:
            relation = "below the certified lower bound (the closed form's cost cannot be right)"
        elif cost > upper:
            relation = ("above the upper bound: an exact network interpolates more cheaply, so the closed form "
                        "is not optimal here")
        else:
            relation = "inside the certified interval"
    units = []
    for u in closed.network.units:
        a = _angle_mod_180(u.w)
        if directions:
            gaps = [abs(((a - d["angle"] + 90.0) % 180.0) - 90.0) for d in directions]
            k = int(np.argmin(gaps))
            units.append({"closed_form_angle": a, "nearest_active_angle": directions[k]["angle"], "difference": gaps[k]})
        else:
            units.append({"closed_form_angle": a, "nearest_active_angle": None, "difference": None})
    return {
        "structure": closed.structure,
        "closed_form_cost": cost,
        "in_interval": relation == "inside the certified interval" if relation else None,
        "relation": relation,
        "units": units,
    }


# --------------------------------------------------------------------------------------------
# the recipe


def solve_group_lasso(data: DataSet, *, angles: int = 180, rounds: int = 20, tol: float = 1e-6,
                      solver: str = "CLARABEL", compare: Optional[Denoiser] = None,
                      columns_per_round: int = 100, active_threshold: float = 1e-5) -> ProgramSolution:
    """A certified interval for the minimal representation cost of offline planar data.

    .. math::

        \\min \\sum_u |a_u| \\quad\\text{s.t.}\\quad
        \\sum_u a_u [w_u\\cdot y_i + b_u]_+ + V y_i + c = T_i \\ (\\text{all } i),\\qquad |w_u| = 1

    solved by column generation over unit directions, followed by an exact weak-duality lower
    bound and an exact feasible network (THEORY.md sections 5 and 6; see the module docstring).

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
    active_threshold
        Units with ``|a| <= active_threshold * max |a|`` are dropped before the exact re-solve.

    Returns
    -------
    ProgramSolution
        ``status`` is ``"certified"`` only when both bounds are rigorous and ordered; solver
        failures and non-optimal statuses give ``"inconclusive"``, never an exception.

    Raises
    ------
    ConditionError
        For online data or data not in the plane.
    InvalidDataError
        For an option out of range (``angles``, ``rounds``, ``columns_per_round`` < 1, ``tol`` < 0).
    """
    for name, value in (("angles", angles), ("rounds", rounds), ("columns_per_round", columns_per_round)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise InvalidDataError(f"{name} = {value!r}: must be a positive integer")
    if not (isinstance(tol, (int, float)) and math.isfinite(tol) and tol >= 0):
        raise InvalidDataError(f"tol = {tol!r}: must be a finite non-negative number")
    start = time.perf_counter()
    problem = _prepare(data)
    thetas, kinks = _initial_columns(problem, angles)
    info: dict = {"name": solver, "status": None, "rounds": 0, "converged": False, "sup_eta": None,
                  "columns": 0, "seconds": None, "certificate_seconds": None}

    def finish(status, detail, **kw):
        info["seconds"] = time.perf_counter() - start
        return ProgramSolution(data=data, status=status, detail=detail, solver=dict(info),
                               samples=problem.points, targets=problem.targets, **kw)

    F = _features(problem.Y, thetas, kinks)
    keep = F.max(axis=0) > 1e-9
    thetas, kinks, F = thetas[keep], kinks[keep], F[:, keep]
    master = None
    for rnd in range(1, rounds + 1):
        master = _solve_master(problem, F, solver)
        info.update(status=master.status, rounds=rnd, columns=F.shape[1])
        if master.lam is None:
            return finish("inconclusive",
                          f"the solver {solver} did not solve round {rnd} (status {master.status}: {master.message}); "
                          "no bound is claimed",
                          lower_bound=None, upper_bound=None,
                          primal_value=master.value if isinstance(master.value, float) else None,
                          network=None, active_units=(), directions=())
        values, angle_j = sup_eta_float(problem.Y, master.lam)
        info["sup_eta"] = float(values.max())
        if values.max() <= 1 + tol:
            info["converged"] = True
            break
        if rnd == rounds:
            break
        order = np.argsort(-values)
        new_t, new_j = [], []
        for j in order[:columns_per_round]:
            if values[j] <= 1 + tol:
                break
            t = float(angle_j[j]) % (2 * math.pi)
            new_t.append(t - math.pi if t >= math.pi else t)  # [-z]_+ = [z]_+ - z: V absorbs the rest
            new_j.append(int(j))
        new_t, new_j = np.array(new_t), np.array(new_j, dtype=int)
        Fn = _features(problem.Y, new_t, new_j)
        ok = Fn.max(axis=0) > 1e-9
        thetas = np.concatenate([thetas, new_t[ok]])
        kinks = np.concatenate([kinks, new_j[ok]])
        F = np.hstack([F, Fn[:, ok]])

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

    bound = dual_lower_bound(problem.points, problem.targets, master.lam)
    network, upper, net_message = _exact_network(problem, thetas, kinks, master, active)
    info["certificate_seconds"] = time.perf_counter() - exact_start
    lower = bound.lower_bound
    comparison = _compare(compare, directions, lower, upper) if compare is not None else None
    common = dict(lower_bound=lower, upper_bound=upper, primal_value=master.value, network=network,
                  active_units=active_units, directions=directions, certificate=bound, comparison=comparison)
    gen = (f"column generation {'converged' if info['converged'] else 'stopped after the round limit'} "
           f"(sup |eta| = {info['sup_eta']:.9f} in floats after {info['rounds']} rounds, {info['columns']} columns)")
    if upper is None:
        return finish("inconclusive",
                      f"lower bound {to_float(lower):.9f} is rigorous, but no exact upper bound: {net_message}; "
                      f"the float primal value {master.value:.9f} is evidence only; {gen}", **common)
    if lower > upper:  # pragma: no cover - impossible by weak duality unless something is wrong
        return finish("inconclusive",
                      f"the rigorous bounds are out of order ({to_float(lower)} > {to_float(upper)}): a bug, not a result",
                      **common)
    return finish("certified",
                  f"{to_float(lower):.9f} <= min cost <= {to_float(upper):.9f} (width {to_float(upper - lower):.2e}): "
                  f"weak duality with exactly projected weights and a rigorous supremum bound "
                  f"S = {to_float(bound.sup_bound):.12f}; upper bound from an exact network ({net_message}); {gen}",
                  **common)
