import sys, time
sys.path.insert(0, "dev")
from inst3 import *
from symden.exact import exact
from symden.programs.group_lasso_nd import solve_group_lasso_nd
r = exact("sqrt(3)") / 30  # cube vertices (+-1,+-1,+-1)/(10 sqrt 3): algebraic samples on the sphere of radius 1/10
cube = [(a * r, b * r, c * r) for a in (1, -1) for b in (1, -1) for c in (1, -1)]
C = [(0, 0, 0), (1, 0, 0), (0, 1, 0)]
data = DataSet(clean=[tuple(map(mpq, c)) + () for c in C], samples=[cluster(c, cube) for c in C])
t = time.perf_counter(); sol = solve_group_lasso_nd(data); print("time %.1f" % (time.perf_counter() - t), sol.status.value, sol.lower and float(sol.lower), sol.upper and float(sol.upper), sol.solver_info("rounds"))
print(sol.verdicts[0].detail[:700])
