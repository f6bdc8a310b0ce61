"""Exact duals for the sphere-bound and localisation tests (tests/test_sphere.py, tests/test_localisation.py).

Random centres or sample points with a random dual, projected exactly onto the annihilation
constraints, and the known optimal dual of the two-ball ramp.
"""

from __future__ import annotations

import numpy as np
from gmpy2 import mpq

from symden.certificates.planar import project_dual
from symden.certificates.sphere import project_online_dual
from symden.exact import rationalize

__all__ = ["rq", "random_online", "random_offline", "two_ball_dual"]


def rq(x: float) -> mpq:
    return rationalize(float(x), max_denominator=10**6)


def random_online(d: int, N: int, seed: int):
    rng = np.random.default_rng(seed)
    while True:
        cen = [tuple(rq(v) for v in 1.5 * rng.normal(size=d)) for _ in range(N)]
        c = np.array(cen, dtype=float)
        if min(np.linalg.norm(c[i] - c[j]) for i in range(N) for j in range(i)) > 0.4:
            break
    lam = [tuple(rq(v) for v in rng.normal(size=d)) for _ in range(N)]
    Lam = [tuple(tuple(rq(v) for v in row) for row in rng.normal(size=(d, d))) for _ in range(N)]
    lam, Lam = project_online_dual(cen, lam, Lam)
    return cen, lam, Lam


def random_offline(d: int, clusters: int, per: int, seed: int, spread: float = 0.15):
    rng = np.random.default_rng(seed)
    centres = 1.5 * rng.normal(size=(clusters, d))
    pts = [tuple(rationalize(float(v), max_denominator=10**9) for v in c + spread * rng.normal(size=d))
           for c in centres for _ in range(per)]
    lam = project_dual(pts, [tuple(rq(v) for v in rng.normal(size=d)) for _ in pts])
    return pts, lam


def two_ball_dual(d: int):
    """The optimal dual of the 1-D ramp between balls at 0 and e_1 embedded in R^d: sup |eta| = 1."""
    zero = mpq(0)
    cen = [tuple([zero] * d), tuple([mpq(1)] + [zero] * (d - 1))]
    lam = [tuple([mpq(-5, 2)] + [zero] * (d - 1)), tuple([mpq(5, 2)] + [zero] * (d - 1))]
    M = tuple(tuple(mpq(-5, 4) if (a == 0 and b == 0) else zero for b in range(d)) for a in range(d))
    return cen, lam, [M, M]
