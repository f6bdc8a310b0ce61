"""Time the exact contractivity profile on closed forms in R^3 and R^4 and on random networks. Not a test.

    python benchmarks/bench_contractivity.py [--repeat 3] [--radius 1/10]

For each instance: the median wall time of ``contractivity_profile_nd`` (the network is derived
once, outside the timing), the exact supremum (or "unbounded"), the worst point, and the sizes of
the arrangement (hyperplanes, vertices, faces per dimension, cells). The random networks are
seeded rational ramp networks (units in bounded pairs, small skip matrix), as in the tests.
"""

from __future__ import annotations

import argparse
import random
import sys
from fractions import Fraction

from _timing import median_time


def instances(radius):
    from gmpy2 import mpq

    h = mpq(-1, 2)
    return {
        "R3 rays (3 orthogonal)": [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)],
        "R3 rays, 2 points on one": [(0, 0, 0), (1, 0, 0), (2, 0, 0), (0, 1, 0), (0, 0, 1)],
        "R3 edge-aligned simplex (non-acute x0)": [(0, 0, 0), (1, 0, 0), (0, 1, 0), (h, h, 1)],
        "R3 face-aligned regular tetrahedron": [(1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)],
        "R3 planar triangle": [(0, 0, 0), (1, 0, 0), (0, 1, 0)],
        "R4 rays (4 orthogonal)": [(0, 0, 0, 0), (1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1)],
    }


def random_network(seed, d):
    from gmpy2 import mpq

    from symden.network import ShallowNetwork, Unit

    rng = random.Random(seed)

    def rq():
        return mpq(rng.randint(-6, 6), rng.randint(1, 4))

    units = []
    for _ in range(3):
        a, w, b = [rq() for _ in range(d)], [rq() for _ in range(d)], rq()
        units += [Unit(a=a, w=w, b=b), Unit(a=[-v for v in a], w=w, b=b - 1)]
    V = [[mpq(rng.randint(-2, 2), 10) for _ in range(d)] for _ in range(d)]
    clean = [tuple(rq() for _ in range(d)) for _ in range(3)]
    return ShallowNetwork(units=units, V=V, c=[rq() for _ in range(d)]), clean


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--radius", default="1/10")
    args = parser.parse_args()

    from symden.closed_forms import min_cost_denoiser
    from symden.data import DataSet
    from symden.exact import brief, exact
    from symden.verify.contractivity_nd import contractivity_profile_nd

    radius = exact(Fraction(args.radius))
    rows = []
    for name, points in instances(radius).items():
        h = min_cost_denoiser(DataSet(clean=points, radius=radius))
        rows.append((f"{name} [{h.theorem.split('(')[-1].rstrip(')')}]", h.network, h.data.clean))
    for d in (3, 4):
        for seed in range(2):
            net, clean = random_network(seed, d)
            rows.append((f"R{d} random ramp network, seed {seed} (6 units, 3 points)", net, clean))
    print(f"python {sys.version.split()[0]}; median of {args.repeat}; radius {args.radius}")
    for name, net, clean in rows:
        t = median_time(lambda: contractivity_profile_nd(net, clean), args.repeat)
        r = contractivity_profile_nd(net, clean)
        c = r["counts"]
        sup = "unbounded" if r["sup"] is None and r["status"] == "exact" else (brief(r["sup"]) if r["sup"] is not None else r["status"])
        print(f"{name}\n    {t:8.3f} s   sup G = {sup}   at {tuple(brief(v) for v in r['argmax'])}   "
              f"hyperplanes {c['hyperplanes']}, vertices {c['vertices']}, faces per dim {c['faces']}, "
              f"cells {c['cells']}, recession cones examined {c['recession cones examined']}")


if __name__ == "__main__":
    main()
