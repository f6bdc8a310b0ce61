"""The denoiser, its data and its verdicts as Python objects in a notebook (issue 11, item 3).

What a notebook cell receives is what IPython's ``DisplayFormatter`` computes, so the tests ask it
(ipython is in the test extra). The mathematics is checked too: ``to_sympy`` is compared with the
network exactly at random rational points, the sympy cost with the theorem's exact cost.
"""

from __future__ import annotations

import html.parser
import pickle
import random
import re

import numpy as np
import pytest
import sympy
from gmpy2 import mpq

import symden
from symden import DataSet, Verdicts, min_cost_denoiser, verify_denoiser
from symden.examples import EXAMPLES
from symden.exact import to_float, to_sympy
from symden.network import COST_CONVENTION
from symden.printing.text import text_verdicts

IPython = pytest.importorskip("IPython", reason="ipython is in the test extra: pip install -e '.[test]'")
from IPython.core.formatters import DisplayFormatter  # noqa: E402


def _cell(obj) -> dict:
    """The MIME bundle a notebook cell showing ``obj`` receives."""
    data, _ = DisplayFormatter().format(obj)
    return data


class _Tags(html.parser.HTMLParser):
    """Counts open tags, so that an unbalanced table is caught."""

    def __init__(self):
        super().__init__()
        self.depth = {}

    def handle_starttag(self, tag, attrs):
        self.depth[tag] = self.depth.get(tag, 0) + 1

    def handle_endtag(self, tag):
        self.depth[tag] = self.depth.get(tag, 0) - 1


def _balanced(text: str) -> bool:
    p = _Tags()
    p.feed(text)
    return all(v == 0 for v in p.depth.values())


@pytest.fixture(scope="module")
def u1():
    return min_cost_denoiser(EXAMPLES["U1"].data)


@pytest.fixture(scope="module")
def m3():
    return min_cost_denoiser(EXAMPLES["M3"].data)


@pytest.fixture(scope="module")
def m6():
    return min_cost_denoiser(EXAMPLES["M6"].data)


def test_a_notebook_cell_showing_h_gets_its_formula_cost_and_convention(u1, m3, m6):
    for h in (u1, m3, m6):
        cell = _cell(h)
        assert {"text/plain", "text/html", "text/latex"} <= set(cell)
        latex = cell["text/latex"]
        assert latex.startswith("$$") and latex.count("$$") % 2 == 0
        # h^* names a minimiser only; an upper-bound interpolant is h
        assert ("h^{*}" in latex) == h.minimiser
        page = cell["text/html"]
        assert _balanced(page)
        # the HTML names the convention, the setting and the reference section, and holds the formula
        assert COST_CONVENTION in html.unescape(page)
        assert h.data.describe_setting() in html.unescape(page)
        assert re.search(r"docs/theory\.md section \d", page)
        assert latex in page
        # plain text is the short summary, not the dataclass dump
        assert cell["text/plain"] == str(h) and not cell["text/plain"].startswith("Denoiser(")


def test_the_summary_prints_the_1d_formula_piece_by_piece(u1):
    text = str(u1)
    assert COST_CONVENTION in text and u1.data.describe_setting() in text
    assert "R(h*) = 95/6" in text
    # every piece of the closed form appears, with its interval, in order
    from symden.printing.text import text_function

    assert text_function(u1.function) in text


def test_repr_still_rebuilds_the_value(u1):
    ns = {name: getattr(symden, name) for name in symden.__all__}
    ns.update(mpq=mpq)
    from symden.network import Unit
    from symden.pwl import PiecewiseLinear

    ns.update(Unit=Unit, PiecewiseLinear=PiecewiseLinear, Geometry=symden.records.Geometry,
              Cluster=symden.records.Cluster, RayFrame=symden.records.RayFrame)
    assert eval(repr(u1), ns) == u1


def _rational_points(rng, d, n=12, span=(-1, 2)):
    lo, hi = span
    return [tuple(mpq(rng.randint(lo * 97, hi * 97), 97) for _ in range(d)) for _ in range(n)]


def test_to_sympy_in_1d_is_a_piecewise_equal_to_the_network(u1):
    f = u1.to_sympy()
    assert isinstance(f, sympy.Piecewise)
    (y,) = f.free_symbols
    rng = random.Random(11)
    for (t,) in _rational_points(rng, 1, 40, (-2, 5)):
        assert f.subs(y, to_sympy(t)) == to_sympy(u1.network((t,))[0])


