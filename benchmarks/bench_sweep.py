"""Time the sweep over triangle shapes (not a test): shapes per second, local processes and Dask.

    python benchmarks/bench_sweep.py [--grid 6] [--rho 1/10] [--workers 1 2] [--big 20] [--no-dask]
                                     [--out-dir DIR] [--plot OUT.png]

1. ``--grid N`` (default 6) at one radius through ``symden.sweep.run_sweep`` with each of
   ``--workers`` (default 1 and 2): wall time and shapes per second (process start-up included).
2. ``--big M`` (default 20; 0 skips): the M x M grid through 2 local processes and through a Dask
   ``LocalCluster`` of 2 single-threaded workers, checking that both give the same family for every
   shape (the families are decided by exact comparisons, so they must agree exactly; the intervals may
   differ in the last digits only if the solver is not deterministic, which is reported).
``--plot`` draws the phase diagram of the big grid (or of the small one when --big 0).
Records are written to ``--out-dir`` (a temporary directory by default) as JSON lines.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import Counter


def _run(shapes, rho, *, workers=1, scheduler=None, out=None):
    from symden.sweep import run_sweep

    if out and os.path.exists(out):
        os.remove(out)  # a timing must not resume from an earlier run
    start = time.perf_counter()
    records = run_sweep(shapes, [rho], workers=workers, scheduler=scheduler, out=out, skip_overlapping=True)
    return records, time.perf_counter() - start


def _summary(records) -> str:
    counts = Counter(r["family"] for r in records)
    return ", ".join(f"{f} {n}" for f, n in sorted(counts.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--grid", type=int, default=6)
    parser.add_argument("--rho", default="1/10")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--big", type=int, default=20)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--out-dir", default=None)
    parser.add_argument("--plot", default=None)
    args = parser.parse_args()

    from symden.exact import exact
    from symden.sweep import grid

    rho = exact(args.rho, name="--rho")
    out_dir = args.out_dir or tempfile.mkdtemp(prefix="bench_sweep_")
    os.makedirs(out_dir, exist_ok=True)
    print(f"records in {out_dir}; rho = {args.rho}; {os.cpu_count()} cores")
    small = grid(args.grid)
    last = None
    for w in args.workers:
        records, t = _run(small, rho, workers=w, out=os.path.join(out_dir, f"grid{args.grid}_w{w}.jsonl"))
        print(f"grid {args.grid:3d} ({len(records):4d} shapes)  {w} worker(s)  {t:7.2f} s  "
              f"{len(records) / t:6.2f} shapes/s  mean {sum(r['seconds'] for r in records) / len(records):.2f} s/shape  "
              f"[{_summary(records)}]")
        last = records
    if args.big:
        big = grid(args.big)
        local, t = _run(big, rho, workers=2, out=os.path.join(out_dir, f"grid{args.big}_local2.jsonl"))
        print(f"grid {args.big:3d} ({len(local):4d} shapes)  2 local processes  {t:7.2f} s  "
              f"{len(local) / t:6.2f} shapes/s  [{_summary(local)}]")
        last = local
        if not args.no_dask:
            from distributed import LocalCluster

            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
                dask, t = _run(big, rho, scheduler=cluster.scheduler_address,
                               out=os.path.join(out_dir, f"grid{args.big}_dask2.jsonl"))
            print(f"grid {args.big:3d} ({len(dask):4d} shapes)  Dask LocalCluster 2x1  {t:7.2f} s  "
                  f"{len(dask) / t:6.2f} shapes/s  [{_summary(dask)}]")
            key = lambda r: (r["apex"][0], r["apex"][1], r["rho"])  # noqa: E731
            a, b = {key(r): r for r in local}, {key(r): r for r in dask}
            families = sum(a[k]["family"] != b[k]["family"] for k in a)
            bounds = sum((a[k]["lower_bound"], a[k]["upper_bound"]) != (b[k]["lower_bound"], b[k]["upper_bound"])
                         for k in a)
            print(f"local vs Dask: same shapes {set(a) == set(b)}; families differing {families}; "
                  f"intervals differing {bounds}")
    if args.plot and last:
        from symden.printing.sweep import plot_phase_diagram

        plot_phase_diagram(last).savefig(args.plot, dpi=150)
        print(f"figure: {args.plot}")


if __name__ == "__main__":
    main()
