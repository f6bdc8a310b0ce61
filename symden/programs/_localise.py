"""The localisation verdict shared by the programs in d >= 2 (docs/theory.md section 6b.6).

From a program's rigorous dual record and its exact upper bound, every minimiser puts all but
``(upper - lower) / delta`` of its cost on units with ``|eta| > (1 - delta) S``, and those lie in
direction clusters of rigorous angular radius (:func:`symden.certificates.localisation.localise`).
That is a *certified* statement about every minimiser, which the program reports as the verdict
``localisation``.
"""

from __future__ import annotations

from gmpy2 import mpq

from symden.errors import ConditionError, ExactLimitError, InvalidDataError
from symden.exact import to_float
from symden.records import Quantity, Status, Verdict
from symden.reference import cite

__all__ = ["LOCALISATION_DELTA", "localisation_verdict"]

#: Depth of the certificate: the clusters hold every unit with |eta| > (1 - delta) S.
LOCALISATION_DELTA = mpq(1, 100)
#: Clusters named in the verdict's text (the record has them all).
_SHOWN = 12


def localisation_verdict(bound, upper, d: int, *, centres=None, rho=None) -> Verdict:
    """CERTIFIED: where every minimiser puts its cost; INCONCLUSIVE (never an exception) when the certificate fails.

    ``bound`` is the program's dual record (an ``OnlineDualBound`` with ``centres`` and ``rho``, or
    an offline ``DualBound`` with its points), ``upper`` the exact upper bound.
    """
    from symden.certificates.localisation import localise

    online = centres is not None
    try:
        loc = localise(bound, upper, LOCALISATION_DELTA, centres=centres, rho=rho,
                       r_max=0.01 if d == 2 else 0.03, max_cells=400_000)
    except (ConditionError, InvalidDataError, ExactLimitError, ArithmeticError) as exc:
        return Verdict("localisation", Status.INCONCLUSIVE, f"the localisation certificate failed: {exc}",
                       reference=cite("6b.6"))
    share = to_float(loc.outside_cost_bound) / max(to_float(upper), 1e-300)
    parts = []
    for c in sorted(loc.clusters, key=lambda c: -c.peak)[:_SHOWN]:
        w = ", ".join(f"{to_float(x):.4f}" for x in c.direction)
        kink = f"tangent to ball {c.unit}" if online else f"kink through sample {c.unit}"
        parts.append(f"({w}) {kink} within {c.degrees:.2f} deg")
    more = f" and {len(loc.clusters) - _SHOWN} more" if len(loc.clusters) > _SHOWN else ""
    loose = "" if loc.converged else " (the cover stopped at its cell budget: its clusters are larger than asked, still valid)"
    return Verdict(
        "localisation", Status.CERTIFIED,
        f"every minimiser puts all but {to_float(loc.outside_cost_bound):.3g} of its cost ({100 * share:.3g}% of the "
        f"optimum) on units with |eta| > (1 - {loc.delta}) S, and those lie in {len(loc.clusters)} direction "
        f"clusters: {'; '.join(parts)}{more}{loose}",
        evidence=((Quantity.BOUND, loc.outside_cost_bound), (Quantity.UNITS, mpq(len(loc.clusters)))),
        reference=cite("6b.6"))
