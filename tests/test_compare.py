"""symden compare: a trained network against the min-cost denoiser (docs/theory.md section 7b.2).

The facts tested: a network with the prediction's own parameters is the prediction (distances 0
up to float rounding, every unit aligned, cost R(h*)); a unit rotated by exactly 3 degrees reads
3 degrees and counts within 5 but not within 2; splitting units into rescaled copies changes
neither the function nor the cost; the figure's lines are the units' boundaries; the command
line's JSON keys, exit codes and one-line errors.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from symden.cli import EXIT_BAD_INPUT, EXIT_OK, main
from symden.data import DataSet, dump_dataset
from symden.examples import example
from symden.exact import to_float
from symden.experiments import TrainedNetwork
from symden.experiments.compare import compare, predict
from symden.printing.experiments import json_comparison, plot_comparison, text_comparison

# float rounding of evaluating the same affine pieces in another order: a few ulps of values ~1
ROUNDING = 1e-12


def _own(prediction, *, rotate=None, scale=1.0):
    """The predicted network's own parameters as a TrainedNetwork (``rotate``: {unit: degrees} in the plane)."""
    net = prediction.network
    W = np.array([[to_float(v) for v in u.w] for u in net.units])
    b = np.array([to_float(u.b) for u in net.units])
    A = np.array([[to_float(v) for v in u.a] for u in net.units]).T
    for k, deg in (rotate or {}).items():
        t = math.radians(deg)
        W[k] = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]]) @ W[k]
    V = np.array([[to_float(v) for v in row] for row in net.V])
    c = np.array([to_float(v) for v in net.c])
    return TrainedNetwork(W=W * scale, b=b * scale, A=A / scale, V=V, c=c)


@pytest.fixture(scope="module")
def m3():
    data = example("M3").data  # obtuse triangle, edge-aligned closed form (certified)
    return data, predict(data)


@pytest.fixture(scope="module")
def m5():
    data = example("M5").data  # equilateral triangle, face-aligned closed form (certified)
    return data, predict(data)


@pytest.mark.parametrize("name", ["m3", "m5"])
def test_the_predictions_own_network_is_the_prediction(name, request):
    data, pred = request.getfixturevalue(name)
    c = compare(_own(pred), data, predicted=pred)
    assert pred.standing == "certified" and pred.cost is not None
    assert c.sup_distance <= ROUNDING and c.rms_distance <= ROUNDING
    assert c.grid_sup_distance <= ROUNDING and c.grid_rms_distance <= ROUNDING
    assert c.aligned_share_2deg == pytest.approx(1.0, abs=1e-15) and c.aligned_share_5deg == pytest.approx(1.0, abs=1e-15)
    assert c.cost == pytest.approx(to_float(pred.cost), rel=1e-14)  # the closed form's network costs R(h*)
    assert c.cost_ratio == pytest.approx(1.0, rel=1e-14)
    assert max(c.unit_angles) < 1e-6  # every unit on a predicted line
    assert all(u.predicted_angle < 1e-6 and u.aligned_angle < 1e-6 for u in c.units)
    # a rebalanced network (a -> a / t, w -> t w, b -> t b) is the same function at the same cost
    c2 = compare(_own(pred, scale=3.0), data, predicted=pred)
    assert c2.sup_distance <= ROUNDING * 3 and c2.cost == pytest.approx(c.cost, rel=1e-14)


def test_alignment_labels_are_the_theorems(m3, m5):
    """M3's w are parallel to the edges x0-x1 and x0-x2 (116.57 deg); M5's normal to the three edges (30, 90, 150 deg)."""
    c3 = compare(_own(m3[1]), *m3[:1], predicted=m3[1])
    assert sorted((round(d.angle, 2), d.aligned) for d in c3.predicted_directions) == [
        (0.0, "parallel to x0-x1"), (116.57, "parallel to x0-x2")]
    assert c3.predicted_directions[1].angle == pytest.approx(math.degrees(math.atan2(1, -0.5)), abs=1e-12)
    c5 = compare(_own(m5[1]), *m5[:1], predicted=m5[1])
    assert sorted((round(d.angle, 6), d.aligned) for d in c5.predicted_directions) == [
        (30.0, "normal to x1-x2"), (90.0, "normal to x0-x1"), (150.0, "normal to x0-x2")]
    assert [d.share for d in c5.predicted_directions] == pytest.approx([1 / 3] * 3, rel=1e-12)


