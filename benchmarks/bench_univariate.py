"""Time derive and verify of the 1-D closed form on large data (not a test).

    python benchmarks/bench_univariate.py [--points 10000] [--samples 10] [--repeat 3]

Writes the data with make_large_1d.py into a temporary folder, then reports the median wall
time of each phase in-process and of the whole `symden derive` / `symden verify` commands
(including interpreter start-up and JSON parsing), all measured in this one run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

from _timing import median_time  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from symden import load_dataset, min_cost_denoiser, verify_denoiser
    from symden.closed_forms.univariate import clusters
    from symden.printing import text_denoiser

    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for setting in ("offline", "online"):
            path = os.path.join(tmp, f"{setting}.json")
            extra = ["--online"] if setting == "online" else []
            subprocess.run([sys.executable, os.path.join(HERE, "make_large_1d.py"), path,
                            "--points", str(args.points), "--samples", str(args.samples), *extra], check=True)

            def fresh():
                clusters.cache_clear()  # measure from cold, as the command does
                return load_dataset(path)

            t_load = median_time(fresh, args.repeat)
            t_derive = median_time(lambda: text_denoiser(min_cost_denoiser(fresh())), args.repeat) - t_load
            t_verify = median_time(lambda: verify_denoiser(min_cost_denoiser(fresh())), args.repeat) - t_load
            cli = {}
            for command in ("derive", "verify"):
                cli[command] = median_time(
                    lambda: subprocess.run([sys.executable, "-m", "symden", command, path], stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL), args.repeat)
            rows.append((setting, t_load, t_derive, t_verify, cli["derive"], cli["verify"]))
    print(f"1-D closed form, {args.points} clean points"
          f"{f' x {args.samples} samples (offline)' if args.samples else ''}; median of {args.repeat}")
    print(f"{'setting':<8} {'load':>7} {'derive+text':>12} {'derive+verify':>14} {'symden derive':>14} {'symden verify':>14}")
    for setting, load, der, ver, cd, cv in rows:
        print(f"{setting:<8} {load:7.2f} {der:12.2f} {ver:14.2f} {cd:14.2f} {cv:14.2f}   (seconds)")


if __name__ == "__main__":
    main()
