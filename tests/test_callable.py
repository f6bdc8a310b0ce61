"""A Denoiser is callable: exact for exact input, vectorised floats for numpy arrays (issue 11 item 3)."""

import random

import numpy as np
import pytest
from gmpy2 import mpq

from symden.closed_forms import min_cost_denoiser
from symden.data import DataSet
from symden.errors import InvalidDataError
from symden.exact import to_float


def test_1d_exact_and_vectorised_float_values_agree():
    h = min_cost_denoiser(DataSet(clean=[0, 1, 3, "7/2"], radius="1/5"))  # U1
    assert h(0) == 0 and h("1/2") == mpq(1, 2) and h(10) == mpq(7, 2)
    ys = np.linspace(-1, 4, 101)
    out = h(ys)
    assert out.shape == (101,)
    for y, v in zip(ys, out):
        assert abs(v - to_float(h(mpq(float(y))))) < 1e-12  # the float path against the exact one
    assert isinstance(h(0.5), float) and h(np.float64(0.5)) == h(0.5)


@pytest.mark.parametrize("clean", [
    [[0, 0], [1, 0], ["-1/2", 1]],                # M3: rational network with a sqrt(5) bias
    [[0, 0], [1, 0], ["1/2", "sqrt(3)/2"]],      # M5: algebraic coefficients
    [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]],  # rays in R^3
])
def test_nd_float_arrays_match_the_exact_network(clean):
    h = min_cost_denoiser(DataSet(clean=clean, radius="1/10"))
    d = len(clean[0])
    rng = random.Random(7)
    pts = [tuple(mpq(rng.randint(-40, 60), 37) for _ in range(d)) for _ in range(30)]
    Y = np.array([[float(v) for v in p] for p in pts])
    out = h(Y)
    assert out.shape == (30, d)
    for p, row in zip(pts, out):
        exact_value = h(p)
        assert isinstance(exact_value, tuple) and len(exact_value) == d
        assert max(abs(a - to_float(b)) for a, b in zip(row, exact_value)) < 1e-12
    assert h(Y[0]).shape == (d,)
    for n, x in enumerate(h.data.clean):  # interpolation, exactly, at the clean points
        assert h(x) == tuple(x)


def test_bad_shapes_and_dimensions_are_one_line_errors():
    h = min_cost_denoiser(DataSet(clean=[[0, 0], [1, 0], ["-1/2", 1]], radius="1/10"))
    with pytest.raises(InvalidDataError, match=r"shape \(4, 3\) do not fit a network on R\^2"):
        h(np.zeros((4, 3)))
    with pytest.raises(InvalidDataError, match="3 coordinates"):
        h((0, 0, 0))
