"""The exact certificates stand alone: no solver, no cvxpy, and no upward import (docs/theory.md sections 3, 5, 6)."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import symden

PACKAGE = pathlib.Path(symden.__file__).parent


def _imports(path: pathlib.Path) -> set:
    """Every module a source file imports (at any level, function bodies included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _under(modules: set, *prefixes: str) -> set:
    return {m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)}


def test_certificates_and_programs_import_nothing_above_them():
    for package in ("certificates", "programs"):
        for path in sorted((PACKAGE / package).glob("*.py")):
            upward = _under(_imports(path), "symden.verify", "symden.printing", "symden.cli", "symden.examples")
            assert not upward, f"{path.name} imports {sorted(upward)}"


def test_certificates_import_no_solver():
    for path in sorted((PACKAGE / "certificates").glob("*.py")):
        solvers = _under(_imports(path), "cvxpy", "scipy", "highspy", "clarabel", "symden.programs")
        assert not solvers, f"certificates/{path.name} imports {sorted(solvers)}"


def test_proving_the_1d_certificate_does_not_import_cvxpy():
    # U1 (docs/theory.md section 8): OPT = 95/6, proved by the exact dual certificate, in a fresh process
    code = """
import sys
from symden.certificates import check_dual_certificate, project_dual, sup_eta_bound, univariate_optimum
from symden.data import DataSet
from gmpy2 import mpq
opt = univariate_optimum(DataSet(clean=[0, 1, 3, "7/2"], radius="1/5"))
assert opt.cost == mpq(95, 6) and check_dual_certificate(opt.certificate, opt.points, opt.cost) == ()
assert [v.status.value for v in opt.verdicts()] == ["proved", "proved"]
pts = [(mpq(-1), mpq(0)), (mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(0), mpq(1))]
lam = project_dual(pts, [(mpq(1), mpq(0)), (mpq(-2), mpq(0)), (mpq(1), mpq(0)), (mpq(0), mpq(0))])
assert 1 <= sup_eta_bound(pts, lam) < 1 + mpq(1, 10**9)
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in ("cvxpy", "highspy", "clarabel", "symden")
                      and (m.split(".")[0] != "symden" or m.startswith("symden.programs")))))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [], f"loaded: {out.stdout}"
