"""Every notebook in notebooks/ executes (small budget) and is stored executed, without errors (docs/theory.md section 7b.5).

Each notebook runs in its own fresh ``python3`` kernel (nbclient), with the working directory
notebooks/, ``SYMDEN_NOTEBOOK_BUDGET=small`` (each notebook scales its training and sizes by it)
and ``PYTHONPATH`` the repository root first, so that the kernel imports this checkout's symden
even when another copy is installed. A cell error fails the test with the cell's traceback.

The stored notebooks must hold the outputs of their full-budget run (notebooks/make_notebooks.py
writes them): a notebook committed unexecuted, or with an error in its stored outputs, fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
#: seconds per cell in the small budget (the whole folder takes well under a minute and a half)
CELL_TIMEOUT = 120

nbformat = pytest.importorskip("nbformat", reason="the test extra brings nbformat, nbclient and ipykernel")


def _ids(paths):
    return [p.stem for p in paths]


def test_the_notebooks_are_there():
    """The issue's notebooks exist (a renamed or deleted one is caught here, not silently skipped)."""
    names = {p.stem for p in PATHS}
    assert {"quickstart", "univariate_emmse", "numeric_path", "figure2"} <= names


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_stored_outputs(path):
    """Every code cell was executed and stored with its outputs, none of which is an error."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, f"{path.name} has no code cell"
    unexecuted = [i for i, c in enumerate(code) if c.get("execution_count") is None]
    assert not unexecuted, f"{path.name}: code cells {unexecuted} were never executed (run notebooks/make_notebooks.py)"
    assert any(c.outputs for c in code), f"{path.name} holds no outputs"
    errors = [(i, o.get("ename"), o.get("evalue")) for i, c in enumerate(code) for o in c.outputs
              if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: stored outputs contain errors {errors}"
    streams = [o.get("text", "") for c in code for o in c.outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    assert not any("Traceback" in s for s in streams), f"{path.name}: a traceback on stderr in the stored outputs"
    # every notebook scales itself by the budget, and the stored outputs are not a small run's
    # (this folder's notebooks print "budget: <name>" in their first cell)
    assert "SYMDEN_NOTEBOOK_BUDGET" in "".join(c.source for c in code), f"{path.name} does not read SYMDEN_NOTEBOOK_BUDGET"
    texts = "".join(o.get("text", "") for c in code for o in c.outputs if o.get("output_type") == "stream")
    assert "budget: small" not in texts, f"{path.name}: stored outputs are from the small budget, not the full one"


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_executes(path):
    """The notebook runs top to bottom in a fresh kernel with the small budget, every cell without error."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env = dict(os.environ, SYMDEN_NOTEBOOK_BUDGET="small",
               PYTHONPATH=os.pathsep.join([str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    env.pop("MPLBACKEND", None)  # the notebooks choose the inline backend themselves
    client = NotebookClient(nb, kernel_name="python3", timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(NOTEBOOKS)}})
    # one cell more, at the end: which symden the kernel imported
    nb.cells.append(nbformat.v4.new_code_cell("import symden, os; print('symden from', os.path.dirname(symden.__file__)); "
                                              "print('budget seen:', os.environ.get('SYMDEN_NOTEBOOK_BUDGET'))"))
    client.execute(env=env)  # raises CellExecutionError (with the traceback) on a failing cell
    texts = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
                    if o.get("output_type") == "stream")
    assert "budget seen: small" in texts
    assert f"symden from {ROOT / 'symden'}" in texts, "the kernel imported another symden than this checkout's"
