"""Time and print the cost localisation of online M3 (not a test; docs/theory.md section 6b.6).

    python benchmarks/bench_localisation.py [--repeat 3] [--offline]

The dual: the float multipliers of the online program for M3 (clean (0,0), (1,0), (-1/2,1),
rho = 1/10) restricted to 720 directions (cvxpy, Clarabel), made exact and bounded by
symden.certificates.sphere.online_dual_lower_bound; U is the closed form's exact cost. Prints the
clusters for delta = 1/1000, 1/100 and 1/20 and the median time of localise at r_max = 0.01.
With --offline also offline M3 (25 samples per point): the planar program's record
(symden.programs.group_lasso.solve_group_lasso, about 15 s) and its clusters for delta = 1/100.
"""

from __future__ import annotations

import argparse
import math

import numpy as np
from _timing import median_time
from gmpy2 import mpq


def m3_float_dual(K: int = 720):
    import cvxpy as cp

    X = np.array([[0.0, 0.0], [1.0, 0.0], [-0.5, 1.0]])
    r = 0.1
    th = 2 * np.pi * np.arange(K) / K
    units = []
    for w in np.stack([np.cos(th), np.sin(th)], 1):
        proj = X @ w
        for m in range(3):
            beta = proj[m] - r
            act = proj - r >= beta - 1e-12
            if np.all(act | (proj + r <= beta + 1e-12)):
                units.append((w, beta, act))
    a, V, c = cp.Variable((len(units), 2)), cp.Variable((2, 2)), cp.Variable(2)
    value, jac = [], []
    for n in range(3):
        idx = [k for k, u in enumerate(units) if u[2][n]]
        coef = np.array([X[n] @ units[k][0] - units[k][1] for k in idx])
        Wn = np.array([units[k][0] for k in idx])
        value.append(coef @ a[idx] + V @ X[n] + c == X[n])
        jac.append(a[idx].T @ Wn + V == 0)
    cp.Problem(cp.Minimize(cp.sum(cp.norm(a, 2, axis=1))), value + jac).solve(solver=cp.CLARABEL)
    return [tuple(map(float, con.dual_value)) for con in value], [
        tuple(tuple(map(float, row)) for row in con.dual_value) for con in jac]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--offline", action="store_true")
    args = parser.parse_args()

    from symden.certificates.localisation import localise
    from symden.certificates.sphere import online_dual_lower_bound
    from symden.closed_forms import min_cost_denoiser
    from symden.data import DataSet

    clean = [(mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(-1, 2), mpq(1))]
    rho = mpq(1, 10)
    lam, Lam = m3_float_dual()
    rec = online_dual_lower_bound(clean, rho, lam, Lam)
    if rec.lower_bound == 0:  # the solver's sign convention
        rec = online_dual_lower_bound(clean, rho, [tuple(-v for v in l) for l in lam],
                                      [tuple(tuple(-v for v in row) for row in M) for M in Lam])
    U = min_cost_denoiser(DataSet(clean=[[0, 0], [1, 0], ["-1/2", 1]], radius="1/10")).cost
    print(f"L = {float(rec.lower_bound):.9f}  S = {float(rec.sup_bound):.9f}  U = {float(U):.9f}")
    for delta in (mpq(1, 1000), mpq(1, 100), mpq(1, 20)):
        loc = localise(rec, U, delta, centres=clean, rho=rho)
        t = median_time(lambda: localise(rec, U, delta, centres=clean, rho=rho), args.repeat)
        print(f"delta = {delta}: outside cost <= {float(loc.outside_cost_bound):.3g}, {loc.cells} cells, "
              f"{loc.evaluated} pairs, converged {loc.converged}, median {t:.3f} s")
        for c in loc.clusters:
            angle = math.degrees(math.atan2(float(c.direction[1]), float(c.direction[0]))) % 360
            print(f"  ball {c.unit}: direction {angle:7.3f} deg, radius {c.degrees:6.3f} deg, "
                  f"{c.cells:3d} cells, peak |eta| {c.peak:.6f}")

    if args.offline:
        from symden.instances import offline_instance
        from symden.programs.group_lasso import solve_group_lasso

        sol = solve_group_lasso(offline_instance("M3"))
        rec = sol.certificate
        loc = localise(rec, sol.upper, mpq(1, 100))
        t = median_time(lambda: localise(rec, sol.upper, mpq(1, 100)), args.repeat)
        print(f"offline M3: L = {float(rec.lower_bound):.9f}  U = {float(sol.upper):.9f}; delta = 1/100: outside cost "
              f"<= {float(loc.outside_cost_bound):.3g}, {len(loc.clusters)} clusters, {loc.cells} cells, median {t:.3f} s")
        for c in loc.clusters[:6]:
            angle = math.degrees(math.atan2(float(c.direction[1]), float(c.direction[0]))) % 360
            y = ", ".join(f"{float(v):.3f}" for v in rec.points[c.unit])
            print(f"  kink sample ({y}): direction {angle:7.3f} deg, radius {c.degrees:6.3f} deg, {c.cells:3d} cells, "
                  f"peak |eta| {c.peak:.6f}")


if __name__ == "__main__":
    main()
