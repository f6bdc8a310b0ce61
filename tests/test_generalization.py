"""Generalisation against the empirical MMSE denoiser (THEORY.md section 7, issue 6).

Layers: exact golden values (the sigma -> 0 limit 1/192), the closed-form MSE computed two ways
(closed form in y-pieces vs quadrature with the x-integral done first), Monte Carlo agreement,
asymptotics at small sigma, the study and its verdicts, bad inputs, and the command.
"""

from __future__ import annotations

import json

import mpmath
import numpy as np
import pytest
from gmpy2 import mpq

from symden.data import DataSet
from symden.errors import InvalidDataError, SymdenError
from symden.generalization import (
    ESTIMATE,
    RIGOROUS,
    Crossover,
    ErrorBar,
    GridRow,
    TestDistribution,
    empirical_mmse,
    empirical_mmse_test_mse,
    generalization_study,
    low_noise_verdict,
    min_cost_function,
    min_cost_test_mse,
    nearest_point_distortion,
    parse_test_distribution,
    piecewise_linear_test_mse,
    sigma_grid,
)
from symden.generalization.min_cost_mse import _ncdf_iv
from symden.records import Quantity, Status
from symden.reference import cite

FIVE = [0, mpq(1, 4), mpq(1, 2), mpq(3, 4), 1]
UNIFORM = parse_test_distribution("uniform:0:1")


def _f(q):
    return mpmath.mpf(int(q.numerator)) / int(q.denominator)


# -- specs and exact values -------------------------------------------------------------------


def test_specs_parse_to_normalised_mixtures():
    assert UNIFORM.components == ((mpq(0), mpq(1), mpq(1)),)
    pts = parse_test_distribution("points:0,0.5,1/3")
    assert pts.components == tuple((x, x, mpq(1, 3)) for x in (mpq(0), mpq(1, 2), mpq(1, 3)))
    # relative densities 2 on [0, 1] and 1 on [1, 3]: masses 2 and 2
    pw = parse_test_distribution("piecewise:0:1:2,1:3:1")
    assert pw.components == ((mpq(0), mpq(1), mpq(1, 2)), (mpq(1), mpq(3), mpq(1, 2)))


@pytest.mark.parametrize(
    "spec",
    ["uniform:1:0", "uniform:0", "uniform:0:x", "normal:0:1", "points:", "points:0,,1", "piecewise:0:1",
     "piecewise:0:1:0", "piecewise:1:0:1", "uniform:0:0.1e-999999", ""],
)
def test_bad_specs_raise_one_line_invalid_data(spec):
    with pytest.raises(InvalidDataError) as info:
        parse_test_distribution(spec)
    assert "\n" not in str(info.value) and "uniform:A:B" in str(info.value)


def test_sigma_grid_is_exact_log_spaced_decimals():
    grid = sigma_grid("1/1000", "1/10", 5)
    assert grid[0] == mpq(1, 1000) and grid[-1] == mpq(1, 10)
    assert grid[2] == mpq(1, 100)
    assert all(a < b for a, b in zip(grid, grid[1:]))
    with pytest.raises(InvalidDataError):
        sigma_grid(0, 1, 3)
    with pytest.raises(InvalidDataError):
        sigma_grid(1, 2, 1)


def test_nearest_point_distortion_golden():
    assert nearest_point_distortion(FIVE, UNIFORM) == mpq(1, 192)
    # atoms: distances 1/8 and 0
    assert nearest_point_distortion(FIVE, parse_test_distribution("points:1/8,1")) == mpq(1, 128)
    # piecewise: on [1, 3] the nearest point is 1, E (x - 1)^2 = 4/3
    assert nearest_point_distortion(FIVE, parse_test_distribution("piecewise:0:1:1,1:3:1")) == mpq(1, 3) * mpq(1, 192) + mpq(2, 3) * mpq(4, 3)


def test_emmse_is_stable_at_tiny_sigma():
    with mpmath.workdps(30):
        # the naive ratio underflows to 0/0 here; the log-sum-exp form gives the nearest point
        assert empirical_mmse(FIVE, mpq(1, 10**6), mpmath.mpf("0.3")) == mpmath.mpf(1) / 4
        # exactly half-way between two points the weights are equal
        assert mpmath.almosteq(empirical_mmse([0, 1], mpq(1, 10**6), mpmath.mpf("0.5")), mpmath.mpf("0.5"))


