"""Exact certificates: the proofs behind the numeric path, with no solver and no cvxpy.

A convex program (:mod:`symden.programs`) proposes; these modules prove (docs/theory.md
sections 3, 5 and 6). Everything here is exact arithmetic on exact inputs, so a proof never
needs cvxpy imported.

* :mod:`symden.certificates.univariate`: the 1-D minimum-cost interpolant of any data, its exact
  dual certificate, the free intervals and the kinked member, and the exact uniqueness rule.
* :mod:`symden.certificates.planar`: the exact dual projection, the rigorous bound on
  ``sup |eta|`` over all directions, the weak-duality lower bound, and the exact re-solve that
  turns a program's units into an interpolating network (the upper bound).
* :mod:`symden.certificates.sphere`: rigorous bounds on ``sup |eta|`` over all unit directions in
  d = 2, 3, 4 (online tangent units and offline kinks), the exact online dual projection and the
  weak-duality lower bounds. It uses numpy, so it is loaded only on first use of one of its names
  (1-D paths never load numpy).
"""

from symden.certificates.planar import (
    DualBound,
    dual_lower_bound,
    exact_network,
    project_dual,
    rational_above,
    rational_below,
    sup_eta_bound,
)
from symden.certificates.univariate import (
    DualCertificate,
    UnivariateOptimum,
    chord_slopes,
    check_dual_certificate,
    discrete_curvatures,
    dual_certificate,
    eta_from_weights,
    free_intervals,
    interpolant_network,
    interpolation_failures,
    interpolation_points,
    kinked_member,
    linear_interpolant,
    optimality_verdict,
    saturated_intervals,
    uniqueness_verdict,
    univariate_optimum,
)

__all__ = [
    # 1-D
    "DualCertificate",
    "UnivariateOptimum",
    "chord_slopes",
    "check_dual_certificate",
    "discrete_curvatures",
    "dual_certificate",
    "eta_from_weights",
    "free_intervals",
    "interpolant_network",
    "interpolation_failures",
    "interpolation_points",
    "kinked_member",
    "linear_interpolant",
    "optimality_verdict",
    "saturated_intervals",
    "uniqueness_verdict",
    "univariate_optimum",
    # planar
    "DualBound",
    "dual_lower_bound",
    "exact_network",
    "project_dual",
    "rational_above",
    "rational_below",
    "sup_eta_bound",
    # sphere (loaded lazily)
    "OnlineDualBound",
    "SphereBound",
    "offline_dual_lower_bound",
    "offline_sup_bound",
    "online_dual_lower_bound",
    "online_sup_bound",
    "project_online_dual",
]

_SPHERE = frozenset(__all__[__all__.index("OnlineDualBound"):])


def __getattr__(name: str):
    if name in _SPHERE:
        from symden.certificates import sphere

        return getattr(sphere, name)
    raise AttributeError(f"module 'symden.certificates' has no attribute {name!r}")
