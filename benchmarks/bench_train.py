"""Training time and the issue-12 targets on the Figure 2 triangles (docs/theory.md section 7b.1).

For the obtuse triangle (0,0), (1,0), (-1/2,1) and the equilateral (0,0), (1,0), (1/2, sqrt(3)/2),
with 100 exact rational samples per point uniform in the balls of radius 1/10 (``figure2_data``),
width 200 and final weight decay 1e-5, train with :func:`symden.experiments.train.train_dataset`
and report: steps, seconds, the trained cost ``sum |a||w|`` against R(h*) (the online closed form's
exact cost, as a float), and the share of the trained cost on units whose direction ``w_k`` lies within
2 and 5 degrees of a predicted unit's direction (lines: ``w`` and ``-w`` are one direction). The
targets: share within 5 degrees >= 0.8, |cost / R(h*) - 1| <= 0.05, at most 180 s each.

Everything here is evidence (floats). Run:

    PYTHONPATH=. python benchmarks/bench_train.py [--steps S] [--lr ETA] [--decay-start L0] [--seed N] [SHAPE ...]
    PYTHONPATH=. python benchmarks/bench_train.py --write-data DIR   # the two data files, for symden train
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from symden.closed_forms import min_cost_denoiser
from symden.data import DataSet
from symden.exact import to_float
from symden.experiments.train import FIGURE2_SHAPES, TrainConfig, figure2_data, train_dataset


def alignment(net, denoiser):
    """(share within 2 degrees, share within 5 degrees) of the trained cost, against the denoiser's unit directions."""
    dirs = np.array([[to_float(v) for v in u.w] for u in denoiser.network.units])
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    costs = net.unit_costs()
    live = costs > 0
    W = net.W[live] / np.linalg.norm(net.W[live], axis=1, keepdims=True)
    angles = np.degrees(np.arccos(np.clip(np.abs(W @ dirs.T), 0.0, 1.0))).min(axis=1)
    total = costs.sum()
    return float(costs[live][angles <= 2].sum() / total), float(costs[live][angles <= 5].sum() / total)


def run(shape: str, config: TrainConfig) -> dict:
    data = figure2_data(shape, samples=100, seed=0)
    h = min_cost_denoiser(DataSet(clean=data.clean, radius="1/10"))
    start = time.perf_counter()
    net = train_dataset(data, config)
    seconds = time.perf_counter() - start
    R = to_float(h.cost)
    share2, share5 = alignment(net, h)
    return dict(shape=shape, steps=config.steps, seconds=seconds, cost=net.cost(), R=R, ratio=net.cost() / R,
                share2=share2, share5=share5, fit=net.meta["final_fit"],
                ok=share5 >= 0.8 and abs(net.cost() / R - 1) <= 0.05 and seconds <= 180)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shapes", nargs="*", default=list(FIGURE2_SHAPES))
    defaults = TrainConfig()
    parser.add_argument("--steps", type=int, default=defaults.steps)
    parser.add_argument("--lr", type=float, default=defaults.lr)
    parser.add_argument("--decay-start", type=float, default=defaults.decay_start)
    parser.add_argument("--schedule", default=defaults.schedule)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write-data", metavar="DIR",
                        help="only write the two data files (DIR/figure2-obtuse.json, DIR/figure2-equilateral.json) and stop")
    args = parser.parse_args(argv)
    if args.write_data:
        import os

        from symden.data import dump_dataset

        os.makedirs(args.write_data, exist_ok=True)
        for shape in args.shapes:
            path = os.path.join(args.write_data, f"figure2-{shape}.json")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(dump_dataset(figure2_data(shape, samples=100, seed=0)))
            print(path)
        return 0
    config = TrainConfig(width=200, weight_decay=1e-5, steps=args.steps, lr=args.lr, seed=args.seed,
                         decay_start=args.decay_start, schedule=args.schedule)
    print(f"width 200, weight decay 1e-5, 100 samples per point, lr {config.lr:g}, schedule {config.schedule}, "
          f"decay start {config.decay_start}, seed {config.seed}")
    print(f"{'shape':12} {'steps':>7} {'seconds':>8} {'cost':>9} {'R(h*)':>9} {'ratio':>7} {'<=2deg':>7} {'<=5deg':>7} {'fit':>9}  target")
    ok = True
    for shape in args.shapes:
        r = run(shape, config)
        ok &= r["ok"]
        print(f"{r['shape']:12} {r['steps']:7d} {r['seconds']:8.1f} {r['cost']:9.5f} {r['R']:9.5f} {r['ratio']:7.4f} "
              f"{r['share2']:7.3f} {r['share5']:7.3f} {r['fit']:9.2e}  {'met' if r['ok'] else 'MISSED'}")
        sys.stdout.flush()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
