import sys, time
sys.path.insert(0, "dev")
from inst3 import *
import numpy as np
import symden.programs.group_lasso_nd as g
import fake_sphere
captured = {}
def fake(points, targets, lam, rel_tol=1e-6):
    captured["lam"] = np.array(lam); return None
import types; m = types.ModuleType("x"); m.offline_dual_lower_bound = lambda *a, **k: (_ for _ in ()).throw(ImportError("x"))
sys.modules["symden.certificates.sphere"] = m
orig = g._lower_bound
def lb(problem, lam, rel_tol):
    captured["lam"] = lam; captured["p"] = problem; return None, "x"
g._lower_bound = lb
data = simplex(AXIS + SPH)
sol = g.solve_group_lasso_nd(data, directions=60, prune=0.0)
p, lam = captured["p"], captured["lam"]
np.save("/tmp/lam.npy", lam)
for label, kw in (("pricing", dict(W=g.fibonacci_directions(3000), cluster=p.cluster)), ("allpairs", dict(W=g.fibonacci_directions(3000), cluster=None)),
                  ("dense20k", dict(W=g.fibonacci_directions(20000), cluster=p.cluster))):
    t = time.perf_counter()
    v, w = g.sup_eta_float_nd(p.Y, lam, kw["W"], kw["cluster"], refine=10)
    j = int(np.argmax(v)); print(label, time.perf_counter() - t, v.max(), j, p.cluster[j], w[j])
    Z = p.Y - p.Y[j]; off = np.abs(Z @ w[j]) / np.maximum(np.linalg.norm(Z, axis=1), 1e-300)
    print("   samples on plane", [(int(i), int(p.cluster[i])) for i in np.argsort(off)[:5] if off[i] < 1e-6])
