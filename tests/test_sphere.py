"""Rigorous sup |eta| over the sphere (symden.certificates.sphere; docs/theory.md sections 5 and 6b.3).

Every bound is checked two ways against an independent float evaluation of eta written here
(online: both kink sides of every ball, no use of the eta(w, beta) = eta(-w, -beta) symmetry the
module relies on; offline: every kink), on a dense set of directions refined locally around
its best points: S must lie above the refined maximum (rigour) and within a few rel_tol of it
(tightness). Closed-form duals (two balls on a line, collinear samples) have known suprema.
"""

from __future__ import annotations

import numpy as np
import pytest
from gmpy2 import mpq

from symden.certificates.planar import project_dual, sup_eta_bound
from symden.certificates.sphere import (
    OnlineDualBound,
    SphereBound,
    offline_dual_lower_bound,
    offline_sup_bound,
    online_dual_lower_bound,
    online_sup_bound,
    project_online_dual,
)
from symden.errors import ConditionError, InexactNumberError, InvalidDataError
from symden.exact import exact, exact_sum
from tests.duals import random_offline, random_online, rq, two_ball_dual

RHO = mpq(1, 10)


# --------------------------------------------------------------------------------------------
# independent float evaluations of |eta|


def online_eta(centres, rho, lam, Lam, W: np.ndarray) -> np.ndarray:
    """max |eta| over the allowed tangent units (both sides of every ball) at each row of W (unit)."""
    X = np.array([[float(v) for v in x] for x in centres])
    L = np.array([[float(v) for v in l] for l in lam])
    LL = np.array([[[float(v) for v in row] for row in M] for M in Lam])
    r = float(rho)
    proj = W @ X.T
    out = np.zeros(len(W))
    for m in range(len(X)):
        for side in (-1.0, 1.0):
            beta = proj[:, m] + side * r
            act = proj - r >= beta[:, None]
            inact = proj + r <= beta[:, None]
            allowed = np.all(act | inact, axis=1)
            value = np.einsum("kn,kn,na->ka", act, proj - beta[:, None], L) + np.einsum("kn,nab,kb->ka", act, LL, W)
            out = np.maximum(out, np.where(allowed, np.linalg.norm(value, axis=1), 0.0))
    return out


def offline_eta(points, lam, W: np.ndarray) -> np.ndarray:
    """max over kinks j of |sum_i lambda_i [w.(y_i - y_j)]_+| at each row of W."""
    Y = np.array([[float(v) for v in y] for y in points])
    L = np.array([[float(v) for v in l] for l in lam])
    proj = W @ Y.T
    out = np.zeros(len(W))
    for j in range(len(Y)):
        value = np.maximum(proj - proj[:, j : j + 1], 0.0) @ L
        out = np.maximum(out, np.linalg.norm(value, axis=1))
    return out


def sphere_points(d: int, count: int) -> np.ndarray:
    if d == 2:
        t = np.linspace(0.0, 2 * np.pi, count, endpoint=False)
        return np.stack([np.cos(t), np.sin(t)], axis=1)
    rng = np.random.default_rng(7)
    W = rng.normal(size=(count, d))
    return W / np.linalg.norm(W, axis=1)[:, None]


def refined_max(f, d: int, count: int, *, starts: int = 12, rounds: int = 14) -> float:
    """Dense sample, then a shrinking local grid around the best points: near the true sup."""
    W = sphere_points(d, count)
    vals = f(W)
    best = float(vals.max())
    order = np.argsort(-vals)[: starts * 4]
    seeds = []
    for k in order:  # distinct seeds
        if all(np.linalg.norm(W[k] - W[s]) > 1e-3 for s in seeds):
            seeds.append(k)
        if len(seeds) == starts:
            break
    step0 = 4 * np.sqrt(2 * np.pi ** (d - 1) / count) if d > 2 else 4 * 2 * np.pi / count
    n = 41 if d == 2 else (9 if d == 3 else 5)
    offs = np.linspace(-1.0, 1.0, n)
    grid = np.array(np.meshgrid(*[offs] * (d - 1), indexing="ij")).reshape(d - 1, -1).T
    for s in seeds:
        c, step = W[s].copy(), step0
        for _ in range(rounds):
            # an orthonormal basis of the tangent plane at c
            q, _ = np.linalg.qr(np.column_stack([c, np.eye(d)]))
            T = q[:, 1:d]
            cand = c[None, :] + step * grid @ T.T
            cand /= np.linalg.norm(cand, axis=1)[:, None]
            v = f(cand)
            k = int(np.argmax(v))
            best = max(best, float(v[k]))
            c, step = cand[k], step / 3
    return best


