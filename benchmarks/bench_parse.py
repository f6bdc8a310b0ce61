"""Parsing at scale: `symden derive` and `symden verify` against a 20-line gmpy2 script (not a test).

    python benchmarks/bench_parse.py [--points 10000] [--samples 10] [--repeat 5]
                                     [--checkout DIR ...] [--profile]

Writes a 1-D offline data file with benchmarks/make_large_1d.py (10^4 clean points x 10
samples = 10^5 samples, decimals with four digits; no network), then times whole processes,
each the median of ``--repeat`` runs after one warm-up, all in this one run:

(a) the baseline: a 20-line script that reads the JSON, parses every number to ``gmpy2.mpq``,
    sorts the clusters and builds the 1-D offline closed form (hull ends, slopes ``s_n``, cost
    ``2 sum s_n``) and prints it as JSON;
(b) ``symden derive FILE --format json`` and (c) ``symden verify FILE --format json``, the real
    command (``python -m symden``), so its own start-up is included;
(b') and (c'): the same work through the API in a small driver (read_dataset, min_cost_denoiser,
    verify_denoiser, the JSON printer), without what the command-line module imports.

and prints the medians (wall and CPU time) and the ratios b/a, c/a (targets: 2 and 3). Each ``--checkout DIR``
(default: this repository) is put first on PYTHONPATH for (b)-(c'), so an older checkout is
measured beside this one in the same run (for a commit, export it first:
``git archive COMMIT | tar -x -C DIR``). ``--profile`` prints the 15 most expensive functions
of derive and verify in-process (cProfile) for the first checkout.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

BASELINE = '''\
import json, sys
from gmpy2 import mpq

with open(sys.argv[1], encoding="utf-8") as handle:
    data = json.load(handle, parse_float=mpq, parse_int=mpq)
clusters = sorted((x, min(ys), max(ys)) for x, ys in zip(data["clean"], data["samples"]))
units, slopes = [], []
for (x0, _, r0), (x1, l1, _) in zip(clusters, clusters[1:]):
    s = (x1 - x0) / (l1 - r0)
    slopes.append(s)
    units.append({"a": [str(s)], "w": ["1"], "b": str(-r0)})
    units.append({"a": [str(-s)], "w": ["1"], "b": str(-l1)})
while len(slopes) > 1:  # the cost 2 sum s_n, summed pairwise as symden does
    slopes = [a + b for a, b in zip(slopes[::2], slopes[1::2])] + slopes[len(slopes) - len(slopes) % 2:]
print(json.dumps({"cost": str(2 * slopes[0]), "c": [str(clusters[0][0])], "units": units}))
'''

DRIVER = '''\
import sys
from symden.closed_forms import min_cost_denoiser
from symden.data import read_dataset
try:
    from symden.printing import dumps, json_denoiser, json_verdicts
except ImportError:  # a checkout from before the printers' <format>_<object> names
    from symden.printing.jsonout import denoiser_to_json as json_denoiser, dumps, verdicts_to_json as json_verdicts

command, path = sys.argv[1], sys.argv[2]
denoiser = min_cost_denoiser(read_dataset(path))
if command == "derive":
    text = dumps(json_denoiser(denoiser, None))
else:
    from symden.verify import verify_denoiser

    text = dumps(json_verdicts(denoiser, verify_denoiser(denoiser)))
sys.stdout.write(text + "\\n")
'''


def process_times(commands: list, repeat: int, cwd: str) -> list:
    """(median wall time, median CPU time, exit code) of each ``(argv, env)`` as a whole process.

    One warm-up run each, then ``repeat`` rounds that run every command once in turn, so that a
    change in the machine's load falls on all of them alike. CPU time (user + system of the
    child) is the steadier figure on a shared machine. The processes run in ``cwd`` (a folder
    without a symden package: ``python -m`` puts the current folder first on sys.path).
    """
    def run(argv: list, env: dict) -> tuple:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        code = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, code

    for argv, env in commands:
        run(argv, env)
    walls: list = [[] for _ in commands]
    cpus: list = [[] for _ in commands]
    codes: list = [None] * len(commands)
    for _ in range(repeat):
        for i, (argv, env) in enumerate(commands):
            wall, cpu, codes[i] = run(argv, env)
            walls[i].append(wall)
            cpus[i].append(cpu)
    return [(statistics.median(w), statistics.median(c), code) for w, c, code in zip(walls, cpus, codes)]


def profile(path: str, checkout: str) -> None:
    code = (
        "import cProfile, pstats, sys\n"
        "from symden.closed_forms import min_cost_denoiser\n"
        "from symden.data import read_dataset\n"
        "try:\n"
        "    from symden.printing import dumps, json_denoiser, json_verdicts\n"
        "except ImportError:\n"
        "    from symden.printing.jsonout import denoiser_to_json as json_denoiser, dumps, verdicts_to_json as json_verdicts\n"
        "from symden.verify import verify_denoiser\n"
        f"path = {path!r}\n"
        "for name, run in (('derive', lambda: dumps(json_denoiser(min_cost_denoiser(read_dataset(path)), None))),\n"
        "                  ('verify', lambda: (lambda h: dumps(json_verdicts(h, verify_denoiser(h))))("
        "min_cost_denoiser(read_dataset(path))))):\n"
        "    p = cProfile.Profile(); p.runcall(run)\n"
        "    print(f'--- {name}'); pstats.Stats(p).sort_stats('tottime').print_stats(15)\n"
    )
    subprocess.run([sys.executable, "-c", code], env=_env(checkout, os.path.join(os.path.dirname(path), "pycache")),
                   cwd=os.path.dirname(path), check=True)


def _env(checkout: str | None, pycache: str) -> dict:
    """The environment of a timed process: ``checkout`` first on PYTHONPATH, byte code cached.

    Byte code goes to a private ``PYTHONPYCACHEPREFIX`` (written in the warm-up run, read in
    the timed ones, as an installed package's would be), whatever PYTHONDONTWRITEBYTECODE says:
    compiling sympy and cvxpy from source on every run would dominate every figure.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = pycache
    if checkout is not None:
        env["PYTHONPATH"] = checkout + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--points", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--checkout", action="append", default=None,
                        help="a symden checkout to time (repeatable; default: this repository)")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    checkouts = [os.path.abspath(c) for c in (args.checkout or [ROOT])]

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, f"large-{args.points}x{args.samples}.json")
        subprocess.run([sys.executable, os.path.join(HERE, "make_large_1d.py"), path,
                        "--points", str(args.points), "--samples", str(args.samples)], check=True)
        baseline = os.path.join(tmp, "baseline.py")
        driver = os.path.join(tmp, "driver.py")
        with open(baseline, "w", encoding="utf-8") as handle:
            handle.write(BASELINE)
        with open(driver, "w", encoding="utf-8") as handle:
            handle.write(DRIVER)

        pycache = os.path.join(tmp, "pycache")
        commands = [("(a)  gmpy2 baseline script", None, [sys.executable, baseline, path], _env(None, pycache))]
        for checkout in checkouts:
            env = _env(checkout, pycache)
            commands += [
                ("(b)  symden derive FILE --format json", checkout,
                 [sys.executable, "-m", "symden", "derive", path, "--format", "json"], env),
                ("(c)  symden verify FILE --format json", checkout,
                 [sys.executable, "-m", "symden", "verify", path, "--format", "json"], env),
                ("(b') API driver: derive + JSON", checkout, [sys.executable, driver, "derive", path], env),
                ("(c') API driver: derive + verify + JSON", checkout, [sys.executable, driver, "verify", path], env),
            ]
        timed = process_times([(argv, env) for _, _, argv, env in commands], args.repeat, tmp)
        (base_wall, base_cpu, _) = timed[0]
        print(f"1-D offline data: {args.points} clean points x {args.samples} samples ({args.points * args.samples} "
              f"samples); whole processes, median of {args.repeat} interleaved rounds after a warm-up")
        print(f"{'':<44} {'wall':>7} {'ratio':>6}   {'cpu':>6} {'ratio':>6}")
        shown = None
        for (label, checkout, _, _), (wall, cpu, code) in zip(commands, timed):
            if checkout != shown and checkout is not None:
                print(f"symden from {checkout}:")
                shown = checkout
            print(f"{label:<44} {wall:6.2f}s {wall / base_wall:5.1f}x   {cpu:5.2f}s {cpu / base_cpu:5.1f}x   exit {code}")
        if args.profile:
            profile(path, checkouts[0])


if __name__ == "__main__":
    main()
