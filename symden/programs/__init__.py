"""The numeric path: convex programs whose float solutions are rationalised and re-checked exactly.

This is the only package of symden that imports cvxpy (THEORY.md section 6; STYLE.md item 6).
Every program here goes problem -> cvxpy program -> float solution -> explicit rationalisation
(:func:`symden.exact.rationalize`) -> exact check, and floats are only ever evidence: a verdict
of "proved" comes from exact arithmetic, and a solver status other than optimal makes the
numeric evidence "inconclusive", never a silent pass.

* :mod:`symden.programs.univariate_lp`: 1-D data of any kind (single-sample clusters, interleaved
  clusters, online balls): the exact minimiser and its exact dual certificate, uniqueness, and the
  knot-grid LP solved with HiGHS as independent evidence.
"""

from symden.programs.univariate_lp import (
    DualCertificate,
    IntervalProbe,
    UnivariateSolution,
    check_dual_certificate,
    discrete_curvatures,
    dual_certificate,
    free_intervals,
    interpolation_points,
    kinked_member,
    linear_interpolant,
    solve_univariate,
)

__all__ = [
    "DualCertificate",
    "IntervalProbe",
    "UnivariateSolution",
    "check_dual_certificate",
    "discrete_curvatures",
    "dual_certificate",
    "free_intervals",
    "interpolation_points",
    "kinked_member",
    "linear_interpolant",
    "solve_univariate",
]

# the planar group-lasso program (THEORY.md sections 5-6) and THEORY.md section 8's offline instances
from symden.programs.group_lasso import (  # noqa: E402
    DualBound,
    ProgramSolution,
    dual_lower_bound,
    project_dual,
    solve_group_lasso,
    sup_eta_bound,
    sup_eta_float,
)
from symden.instances import OFFLINE_INSTANCES, circle_offsets, offline_instance, offline_samples  # noqa: E402

__all__ += [
    "DualBound",
    "ProgramSolution",
    "dual_lower_bound",
    "project_dual",
    "solve_group_lasso",
    "sup_eta_bound",
    "sup_eta_float",
    "OFFLINE_INSTANCES",
    "circle_offsets",
    "offline_instance",
    "offline_samples",
]
