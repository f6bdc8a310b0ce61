"""Hypothesis strategies over exact data, shared by every test module."""

from __future__ import annotations

from fractions import Fraction

from gmpy2 import mpq as Q
from hypothesis import strategies as st

from symden.data import DataSet
from symden.geometry import dot, norm2, scale, sub
from symden.records import Structure


def fractions(min_value: int = -50, max_value: int = 50, max_denominator: int = 12) -> st.SearchStrategy[Fraction]:
    """Exact rationals with small denominators in [min_value, max_value]."""
    return st.builds(
        lambda p, q: Fraction(p, q),
        st.integers(min_value * max_denominator, max_value * max_denominator),
        st.integers(1, max_denominator),
    ).filter(lambda x: min_value <= x <= max_value)


positive_fractions = st.builds(lambda p, q: Fraction(p, q), st.integers(1, 60), st.integers(1, 12))


def _increasing_points(draw: st.DrawFn, n: int) -> tuple:
    """n increasing exact points and their n-1 positive gaps."""
    start = draw(fractions(-20, 20))
    gaps = draw(st.lists(positive_fractions, min_size=n - 1, max_size=n - 1))
    xs = [start]
    for g in gaps:
        xs.append(xs[-1] + g)
    return xs, gaps


@st.composite
def online_1d(draw: st.DrawFn, min_points: int = 1, max_points: int = 7) -> DataSet:
    """1-D online data: distinct clean points, in random order, with gaps larger than 2 rho."""
    n = draw(st.integers(min_points, max_points))
    xs, gaps = _increasing_points(draw, n)
    smallest = min(gaps) if gaps else Fraction(1)
    # rho strictly below half the smallest gap: rho = t * smallest/2 with 0 < t < 1
    t = draw(st.builds(lambda p, q: Fraction(p, p + q), st.integers(1, 20), st.integers(1, 20)))
    rho = t * smallest / 2
    order = draw(st.permutations(range(n)))
    return DataSet(clean=[xs[i] for i in order], radius=rho)


@st.composite
def offline_1d(draw: st.DrawFn, min_points: int = 1, max_points: int = 6, contain_clean: bool = False) -> DataSet:
    """1-D offline data whose hulls are non-degenerate, disjoint and ordered like the clean points.

    Each cluster's hull [l_n, r_n] is drawn inside the Voronoi-like band around x_n, and two or
    more distinct samples spanning it are drawn. With ``contain_clean`` the hull contains x_n.
    """
    n = draw(st.integers(min_points, max_points))
    xs, gaps = _increasing_points(draw, n)
    unit = st.builds(lambda p, q: Fraction(p, p + q), st.integers(1, 30), st.integers(1, 30))  # in (0, 1)
    samples = []
    for i, x in enumerate(xs):
        left_room = gaps[i - 1] / 2 if i > 0 else Fraction(1)
        right_room = gaps[i] / 2 if i < n - 1 else Fraction(1)
        if contain_clean:
            lo, hi = x - draw(unit) * left_room, x + draw(unit) * right_room
            lo = lo if draw(st.booleans()) else x  # sometimes the clean point is a hull end
        else:
            first = draw(unit)
            a, b = sorted((first, draw(unit.filter(lambda u: u != first))))
            lo = x - left_room + a * (left_room + right_room)
            hi = x - left_room + b * (left_room + right_room)
        inner = draw(st.lists(unit, max_size=3))
        cluster = [lo, hi] + [lo + u * (hi - lo) for u in inner]
        if contain_clean:
            cluster.append(x)
        samples.append(draw(st.permutations(cluster)))
    order = draw(st.permutations(range(n)))
    return DataSet(clean=[xs[i] for i in order], samples=[samples[i] for i in order])


data_1d = st.one_of(online_1d(), offline_1d())


# -- data in R^d, one strategy per geometry of the closed-form registry -------------------------

small = st.integers(-4, 4)


@st.composite
def orthogonal_directions(draw, d, m):
    """m pairwise orthogonal non-zero rational vectors in R^d (unnormalised Gram-Schmidt).

    The inputs are rows of 10 I + (entries in [-4, 4]): strictly diagonally dominant, hence
    independent, so Gram-Schmidt never produces a zero vector.
    """
    out = []
    for i in range(m):
        v = tuple(Q(draw(small) + (10 if j == i else 0)) for j in range(d))
        for u in out:
            v = sub(v, scale(u, dot(v, u) / norm2(u)))
        out.append(v)
    return out


