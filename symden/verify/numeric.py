"""Verdicts from the numeric path (THEORY.md sections 5 and 6): the closed form against the program.

* 1-D: the program's exact optimum comes with an exact dual certificate, so the closed form is
  *proved* optimal when its exact cost equals it, and *refuted* (with the cheaper minimiser as
  counterexample) when it costs more.
* Offline data in the plane: the group-lasso program gives a rigorous interval [lower, upper]
  for the optimum (weak-duality lower bound, exact feasible network for the upper bound). A
  closed form whose exact cost lies in the interval is *certified*; one that costs more than the
  upper bound is *refuted* with the program's exact network as the cheaper counterexample.
* Anything else, and any solver trouble, is *inconclusive* with the reason.

cvxpy is imported only inside :mod:`symden.programs`, which this module loads on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.exact import brief, to_float
from symden.verify.verdict import Status, Verdict

__all__ = ["numeric_verdicts", "solve_program", "ProgramReport", "program_report"]


@dataclass(frozen=True)
class ProgramReport:
    """What ``symden solve`` prints, the same for both programs.

    ``lower`` and ``upper`` are exact, rigorous bounds on the minimum cost (equal in 1-D, where the
    optimum is exact and proved by a dual certificate); ``network`` is an exact interpolating
    network costing ``upper`` (None when the exact re-solve failed); ``status`` is "proved",
    "certified" or "inconclusive".
    """

    data: DataSet
    status: str
    lower: Optional[object]
    upper: Optional[object]
    network: Optional[object]
    solver: dict
    notes: tuple = ()


def program_report(solution) -> ProgramReport:
    """Normalise a 1-D or 2-D program solution into a :class:`ProgramReport`."""
    data = solution.data
    if data.dim == 1:
        notes = ()
        if not solution.unique:
            spans = ", ".join(f"({brief(a)}, {brief(b)})" if a is not None else "everywhere" for a, b in solution.free_intervals)
            notes = (f"the minimiser is not unique: free on {spans}",)
        return ProgramReport(
            data=data,
            status="proved" if solution.certificate_ok else "inconclusive",
            lower=solution.cost, upper=solution.cost, network=solution.network,
            solver=dict(solution.lp), notes=notes,
        )
    return ProgramReport(
        data=data, status=solution.status, lower=solution.lower_bound, upper=solution.upper_bound,
        network=solution.network, solver=dict(solution.solver),
    )


def solve_program(data: DataSet, *, compare: Optional[Denoiser] = None):
    """Run the numeric path that fits the data: the 1-D LP or the 2-D group-lasso program.

    Raises
    ------
    ConditionError
        For data no program supports (online data in d >= 2, d >= 3).
    """
    from symden.errors import ConditionError

    if data.dim == 1:
        from symden.programs.univariate_lp import solve_univariate

        return solve_univariate(data)
    if data.dim == 2:
        from symden.programs.group_lasso import solve_group_lasso

        return solve_group_lasso(data, compare=compare)
    raise ConditionError(
        f"the numeric path supports 1-D data and data in the plane; these data are {data.dim}-dimensional"
    )


def _compare_exact(denoiser: Denoiser, solution) -> Verdict:
    """1-D: the closed form's exact cost against the certified exact optimum."""
    closed = denoiser.network.cost()
    if not solution.certificate_ok:
        return Verdict("numeric optimality", Status.INCONCLUSIVE, "the exact dual certificate did not check")
    if closed == solution.cost:
        return Verdict(
            "numeric optimality", Status.PROVED,
            f"the LP's exact optimum {brief(solution.cost)} carries an exact dual certificate (THEORY.md section 5) "
            "and the closed form attains it",
            facts={"optimum": solution.cost, "closed form": closed},
        )
    if closed > solution.cost:
        return Verdict(
            "numeric optimality", Status.REFUTED,
            f"the closed form costs {brief(closed)}, more than the certified optimum {brief(solution.cost)}",
            counterexample={"cheaper cost": solution.cost, "cheaper network units": len(solution.network.units)},
        )
    return Verdict("numeric optimality", Status.INCONCLUSIVE,
                   f"inconsistent: the closed form costs {brief(closed)}, below the certified optimum {brief(solution.cost)}")


def _compare_interval(denoiser: Denoiser, solution) -> Verdict:
    """2-D: the closed form's exact cost against the program's rigorous interval."""
    if solution.status != "certified":
        return Verdict("numeric optimality", Status.INCONCLUSIVE,
                       f"the program did not certify an interval: {solution.solver.get('status', solution.status)}")
    lo, hi = solution.lower_bound, solution.upper_bound
    closed = denoiser.network.cost()
    facts = {"lower bound": lo, "upper bound": hi, "closed form": closed}
    interval = f"[{to_float(lo):.6f}, {to_float(hi):.6f}]"
    if lo <= closed <= hi:
        return Verdict(
            "numeric optimality", Status.CERTIFIED,
            f"the closed form's exact cost {to_float(closed):.6f} lies in the certified interval {interval} for the optimum "
            "(weak-duality lower bound over all directions, exact feasible network for the upper bound)",
            facts=facts,
        )
    if closed > hi:
        return Verdict(
            "numeric optimality", Status.REFUTED,
            f"the closed form costs {to_float(closed):.6f}, more than an exact interpolating network found by the program "
            f"({to_float(hi):.6f}); the optimum lies in {interval}",
            counterexample={"cheaper exact cost": hi, "closed form cost": closed}, facts=facts,
        )
    return Verdict("numeric optimality", Status.INCONCLUSIVE,
                   f"inconsistent: the closed form costs {to_float(closed):.6f}, below the certified lower bound", facts=facts)


def numeric_verdicts(denoiser: Denoiser) -> tuple:
    """The numeric path's verdicts for ``denoiser``'s data, and the comparison with the closed form."""
    from symden.errors import ConditionError

    try:
        solution = solve_program(denoiser.data, compare=denoiser)
    except ConditionError as exc:
        return (Verdict("numeric optimality", Status.INCONCLUSIVE, str(exc)),)
    if denoiser.data.dim == 1:
        return tuple(solution.verdicts()) + (_compare_exact(denoiser, solution),)
    return (_compare_interval(denoiser, solution),)
