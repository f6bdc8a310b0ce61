"""Exact contractivity in any dimension (docs/theory.md sections 3.6, 4.8).

Every reported supremum is checked against an independent evaluation of
``G(y) = max_{x_n nearest} |h(y) - x_n|^2 - |y - x_n|^2`` written here from scratch: at the reported
point it must equal the reported value, and on rational grids it must never exceed it. Agreement
with the independent planar module (face tracing, a different algorithm) is checked on random
rational networks and on THEORY's planar closed forms; embedding a planar network in R^3 must give
the value that the algebra below predicts; permuting coordinates must not change the supremum.
"""

import random
from itertools import permutations, product

import pytest
from gmpy2 import mpq

from symden.closed_forms import min_cost_denoiser
from symden.data import DataSet
from symden.errors import ExactLimitError, InvalidDataError
from symden.examples import EXAMPLES
from symden.network import ShallowNetwork, Unit
from symden.records import Status
from symden.verify import verify_denoiser
from symden.verify.contractivity2d import contractivity_profile_2d
from symden.verify.contractivity_nd import contractivity_profile_nd
from symden.verify.multivariate import check_contractivity_nd

Q = mpq
RHO = Q(1, 10)


def G(net, clean, y):
    """The squared contractivity gap at y, with every nearest clean point counted."""
    hy = net(y)
    dist = [sum((a - b) ** 2 for a, b in zip(y, x)) for x in clean]
    m = min(dist)
    return max(sum((a - b) ** 2 for a, b in zip(hy, x)) - m for x, dd in zip(clean, dist) if dd == m)


def grid(d, lo, hi, steps):
    ts = [lo + (hi - lo) * Q(k, steps) for k in range(steps + 1)]
    return product(ts, repeat=d)


def random_network(rng, d, *, ramps):
    """A random rational network; with ``ramps`` its units come in bounded ramp pairs and |V| is small."""
    def rq():
        return Q(rng.randint(-6, 6), rng.randint(1, 4))

    units = []
    for _ in range(rng.randint(1, 3)):
        a, w, b = [rq() for _ in range(d)], [rq() for _ in range(d)], rq()
        units.append(Unit(a=a, w=w, b=b))
        if ramps:
            units.append(Unit(a=[-v for v in a], w=w, b=b - 1))
    V = [[Q(rng.randint(-2, 2), 10 if ramps else 2) for _ in range(d)] for _ in range(d)]
    clean = [tuple(rq() for _ in range(d)) for _ in range(rng.randint(1, 3))]
    return ShallowNetwork(units=units, V=V, c=[rq() for _ in range(d)]), clean


def check_record(net, clean, r):
    assert r["status"] == "exact"
    assert G(net, clean, r["argmax"]) == r["value"]
    assert net(r["argmax"]) == r["h(argmax)"]
    if r["sup"] is None:
        assert r["value"] > 0  # an unboundedness witness
    else:
        assert r["value"] == r["sup"]


# -- agreement with the planar module ----------------------------------------------------------


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("ramps", [True, False])
def test_agrees_with_the_planar_module_on_random_rational_networks(seed, ramps):
    net, clean = random_network(random.Random(seed), 2, ramps=ramps)
    a, b = contractivity_profile_2d(net, clean), contractivity_profile_nd(net, clean)
    assert a["status"] == b["status"] == "exact"
    assert a["sup"] == b["sup"]  # the same exact number, or both None (unbounded)
    check_record(net, clean, b)


def identity_skip_network(rng, d):
    """Ramps on top of a skip V = diag(+-1, 1/2): on the unbounded cells q(u) = |A u|^2 - |u|^2 vanishes on
    whole subspaces, so boundedness turns on Eaves' condition (b) (linear growth along zero directions)."""
    def rq():
        return Q(rng.randint(-6, 6), rng.randint(1, 4))

    units = []
    for _ in range(rng.randint(1, 3)):
        a, w, b = [rq() for _ in range(d)], [rq() for _ in range(d)], rq()
        units += [Unit(a=a, w=w, b=b), Unit(a=[-v for v in a], w=w, b=b - rng.randint(1, 3))]
    diag = [rng.choice([Q(1), Q(1), Q(-1), Q(1, 2)]) for _ in range(d)]
    V = [[diag[i] if i == j else 0 for j in range(d)] for i in range(d)]
    clean = [tuple(rq() for _ in range(d)) for _ in range(rng.randint(1, 3))]
    return ShallowNetwork(units=units, V=V, c=[rng.choice([0, 0, rq()]) for _ in range(d)]), clean


