import sys, time
sys.path.insert(0, "dev")
import numpy as np
from inst3 import *
import symden.programs.group_lasso_nd as g
from symden.certificates import sphere
cap = {}
orig = sphere.offline_dual_lower_bound
def spy(points, targets, lam, **kw):
    cap["args"] = (points, targets, lam); return orig(points, targets, lam, **kw)
sphere.offline_dual_lower_bound = spy
name = sys.argv[1]
data = {"simplex": simplex, "simplex-sph": lambda: simplex(AXIS + SPH), "line": collinear, "tri": triangle3}[name]()
sol = g.solve_group_lasso_nd(data)
points, targets, lam = cap["args"]
for spec in sys.argv[2:]:
    mc, rt = int(spec.split(":")[0]), float(spec.split(":")[1])
    t = time.perf_counter(); b = orig(points, targets, lam, rel_tol=rt, max_cells=mc)
    print(name, mc, rt, "%.1f s" % (time.perf_counter() - t), "S", float(b.sup_bound), "gap", float((sol.upper - b.lower_bound) / sol.upper))
