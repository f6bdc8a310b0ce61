"""The import graph points one way: records at the bottom, the command line at the top.

Data flow (``docs/theory.md`` section 0): data -> geometry detection -> closed form or program
-> checks -> printers. Each module of symden belongs to one layer below; a module may import
(at module level or inside a function) only from its own layer or lower ones. Exact
certificates never import cvxpy, so a proof never needs a solver installed or loaded.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import pytest

import symden

ROOT = os.path.dirname(symden.__file__)

#: layer -> module prefixes (dotted, relative to ``symden``); lower numbers are lower layers
LAYERS = {
    0: ("errors", "records", "reference", "_version", "_display", "progress", "_lazy"),
    1: ("_algebraic", "_tower", "exact", "rounding"),
    2: ("data", "pwl", "network"),
    3: ("geometry", "denoiser", "instances"),
    4: ("closed_forms", "certificates", "examples"),
    5: ("programs",),
    6: ("verify", "lemmas", "generalization", "report", "explore", "experiments", "sweep"),
    7: ("printing",),
    8: ("cli", "__main__", "__init__"),
}


def _layer(module: str) -> int:
    """The layer of ``symden.<module>`` (its first dotted part decides)."""
    head = module.split(".")[0]
    for layer, prefixes in LAYERS.items():
        if head in prefixes:
            return layer
    raise AssertionError(f"symden.{module} is in no layer of tests/test_architecture.py: add it")


def _modules() -> list:
    out = []
    for folder, _, files in os.walk(ROOT):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, ROOT)[:-3].replace(os.sep, ".")
                out.append((rel[: -len(".__init__")] if rel.endswith(".__init__") else rel, path))
    return sorted(out)


def _imports(path: str, module: str) -> set:
    """Every ``symden.X`` module that the file imports, anywhere in it (function-level imports too)."""
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                name = ".".join(["symden"] + base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
    return {n[len("symden."):] for n in found if n.startswith("symden.")}


MODULES = _modules()


def test_every_module_has_a_layer():
    for module, _ in MODULES:
        _layer(module)


@pytest.mark.parametrize("module, path", MODULES, ids=[m for m, _ in MODULES])
def test_no_module_imports_a_higher_layer(module, path):
    if module in ("__init__", "__main__"):
        return
    mine = _layer(module)
    upward = sorted(m for m in _imports(path, module) if _layer(m) > mine)
    assert not upward, f"symden.{module} (layer {mine}) imports a higher layer: {upward}"


OUTSIDE_PROGRAMS = [(m, p) for m, p in MODULES if m.split(".")[0] != "programs"]


@pytest.mark.parametrize("module, path", OUTSIDE_PROGRAMS, ids=[m for m, _ in OUTSIDE_PROGRAMS])
def test_cvxpy_is_imported_only_in_programs(module, path):
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names.add((node.module or "").split(".")[0])
    assert "cvxpy" not in names, f"symden.{module} imports cvxpy; only symden.programs may"


@pytest.mark.parametrize("module, path", MODULES, ids=[m for m, _ in MODULES])
def test_tqdm_is_imported_only_by_the_command_lines_progress_bars(module, path):
    # the mathematics reports progress through symden.progress (layer 0) and never knows about bars
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    names = {a.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    names |= {(node.module or "").split(".")[0] for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom) and not node.level}
    assert "tqdm" not in names or module == "cli._progress", f"symden.{module} imports tqdm; only symden.cli._progress may"


def test_a_1d_derive_and_verify_never_load_cvxpy_sympy_or_numpy():
    code = (
        "import sys\n"
        "from symden.data import DataSet\n"
        "from symden.closed_forms import min_cost_denoiser\n"
        "from symden.verify import verify_denoiser\n"
        "from symden.printing.text import text_denoiser, text_verdicts\n"
        "from symden.printing.jsonout import json_denoiser\n"
        "h = min_cost_denoiser(DataSet(clean=[0, 1, 3, '7/2'], radius='1/5'))\n"
        "text_denoiser(h); json_denoiser(h); text_verdicts(verify_denoiser(h))\n"
        "loaded = sorted(m for m in ('cvxpy', 'sympy', 'numpy', 'scipy', 'matplotlib', 'tqdm') if m in sys.modules)\n"
        "print(' '.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"a 1-D derive and verify loaded {out.stdout.strip()}"