@pytest.mark.parametrize("seed", range(16))
def test_agrees_with_the_planar_module_when_the_skip_is_an_isometry(seed):
    net, clean = identity_skip_network(random.Random(seed), 2)
    a, b = contractivity_profile_2d(net, clean), contractivity_profile_nd(net, clean)
    assert a["status"] == b["status"] == "exact"
    assert a["sup"] == b["sup"]
    check_record(net, clean, b)


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.slow) if n == "M6" else n  # M6's derive alone takes seconds
    for n in sorted(n for n, e in EXAMPLES.items() if e.data.dim == 2)
])
def test_agrees_with_the_planar_module_on_theory_closed_forms(name):
    data = EXAMPLES[name].data
    net = min_cost_denoiser(data).network
    a, b = contractivity_profile_2d(net, data.clean), contractivity_profile_nd(net, data.clean)
    assert a["status"] == b["status"] == "exact"
    assert a["sup"] == b["sup"] is not None
    check_record(net, data.clean, b)


@pytest.mark.parametrize("name", sorted(n for n, e in EXAMPLES.items() if e.data.dim == 1))
def test_agrees_with_the_1d_module_on_theory_1d_instances(name):
    """The 1-D module reports the unsquared gap ``|h - x| - |y - x|``; on these instances both are maximised at
    the same point (U1: 0 at the clean point 0; U3: 1/8 at 1/2, i.e. (1/2 + 1/8)^2 - (1/2)^2 = 9/64 squared)."""
    from symden.verify.univariate import contractivity_profile

    data = EXAMPLES[name].data
    net = min_cost_denoiser(data).network
    one = contractivity_profile(net.to_pwl(), tuple(x for (x,) in data.clean))
    r = contractivity_profile_nd(net, data.clean)
    check_record(net, data.clean, r)
    (y,), (x,) = r["argmax"], r["nearest"]
    assert y == one["argmax"]
    assert r["sup"] == (abs(y - x) + one["value"]) ** 2 - (y - x) ** 2


# -- embedding and symmetry ---------------------------------------------------------------


def embed(net2, lam, shift=0):
    """``h(y) = (h2(y1, y2), lam y3 + shift)``: with clean points (x, 0), g3 = g2 + (lam^2 - 1) y3^2 + 2 lam shift y3 + shift^2."""
    units = [Unit(a=tuple(u.a) + (0,), w=tuple(u.w) + (0,), b=u.b) for u in net2.units]
    V = [list(net2.V[0]) + [0], list(net2.V[1]) + [0], [0, 0, lam]]
    return ShallowNetwork(units=units, V=V, c=list(net2.c) + [shift])


@pytest.mark.parametrize("lam", [Q(0), Q(1, 2), Q(1), Q(-1)])
def test_a_planar_network_embedded_in_r3_keeps_its_supremum_when_the_third_axis_does_not_expand(lam):
    """|lam| <= 1: g3 = g2 + (lam^2 - 1) y3^2 <= g2, with equality at y3 = 0, so sup g3 = sup g2 (lam = +-1 makes
    e3 a zero direction of the quadratic part with zero slope: bounded, the Eaves condition (b) case)."""
    data = EXAMPLES["M4"].data
    net2 = min_cost_denoiser(data).network
    clean3 = [tuple(x) + (0,) for x in data.clean]
    net3 = embed(net2, lam)
    r = contractivity_profile_nd(net3, clean3)
    check_record(net3, clean3, r)
    assert r["sup"] == contractivity_profile_2d(net2, data.clean)["sup"] == Q(19, 100)


@pytest.mark.parametrize("lam, shift", [(Q(2), Q(0)), (Q(1), Q(1, 3))])
def test_an_expanding_or_drifting_third_axis_is_unbounded(lam, shift):
    """lam = 2: quadratic growth along e3 (Eaves (a)); lam = 1, shift != 0: g3 = g2 + 2 shift y3 + shift^2, linear growth ((b))."""
    data = EXAMPLES["M2"].data
    net3 = embed(min_cost_denoiser(data).network, lam, shift)
    clean3 = [tuple(x) + (0,) for x in data.clean]
    r = contractivity_profile_nd(net3, clean3)
    check_record(net3, clean3, r)
    assert r["sup"] is None
    assert ("quadratically" if lam == 2 else "linearly") in r["reason"]


