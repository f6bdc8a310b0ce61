"""The digits alignment experiment (docs/theory.md section 7b.4): directions, statistic, nulls, determinism."""

import math

import numpy as np
import pytest

from symden.errors import InvalidDataError
from symden.experiments.digits import (
    DigitsConfig,
    aligned_share,
    clean_digits,
    facet_cost,
    measure_alignment,
    nearest_cosines,
    null_statistics,
    predicted_directions,
    run_digits,
    sample_noisy,
    summarize_null,
)
from symden.experiments.netfile import TrainedNetwork

EXACT = 1e-12  # float64 round-off of the SVD/projection on O(1) numbers


def standard_simplex(N):
    return np.eye(N)


def test_edges_are_unit_vectors_along_the_differences():
    X = np.array([[0.0, 0.0, 0.0], [3.0, 0.0, 0.0], [0.0, 4.0, 0.0], [1.0, 1.0, 2.0]])
    dirs = predicted_directions(X)
    assert dirs.edge_pairs == ((0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3))
    for e, (i, j) in zip(dirs.edges, dirs.edge_pairs):
        assert abs(np.linalg.norm(e) - 1) < EXACT
        assert np.abs(e * np.linalg.norm(X[j] - X[i]) - (X[j] - X[i])).max() < EXACT
    assert np.abs(dirs.edges[0] - [1, 0, 0]).max() == 0 and np.abs(dirs.edges[3] - [-0.6, 0.8, 0]).max() < EXACT


def test_facet_normals_of_the_standard_simplex_are_known_exactly():
    # points e_1..e_N: the facet opposite e_n has in-hull normal (e_n - 1/N)/|e_n - 1/N|
    N = 4
    dirs = predicted_directions(standard_simplex(N))
    for n in range(N):
        v = np.eye(N)[n] - 1.0 / N
        assert np.abs(dirs.facets[n] - v / np.linalg.norm(v)).max() < EXACT
    # the right triangle (0,0), (1,0), (0,1): the facet opposite the origin has normal -(1,1)/sqrt 2
    right = predicted_directions(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
    assert np.abs(right.facets[0] + np.array([1.0, 1.0]) / math.sqrt(2)).max() < EXACT
    assert np.abs(right.facets[1] - [1.0, 0.0]).max() < EXACT


def test_facet_normals_are_orthogonal_to_their_facet_and_lie_in_the_hull():
    X, _ = clean_digits((0, 1, 2, 3, 4), seed=3)
    dirs = predicted_directions(X)
    B = dirs.basis
    assert B.shape == (64, 4) and np.abs(B.T @ B - np.eye(4)).max() < EXACT
    for n, v in enumerate(dirs.facets):
        assert abs(np.linalg.norm(v) - 1) < EXACT
        assert np.abs(B @ (B.T @ v) - v).max() < EXACT  # inside the hull's direction space
        for e, (i, j) in zip(dirs.edges, dirs.edge_pairs):
            if n not in (i, j):  # an edge of the opposite facet
                assert abs(v @ e) < 1e-12
            else:  # an edge from x_n: v points towards x_n
                assert (v @ e) * (1 if j == n else -1) > 0.1


def test_affinely_dependent_points_are_refused():
    with pytest.raises(InvalidDataError, match="affinely independent"):
        predicted_directions(np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]))
    with pytest.raises(InvalidDataError, match="radius_fraction"):
        DigitsConfig(radius_fraction=0.5)
    with pytest.raises(InvalidDataError, match="distinct"):
        DigitsConfig(classes=(1, 1))


def test_clean_digits_are_the_bundled_images_scaled_and_seeded():
    from sklearn.datasets import load_digits

    digits = load_digits()
    X, idx = clean_digits((0, 7), seed=5)
    assert [int(digits.target[i]) for i in idx] == [0, 7]
    assert np.array_equal(X, digits.data[list(idx)] / 16.0) and X.min() >= 0 and X.max() <= 1
    assert clean_digits((0, 7), seed=5)[1] == idx


def test_noisy_samples_lie_in_their_balls():
    X, _ = clean_digits((0, 1, 2), seed=0)
    Y, T = sample_noisy(X, 20, 0.5, seed=1)
    assert Y.shape == (60, 64) and np.array_equal(T, np.repeat(X, 20, axis=0))
    assert np.linalg.norm(Y - T, axis=1).max() <= 0.5


def test_a_network_whose_units_are_the_predicted_directions_scores_one():
    X, _ = clean_digits((0, 1, 2, 3), seed=0)
    dirs = predicted_directions(X)
    preds = dirs.all()
    K = len(preds)
    costs = np.linspace(1.0, 2.0, K)
    assert aligned_share(-3 * preds, costs, preds, 1.0) == 1.0  # sign and length do not matter
    net = TrainedNetwork(W=2 * preds, b=np.zeros(K), A=np.tile(costs / 2, (64, 1)) / 8, V=np.zeros((64, 64)), c=np.zeros(64))
    m = measure_alignment(net, dirs, 15.0, null_draws=200)
    assert m.share == 1.0 and m.share_hull == 1.0 and m.in_span == pytest.approx(1.0, abs=EXACT)
    assert m.mean_cos == pytest.approx(1.0, abs=EXACT)
    assert m.hull_edges + m.hull_facets == pytest.approx(1.0, abs=EXACT)  # 15 deg separates edges from facets
    # a unit orthogonal to the hull is aligned with nothing
    e = np.zeros((1, 64)); e[0] = np.ones(64) - dirs.basis @ (dirs.basis.T @ np.ones(64))
    assert nearest_cosines(e, preds)[0] < 1e-12


