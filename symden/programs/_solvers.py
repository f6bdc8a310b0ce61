"""Solver plumbing shared by the programs: quiet options, one call that never raises.

Solvers are kept quiet with their own options, never by redirecting file descriptors:
cvxpy's ``verbose=False``, HiGHS's ``output_flag``/``log_to_console`` and Clarabel's
``verbose`` (which cvxpy sets from ``verbose``). HiGHS prints a one-time banner from C++ the
first time any of its objects logs, and highspy's constructor logs before cvxpy can pass an
option; :func:`_consume_highs_banner` lets a bare HiGHS object write that banner once with
``log_to_console=False``, so it is marked as written and never reaches standard output.
"""

from __future__ import annotations

import time
import warnings
from typing import Mapping, Optional

import cvxpy as cp

#: Options that keep HiGHS silent (its own logging options).
HIGHS_QUIET = {"output_flag": False, "log_to_console": False}

_BANNER_CONSUMED = False


def _consume_highs_banner() -> None:
    """Let HiGHS write its one-time banner with ``log_to_console=False`` (once per process)."""
    global _BANNER_CONSUMED
    if _BANNER_CONSUMED:
        return
    _BANNER_CONSUMED = True
    try:
        from highspy import _core

        bare = _core._Highs()  # the C++ object, without highspy's constructor (which logs at once)
        bare.setOptionValue("log_to_console", False)
        bare.setOptionValue("output_flag", True)  # the banner counts as written only while output is on
        bare.run()  # an empty model: logs the banner, to no console
        bare.setOptionValue("output_flag", False)
    except (ImportError, AttributeError, RuntimeError, TypeError):  # another highspy: the options still apply
        pass


def quiet_options(solver: str, options: Optional[Mapping] = None) -> dict:
    """``options`` (copied) with the solver's own logging switched off."""
    out = {key: dict(value) if isinstance(value, Mapping) else value for key, value in (options or {}).items()}
    out["verbose"] = False
    if str(solver).upper() == "HIGHS":
        _consume_highs_banner()
        out["highs_options"] = {**HIGHS_QUIET, **out.get("highs_options", {})}
    return out


def run(problem: cp.Problem, solver: str, options: Optional[Mapping] = None) -> tuple:
    """Solve quietly; (status text, seconds, warnings). A solver exception becomes a status, not an error."""
    options = quiet_options(solver, options)
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            problem.solve(solver=solver, **options)
            status = str(problem.status)
        except (cp.error.SolverError, ValueError, RuntimeError, ArithmeticError) as exc:
            status = f"solver error: {type(exc).__name__}: {exc}"
    return status, time.perf_counter() - start, tuple(str(w.message) for w in caught)
