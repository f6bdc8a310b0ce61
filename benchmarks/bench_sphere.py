"""Time the rigorous sup |eta| bounds over the sphere (not a test): symden.certificates.sphere.

    python benchmarks/bench_sphere.py [--repeat 3] [--skip-program] [--skip-random] [--cache DIR]

Duals of two kinds:

* program duals (near-optimal, the realistic case): a float online program on a fixed grid of
  directions (720 angles in d = 2; in d = 3 a Fibonacci hemisphere of 1200 plus 4 rounds of
  column generation from 20,000 directions), solved here with cvxpy + Clarabel, and a float offline program in d = 3 on 4 clusters (centre + 24 points on the
  sphere of radius 1/10, 100 samples) over 200 directions; their sup over *all* directions is a
  little above 1, attained at a few saturated units;
* the optimal dual of M3 offline (d = 2, 75 algebraic samples) from symden's planar program,
  compared with the exact planar bound;
* random duals (projected exactly), scaled to sup ~ 1.

The offline program takes minutes to solve (20,000 units), so its float dual is cached in --cache
(default: a folder in the system temporary directory); delete it to re-solve. For each: median wall time of online_sup_bound / offline_sup_bound over --repeat runs, the number
of (cell, unit) pairs bounded, S, best and S / best - 1; for program duals also the certified
lower bound numerator / S next to the program's value.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from _timing import median_time  # noqa: E402

from gmpy2 import mpq  # noqa: E402

from symden.certificates.planar import project_dual  # noqa: E402
from symden.certificates.sphere import (  # noqa: E402
    offline_sup_bound,
    online_dual_lower_bound,
    online_sup_bound,
    project_online_dual,
)
from symden.exact import exact, exact_sum, rationalize, to_float  # noqa: E402

RHO = mpq(1, 10)


def directions(d: int, count: int) -> np.ndarray:
    """Half of the circle (d = 2) or a Fibonacci hemisphere (d = 3): one orientation per hyperplane."""
    if d == 2:
        t = np.arange(count) * math.pi / count
        return np.stack([np.cos(t), np.sin(t)], axis=1)
    k = np.arange(count) + 0.5
    z = k / count  # z in (0, 1): the upper hemisphere
    phi = k * math.pi * (3 - math.sqrt(5))
    s = np.sqrt(1 - z * z)
    return np.stack([s * np.cos(phi), s * np.sin(phi), z], axis=1)


def online_eta_float(X, r, lam, Lam, W):
    """max |eta| over allowed tangent units (both sides of every ball) at each row of W, in floats."""
    proj = W @ X.T
    out = np.zeros(len(W))
    for m in range(len(X)):
        for side in (-1.0, 1.0):
            beta = proj[:, m] + side * r
            act = proj - r >= beta[:, None]
            allowed = np.all(act | (proj + r <= beta[:, None]), axis=1)
            value = np.einsum("kn,kn,na->ka", act, proj - beta[:, None], lam) + np.einsum("kn,nab,kb->ka", act, Lam, W)
            out = np.maximum(out, np.where(allowed, np.linalg.norm(value, axis=1), 0.0))
    return out


def online_program_dual(centres, rho, count, rounds=0):
    """Float duals (lambda_n, Lambda_n) and value of the online program on a direction grid, then
    ``rounds`` of column generation (the 40 best of 20,000 directions added per round)."""
    X = np.array([[to_float(v) for v in x] for x in centres])
    grid = directions(X.shape[1], count)
    dense = directions(X.shape[1], 20000)
    for k in range(rounds + 1):
        lam, Lam, value = _online_master(X, float(rho), grid)
        if k == rounds:
            break
        vals = online_eta_float(X, float(rho), lam, Lam, dense)
        top = np.argsort(-vals)[:40]
        grid = np.vstack([grid, dense[top[vals[top] > 1 + 1e-7]]])
    return lam, Lam, value


def _online_master(X, r, grid):
    import cvxpy as cp

    N, d = X.shape
    W, B, act = [], [], []
    for w in grid:
        proj = X @ w
        for m in range(N):
            for side in (-1.0, 1.0):
                beta = proj[m] + side * r
                a = proj - r >= beta - 1e-12
                ina = proj + r <= beta + 1e-12
                if np.all(a | ina) and a.any() and not a.all():
                    W.append(w), B.append(beta), act.append(a)
    W, B, act = np.array(W), np.array(B), np.array(act, dtype=float)
    a = cp.Variable((len(W), d))
    V = cp.Variable((d, d))
    c = cp.Variable(d)
    vals, jacs = [], []
    for n in range(N):
        phi = act[:, n] * (W @ X[n] - B)
        vals.append(phi @ a + V @ X[n] + c == X[n])
        jacs.append(a.T @ (act[:, n][:, None] * W) + V == 0)
    prob = cp.Problem(cp.Minimize(cp.sum(cp.norm(a, 2, axis=1))), vals + jacs)
    prob.solve(solver=cp.CLARABEL)
    lam = np.array([v.dual_value for v in vals])
    Lam = np.array([j.dual_value for j in jacs])
    if float(np.sum(lam * X)) < 0:
        lam, Lam = -lam, -Lam
    return lam, Lam, prob.value


def offline_program_dual(points, targets, count):
    """Float duals lambda_i and value of the offline group lasso on a direction grid (every kink)."""
    import cvxpy as cp

    Y = np.array([[to_float(v) for v in y] for y in points])
    T = np.array([[to_float(v) for v in t] for t in targets])
    n, d = Y.shape
    feats = []
    for w in directions(d, count):
        proj = Y @ w
        F = np.maximum(proj[:, None] - proj[None, :], 0.0)  # F[i, j] = [w.y_i - w.y_j]_+
        keep = F.max(axis=0) > 1e-12
        feats.append(F[:, keep])
    F = np.hstack(feats)
    # dependent interpolation rows stall the interior point: compress them (as programs/group_lasso does)
    M = np.hstack([F, Y, np.ones((n, 1))])
    eig, U = np.linalg.eigh(M @ M.T)
    order = np.argsort(eig)[::-1]
    eig, U = eig[order], U[:, order]
    s = np.sqrt(np.clip(eig, 0.0, None))
    Ur = U[:, : int(np.sum(s > 1e-9 * s[0]))]
    a = cp.Variable((F.shape[1], d))
    V = cp.Variable((d, d))
    c = cp.Variable((1, d))
    con = (Ur.T @ F) @ a + (Ur.T @ Y) @ V.T + (Ur.T @ np.ones((n, 1))) @ c == Ur.T @ T
    prob = cp.Problem(cp.Minimize(cp.sum(cp.norm(a, 2, axis=1))), [con])
    prob.solve(solver=cp.CLARABEL, tol_gap_abs=1e-8, tol_gap_rel=1e-8, tol_feas=1e-8)
    lam = Ur @ np.array(con.dual_value)
    if float(np.sum(lam * T)) < 0:
        lam = -lam
    return lam, prob.value


def rq(x):
    return rationalize(float(x), max_denominator=10**9)


def random_online(d, N, seed):
    rng = np.random.default_rng(seed)
    while True:
        cen = [tuple(rationalize(float(v), max_denominator=1000) for v in 1.5 * rng.normal(size=d)) for _ in range(N)]
        c = np.array(cen, dtype=float)
        if min(np.linalg.norm(c[i] - c[j]) for i in range(N) for j in range(i)) > 0.4:
            break
    lam = [tuple(rq(v) for v in rng.normal(size=d)) for _ in range(N)]
    Lam = [tuple(tuple(rq(v) for v in row) for row in rng.normal(size=(d, d))) for _ in range(N)]
    lam, Lam = project_online_dual(cen, lam, Lam)
    S = online_sup_bound(cen, RHO, lam, Lam, rel_tol=1e-3).best
    k = rq(1 / S)
    return cen, tuple(tuple(k * v for v in l) for l in lam), tuple(tuple(tuple(k * v for v in row) for row in M)
                                                                   for M in Lam)


def report(label, fn, repeat):
    t = median_time(fn, repeat)
    b = fn()
    b = getattr(b, "bound", b)
    print(f"  {label}: median {t:.3f} s, {b.cells} (cell, unit) pairs, S = {float(b.sup_bound):.9f}, "
          f"best = {b.best:.9f}, S/best - 1 = {float(b.sup_bound) / b.best - 1:.2e}, converged {b.converged}",
          flush=True)
    return b


TETRA = ((0, 0, 0), (1, 0, 0), ("1/2", "sqrt(3)/2", 0), ("1/2", "sqrt(3)/6", "sqrt(6)/3"))
ONLINE = {
    2: {"M3 obtuse": ((0, 0), (1, 0), ("-1/2", 1)), "M5 equilateral": ((0, 0), (1, 0), ("1/2", "sqrt(3)/2")),
        "unit square": ((0, 0), (1, 0), (0, 1), (1, 1))},
    3: {"regular tetrahedron": TETRA, "triangle in R^3": ((0, 0, 0), (1, 0, 0), ("-1/2", 1, 0)),
        "5 balls": ((0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 1))},
}


def sphere_offsets(count=24):
    """24 roughly uniform exact rational points of the sphere of radius 1/10 (stereographic)."""
    k = np.arange(count) + 0.5
    z = 1 - 2 * k / count
    phi = k * math.pi * (3 - math.sqrt(5))
    s = np.sqrt(1 - z * z)
    out = []
    for p in np.stack([s * np.cos(phi), s * np.sin(phi), z], axis=1):
        # rational point of the unit sphere: inverse stereographic projection of a rational point
        u, v = (rationalize(float(p[0] / (1 + p[2] + 1e-300)), max_denominator=200),
                rationalize(float(p[1] / (1 + p[2] + 1e-300)), max_denominator=200))
        q = 1 + u * u + v * v
        out.append((RHO * 2 * u / q, RHO * 2 * v / q, RHO * (2 - q) / q))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-program", action="store_true")
    parser.add_argument("--skip-random", action="store_true")
    parser.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "symden-bench-sphere"))
    args = parser.parse_args()
    tol = {2: 1e-6, 3: 3e-5}

    if not args.skip_program:
        print("online program duals (near-optimal):", flush=True)
        for d, cases in ONLINE.items():
            for name, clean in cases.items():
                centres = [tuple(exact(v) for v in x) for x in clean]
                start = time.perf_counter()
                lam, Lam, value = online_program_dual(centres, RHO, 720 if d == 2 else 1200, rounds=0 if d == 2 else 4)
                solve = time.perf_counter() - start

                def run():
                    return online_dual_lower_bound(centres, RHO, lam.tolist(), Lam.tolist(), rel_tol=tol[d])

                lb = run()
                t = median_time(run, args.repeat)
                print(f"  d={d} {name} (N={len(centres)}): median {t:.3f} s, {lb.cells} pairs, "
                      f"S = {float(lb.sup_bound):.9f}, S/best - 1 = {float(lb.sup_bound) / lb.best - 1:.2e}, "
                      f"converged {lb.converged}; lower {float(lb.lower_bound):.7f} vs program {value:.7f} "
                      f"(program solve {solve:.1f} s)", flush=True)

        print("offline program dual, d = 2 (M3 offline, symden's planar program), against the exact planar bound:",
              flush=True)
        import pickle

        from symden.certificates.planar import sup_eta_bound

        cache = os.path.join(args.cache, "m3-offline-certificate.pkl")
        if os.path.exists(cache):
            with open(cache, "rb") as fh:
                m3_points, m3_weights = pickle.load(fh)
        else:
            from symden.instances import offline_instance
            from symden.programs.group_lasso import solve_group_lasso

            cert = solve_group_lasso(offline_instance("M3")).certificate
            m3_points, m3_weights = cert.points, cert.weights
            os.makedirs(args.cache, exist_ok=True)
            with open(cache, "wb") as fh:
                pickle.dump((m3_points, m3_weights), fh)
        planar = float(sup_eta_bound(m3_points, m3_weights))
        b = report(f"d=2 M3 offline ({len(m3_points)} samples)",
                   lambda: offline_sup_bound(m3_points, m3_weights, rel_tol=tol[2]), args.repeat)
        print(f"    planar exact S = {planar:.12f}; sphere S / planar S - 1 = {float(b.sup_bound) / planar - 1:.2e}",
              flush=True)

        print("offline program dual, d = 3 (4 clusters x 25 samples):", flush=True)
        offs = sphere_offsets()
        clean = [tuple(exact(v) for v in x) for x in TETRA]
        pts, tgs = [], []
        for x in clean:
            for o in [(0, 0, 0)] + offs:
                pts.append(tuple(a + b for a, b in zip(x, o)))
                tgs.append(x)
        cache = os.path.join(args.cache, "tetrahedron-offline-200.npz")
        start = time.perf_counter()
        if os.path.exists(cache):
            saved = np.load(cache)
            lam, value = saved["lam"], float(saved["value"])
        else:
            lam, value = offline_program_dual(pts, tgs, 200)
            os.makedirs(args.cache, exist_ok=True)
            np.savez(cache, lam=lam, value=value)
        solve = time.perf_counter() - start
        weights = project_dual(pts, [tuple(rq(v) for v in row) for row in lam])
        numerator = exact_sum(a * t for w, y in zip(weights, tgs) for a, t in zip(w, y))
        b = report(f"d=3 tetrahedron offline ({len(pts)} samples)",
                   lambda: offline_sup_bound(pts, weights, rel_tol=tol[3]), args.repeat)
        print(f"    lower {to_float(numerator) / float(b.sup_bound):.7f} vs program {value:.7f} "
              f"(program solve or cache read {solve:.1f} s)", flush=True)

    if not args.skip_random:
        print("random duals scaled to sup ~ 1:", flush=True)
        for d in (2, 3):
            for N in (3, 4, 5):
                cen, lam, Lam = random_online(d, N, 10 * d + N)
                report(f"online d={d} N={N}", lambda: online_sup_bound(cen, RHO, lam, Lam, rel_tol=tol[d]),
                       args.repeat)
        rng = np.random.default_rng(3)
        cl = 1.5 * rng.normal(size=(4, 3))
        pts = [tuple(rationalize(float(v), max_denominator=10**4) for v in c + 0.1 * rng.normal(size=3))
               for c in cl for _ in range(25)]
        lam = project_dual(pts, [tuple(rq(v) for v in rng.normal(size=3)) for _ in pts])
        report("offline d=3 (100 samples)", lambda: offline_sup_bound(pts, lam, rel_tol=tol[3]), args.repeat)


if __name__ == "__main__":
    main()
