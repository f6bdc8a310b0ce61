"""Time the offline program in R^3 (not a test): medians, certified gap, rounds, sphere cells.

    python benchmarks/bench_offline3.py [--repeat 3] [--only line,triangle,simplex,tetra,simplex15]

Instances (all samples rational, noise radius 1/10):

* line: three clusters on the line t (1, 2, 2) / 3, noise on the line (reduces to 1-D; the exact
  1-D optimum 855/203 is printed beside the interval);
* triangle: the obtuse triangle (0,0), (1,0), (-1/2,1) in the plane z = 0 of R^3, 7 samples per
  cluster in the plane (the planar program's interval is printed beside it);
* simplex: the right-angle simplex 0, e1, e2, e3, each cluster its centre and +-e_i / 10 (7 samples);
* simplex15: the same plus the 8 points (+-2, +-2, +-1) / 30 per cluster (15 samples, 60 in all);
* tetra: the regular tetrahedron (0,0,0), (1,1,0), (1,0,1), (0,1,1) (edge sqrt 2), axis samples.

Reports medians of --repeat runs measured in this one run (the machine's load is not controlled).
"""

from __future__ import annotations

import argparse
import time

from _timing import median_time


def _instances() -> dict:
    from gmpy2 import mpq

    from symden.data import DataSet

    def cluster(c, offs):
        c = tuple(mpq(v) for v in c)
        return [c] + [tuple(a + b for a, b in zip(c, o)) for o in offs]

    u = (mpq(1, 3), mpq(2, 3), mpq(2, 3))
    line_offs = [tuple(s * x for x in u) for s in (mpq(1, 10), mpq(-1, 10), mpq(1, 20))]
    line_clean = [(0, 0, 0), (1, 2, 2), (3, 6, 6)]
    tri = [(0, 0), (1, 0), (mpq(-1, 2), 1)]
    tri_offs = [(mpq(1, 10), 0), (mpq(-1, 10), 0), (0, mpq(1, 10)), (0, mpq(-1, 10)), (mpq(3, 50), mpq(4, 50)),
                (mpq(-3, 50), mpq(4, 50))]
    tri3 = [tuple(map(mpq, c)) + (mpq(0),) for c in tri]
    axis = [tuple(mpq(s, 10) if i == k else mpq(0) for i in range(3)) for k in range(3) for s in (1, -1)]
    sph = [(mpq(2 * a, 30), mpq(2 * b, 30), mpq(c, 30)) for a in (1, -1) for b in (1, -1) for c in (1, -1)]
    simplex = [tuple(map(mpq, c)) for c in ((0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1))]
    tetra = [tuple(map(mpq, c)) for c in ((0, 0, 0), (1, 1, 0), (1, 0, 1), (0, 1, 1))]
    return {
        "line": DataSet(clean=[tuple(map(mpq, c)) for c in line_clean],
                        samples=[cluster(c, line_offs) for c in line_clean], name="line"),
        "triangle": DataSet(clean=tri3, samples=[cluster(c, [tuple(map(mpq, o)) + (mpq(0),) for o in tri_offs])
                                                 for c in tri3], name="triangle"),
        "triangle-2d": DataSet(clean=[tuple(map(mpq, c)) for c in tri],
                               samples=[cluster(c, [tuple(map(mpq, o)) for o in tri_offs]) for c in tri],
                               name="triangle-2d"),
        "simplex": DataSet(clean=simplex, samples=[cluster(c, axis) for c in simplex], name="simplex"),
        "simplex15": DataSet(clean=simplex, samples=[cluster(c, axis + sph) for c in simplex], name="simplex15"),
        "tetra": DataSet(clean=tetra, samples=[cluster(c, axis) for c in tetra], name="tetra"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="line,triangle,simplex,tetra,simplex15")
    args = parser.parse_args()

    from symden.programs.group_lasso_nd import solve_group_lasso_nd

    data = _instances()
    for name in args.only.split(","):
        d = data[name]
        sol = None

        def run():
            nonlocal sol
            sol = solve_group_lasso_nd(d)

        t = median_time(run, args.repeat)
        gap = (f"{float((sol.upper - sol.lower) / sol.upper):.2e}" if sol.lower is not None and sol.upper is not None
               else "n/a")
        lo = f"{float(sol.lower):.9f}" if sol.lower is not None else "none"
        up = f"{float(sol.upper):.9f}" if sol.upper is not None else "none"
        print(f"{name} ({sum(len(c) for c in d.samples)} samples): median {t:.1f} s; {sol.status.value} "
              f"[{lo}, {up}] relative gap {gap}; rounds {sol.solver_info('rounds')}, columns "
              f"{sol.solver_info('columns')}, float sup |eta| {sol.solver_info('sup_eta'):.9f}, sphere cell budget "
              f"{sol.solver_info('sphere_max_cells')} ({sol.solver_info('sphere_seconds') or 0:.1f} s), exact part "
              f"{sol.solver_info('certificate_seconds'):.1f} s")
        try:
            from symden.closed_forms import min_cost_denoiser

            closed = min_cost_denoiser(d)
        except Exception as exc:  # a benchmark: report, never fail
            print(f"  closed form: none ({type(exc).__name__}: {exc})")
        else:
            cost = float(closed.network.cost())
            where = ("inside" if sol.lower is not None and float(sol.lower) <= cost <= float(sol.upper)
                     else "above the upper bound" if cost > float(sol.upper) else "not placed")
            print(f"  closed form {closed.structure}: cost {cost:.9f} ({where})")
        if name == "line":
            print("  exact 1-D optimum 855/203 =", f"{855 / 203:.9f}")
        if name == "triangle":
            from symden.programs import solve_group_lasso

            start = time.perf_counter()
            flat = solve_group_lasso(data["triangle-2d"])
            print(f"  planar program: {flat.status} [{float(flat.lower):.9f}, {float(flat.upper):.9f}] "
                  f"in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
