"""Time the online (ball) program (not a test): triangles, the unit square, five points, tetrahedra.

    python benchmarks/bench_online.py [--repeat 3] [--only NAME ...] [--skip-3d]

For each instance (rho = 1/10): the median wall time of ``solve_online`` over --repeat runs, the
status, the certified interval and its relative width (upper - lower) / upper, the rounds and
columns of column generation, and the closed form of section 4 (``min_cost_denoiser``) placed
against the interval when there is one. Issue 10's targets: relative width <= 1e-5 within 10 s for
a triangle, <= 1e-4 within 60 s for a tetrahedron.
"""

from __future__ import annotations

import argparse

from _timing import median_time

INSTANCES = {
    "M3 obtuse": [(0, 0), (1, 0), ("-1/2", 1)],
    "M4 right": [(0, 0), (1, 0), (0, 1)],
    "M5 equilateral": [(0, 0), (1, 0), ("1/2", "sqrt(3)/2")],
    "M6 acute": [(0, 0), (1, 0), ("0.35", "0.9")],
    "unit square": [(0, 0), (1, 0), (0, 1), (1, 1)],
    "five points": [(0, 0), (1, 0), ("0.3", "0.9"), ("-0.4", "0.5"), ("0.8", "1.1")],
    "regular tetrahedron": [(0, 0, 0), (1, 0, 0), ("1/2", "sqrt(3)/2", 0), ("1/2", "sqrt(3)/6", "sqrt(6)/3")],
    "irregular tetrahedron": [(0, 0, 0), (1, 0, 0), ("0.2", "0.9", 0), ("0.3", "0.4", "0.8")],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--skip-3d", action="store_true")
    args = parser.parse_args()

    from symden import min_cost_denoiser
    from symden.data import DataSet
    from symden.errors import ConditionError
    from symden.exact import to_float
    from symden.programs.online import solve_online

    for name, clean in INSTANCES.items():
        if args.only and not any(o.lower() in name.lower() for o in args.only):
            continue
        data = DataSet(clean=clean, radius="1/10")
        if args.skip_3d and data.dim == 3:
            continue
        t = median_time(lambda: solve_online(data), args.repeat)
        sol = solve_online(data)
        facts = dict(sol.solver)
        line = f"{name:22s} median {t:6.2f} s  {sol.status.value:12s}"
        if sol.lower is not None and sol.upper is not None:
            gap = to_float((sol.upper - sol.lower) / sol.upper)
            line += f" [{to_float(sol.lower):.9f}, {to_float(sol.upper):.9f}] rel. width {gap:.1e}"
        line += f"  rounds {facts['rounds']} columns {facts['columns']} sup|eta| {facts['sup_eta']:.9f}"
        try:
            closed = min_cost_denoiser(data)
        except ConditionError as exc:
            line += f"\n{'':22s} closed form: none ({str(exc)[:80]})"
        else:
            cost = closed.network.cost()
            where = ("inside" if sol.lower is not None and sol.lower <= cost <= sol.upper
                     else "ABOVE the upper bound" if sol.upper is not None and cost > sol.upper else "not placed")
            line += f"\n{'':22s} closed form {closed.structure}: {to_float(cost):.9f} ({where})"
        print(line, flush=True)


if __name__ == "__main__":
    main()
