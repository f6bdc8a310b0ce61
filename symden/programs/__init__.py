"""The numeric path: convex programs whose float solutions are rationalised and proved exactly elsewhere.

This is the only package of symden that imports cvxpy (docs/theory.md section 6; STYLE.md item 6).
A program here builds a cvxpy problem, solves it, and rationalises the float solution
(:func:`symden.exact.rationalize`); the exact mathematics that turns those candidates into
proofs and rigorous bounds lives in :mod:`symden.certificates`, which needs no solver. Floats
are only ever evidence, and every program returns one :class:`~symden.records.Solution`: a
solver status other than optimal, or exact arithmetic that hits a limit, makes it
*inconclusive*, never a silent pass and never an exception.

* :mod:`symden.programs.univariate_lp`: 1-D data of any kind (single-sample clusters, interleaved
  clusters, online balls): the exact minimiser and its exact dual certificate
  (:func:`symden.certificates.univariate_optimum`), and the knot-grid LP solved with HiGHS, with
  a uniqueness probe, as independent evidence.
* :mod:`symden.programs.group_lasso`: offline data in the plane: column generation over unit
  directions, then a rigorous interval from :mod:`symden.certificates.planar`.
* :mod:`symden.programs.online`: online (ball) data in d = 2 and 3: column generation over tangent
  units, a rigorous lower bound from :mod:`symden.certificates.sphere` and an exact network equal
  to x_n on every whole ball from :mod:`symden.certificates.online` (docs/theory.md section 6b).
* :mod:`symden.programs.group_lasso_nd`: offline data in R^3: column generation over directions
  on the sphere, the lower bound from :mod:`symden.certificates.sphere` and the exact network from
  :mod:`symden.certificates.network_nd`.
"""

from symden.programs.group_lasso import solve_group_lasso, sup_eta_float
from symden.programs.group_lasso_nd import solve_group_lasso_nd
from symden.programs.online import eta_online_float, solve_online
from symden.programs.univariate_lp import solve_univariate

__all__ = ["solve_univariate", "solve_group_lasso", "solve_group_lasso_nd", "sup_eta_float", "solve_online", "eta_online_float"]
