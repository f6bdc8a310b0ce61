import sys, time, cProfile, pstats
sys.path.insert(0, "dev")
from inst3 import *
import fake_sphere; fake_sphere.install()
import symden.programs.group_lasso_nd as g
data = simplex(AXIS + SPH)
cProfile.run("sol = g.solve_group_lasso_nd(data, directions=60, prune=0.0)", "/tmp/prof.out")
pstats.Stats("/tmp/prof.out").sort_stats("cumulative").print_stats(18)