def test_min_cost_is_the_online_closed_form_and_absent_when_balls_meet():
    f = min_cost_function(FIVE, mpq(1, 100))
    assert f(mpq(1, 100)) == 0 and f(mpq(1, 8)) == mpq(1, 8) and f(mpq(1, 4) - mpq(1, 100)) == mpq(1, 4)
    assert min_cost_function(FIVE, mpq(1, 8)) is None  # rho = 1/8 = half the gap: the balls touch
    assert min_cost_function(FIVE, mpq(1, 16), alpha=2) is None
    assert min_cost_test_mse(FIVE, UNIFORM, mpq(1, 5)) is None


def test_ncdf_enclosure_contains_the_value():
    with mpmath.workprec(120):
        mpmath.iv.prec = 120
        for u in ("-40", "-3.5", "0", "1e-30", "2", "9"):
            box = _ncdf_iv(mpmath.iv.mpf(u))
            with mpmath.workprec(300):
                true = mpmath.ncdf(mpmath.mpf(u))
                assert box.a <= true <= box.b
                assert box.b - box.a <= abs(true) * mpmath.mpf(2) ** -100 + mpmath.mpf(2) ** -200


# -- the closed form computed two ways --------------------------------------------------------


def _quadrature_mse(f, test: TestDistribution, sigma, dps=30):
    """The MSE with the x-integral done first (Gaussian moments) and the y-integral by quadrature."""
    with mpmath.workdps(dps):
        s = _f(sigma)
        knots = [_f(t) for t in f.knots]
        def fy(y):  # exact f at the binary number y
            man, exp = mpmath.mpf(y).man_exp  # man_exp holds |y|
            man = -man if y < 0 else man
            return _f(f(mpq(man * 2**exp) if exp >= 0 else mpq(man, 2**-exp)))

        total = mpmath.mpf(0)
        for lo, hi, w in test.components:
            p, q = _f(lo), _f(hi)
            a, b = p - 12 * s, q + 12 * s
            pts = sorted({a, b, p, q, *[k for k in knots if a < k < b]})
            if lo == hi:
                g = lambda y: (fy(y) - p) ** 2 * mpmath.npdf((y - p) / s) / s  # npdf takes a variance, not a std
                total += _f(w) * mpmath.quad(g, pts)
            else:
                def g(y):
                    d = fy(y) - y
                    L, U = (p - y) / s, (q - y) / s
                    j0 = mpmath.ncdf(U) - mpmath.ncdf(L)
                    j1 = s * (mpmath.npdf(L) - mpmath.npdf(U))
                    j2 = s * s * (j0 + L * mpmath.npdf(L) - U * mpmath.npdf(U))
                    return d * d * j0 - 2 * d * j1 + j2

                total += _f(w) * mpmath.quad(g, pts) / (q - p)
        return total


@pytest.mark.parametrize("spec", ["uniform:0:1", "points:0,0.1,0.3,1/3,2", "piecewise:-1/2:1/2:3,1/2:3/2:1"])
@pytest.mark.parametrize("sigma", [mpq(1, 50), mpq(1, 11)])
def test_closed_form_agrees_with_quadrature(spec, sigma):
    test = parse_test_distribution(spec)
    f = min_cost_function(FIVE, sigma)
    bar = piecewise_linear_test_mse(f, test, sigma, digits=20)
    assert bar.rigorous and bar.radius <= mpmath.mpf(10) ** -20 * bar.mid
    with mpmath.workdps(30):
        assert abs(_quadrature_mse(f, test, sigma) - bar.mid) <= mpmath.mpf(10) ** -18 * bar.mid


def test_closed_form_handles_slopes_and_affine_tails():
    # a hand-made denoiser with non-flat tails and three slopes exercises every term of F
    from symden.pwl import PiecewiseLinear

    f = PiecewiseLinear(knots=[0, 1], values=[0, 2], left_slope=mpq(1, 2), right_slope=mpq(-1, 3))
    test = parse_test_distribution("piecewise:-1:2:1,0.5:0.7:5")
    sigma = mpq(3, 10)
    bar = piecewise_linear_test_mse(f, test, sigma, digits=20)
    with mpmath.workdps(30):
        assert abs(_quadrature_mse(f, test, sigma) - bar.mid) <= mpmath.mpf(10) ** -18 * bar.mid