def test_uniform_directions_in_the_hull_match_archimedes():
    # standard 4-simplex: 3-D hull, 4 facet normals at arccos(1/3) = 70.5 deg > 2 theta, so the caps are
    # disjoint and a uniform line falls within theta of one with probability 4 (1 - cos theta) exactly
    dirs = predicted_directions(standard_simplex(4))
    theta = 20.0
    expected = 4 * (1 - math.cos(math.radians(theta)))
    coords = dirs.facets @ dirs.basis
    K, draws = 50, 2000
    values = null_statistics(np.ones(K), np.ones(K), coords, theta, draws, seed=1)
    se = math.sqrt(expected * (1 - expected) / K / draws)
    assert abs(values.mean() - expected) < 4 * se
    # the same with actual random unit vectors in the hull as a "network"
    rng = np.random.default_rng(2)
    g = rng.standard_normal((40000, 3))
    W = g @ dirs.basis.T
    share = aligned_share(W, np.ones(len(W)), dirs.facets, theta)
    assert abs(share - expected) < 4 * math.sqrt(expected * (1 - expected) / len(W))


def test_sphere_null_matches_the_beta_law():
    # u uniform on S^(d-1): u.d squared is Beta(1/2, (d-1)/2), so P(|u.d| >= t) = 1 - I_{t^2}(1/2, (d-1)/2)
    from scipy.special import betainc

    d, theta = 5, 60.0
    X = standard_simplex(4)
    X = np.hstack([X, np.zeros((4, 1))])  # 3-D hull inside R^5
    dirs = predicted_directions(X)
    one = dirs.facets[:1]
    t = math.cos(math.radians(theta))
    expected = 1 - betainc(0.5, (d - 1) / 2, t * t)
    K, draws = 50, 2000
    values = null_statistics(np.ones(K), np.ones(K), one @ dirs.basis, theta, draws, seed=3, sphere_dim=d)
    se = math.sqrt(expected * (1 - expected) / K / draws)
    assert abs(values.mean() - expected) < 4 * se
    g = np.random.default_rng(4).standard_normal((40000, d))
    share = aligned_share(g, np.ones(len(g)), one, theta)
    assert abs(share - expected) < 4 * math.sqrt(expected * (1 - expected) / len(g))


def test_null_summary_counts_exactly():
    s = summarize_null("x", np.array([0.0, 1.0, 2.0, 3.0]), 2.0)
    assert s.p_value == 3 / 5 and s.mean == 1.5 and s.maximum == 3.0
    assert s.z == pytest.approx(0.5 / np.std([0, 1, 2, 3], ddof=1), abs=EXACT)
    assert summarize_null("x", np.zeros(3), 0.5).z == math.inf


def test_facet_cost_of_the_equilateral_triangle_is_the_closed_form():
    # section 4: equilateral triangle of side l, c = centroid: R = 4 sqrt3 l / (sqrt3 l - 4 rho)
    l, rho = 2.0, 0.1
    X = np.array([[0.0, 0.0], [l, 0.0], [l / 2, l * math.sqrt(3) / 2]])
    assert facet_cost(X, rho) == pytest.approx(4 * math.sqrt(3) * l / (math.sqrt(3) * l - 4 * rho), rel=1e-13)


def test_the_experiment_is_deterministic_for_a_seed():
    cfg = DigitsConfig(classes=(0, 1, 2), samples=6, width=8, steps=30, seeds=(0,), null_draws=50)
    one, two = run_digits(cfg), run_digits(cfg)
    strip = lambda rows: [{k: v for k, v in r.items() if k != "seconds"} for r in rows]
    assert strip(one.rows()) == strip(two.rows())
    assert [r["role"] for r in one.rows()] == ["denoiser", "shuffled"]
    assert one.radius == 0.25 * one.min_distance
    json = one.to_json()
    assert json["status"] == "evidence" and set(json["summary"]) == {"denoiser", "shuffled"}


def test_symden_digits_prints_json_and_writes_its_figure(tmp_path, capsys):
    import json

    from symden.cli.main import main

    out = tmp_path / "digits.png"
    code = main(["digits", "--budget", "small", "--seeds", "1", "--steps", "20", "--width", "8", "--format", "json",
                 "--plot", str(out)])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "evidence" and [r["role"] for r in report["rows"]] == ["denoiser", "shuffled"]
    assert report["config"]["steps"] == 20 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # a bad figure extension is refused in one line before any training
    assert main(["digits", "--plot", str(tmp_path / "x.foo")]) == 2
    assert "unknown figure extension" in capsys.readouterr().err and not (tmp_path / "x.foo").exists()


def test_without_scikit_learn_digits_is_a_one_line_error_naming_the_extra(tmp_path, capsys, monkeypatch):
    """A default install has neither scikit-learn nor its threadpoolctl: exit 2 and the extra to install,
    not an internal error (it was one: the command imported threadpoolctl unconditionally)."""
    import sys

    from symden.cli import main

    for name in ("sklearn", "sklearn.datasets", "threadpoolctl"):
        monkeypatch.setitem(sys.modules, name, None)  # an import of a None entry raises ImportError
    out = tmp_path / "digits.png"
    code = main(["digits", "--budget", "small", "--plot", str(out)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "symden[experiments]" in err and len(err.splitlines()) == 1
    assert not out.exists()