def _radius_below(lengths2, t):
    """A rational radius below half of every length (given squared): 2 rho < min length."""
    m = min(lengths2)
    lower = Q(1)
    while lower * lower > m:  # a rational lower bound of sqrt(m)
        lower /= 2
    return t * lower / 2


fractions01 = st.builds(lambda p, q: Q(p, p + q), st.integers(1, 9), st.integers(1, 9))


@st.composite
def collinear_data(draw):
    d = draw(st.integers(2, 5))
    e = tuple(Q(draw(small)) for _ in range(d))
    if all(x == 0 for x in e):
        e = (Q(1),) + e[1:]
    base = tuple(Q(draw(small)) for _ in range(d))
    s = sorted(set(draw(st.lists(st.integers(-6, 6), min_size=2, max_size=5, unique=True))))
    clean = [tuple(b + si * ei for b, ei in zip(base, e)) for si in s]
    gaps2 = [norm2(sub(q, p)) for p, q in zip(clean, clean[1:])]
    return DataSet(clean=clean, radius=_radius_below(gaps2, draw(fractions01)))


@st.composite
def ray_data(draw, simplex=False, obtuse=False):
    d = draw(st.integers(2, 5))
    m = draw(st.integers(2, d)) if not obtuse else 2
    dirs = draw(orthogonal_directions(d, m))
    if obtuse:  # tilt the second ray away from the first: a strictly obtuse pair
        dirs[1] = sub(dirs[1], scale(dirs[0], Q(draw(st.integers(1, 3)), 4)))
    base = tuple(Q(draw(small)) for _ in range(d))
    clean, lengths2 = [base], []
    for k, e in enumerate(dirs):
        # not a simplex unless asked: the first ray carries two or more clean points
        count = 1 if simplex else draw(st.integers(2 if k == 0 else 1, 3))
        ts = sorted(set(draw(st.lists(st.integers(1, 5), min_size=count, max_size=count, unique=True))))
        prev = 0
        for t in ts:
            clean.append(tuple(b + t * x for b, x in zip(base, e)))
            lengths2.append((t - prev) ** 2 * norm2(e))
            prev = t
    return DataSet(clean=clean, radius=_radius_below(lengths2, draw(fractions01)))


@st.composite
def regular_simplex_data(draw):
    """The standard basis of R^d (a regular (d-1)-simplex, rational), shifted and scaled."""
    d = draw(st.integers(3, 5))
    k = draw(st.integers(3, d))
    scale_ = Q(draw(st.integers(1, 4)))
    clean = [tuple(scale_ * (1 if i == j else 0) for i in range(d)) for j in range(k)]
    # altitude of a regular simplex of side l = sqrt(2) scale_ is at least l/2
    return DataSet(clean=clean, radius=draw(fractions01) * scale_ / 4)


#: Structure -> [(label, strategy)]: the battery in tests/test_multivariate.py runs every closed form
#: of the registry on these, and fails for a registry entry that has none.
BATTERY = {
    Structure.UNIVARIATE: [("online", online_1d(min_points=2)), ("offline", offline_1d(min_points=2))],
    Structure.SUBSPACE: [("collinear", collinear_data())],
    Structure.RAYS: [("orthogonal", ray_data()), ("obtuse", ray_data(obtuse=True))],
    Structure.SIMPLEX_EDGE: [("orthogonal", ray_data(simplex=True))],
    Structure.SIMPLEX_FACE: [("regular", regular_simplex_data())],
}


# -- algebraic numbers ------------------------------------------------------------------------

#: Radicands for multi-quadratic numbers: square-free ones and some that are not.
RADICANDS = [1, 2, 3, 5, 6, 7, 10, 15, 21, 30, 8, 12, 18, 50, Fraction(1, 2), Fraction(3, 4), Fraction(5, 12)]


@st.composite
def multi_quadratic(draw: st.DrawFn, max_terms: int = 4) -> tuple:
    """``(value, text)``: a sum of rational multiples of square roots, as an exact number and as
    the string ``exact`` reads (an mpq when the sum is rational, else a fast-form Algebraic)."""
    from symden.exact import exact

    terms = draw(st.lists(st.tuples(fractions(-20, 20, 12).filter(bool), st.sampled_from(RADICANDS)),
                          min_size=1, max_size=max_terms))
    text = " + ".join(f"({c.numerator}/{c.denominator})*sqrt({r.numerator}/{r.denominator})"
                      for c, r in ((Fraction(c), Fraction(r)) for c, r in terms))
    return exact(text), text
