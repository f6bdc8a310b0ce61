"""The numpy trainer (symden.experiments.train, ``symden train``): its gradient, determinism, descent,
a 1-D problem against the closed form, the Figure 2 data and the command line's file and exit codes.

Everything measured on a trained network is evidence (floats); the facts asserted here are about the
trainer (its gradient is the loss's gradient, a seed fixes its output) and about what it converges to
on a problem whose min-cost denoiser is known exactly.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from symden.cli import EXIT_BAD_INPUT, EXIT_OK, main
from symden.closed_forms import min_cost_denoiser
from symden.data import DataSet, dump_dataset
from symden.exact import exact, rationalize, to_float
from symden.experiments.netfile import TrainedNetwork, load_network
from symden.experiments.train import (
    TrainConfig,
    _Problem,
    dataset_arrays,
    figure2_data,
    initial_parameters,
    learning_rate,
    sample_balls,
    train_arrays,
    train_dataset,
    weight_decay_at,
)

TWO_POINTS = DataSet(clean=[0, 1], radius="1/5")


def _loss_direct(W, b, A, V, c, Y, X, L):
    """The loss written out from its definition (no buffers, no packing): the second computation."""
    H = np.maximum(Y @ W.T + b, 0.0)
    h = H @ A.T + Y @ V.T + c
    return np.mean(np.sum((h - X) ** 2, axis=1)) + 0.5 * L * (np.sum(A ** 2) + np.sum(W ** 2))


# -- the gradient ----------------------------------------------------------------------------------


@pytest.mark.parametrize("d", [1, 2, 3])
def test_the_hand_written_gradient_is_the_loss_gradient(d):
    rng = np.random.default_rng(d)
    n, K, L = 11, 6, 0.3
    Y, X = rng.standard_normal((n, d)), rng.standard_normal((n, d))
    problem = _Problem(Y, X, K)
    theta = problem.pack(rng.standard_normal((K, d)), rng.standard_normal(K), rng.standard_normal((d, K)),
                         rng.standard_normal((d, d)), rng.standard_normal(d))
    grad = np.empty_like(theta)
    loss = problem.loss_grad(theta, grad, L)
    assert loss == pytest.approx(_loss_direct(*problem.unpack(theta), Y, X, L), rel=1e-13)
    step = 1e-6
    fd = np.empty_like(theta)
    for i in range(theta.size):
        up, down = theta.copy(), theta.copy()
        up[i] += step
        down[i] -= step
        fd[i] = (_loss_direct(*problem.unpack(up), Y, X, L) - _loss_direct(*problem.unpack(down), Y, X, L)) / (2 * step)
    # central differences are exact to O(step^2) away from kinks (no pre-activation is near 0 here)
    Z = problem.Y1 @ problem.views(theta)[0].T
    assert np.abs(Z).min() > 1e-4
    assert np.linalg.norm(grad - fd) / np.linalg.norm(grad) < 1e-6


def test_the_penalty_leaves_b_v_and_c_free():
    rng = np.random.default_rng(5)
    Y, X = rng.standard_normal((9, 2)), rng.standard_normal((9, 2))
    problem = _Problem(Y, X, 4)
    theta = problem.pack(*(rng.standard_normal(s) for s in ((4, 2), 4, (2, 4), (2, 2), 2)))
    g0, g1 = np.empty_like(theta), np.empty_like(theta)
    problem.loss_grad(theta, g0, 0.0)
    problem.loss_grad(theta, g1, 2.0)
    W, b, A, V, c = problem.unpack(theta)
    dW, db, dA, dV, dc = (x - y for x, y in zip(problem.unpack(g1), problem.unpack(g0)))
    np.testing.assert_allclose(dW, 2.0 * W, rtol=1e-12)
    np.testing.assert_allclose(dA, 2.0 * A, rtol=1e-12)
    assert not db.any() and not dV.any() and not dc.any()


# -- determinism, descent, schedule ----------------------------------------------------------------


def test_a_seed_fixes_the_trained_arrays_bit_for_bit():
    config = TrainConfig(width=12, steps=300, seed=3)
    one, two = train_dataset(TWO_POINTS, config), train_dataset(TWO_POINTS, config)
    for k in "WbAVc":
        assert np.array_equal(getattr(one, k), getattr(two, k))
    other = train_dataset(TWO_POINTS, TrainConfig(width=12, steps=300, seed=4))
    assert not np.array_equal(one.W, other.W)


def test_training_decreases_the_loss():
    # three balls on a line: no affine map sends them to their centres (the start is the affine fit)
    Y, X = sample_balls(DataSet(clean=[0, 1, 3], radius="1/5"), 10, seed=0)
    config = TrainConfig(width=20, steps=1500, weight_decay=1e-4)
    start = _loss_direct(*initial_parameters(Y, X, 20, 0), Y, X, 1e-4)
    net = train_arrays(Y, X, config)
    end = _loss_direct(net.W, net.b, net.A, net.V, net.c, Y, X, 1e-4)
    assert end == pytest.approx(net.meta["final_loss"], rel=1e-12)
    assert end < start / 10
    assert net.meta["steps"] == 1500 and net.meta["samples"] == 30


def test_the_schedule_and_the_continuation_end_where_documented():
    c = TrainConfig(steps=1000, lr=0.02, lr_final=0.01, warmup=0.05, decay_start=1e-2, decay_fraction=0.4)
    lrs = [learning_rate(c, t) for t in range(1000)]
    assert max(lrs) == pytest.approx(0.02) and lrs[-1] == pytest.approx(0.02 * 0.01)
    assert all(a >= b for a, b in zip(lrs[50:], lrs[51:]))  # non-increasing after the warm-up
    decays = [weight_decay_at(c, t) for t in range(1000)]
    assert decays[0] == pytest.approx(1e-2) and all(x == 1e-5 for x in decays[400:])
    step = TrainConfig(steps=10, lr=1.0, schedule="step")
    assert [learning_rate(step, t) for t in range(10)] == [1.0] * 5 + [0.1] * 3 + [0.01] * 2


def test_bad_configurations_are_one_line_errors():
    from symden.errors import InvalidDataError

    for bad in (dict(width=0), dict(steps=-1), dict(weight_decay=-1.0), dict(lr=0.0), dict(schedule="adam"),
                dict(seed=-2), dict(lr_final=2.0), dict(decay_start=float("nan"))):
        with pytest.raises(InvalidDataError):
            TrainConfig(**bad)
    with pytest.raises(InvalidDataError):
        train_arrays(np.zeros((3, 2)), np.zeros((4, 2)), TrainConfig(width=2, steps=1))


# -- sampling and the Figure 2 data -----------------------------------------------------------------


def test_online_samples_are_uniform_in_the_closed_balls():
    data = DataSet(clean=[(0, 0), (1, 0), ("-1/2", 1)], radius="1/10")
    Y, X = sample_balls(data, 4000, seed=1)
    assert Y.shape == X.shape == (12000, 2)
    r = np.linalg.norm(Y - X, axis=1) / 0.1
    assert r.max() <= 1.0
    # uniform in a disc: r^2 is uniform on [0, 1] (mean 1/2, sd 1/sqrt(12)); 12000 draws, 5 standard errors
    assert abs(np.mean(r ** 2) - 0.5) < 5 * (1 / math.sqrt(12)) / math.sqrt(12000)
    assert np.array_equal(Y, sample_balls(data, 4000, seed=1)[0])
    Y1, _ = dataset_arrays(data, online_samples=7, seed=2)
    assert np.array_equal(Y1, sample_balls(data, 7, seed=2)[0])


def test_figure2_data_are_exact_rational_samples_inside_the_balls():
    for shape, third in (("obtuse", (exact("-1/2"), exact(1))), ("equilateral", (exact("1/2"), exact("sqrt(3)/2")))):
        data = figure2_data(shape, samples=100)
        assert data.setting == "offline" and data.clean[2] == third
        assert [len(c) for c in data.samples] == [100, 100, 100]
        for point, cluster in zip(data.clean, data.samples):
            for y in cluster:
                assert all(type(v).__name__ == "mpq" for v in y)
                assert sum((v - p) ** 2 for v, p in zip(y, point)) <= exact("1/100")
        assert figure2_data(shape, samples=100) == data
    assert figure2_data("obtuse", samples=5, seed=1) != figure2_data("obtuse", samples=5, seed=0)


# -- a 1-D problem whose min-cost denoiser is known ------------------------------------------------


def test_two_points_in_one_dimension_train_to_the_closed_form():
    # h* = 0 on [-1/5, 1/5], the ramp to 1 on [1/5, 4/5], 1 on [4/5, 6/5]: two units of slope 5/3, R(h*) = 10/3
    h = min_cost_denoiser(TWO_POINTS)
    assert h.cost == exact("10/3")
    net = train_dataset(TWO_POINTS, TrainConfig(width=20, steps=6000, weight_decay=1e-5, online_samples=50))
    grid = [rationalize(v, max_denominator=10**4) for v in np.linspace(-0.2, 1.2, 141)]
    exact_values = np.array([to_float(h.network((y,))[0]) for y in grid])
    trained = net(np.array([to_float(y) for y in grid]))
    assert np.abs(trained - exact_values).max() < 0.02
    assert net.cost() == pytest.approx(10 / 3, rel=0.02)


# -- the command line ------------------------------------------------------------------------------


def test_symden_train_writes_the_network_it_trains(tmp_path, capsys):
    data_file = tmp_path / "two.json"
    data_file.write_text(dump_dataset(TWO_POINTS))
    out = tmp_path / "sub" / "net.npz"
    code = main(["train", str(data_file), "--width", "8", "--weight-decay", "1e-4", "--steps", "400", "--seed", "2",
                 "--out", str(out)])
    stdout, err = capsys.readouterr()
    assert code == EXIT_OK, err
    assert "network written to" in stdout and "evidence" in stdout
    net = load_network(str(out))
    again = train_dataset(TWO_POINTS, TrainConfig(width=8, weight_decay=1e-4, steps=400, seed=2))
    for k in "WbAVc":
        assert np.array_equal(getattr(net, k), getattr(again, k))
    assert net.meta["config"]["seed"] == 2 and net.meta["setting"] == "online"
    assert net.meta["online_samples_per_ball"] == 100
    assert [p.name for p in out.parent.iterdir()] == ["net.npz"]  # no temporary file left behind


@pytest.mark.parametrize("args, says", [
    (["--width", "0"], "width = 0"),
    (["--steps", "-3"], "steps = -3"),
    (["--out-is-text"], ".npz"),
    (["--missing-file"], "cannot read the data file"),
    (["--bad-json"], "radius = 0"),
])
def test_symden_train_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys, args, says):
    data_file = tmp_path / "two.json"
    data_file.write_text('{"clean": [0, 1], "radius": 0}' if args == ["--bad-json"] else dump_dataset(TWO_POINTS))
    out = tmp_path / "net.npz"
    argv = ["train", str(data_file), "--steps", "5", "--out", str(out)]
    if args == ["--out-is-text"]:
        argv[-1] = str(tmp_path / "net.txt")
    elif args == ["--missing-file"]:
        argv[1] = str(tmp_path / "none.json")
    elif args != ["--bad-json"]:
        argv += args
    code = main(argv)
    stdout, err = capsys.readouterr()
    assert code == EXIT_BAD_INPUT and stdout == ""
    assert len(err.strip().splitlines()) == 1 and says in err
    assert not any(tmp_path.glob("*.npz")) and not any(tmp_path.glob("net.txt"))


def test_symden_train_to_an_unwritable_path_exits_2(tmp_path, capsys):
    data_file = tmp_path / "two.json"
    data_file.write_text(dump_dataset(TWO_POINTS))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code = main(["train", str(data_file), "--steps", "5", "--width", "3", "--out", str(blocker / "net.npz")])
    stdout, err = capsys.readouterr()
    assert code == EXIT_BAD_INPUT and stdout == "" and len(err.strip().splitlines()) == 1
    assert "cannot write" in err


def test_a_torch_state_dict_of_the_trained_network_reads_back(tmp_path):
    torch = pytest.importorskip("torch")
    net = train_dataset(TWO_POINTS, TrainConfig(width=5, steps=50))
    state = {"hidden.weight": torch.tensor(net.W), "hidden.bias": torch.tensor(net.b), "out.weight": torch.tensor(net.A),
             "skip.weight": torch.tensor(net.V), "skip.bias": torch.tensor(net.c)}
    torch.save(state, tmp_path / "net.pt")
    back = load_network(str(tmp_path / "net.pt"))
    y = np.linspace(-0.2, 1.2, 15)
    assert np.array_equal(back(y), net(y))


# -- a reduced target run (the full targets are benchmarks/bench_train.py) -------------------------


@pytest.mark.slow
def test_a_reduced_obtuse_run_aligns_its_cost_with_the_predicted_directions():
    data = figure2_data("obtuse", samples=30)
    h = min_cost_denoiser(DataSet(clean=data.clean, radius="1/10"))
    dirs = np.array([[to_float(v) for v in u.w] for u in h.network.units])
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    net = train_dataset(data, TrainConfig(steps=15000))
    costs = net.unit_costs()
    live = costs > 0
    W = net.W[live] / np.linalg.norm(net.W[live], axis=1, keepdims=True)
    angles = np.degrees(np.arccos(np.clip(np.abs(W @ dirs.T), 0.0, 1.0))).min(axis=1)
    assert costs[live][angles < 5].sum() / costs.sum() >= 0.8
    # 30 samples per ball span less than the balls: the trained cost sits a little below R(h*)
    assert 0.9 < net.cost() / to_float(h.cost) < 1.05