def test_a_unit_rotated_by_three_degrees(m3):
    data, pred = m3
    c0 = compare(_own(pred), data, predicted=pred)
    k = 0  # w = (1, 0): parallel to x0-x1
    for deg in (3.0, -3.0):
        c = compare(_own(pred, rotate={k: deg}), data, predicted=pred)
        assert c.unit_angles[k] == pytest.approx(3.0, abs=1e-9)
        assert c.units[[u.unit for u in c.units].index(k)].angle == pytest.approx(deg % 180, abs=1e-9)
        share = c.unit_shares[k]
        assert share == pytest.approx(c0.unit_shares[k], rel=1e-14)  # rotation keeps |w|, so the cost
        assert c.aligned_share_5deg == pytest.approx(1.0, abs=1e-15)  # 3 <= 5
        assert c.aligned_share_2deg == pytest.approx(1.0 - share, abs=1e-14)  # 3 > 2
        assert c.sup_distance > 1e-3  # a rotated boundary is another function
        # direction 0's two units cost the same, one at 0 and one at +-3 degrees: their mean is +-1.5 (modulo 180)
        i = c.units[[u.unit for u in c.units].index(k)].predicted
        assert c.predicted_directions[i].angle == 0.0 and c.unit_shares[0] == pytest.approx(c.unit_shares[1], rel=1e-14)
        assert c.direction_means[i] == pytest.approx((deg / 2) % 180, abs=1e-9)
    c = compare(_own(pred, rotate={k: 1.5}), data, predicted=pred)  # within both
    assert c.unit_angles[k] == pytest.approx(1.5, abs=1e-9) and c.aligned_share_2deg == pytest.approx(1.0, abs=1e-15)
    # w -> -w with a, b kept is another function on the same line: the angle is 0 (modulo 180)
    net = _own(pred)
    W = net.W.copy()
    W[k] = -W[k]
    c = compare(TrainedNetwork(W=W, b=net.b, A=net.A, V=net.V, c=net.c), data, predicted=pred)
    assert c.unit_angles[k] < 1e-6 and c.aligned_share_2deg == pytest.approx(1.0, abs=1e-15)


def test_split_units_give_the_same_function_and_cost(m5):
    """Unit k as m copies (t_j w, t_j b, a / (m t_j)): sum_j a/(m t_j) [t_j z]_+ = a [z]_+, each costing |a||w|/m."""
    data, pred = m5
    base = _own(pred)
    ts = np.array([0.25, 0.5, 1.0, 2.0, 4.0, 7.0, 11.0])
    m = len(ts)
    W = np.concatenate([t * base.W for t in ts])
    b = np.concatenate([t * base.b for t in ts])
    A = np.concatenate([base.A / (m * t) for t in ts], axis=1)
    split = TrainedNetwork(W=W, b=b, A=A, V=base.V, c=base.c)
    assert split.width == m * base.width
    c0 = compare(base, data, predicted=pred)
    c = compare(split, data, predicted=pred)
    assert c.cost == pytest.approx(c0.cost, rel=1e-13) == to_float(pred.cost)
    assert c.sup_distance <= 10 * ROUNDING and c.grid_sup_distance <= 10 * ROUNDING
    assert c.aligned_share_2deg == pytest.approx(1.0, abs=1e-14)
    assert max(c.unit_shares) == pytest.approx(max(c0.unit_shares) / m, rel=1e-12)
    assert [b[:2] for b in c.direction_histogram] == [b[:2] for b in c0.direction_histogram]
    assert [b[2] for b in c.direction_histogram] == pytest.approx([b[2] for b in c0.direction_histogram], rel=1e-12)


