"""symden.experiments.figure2 (docs/theory.md section 7b.3): the figure's numbers are compare()'s, its panels share axes.

Short training (300 steps): these tests check the wiring and the drawing, not convergence (the
converged numbers are in docs/theory.md section 7b.3 and the stored notebook).
"""

from __future__ import annotations

import pytest

from symden.errors import InvalidDataError

STEPS = 300


@pytest.fixture(scope="module")
def drawn():
    from symden.experiments.figure2 import figure2

    return figure2(steps=STEPS)


@pytest.mark.slow
def test_numbers_are_compare_of_train_dataset(drawn):
    """Computed two ways: figure2's results equal train_dataset + compare on the online data, bit for bit."""
    from symden.experiments.compare import compare
    from symden.experiments.figure2 import figure2_online_data
    from symden.experiments.train import TrainConfig, train_dataset

    _, results = drawn
    data = figure2_online_data("obtuse")
    direct = compare(train_dataset(data, TrainConfig(steps=STEPS)), data)
    got = results["obtuse"]
    for key in ("sup_distance", "rms_distance", "grid_sup_distance", "cost", "predicted_cost", "aligned_share_2deg",
                "aligned_share_5deg"):
        assert getattr(got, key) == getattr(direct, key), key
    assert results.summary()["obtuse"]["cost"] == direct.cost


@pytest.mark.slow
def test_prediction_is_the_certified_closed_form(drawn):
    """The predicted costs are the closed forms' exact R(h*) (edge-aligned 20 sqrt5/121 + 1105/242, face-aligned 40 sqrt3/71 + 300/71)."""
    import math

    _, results = drawn
    assert results["obtuse"].predicted_cost == pytest.approx(20 * math.sqrt(5) / 121 + 1105 / 242, rel=1e-12)
    assert results["equilateral"].predicted_cost == pytest.approx(40 * math.sqrt(3) / 71 + 300 / 71, rel=1e-12)
    assert results["obtuse"].prediction.standing == "certified"


@pytest.mark.slow
def test_panels_share_axes_and_predicted_row_draws_every_unit(drawn):
    """2 x 2 panels on one view; the top row draws one boundary per predicted unit (4 edge ramps, 6 face ramps)."""
    fig, results = drawn
    axes = [ax for ax in fig.axes if ax.get_title()]
    assert len(axes) == 4
    assert len({(ax.get_xlim(), ax.get_ylim()) for ax in axes}) == 1
    top = {ax.get_title().split(":")[0]: ax for ax in axes if "predicted" in ax.get_title()}
    for shape, units in (("obtuse triangle", 4), ("equilateral triangle", 6)):
        assert len(top[shape].lines) == units == len(results[shape.split()[0]].prediction.network.units)


@pytest.mark.slow
def test_caption_states_the_setup_and_numbers(drawn):
    _, results = drawn
    cap = results.caption()
    for text in ("K = 200", "weight decay 1e-5", "100 samples per point", f"{STEPS} full-batch Adam steps",
                 f"{results['obtuse'].sup_distance:.3g}", f"{results['equilateral'].aligned_share_5deg:.1%}"):
        assert text in cap, text


def test_bad_budget_and_shape():
    from symden.experiments.figure2 import figure2_online_data, figure2_results

    with pytest.raises(InvalidDataError, match="budget"):
        figure2_results(budget="huge")
    with pytest.raises(InvalidDataError, match="shape"):
        figure2_online_data("square")
