r"""Rigorous bounds on ``sup |eta|`` over all unit directions in d = 2, 3, 4 (docs/theory.md sections 5, 6b.3, 6b.5).

Weak duality (section 5 offline, section 6b.3 online) turns dual multipliers into a lower bound
``numerator / S`` for any ``S >= sup |eta|``. This module computes such an S, rigorously, by
branch and bound over a cover of the sphere ``S^{d-1}``, and assembles the weak-duality records.

* :func:`online_sup_bound`: ``eta(u) = sum_{n in A_u} (lambda_n (w.x_n - beta) + Lambda_n w)`` over
  every *allowed* tangent unit (direction w, kink ``beta = w.x_m -+ rho``, no kink meeting an open
  ball). Because the dual annihilates affine functions, ``eta(w, beta) = eta(-w, -beta)``: the
  unit tangent at ``w.x_m + rho`` in direction w is the unit tangent at ``(-w).x_m - rho`` in
  direction -w, so only the "side -1" units (ball m on the active side) over the whole sphere
  are needed.
* :func:`offline_sup_bound`: ``eta(w, b) = sum_i lambda_i [w.y_i - b]_+``; the sup over b is at a
  kink ``b = w.y_j``, and ``eta(w, b) = eta(-w, -b)``, so half the sphere (the d cube faces with
  a positive coordinate) and every kink j suffice.
* :func:`project_online_dual` and :func:`online_dual_lower_bound`, :func:`offline_dual_lower_bound`:
  exact projection onto the annihilation constraints and the lower-bound records.

Method
------
Cells: the sphere is the radial projection of the cube faces ``{w_k = +-1, |w_j| <= 1}``; a cell is
the projection of a dyadic box of a face (subdividing a dyadic box is exact in floats). A cell W is
geodesically convex, and for any float anchor p, ``min_{w in W} p.w`` is attained at a corner
(``{u : p.u >= t |u|}`` is a convex cone for t >= 0, and it holds every corner), so
``r = max_corner |w_k - p|`` (rounded up) bounds ``|w - p|`` on W.

On a cell, for one unit type (online: the kink ball m; offline: the kink sample j), the sign range
of each ``g_n(w) = w.(x_n - x_m)`` is bounded by ``g_n(p) +- |x_n - x_m| r``. Online, ball n is
active iff ``g >= 0``, inactive iff ``g <= -2 rho``, else the unit is not allowed; a unit for which
some ball can be neither is skipped on the cell, and the remaining possible activity patterns are
enumerated. Offline, a sample whose sign is not decided (``g`` in ``[lo, hi]``, ``lo < 0 < hi``)
contributes ``[g]_+ = theta g + M/2 +- M/2`` with the chord slope ``theta = hi / (hi - lo)`` and
``M = max(theta |lo|, (1 - theta) hi)``: the affine part goes into B and s, the ``M/2`` into a
remainder R added to the bound.
Then ``eta(w) = B w + s`` (+ R offline) on the cell, and with ``v = B p + s``, ``g = B^T v``, any
alpha, ``g_perp = g - alpha p``, ``delta = w - p``, ``|w| = 1``, ``2 p.delta = 1 - |p|^2 - |delta|^2``:

    |B w + s|^2 <= |v|^2 + alpha (1 - |p|^2) + 2 |g_perp| r + max(||B||_F^2 - alpha, 0) r^2

(exact identity ``|v + B delta|^2 = |v|^2 + 2 g.delta + |B delta|^2``, then Cauchy-Schwarz and
``||B||_2 <= ||B||_F``). This bound is second order at an interior maximum (g nearly parallel to p).

Search: level-synchronous, vectorised over (cell, unit) pairs. A pair is retired when its bound
is at most ``best (1 + rel_tol)``, best being the largest |eta| evaluated at an anchor of an
allowed unit so far (evidence only: it steers the search, never the bound). S is the largest
bound of a retired pair (of any pair still open if ``max_cells`` is reached; then
``converged`` is False and S is valid but looser; ``cells`` counts evaluated pairs). Online, a
pair with more than 8 undecided balls gets the bound +inf (never retired, so split) rather than
2^k enumerated patterns. Search starts at dyadic level 3 (d = 2) or 2 (d = 3, 4) on every face.

Rigour with floats (why S is an upper bound although the search runs in float64):

1. exact inputs become float surrogates with exactly verified error bounds
   (:func:`_enclose`); online the data error enters the activity ranges (widened by the exact
   error of ``x_n - x_m``, thresholds ``2 rho`` rounded outward), and both settings add the exact
   worst-case change of ``|eta|`` under the surrogate (``Delta``, an mpq) to S;
2. every float polynomial expression E in float inputs (cell anchors, alpha and the surrogates
   are exact floats) is computed together with its absolute-value companion A (same tree, inputs
   replaced by their absolute values, minus by plus; theta, M, alpha and the activity masks are
   exact float inputs, any value of which keeps the inequalities valid); ``|fl(E) - E| <= gamma_k A``
   with ``gamma_k = k u / (1 - k u)``, ``u = 2^-53``, for k roundings along the tree (Higham,
   Accuracy and Stability, section 3.1); with k <= 4 n + 64 (n balls or samples, see
   :func:`_allowance`), ``E <= fl(E) + e fl(A)`` for e the power of two above ``2 gamma_k``
   (about 1e-13 for 100 samples: the allowance scales with the size, not with a fixed worst case,
   because duals of small clusters cancel heavily and A can exceed |E| by 10^5);
3. monotone steps (square roots, sums and products of nonnegative upper bounds) get a relative
   allowance ``2^-33`` (and ``2^-40`` for the cell radius, an absolute ``2^-48`` for the corner
   normalisation), far above their few roundings, plus ``10^-290`` against underflow;
4. S is the largest float bound, converted exactly to mpq, plus Delta, rounded up to a multiple
   of ``2^-80``.

numpy is imported here only; :mod:`symden.certificates` does not import this module eagerly.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from gmpy2 import mpq, mpz

from symden.certificates.planar import DualBound, project_dual, rational_below
from symden.errors import ConditionError, ExactLimitError, InvalidDataError
from symden.exact import Exact, exact, exact_sum, rationalize, to_float
from symden.progress import task

__all__ = [
    "OnlineDualBound",
    "SphereBound",
    "offline_dual_lower_bound",
    "offline_sup_bound",
    "online_dual_lower_bound",
    "online_sup_bound",
    "project_online_dual",
]

_REL = 2.0 ** -33       # allowance of short expressions and monotone steps (a few roundings each)
_REL_R = 2.0 ** -40     # relative allowance of a corner distance
_ABS_R = 2.0 ** -48     # absolute allowance of a corner distance (normalisation of the corner)
_TINY = 1e-290          # underflow allowance
_FLOOR = 2.0 ** -800    # absolute floor of the retirement threshold (a zero dual)
_MAX_LEVEL = 44         # dyadic boxes stay exact and r > 2^-48 is meaningful up to here
_CHUNK = 16384          # (cell, unit) pairs evaluated per numpy batch
_START_LEVEL = {2: 3, 3: 2, 4: 2}
_ROUND_BITS = 80
_MAX_SAMPLES = 50_000
_MAX_UNDECIDED = 8      # online: activity patterns enumerated per (cell, unit) pair at most 2^8


# --------------------------------------------------------------------------------------------
# records


@dataclass(frozen=True)
class SphereBound:
    """A rigorous bound on ``sup |eta|`` over all unit directions (docs/theory.md sections 5, 6b.3).

    Attributes
    ----------
    sup_bound
        A rational ``S >= sup |eta|`` (rigorous).
    best
        The largest ``|eta|`` evaluated at an allowed unit (float, evidence: a near-lower bound).
    argmax
        The float direction where ``best`` was found.
    cells
        How many (cell, unit type) pairs were bounded.
    seconds
        Wall time of the search.
    converged
        True when every pair was retired at ``best (1 + rel_tol)``; False when ``max_cells`` or
        the depth limit stopped the search (S is then still valid, but looser).
    """

    sup_bound: mpq
    best: float
    argmax: tuple
    cells: int
    seconds: float
    converged: bool = True


@dataclass(frozen=True)
class OnlineDualBound:
    """The online weak-duality lower bound (docs/theory.md section 6b.3), every number exact.

    Attributes
    ----------
    lam, Lam
        The exactly annihilating multipliers ``lambda_n`` (d-tuples) and ``Lambda_n`` (d x d, rows).
    numerator
        A rational at most ``sum_n lambda_n . x_n``.
    sup_bound
        A rational ``S >= sup_u |eta(u)|`` over every allowed tangent unit.
    lower_bound
        ``numerator / sup_bound`` rounded down to a multiple of 10^-20 (0 when not positive).
    cells, seconds
        The search's size and wall time (see :class:`SphereBound`).
    best, converged
        From the :class:`SphereBound` (evidence and completeness of the search).
    """

    lam: tuple
    Lam: tuple
    numerator: mpq
    sup_bound: mpq
    lower_bound: mpq
    cells: int
    seconds: float
    best: float = 0.0
    converged: bool = True


# --------------------------------------------------------------------------------------------
# exact -> float surrogates with verified errors


def _enclose(x: Exact) -> tuple:
    """``(f, err)``: a float f and an mpq ``err >= |x - f|`` (checked exactly)."""
    if isinstance(x, mpq):
        f = float(x)
        return f, abs(x - mpq(f))
    f = to_float(x)
    if not math.isfinite(f):
        raise ExactLimitError(f"could not enclose {x} by a float")
    err = mpq(max(abs(f) * 2.0 ** -50, 2.0 ** -1000))
    fq = mpq(f)
    for _ in range(60):
        if fq - err <= x <= fq + err:
            return f, err
        err *= 16
    raise ExactLimitError(f"could not enclose {x} to within {float(err)} by a float")


def _float_up(q: mpq) -> float:
    """A float >= q."""
    f = float(q)
    return f if mpq(f) >= q else float(np.nextafter(f, math.inf))


def _float_down(q: mpq) -> float:
    return -_float_up(-q)


def _floats(values) -> tuple:
    """Float array of exact values and the mpq sum of their errors."""
    fs, total = [], mpq(0)
    for x in values:
        f, e = _enclose(x)
        fs.append(f)
        total += e
    return fs, total


def _round_up_bits(q: mpq) -> mpq:
    scale = mpz(2) ** _ROUND_BITS
    return mpq(math.ceil(q * scale), scale)


# --------------------------------------------------------------------------------------------
# input checks


def _dimension(points, what: str) -> int:
    if len(points) == 0:
        raise InvalidDataError(f"{what}: no points given")
    d = len(points[0])
    if d not in (2, 3, 4):
        raise InvalidDataError(f"{what}: the directions are bounded for d in {{2, 3, 4}}, not d = {d}")
    for k, x in enumerate(points):
        if len(x) != d:
            raise InvalidDataError(f"{what}: point {k} has {len(x)} coordinates, point 0 has {d}")
    return d


def _exact_vectors(rows, n: int, d: int, what: str) -> list:
    if len(rows) != n:
        raise InvalidDataError(f"{what}: {len(rows)} given, {n} expected")
    out = []
    for k, row in enumerate(rows):
        if len(row) != d:
            raise InvalidDataError(f"{what}[{k}] has {len(row)} entries, {d} expected")
        out.append(tuple(exact(v, name=f"{what}[{k}]") for v in row))
    return out


def _exact_matrices(mats, n: int, d: int, what: str) -> list:
    if len(mats) != n:
        raise InvalidDataError(f"{what}: {len(mats)} matrices given, {n} expected")
    out = []
    for k, M in enumerate(mats):
        if len(M) != d or any(len(row) != d for row in M):
            raise InvalidDataError(f"{what}[{k}] is not a {d} x {d} matrix (tuple of {d} rows)")
        out.append(tuple(tuple(exact(v, name=f"{what}[{k}]") for v in row) for row in M))
    return out


def _online_residuals(centres, lam, Lam) -> tuple:
    """``(sum lambda_n, sum_n lambda_n x_n^T + Lambda_n)``, exact."""
    d = len(centres[0])
    s = tuple(exact_sum(l[a] for l in lam) for a in range(d))
    R = tuple(tuple(exact_sum(l[a] * x[b] + L[a][b] for l, x, L in zip(lam, centres, Lam)) for b in range(d))
              for a in range(d))
    return s, R


# --------------------------------------------------------------------------------------------
# cells


def _faces(d: int, both: bool) -> tuple:
    """(axis, sign, other axes) per cube face; ``both`` False keeps the d faces with sign +1."""
    faces = []
    for sign in ((1.0, -1.0) if both else (1.0,)):
        for k in range(d):
            faces.append((k, sign, [j for j in range(d) if j != k]))
    axis = np.array([f[0] for f in faces])
    sign = np.array([f[1] for f in faces])
    others = np.array([f[2] for f in faces])
    return axis, sign, others


def _flat(face, t, faces) -> np.ndarray:
    """Points of the cube faces (P x d) with free coordinates t (P x (d-1))."""
    axis, sign, others = faces
    P, k = t.shape
    u = np.empty((P, k + 1))
    rows = np.arange(P)
    u[rows, axis[face]] = sign[face]
    u[rows[:, None], others[face]] = t
    return u


def _cell_geometry(face, idx, level: int, faces) -> tuple:
    """Anchors p (P x d, float, nearly unit) and radii r (P,) with ``|w - p| <= r`` on each cell."""
    h = 2.0 / (1 << level)
    lower = -1.0 + idx * h  # exact: dyadic
    centre = _flat(face, lower + 0.5 * h, faces)
    p = centre / np.sqrt(np.einsum("pd,pd->p", centre, centre))[:, None]
    k = idx.shape[1]
    r = np.zeros(len(idx))
    for bits in range(1 << k):
        offs = np.array([(bits >> j) & 1 for j in range(k)], dtype=float) * h
        u = _flat(face, lower + offs, faces)
        wk = u / np.sqrt(np.einsum("pd,pd->p", u, u))[:, None]
        diff = wk - p
        r = np.maximum(r, np.sqrt(np.einsum("pd,pd->p", diff, diff)))
    r = r * (1.0 + _REL_R) + _ABS_R
    if np.any(r >= 1.0):  # pragma: no cover - start levels keep cells small
        raise ArithmeticError("sphere: a cell is too large for the corner-distance argument")
    return p, r


def _children(face, idx, unit, d: int) -> tuple:
    k = d - 1
    nb = 1 << k
    bits = np.array([[(b >> j) & 1 for j in range(k)] for b in range(nb)], dtype=np.int64)
    idx2 = (2 * idx)[:, None, :] + bits[None, :, :]
    return np.repeat(face, nb), idx2.reshape(-1, k), np.repeat(unit, nb)


def _start_items(d: int, nunits: int, faces) -> tuple:
    level = _START_LEVEL[d]
    k = d - 1
    side = 1 << level
    grid = np.array(np.meshgrid(*[np.arange(side)] * k, indexing="ij")).reshape(k, -1).T.astype(np.int64)
    nf = len(faces[0])
    face = np.repeat(np.arange(nf), len(grid) * nunits)
    idx = np.tile(np.repeat(grid, nunits, axis=0), (nf, 1))
    unit = np.tile(np.arange(nunits), nf * len(grid))
    return face, idx, unit, level


# --------------------------------------------------------------------------------------------
# the second-order bound of |B w + s| on a cell (vectorised)


def _allowance(terms: int) -> float:
    """A power of two >= 2 gamma_k for the longest expression of :func:`_quadratic_bound`.

    Counting roundings along the expression tree (a sum adds one to the larger count, a product
    adds both counts and one), B and s are sums of ``terms`` products (k <= terms + 3), v = B p + s
    has k <= terms + 5 + d, ``|g_perp|^2`` (the longest) k <= 4 terms + 21 + 5 d; so
    k = 4 terms + 64 covers d <= 4 with room.
    """
    k = 4 * terms + 64
    u = 2.0 ** -53
    gamma = k * u / (1 - k * u)
    return 2.0 ** math.ceil(math.log2(2 * gamma))


def _quadratic_bound(B, Babs, s, sabs, p, r, rel) -> np.ndarray:
    """Upper bounds of ``max_{|w| = 1, |w - p| <= r} |B w + s|`` (rigorous for the float inputs).

    B, Babs: Q x d x d (computed matrix and its absolute-value companion); s, sabs: Q x d; p: Q x d;
    r: Q; rel from :func:`_allowance`. See the module docstring for the inequality and the
    rounding allowances.
    """
    pa = np.abs(p)
    v = np.einsum("qab,qb->qa", B, p) + s
    va = np.einsum("qab,qb->qa", Babs, pa) + sabs
    g = np.einsum("qab,qa->qb", B, v)
    ga = np.einsum("qab,qa->qb", Babs, va)
    pp = np.einsum("qa,qa->q", p, p)
    alpha = np.einsum("qa,qa->q", g, p) / pp  # any float is valid; this one makes g_perp small
    gp = g - alpha[:, None] * p
    gpa = ga + np.abs(alpha)[:, None] * pa
    # each polynomial gets 2^-33 of its absolute companion, and 1e-290 against underflow
    G2 = np.einsum("qa,qa->q", gp, gp) + rel * np.einsum("qa,qa->q", gpa, gpa) + _TINY
    U1 = np.einsum("qa,qa->q", v, v) + alpha * (1.0 - pp)
    U1 = U1 + rel * (np.einsum("qa,qa->q", va, va) + np.abs(alpha) * (1.0 + pp)) + _TINY
    F = np.einsum("qab,qab->q", B, B) + rel * np.einsum("qab,qab->q", Babs, Babs) + _TINY
    root = np.sqrt(np.maximum(G2, 0.0))
    second = np.maximum(F - alpha, 0.0) * r * r
    T = U1 + 2.0 * r * root + second
    T = T + _REL * (np.abs(U1) + 2.0 * r * root + (np.abs(F) + np.abs(alpha)) * r * r) + _TINY
    return np.sqrt(np.maximum(T, 0.0)) * (1.0 + _REL) + _TINY


# --------------------------------------------------------------------------------------------
# the search


class _Search:
    """Level-synchronous branch and bound; ``evaluate(unit, p, r)`` -> (bounds, |eta| at the anchors)."""

    def __init__(self, d: int, nunits: int, both: bool, evaluate, rel_tol: float, max_cells: int):
        self.d, self.faces = d, _faces(d, both)
        self.nunits, self.evaluate = nunits, evaluate
        self.rel_tol, self.max_cells = rel_tol, max_cells

    def run(self) -> tuple:
        start = time.perf_counter()
        face, idx, unit, level = _start_items(self.d, self.nunits, self.faces)
        best, argmax, retired, cells, converged = 0.0, (), 0.0, 0, True
        with task("sphere branch-and-bound", unit="cell") as bar:  # the number of cells is not known ahead
            return self._levels(start, face, idx, unit, level, best, argmax, retired, cells, converged, bar)

    def _levels(self, start, face, idx, unit, level, best, argmax, retired, cells, converged, bar) -> tuple:
        while len(face):
            bounds = np.empty(len(face))
            for lo in range(0, len(face), _CHUNK):
                sl = slice(lo, lo + _CHUNK)
                p, r = _cell_geometry(face[sl], idx[sl], level, self.faces)
                b, vals = self.evaluate(unit[sl], p, r)
                bounds[sl] = np.where(np.isnan(b), np.inf, b)
                if len(vals) and np.max(vals) > best:
                    k = int(np.argmax(vals))
                    best = float(vals[k])
                    argmax = tuple(float(x) for x in p[k] / math.sqrt(float(p[k] @ p[k])))
            cells += len(face)
            bar.update(cells, note=f"level {level}, {len(face)} cells open, sup |eta| >= {best:.6f}")
            threshold = best * (1.0 + self.rel_tol) + _FLOOR
            done = bounds <= threshold
            if np.any(done):
                retired = max(retired, float(np.max(bounds[done])))
            keep = ~done
            if not np.any(keep):
                break
            if cells + (1 << (self.d - 1)) * int(np.count_nonzero(keep)) > self.max_cells or level >= _MAX_LEVEL:
                retired = max(retired, float(np.max(bounds[keep])))
                converged = False
                break
            face, idx, unit = _children(face[keep], idx[keep], unit[keep], self.d)
            level += 1
        if not math.isfinite(retired):
            raise ExactLimitError("sphere: no finite bound on sup |eta| (max_cells reached while some cells had too "
                                  "many undecided balls, or data too large for float64); raise max_cells")
        return mpq(retired), best, argmax, cells, converged, time.perf_counter() - start


# --------------------------------------------------------------------------------------------
# online


class _Online:
    """Float surrogates of the online data and the cell evaluator for side -1 units."""

    def __init__(self, centres, rho, lam, Lam):
        N, d = len(centres), len(centres[0])
        self.N, self.d = N, d
        C = np.empty((N, N, d, d))
        D = np.empty((N, N, d))
        eD = np.zeros((N, N))
        S = np.empty((N, d))
        delta = [mpq(0)] * N  # data error of |eta| for units at ball m, any activity pattern
        s_err = []
        for n in range(N):
            f, e = _floats(rho * lam[n][a] for a in range(d))
            S[n] = f
            s_err.append(e)
        for m in range(N):
            for n in range(N):
                diff = [centres[n][a] - centres[m][a] for a in range(d)]
                f, e = _floats(lam[n][a] * diff[b] + Lam[n][a][b] for a in range(d) for b in range(d))
                C[m, n] = np.array(f).reshape(d, d)
                delta[m] += e + s_err[n]
                f, e = _floats(diff)
                D[m, n] = f
                eD[m, n] = _float_up(e)
        self.C, self.Cabs, self.S, self.Sabs = C, np.abs(C), S, np.abs(S)
        self.D, self.Dabs = D, np.abs(D)
        self.normD = np.sqrt(np.einsum("mnd,mnd->mn", D, D)) * (1.0 + _REL_R)
        self.eD = eD
        two_rho = 2 * rho
        self.t_lo = _float_down(rational_below(two_rho))
        self.t_mid = to_float(two_rho)
        self.delta = max(delta)
        self.rel = _allowance(N)

    def evaluate(self, m, p, r):
        N = self.N
        D = self.D[m]
        g = np.einsum("pnd,pd->pn", D, p)
        gabs = np.einsum("pnd,pd->pn", self.Dabs[m], np.abs(p))
        hw = (self.normD[m] * r[:, None] * (1.0 + _REL) + _REL * (gabs + np.abs(g)) + self.eD[m] + _TINY)
        hw = hw * (1.0 + _REL_R)
        rows = np.arange(len(m))
        act_ok = (g + hw) >= 0.0
        inact_ok = (g - hw) <= -self.t_lo
        act_ok[rows, m] = True
        inact_ok[rows, m] = False
        alive = np.all(act_ok | inact_ok, axis=1)
        # evidence: the exact-looking unit at the anchor
        active_p = g >= 0.0
        allowed_p = np.all(active_p | (g <= -self.t_mid) | (np.arange(N)[None, :] == m[:, None]), axis=1)
        active_p[rows, m] = True
        norm_p = np.sqrt(np.einsum("pd,pd->p", p, p))
        Bp = np.einsum("pn,pnab->pab", active_p.astype(float), self.C[m])
        eta = np.einsum("pab,pb->pa", Bp, p) / norm_p[:, None] + active_p.astype(float) @ self.S
        vals = np.where(allowed_p, np.sqrt(np.einsum("pa,pa->p", eta, eta)), 0.0)
        bounds = np.full(len(m), -np.inf)
        # a pair with many undecided balls is not enumerated (2^k patterns): its bound is +inf, so
        # it is never retired and its cell is split until few balls remain undecided
        many = alive & ((act_ok & inact_ok).sum(axis=1) > _MAX_UNDECIDED)
        bounds[many] = np.inf
        live = np.flatnonzero(alive & ~many)
        if len(live) == 0:
            return bounds, vals
        amb = act_ok[live] & inact_ok[live]
        fixed = act_ok[live] & ~inact_ok[live]
        namb = amb.sum(axis=1)
        reps = 1 << namb
        item = np.repeat(np.arange(len(live)), reps)
        starts = np.concatenate(([0], np.cumsum(reps)[:-1]))
        combo = np.arange(len(item)) - np.repeat(starts, reps)
        rank = np.cumsum(amb, axis=1) - 1
        chosen = amb[item] & (((combo[:, None] >> np.maximum(rank[item], 0)) & 1) == 1)
        mask = (fixed[item] | chosen).astype(float)
        mq = m[live][item]
        B = np.einsum("qn,qnab->qab", mask, self.C[mq])
        Babs = np.einsum("qn,qnab->qab", mask, self.Cabs[mq])
        s = mask @ self.S
        sabs = mask @ self.Sabs
        q = _quadratic_bound(B, Babs, s, sabs, p[live][item], r[live][item], self.rel)
        bounds[live] = np.maximum.reduceat(q, starts)
        return bounds, vals


def _check_online(centres, rho, lam, Lam) -> tuple:
    d = _dimension(centres, "online_sup_bound: centres")
    N = len(centres)
    centres = _exact_vectors(centres, N, d, "centres")
    rho = exact(rho, name="rho")
    if rho <= 0:
        raise InvalidDataError(f"rho = {rho}: the radius must be positive")
    lam = _exact_vectors(lam, N, d, "lam")
    Lam = _exact_matrices(Lam, N, d, "Lam")
    for n in range(N):
        for m in range(n):
            dist2 = exact_sum((centres[n][a] - centres[m][a]) ** 2 for a in range(d))
            if dist2 <= 4 * rho * rho:
                raise InvalidDataError(f"centres {m} and {n}: the closed balls of radius {rho} meet")
    s, R = _online_residuals(centres, lam, Lam)
    if any(x != 0 for x in s) or any(x != 0 for row in R for x in row):
        raise ConditionError("online_sup_bound: the multipliers must satisfy sum lambda_n = 0 and "
                             "sum_n (lambda_n x_n^T + Lambda_n) = 0 exactly (use project_online_dual)")
    return centres, rho, lam, Lam


def online_sup_bound(centres: Sequence[Sequence[Exact]], rho: Exact, lam: Sequence[Sequence[Exact]],
                     Lam: Sequence, *, rel_tol: float = 1e-6, max_cells: int = 2_000_000) -> SphereBound:
    """A rigorous ``S >= sup |eta(u)|`` over every allowed tangent unit of the online dual (docs/theory.md 6b.3).

    .. math::

        \\eta(u) = \\sum_{n \\in A_u} \\big(\\lambda_n (w \\cdot x_n - \\beta) + \\Lambda_n w\\big),
        \\qquad |w| = 1,\\ \\beta = w \\cdot x_m \\pm \\rho,

    A_u the balls on the unit's active side; units whose kink meets an open ball are excluded.

    Parameters
    ----------
    centres
        The ball centres ``x_n`` (exact d-tuples, d in {2, 3, 4}); the closed balls must be disjoint.
    rho
        The radius (exact, positive).
    lam, Lam
        Exact multipliers, ``lam[n]`` a d-tuple and ``Lam[n]`` a d x d tuple of rows, with
        ``sum lambda_n = 0`` and ``sum_n (lambda_n x_n^T + Lambda_n) = 0`` exactly.
    rel_tol
        Cells are refined until their bound is at most ``best (1 + rel_tol)``.
    max_cells
        Budget of (cell, unit) evaluations; when reached, a valid but looser S is returned with
        ``converged = False``.

    Returns
    -------
    SphereBound

    Raises
    ------
    InvalidDataError
        Wrong shapes, d outside {2, 3, 4}, a radius that is not positive, balls that meet.
    ConditionError
        Multipliers that do not annihilate c and V exactly.

    Examples
    --------
    The optimal dual of two balls on a line (a ramp from ball 0 to ball 1 costs 5/2 at rho = 1/10;
    ``|eta| = 1`` exactly at ``w = (1, 0)`` and ``(-1, 0)``):

    >>> x = [(mpq(0), mpq(0)), (mpq(1), mpq(0))]
    >>> lam = [(mpq(-5, 2), mpq(0)), (mpq(5, 2), mpq(0))]
    >>> Lam = [((mpq(-5, 4), mpq(0)), (mpq(0), mpq(0)))] * 2
    >>> b = online_sup_bound(x, mpq(1, 10), lam, Lam)
    >>> 1 <= b.sup_bound < 1 + mpq(2, 10**6), b.converged
    (True, True)
    """
    centres, rho, lam, Lam = _check_online(centres, rho, lam, Lam)
    model = _Online(centres, rho, lam, Lam)
    search = _Search(model.d, model.N, True, model.evaluate, rel_tol, max_cells)
    S, best, argmax, cells, converged, seconds = search.run()
    return SphereBound(sup_bound=_round_up_bits(S + model.delta), best=best, argmax=argmax, cells=cells,
                       seconds=seconds, converged=converged)


def project_online_dual(centres: Sequence[Sequence[Exact]], lam: Sequence[Sequence[Exact]], Lam: Sequence) -> tuple:
    """Exact multipliers with ``sum lambda_n = 0`` and ``sum_n (lambda_n x_n^T + Lambda_n) = 0`` (docs/theory.md 6b.3).

    ``lambda_n <- lambda_n - mean(lambda)``, then the residual ``R = sum_n (lambda_n x_n^T + Lambda_n)``
    is spread evenly, ``Lambda_n <- Lambda_n - R / N``. Already annihilating multipliers are returned
    unchanged. With algebraic centres the corrected ``Lambda_n`` are algebraic (still exact).

    Returns
    -------
    (lam, Lam)
        Tuples of exact d-tuples and of exact d x d tuples of rows.

    Examples
    --------
    >>> x = [(mpq(0), mpq(0)), (mpq(1), mpq(0))]
    >>> lam, Lam = project_online_dual(x, [(1, 0), (0, 0)], [((0, 0), (0, 0))] * 2)
    >>> lam
    ((mpq(1,2), mpq(0,1)), (mpq(-1,2), mpq(0,1)))
    >>> Lam[0]
    ((mpq(1,4), mpq(0,1)), (mpq(0,1), mpq(0,1)))
    """
    d = _dimension(centres, "project_online_dual: centres")
    N = len(centres)
    centres = _exact_vectors(centres, N, d, "centres")
    lam = _exact_vectors(lam, N, d, "lam")
    Lam = _exact_matrices(Lam, N, d, "Lam")
    mean = [exact_sum(l[a] for l in lam) / N for a in range(d)]
    lam = [tuple(l[a] - mean[a] for a in range(d)) for l in lam]
    _, R = _online_residuals(centres, lam, Lam)
    Lam = [tuple(tuple(L[a][b] - R[a][b] / N for b in range(d)) for a in range(d)) for L in Lam]
    return tuple(lam), tuple(Lam)


def online_dual_lower_bound(centres: Sequence[Sequence[Exact]], rho: Exact, lam_float: Sequence[Sequence[float]],
                            Lam_float: Sequence, *, rel_tol: float = 1e-6, max_cells: int = 2_000_000,
                            max_denominator: int = 10**9) -> OnlineDualBound:
    """Weak duality from float multipliers: rationalise, project exactly, bound the sup (docs/theory.md 6b.3).

    ``R(h) >= sum_n lambda_n . x_n / S`` for every online interpolant h.

    Examples
    --------
    >>> x = [(mpq(0), mpq(0)), (mpq(1), mpq(0))]
    >>> lb = online_dual_lower_bound(x, mpq(1, 10), [(-2.5, 0.0), (2.5, 0.0)], [((-1.25, 0.0), (0.0, 0.0))] * 2)
    >>> lb.numerator, mpq(5, 2) / (1 + mpq(2, 10**6)) < lb.lower_bound <= mpq(5, 2)
    (mpq(5,2), True)
    """
    d = _dimension(centres, "online_dual_lower_bound: centres")
    N = len(centres)
    if len(lam_float) != N or len(Lam_float) != N:
        raise InvalidDataError(f"online_dual_lower_bound: {N} centres but {len(lam_float)} lam and "
                               f"{len(Lam_float)} Lam")
    lam = [tuple(rationalize(float(v), max_denominator=max_denominator, name="lam") for v in row) for row in lam_float]
    Lam = [tuple(tuple(rationalize(float(v), max_denominator=max_denominator, name="Lam") for v in row) for row in M)
           for M in Lam_float]
    lam, Lam = project_online_dual(centres, lam, Lam)
    centres_x = _exact_vectors(centres, N, d, "centres")
    numerator = rational_below(exact_sum(l[a] * x[a] for l, x in zip(lam, centres_x) for a in range(d)))
    bound = online_sup_bound(centres_x, rho, lam, Lam, rel_tol=rel_tol, max_cells=max_cells)
    lower = _round_down_20(numerator / bound.sup_bound) if numerator > 0 and bound.sup_bound > 0 else mpq(0)
    return OnlineDualBound(lam=lam, Lam=Lam, numerator=numerator, sup_bound=bound.sup_bound, lower_bound=lower,
                           cells=bound.cells, seconds=bound.seconds, best=bound.best, converged=bound.converged)


_TEN20 = mpz(10) ** 20


def _round_down_20(q: mpq) -> mpq:
    return mpq(math.floor(q * _TEN20), _TEN20)


# --------------------------------------------------------------------------------------------
# offline


class _Offline:
    """Float surrogates of offline samples and weights and the cell evaluator for kink samples j."""

    def __init__(self, points, lam):
        n, d = len(points), len(points[0])
        self.n, self.d = n, d
        # eta depends on differences only: centre the samples to keep the floats small
        shift = [rational_below(exact_sum(y[a] for y in points) / n) for a in range(d)]
        Y = np.empty((n, d))
        L = np.empty((n, d))
        ey, el = [], []
        for i in range(n):
            f, e = _floats(points[i][a] - shift[a] for a in range(d))
            Y[i] = f
            ey.append(e)
            f, e = _floats(lam[i])
            L[i] = f
            el.append(e)
        # |eta_exact(w, w.y_j) - eta_surrogate| <= sum_i |lambda_i - l_i| |z_ij| + |l_i| |z_ij - zhat_ij|
        # <= sum_i el_i (diameter_1 + 2 ey_max) + |l_i|_1 2 ey_max  (1-norms bound 2-norms)
        ey_max = max(ey)
        diameter = sum(mpq(float(Y[:, a].max())) - mpq(float(Y[:, a].min())) for a in range(d)) + 2 * ey_max
        delta = exact_sum(e * diameter + sum(abs(mpq(float(v))) for v in L[i]) * 2 * ey_max for i, e in enumerate(el))
        self.delta = delta
        self.rel = _allowance(n)
        self.Y, self.Yabs, self.L, self.Labs = Y, np.abs(Y), L, np.abs(L)
        self.LY = (L[:, :, None] * Y[:, None, :]).reshape(n, d * d)
        self.LYabs = np.abs(self.LY)
        self.W4 = np.hstack([self.LY, L, self.LYabs, np.abs(L)])
        Z = Y[None, :, :] - Y[:, None, :]  # Z[j, i] = y_i - y_j
        self.normZ = np.sqrt(np.einsum("jid,jid->ji", Z, Z)) * (1.0 + _REL_R)
        self.zero = self.normZ == 0.0  # exactly equal surrogates (and i = j): the term is 0
        self.lamnorm = np.sqrt(np.einsum("id,id->i", L, L)) * (1.0 + _REL_R)

    def evaluate(self, j, p, r):
        d = self.d
        rows = np.arange(len(j))
        Pd = p @ self.Y.T
        Pa = np.abs(p) @ self.Yabs.T
        g = Pd - Pd[rows, j][:, None]
        gabs = Pa + Pa[rows, j][:, None]
        # half-width of g over the cell: |z_ij| r for the range, 3 * 2^-33 gabs for the rounding of g
        # (|fl(g)| <= fl(gabs) (1 + 2^-50)), both rounded up by the factors; comparisons are exact
        hw = self.normZ[j] * (r * ((1.0 + _REL) * (1.0 + _REL_R)))[:, None] + (3.0 * _REL) * gabs + _TINY
        pos = g >= hw
        amb = np.abs(g) < hw
        amb &= ~self.zero[j]
        # an undecided sample, g in [lo, hi] = [g - hw, g + hw] with lo < 0 < hi: for any theta in
        # [0, 1], [g]_+ - theta g lies in [0, M], M = max(theta |lo|, (1 - theta) hi); the chord slope
        # theta = hi / (hi - lo) minimises M. So [g]_+ = theta g + M/2 +- M/2: the first two terms
        # are affine in w (into B and s), the last is the remainder R (M rounded up). Undecided
        # samples are few, so they are handled as a sparse list.
        ri, ci = np.nonzero(amb)
        ga, ha = g[ri, ci], hw[ri, ci]
        hi, nlo = ga + ha, ha - ga
        theta = hi / (hi + nlo)
        half_m = (0.5 * (1.0 + _REL)) * np.maximum(theta * nlo, (1.0 - theta) * hi)
        coef = pos.astype(float)
        coef[ri, ci] = theta
        P, dd = len(j), d * d
        M = coef @ self.W4  # [sum coef l y^T | sum coef l | their absolute companions]
        B = M[:, :dd].reshape(P, d, d) - M[:, dd:dd + d][:, :, None] * self.Y[j][:, None, :]
        Babs = M[:, dd + d:2 * dd + d].reshape(P, d, d) + M[:, 2 * dd + d:][:, :, None] * self.Yabs[j][:, None, :]
        s = np.stack([np.bincount(ri, half_m * self.L[ci, a], minlength=P) for a in range(d)], axis=1)
        sabs = np.stack([np.bincount(ri, half_m * self.Labs[ci, a], minlength=P) for a in range(d)], axis=1)
        q = _quadratic_bound(B, Babs, s, sabs, p, r, self.rel)
        R = np.bincount(ri, half_m * self.lamnorm[ci], minlength=P)
        bounds = (q + R * (1.0 + _REL)) * (1.0 + _REL) + _TINY
        norm_p = np.sqrt(np.einsum("pd,pd->p", p, p))
        eta = np.maximum(g, 0.0) @ self.L / norm_p[:, None]
        vals = np.sqrt(np.einsum("pa,pa->p", eta, eta))
        return bounds, vals


def _check_offline(points, lam, what: str) -> tuple:
    d = _dimension(points, f"{what}: points")
    n = len(points)
    points = _exact_vectors(points, n, d, "points")
    lam = _exact_vectors(lam, n, d, "lam")
    for a in range(d):
        if exact_sum(l[a] for l in lam) != 0 or any(
                exact_sum(l[a] * y[b] for l, y in zip(lam, points)) != 0 for b in range(d)):
            raise ConditionError(f"{what}: the weights must satisfy sum lambda_i = 0 and sum lambda_i y_i^T = 0 "
                                 "exactly (project them with project_dual); otherwise the sup over b is unbounded")
    return points, lam


def offline_sup_bound(points: Sequence[Sequence[Exact]], lam: Sequence[Sequence[Exact]], *, rel_tol: float = 1e-6,
                      max_cells: int = 2_000_000) -> SphereBound:
    """A rigorous ``S >= sup_{|w|=1, b} |eta(w, b)|``, ``eta(w, b) = sum_i lambda_i [w.y_i - b]_+`` (docs/theory.md 5).

    Parameters
    ----------
    points
        The samples ``y_i`` (exact d-tuples, d in {2, 3, 4}).
    lam
        Exact weights with ``sum lambda_i = 0`` and ``sum lambda_i y_i^T = 0`` exactly.
    rel_tol, max_cells
        As in :func:`online_sup_bound`; cells count (cell, kink sample) pairs.

    Returns
    -------
    SphereBound

    Raises
    ------
    InvalidDataError
        Wrong shapes or d outside {2, 3, 4}.
    ConditionError
        Weights that do not annihilate c and V exactly.

    Examples
    --------
    >>> pts = [(mpq(0), mpq(0), mpq(0)), (mpq(1), mpq(0), mpq(0)), (mpq(2), mpq(0), mpq(0))]
    >>> lam = [(mpq(1), mpq(0), mpq(0)), (mpq(-2), mpq(0), mpq(0)), (mpq(1), mpq(0), mpq(0))]
    >>> b = offline_sup_bound(pts, lam, rel_tol=1e-4)
    >>> 1 <= float(b.sup_bound) < 1 + 2e-4
    True
    """
    points, lam = _check_offline(points, lam, "offline_sup_bound")
    if len(points) > _MAX_SAMPLES:
        raise InvalidDataError(f"offline_sup_bound: {len(points)} samples; at most {_MAX_SAMPLES} (the search "
                               "evaluates every sample at every cell)")
    model = _Offline(points, lam)
    search = _Search(model.d, model.n, False, model.evaluate, rel_tol, max_cells)
    S, best, argmax, cells, converged, seconds = search.run()
    return SphereBound(sup_bound=_round_up_bits(S + model.delta), best=best, argmax=argmax, cells=cells,
                       seconds=seconds, converged=converged)


def offline_dual_lower_bound(points: Sequence[Sequence[Exact]], targets: Sequence[Sequence[Exact]],
                             lam_float: Sequence[Sequence[float]], *, rel_tol: float = 1e-6,
                             max_cells: int = 2_000_000, max_denominator: int = 10**9) -> DualBound:
    """Offline weak duality in d = 2, 3, 4: ``OPT >= sum_i lambda_i . T_i / S`` (docs/theory.md 5 and 6.4).

    The float weights are rationalised, projected exactly onto ``{sum lambda_i = 0, sum lambda_i y_i^T = 0}``
    (:func:`symden.certificates.planar.project_dual`, valid in any dimension) and S comes from
    :func:`offline_sup_bound`.

    Examples
    --------
    >>> pts = [(mpq(0), mpq(0), mpq(0)), (mpq(1), mpq(0), mpq(0)), (mpq(2), mpq(0), mpq(0))]
    >>> tg = [(mpq(0), mpq(0), mpq(0)), (mpq(0), mpq(0), mpq(0)), (mpq(2), mpq(0), mpq(0))]
    >>> db = offline_dual_lower_bound(pts, tg, [(1.0, 0, 0), (-2.0, 0, 0), (1.0, 0, 0)], rel_tol=1e-4)
    >>> db.numerator, 0.9998 < float(db.lower_bound) <= 2
    (mpq(2,1), True)
    """
    d = _dimension(points, "offline_dual_lower_bound: points")
    n = len(points)
    points_x = _exact_vectors(points, n, d, "points")
    targets_x = _exact_vectors(targets, n, d, "targets")
    if len(lam_float) != n:
        raise InvalidDataError(f"offline_dual_lower_bound: {n} points but {len(lam_float)} weights")
    rational = [tuple(rationalize(float(v), max_denominator=max_denominator, name="lambda") for v in w)
                for w in lam_float]
    lam = project_dual(points_x, rational)
    numerator = rational_below(exact_sum(a * t for w, y in zip(lam, targets_x) for a, t in zip(w, y)))
    bound = offline_sup_bound(points_x, lam, rel_tol=rel_tol, max_cells=max_cells)
    S = bound.sup_bound
    lower = _round_down_20(numerator / S) if numerator > 0 and S > 0 else mpq(0)
    return DualBound(weights=lam, numerator=numerator, sup_bound=S, lower_bound=lower,
                     points=tuple(points_x), targets=tuple(targets_x))
