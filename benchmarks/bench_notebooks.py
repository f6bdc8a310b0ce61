"""Time the execution of every notebook in notebooks/ (not a test): small and full budget, one fresh kernel each.

    python benchmarks/bench_notebooks.py                 # both budgets, every notebook
    python benchmarks/bench_notebooks.py small           # one budget
    python benchmarks/bench_notebooks.py small figure2   # one budget, notebooks whose name contains "figure2"

Each run is what tests/test_notebooks.py does (nbclient, kernel "python3", cwd notebooks/,
PYTHONPATH the repository root, SYMDEN_NOTEBOOK_BUDGET set), kernel start included; the
notebook files are not rewritten. docs/theory.md section 7b.5 quotes these times. The issue's
limit: every notebook together within 4 minutes on 2 cores with the small budget.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import median_time  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def run(path: Path, budget: str) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env = dict(os.environ, SYMDEN_NOTEBOOK_BUDGET=budget, PYTHONPATH=str(ROOT))
    env.pop("MPLBACKEND", None)
    NotebookClient(nb, kernel_name="python3", timeout=900, resources={"metadata": {"path": str(NOTEBOOKS)}}).execute(env=env)


def main(argv: list) -> None:
    budgets = [a for a in argv if a in ("small", "full")] or ["small", "full"]
    names = [a for a in argv if a not in ("small", "full")]
    paths = [p for p in sorted(NOTEBOOKS.glob("*.ipynb")) if not names or any(n in p.stem for n in names)]
    for budget in budgets:
        total = 0.0
        for path in paths:
            seconds = median_time(lambda: run(path, budget), repeat=1)
            total += seconds
            print(f"{budget:5s}  {path.stem:22s} {seconds:6.1f} s", flush=True)
        print(f"{budget:5s}  {'all':22s} {total:6.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
