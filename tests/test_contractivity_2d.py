"""Exact contractivity over the plane for networks R^2 -> R^2 (THEORY.md sections 3 and 4).

Networks are built by hand from THEORY.md's formulas. Every reported supremum is checked
against an independent evaluation of ``G(y) = max_{x_n nearest} |h(y) - x_n|^2 - |y - x_n|^2``
written here from scratch (at the reported point, and on rational grids that must never exceed it).
"""

from fractions import Fraction

import pytest
from gmpy2 import mpq
from hypothesis import given, settings
from hypothesis import strategies as st

from symden.errors import InvalidDataError
from symden.exact import sqrt_exact
from symden.network import ShallowNetwork, Unit
from symden.verify.contractivity2d import contractivity_profile_2d
from symden.verify.univariate import contractivity_profile

Q = mpq
ZERO2 = [[0, 0], [0, 0]]
RHO = Q(1, 10)


def G(net, clean, y):
    """The squared contractivity gap at y, with every nearest clean point counted."""
    hy = net(y)
    dist = [(y[0] - x[0]) ** 2 + (y[1] - x[1]) ** 2 for x in clean]
    m = min(dist)
    return max((hy[0] - x[0]) ** 2 + (hy[1] - x[1]) ** 2 - m for x, d in zip(clean, dist) if d == m)


def grid(lo, hi, step):
    n = int((hi - lo) / step)
    ts = [lo + k * step for k in range(n + 1)]
    return [(a, b) for a in ts for b in ts]


def ramp(a, v, beta, g):
    """``a psi((v.y - beta)/g)`` as its two ReLU units (THEORY.md section 1)."""
    w = (v[0] / g, v[1] / g)
    return [Unit(a=a, w=w, b=-beta / g), Unit(a=(-a[0], -a[1]), w=w, b=-beta / g - 1)]


def edge_aligned_simplex(x0, others, rho, lengths, directions):
    """``h(y) = x0 + sum_n (x_n - x0) psi((u_n.(y - x0) - rho)/(L_n - 2 rho))`` (THEORY.md section 4)."""
    units = []
    for xn, L, u in zip(others, lengths, directions):
        a = (xn[0] - x0[0], xn[1] - x0[1])
        units += ramp(a, u, u[0] * x0[0] + u[1] * x0[1] + rho, L - 2 * rho)
    return ShallowNetwork(units=units, V=ZERO2, c=list(x0))


def online_1d_units(xs, rho, embed):
    """The 1-D online denoiser ``x_1 + sum_n s_n([y - r_n]_+ - [y - l_{n+1}]_+)`` (THEORY.md section 3)."""
    units = []
    for a, b in zip(xs, xs[1:]):
        s = (b - a) / (b - a - 2 * rho)
        for sign, knot in ((1, a + rho), (-1, b - rho)):
            units.append(Unit(a=(sign * s, 0), w=(1, 0), b=-knot) if embed else Unit(a=sign * s, w=1, b=-knot))
    return units


def check_against_grid(net, clean, result, points):
    assert result["status"] == "exact"
    sup = result["sup"]
    assert G(net, clean, result["argmax"]) == sup == result["value"]
    assert net(result["argmax"]) == result["h(argmax)"]
    for y in points:
        assert G(net, clean, y) <= sup, y


# -- golden cases ------------------------------------------------------------------------


def test_constant_network_is_contractive_with_sup_zero_at_the_clean_point():
    x = (Q(1, 3), Q(-2))
    net = ShallowNetwork(units=[], V=ZERO2, c=list(x))
    r = contractivity_profile_2d(net, (x,))
    assert r["status"] == "exact"
    assert r["sup"] == 0 and r["argmax"] == x and r["nearest"] == x and r["h(argmax)"] == x
    assert r["zeros"] == (x,)


