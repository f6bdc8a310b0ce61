"""The uniqueness probe of the discretised group-lasso programs (docs/theory.md sections 6.2 and 6b.5): evidence only.

Every group-lasso program of symden has the same shape once its variables are stacked into one
vector ``z = (a_1, ..., a_K, vec V, c)`` (``a_u`` in R^d):

    minimise  sum_u |a_u|   subject to   E z = f,

and the value of the network at a point p is linear in z: ``h(p) = P(p) z`` with a d x len(z)
matrix. The probe maximises and minimises each coordinate ``h(p)_k`` over the *near-optimal set*
``{E z = f, sum_u |a_u| <= value + eps}`` of the program on its final columns, at a few probe
points between the balls (or sample hulls). If two minimisers of the discretised program
differed at p, the spread ``max - min`` there would be positive for every eps > 0; a spread of
the order of the solver's accuracy at every probe point is *evidence* of uniqueness (it is not
a proof: the probe sees only its points and the final columns, and floats decide it).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Sequence

import cvxpy as cp
import numpy as np

from symden.exact import rationalize
from symden.programs._solvers import quiet_options
from symden.progress import task
from symden.records import Quantity, Status, Verdict
from symden.reference import cite

__all__ = ["ProbeResult", "equality_system", "evaluation_rows", "offline_probe_verdict", "probe_spread", "probe_verdict"]

#: The two near-optimality slacks of the probe, relative to the program's value.
PROBE_EPS = (1e-5, 1e-7)
#: Below this absolute spread the solver's accuracy dominates (Clarabel's tolerances are ~1e-8).
SPREAD_FLOOR = 1e-6
#: A spread that does not shrink counts as two distinct minimisers only above this.
SPREAD_SEPARATE = 1e-3


@dataclass(frozen=True)
class ProbeResult:
    """The largest spread of ``h(p)_k`` over the near-optimal set, where, and with which eps."""

    spread: float  # max over probe points and coordinates of (max - min)
    where: tuple  # the probe point (floats) of the largest spread
    coordinate: int
    eps: float
    points: int
    solves: int
    failures: int  # solves that did not report optimal (left out of the spread)


def probe_spread(E: np.ndarray, f: np.ndarray, K: int, d: int, probes: Sequence[tuple], value: float, *,
                 eps: float, solver: str = "CLARABEL", options: dict | None = None) -> ProbeResult:
    """Maximise and minimise every coordinate of h at every probe point over the near-optimal set.

    Parameters
    ----------
    E, f
        The program's equalities ``E z = f`` on ``z = (a_1..a_K, vec V (row-major), c)``.
    K, d
        Number of units and the dimension.
    probes
        ``(point, P)`` pairs: a float point and its d x len(z) evaluation matrix.
    value
        The program's float optimum (the near-optimal set is ``cost <= value + eps``).
    """
    # dependent equality rows stall interior-point solvers (as in the programs): keep an orthonormal
    # independent set spanning the same rows (same solutions for consistent data)
    U, sv, _ = np.linalg.svd(E, full_matrices=False)
    r = int(np.sum(sv > 1e-9 * sv[0])) if sv.size and sv[0] > 0 else 0
    E, f = U[:, :r].T @ E, U[:, :r].T @ f
    z = cp.Variable(E.shape[1])
    A = cp.reshape(z[: K * d], (K, d), order="C")
    cost = cp.sum(cp.norm(A, 2, axis=1))
    row = cp.Parameter(E.shape[1])
    program = cp.Problem(cp.Maximize(row @ z), [E @ z == f, cost <= value + eps])
    opts = quiet_options(solver, options or {})
    best, where, coord, solves, failures = 0.0, (), 0, 0, 0
    bar = task(f"uniqueness probe (eps {eps:.1e})", total=2 * d * len(probes), unit="solve")
    for point, P in probes:
        for k in range(d):
            ends = []
            for sign in (1.0, -1.0):
                row.value = sign * np.asarray(P[k], dtype=float)
                solves += 1
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        program.solve(solver=solver, **opts)
                except (cp.error.SolverError, ValueError, ArithmeticError):
                    failures += 1
                    continue
                if program.status not in (cp.OPTIMAL, cp.OPTIMAL_INACCURATE) or program.value is None:
                    failures += 1
                    continue
                ends.append(sign * float(program.value))
                bar.update(solves)
            if len(ends) == 2 and ends[0] - ends[1] > best:  # ends = (max h_k, min h_k)
                best, where, coord = ends[0] - ends[1], tuple(float(x) for x in point), k
    bar.close()
    return ProbeResult(spread=max(best, 0.0), where=where, coordinate=coord, eps=eps, points=len(probes),
                       solves=solves, failures=failures)


def equality_system(F: np.ndarray, Mv: np.ndarray, mc: np.ndarray, T: np.ndarray) -> tuple:
    """``(E, f)`` of a group lasso ``F A + Mv V^T + mc c^T = T`` on the stacked ``z = (a_1..a_K, vec V, c)``.

    ``F`` is rows x K (the units' columns), ``Mv`` rows x d (the skip matrix's coefficients), ``mc``
    the offset's coefficient per row, ``T`` rows x d; the equation of row r in output coordinate
    i is row ``r d + i`` of E.
    """
    R, K = F.shape
    d = T.shape[1]
    E = np.zeros((R * d, K * d + d * d + d))
    f = np.zeros(R * d)
    for i in range(d):
        rows = np.arange(R) * d + i
        E[rows[:, None], (np.arange(K) * d + i)[None, :]] = F
        E[rows[:, None], (K * d + i * d + np.arange(d))[None, :]] = Mv
        E[rows, K * d + d * d + i] = mc
        f[rows] = T[:, i]
    return E, f


def evaluation_rows(act: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The d x len(z) matrix P with ``h(p) = P z``, from the units' activations ``act`` (length K) at p."""
    K, d = len(act), len(p)
    P = np.zeros((d, K * d + d * d + d))
    for i in range(d):
        P[i, np.arange(K) * d + i] = act
        P[i, K * d + i * d + np.arange(d)] = p
        P[i, K * d + d * d + i] = 1.0
    return P