# --------------------------------------------------------------------------------------------
# closed forms


@pytest.mark.parametrize("d", [2, 3, 4])
def test_two_balls_on_a_line_have_sup_exactly_one(d):
    cen, lam, Lam = two_ball_dual(d)
    tol = 1e-6 if d < 4 else 1e-4
    b = online_sup_bound(cen, RHO, lam, Lam, rel_tol=tol)
    assert isinstance(b, SphereBound) and b.converged
    assert 1 <= b.sup_bound <= 1 + mpq(2) * mpq(tol)
    assert 1 - 2 * tol <= b.best <= 1 + 1e-12 and abs(abs(b.argmax[0]) - 1) < 1e-3


@pytest.mark.parametrize("d", [2, 3])
def test_two_balls_lower_bound_meets_the_ramp_cost(d):
    cen, _, _ = two_ball_dual(d)
    zero = [0.0] * (d - 1)
    M = [[-1.25 if (a == 0 and b == 0) else 0.0 for b in range(d)] for a in range(d)]
    lb = online_dual_lower_bound(cen, RHO, [[-2.5] + zero, [2.5] + zero], [M, M], rel_tol=1e-6)
    assert isinstance(lb, OnlineDualBound)
    assert lb.numerator == mpq(5, 2)  # the ramp's cost 2 / (1 - 2 rho)
    assert mpq(5, 2) / (1 + mpq(2, 10**6)) <= lb.lower_bound <= mpq(5, 2)
    assert lb.lower_bound == mpq(int(lb.numerator / lb.sup_bound * 10**20), 10**20)
    # numpy arrays (as a program hands them over) give the same record
    same = online_dual_lower_bound(cen, RHO, np.array([[-2.5] + zero, [2.5] + zero]), np.array([M, M]), rel_tol=1e-6)
    assert (same.lam, same.Lam, same.lower_bound) == (lb.lam, lb.Lam, lb.lower_bound)


@pytest.mark.parametrize("d", [2, 3])
def test_collinear_offline_dual_has_sup_one(d):
    zero = [mpq(0)] * (d - 1)
    pts = [tuple([mpq(k)] + zero) for k in range(3)]
    lam = [tuple([mpq(c)] + zero) for c in (1, -2, 1)]
    b = offline_sup_bound(pts, lam, rel_tol=1e-5)
    assert 1 <= b.sup_bound <= 1 + mpq(2, 10**5)


# --------------------------------------------------------------------------------------------
# computed two ways


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_offline_d2_agrees_with_the_exact_planar_bound(seed):
    pts, lam = random_offline(2, 3, 4, seed)
    exact_S = sup_eta_bound(pts, lam)  # exact up to ~1e-14 (planar sweep)
    b = offline_sup_bound(pts, lam, rel_tol=1e-6)
    assert exact_S * (1 - mpq(1, 10**12)) <= b.sup_bound <= exact_S * (1 + mpq(2, 10**6))


def test_offline_d2_heavy_cancellation_still_converges_tightly():
    # tiny clusters: eta is a difference of terms 10^3 times larger (as in real offline duals),
    # so a rounding allowance that ignored the problem size would leave S loose or unconverged
    pts, lam = random_offline(2, 3, 5, 4, spread=0.002)
    exact_S = sup_eta_bound(pts, lam)
    b = offline_sup_bound(pts, lam, rel_tol=1e-6)
    assert b.converged and exact_S * (1 - mpq(1, 10**12)) <= b.sup_bound <= exact_S * (1 + mpq(2, 10**6))


@pytest.mark.parametrize("N, seed", [(3, 0), (4, 1), (5, 2), (12, 99)])  # 12: > 8 undecided balls at first
def test_online_d2_against_a_refined_dense_sample(N, seed):
    cen, lam, Lam = random_online(2, N, seed)
    M = refined_max(lambda W: online_eta(cen, RHO, lam, Lam, W), 2, 20000)
    b = online_sup_bound(cen, RHO, lam, Lam, rel_tol=1e-6)
    S = float(b.sup_bound)
    assert b.converged and M * (1 - 1e-12) <= S <= M * (1 + 3e-6)
    assert b.best <= S


