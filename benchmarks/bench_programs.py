"""Time the numeric path (not a test): the 1-D program at 10^3 and 10^4 samples, and the 2-D
certificate for a triangle with 25 samples per point (THEORY.md's offline M3).

    python benchmarks/bench_programs.py [--repeat 3] [--skip-2d]

The 1-D data: 100 and 1,000 clean points with 10 offline samples each (benchmarks/make_large_1d.py's
generator). Reports medians of --repeat runs measured in this one run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

from _timing import median_time

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-2d", action="store_true")
    args = parser.parse_args()

    from symden import load_dataset
    from symden.programs.univariate_lp import solve_univariate

    with tempfile.TemporaryDirectory() as tmp:
        for points in (100, 1000):
            path = os.path.join(tmp, f"d{points}.json")
            subprocess.run([sys.executable, os.path.join(HERE, "make_large_1d.py"), path, "--points", str(points),
                            "--samples", "10"], check=True)
            data = load_dataset(path)
            t = median_time(lambda: solve_univariate(data), args.repeat)
            sol = solve_univariate(data)
            verdicts = {v.name: v.status.value for v in sol.verdicts}
            print(f"1-D program, {points * 10} samples: median {t:.2f} s; {sol.status} (optimality "
                  f"{verdicts.get('optimality')}, uniqueness {verdicts.get('uniqueness')}), "
                  f"LP status {sol.solver_info('status')}, |LP - OPT| {sol.solver_info('gap')}")
    if args.skip_2d:
        return
    from symden.programs.group_lasso import solve_group_lasso
    from symden.instances import offline_instance

    data = offline_instance("M3")
    t = median_time(lambda: solve_group_lasso(data), max(1, min(args.repeat, 2)))
    sol = solve_group_lasso(data)
    print(f"2-D certificate, M3 offline ({sum(len(c) for c in data.samples)} samples): median {t:.1f} s; "
          f"status {sol.status}, [{float(sol.lower):.6f}, {float(sol.upper):.6f}]")


if __name__ == "__main__":
    main()