def test_permuting_coordinates_leaves_the_supremum_unchanged_in_r3():
    net, clean = random_network(random.Random(7), 3, ramps=True)
    base = contractivity_profile_nd(net, clean)
    check_record(net, clean, base)
    for perm in list(permutations(range(3)))[1:]:
        p = lambda v: tuple(v[i] for i in perm)  # noqa: E731
        units = [Unit(a=p(u.a), w=p(u.w), b=u.b) for u in net.units]
        V = [[net.V[i][j] for j in perm] for i in perm]
        net_p = ShallowNetwork(units=units, V=V, c=p(net.c))
        assert contractivity_profile_nd(net_p, [p(x) for x in clean])["sup"] == base["sup"]


def _rotate(net, clean, R, s):
    """Conjugate by the isometry y -> R y + s: ``h'(y) = R h(R^T (y - s)) + s``, clean points ``R x + s``."""
    d = len(s)
    mv = lambda M, v: tuple(sum(M[i][j] * v[j] for j in range(d)) for i in range(d))  # noqa: E731
    RT = [[R[j][i] for j in range(d)] for i in range(d)]
    units = []
    for u in net.units:
        w = mv(R, u.w)
        units.append(Unit(a=mv(R, u.a), w=w, b=u.b - sum(x * y for x, y in zip(w, s))))
    VRT = [[sum(net.V[i][k] * RT[k][j] for k in range(d)) for j in range(d)] for i in range(d)]
    V = [[sum(R[i][k] * VRT[k][j] for k in range(d)) for j in range(d)] for i in range(d)]
    c = tuple(a - b + si for a, b, si in zip(mv(R, net.c), mv(V, s), s))
    return ShallowNetwork(units=units, V=V, c=c), [tuple(a + b for a, b in zip(mv(R, x), s)) for x in clean]


#: A rational rotation of R^3 (Pythagorean triples 3-4-5 and 5-12-13), so the rotated arrangement is
#: in no special position with respect to the axes.
ROT = [[Q(3, 5), Q(-4, 5) * Q(5, 13), Q(-4, 5) * Q(-12, 13)],
       [Q(4, 5), Q(3, 5) * Q(5, 13), Q(3, 5) * Q(-12, 13)],
       [Q(0), Q(12, 13), Q(5, 13)]]


@pytest.mark.parametrize("which", ["rays", "random", "unbounded"])
def test_a_rational_rotation_and_shift_leave_the_supremum_unchanged(which):
    if which == "rays":
        h = closed_form([(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)])
        net, clean = h.network, h.data.clean
    else:
        net, clean = random_network(random.Random(11), 3, ramps=which == "random")
    base = contractivity_profile_nd(net, clean)
    rot, rclean = _rotate(net, clean, ROT, (Q(1, 2), Q(-1, 3), Q(2)))
    r = contractivity_profile_nd(rot, rclean)
    check_record(rot, rclean, r)
    check_record(net, clean, base)
    assert r["sup"] == base["sup"]
    assert (r["sup"] is None) == (which == "unbounded")
    if which == "unbounded":
        return
    # the random network's 4 kinks span a plane only: a coordinate hyperplane is added to each, and
    # it is not the rotated one, so the two arrangements differ by more than the isometry
    assert r["counts"]["coordinate hyperplanes"] == base["counts"]["coordinate hyperplanes"] == (0 if which == "rays" else 1)


@pytest.mark.parametrize("seed", range(4))
def test_random_networks_in_r3_never_exceed_their_supremum_on_a_grid(seed):
    net, clean = random_network(random.Random(100 + seed), 3, ramps=True)
    r = contractivity_profile_nd(net, clean)
    check_record(net, clean, r)
    assert r["sup"] is not None
    for y in grid(3, Q(-4), Q(4), 8):
        assert G(net, clean, y) <= r["sup"], y


# -- closed forms in R^3 and R^4 ------------------------------------------------------------


def closed_form(points):
    return min_cost_denoiser(DataSet(clean=points, radius=RHO))