def test_online_d2_algebraic_centres():
    h = exact("sqrt(3)/2")
    cen = [(mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(1, 2), h)]
    rng = np.random.default_rng(5)
    lam = [tuple(rq(v) for v in rng.normal(size=2)) for _ in range(3)]
    Lam = [tuple(tuple(rq(v) for v in row) for row in rng.normal(size=(2, 2))) for _ in range(3)]
    lam, Lam = project_online_dual(cen, lam, Lam)
    M = refined_max(lambda W: online_eta(cen, RHO, lam, Lam, W), 2, 20000)
    S = float(online_sup_bound(cen, RHO, lam, Lam, rel_tol=1e-6).sup_bound)
    assert M * (1 - 1e-12) <= S <= M * (1 + 3e-6)


@pytest.mark.slow
@pytest.mark.parametrize("N, seed", [(3, 3), (5, 4)])
def test_online_d3_against_a_refined_dense_sample(N, seed):
    cen, lam, Lam = random_online(3, N, seed)
    M = refined_max(lambda W: online_eta(cen, RHO, lam, Lam, W), 3, 40000)
    b = online_sup_bound(cen, RHO, lam, Lam, rel_tol=3e-5)
    S = float(b.sup_bound)
    assert b.converged and M * (1 - 1e-12) <= S <= M * (1 + 1e-4)


@pytest.mark.slow
def test_online_d4_against_a_refined_dense_sample():
    cen, lam, Lam = random_online(4, 3, 6)
    M = refined_max(lambda W: online_eta(cen, RHO, lam, Lam, W), 4, 60000, rounds=12)
    S = float(online_sup_bound(cen, RHO, lam, Lam, rel_tol=1e-3).sup_bound)
    assert M * (1 - 1e-12) <= S <= M * (1 + 3e-3)


@pytest.mark.slow
def test_offline_d3_against_a_refined_dense_sample():
    pts, lam = random_offline(3, 3, 6, 8)
    M = refined_max(lambda W: offline_eta(pts, lam, W), 3, 40000)
    b = offline_sup_bound(pts, lam, rel_tol=3e-5)
    S = float(b.sup_bound)
    assert b.converged and M * (1 - 1e-12) <= S <= M * (1 + 1e-4)


@pytest.mark.slow
def test_offline_d4_lower_bound_record():
    pts, lam = random_offline(4, 2, 5, 9)
    targets = [tuple(mpq(0) for _ in range(4))] * 5 + [tuple(mpq(1) for _ in range(4))] * 5
    db = offline_dual_lower_bound(pts, targets, [[float(v) for v in l] for l in lam], rel_tol=1e-3)
    M = refined_max(lambda W: offline_eta(pts, db.weights, W), 4, 40000, rounds=10)
    assert M * (1 - 1e-12) <= float(db.sup_bound) <= M * (1 + 3e-3)
    total = exact_sum(a * t for w, y in zip(db.weights, targets) for a, t in zip(w, y))
    assert db.numerator == total


def test_a_small_budget_still_gives_a_valid_bound():
    cen, lam, Lam = random_online(2, 4, 11)
    M = refined_max(lambda W: online_eta(cen, RHO, lam, Lam, W), 2, 20000)
    b = online_sup_bound(cen, RHO, lam, Lam, rel_tol=1e-9, max_cells=200)
    assert not b.converged and float(b.sup_bound) >= M * (1 - 1e-12)


# --------------------------------------------------------------------------------------------
# exact projection


def _online_residual(cen, lam, Lam):
    d = len(cen[0])
    s = [exact_sum(l[a] for l in lam) for a in range(d)]
    R = [exact_sum(l[a] * x[b] + L[a][b] for l, x, L in zip(lam, cen, Lam)) for a in range(d) for b in range(d)]
    return s + R


@pytest.mark.parametrize("d", [2, 3, 4])
def test_projection_annihilates_exactly_and_is_idempotent(d):
    rng = np.random.default_rng(d)
    cen = [tuple(rq(v) for v in rng.normal(size=d)) for _ in range(4)]
    lam = [tuple(rq(v) for v in rng.normal(size=d)) for _ in range(4)]
    Lam = [tuple(tuple(rq(v) for v in row) for row in rng.normal(size=(d, d))) for _ in range(4)]
    plam, pLam = project_online_dual(cen, lam, Lam)
    assert all(x == 0 for x in _online_residual(cen, plam, pLam))
    assert project_online_dual(cen, plam, pLam) == (plam, pLam)
    pts = cen + [tuple(rq(v) for v in rng.normal(size=d)) for _ in range(d + 2)]
    w = project_dual(pts, [tuple(rq(v) for v in rng.normal(size=d)) for _ in pts])
    assert all(exact_sum(l[a] for l in w) == 0 for a in range(d))
    assert all(exact_sum(l[a] * y[b] for l, y in zip(w, pts)) == 0 for a in range(d) for b in range(d))


