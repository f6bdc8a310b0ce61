import sys, time
sys.path.insert(0, "dev"); sys.path.insert(0, "tests")
import numpy as np
from inst3 import *
import symden.programs.group_lasso_nd as g
from symden.certificates import sphere
from symden.exact import to_float
cap = {}
orig = sphere.offline_dual_lower_bound
def spy(points, targets, lam, **kw):
    cap["lam"] = np.array(lam); t = time.perf_counter(); b = orig(points, targets, lam, **kw); cap["t"] = time.perf_counter() - t; cap["b"] = b; return b
sphere.offline_dual_lower_bound = spy
name = sys.argv[1]
data = {"simplex": simplex, "simplex-sph": lambda: simplex(AXIS + SPH), "line": collinear, "tri": triangle3}[name]()
t = time.perf_counter(); sol = g.solve_group_lasso_nd(data); T = time.perf_counter() - t
b = cap["b"]; p = g._prepare(data)
L = np.array([[to_float(v) for v in w] for w in b.weights])
v, w = g.sup_eta_float_nd(p.Y, L, g.fibonacci_directions(24000), p.cluster, refine=10)
sb = sphere.offline_sup_bound(p.points, b.weights, rel_tol=1e-6)
print(name, "total %.1f s, sphere %.1f s" % (T, cap["t"]), sol.status, "S", float(b.sup_bound), "pricing on projected lam", v.max(), "sphere best", sb.best, sb.argmax, "cells", sb.cells, "pricing argmax", w[int(np.argmax(v))], int(np.argmax(v)))
print("lower", float(sol.lower), "upper", float(sol.upper), "gap", float((sol.upper - sol.lower) / sol.upper), "primal", sol.solver_info("primal value"), "float sup", sol.solver_info("sup_eta"))
print("max |lam float - lam proj|", np.abs(cap["lam"] - L).max())