def test_M4_edge_aligned_right_triangle_is_not_contractive_sup_19_100():
    """M4 edge-aligned: ``h(y) = (phi(y1), phi(y2))`` with phi the 1-D online denoiser of (0, 1), rho = 1/10.

    By hand: in the cell of (1, 0) (y1 >= 1/2, y2 <= y1), ``g = f(1 - y1) + f(y2)`` with
    ``f(t) = phi(t)^2 - t^2``; f <= 0 on t <= 1/2 (the 1-D online case), zero at 0 and 1/2, and
    max f = f(9/10) = 1 - 81/100 = 19/100. So sup G = 19/100 at (1, 9/10), and at (9/10, 1) by
    symmetry: there h = (1, 1), a corner of the square that is not a clean point. Along the edges
    (y2 = 0 or y1 = 0) it is the 1-D online case: contractive with equality at the midpoints.
    """
    clean = ((Q(0), Q(0)), (Q(1), Q(0)), (Q(0), Q(1)))
    net = edge_aligned_simplex(clean[0], clean[1:], RHO, (Q(1), Q(1)), ((Q(1), Q(0)), (Q(0), Q(1))))
    assert net((Q(1, 2), Q(1, 2))) == (Q(1, 2), Q(1, 2))
    r = contractivity_profile_2d(net, clean)
    assert r["sup"] == Q(19, 100)
    assert r["argmax"] == (Q(9, 10), Q(1)) and r["nearest"] == (Q(0), Q(1)) and r["h(argmax)"] == (Q(1), Q(1))
    assert G(net, clean, (Q(1), Q(9, 10))) == Q(19, 100)  # the mirror point
    assert {(Q(1, 2), Q(0)), (Q(0), Q(1, 2)), (Q(1, 2), Q(1, 2))} <= set(r["zeros"])  # edge midpoints; triple tie
    # along the edges it is the 1-D online case: never above 0
    for k in range(-20, 41):
        t = Q(k, 20)
        assert G(net, clean, (t, Q(0))) <= 0 and G(net, clean, (Q(0), t)) <= 0
    check_against_grid(net, clean, r, grid(Q(-1, 2), Q(3, 2), Q(1, 20)))


def test_M3_obtuse_edge_aligned_with_algebraic_coefficients_is_contractive():
    """M3 (0,0),(1,0),(-1/2,1): the second edge has length sqrt(5)/2, so the kink lines are irrational."""
    clean = ((Q(0), Q(0)), (Q(1), Q(0)), (Q(-1, 2), Q(1)))
    L2 = sqrt_exact(Q(5, 4))
    net = edge_aligned_simplex(clean[0], clean[1:], RHO, (Q(1), L2), ((Q(1), Q(0)), (Q(-1, 2) / L2, 1 / L2)))
    r = contractivity_profile_2d(net, clean)
    assert r["status"] == "exact" and r["sup"] == 0
    assert {(Q(1, 2), Q(0)), (Q(-1, 4), Q(1, 2))} <= set(r["zeros"])  # the two edge midpoints from x_0
    check_against_grid(net, clean, r, grid(Q(-1), Q(3, 2), Q(1, 4)))


def test_collinear_online_embedding_agrees_with_the_1d_result():
    """M1 (0,0),(1,0),(3,0): the 1-D online denoiser acting on y1 is contractive, equality at gap midpoints."""
    xs = [Q(0), Q(1), Q(3)]
    clean = tuple((x, Q(0)) for x in xs)
    net = ShallowNetwork(units=online_1d_units(xs, RHO, embed=True), V=ZERO2, c=[0, 0])
    r = contractivity_profile_2d(net, clean)
    assert r["status"] == "exact" and r["sup"] == 0
    one_d = contractivity_profile(ShallowNetwork(units=online_1d_units(xs, RHO, embed=False), V=[[0]], c=[0]).to_pwl(), tuple(xs))
    assert one_d["sup"] == 0
    assert r["zeros"] == tuple((t, Q(0)) for t in one_d["equality"])
    assert r["zeros"] == ((Q(0), Q(0)), (Q(1, 2), Q(0)), (Q(1), Q(0)), (Q(2), Q(0)), (Q(3), Q(0)))
    check_against_grid(net, clean, r, grid(Q(-1), Q(4), Q(1, 4)))