def test_three_orthogonal_rays_in_r3_are_not_contractive_exact_worst_point():
    h = closed_form([(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)])
    r = contractivity_profile_nd(h.network, h.data.clean)
    check_record(h.network, h.data.clean, r)
    # at y = (9/10, 9/10, 1) both edge ramps have saturated: h = (1, 1, 1), nearest x = (0, 0, 1),
    # |h - x|^2 - |y - x|^2 = 2 - 81/50 = 19/50
    assert r["sup"] == Q(19, 50)
    assert r["argmax"] == (Q(9, 10), Q(9, 10), Q(1)) and r["nearest"] == (0, 0, 1)
    assert r["h(argmax)"] == (1, 1, 1)
    for y in grid(3, Q(-1, 2), Q(3, 2), 8):
        assert G(h.network, h.data.clean, y) <= r["sup"]


def test_verdict_in_r3_is_refuted_with_the_exact_counterexample():
    h = closed_form([(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)])
    v = check_contractivity_nd(h)
    assert v.status is Status.REFUTED and "19/50" in v.detail
    facts = dict((q.name, val) for q, val in v.counterexample)
    assert facts["POINT"] == (Q(9, 10), Q(9, 10), Q(1)) and facts["SQUARED_VIOLATION"] == Q(19, 50)


@pytest.mark.slow
@pytest.mark.parametrize("points", [
    [(0, 0, 0), (1, 0, 0), (2, 0, 0), (0, 1, 0), (0, 0, 1)],              # rays, two points on one
    [(0, 0, 0), (1, 0, 0), (0, 1, 0), (Q(-1, 2), Q(-1, 2), 1)],           # edge-aligned, non-acute at x_0
    [(1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)],                   # face-aligned regular tetrahedron
    [(0, 0, 0), (1, 0, 0), (0, 1, 0)],                                    # a planar triangle placed in R^3
])
def test_closed_forms_in_r3_are_decided_never_inconclusive(points):
    h = closed_form(points)
    verdicts = {v.name: v for v in verify_denoiser(h)}
    assert verdicts["contractivity"].status in (Status.PROVED, Status.REFUTED)
    r = contractivity_profile_nd(h.network, h.data.clean)
    check_record(h.network, h.data.clean, r)


@pytest.mark.parametrize("name", ["M2", "M3", "M4", "M5"])
def test_planar_instances_placed_in_r3_keep_their_planar_verdict(name):
    """The closed form of planar data placed in R^3 (third coordinate 0) does not depend on y3 and maps
    into the plane, so g3(y) = g2(y1, y2) - y3^2 and both suprema agree; M2, M3, M5 are PROVED in R^3."""
    data = EXAMPLES[name].data
    h3 = min_cost_denoiser(DataSet(clean=[tuple(x) + (0,) for x in data.clean], radius=data.radius))
    r = contractivity_profile_nd(h3.network, h3.data.clean)
    check_record(h3.network, h3.data.clean, r)
    planar = contractivity_profile_2d(min_cost_denoiser(data).network, data.clean)
    assert r["sup"] == planar["sup"]
    expected = Status.REFUTED if planar["sup"] > 0 else Status.PROVED
    assert check_contractivity_nd(h3).status is expected


def test_collinear_data_in_r3_agree_with_the_1d_reduction():
    """The subspace closed form is contractive by the 1-D lemma (the reduction proves it); the
    d-dimensional module, which knows nothing of lines, finds sup G = 0 (attained at the clean points)."""
    h = closed_form([(0, 0, 0), (1, 1, 0), (3, 3, 0)])
    assert check_contractivity_nd(h).status is Status.PROVED
    r = contractivity_profile_nd(h.network, h.data.clean)
    check_record(h.network, h.data.clean, r)
    assert r["sup"] == 0


def test_orthogonal_rays_in_r4():
    h = closed_form([(0, 0, 0, 0), (1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1)])
    r = contractivity_profile_nd(h.network, h.data.clean)
    check_record(h.network, h.data.clean, r)
    # three saturated ramps: h = (1, 1, 1, 1), x = e4, 3 - 3 (81/100) = 57/100
    assert r["sup"] == Q(57, 100) and r["argmax"] == (Q(9, 10), Q(9, 10), Q(9, 10), Q(1))