# -- Monte Carlo ------------------------------------------------------------------------------


@pytest.mark.parametrize("sigma", [mpq(1, 20), mpq(1, 10)])
def test_monte_carlo_agrees_with_both_mses(sigma):
    rng = np.random.default_rng(20231106)
    n = 400_000
    s = float(sigma)
    x = UNIFORM.sample(rng, n)
    y = x + s * rng.standard_normal(n)
    xs = np.array([float(t) for t in FIVE])
    f = min_cost_function(FIVE, sigma)
    hmin = np.interp(y, [float(t) for t in f.knots], [float(v) for v in f.values])  # flat tails: np.interp clamps
    e = -((y[:, None] - xs) ** 2) / (2 * s * s)
    w = np.exp(e - e.max(axis=1, keepdims=True))
    hemp = (w * xs).sum(axis=1) / w.sum(axis=1)
    for h, bar in ((hmin, piecewise_linear_test_mse(f, UNIFORM, sigma, digits=12)),
                   (hemp, empirical_mmse_test_mse(FIVE, UNIFORM, sigma, digits=10))):
        sq = (h - x) ** 2
        se = sq.std() / np.sqrt(n)
        assert abs(sq.mean() - float(bar.mid)) < 4 * se


# -- the low-noise limits ---------------------------------------------------------------------


def test_small_sigma_limits():
    """Both limits at sigma = 1e-4, with tolerances from the asymptotics.

    min-cost (alpha = 1): a test point in a gap sees h(x + e) - x = (k-1)(x - x_n) - k rho + k e with
    slope k = D/(D - 2 rho) = 1 + O(rho); averaging (2t/D - 1)^2 rho^2 over the gap gives rho^2/3, the
    noise k^2 s^2; the flat pieces and the two ends change this by O(s^3). So MSE = (1 + alpha^2/3) s^2
    + O(s^3) -> 0; we allow |MSE/s^2 - 4/3| <= s (the measured O(s^3) coefficient is about -0.12).

    eMMSE: in the interior X | Y = y is N(y, s^2) and p_Y = 1, so MSE = int (h(y) - y)^2 + s^2 dy;
    near each midpoint h = x_n + D sigmoid(D (y - m)/s^2) and integrating the difference from the
    nearest-point map gives -D s^2 + pi^2 s^4/(3 D); the -D s^2 terms (sum of gaps = 1) cancel the
    noise term s^2 exactly, so MSE = 1/192 + 4 pi^2 s^4/(3 D) * 4 midpoints ... = 1/192 + (16 pi^2/3) s^4
    up to exponentially small terms. We check that to 1e-6 relative in the s^4 term, which needs the
    quadrature to be right to ~1e-25 absolute.
    """
    s = mpq(1, 10**4)
    mc = min_cost_test_mse(FIVE, UNIFORM, s, digits=20)
    em = empirical_mmse_test_mse(FIVE, UNIFORM, s, digits=26)
    with mpmath.workdps(40):
        sf = _f(s)
        assert abs(mc.mid / sf**2 - mpmath.mpf(4) / 3) <= sf
        assert mc.lo > 0
        excess = em.mid - mpmath.mpf(1) / 192
        assert abs(excess - 16 * mpmath.pi**2 / 3 * sf**4) <= mpmath.mpf(10) ** -6 * sf**4
        assert em.radius <= mpmath.mpf(10) ** -6 * sf**4


# -- the study and its verdict ----------------------------------------------------------------


@pytest.mark.slow
def test_study_on_five_points_finds_crossover_and_certifies():
    grid = sigma_grid("1/100", "1/5", 5)  # 0.01, 0.0211474, 0.0447214, 0.0945742, 0.2
    st = generalization_study(FIVE, UNIFORM, grid, digits=10, refine_rel_tol=1e-2)
    assert [r.order for r in st.rows] == ["min-cost", "min-cost", "min-cost", "eMMSE", "n/a"]
    assert st.rows[-1].min_cost is None
    c = st.crossover
    assert c.kind == "crossing" and c.refined and c.lo < mpq(694096, 10**7) < c.hi and c.hi / c.lo < mpq(101, 100)
    assert st.verdict.status is Status.EVIDENCE and "evidence for the claim" in st.verdict.detail
    assert st.limit_emmse == mpq(1, 192) and st.max_sigma_min_cost == mpq(1, 8)
    for r in st.rows:
        assert r.emmse.kind == ESTIMATE and (r.min_cost is None or r.min_cost.kind == RIGOROUS)