def test_U3_offline_embedding_has_its_worst_point_on_the_axis_9_64():
    """U3 acting on y1: h = (phi(y1), 0), phi = 0, 5/4 y1, 1. The squared violation at (1/2, 0) is
    (5/8)^2 - (1/2)^2 = 9/64; off the axis |y - x|^2 grows by y2^2 while h does not change, so it is the sup."""
    clean = ((Q(0), Q(0)), (Q(1), Q(0)))
    units = [Unit(a=(Q(5, 4), 0), w=(1, 0), b=0), Unit(a=(Q(-5, 4), 0), w=(1, 0), b=Q(-4, 5))]
    net = ShallowNetwork(units=units, V=ZERO2, c=[0, 0])
    r = contractivity_profile_2d(net, clean)
    assert r["sup"] == Q(9, 64)
    assert r["argmax"] == (Q(1, 2), Q(0)) and r["nearest"] == (Q(0), Q(0)) and r["h(argmax)"] == (Q(5, 8), Q(0))
    check_against_grid(net, clean, r, grid(Q(-1), Q(2), Q(1, 20)))


def test_expansive_network_is_unbounded_with_a_witness():
    net = ShallowNetwork(units=[], V=[[2, 0], [0, 2]], c=[0, 0])
    clean = ((Q(0), Q(0)),)
    r = contractivity_profile_2d(net, clean)
    assert r["status"] == "exact" and r["sup"] is None and r["zeros"] == ()
    assert G(net, clean, r["argmax"]) == r["value"] > 0
    assert net(r["argmax"]) == r["h(argmax)"]


def test_linear_growth_is_unbounded_and_isometries_are_contractive_with_equality():
    clean = ((Q(0), Q(0)),)
    shifted = ShallowNetwork(units=[], V=[[1, 0], [0, 1]], c=[Q(1, 5), 0])  # g = 2/5 y1 + 1/25: linear growth
    r = contractivity_profile_2d(shifted, clean)
    assert r["sup"] is None and G(shifted, clean, r["argmax"]) == r["value"] > 0
    rotation = ShallowNetwork(units=[], V=[[Q(3, 5), Q(-4, 5)], [Q(4, 5), Q(3, 5)]], c=[0, 0])  # G = 0 everywhere
    r = contractivity_profile_2d(rotation, clean)
    assert r["status"] == "exact" and r["sup"] == 0


def test_perturbed_unit_breaks_contractivity():
    """M1's online denoiser with one unit's output tilted off the axis."""
    xs = [Q(0), Q(1), Q(3)]
    clean = tuple((x, Q(0)) for x in xs)
    units = online_1d_units(xs, RHO, embed=True)
    first = units[0]
    units[0] = Unit(a=(first.a[0], Q(1, 10)), w=first.w, b=first.b)
    net = ShallowNetwork(units=units, V=ZERO2, c=[0, 0])
    r = contractivity_profile_2d(net, clean)
    assert r["status"] == "exact" and r["sup"] is not None and r["sup"] > 0
    check_against_grid(net, clean, r, grid(Q(-1), Q(4), Q(1, 8)))


def test_bad_input_is_refused():
    net1 = ShallowNetwork(units=[], V=[[1]], c=[0])
    with pytest.raises(InvalidDataError):
        contractivity_profile_2d(net1, ((0, 0),))
    net2 = ShallowNetwork(units=[], V=ZERO2, c=[0, 0])
    with pytest.raises(InvalidDataError):
        contractivity_profile_2d(net2, ((0, 0, 0),))
    with pytest.raises(InvalidDataError):
        contractivity_profile_2d(net2, ())


# -- properties --------------------------------------------------------------------------