def test_three_dimensions_and_one(tmp_path):
    """The same measures in R^3 (angles between lines in R^3) and R^1 (every w on the one line)."""
    data = DataSet(clean=[[0, 0, 0], [1, 0, 0], [0, 2, 0]], radius="1/10")
    pred = predict(data)
    own = _own(pred)
    c = compare(own, data, predicted=pred)
    assert c.sup_distance <= ROUNDING and c.aligned_share_2deg == pytest.approx(1.0, abs=1e-14)
    assert c.histogram_of.startswith("angle between the line of w")
    assert c.direction_histogram[0][:2] == (0.0, 1.0) and c.direction_histogram[0][2] == pytest.approx(1.0)
    # tilt every w by exactly 4 degrees out of the data's plane: 4 degrees from the predicted line
    t = math.radians(4.0)
    W = np.array([math.cos(t) * w + math.sin(t) * np.linalg.norm(w) * np.array([0, 0, 1.0]) for w in own.W])
    c = compare(TrainedNetwork(W=W, b=own.b, A=own.A, V=own.V, c=own.c), data, predicted=pred)
    assert np.allclose(c.unit_angles, 4.0, atol=1e-9)
    assert c.aligned_share_2deg == 0.0 and c.aligned_share_5deg == pytest.approx(1.0, abs=1e-14)
    fig = plot_comparison(c)
    bars = [p.get_height() for p in fig.axes[0].patches]
    assert sum(bars) == pytest.approx(100.0) and bars[4] == pytest.approx(100.0)  # all in [4, 5)
    one = DataSet(clean=[0, 1], radius="1/10")
    p1 = predict(one)
    c1 = compare(_own(p1), one, predicted=p1)
    assert c1.sup_distance <= ROUNDING and c1.cost == pytest.approx(to_float(p1.cost), rel=1e-14)


def test_offline_data_compare_on_the_sample_hulls():
    data = example("M3-offline").data
    pred = predict(data)
    assert pred.standing == "upper bound" and "upper bound on R(h*)" in pred.description
    c = compare(_own(pred), data, predicted=pred)
    assert c.region.startswith("the sample hulls") and c.sup_distance <= ROUNDING
    assert c.region_points == sum(len(s) for s in data.samples) + 3 * 2000


def test_dimension_mismatch_is_bad_input(m3):
    from symden.errors import InvalidDataError

    net = TrainedNetwork(W=np.ones((2, 1)), b=np.zeros(2), A=np.ones((1, 2)), V=np.zeros((1, 1)), c=np.zeros(1))
    with pytest.raises(InvalidDataError, match="R\\^1 .* 2-dimensional"):
        compare(net, m3[0], predicted=m3[1])


def test_text_and_json(m3):
    data, pred = m3
    c = compare(_own(pred, rotate={2: 3.0}), data, predicted=pred)
    out = json.loads(json.dumps(json_comparison(c)), parse_constant=lambda s: pytest.fail(f"{s} in JSON"))
    for key in ("sup_distance", "rms_distance", "cost", "predicted_cost", "aligned_share_5deg", "aligned_share_2deg",
                "grid_sup_distance", "grid_rms_distance", "predicted", "units", "convention", "setting", "reference"):
        assert key in out
    assert out["status"] == "evidence" and out["setting"] == "online" and out["reference"] == "docs/theory.md section 7b.2"
    assert out["predicted"]["cost"] == str(pred.cost) and out["predicted"]["standing"] == "certified"
    assert out["predicted_cost"] == to_float(pred.cost)
    assert out["aligned_share_2deg"] == pytest.approx(1 - c.unit_shares[2], abs=1e-14)
    assert {u["unit"] for u in out["units"]} == {0, 1, 2, 3}
    text = text_comparison(c)
    for phrase in ("convention  skip unit present", "setting     online", "docs/theory.md section 7b.2", "evidence",
                   "simplex-edge closed form", "within 2 degrees", "parallel to x0-x2 (3.00 deg)"):
        assert phrase in text


