import sys, time
sys.path.insert(0, "dev")
from inst3 import *
import numpy as np, cvxpy as cp, scipy.linalg as sl
import symden.programs.group_lasso_nd as g
data = simplex(AXIS + SPH)
p = g._prepare(data)
W, k = g._initial_columns(p, 150)
F = g._features(p.Y, W, k); keep = F.max(axis=0) > 1e-9; F = F[:, keep]
print("cols", F.shape, "nnz frac", (F != 0).mean())
t = time.perf_counter(); m = g._solve_master(p, F, "CLARABEL"); print("compressed", time.perf_counter() - t, m.status, m.value)
n, d = p.Y.shape
M = np.hstack([F, p.Y, np.ones((n, 1))])
q, r, piv = sl.qr(M.T, pivoting=True, mode="economic")
rank = int(np.sum(np.abs(np.diag(r)) > 1e-9 * abs(r[0, 0])))
rows = np.sort(piv[:rank]); print("rank", rank)
import scipy.sparse as sp
Fs = sp.csr_matrix(F[rows])
A = cp.Variable((F.shape[1], d)); V = cp.Variable((d, d)); c = cp.Variable((1, d))
eq = Fs @ A + p.Y[rows] @ V.T + np.ones((len(rows), 1)) @ c == p.T[rows]
pr = cp.Problem(cp.Minimize(cp.sum(cp.norm(A, 2, axis=1))), [eq])
t = time.perf_counter(); pr.solve(solver="CLARABEL", **g._CLARABEL_OPTIONS); print("subset", time.perf_counter() - t, pr.status, pr.value, pr.solver_stats.num_iters)
# per-coordinate split variables: A as d separate columns
A2 = [cp.Variable(F.shape[1]) for _ in range(d)]
t = time.perf_counter()
cons = [Fs @ A2[k] + p.Y[rows] @ V[k] + c[0, k] == p.T[rows, k] for k in range(d)]
pr2 = cp.Problem(cp.Minimize(cp.sum(cp.norm(cp.vstack(A2), 2, axis=0))), cons)
pr2.solve(solver="CLARABEL", **g._CLARABEL_OPTIONS); print("split", time.perf_counter() - t, pr2.status, pr2.value, pr2.solver_stats.num_iters, pr2.solver_stats.solve_time)
