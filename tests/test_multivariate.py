"""Multivariate closed forms (THEORY.md section 4): golden instances, a shared battery, refusals."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import sympy
from gmpy2 import mpq
from hypothesis import given, settings
from hypothesis import strategies as st

from symden.closed_forms import STRUCTURES, min_cost_denoiser
from symden.geometry import detect
from symden.records import Quantity, Standing, Structure
from symden.data import DataSet
from symden.errors import ConditionError
from symden.examples import EXAMPLES
from symden.exact import exact, to_float
from symden.geometry import dot, norm2, scale, sub
from symden.network import ShallowNetwork, Unit
from symden.verify import Status, verify_denoiser
from symden.verify.multivariate import alignment_report, check_alignment, check_interpolation_nd

Q = mpq


def statuses(h):
    return {v.name: v.status for v in verify_denoiser(h)}


# -- THEORY.md section 8, exactly ------------------------------------------------------------


def test_M1_collinear_cost():
    h = min_cost_denoiser(EXAMPLES["M1"].data)
    assert h.structure == "subspace" and h.cost == Q(2) / Q(4, 5) + Q(4) / Q(9, 5) == Q(85, 18)


def test_M2_rays_cost():
    h = min_cost_denoiser(EXAMPLES["M2"].data)
    assert h.structure == "rays" and h.cost == Q(2) / Q(4, 5) + Q(2) / Q(4, 5) + Q(3) / Q(13, 10) == Q(95, 13)
    assert h.standing is Standing.CERTIFIED


def test_M3_edge_aligned_cost_is_exact_with_sqrt5():
    h = min_cost_denoiser(EXAMPLES["M3"].data)
    expected = exact(sympy.Rational(5, 2) + 2 * sympy.sqrt(sympy.Rational(5, 4)) / (sympy.sqrt(sympy.Rational(5, 4)) - sympy.Rational(1, 5)))
    assert h.structure == "simplex-edge" and h.cost == expected
    assert abs(to_float(h.cost) - 4.935714) < 1e-6


def test_M4_costs_exactly_5_under_both_structures():
    data = EXAMPLES["M4"].data
    edge = min_cost_denoiser(data, structure="simplex-edge")
    face = min_cost_denoiser(data, structure="simplex-face")
    assert edge.cost == face.cost == 5 == edge.network.cost() == face.network.cost()
    assert face.network.c == (0, 0)  # the weighted Fermat-Weber point is the right-angle vertex, exactly
    assert statuses(edge)["optimality"] is Status.PROVED and statuses(face)["optimality"] is Status.PROVED


def test_M5_equilateral_face_aligned_cost_is_exact():
    h = min_cost_denoiser(EXAMPLES["M5"].data)
    assert h.structure == "simplex-face"
    assert h.cost == exact("4*sqrt(3)/(sqrt(3) - 2/5)")
    assert h.network.c == (Q(1, 2), exact("sqrt(3)/6"))  # the centroid


def test_M6_cost_is_a_certified_interval_containing_the_theory_value():
    h = min_cost_denoiser(EXAMPLES["M6"].data)
    assert h.cost is None
    lo, hi = h.cost_interval
    assert lo <= Q(516742, 100000) + Q(1, 200000) and Q(516742, 100000) - Q(1, 200000) <= hi
    assert hi - lo < Q(1, 10**9)
    assert lo <= h.network.cost() <= hi
    cx, cy = h.network.c
    assert abs(to_float(cx) - 0.3319) < 1e-4 and abs(to_float(cy) - 0.2415) < 1e-4
    assert statuses(h)["cost"] is Status.CERTIFIED


def test_M4_is_not_contractive_in_the_plane_with_an_exact_witness():
    """Edge-aligned M4 maps y = (9/10, 1) to (1, 1): 1 away from its nearest clean point (0, 1), which is 9/10 away."""
    h = min_cost_denoiser(EXAMPLES["M4"].data)
    y = (Q(9, 10), Q(1))
    assert h.network(y) == (1, 1)
    contr = {v.name: v for v in verify_denoiser(h)}["contractivity"]
    assert contr.status is Status.REFUTED
    assert contr.value(Quantity.SQUARED_VIOLATION) >= Q(19, 100)


def test_alignment_report_finds_edges_and_facets():
    edge = alignment_report(min_cost_denoiser(EXAMPLES["M3"].data))
    assert [e.w_parallel_to_edges for e in edge] == [((0, 1),), ((0, 1),), ((0, 2),), ((0, 2),)]
    face = alignment_report(min_cost_denoiser(EXAMPLES["M5"].data))
    assert sorted(n for e in face for n in e.w_normal_to_facets) == [0, 0, 1, 1, 2, 2]
    assert abs(sum(e.cost_share for e in face) - 1) < 1e-12


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_builtin_examples_match_their_predictions(name):
    """Every built-in example (1-D and THEORY.md section 8) gets its predicted cost and verdicts."""
    ex = EXAMPLES[name]
    h = min_cost_denoiser(ex.data)
    assert ex.cost_matches(h)
    for v in verify_denoiser(h):
        assert v.status.value == ex.expected_status(v.name), (v.name, v.detail)


# -- the shared battery: random exact instances of every geometry -----------------------------

from strategies import BATTERY  # noqa: E402  (tests/ is on sys.path under pytest's rootdir conftest-less layout)


def _battery_check(data, structure):
    assert detect(data).structure is structure  # the strategy produces the geometry it is listed under
    h = min_cost_denoiser(data)
    assert h.structure is structure
    got = statuses(h)
    assert got["interpolation"] is Status.PROVED
    assert got["cost"] in (Status.PROVED, Status.CERTIFIED)
    if "alignment" in got:
        assert got["alignment"] is Status.PROVED
    assert h.network.cost() == h.cost
    if h.standing is Standing.PROVED:
        assert got["optimality"] is Status.PROVED
    # perturbing one unit's bias breaks interpolation on some ball or at some sample
    if h.network.units:
        units = list(h.network.units)
        units[0] = Unit(units[0].a, units[0].w, units[0].b + Q(1, 3))
        broken = type(h)(**{**h.__dict__, "network": ShallowNetwork(units, h.network.V, h.network.c)})
        assert statuses(broken)["interpolation"] is Status.REFUTED
    return h


# the rays and simplex-face batteries decide contractivity in d = 3 and 4 exactly (seconds each): slow
@pytest.mark.parametrize("structure", [pytest.param(s, marks=pytest.mark.slow) if s in (Structure.RAYS, Structure.SIMPLEX_FACE)
                                       else s for s in STRUCTURES], ids=[s.value for s in STRUCTURES])
def test_battery(structure):
    """Every closed form in the registry passes the same checks on random exact instances of its geometry."""
    assert structure in BATTERY, f"the registry has {structure.value} but tests/strategies.py has no data for it"
    for label, strategy in BATTERY[structure]:
        @settings(max_examples=20, deadline=None)
        @given(strategy)
        def run(data):
            h = _battery_check(data, structure)
            if label == "orthogonal":
                assert h.standing is Standing.PROVED  # orthogonal rays: the frame lemma
            if structure is Structure.SUBSPACE:
                assert statuses(h)["uniqueness"] is Status.PROVED

        run()


def test_a_misaligned_claim_is_refuted():
    h = min_cost_denoiser(EXAMPLES["M3"].data)
    wrong = type(h)(**{**h.__dict__, "claimed_alignment": tuple(("facet", 0) for _ in h.network.units)})
    assert check_alignment(wrong).status is Status.REFUTED


# -- offline and refusals ----------------------------------------------------------------------


def test_offline_triangle_is_an_upper_bound_that_interpolates():
    offsets = [(0, 0), (Q(1, 10), 0), (0, Q(1, 10)), (Q(-1, 10), 0), (0, Q(-1, 10))]
    samples = [[[x + dx, y + dy] for dx, dy in offsets] for x, y in [(Q(0), Q(0)), (Q(1), Q(0)), (Q(-1, 2), Q(1))]]
    data = DataSet(clean=[[0, 0], [1, 0], ["-1/2", 1]], samples=samples)
    h = min_cost_denoiser(data)
    assert h.standing is Standing.UPPER_BOUND and any("upper bound, not the minimiser" in n for n in h.notes)
    got = statuses(h)
    assert got["interpolation"] is Status.PROVED and got["optimality"] is Status.INCONCLUSIVE


def test_offline_collinear_samples_on_the_line_are_exact_and_off_it_an_upper_bound():
    on = DataSet(clean=[[0, 0], [2, 2]], samples=[[[0, 0], ["0.1", "0.1"]], [[2, 2], ["2.1", "2.1"]]])
    h = min_cost_denoiser(on)
    assert h.standing is Standing.PROVED and statuses(h)["uniqueness"] is Status.PROVED
    off = DataSet(clean=[[0, 0], [2, 2]], samples=[[[0, 0], ["0.1", 0]], [[2, 2], ["2.1", "2.1"]]])
    h = min_cost_denoiser(off)
    assert h.standing is Standing.UPPER_BOUND and statuses(h)["interpolation"] is Status.PROVED


def test_forcing_a_structure_that_does_not_fit_is_refused():
    with pytest.raises(ConditionError, match="does not fit"):
        min_cost_denoiser(EXAMPLES["M2"].data, structure="simplex-edge")
    with pytest.raises(ConditionError, match="acute angle"):
        min_cost_denoiser(EXAMPLES["M6"].data, structure="rays")


def test_derive_json_has_alignment_and_interval(tmp_path):
    path = tmp_path / "m6.json"
    path.write_text(json.dumps({"clean": [[0, 0], [1, 0], ["0.35", "0.9"]], "radius": "1/10"}))
    out = subprocess.run([sys.executable, "-m", "symden", "derive", str(path), "--format", "json"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["structure"] == "simplex-face" and doc["cost"] is None
    lo, hi = (sympy.sympify(v) for v in doc["cost_interval"])
    assert lo <= sympy.Rational(516742, 100000) + sympy.Rational(1, 200000)
    assert len(doc["alignment"]) == len(doc["units"]) == 6
    assert all(a["w_normal_to_facets"] for a in doc["alignment"])