def test_plot_lines_are_the_boundaries(m5):
    data, pred = m5
    net = _own(pred, rotate={0: 3.0, 3: -2.0})
    c = compare(net, data, predicted=pred)
    fig = plot_comparison(c)
    lines = {ln.get_gid(): ln for ax in fig.axes for ln in ax.get_lines() if ln.get_gid()}
    trained = [g for g in lines if g.startswith("trained ")]
    predicted = [g for g in lines if g.startswith("predicted ")]
    assert len(trained) == net.width and len(predicted) == len(pred.network.units)
    for gid in trained:
        k = int(gid.split()[1]) - 1
        xs, ys = lines[gid].get_data()
        assert np.hypot(xs[1] - xs[0], ys[1] - ys[0]) > 0.1
        for x, y in zip(xs, ys):
            assert abs(net.W[k] @ (x, y) + net.b[k]) <= 1e-12 * (1 + np.linalg.norm(net.W[k]))
    for gid in predicted:
        u = pred.network.units[int(gid.split()[1]) - 1]
        for x, y in zip(*lines[gid].get_data()):
            assert abs(to_float(u.w[0]) * x + to_float(u.w[1]) * y + to_float(u.b)) <= 1e-12
    widths = {int(g.split()[1]) - 1: lines[g].get_linewidth() for g in trained}
    assert max(widths.values()) == pytest.approx(3.0)  # width by cost share: equal shares, equal widths
    assert min(widths.values()) == pytest.approx(3.0)
    import matplotlib.pyplot as plt

    plt.close(fig)
    # one panel each, on a shared view (Figure 2's rows): only the boundaries asked for
    from symden.printing.experiments import draw_comparison

    fig, (top, bottom) = plt.subplots(1, 2)
    view = (-0.5, 1.5, -0.5, 1.5)
    draw_comparison(top, c, show=("predicted",), view=view)
    draw_comparison(bottom, c, show=("trained",), view=view)
    gids = [[ln.get_gid() or "" for ln in ax.get_lines()] for ax in (top, bottom)]
    assert sum(g.startswith("predicted") for g in gids[0]) == 6 and not any(g.startswith("trained") for g in gids[0])
    assert sum(g.startswith("trained") for g in gids[1]) == 6 and not any(g.startswith("predicted") for g in gids[1])
    assert top.get_xlim() == bottom.get_xlim() == (-0.5, 1.5)
    plt.close(fig)


# -- the command line ---------------------------------------------------------------------------


def _run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path, m3):
    data, pred = m3
    (tmp_path / "m3.json").write_text(dump_dataset(data))
    net = _own(pred, rotate={0: 3.0})
    net.save(str(tmp_path / "net.npz"))
    one = TrainedNetwork(W=np.ones((2, 1)), b=np.zeros(2), A=np.ones((1, 2)), V=np.zeros((1, 1)), c=np.zeros(1))
    one.save(str(tmp_path / "one.npz"))
    return tmp_path


def test_cli_json_and_plot(files, capsys):
    code, out, err = _run(["compare", files / "net.npz", files / "m3.json", "--format", "json",
                           "--plot", files / "fig.svg"], capsys)
    assert code == EXIT_OK, err
    found = json.loads(out)
    assert found["aligned_share_5deg"] == pytest.approx(1.0, abs=1e-14) and found["aligned_share_2deg"] < 1
    assert (files / "fig.svg").read_text().startswith("<?xml")
    code, out, err = _run(["compare", files / "net.npz", files / "m3.json"], capsys)
    assert code == EXIT_OK and "docs/theory.md section 7b.2" in out and err == ""