def probe_verdict(run, value: float, columns: int, between: str) -> Verdict:
    """The ``uniqueness`` verdict (status EVIDENCE) from the probe at two slacks eps and eps/100.

    ``run(eps)`` returns a :class:`ProbeResult`. If the minimiser of the discretised program is
    unique, the near-optimal set shrinks to it and the spread vanishes with eps (like eps, or
    like sqrt(eps) where the cost is curved); if two minimisers differ at a probe point, the
    spread stays at their difference. So the verdict reads the spread's *scaling*: shrinking at
    least fivefold from eps to eps/100 (or below :data:`SPREAD_FLOOR`, the solver's accuracy) is
    evidence of uniqueness; one that stays above :data:`SPREAD_SEPARATE` is evidence against it;
    in between the probe does not tell. Floats decide it, so it is
    evidence either way (docs/theory.md section 6b.7).
    """
    scale = max(value, 1e-12)
    big, small = run(PROBE_EPS[0] * scale), run(PROBE_EPS[1] * scale)
    if 2 * (big.failures + small.failures) > big.solves + small.solves:
        return Verdict("uniqueness", Status.INCONCLUSIVE,
                       f"the uniqueness probe did not run: {big.failures + small.failures} of {big.solves + small.solves} "
                       "of its conic solves failed, so it gives no evidence either way", reference=cite("6b.7"))
    unique = small.spread <= SPREAD_FLOOR or small.spread <= big.spread / 5
    where = "(" + ", ".join(f"{x:.4g}" for x in small.where) + ")" if small.where else "-"
    failed = big.failures + small.failures
    failed = f"; {failed} of {big.solves + small.solves} solves failed and are left out" if failed else ""
    if unique:
        kind = "it vanishes with eps: evidence that the minimiser is unique (not a proof)"
    elif small.spread >= SPREAD_SEPARATE:
        kind = "it does not vanish with eps: evidence that the minimiser is NOT unique"
    else:
        kind = ("it neither vanishes with eps nor stands clear of the solver's accuracy: the probe does not "
                "tell (no evidence either way)")
    return Verdict(
        "uniqueness", Status.EVIDENCE,
        f"probe over the near-optimal set {{cost <= value + eps}} of the program on its {columns} final columns: the "
        f"largest spread of an output coordinate of h at {small.points} points between the {between} and beside the "
        f"kinks is "
        f"{big.spread:.2e} at eps = {big.eps:.1e} and {small.spread:.2e} at eps = {small.eps:.1e} (largest at {where}); "
        f"{kind}{failed}",
        evidence=((Quantity.PROBE_SPREAD, rationalize(small.spread, max_denominator=10**12, name="spread")),
                  (Quantity.PROBE_EPS, rationalize(small.eps, max_denominator=10**15, name="eps"))),
        reference=cite("6b.7"))


