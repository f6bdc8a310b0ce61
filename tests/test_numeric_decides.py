"""``verify --numeric`` decides optimality and contractivity for online rays and triangles in R^2 and R^3 (issue 10).

The exact checks alone leave optimality of these closed forms inconclusive (an upper bound, or a
certification relayed from a similar THEORY instance); the online program's certified interval
decides it. Contractivity is decided exactly in every dimension.
"""

import pytest
from gmpy2 import mpq

from symden.closed_forms import min_cost_denoiser
from symden.data import DataSet
from symden.records import Quantity, Status
from symden.verify import verify_denoiser
from symden.verify.numeric import numeric_verdicts, with_numeric

CASES = {
    "rays, plane (M2)": [[0, 0], [1, 0], [2, 0], ["-9/10", "6/5"]],
    "acute triangle, plane (M6)": [[0, 0], [1, 0], ["7/20", "9/10"]],
    "obtuse triangle, plane, not similar to M3": [[0, 0], [2, 0], ["-1/3", 1]],
    "obtuse triangle in R^3": [[0, 0, 0], [1, 0, 0], ["-1/2", 1, 0]],
    "rays in R^3": [[0, 0, 0], [1, 0, 0], [2, 0, 0], ["-9/10", "6/5", 0], [0, 0, 1]],
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_optimality_and_contractivity_are_decided(name):
    denoiser = min_cost_denoiser(DataSet(clean=CASES[name], radius="1/10"))
    exact = {v.name: v for v in verify_denoiser(denoiser)}
    merged = {v.name: v for v in with_numeric(verify_denoiser(denoiser), numeric_verdicts(denoiser))}
    assert exact["optimality"].status is not Status.PROVED  # the exact checks alone do not decide it here
    opt = merged["optimality"]
    assert opt.status in (Status.CERTIFIED, Status.REFUTED), opt.detail
    assert merged["contractivity"].status in (Status.PROVED, Status.REFUTED), merged["contractivity"].detail
    if opt.status is Status.CERTIFIED:  # the closed form's exact cost is inside the rigorous interval
        lo, hi = opt.value(Quantity.LOWER_BOUND), opt.value(Quantity.UPPER_BOUND)
        assert lo <= denoiser.network.cost() <= hi and (hi - lo) / hi < mpq(1, 10**4)
    assert merged["uniqueness"].status is Status.EVIDENCE and "eps" in merged["uniqueness"].detail
    assert merged["localisation"].status is Status.CERTIFIED
