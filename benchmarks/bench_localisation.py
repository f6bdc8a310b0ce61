"""Time and print the cost localisation of online M3 (not a test; docs/theory.md section 6b.6).

    python benchmarks/bench_localisation.py [--repeat 3] [--offline]

The dual: the record of the online program for M3 (clean (0,0), (1,0), (-1/2,1), rho = 1/10;
symden.programs.online.solve_online, its Solution.certificate, an OnlineDualBound); U is the
closed form's exact cost. Prints the
clusters for delta = 1/1000, 1/100 and 1/20 and the median time of localise at r_max = 0.01.
With --offline also offline M3 (25 samples per point): the planar program's record
(symden.programs.group_lasso.solve_group_lasso, about 15 s) and its clusters for delta = 1/100.
"""

from __future__ import annotations

import argparse
import math

from _timing import median_time
from gmpy2 import mpq


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--offline", action="store_true")
    args = parser.parse_args()

    from symden.certificates.localisation import localise
    from symden.programs.online import solve_online
    from symden.closed_forms import min_cost_denoiser
    from symden.data import DataSet

    data = DataSet(clean=[[0, 0], [1, 0], ["-1/2", 1]], radius="1/10")
    clean, rho = data.clean, data.radius
    rec = solve_online(data).certificate
    U = min_cost_denoiser(data).cost
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