def offline_probe_verdict(Y: np.ndarray, T: np.ndarray, W: np.ndarray, b: np.ndarray, lam: np.ndarray, value: float,
                          clean: np.ndarray, *, support: np.ndarray | None = None, solver: str = "CLARABEL") -> Verdict:
    """The probe for an offline group lasso over units ``[w_u.y - b_u]_+`` (samples Y, targets T).

    ``W``, ``b`` are the final columns' directions and kink offsets, ``lam`` the program's dual
    (n x d). As online, only columns with float ``|eta| = |lam^T F_u|`` of at least 0.9 take
    part (docs/theory.md sections 6b.6 and 6b.7). Offline, the program puts kinks at samples
    only, which hides minimisers whose kinks lie *between* samples (docs/theory.md section 9.5
    has one in 1-D); so for every kept direction the probe adds the units whose kinks sit at the
    midpoints between consecutive sample projections (only for the directions of ``support``, a
    mask of the float solution's costly columns, when given: that keeps the solves small in
    d = 3). The probe points are the midpoints of every pair of clean points and their centroid.
    """
    n, d = Y.shape
    F = np.maximum(Y @ W.T - b[None, :], 0.0)
    eta = np.linalg.norm(lam.T @ F, axis=0)
    keep = np.flatnonzero(eta >= 0.9)
    Wk, bk = [W[keep]], [b[keep]]
    seen: list = []
    for w in (W[keep] if support is None else W[np.flatnonzero(support)]):
        if any(abs(float(w @ v)) > 1 - 1e-12 for v in seen):
            continue
        seen.append(w)
        proj = np.unique(np.round(Y @ w, 12))
        mids = (proj[1:] + proj[:-1]) / 2
        Wk.append(np.repeat(w[None, :], len(mids), axis=0))
        bk.append(mids)
    Wk, bk = np.vstack(Wk), np.concatenate(bk)
    Fk = np.maximum(Y @ Wk.T - bk[None, :], 0.0)
    K = Fk.shape[1]
    E, f = equality_system(Fk, Y, np.ones(n), T)
    N = len(clean)
    points = np.array([(clean[a] + clean[b_]) / 2 for a in range(N) for b_ in range(a + 1, N)] + [clean.mean(axis=0)])
    act = np.maximum(points @ Wk.T - bk[None, :], 0.0)
    probes = [(p, evaluation_rows(row, p)) for p, row in zip(points, act)]
    verdict = probe_verdict(lambda eps: probe_spread(E, f, K, d, probes, value, eps=eps, solver=solver),
                            value, K, "clusters")
    return Verdict(verdict.name, verdict.status,
                   verdict.detail.replace(" and beside the kinks", "").replace(
                       "final columns:", "final columns (with kinks added between the sample projections):"),
                   evidence=verdict.evidence, reference=verdict.reference)
