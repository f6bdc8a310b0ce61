"""Write a large 1-D data file: N clean points with M offline samples each (default 10,000 x 10).

Deterministic (seeded). Clean points n + p/100 with 40 <= p < 60 (gaps of at least 4/5); samples within 3/10 of their clean point, written
as JSON numbers with four decimals (symden reads them as exact decimals), so hulls stay disjoint.
"""

from __future__ import annotations

import argparse
import json
import random


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--points", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--online", action="store_true", help="write the radius 1/5 instead of samples")
    args = parser.parse_args()
    rng = random.Random(0)
    centi = [100 * n + rng.randrange(40, 60) for n in range(args.points)]  # hundredths; gaps >= 0.8
    data: dict = {"name": f"large-{args.points}x{args.samples}", "clean": [c / 100 for c in centi]}
    if args.online:
        data["radius"] = "1/5"
    else:
        # 100 * c hundredths = c / 100 in units of 1/10000; offsets within +-3/10
        data["samples"] = [
            [round((100 * c + rng.randrange(-3000, 3001)) / 10_000, 4) for _ in range(args.samples)] for c in centi
        ]
    with open(args.path, "w", encoding="utf-8") as handle:
        json.dump(data, handle)


if __name__ == "__main__":
    main()