@pytest.mark.parametrize("args, message", [
    (["missing.npz", "m3.json"], "missing.npz: no such file"),
    (["net.npz", "missing.json"], "missing.json"),
    (["one.npz", "m3.json"], "the network maps R^1 to R^1 but the data are 2-dimensional"),
    (["net.npz", "m3.json", "--plot", "fig.gif"], "unknown figure extension .gif"),
    (["net.npz", "m3.json", "--map", "X=fc.weight"], "--map 'X=fc.weight': expected NAME=KEY pairs"),
])
def test_cli_bad_input_is_one_line_exit_2(files, capsys, args, message):
    argv = ["compare"] + [str(files / a) if a.endswith((".npz", ".json")) else a for a in args]
    argv = [str(files / a) if a == "fig.gif" else a for a in argv]
    code, out, err = _run(argv, capsys)
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.count("\n") == 1 and err.startswith("symden: error: ") and message in err
    assert not (files / "fig.gif").exists()


@pytest.mark.slow
def test_the_programs_network_when_no_closed_form_applies():
    """Four points of a square (offline, two samples each): no closed form; the program's certified network is the prediction."""
    from symden.exact import exact

    data = DataSet(clean=[[0, 0], [1, 0], [0, 1], [1, 1]],
                   samples=[[[0, 0], ["1/10", 0]], [[1, 0], [1, "1/10"]], [[0, 1], [0, "9/10"]], [[1, 1], ["9/10", 1]]])
    pred = predict(data)
    assert pred.source == "program" and pred.standing == "certified interval"
    lo, hi = pred.cost_interval
    assert lo <= pred.network_cost <= hi  # exact comparisons: the network behind the upper end
    c = compare(_own(pred), data, predicted=pred)
    assert c.sup_distance <= ROUNDING and c.grid_sup_distance <= ROUNDING
    assert c.aligned_share_2deg == pytest.approx(1.0, abs=1e-14)
    assert to_float(lo) <= c.cost * (1 + 1e-14) and c.cost <= to_float(hi) * (1 + 1e-14)
    assert exact(json_comparison(c)["predicted"]["network_cost"]) == pred.network_cost


def test_nearby_predicted_lines_form_one_direction_and_negligible_ones_do_not_count(m3):
    """A program-like prediction: M3's network plus a line 0.498 degrees off (one family) and a 45-degree line of negligible cost."""
    from gmpy2 import mpq

    from symden.experiments.compare import FAMILY_DEGREES, PREDICTED_MIN_SHARE, Prediction
    from symden.network import ShallowNetwork, Unit

    data, pred = m3
    base = pred.network
    near = Unit(a=(mpq(1, 2), 0), w=(1, mpq(1, 115)), b=mpq(-1, 2))  # atan(1/115) = 0.498 degrees
    tiny = Unit(a=(mpq(1, 10**5), 0), w=(1, 1), b=mpq(-1, 10))  # 45 degrees, cost ~1.4e-5
    net = ShallowNetwork(units=base.units + (near, tiny), V=base.V, c=base.c)
    p = Prediction(network=net, source="program", name="a test network", standing="not certified", cost=None,
                   cost_interval=None, network_cost=net.cost(), reference="docs/theory.md section 6")
    c = compare(_own(p), data, predicted=p)
    assert c.sup_distance <= ROUNDING and 0 < to_float(tiny.cost()) / to_float(net.cost()) < PREDICTED_MIN_SHARE
    assert len(c.predicted_directions) == 2  # 0 degrees (two lines, 0.498 apart) and 116.57; not 45
    zero = [d for d in c.predicted_directions if d.angle == 0.0][0]
    off = math.degrees(math.atan(1 / 115))
    assert zero.lines == 2 and zero.spread == pytest.approx(off, abs=1e-9) and off < FAMILY_DEGREES
    k_tiny = net.units.index(tiny)
    assert c.unit_angles[k_tiny] == pytest.approx(45.0 - off, abs=1e-9)  # to the nearest line that counts, not to itself
    assert c.aligned_share_2deg == pytest.approx(1.0 - c.unit_shares[k_tiny], abs=1e-14)
    assert any("below 0.1% of the predicted cost" in n for n in c.notes)
