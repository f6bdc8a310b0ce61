"""Time derive and verify on a rays instance in R^d (default: R^50, 50 rays, 4 points per ray). Not a test.

    python benchmarks/bench_rays.py [--dim 50] [--rays 50] [--points 4] [--repeat 3]

The ray directions are rows of a Householder reflection I - 2 v v^T/|v|^2 of a seeded integer
vector v: dense, pairwise orthogonal, rational and of norm exactly 1, so the instance is exact
and not axis-aligned. Points on ray j sit at seeded integer distances 1..12 from the base.
Reports the median wall time of each phase in-process and of the two commands, in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from fractions import Fraction

from _timing import median_time


def rays_instance(dim: int, rays: int, points: int, seed: int = 0) -> dict:
    rng = random.Random(seed)
    v = [rng.randint(-9, 9) or 1 for _ in range(dim)]
    v2 = sum(x * x for x in v)
    rows = [[Fraction(int(i == j)) - Fraction(2 * v[i] * v[j], v2) for j in range(dim)] for i in range(rays)]
    base = [Fraction(rng.randint(-3, 3)) for _ in range(dim)]
    clean = [base]
    for row in rows:
        for t in sorted(rng.sample(range(1, 13), points)):
            clean.append([b + t * r for b, r in zip(base, row)])
    return {"name": f"rays-R{dim}-{rays}x{points}", "radius": "1/5",
            "clean": [[str(x) for x in p] for p in clean]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dim", type=int, default=50)
    parser.add_argument("--rays", type=int, default=50)
    parser.add_argument("--points", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from symden import dataset_from_json, min_cost_denoiser, verify_denoiser

    doc = rays_instance(args.dim, args.rays, args.points)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rays.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(doc, handle)
        data = dataset_from_json(json.dumps(doc))
        t_load = median_time(lambda: dataset_from_json(json.dumps(doc)), args.repeat)
        t_derive = median_time(lambda: min_cost_denoiser(data), args.repeat)
        h = min_cost_denoiser(data)
        t_verify = median_time(lambda: verify_denoiser(h), args.repeat)
        verdicts = verify_denoiser(h)
        cli = {c: median_time(lambda c=c: subprocess.run([sys.executable, "-m", "symden", c, path],
                                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), args.repeat)
               for c in ("derive", "verify")}
    print(f"{doc['name']}: {data.size} clean points in R^{data.dim}, {len(h.network.units)} units, "
          f"structure {h.structure}, status {h.status}, cost {float(h.network.cost()):.6f}")
    print("verdicts: " + ", ".join(f"{v.name}={v.status.value}" for v in verdicts))
    print(f"median of {args.repeat} (seconds): load {t_load:.2f}  derive {t_derive:.2f}  verify {t_verify:.2f}  "
          f"symden derive {cli['derive']:.2f}  symden verify {cli['verify']:.2f}")


if __name__ == "__main__":
    main()