def test_projection_with_algebraic_centres_is_exact():
    h = exact("sqrt(3)/2")
    cen = [(mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(1, 2), h)]
    lam, Lam = project_online_dual(cen, [(1, 2), (3, 4), (5, 7)], [((1, 0), (0, 1))] * 3)
    assert all(x == 0 for x in _online_residual(cen, lam, Lam))


# --------------------------------------------------------------------------------------------
# bad input: one-line errors


def _bad_cases():
    cen, lam, Lam = two_ball_dual(2)
    z5 = tuple(mpq(0) for _ in range(5))
    M5 = tuple(z5 for _ in range(5))
    pts = [(mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(2), mpq(0))]
    good = [(mpq(1), mpq(0)), (mpq(-2), mpq(0)), (mpq(1), mpq(0))]
    return [
        ("not annihilating", lambda: online_sup_bound(cen, RHO, [(1, 0), (0, 0)], Lam), ConditionError),
        ("lam count", lambda: online_sup_bound(cen, RHO, lam[:1], Lam), InvalidDataError),
        ("Lam shape", lambda: online_sup_bound(cen, RHO, lam, [((0, 0),), ((0, 0),)]), InvalidDataError),
        ("d = 5", lambda: online_sup_bound([z5, (1, 0, 0, 0, 0)], RHO, [z5, z5], [M5, M5]), InvalidDataError),
        ("float centre", lambda: online_sup_bound([(0.0, 0), (1, 0)], RHO, lam, Lam), InexactNumberError),
        ("radius", lambda: online_sup_bound(cen, mpq(0), lam, Lam), InvalidDataError),
        ("balls meet", lambda: online_sup_bound(cen, mpq(1, 2), lam, Lam), InvalidDataError),
        ("ragged centres", lambda: online_sup_bound([(0, 0), (1, 0, 0)], RHO, lam, Lam), InvalidDataError),
        ("offline not annihilating", lambda: offline_sup_bound(pts, [(1, 0)] * 3), ConditionError),
        ("offline d = 1", lambda: offline_sup_bound([(0,), (1,)], [(1,), (-1,)]), InvalidDataError),
        ("offline weight count", lambda: offline_sup_bound(pts, good[:2]), InvalidDataError),
        ("lower bound counts", lambda: online_dual_lower_bound(cen, RHO, [[0.0, 0.0]], [[[0.0] * 2] * 2]),
         InvalidDataError),
        ("offline lower bound counts", lambda: offline_dual_lower_bound(pts, pts, [[0.0, 0.0]]), InvalidDataError),
    ]


@pytest.mark.parametrize("name, call, error", _bad_cases(), ids=[c[0] for c in _bad_cases()])
def test_bad_input_raises_a_one_line_error(name, call, error):
    with pytest.raises(error) as info:
        call()
    assert "\n" not in str(info.value) and str(info.value)


def test_the_package_does_not_load_numpy_for_the_certificates():
    import subprocess
    import sys

    code = "import sys, symden.certificates; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "False", out.stderr


# Coarse tolerances retire large cells, so S rests on the cell inequality itself rather than on
# refinement near the anchors: this is where an invalid inequality would show.
@pytest.mark.parametrize("d, N, seed, tol", [(2, 4, 21, 0.2), (2, 5, 22, 0.05), (3, 4, 23, 0.2), (3, 5, 24, 0.05)])
def test_coarse_online_bounds_stay_above_the_sup(d, N, seed, tol):
    cen, lam, Lam = random_online(d, N, seed)
    M = refined_max(lambda W: online_eta(cen, RHO, lam, Lam, W), d, 20000 if d == 2 else 30000)
    S = float(online_sup_bound(cen, RHO, lam, Lam, rel_tol=tol).sup_bound)
    assert M * (1 - 1e-12) <= S <= M * (1 + 2 * tol)


@pytest.mark.parametrize("d, seed, tol", [(2, 31, 0.2), (3, 32, 0.2), (3, 33, 0.05)])
def test_coarse_offline_bounds_stay_above_the_sup(d, seed, tol):
    pts, lam = random_offline(d, 3, 4, seed)
    M = refined_max(lambda W: offline_eta(pts, lam, W), d, 20000 if d == 2 else 30000)
    S = float(offline_sup_bound(pts, lam, rel_tol=tol).sup_bound)
    assert M * (1 - 1e-12) <= S <= M * (1 + 2 * tol)


