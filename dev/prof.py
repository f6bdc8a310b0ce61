import sys, time
sys.path.insert(0, "dev")
from inst3 import *
import numpy as np
import symden.programs.group_lasso_nd as g
data = simplex(AXIS + SPH)
p = g._prepare(data)
W, k = g._initial_columns(p, 300)
F = g._features(p.Y, W, k); keep = F.max(axis=0) > 1e-9; F = F[:, keep]
print("cols", F.shape, "unique cols", np.unique(np.round(F, 12), axis=1).shape)
t = time.perf_counter(); m = g._solve_master(p, F, "CLARABEL"); print("master", time.perf_counter() - t, m.status, m.value)
t = time.perf_counter(); v, b = g.sup_eta_float_nd(p.Y, m.lam, g.fibonacci_directions(3000)); print("pricing", time.perf_counter() - t, v.max())
import cvxpy as cp
n, d = p.Y.shape
M = np.hstack([F, p.Y, np.ones((n, 1))])
eig, U = np.linalg.eigh(M @ M.T); order = np.argsort(eig)[::-1]; eig, U = eig[order], U[:, order]
s = np.sqrt(np.clip(eig, 0, None)); r = int(np.sum(s > 1e-9 * s[0])); Ur = U[:, :r]
A = cp.Variable((F.shape[1], d)); V = cp.Variable((d, d)); c = cp.Variable((1, d))
eq = (Ur.T @ F) @ A + (Ur.T @ p.Y) @ V.T + (Ur.T @ np.ones((n, 1))) @ c == Ur.T @ p.T
pr = cp.Problem(cp.Minimize(cp.sum(cp.norm(A, 2, axis=1))), [eq])
t = time.perf_counter(); pr.solve(solver="CLARABEL", **g._CLARABEL_OPTIONS); print("total", time.perf_counter() - t, "compile", pr.compilation_time, "solve", pr.solver_stats.solve_time, pr.solver_stats.num_iters, r)
# dual form: max <mu, Ur^T T> s.t. |(Ur^T F)_u^T mu| <= 1, (Ur^T Y)^T mu = 0, (Ur^T 1)^T mu = 0
mu = cp.Variable((r, d))
G = Ur.T @ F
cons = [cp.norm(G.T @ mu, 2, axis=1) <= 1, (Ur.T @ p.Y).T @ mu == 0, (Ur.T @ np.ones((n, 1))).T @ mu == 0]
pd = cp.Problem(cp.Maximize(cp.sum(cp.multiply(Ur.T @ p.T, mu))), cons)
t = time.perf_counter(); pd.solve(solver="CLARABEL", **g._CLARABEL_OPTIONS); print("dual total", time.perf_counter() - t, "compile", pd.compilation_time, "solve", pd.solver_stats.solve_time, pd.solver_stats.num_iters, pd.value)
