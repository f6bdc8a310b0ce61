"""Time the numeric path (not a test): `symden solve` on 1-D data, and the planar certificate.

    python benchmarks/bench_programs.py [--repeat 3] [--skip-1d] [--skip-2d] [--large]
                                        [--before CHECKOUT] [--timeout 600]

1-D: files from benchmarks/make_large_1d.py with 1,000 clean points x 10 samples (10^4 samples)
and, with --large, 10,000 x 10 (10^5). Reported per file: the whole `symden solve FILE` command
(interpreter start-up, parsing, exact certificate, LP, printing), and the alternative a user would
run for the same number: a plain HiGHS LP over the knot grid (the points plus one midpoint per
interval, free tails) through scipy.optimize.linprog, which gives only a float value.

2-D: THEORY's M3 offline instance (centre + 24 circle points per clean point, exact), in process,
and the same clean points with centre + 48 and centre + 96 rational points on the circle of radius
1/10 (near-uniform angles), for the growth exponent ``log(t_97/t_49)/log(97/49)``. Wall time and
process CPU time are both printed (on a shared machine the wall time includes waiting for a core).

--before CHECKOUT runs the same commands with PYTHONPATH=CHECKOUT (e.g. a worktree of the previous
commit) in a subprocess, so that before and after are measured in one run; a run longer than
--timeout seconds is reported as such. Medians of --repeat runs (a single run for --before at
10^5 samples and for the 2-D growth points).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

from _timing import median_time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _command_time(args: list, env_path: str, timeout: float, repeat: int) -> str:
    """Median wall time of a subprocess with PYTHONPATH=env_path, or '> timeout s'."""
    env = dict(os.environ, PYTHONPATH=env_path)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            out = subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        except subprocess.TimeoutExpired:
            return f"> {timeout:.0f} s (stopped)"
        times.append(time.perf_counter() - start)
        if out.returncode not in (0, 3):
            return f"failed (exit {out.returncode}): {out.stderr.decode()[-200:]}"
    return f"{statistics.median(times):.2f} s"


def _plain_highs_lp(path: str) -> tuple:
    """The alternative: min sum |slope changes| over the knot grid with scipy's HiGHS; (seconds, value)."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.optimize import linprog

    with open(path, encoding="utf-8") as handle:
        raw = json.load(handle)
    pairs = {}
    for x, ys in zip(raw["clean"], raw["samples"]):
        for y in ys:
            pairs[float(y)] = float(x)
    t = np.array(sorted(pairs))
    T = np.array([pairs[v] for v in t])
    start = time.perf_counter()
    grid = np.empty(2 * len(t) - 1)
    grid[0::2], grid[1::2] = t, 0.5 * (t[:-1] + t[1:])
    n = len(grid)
    # z = (left slope, f_0..f_{n-1}, right slope); slope changes D z at every grid point
    inv = 1.0 / np.diff(grid)
    k = np.arange(n - 1)
    slopes = sp.csr_matrix((np.concatenate(([1.0], -inv, inv, [1.0])),
                            (np.concatenate(([0], k + 1, k + 1, [n])), np.concatenate(([0], k + 1, k + 2, [n + 1])))),
                           shape=(n + 1, n + 2))
    D = (slopes[1:] - slopes[:-1]).tocsr()  # n x (n + 2)
    # variables (z, s) with -s <= D z <= s; minimise sum s; f at the data points fixed
    nz = n + 2
    eye = sp.identity(n, format="csr")
    A_ub = sp.vstack([sp.hstack([D, -eye]), sp.hstack([-D, -eye])]).tocsr()
    b_ub = np.zeros(2 * n)
    rows = np.arange(len(t))
    A_eq = sp.csr_matrix((np.ones(len(t)), (rows, 2 * rows + 1)), shape=(len(t), nz + n))
    c = np.concatenate([np.zeros(nz), np.ones(n)])
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=T, bounds=(None, None), method="highs")
    return time.perf_counter() - start, float(res.fun)


def _circle_data(clean: tuple, count: int):
    """Centre + ``count`` exact rational points on the circle of radius 1/10 around each clean point."""
    from fractions import Fraction

    from symden.data import DataSet

    offsets = []
    for i in range(count):
        theta = 2 * math.pi * i / count
        if abs(theta - math.pi) < 1e-12:
            offsets.append((Fraction(-1, 10), Fraction(0)))
            continue
        s = Fraction(math.tan(theta / 2)).limit_denominator(10**4)  # (1 - s^2, 2 s)/(1 + s^2) is on the circle
        offsets.append(((1 - s * s) / (1 + s * s) / 10, 2 * s / (1 + s * s) / 10))
    samples = [[x] + [(x[0] + dx, x[1] + dy) for dx, dy in offsets] for x in clean]
    return DataSet(clean=clean, samples=samples)