# --------------------------------------------------------------------------------------------
# the cell inequality itself, cell by cell


def _cells_and_samples(d, faces, count, seed, per=400):
    """Random dyadic cells (face, idx, level) and unit directions inside each (corners included)."""
    from symden.certificates.sphere import _flat

    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        level = int(rng.integers(1, 9))
        face = int(rng.integers(len(faces[0])))
        idx = rng.integers(0, 1 << level, size=d - 1)
        h = 2.0 / (1 << level)
        corners = np.array([[(b >> j) & 1 for j in range(d - 1)] for b in range(1 << (d - 1))], dtype=float)
        t = (-1.0 + idx * h) + h * np.vstack([corners, rng.random((per, d - 1))])
        u = _flat(np.full(len(t), face), t, faces)
        out.append((level, face, idx, u / np.linalg.norm(u, axis=1)[:, None]))
    return out


def _online_unit(cen, rho, lam, Lam, m, W):
    """|eta| of the side -1 unit at ball m (0 where it is not allowed) and whether it is allowed."""
    X = np.array([[float(v) for v in x] for x in cen])
    L = np.array([[float(v) for v in l] for l in lam])
    LL = np.array([[[float(v) for v in row] for row in M] for M in Lam])
    proj = W @ X.T
    beta = proj[:, m] - float(rho)
    act = proj - float(rho) >= beta[:, None]
    inact = proj + float(rho) <= beta[:, None]
    allowed = np.all(act | inact, axis=1)
    value = np.einsum("kn,kn,na->ka", act, proj - beta[:, None], L) + np.einsum("kn,nab,kb->ka", act, LL, W)
    return np.where(allowed, np.linalg.norm(value, axis=1), 0.0), allowed


@pytest.mark.parametrize("d, N, seed", [(2, 4, 41), (3, 4, 42), (3, 5, 43), (4, 3, 44)])
def test_every_online_cell_bound_dominates_its_cell(d, N, seed):
    from symden.certificates.sphere import _cell_geometry, _faces, _Online

    cen, lam, Lam = random_online(d, N, seed)
    model = _Online(*[list(cen), RHO, list(lam), list(Lam)])
    faces = _faces(d, True)
    for level, face, idx, W in _cells_and_samples(d, faces, 60, seed):
        p, r = _cell_geometry(np.array([face]), idx[None, :], level, faces)
        for m in range(N):
            bound, _ = model.evaluate(np.array([m]), p, r)
            vals, allowed = _online_unit(cen, RHO, lam, Lam, m, W)
            if bound[0] == -np.inf:
                assert not allowed.any(), (level, face, idx, m)
            else:
                assert vals.max() <= bound[0] * (1 + 1e-12), (level, face, idx, m)


@pytest.mark.parametrize("d, seed", [(2, 51), (3, 52), (4, 53)])
def test_every_offline_cell_bound_dominates_its_cell(d, seed):
    from symden.certificates.sphere import _cell_geometry, _faces, _Offline

    pts, lam = random_offline(d, 3, 3, seed)
    model = _Offline(pts, lam)
    faces = _faces(d, False)
    P = np.array([[float(v) for v in y] for y in pts])
    L = np.array([[float(v) for v in l] for l in lam])
    for level, face, idx, W in _cells_and_samples(d, faces, 60, seed):
        p, r = _cell_geometry(np.array([face]), idx[None, :], level, faces)
        proj = W @ P.T
        for j in range(len(pts)):
            bound, _ = model.evaluate(np.array([j]), p, r)
            vals = np.linalg.norm(np.maximum(proj - proj[:, j : j + 1], 0.0) @ L, axis=1)
            assert vals.max() <= bound[0] * (1 + 1e-12), (level, face, idx, j)


def test_a_budget_too_small_for_undecided_cells_is_an_exact_limit(monkeypatch):
    import symden.certificates.sphere as sphere
    from symden.errors import ExactLimitError

    monkeypatch.setattr(sphere, "_MAX_UNDECIDED", 0)  # every undecided ball makes the bound +inf
    cen, lam, Lam = random_online(2, 5, 2)
    assert online_sup_bound(cen, RHO, lam, Lam).converged  # with room to split, still fine
    with pytest.raises(ExactLimitError) as info:
        online_sup_bound(cen, RHO, lam, Lam, max_cells=10)
    assert "\n" not in str(info.value)
