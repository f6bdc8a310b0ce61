"""Round trips and canonical forms of every value type (STYLE.md point 1)."""

from fractions import Fraction

import pytest
import sympy
from gmpy2 import mpq
from hypothesis import given
from hypothesis import strategies as st

from symden.closed_forms import min_cost_denoiser
from symden.data import DataSet, dataset_from_json, dump_dataset
from symden.errors import InvalidDataError
from symden.exact import exact
from symden.network import ShallowNetwork, Unit
from symden.pwl import PiecewiseLinear
from symden.verify import Status, Verdict, verify_denoiser
from tests.strategies import data_1d, fractions

NAMESPACE = {
    "Fraction": Fraction,
    "mpq": mpq,
    "DataSet": DataSet,
    "PiecewiseLinear": PiecewiseLinear,
    "ShallowNetwork": ShallowNetwork,
    "Unit": Unit,
    "Verdict": Verdict,
    "Status": Status,
    "exact": exact,
}


def rebuilds(value):
    return eval(repr(value), NAMESPACE) == value


@given(data_1d)
def test_dataset_rebuilds_from_repr_and_from_its_json(data):
    assert rebuilds(data)
    assert hash(data) == hash(eval(repr(data), NAMESPACE))
    assert dataset_from_json(dump_dataset(data)) == data


@given(data_1d)
def test_network_and_function_rebuild_from_repr(data):
    h = min_cost_denoiser(data)
    assert rebuilds(h.network)
    assert rebuilds(h.function)
    for v in verify_denoiser(h):
        assert v.status in set(Status)


def test_dataset_is_immutable_and_exact():
    data = DataSet(clean=[0, "0.5"], radius="1/10")
    assert data.clean == ((Fraction(0),), (Fraction(1, 2),))
    with pytest.raises(AttributeError):
        data.radius = Fraction(1)  # type: ignore[misc]


def test_dataset_keeps_algebraic_coordinates_exact():
    data = dataset_from_json('{"clean": [["sqrt(3)/2", "1/2"], [0, 0]], "radius": "1/10"}')
    assert data.clean[0][0] == exact(sympy.sqrt(3) / 2)
    assert data.dim == 2
    assert rebuilds(data)


def test_pwl_canonical_form_drops_redundant_knots_and_sorts():
    f = PiecewiseLinear(knots=[2, 0, 1], values=[2, 0, 1], left_slope=1, right_slope=1)
    assert f == PiecewiseLinear.affine(1, 0)
    assert f.knots == (Fraction(0),)
    g = PiecewiseLinear(knots=[1, 0], values=[1, 0], left_slope=0, right_slope=0)
    assert g.knots == (0, 1) and g.slopes() == (0, 1, 0)


def test_pwl_refuses_a_knot_with_two_values():
    with pytest.raises(InvalidDataError, match="knot 1 has two values"):
        PiecewiseLinear(knots=[1, 1], values=[0, 2], left_slope=0, right_slope=0)


@given(
    st.lists(st.tuples(fractions(-5, 5), fractions(-5, 5), fractions(-5, 5)), max_size=6),
    fractions(-3, 3),
    fractions(-3, 3),
    st.lists(fractions(-8, 8), min_size=1, max_size=10),
)
def test_network_restriction_agrees_with_direct_evaluation(units, v, c, points):
    """``to_pwl`` (kinks and slope jumps) against unit-by-unit evaluation: computed two ways."""
    net = ShallowNetwork(units=[Unit((a,), (w,), b) for a, w, b in units], V=((v,),), c=(c,))
    f = net.to_pwl()
    for y in points + list(f.knots):
        assert f(y) == net((y,))[0]
    assert f.slope_variation() <= net.cost()


@given(st.lists(st.tuples(fractions(-5, 5), fractions(-5, 5)), min_size=1, max_size=6, unique_by=lambda kv: kv[0]),
       fractions(-2, 2), fractions(-2, 2), fractions(-9, 9))
def test_pwl_sum_and_negation_are_pointwise(kv, left, right, y):
    f = PiecewiseLinear([k for k, _ in kv], [v for _, v in kv], left, right)
    g = PiecewiseLinear.affine(Fraction(1, 3), Fraction(-2))
    assert (f + g)(y) == f(y) + g(y)
    assert (f - g)(y) == f(y) - g(y)
    assert (-f)(y) == -f(y)