@pytest.mark.slow
def test_the_regular_tetrahedron_gives_the_same_violation_in_r3_and_in_r4():
    """Computed two ways: the regular tetrahedron of edge 2 sqrt(2) in R^3 with rho = 1/5, and the one of
    edge sqrt(2) spanned by e1..e4 in R^4 with rho = 1/10 (similar by a factor 2, with the closed form
    equivariant), are different arrangements in different dimensions; G scales by 4."""
    h3 = min_cost_denoiser(DataSet(clean=[(1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)], radius=Q(1, 5)))
    h4 = closed_form([tuple(int(i == j) for j in range(4)) for i in range(4)])
    r3 = contractivity_profile_nd(h3.network, h3.data.clean)
    r4 = contractivity_profile_nd(h4.network, h4.data.clean, max_work=10**6)
    check_record(h3.network, h3.data.clean, r3)
    check_record(h4.network, h4.data.clean, r4)
    assert r3["sup"] == 4 * r4["sup"] > 0


def test_random_network_in_r4_never_exceeds_its_supremum():
    net, clean = random_network(random.Random(3), 4, ramps=True)
    r = contractivity_profile_nd(net, clean)
    check_record(net, clean, r)
    for y in grid(4, Q(-3), Q(3), 4):
        assert G(net, clean, y) <= r["sup"]


# -- unbounded, contractive, limits, bad input --------------------------------------------------


@pytest.mark.parametrize("d", [3, 4])
def test_doubling_map_is_unbounded_with_a_witness(d):
    net = ShallowNetwork(units=[], V=[[2 if i == j else 0 for j in range(d)] for i in range(d)], c=[0] * d)
    clean = [tuple([0] * d), tuple([1] + [0] * (d - 1))]
    r = contractivity_profile_nd(net, clean)
    check_record(net, clean, r)
    assert r["sup"] is None


def test_identity_and_a_strict_contraction_are_contractive():
    clean = [(0, 0, 0), (1, 2, 3)]
    ident = ShallowNetwork(units=[], V=[[1, 0, 0], [0, 1, 0], [0, 0, 1]], c=[0, 0, 0])
    assert contractivity_profile_nd(ident, clean)["sup"] == 0
    # h = y/2 has |h - x|^2 - |y - x|^2 = -3/4 |y|^2 + ... ; at the nearest x = 0 it is -3/4 |y|^2 <= 0
    half = ShallowNetwork(units=[], V=[[Q(1, 2), 0, 0], [0, Q(1, 2), 0], [0, 0, Q(1, 2)]], c=[0, 0, 0])
    r = contractivity_profile_nd(half, [(0, 0, 0)])
    assert r["sup"] == 0 and r["argmax"] == (0, 0, 0)


def test_an_exact_limit_gives_inconclusive_naming_it(monkeypatch):
    import symden.verify.contractivity_nd as nd

    def boom(*args, **kwargs):
        raise ExactLimitError("the sign of a degree-64 algebraic number could not be settled")

    monkeypatch.setattr(nd, "_profile", boom)
    h = closed_form([(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)])
    r = contractivity_profile_nd(h.network, h.data.clean)
    assert r["status"] == "inconclusive" and "degree-64" in r["reason"]
    v = check_contractivity_nd(h)
    assert v.status is Status.INCONCLUSIVE and "degree-64" in v.detail


def test_the_face_limit_gives_inconclusive():
    h = closed_form([(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)])
    r = contractivity_profile_nd(h.network, h.data.clean, max_faces=50)
    assert r["status"] == "inconclusive" and "max_faces" in r["reason"]


def test_verification_beyond_the_work_budget_is_inconclusive_and_names_it():
    """Six orthogonal rays' points in R^6: C(H, 6) is far beyond verification's budget; refused before any work."""
    points = [tuple([0] * 6)] + [tuple(int(i == j) for j in range(6)) for i in range(6)]
    h = closed_form(points)
    v = check_contractivity_nd(h)
    assert v.status is Status.INCONCLUSIVE and "max_work" in v.detail and "R^6" in v.detail


def test_bad_input_is_one_line_error():
    net = ShallowNetwork(units=[], V=[[1, 0, 0], [0, 1, 0], [0, 0, 1]], c=[0, 0, 0])
    with pytest.raises(InvalidDataError, match="coordinates"):
        contractivity_profile_nd(net, [(0, 0)])
    with pytest.raises(InvalidDataError, match="at least one"):
        contractivity_profile_nd(net, [])
    with pytest.raises(InvalidDataError, match="ShallowNetwork"):
        contractivity_profile_nd("h", [(0, 0, 0)])