@pytest.mark.parametrize("name", ["M3", "M6"])
def test_to_sympy_in_2d_is_a_matrix_of_max_expressions_equal_to_the_network(name):
    h = min_cost_denoiser(EXAMPLES[name].data)
    F = h.to_sympy()
    assert isinstance(F, sympy.MatrixBase) and F.shape == (2, 1) and F.has(sympy.Max)
    y1, y2 = sympy.symbols("y1 y2", real=True)
    rng = random.Random(5)
    for p in _rational_points(rng, 2, 8):
        got = F.subs({y1: to_sympy(p[0]), y2: to_sympy(p[1])})
        want = [to_sympy(v) for v in h.network(p)]
        # exact: the difference of two algebraic numbers simplifies to 0 (M6 has square roots)
        assert all(sympy.simplify(g - w) == 0 for g, w in zip(got, want))


def test_a_wrong_coefficient_is_caught_by_the_sympy_comparison(m3):
    """The comparison above can fail: perturb one output coefficient and it does."""
    F = m3.to_sympy()
    y1, y2 = sympy.symbols("y1 y2", real=True)
    G = F + sympy.Matrix([sympy.Rational(1, 1000) * sympy.Max(0, y1 - sympy.Rational(1, 2)), 0])
    p = (mpq(1), mpq(0))
    assert G.subs({y1: 1, y2: 0})[0] != to_sympy(m3.network(p)[0])


def test_costs_are_exact_sympy_numbers(u1, m6):
    assert u1.cost_sympy == sympy.Rational(95, 6)
    interval = m6.cost_sympy
    assert isinstance(interval, sympy.Interval)
    lo, hi = m6.cost_interval
    assert interval.left == to_sympy(lo) and interval.right == to_sympy(hi)
    # the printed network's exact cost lies in the certified interval (compared exactly by sympy)
    assert interval.contains(to_sympy(m6.network.cost())) is sympy.true


def test_h_evaluates_numpy_arrays_like_the_exact_network(u1, m6):
    ys = np.linspace(-1, 5, 61)
    got = u1(ys)
    assert got.shape == ys.shape
    # the float path against the exact value at the same (binary) points, rounded once
    want = [to_float(u1(mpq(*float(y).as_integer_ratio()))) for y in ys]
    assert np.allclose(got, want, rtol=0, atol=1e-12)
    # h.function takes arrays too (it raised before)
    assert np.allclose(u1.function(np.linspace(0, 1, 3)), u1(np.linspace(0, 1, 3)), rtol=0, atol=1e-15)
    Y = np.array([[0.1, 0.2], [0.5, 0.3], [1.0, 0.0]])
    out = m6(Y)  # algebraic coefficients, float input
    assert out.shape == (3, 2)
    exact_out = [m6((mpq(*float(a).as_integer_ratio()), mpq(*float(b).as_integer_ratio()))) for a, b in Y]
    assert np.allclose(out, [[to_float(v) for v in row] for row in exact_out], rtol=0, atol=1e-12)


def test_verdicts_are_a_table_and_still_a_tuple(u1):
    v = verify_denoiser(u1)
    assert isinstance(v, Verdicts) and isinstance(v, tuple)
    assert v == tuple(v) and v["cost"].name == "cost" and v["cost"].status.value == "proved"
    assert isinstance(v[:2], Verdicts) and len(v[:2]) == 2
    with pytest.raises(KeyError, match="claims checked are interpolation"):
        v["nonsense"]
    assert str(v) == text_verdicts(v)
    back = pickle.loads(pickle.dumps(v))
    assert back == v and type(back) is Verdicts
    cell = _cell(v)
    assert _balanced(cell["text/html"])
    for verdict in v:
        assert html.escape(verdict.name) in cell["text/html"]
        assert rf"\text{{{verdict.status.value}}}" in cell["text/latex"]
    assert v.holds


def test_a_data_set_shows_its_points_and_setting():
    data = DataSet(clean=[[0, 0], [1, 0], ["1/2", "sqrt(3)/2"]], radius="1/10", name="tri")
    cell = _cell(data)
    assert r"\frac{\sqrt{3}}{2}" in cell["text/latex"] and r"\rho = \frac{1}{10}" in cell["text/latex"]
    assert _balanced(cell["text/html"]) and "sqrt(3)/2" in cell["text/html"]
    assert "online" in cell["text/plain"] and "(1/2, sqrt(3)/2)" in cell["text/plain"]
    off = EXAMPLES["M3-offline"].data
    assert r"\text{samples per point: }" + ", ".join(str(len(c)) for c in off.samples) in _cell(off)["text/latex"]


def test_the_display_names_are_public():
    assert "Verdicts" in symden.__all__ and symden.Verdicts is Verdicts
    for name in ("html_denoiser", "mathjax_denoiser", "summary_denoiser", "latex_display", "sympy_piecewise"):
        assert name in symden.printing.__all__
