"""The univariate closed form (THEORY.md section 3): golden values and properties."""

from fractions import Fraction

import sympy
from hypothesis import given

from symden.closed_forms import min_cost_denoiser
from symden.closed_forms.univariate import clusters, univariate_cost_formula
from symden.records import Quantity as Q
from symden.data import DataSet
from symden.examples import EXAMPLES
from symden.exact import exact
from symden.network import ShallowNetwork, Unit
from symden.printing import latex_denoiser, latex_function, numpy_function, sympy_piecewise
from symden.verify import Status, verify_denoiser
from symden.verify.univariate import (
    check_contractivity,
    check_cost,
    check_interpolation,
    check_optimality,
    check_uniqueness,
    contractivity_profile,
)
from tests.strategies import data_1d, offline_1d, online_1d

F = Fraction
U1 = EXAMPLES["U1"].data
U3 = EXAMPLES["U3"].data


def statuses(denoiser):
    return {v.name: v.status for v in verify_denoiser(denoiser)}


# -- golden values -----------------------------------------------------------------------


def test_U1_cost_function_and_network_exactly():
    h = min_cost_denoiser(U1)
    assert h.cost == F(95, 6)
    assert h.function.knots == (F(1, 5), F(4, 5), F(6, 5), F(14, 5), F(16, 5), F(33, 10))
    assert h.function.values == (0, 1, 1, 3, 3, F(7, 2))
    assert h.function.slopes() == (0, F(5, 3), 0, F(5, 4), 0, 5, 0)
    assert [(u.a[0], u.b) for u in h.network.units] == [
        (F(5, 3), F(-1, 5)), (F(-5, 3), F(-4, 5)), (F(5, 4), F(-6, 5)),
        (F(-5, 4), F(-14, 5)), (F(5), F(-16, 5)), (F(-5), F(-33, 10)),
    ]
    assert all(u.w == (1,) for u in h.network.units) and not h.network.has_skip
    assert set(statuses(h).values()) == {Status.PROVED}


def test_U1_online_cost_formula_matches_the_mean_slope_form():
    # 2 sum D/(D - 2 rho) with D = (1, 2, 1/2), rho = 1/5
    assert univariate_cost_formula(U1) == 2 * (F(1) / F(3, 5) + F(2) / F(8, 5) + F(1, 2) / F(1, 10)) == F(95, 6)


def test_U1_offline_twin_has_the_same_denoiser():
    a, b = min_cost_denoiser(U1), min_cost_denoiser(EXAMPLES["U1-offline"].data)
    assert a.network == b.network and a.function == b.function and a.cost == b.cost


def test_U3_is_refuted_with_violation_one_eighth_at_one_half():
    h = min_cost_denoiser(U3)
    verdict = check_contractivity(U3, h.network)
    assert verdict.status is Status.REFUTED
    assert verdict.value(Q.POINT) == F(1, 2)
    assert verdict.value(Q.VIOLATION) == F(1, 8)
    assert verdict.value(Q.VALUE) == F(5, 8)
    assert verdict.value(Q.NEAREST) == 0
    others = statuses(h)
    del others["contractivity"]
    assert set(others.values()) == {Status.PROVED}


def test_U1_latex_golden():
    """The display block of U1, exactly: one cases row per piece, the exact cost with its decimal."""
    text = latex_denoiser(min_cost_denoiser(U1))
    block = text[text.index(r"\begin{align*}"): text.index(r"\end{align*}") + len(r"\end{align*}")]
    assert block.splitlines() == [
        r"\begin{align*}",
        r"h^{*}(y) &= \begin{cases} 0 & \text{if } y \le \frac{1}{5} \\[3pt]",
        r"  \frac{5}{3} y - \frac{1}{3} & \text{if } \frac{1}{5} \le y \le \frac{4}{5} \\[3pt]",
        r"  1 & \text{if } \frac{4}{5} \le y \le \frac{6}{5} \\[3pt]",
        r"  \frac{5}{4} y - \frac{1}{2} & \text{if } \frac{6}{5} \le y \le \frac{14}{5} \\[3pt]",
        r"  3 & \text{if } \frac{14}{5} \le y \le \frac{16}{5} \\[3pt]",
        r"  5 y - 13 & \text{if } \frac{16}{5} \le y \le \frac{33}{10} \\[3pt]",
        r"  \frac{7}{2} & \text{if } y \ge \frac{33}{10} \end{cases} \\",
        r"R(h^{*}) &= \frac{95}{6} \approx 15.83333333",
        r"\end{align*}",
    ]


def test_latex_names_setting_and_convention():
    text = latex_denoiser(min_cost_denoiser(U1))
    assert "% setting: online" in text and "biases free" in text and "skip unit present" in text


def test_latex_of_an_algebraic_denoiser_goes_through_sympy():
    h = min_cost_denoiser(DataSet(clean=[0, "sqrt(2)"], radius="1/5"))
    assert h.cost == exact(2 * sympy.sqrt(2) / (sympy.sqrt(2) - sympy.Rational(2, 5)))
    assert h.cost == exact("10*sqrt(2)/23 + 50/23")  # the same number, rationalised
    assert r"\sqrt{2}" in latex_function(h.function)
    assert set(statuses(h).values()) == {Status.PROVED}


