"""Dev: test instances in R^3 (not part of the package)."""
from gmpy2 import mpq
from symden.data import DataSet

AXIS = [tuple(mpq(s, 10) if i == k else mpq(0) for i in range(3)) for k in range(3) for s in (1, -1)]
# rational points on the sphere of radius 1/10: (+-2, +-2, +-1)/30 type (|(2,2,1)| = 3), 8 of them
SPH = [(mpq(2*a, 30), mpq(2*b, 30), mpq(c, 30)) for a in (1, -1) for b in (1, -1) for c in (1, -1)]

def cluster(c, offs):
    c = tuple(mpq(v) for v in c)
    return [c] + [tuple(ci + oi for ci, oi in zip(c, o)) for o in offs]

def simplex(offs=AXIS):
    C = [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)]
    return DataSet(clean=[tuple(map(mpq, c)) for c in C], samples=[cluster(c, offs) for c in C], name="right-simplex-3")

def collinear():
    C = [(0, 0, 0), (1, 2, 2), (3, 6, 6)]  # on the line t (1,2,2)/3
    u = (mpq(1, 3), mpq(2, 3), mpq(2, 3))
    offs = [tuple(s * ui for ui in u) for s in (mpq(1, 10), mpq(-1, 10), mpq(1, 20))]
    return DataSet(clean=[tuple(map(mpq, c)) for c in C], samples=[cluster(c, offs) for c in C], name="line-3")

def triangle3(embed=True):
    C = [(0, 0), (1, 0), (mpq(-1, 2), 1)]
    offs2 = [(mpq(1, 10), 0), (mpq(-1, 10), 0), (0, mpq(1, 10)), (0, mpq(-1, 10)), (mpq(3, 50), mpq(4, 50)), (mpq(-3, 50), mpq(4, 50))]
    if not embed:
        return DataSet(clean=[tuple(map(mpq, c)) for c in C], samples=[cluster(c, offs2) for c in C], name="tri-2")
    C3 = [tuple(map(mpq, c)) + (mpq(0),) for c in C]
    offs3 = [tuple(map(mpq, o)) + (mpq(0),) for o in offs2]
    return DataSet(clean=C3, samples=[cluster(c, offs3) for c in C3], name="tri-3")
