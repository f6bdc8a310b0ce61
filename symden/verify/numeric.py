"""Verdicts from the numeric path (docs/theory.md sections 5 and 6): the closed form against the program.

Every program returns one :class:`~symden.records.Solution` with exact, rigorous bounds
``[lower, upper]`` on the minimum cost; the comparison reads the record, never the program:

* an exact optimum (``lower == upper`` with status PROVED: the 1-D program's exact dual
  certificate): the closed form is *proved* optimal when its exact cost equals it;
* a certified interval (the offline programs in the plane and in R^3: a weak-duality lower bound
  and an exact feasible network): a closed form whose exact cost lies in it is *certified*;
* either way, a closed form that costs more than ``upper`` is *refuted*, with the program's
  exact network as the cheaper counterexample;
* anything else, and any solver trouble, is *inconclusive* with the reason.

cvxpy is imported only inside :mod:`symden.programs`, which this module loads on demand (the
dependency points down: checks use programs, programs never use checks).
"""

from __future__ import annotations

from typing import Optional

from gmpy2 import mpq

from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import ConditionError, ExactLimitError
from symden.exact import brief, to_float
from symden.records import Quantity, Solution, Status, Verdict
from symden.reference import cite

__all__ = ["numeric_verdicts", "solve_program", "compare_with_solution"]


def solve_program(data: DataSet, *, compare: Optional[Denoiser] = None) -> Solution:
    """Run the numeric path that fits the data: the 1-D LP, or the offline group lasso in the plane or in R^3.

    Raises
    ------
    ConditionError
        For data no program supports (online data in d >= 2, d >= 4).
    """
    if data.dim == 1:
        from symden.programs.univariate_lp import solve_univariate

        return solve_univariate(data)
    if data.dim == 2:  # offline planar data (the planar program refuses online ones, saying how to sample them)
        from symden.programs.group_lasso import solve_group_lasso

        return solve_group_lasso(data, compare=compare)
    if data.dim == 3 and data.setting == "offline":
        from symden.programs.group_lasso_nd import solve_group_lasso_nd

        return solve_group_lasso_nd(data, compare=compare)
    # online data in d >= 3 belong to the online program of docs/theory.md section 6b (symden.programs.online)
    what = f"online data in d = {data.dim}" if data.setting == "online" else f"{data.dim}-dimensional"
    raise ConditionError(
        f"the numeric path supports 1-D data and offline data in the plane and in R^3; these data are {what}"
    )


def _undecided(solution: Solution) -> str:
    """Why the program decided nothing: its first verdict that does not hold, else its notes."""
    failed = [v.detail for v in solution.verdicts if not v.holds]
    return failed[0] if failed else "; ".join(solution.notes) or f"the program's status is {solution.status}"


def compare_with_solution(denoiser: Denoiser, solution: Solution) -> Verdict:
    """The closed form's exact cost against the program's rigorous bounds ``[lower, upper]``.

    Inside the bounds the closed form is a minimiser with the program's standing (PROVED for an
    exact optimum with a certificate, CERTIFIED for an interval); above ``upper`` it is REFUTED
    (the program's exact network interpolates more cheaply); below ``lower``, or when the
    program decided nothing, INCONCLUSIVE.
    """
    name, ref = "numeric optimality", cite("6")
    if not solution.status.holds or solution.lower is None or solution.upper is None:
        return Verdict(name, Status.INCONCLUSIVE, f"the program did not bound the optimum: {_undecided(solution)}",
                       reference=ref)
    lo, hi = solution.lower, solution.upper
    try:
        closed = denoiser.network.cost()
        inside, above = lo <= closed <= hi, closed > hi
    except (ExactLimitError, OverflowError) as exc:
        return Verdict(name, Status.INCONCLUSIVE,
                       f"the closed form's exact cost is not decided: exact arithmetic hit a limit "
                       f"({type(exc).__name__}: {exc})", reference=ref)
    exact = solution.exact and solution.status is Status.PROVED  # an exact optimum with its certificate
    if exact:
        facts = ((Quantity.OPTIMUM, lo), (Quantity.CLOSED_FORM_COST, closed))
        bounds, located = f"the certified optimum {brief(lo)}", f"the optimum is {brief(lo)}"
    else:
        facts = ((Quantity.LOWER_BOUND, lo), (Quantity.UPPER_BOUND, hi), (Quantity.CLOSED_FORM_COST, closed))
        interval = f"[{to_float(lo):.6f}, {to_float(hi):.6f}]"
        bounds, located = f"the certified interval {interval} for the optimum", f"the optimum lies in {interval}"
    cheaper = ((Quantity.CHEAPER_COST, hi),
               (Quantity.UNITS, mpq(len(solution.network.units)) if solution.network is not None else None),
               (Quantity.CLOSED_FORM_COST, closed))
    if inside and exact:
        return Verdict(name, solution.status,
                       f"the program's exact optimum {brief(lo)} carries an exact dual certificate ({cite('5')}) "
                       "and the closed form attains it", evidence=facts, reference=ref)
    if inside:
        return Verdict(name, solution.status,
                       f"the closed form's exact cost {to_float(closed):.6f} lies in {bounds} (weak-duality lower "
                       "bound over all directions, exact feasible network for the upper bound)",
                       evidence=facts, reference=ref)
    if above:
        return Verdict(name, Status.REFUTED,
                       f"the closed form costs {brief(closed) if exact else f'{to_float(closed):.6f}'}, more "
                       f"than an exact interpolating network found by the program "
                       f"({brief(hi) if exact else f'{to_float(hi):.6f}'}); {located}",
                       evidence=facts, counterexample=cheaper, reference=ref)
    return Verdict(name, Status.INCONCLUSIVE,
                   f"inconsistent: the closed form costs {to_float(closed):.6f}, below {bounds}",
                   evidence=facts, reference=ref)


def numeric_verdicts(denoiser: Denoiser) -> tuple:
    """The program's own verdicts for ``denoiser``'s data, then the comparison with the closed form."""
    try:
        solution = solve_program(denoiser.data, compare=denoiser)
    except ConditionError as exc:
        return (Verdict("numeric optimality", Status.INCONCLUSIVE, str(exc), reference=cite("6")),)
    return tuple(solution.verdicts) + (compare_with_solution(denoiser, solution),)
