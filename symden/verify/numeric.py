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
from symden.geometry import PROGRAM_MAX_DIM
from symden.progress import task
from symden.records import Quantity, Solution, Status, Verdict, Verdicts
from symden.reference import cite
from symden.rounding import interval_text

__all__ = ["numeric_verdicts", "program_covers", "solve_program", "compare_with_solution", "with_numeric"]


def _gap(lo, hi) -> float:
    """The relative gap ``(upper - lower) / upper`` of an interval, for display."""
    h = to_float(hi)
    return (h - to_float(lo)) / h if h else 0.0


def program_covers(data: DataSet) -> bool:
    """True when a convex program of symden solves these data: 1-D data, offline or online data in d = 2 and 3.

    Printed pointers to ``symden solve`` or ``verify --numeric`` are given only for such data.
    """
    return data.dim <= PROGRAM_MAX_DIM


def solve_program(data: DataSet, *, compare: Optional[Denoiser] = None, probe: Optional[bool] = None) -> Solution:
    """Run the numeric path that fits the data: the 1-D LP, the planar group lasso, or the online program.

    1-D data go to :func:`symden.programs.solve_univariate`, offline data in the plane to
    :func:`symden.programs.solve_group_lasso`, online (ball) data in d = 2 and 3 to
    :func:`symden.programs.solve_online` (docs/theory.md section 6b.3), offline data in R^3 to
    :func:`symden.programs.solve_group_lasso_nd` (section 6.8).

    ``probe`` is the uniqueness probe (evidence). In 1-D it runs beside the exact rule: True always,
    False never, None up to :data:`symden.programs.univariate_lp.PROBE_AUTO_INTERVALS` intervals. In
    d >= 2 (a ``uniqueness`` verdict; section 6b.7) it runs only when True.

    Raises
    ------
    ConditionError
        For data no program supports (d >= 4).
    """
    with task("solving the convex program", unit=""):  # its bar shows the elapsed time, the programs' tasks beneath
        return _solve(data, compare=compare, probe=probe)


def _solve(data: DataSet, *, compare: Optional[Denoiser], probe: Optional[bool]) -> Solution:
    if data.dim == 1:
        from symden.programs.univariate_lp import solve_univariate

        return solve_univariate(data, probe=probe)
    if data.setting == "online" and data.dim in (2, 3):
        from symden.programs.online import solve_online

        return solve_online(data, compare=compare, probe=bool(probe))
    if data.dim == 2:
        from symden.programs.group_lasso import solve_group_lasso

        return solve_group_lasso(data, compare=compare, probe=bool(probe))
    if data.dim == 3 and data.setting == "offline":
        from symden.programs.group_lasso_nd import solve_group_lasso_nd

        return solve_group_lasso_nd(data, compare=compare, probe=bool(probe))
    what = f"online data in d = {data.dim}" if data.setting == "online" else f"{data.dim}-dimensional"
    raise ConditionError(
        f"the numeric path supports 1-D data and offline and online data in d = 2 and 3; these data are {what}"
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
        interval = f"{interval_text(lo, hi, 10)} (relative gap {_gap(lo, hi):.1e})"
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
                       f"the closed form's exact cost {to_float(closed):.10f} lies in {bounds} (weak-duality lower "
                       "bound over all directions, exact feasible network for the upper bound): it is a minimiser to "
                       "within that gap",
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
        solution = solve_program(denoiser.data, compare=denoiser, probe=True if denoiser.data.dim >= 2 else None)
    except ConditionError as exc:
        return (Verdict("numeric optimality", Status.INCONCLUSIVE, str(exc), reference=cite("6")),)
    return tuple(solution.verdicts) + (compare_with_solution(denoiser, solution),)


def with_numeric(verdicts: tuple, numeric: tuple) -> Verdicts:
    """The exact checks' verdicts merged with the program's (``symden verify --numeric``), each claim once.

    The program decides optimality where the exact checks could not (docs/theory.md section 6.6):

    * an exact optimality verdict that is PROVED stays, and the program's comparison is kept as
      an independent second line (``numeric optimality``);
    * an optimality verdict resting on similarity to a THEORY instance (CERTIFIED, relayed) keeps
      its label only if the computation for these data agrees: it becomes the program's verdict
      (certified to the interval's gap, or refuted with the exact cheaper network), and
      inconclusive, saying why, when the program decided nothing;
    * an inconclusive optimality verdict is replaced by the program's.

    The program's own verdicts follow the same rule by name: one for a claim the exact checks
    left inconclusive replaces it (a uniqueness probe: *evidence*, or inconclusive saying what it
    found), one that repeats a decided exact verdict with the same status is dropped, and one that
    disagrees is kept beside it as ``"<claim> (program)"``. Verdicts of other names (the
    interval) are appended. An inconclusive uniqueness line whose probe did not run says so
    instead of pointing to ``--numeric``, which is running.
    """
    compare = next((v for v in numeric if v.name == "numeric optimality"), None)
    out = list(verdicts)
    if compare is not None:
        placed = False
        for i, v in enumerate(out):
            if v.name != "optimality" or v.status is Status.PROVED:
                continue
            placed = True
            if v.status is Status.CERTIFIED and not compare.holds and compare.status is not Status.REFUTED:
                out[i] = Verdict("optimality", Status.INCONCLUSIVE,
                                 f"the similarity argument ({v.detail}) is not confirmed: the program for these data "
                                 f"decided nothing ({compare.detail})", evidence=compare.evidence,
                                 reference=compare.reference)
                continue
            relayed = (f"; these data are also similar to a THEORY instance ({v.reference})"
                       if v.status is Status.CERTIFIED and compare.holds else "")
            out[i] = Verdict("optimality", compare.status, compare.detail + relayed, evidence=compare.evidence,
                             counterexample=compare.counterexample, reference=compare.reference)
        if not placed:
            out.append(compare)
    for o in numeric:
        if o.name == "numeric optimality":
            continue
        i = next((k for k, v in enumerate(out) if v.name == o.name), None)
        if i is None:
            out.append(o)
        elif out[i].status is Status.INCONCLUSIVE:
            out[i] = o  # the program says what it found, even when it did not decide either
        elif out[i].status is o.status:
            continue
        elif o.status is Status.INCONCLUSIVE or o.status is Status.EVIDENCE:
            continue  # the exact verdict decides; the program adds nothing
        else:
            out.append(Verdict(f"{o.name} (program)", o.status, o.detail, evidence=o.evidence,
                               counterexample=o.counterexample, reference=o.reference))
    ran = {o.name for o in numeric}
    for i, v in enumerate(out):  # an undecided claim whose program check did not run says so, pointing nowhere
        if v.name == "uniqueness" and v.status is Status.INCONCLUSIVE and "uniqueness" not in ran and "--numeric" in v.detail:
            out[i] = Verdict("uniqueness", Status.INCONCLUSIVE,
                             f"no uniqueness statement is proved for this structure in d >= 2 ({cite('6b.7')}); the "
                             "program's uniqueness probe did not run: it runs once the program certifies the "
                             "min-cost interval, which it did not here (see optimality)", reference=cite("6b.7"))
    return Verdicts(out)
