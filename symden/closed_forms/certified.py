"""docs/theory.md's certified instances, and an exact similarity test against them.

docs/theory.md marks some optimality statements [certified]: checked numerically with a rigorous
duality lower bound *on the instances named*. The cost is invariant under similarity (scaling
the data and the radius together leaves ``sum |a||w|`` unchanged), so symden reports
"certified" exactly when the user's data are similar to a named instance, and otherwise calls
the construction an upper bound.
"""

from __future__ import annotations

from itertools import permutations
from typing import Optional, Sequence

from symden.data import DataSet
from symden.exact import exact
from symden.geometry import norm2, sub

__all__ = ["CERTIFIED_ONLINE", "certified_instance"]

#: (id, clean points, radius, structure) of docs/theory.md section 8 instances whose online
#: optimality THEORY marks [certified].
CERTIFIED_ONLINE = (
    ("M2", [(0, 0), (1, 0), (2, 0), ("-0.9", "1.2")], "1/10", "rays"),
    ("M3", [(0, 0), (1, 0), ("-1/2", 1)], "1/10", "simplex-edge"),
    ("M5", [(0, 0), (1, 0), ("1/2", "sqrt(3)/2")], "1/10", "simplex-face"),
)


def _similar(a: Sequence, ra, b: Sequence, rb) -> bool:
    """Exact similarity of two small point sets with radii (some ordering matches all distances)."""
    if len(a) != len(b):
        return False
    n = len(a)
    da = {(i, j): norm2(sub(a[i], a[j])) for i in range(n) for j in range(i + 1, n)}
    for perm in permutations(range(n)):
        lam = None
        ok = True
        for (i, j), d in da.items():
            pi, pj = sorted((perm[i], perm[j]))
            db = norm2(sub(b[pi], b[pj]))
            if lam is None:
                lam = d / db
            if d != lam * db:
                ok = False
                break
        if ok and lam is not None and ra * ra == lam * rb * rb:
            return True
    return False


def certified_instance(data: DataSet, structure: str) -> Optional[str]:
    """The id of the certified THEORY instance similar to these online data, or None."""
    if data.radius is None or data.size > 6:
        return None
    for name, clean, radius, kind in CERTIFIED_ONLINE:
        if kind != structure:
            continue
        pts = [tuple(exact(c) for c in p) for p in clean]
        if _similar(data.clean, data.radius, pts, exact(radius)):
            return name
    return None