small = st.builds(Fraction, st.integers(-6, 6), st.integers(1, 3))
raw_unit = st.builds(lambda a1, a2, w1, w2, b: Unit(a=(a1, a2), w=(w1, w2), b=b), small, small, small, small, small)
# a ramp a psi(w.y + b): bounded, so that many networks have a finite supremum
ramp_pair = st.builds(
    lambda a1, a2, w1, w2, b, g: [Unit(a=(a1, a2), w=(w1, w2), b=b), Unit(a=(-a1, -a2), w=(w1, w2), b=b - g)],
    small, small, small, small, small, st.integers(1, 3),
)
units_st = st.one_of(
    st.lists(raw_unit, min_size=2, max_size=4),
    st.lists(ramp_pair, min_size=1, max_size=2).map(lambda pairs: [u for pair in pairs for u in pair]),
    st.tuples(ramp_pair, raw_unit).map(lambda t: t[0] + [t[1]]),
)
V_st = st.one_of(
    st.just([[0, 0], [0, 0]]),
    st.just([[Fraction(1, 2), 0], [0, Fraction(1, 2)]]),
    st.just([[1, 0], [0, 0]]),
    st.just([[Fraction(3, 5), Fraction(-4, 5)], [Fraction(4, 5), Fraction(3, 5)]]),
    st.lists(st.lists(small, min_size=2, max_size=2), min_size=2, max_size=2),
)
clean_st = st.lists(st.tuples(small, small), min_size=1, max_size=3, unique=True)
GRID = grid(Q(-3), Q(3), Q(1, 2))


@given(units=units_st, V=V_st, c=st.tuples(small, small), clean=clean_st)
@settings(max_examples=60)
def test_random_networks_sup_dominates_a_grid_and_is_attained(units, V, c, clean):
    net = ShallowNetwork(units=units, V=V, c=list(c))
    clean = tuple((Q(a), Q(b)) for a, b in clean)
    r = contractivity_profile_2d(net, clean)
    assert r["status"] == "exact"
    if r["sup"] is None:
        assert G(net, clean, r["argmax"]) == r["value"] > 0
        return
    check_against_grid(net, clean, r, GRID)


@st.composite
def offline_hulls(draw):
    """Sorted clean points with disjoint offline hulls [l_n, r_n] inside their Voronoi intervals."""
    n = draw(st.integers(2, 4))
    xs = [Fraction(draw(st.integers(-5, 5)))]
    for _ in range(n - 1):
        xs.append(xs[-1] + draw(st.builds(Fraction, st.integers(1, 12), st.integers(1, 4))))
    unit = st.builds(lambda p, q: Fraction(p, p + q), st.integers(1, 9), st.integers(1, 9))
    hulls = []
    for i, x in enumerate(xs):
        left = (x - xs[i - 1]) / 2 if i else Fraction(1)
        right = (xs[i + 1] - x) / 2 if i + 1 < n else Fraction(1)
        hulls.append((x - draw(unit) * left, x + draw(unit) * right))
    return xs, hulls


@given(offline_hulls())
@settings(max_examples=40)
def test_collinear_offline_embedding_has_the_sign_of_the_1d_profile(data):
    """h = (f(y1), 0) with f the section-3 hull interpolant: the plane's sup is the axis's squared sup."""
    xs, hulls = data
    units1, units2 = [], []
    for (x, (_, r)), (x2, (l2, _)) in zip(zip(xs, hulls), zip(xs[1:], hulls[1:])):
        s = (x2 - x) / (l2 - r)
        for sign, knot in ((1, r), (-1, l2)):
            units1.append(Unit(a=sign * s, w=1, b=-knot))
            units2.append(Unit(a=(sign * s, 0), w=(1, 0), b=-knot))
    f = ShallowNetwork(units=units1, V=[[0]], c=[xs[0]])
    h = ShallowNetwork(units=units2, V=ZERO2, c=[xs[0], 0])
    one_d = contractivity_profile(f.to_pwl(), tuple(xs))
    clean = tuple((Q(x), Q(0)) for x in xs)
    r = contractivity_profile_2d(h, clean)
    assert r["status"] == "exact" and r["sup"] is not None and one_d["sup"] is not None
    assert (r["sup"] > 0) == (one_d["sup"] > 0) and (r["sup"] == 0) == (one_d["sup"] == 0)
    assert r["argmax"][1] == 0  # the worst point is on the axis
    y = r["argmax"][0]
    x = r["nearest"][0]
    assert r["sup"] == (f.to_pwl()(y) - x) ** 2 - (y - x) ** 2
