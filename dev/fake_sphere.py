"""DEV ONLY: a FLOAT stand-in for symden.certificates.sphere (NOT rigorous): dense sup + refinement."""
import sys, types
import numpy as np
from gmpy2 import mpq
from symden.certificates.planar import DualBound, project_dual, rational_below, _round_down
from symden.exact import exact_sum, rationalize, to_float

def offline_dual_lower_bound(points, targets, lam_float, *, rel_tol=1e-6):
    from symden.programs.group_lasso_nd import sup_eta_float_nd, fibonacci_directions
    rational = [tuple(rationalize(float(v), max_denominator=10**9, name="lambda") for v in w) for w in lam_float]
    lam = project_dual(points, rational)
    num = rational_below(exact_sum(a * t for w, y in zip(lam, targets) for a, t in zip(w, y)))
    Y = np.array([[to_float(v) for v in y] for y in points]); L = np.array([[to_float(v) for v in w] for w in lam])
    vals, _ = sup_eta_float_nd(Y, L, fibonacci_directions(30000), refine=12)
    S = mpq(float(vals.max()) * (1 + 1e-12))
    return DualBound(weights=lam, numerator=num, sup_bound=S, lower_bound=_round_down(num / S), points=tuple(points), targets=tuple(targets))

def install():
    m = types.ModuleType("symden.certificates.sphere")
    m.offline_dual_lower_bound = offline_dual_lower_bound
    sys.modules["symden.certificates.sphere"] = m
