import sys, time
sys.path.insert(0, "dev")
from inst3 import *
if "--fake" in sys.argv:
    import fake_sphere; fake_sphere.install()
from symden.programs.group_lasso_nd import solve_group_lasso_nd
name = sys.argv[1]
data = {"simplex": simplex, "simplex-sph": lambda: simplex(AXIS + SPH), "line": collinear, "tri": triangle3}[name]()
t = time.perf_counter()
sol = solve_group_lasso_nd(data)
print(name, "time", round(time.perf_counter() - t, 2), sol.status)
print({k: v for k, v in sol.solver if k != "directions"})
print("lower", float(sol.lower) if sol.lower is not None else None)
print("upper", float(sol.upper) if sol.upper is not None else None, "primal", sol.solver_info("primal value"))
print(sol.verdicts[0].detail[:600])
