import sys, time
sys.path.insert(0, "dev")
from inst3 import *
if "--fake" in sys.argv: import fake_sphere; fake_sphere.install()
from symden.programs.group_lasso_nd import solve_group_lasso_nd
name = sys.argv[1]; kw = eval("dict(" + (sys.argv[2] if len(sys.argv) > 2 else "") + ")")
data = {"simplex": simplex, "simplex-sph": lambda: simplex(AXIS + SPH), "line": collinear, "tri": triangle3}[name]()
t = time.perf_counter()
sol = solve_group_lasso_nd(data, **kw)
f = lambda x: None if x is None else float(x)
print(name, kw, "time %.1f" % (time.perf_counter() - t), sol.status, "rounds", sol.solver_info("rounds"), "cols", sol.solver_info("columns"), "status", sol.solver_info("status"),
      "sup %.7f" % sol.solver_info("sup_eta"), "lower", f(sol.lower), "upper", f(sol.upper), "primal", sol.solver_info("primal value"),
      "gap", None if sol.lower is None or sol.upper is None else float((sol.upper - sol.lower) / sol.upper), "sphere", sol.solver_info("sphere_cells"), sol.solver_info("sphere_seconds"))