def test_test_points_at_the_training_points_refute_the_claim():
    # the eMMSE maps the noisy training points back almost exactly; the min-cost denoiser pays O(s^2)
    st = generalization_study(FIVE, parse_test_distribution("points:0,1/4,1/2,3/4,1"), [mpq(1, 100)], digits=8)
    assert st.crossover.kind == "at-start"
    v = st.verdict
    assert v.status is Status.EVIDENCE and "evidence against the claim" in v.detail
    assert v.value(Quantity.SIGMA) == mpq(1, 100) and v.reference == cite("7")
    # the witness: the two error bars as exact intervals, the eMMSE one entirely below
    (mc_lo, mc_hi), (em_lo, em_hi) = v.value(Quantity.MIN_COST_MSE), v.value(Quantity.EMMSE_MSE)
    assert em_lo <= em_hi < mc_lo <= mc_hi
    assert v.value(Quantity.ALPHA) == 1 and v.value(Quantity.GRID_SIGMAS) == 1


def test_overlapping_bars_are_inconclusive():
    bar = lambda m, r, k=RIGOROUS: ErrorBar(mpmath.mpf(m), mpmath.mpf(r), k)
    rows = [GridRow(mpq(1, 10), mpq(1, 10), bar(1, "0.1"), bar("1.05", "0.1", ESTIMATE))]
    v = low_noise_verdict(rows, Crossover("none"), alpha=mpq(1))
    assert v.status is Status.INCONCLUSIVE and "overlap" in v.detail


def test_study_refuses_bad_options():
    with pytest.raises(InvalidDataError):
        generalization_study(FIVE, UNIFORM, [mpq(1, 10)], alpha=0)
    with pytest.raises(InvalidDataError):
        generalization_study(FIVE, UNIFORM, [mpq(1, 10)], digits=2)
    with pytest.raises(InvalidDataError):
        generalization_study(FIVE, UNIFORM, [0])
    with pytest.raises(SymdenError):
        generalization_study(DataSet(clean=[[0, 0], [1, 0]], radius="1/10"), UNIFORM, [mpq(1, 10)])


# -- the command ------------------------------------------------------------------------------


def _cli(argv):
    from symden.cli import main

    return main(["generalization", *argv])


@pytest.mark.slow
def test_command_prints_table_json_and_plot(tmp_path, capsys):
    data = tmp_path / "five.json"
    data.write_text('{"clean": [0, 0.25, 0.5, 0.75, 1], "radius": "1/100"}')
    png = tmp_path / "out.png"
    code = _cli([str(data), "--test-distribution", "uniform:0:1", "--sigma", "0.02:0.16:4", "--digits", "8",
                 "--plot", str(png)])
    out = capsys.readouterr().out
    assert code == 0
    assert "online 1-D closed form, rho = alpha*sigma, skip unit present, biases free; alpha = 1" in out
    assert "no min-cost denoiser (balls overlap)" in out and "crossover: sigma in [" in out
    assert "EVIDENCE" in out and "CERTIFIED" not in out and "1/192" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code = _cli([str(data), "--test-distribution", "points:0.1,0.4", "--sigma", "0.01:0.01:1", "--alpha", "1/2",
                 "--format", "json", "--digits", "6"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["alpha"] == "1/2" and doc["rows"][0]["sigma"] == "1/100"
    assert doc["verdict"]["status"] == "evidence"


@pytest.mark.parametrize(
    "argv",
    [["--test-distribution", "gauss:0:1", "--sigma", "0.1:1:3"], ["--test-distribution", "uniform:0:1", "--sigma", "0.1:1"],
     ["--test-distribution", "uniform:0:1", "--sigma", "0.1:1:x"], ["--test-distribution", "uniform:0:1", "--sigma", "1:0.1:3"]],
)
def test_command_bad_input_exits_2_naming_the_value(tmp_path, capsys, argv):
    data = tmp_path / "five.json"
    data.write_text('{"clean": [0, 0.25, 0.5, 0.75, 1], "radius": "1/100"}')
    assert _cli([str(data), *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("symden: error: ")
    assert argv[1] in err or argv[3] in err