def test_sympy_piecewise_and_numpy_agree_with_the_exact_function():
    h = min_cost_denoiser(U1)
    pw = sympy_piecewise(h.function)
    (y,) = pw.free_symbols
    fn = numpy_function(h.network)
    for t in [F(-1), F(0), F(1, 5), F(1, 2), F(2), F(13, 4), F(33, 10), F(9)]:
        assert pw.subs(y, sympy.Rational(t.numerator, t.denominator)) == sympy.Rational(
            h.function(t).numerator, h.function(t).denominator)
        assert abs(fn([[float(t)]])[0, 0] - float(h.function(t))) < 1e-12


def test_single_point_data_give_the_constant_at_zero_cost():
    h = min_cost_denoiser(DataSet(clean=[F(3, 2)], radius=1))
    assert h.cost == 0 and h.network.units == () and h.function == h.function.affine(0, F(3, 2))
    assert set(statuses(h).values()) == {Status.PROVED}


# -- properties on random exact instances ------------------------------------------------


@given(data_1d)
def test_every_claim_holds_or_only_contractivity_fails(data):
    h = min_cost_denoiser(data)
    got = statuses(h)
    for name in ("interpolation", "cost", "optimality", "uniqueness"):
        assert got[name] is Status.PROVED, name
    assert got["contractivity"] in (Status.PROVED, Status.REFUTED)


@given(data_1d)
def test_cost_identity_three_ways(data):
    """The theorem's formula = int |h''| of the network's function = sum |a||w|, and 2 sum s_n."""
    h = min_cost_denoiser(data)
    cls = clusters(data)
    two_sum_s = sum((2 * (d.target - c.target) / (d.lo - c.hi) for c, d in zip(cls, cls[1:])), F(0))
    assert h.cost == h.network.to_pwl().slope_variation() == h.network.cost() == two_sum_s
    assert len(h.network.units) == 2 * (data.size - 1)


@given(online_1d(min_points=2))
def test_online_is_contractive_with_equality_exactly_at_clean_points_and_gap_midpoints(data):
    h = min_cost_denoiser(data)
    assert check_contractivity(data, h.network).status is Status.PROVED
    xs = sorted(x for (x,) in data.clean)
    profile = contractivity_profile(h.network.to_pwl(), tuple(xs))
    assert profile["sup"] == 0
    assert profile["equality"] == tuple(sorted(set(xs) | {(a + b) / 2 for a, b in zip(xs, xs[1:])}))


@given(offline_1d(min_points=2, contain_clean=True))
def test_offline_contractivity_matches_the_closed_condition(data):
    """THEORY.md section 3: gap n is contractive iff a_n = b_n; else the worst point is its midpoint
    with violation (D/2)|b - a|/(D - a - b). The verifier never sees this formula."""
    h = min_cost_denoiser(data)
    cls = clusters(data)
    worst, where = F(0), None
    for c, d in zip(cls, cls[1:]):
        D, a, b = d.target - c.target, c.hi - c.target, d.target - d.lo
        v = D / 2 * abs(b - a) / (D - a - b)
        if v > worst:
            worst, where = v, (c.target + d.target) / 2
    verdict = check_contractivity(data, h.network)
    if worst == 0:
        assert verdict.status is Status.PROVED
    else:
        assert verdict.status is Status.REFUTED
        assert verdict.value(Q.VIOLATION) == worst
        assert h.function(where) - where != 0
        profile = contractivity_profile(h.network.to_pwl(), tuple(x for (x,) in data.clean))
        assert profile["sup"] == worst


@given(data_1d, data_1d.flatmap(lambda _: __import__("hypothesis").strategies.integers(0, 10**6)))
def test_perturbing_a_unit_is_caught(data, seed):
    """Moving one unit's bias breaks interpolation or the cost claim: the checks can fail."""
    h = min_cost_denoiser(data)
    if not h.network.units:
        return
    k = seed % len(h.network.units)
    units = list(h.network.units)
    u = units[k]
    units[k] = Unit(u.a, u.w, u.b + F(1, 1000))
    broken = ShallowNetwork(units, h.network.V, h.network.c)
    assert check_interpolation(data, broken).status is Status.REFUTED
    units[k] = Unit(tuple(2 * a for a in u.a), u.w, u.b)
    doubled = type(h)(**{**h.__dict__, "network": ShallowNetwork(units, h.network.V, h.network.c)})
    assert check_cost(doubled).status is Status.REFUTED


def test_a_non_optimal_interpolant_is_refuted_by_optimality_and_uniqueness():
    """An interpolant of U1 with an extra wiggle in the first gap costs more than 95/6."""
    h = min_cost_denoiser(U1)
    wiggle = [Unit((F(1),), (F(1),), F(-1, 2)), Unit((F(-2),), (F(1),), F(-3, 5)), Unit((F(1),), (F(1),), F(-7, 10))]
    net = ShallowNetwork(h.network.units + tuple(wiggle), h.network.V, h.network.c)
    other = type(h)(**{**h.__dict__, "network": net})
    assert check_interpolation(U1, net).status is Status.PROVED
    assert check_optimality(other).status is Status.REFUTED
    assert check_uniqueness(other).status is Status.REFUTED


def test_contractivity_detects_unbounded_violation():
    """A network that grows in the tail is refuted with a witness where the violation is positive."""
    net = ShallowNetwork([Unit((F(3),), (F(1),), F(-1))], ((F(0),),), (F(0),))
    v = check_contractivity(DataSet(clean=[0], radius=F(1, 10)), net)
    assert v.status is Status.REFUTED and v.value(Q.VIOLATION) > 0



