"""Time the digits alignment experiment (not a test): one network, the small budget, the full budget.

    python benchmarks/bench_digits.py [--repeat 1] [--full]

Prints the median wall time of ``run_digits`` for one denoiser at the full budget's size (width
200, 50 samples per image, 3000 steps, no control), the small budget (the notebook's test run),
and with ``--full`` the whole full budget (8 seeds x 2 networks, about two minutes on a quiet
2-core machine), each with one BLAS thread. docs/theory.md section 7b.4.
"""

from __future__ import annotations

import argparse
import dataclasses

from _timing import median_time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--full", action="store_true", help="also time the whole full budget")
    args = parser.parse_args()
    from threadpoolctl import threadpool_limits

    from symden.experiments.digits import budget_config, run_digits

    cases = [("one denoiser (width 200, 3000 steps)", dataclasses.replace(budget_config("full"), seeds=(0,)), False),
             ("small budget (denoiser + control)", budget_config("small"), True)]
    if args.full:
        cases.append(("full budget (8 seeds x 2 networks)", budget_config("full"), True))
    with threadpool_limits(1):
        for name, config, controls in cases:
            seconds = median_time(lambda: run_digits(config, controls=controls), args.repeat)
            print(f"{name:40} {seconds:8.2f} s")


if __name__ == "__main__":
    main()
