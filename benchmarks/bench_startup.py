"""Time the start-up of the symden command as whole processes (not a test).

    python benchmarks/bench_startup.py [--repeat 7] [--top 20] [--checkout DIR ...]

Writes a three-point 1-D online data file into a temporary folder, then reports the median wall
time (after one warm-up run) of ``python -c pass``, ``symden --help``, ``symden derive small.json``
and an error exit (``symden derive missing.json``), each a fresh process. Then it runs the derive
under ``python -X importtime`` and prints the imports with the largest cumulative time, and the
self time summed by top-level package: what start-up still pays for. Target (issue 9): the derive
and the error exit in at most 0.3 s.

The processes run in the temporary folder, so they time the symden that ``python -m symden``
finds on the path, never a copy in the current folder by accident. Each ``--checkout DIR`` (default:
this repository) is put first on PYTHONPATH, so an older checkout is timed beside this one in the
same run, command by command and checkout after checkout in turn; the ratio to the first checkout
is printed. The import profile is of the first checkout.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

from _timing import median_time  # noqa: E402

SMALL = '{"name": "small", "clean": [0, 1, 3], "radius": "1/5"}\n'


def _env(checkout: str) -> dict:
    return dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (checkout, os.environ.get("PYTHONPATH")) if p))


def _run(argv: list, *, expect: int, cwd: str, env: dict) -> None:
    result = subprocess.run(argv, capture_output=True, text=True, cwd=cwd, env=env)
    if result.returncode != expect:
        raise SystemExit(f"{' '.join(argv)} exited {result.returncode}, expected {expect}: {result.stderr.strip()}")


def _importtime(argv: list, *, cwd: str, env: dict) -> list:
    """``(self_us, cumulative_us, depth, module)`` for every import of ``python -X importtime ARGV``."""
    result = subprocess.run([sys.executable, "-X", "importtime", *argv], capture_output=True, text=True, cwd=cwd,
                            env=env)
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line[len("import time:"):].split("|")
        depth = (len(name) - len(name.lstrip())) // 2
        rows.append((int(own), int(cumulative), depth, name.strip()))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per command (default 7)")
    parser.add_argument("--top", type=int, default=20, help="imports to list by cumulative time (default 20)")
    parser.add_argument("--checkout", action="append", metavar="DIR",
                        help="a symden checkout to time (repeatable; default: this repository)")
    args = parser.parse_args()
    checkouts = [os.path.abspath(c) for c in (args.checkout or [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))])]

    symden = [sys.executable, "-m", "symden"]
    with tempfile.TemporaryDirectory() as tmp:
        small = os.path.join(tmp, "small.json")
        with open(small, "w", encoding="utf-8") as handle:
            handle.write(SMALL)
        missing = os.path.join(tmp, "missing.json")
        cases = [
            ("python -c pass", [sys.executable, "-c", "pass"], 0),
            ("symden --help", [*symden, "--help"], 0),
            ("symden derive small.json", [*symden, "derive", small], 0),
            ("symden derive missing.json (error exit)", [*symden, "derive", missing], 2),
        ]
        print(f"python {sys.executable}")
        for k, checkout in enumerate(checkouts):
            where = subprocess.run([sys.executable, "-c", "import symden; print(symden.__file__)"], capture_output=True,
                                   text=True, cwd=tmp, check=True, env=_env(checkout)).stdout.strip()
            print(f"  checkout {k}: symden at {where}")
        print(f"median wall time of {args.repeat} runs after a warm-up, each a new process")
        width = max(len(name) for name, _, _ in cases)
        for name, argv, code in cases:
            medians = []
            for checkout in checkouts:
                env = _env(checkout)
                _run(argv, expect=code, cwd=tmp, env=env)  # warm-up: the file-system cache, .pyc files
                medians.append(median_time(lambda: _run(argv, expect=code, cwd=tmp, env=env), args.repeat))
            ratios = "".join(f"   checkout {k}/0: {m / medians[0]:6.2f}" for k, m in enumerate(medians) if k)
            print(f"  {name.ljust(width)}  " + "  ".join(f"{m:7.3f} s" for m in medians) + ratios)

        rows = _importtime(["-m", "symden", "derive", small], cwd=tmp, env=_env(checkouts[0]))
    total = sum(own for own, _, _, _ in rows)
    print(f"\npython -X importtime -m symden derive small.json: {total / 1e6:.3f} s of imports in all")
    print(f"  the {args.top} largest by cumulative time (self, cumulative, module; indent = nesting)")
    for own, cumulative, depth, name in sorted(rows, key=lambda r: -r[1])[: args.top]:
        print(f"  {own / 1e3:8.1f} ms {cumulative / 1e3:8.1f} ms  {'  ' * depth}{name}")
    by_package: dict = defaultdict(int)
    for own, _, _, name in rows:
        top = name.split(".")[0]
        by_package[top if top in ("symden", "sympy", "mpmath", "gmpy2", "numpy", "cvxpy", "scipy", "matplotlib")
                   else "(standard library and others)"] += own
    print("  self time by package")
    for package, own in sorted(by_package.items(), key=lambda kv: -kv[1]):
        print(f"  {own / 1e3:8.1f} ms  {package}")
    symden_modules = sorted(((own, name) for own, _, _, name in rows if name.startswith("symden")), reverse=True)
    print("  symden's own modules, self time: " + ", ".join(f"{name} {own / 1e3:.1f} ms" for own, name in symden_modules[:8]))


if __name__ == "__main__":
    main()