def _timed(fn) -> tuple:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def bench_1d(args) -> None:
    sizes = [1000] + ([10_000] if args.large else [])
    with tempfile.TemporaryDirectory() as tmp:
        for points in sizes:
            path = os.path.join(tmp, f"d{points}.json")
            subprocess.run([sys.executable, os.path.join(HERE, "make_large_1d.py"), path, "--points", str(points),
                            "--samples", "10"], check=True)
            command = [sys.executable, "-m", "symden", "solve", path]
            after = _command_time(command, ROOT, args.timeout, args.repeat)
            lp_seconds = median_time(lambda: _plain_highs_lp(path), args.repeat)
            value = _plain_highs_lp(path)[1]
            print(f"1-D, {points * 10} samples: `symden solve` {after}; plain HiGHS LP (scipy linprog, knot grid, "
                  f"value {value:.10g}, no certificate) {lp_seconds:.2f} s")
            if args.before:
                before = _command_time(command, args.before, args.timeout, 1 if points > 1000 else args.repeat)
                print(f"      before ({args.before}): `symden solve` {before}")
            if args.probe:
                probed = _command_time(command + ["--probe"], ROOT, args.timeout, 1)
                print(f"      with --probe (the uniqueness probe on every interval): {probed}")


def bench_2d(args) -> None:
    import sympy  # noqa: F401  (imported once by the exact network cost; kept out of the timings)

    from symden.instances import offline_instance
    from symden.programs.group_lasso import solve_group_lasso

    data = offline_instance("M3")
    runs = [_timed(lambda: solve_group_lasso(data)) for _ in range(max(1, args.repeat))]
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    sol = runs[0][2]
    info = dict(sol.solver)
    print(f"2-D certificate, M3 offline (25 samples per point): median wall {wall:.2f} s, cpu {cpu:.2f} s; "
          f"{sol.status}, [{float(sol.lower):.9f}, {float(sol.upper):.9f}], gap {float(sol.upper - sol.lower):.3g}; "
          f"{info['rounds']} rounds, {info['columns']} columns, exact part {info['certificate_seconds']:.2f} s")
    if args.before:
        code = ("import time, sympy\nfrom symden.instances import offline_instance\n"
                "from symden.programs.group_lasso import solve_group_lasso\n"
                "d = offline_instance('M3'); w = time.perf_counter(); c = time.process_time(); s = solve_group_lasso(d)\n"
                "print(f'wall {time.perf_counter() - w:.2f} s, cpu {time.process_time() - c:.2f} s; {s.status}, '\n"
                "      f'[{float(s.lower):.9f}, {float(s.upper):.9f}], gap {float(s.upper - s.lower):.3g}')\n")
        env = dict(os.environ, PYTHONPATH=args.before)
        try:
            out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                 timeout=args.timeout)
            print(f"      before ({args.before}): {out.stdout.strip() or out.stderr.strip()[-300:]}")
        except subprocess.TimeoutExpired:
            print(f"      before ({args.before}): > {args.timeout:.0f} s (stopped)")
    if args.skip_growth:
        return
    clean = tuple(tuple(p) for p in data.clean)
    walls = {25: wall}
    cpus = {25: cpu}
    for count in (48, 96):
        grown = _circle_data(clean, count)
        w, c, s = _timed(lambda: solve_group_lasso(grown))
        walls[count + 1], cpus[count + 1] = w, c
        gap = float(s.upper - s.lower) if s.upper is not None and s.lower is not None else float("nan")
        print(f"2-D certificate, M3 clean points, centre + {count} rational circle points ({count + 1} per point): "
              f"wall {w:.2f} s, cpu {c:.2f} s; {s.status}, gap {gap:.3g}, {dict(s.solver)['rounds']} rounds, "
              f"{dict(s.solver)['columns']} columns")
    for a, b in ((25, 49), (49, 97)):
        print(f"growth exponent {a} -> {b} samples per point: wall {math.log(walls[b] / walls[a]) / math.log(b / a):.2f}, "
              f"cpu {math.log(cpus[b] / cpus[a]) / math.log(b / a):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-1d", action="store_true")
    parser.add_argument("--skip-2d", action="store_true")
    parser.add_argument("--skip-growth", action="store_true", help="2-D: only M3 at 25 samples per point")
    parser.add_argument("--large", action="store_true", help="1-D: also 10^5 samples")
    parser.add_argument("--probe", action="store_true", help="1-D: also time `symden solve --probe`")
    parser.add_argument("--before", metavar="CHECKOUT", help="also time the code at CHECKOUT (PYTHONPATH)")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    if not args.skip_1d:
        bench_1d(args)
    if not args.skip_2d:
        bench_2d(args)


if __name__ == "__main__":
    main()
