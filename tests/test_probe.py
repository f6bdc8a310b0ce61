"""The uniqueness probe (docs/theory.md section 6b): evidence that separates a unique from a non-unique minimiser."""

import numpy as np
import pytest

from symden.programs._probe import probe_spread


def _problem(coeffs):
    # z = (a_1, a_2, V, c) in d = 1: sum_u coeffs_u a_u = 2, V = 0, c = 0
    E = np.array([[coeffs[0], coeffs[1], 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=float)
    return E, np.array([2.0, 0.0, 0.0])


def test_duplicate_columns_give_a_positive_spread():
    E, f = _problem((1, 1))  # a_1 + a_2 = 2: every split with a_u >= 0 costs 2
    result = probe_spread(E, f, 2, 1, [((0.0,), np.array([[1.0, 0, 0, 0]]))], 2.0, eps=1e-9)
    assert abs(result.spread - 2.0) < 1e-5 and result.failures == 0 and result.solves == 2


def test_a_unique_minimiser_gives_a_spread_of_the_order_of_eps():
    E, f = _problem((1, 2))  # unique minimiser a = (0, 1), cost 1; a_1 costs 1/2 per unit of the constraint more
    result = probe_spread(E, f, 2, 1, [((0.0,), np.array([[1.0, 0, 0, 0]]))], 1.0, eps=1e-6)
    assert result.spread < 1e-4 and result.failures == 0


def test_the_verdict_reads_the_spread_scaling_with_eps():
    from symden.programs._probe import ProbeResult, probe_verdict
    from symden.records import Quantity, Status

    def constant(eps):  # two minimisers differing by 1/2 at the probe point, whatever eps
        return ProbeResult(spread=0.5, where=(0.0, 1.0), coordinate=0, eps=eps, points=3, solves=12, failures=0)

    def vanishing(eps):  # spread like sqrt(eps)
        return ProbeResult(spread=eps ** 0.5, where=(0.0, 1.0), coordinate=0, eps=eps, points=3, solves=12, failures=0)

    not_unique = probe_verdict(constant, 5.0, 10, "balls")
    assert not_unique.status is Status.EVIDENCE and "NOT unique" in not_unique.detail
    unique = probe_verdict(vanishing, 5.0, 10, "balls")
    assert unique.status is Status.EVIDENCE and "vanishes with eps" in unique.detail
    assert abs(float(unique.value(Quantity.PROBE_SPREAD)) - (5.0 * 1e-7) ** 0.5) < 1e-9


@pytest.mark.slow
def test_the_planar_probe_finds_the_second_minimiser_of_section_9_5_on_a_line():
    # docs/theory.md 9.5: {0, 1 -> 0; 2 -> 1; 3 -> 3} has a second minimiser with its knot at 3/2, where it is
    # 0 against the interpolant's 1/2; embedded on a line in the plane, the probe must see that spread
    from symden.data import DataSet
    from symden.records import Quantity, Status
    from symden.verify.numeric import solve_program

    data = DataSet(clean=[[0, 0], [1, 0], [3, 0]], samples=[[[0, 0], [1, 0]], [[2, 0]], [[3, 0]]])
    sol = solve_program(data, probe=True)
    (probe,) = [v for v in sol.verdicts if v.name == "uniqueness"]
    assert probe.status is Status.EVIDENCE and "NOT unique" in probe.detail
    assert abs(float(probe.value(Quantity.PROBE_SPREAD)) - 0.5) < 1e-4 and "(1.5, 0)" in probe.detail


def test_a_probe_whose_solves_fail_gives_no_evidence():
    from symden.programs._probe import ProbeResult, probe_verdict
    from symden.records import Status

    def failing(eps):
        return ProbeResult(spread=0.0, where=(), coordinate=0, eps=eps, points=3, solves=12, failures=12)

    v = probe_verdict(failing, 5.0, 10, "balls")
    assert v.status is Status.INCONCLUSIVE and "did not run" in v.detail
