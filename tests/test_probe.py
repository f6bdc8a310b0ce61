"""The uniqueness probe (docs/theory.md section 6b): evidence that separates a unique from a non-unique minimiser."""

import numpy as np

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
