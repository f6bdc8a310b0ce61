"""``symden explore`` (docs/theory.md section 6c): groups, alignment, decomposition, families, merged units."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from gmpy2 import mpq

from symden.closed_forms import min_cost_denoiser
from symden.data import DataSet, dump_dataset
from symden.explore import decomposition, direction_groups, families
from symden.network import ShallowNetwork, Unit
from symden.records import Quantity, Solution, Status, Structure, Verdict
from symden.verify.numeric import with_numeric

Q = mpq


def _ramp(e, lo, hi, a):
    """a psi along unit direction e between lo and hi: two units on one line."""
    g = hi - lo
    return [Unit(a=tuple(x / g for x in a), w=e, b=-lo), Unit(a=tuple(-x / g for x in a), w=e, b=-hi)]


def _net(units, d=2, V=None):
    return ShallowNetwork(units=units, V=V or [[0] * d for _ in range(d)], c=[0] * d)


def test_two_orthogonal_ramps_decompose_into_two_1d_denoisers():
    e1, e2 = (Q(3, 5), Q(4, 5)), (Q(-4, 5), Q(3, 5))  # rotated orthonormal frame, exact
    net = _net(_ramp(e1, Q(1, 10), Q(9, 10), e1) + _ramp(e2, Q(1, 10), Q(9, 10), (2 * e2[0], 2 * e2[1])))
    dims, detail = decomposition(net)
    assert dims == (1, 1) and "2 1-D denoisers" in detail


def test_no_decomposition_when_directions_are_not_orthogonal_or_outputs_leave_the_span():
    e1, e2 = (Q(1), Q(0)), (Q(3, 5), Q(4, 5))
    assert decomposition(_net(_ramp(e1, Q(0), Q(1), e1) + _ramp(e2, Q(0), Q(1), e2)))[0] is None
    f1, f2 = (Q(1), Q(0)), (Q(0), Q(1))
    leaking = _net(_ramp(f1, Q(0), Q(1), (Q(1), Q(1))) + _ramp(f2, Q(0), Q(1), f2))
    dims, detail = decomposition(leaking)
    assert dims is None and "output leaves" in detail
    mixing = _net(_ramp(f1, Q(0), Q(1), f1) + _ramp(f2, Q(0), Q(1), f2), V=[[0, 1], [0, 0]])
    dims, detail = decomposition(mixing)
    assert dims is None and "V mixes" in detail
    # a skip matrix that respects the blocks keeps the decomposition
    assert decomposition(_net(_ramp(f1, Q(0), Q(1), f1) + _ramp(f2, Q(0), Q(1), f2), V=[[2, 0], [0, 3]]))[0] == (1, 1)


def test_a_3d_network_splits_into_a_plane_block_and_a_line_block():
    e1, e2, e3 = (Q(1), Q(0), Q(0)), (Q(3, 5), Q(4, 5), Q(0)), (Q(0), Q(0), Q(1))
    net = _net(_ramp(e1, Q(0), Q(1), e2) + _ramp(e2, Q(0), Q(1), e1) + _ramp(e3, Q(0), Q(1), e3), d=3)
    dims, _ = decomposition(net)
    assert dims == (2, 1)


def test_merged_units_compute_the_same_function_and_cost_no_more():
    rng = random.Random(3)
    units = []
    for _ in range(8):
        w = (Q(rng.randint(-2, 2)), Q(rng.randint(-2, 2)))
        units.append(Unit(a=(Q(rng.randint(-3, 3)), Q(rng.randint(-3, 3))), w=w, b=Q(rng.randint(-1, 1))))
    net = _net(units + units[:3])  # exact duplicates of (w, b)
    merged = net.merged()
    assert len(merged.units) < len(net.units)
    assert len({(u.w, u.b) for u in merged.units}) == len(merged.units)
    for _ in range(50):
        y = (Q(rng.randint(-30, 30), 7), Q(rng.randint(-30, 30), 11))
        assert merged(y) == net(y)
    assert merged.cost() <= net.cost()


def test_direction_groups_join_both_orientations_and_name_the_edge():
    clean = ((Q(0), Q(0)), (Q(1), Q(0)), (Q(-1, 2), Q(1)))
    den = min_cost_denoiser(DataSet(clean=clean, radius="1/10"))
    groups = direction_groups(den.network, clean)
    assert [len(g.units) for g in groups] == [2, 2]
    assert {g.aligned for g in groups} == {"parallel to x0-x1", "parallel to x0-x2"}
    assert sum((g.cost for g in groups), Q(0)) == den.network.cost()  # exact: every unit in exactly one group
    flipped = _net([Unit(a=(Q(1), Q(0)), w=(Q(1), Q(0)), b=0), Unit(a=(Q(1), Q(0)), w=(Q(-2), Q(0)), b=1)])
    (g,) = direction_groups(flipped, clean)
    assert len(g.units) == 2 and g.aligned == "parallel to x0-x1"


def test_families_place_every_closed_form_against_the_interval():
    data = DataSet(clean=[[0, 0], [1, 0], ["-1/2", 1]], radius="1/10")  # M3: edge family 4.935713715...
    edge = min_cost_denoiser(data).cost
    rel = {f.structure: f for f in families(data, edge - Q(1, 10**6), edge + Q(1, 10**6))}
    assert rel[Structure.SIMPLEX_EDGE].relation == "inside" and rel[Structure.SIMPLEX_EDGE].cost == edge
    face = rel[Structure.SIMPLEX_FACE]
    assert face.relation == "above" and face.cost > edge  # the face family is not optimal on an obtuse triangle
    assert rel[Structure.UNIVARIATE].relation == "not applicable" and rel[Structure.UNIVARIATE].reason
    below = {f.structure: f.relation for f in families(data, edge + 1, edge + 2)}
    assert below[Structure.SIMPLEX_EDGE] == "below"


def _v(name, status, detail=""):
    return Verdict(name, status, detail or name)


def test_with_numeric_replaces_an_undecided_optimality_verdict():
    exact = (_v("interpolation", Status.PROVED), _v("optimality", Status.INCONCLUSIVE, "upper bound"))
    numeric = (_v("min-cost interval", Status.CERTIFIED),
               Verdict("numeric optimality", Status.CERTIFIED, "inside", evidence=((Quantity.LOWER_BOUND, Q(1)),)))
    out = with_numeric(exact, numeric)
    assert [v.name for v in out] == ["interpolation", "optimality", "min-cost interval"]
    assert out[1].status is Status.CERTIFIED and out[1].value(Quantity.LOWER_BOUND) == 1


def test_with_numeric_keeps_a_proved_verdict_and_adds_the_comparison():
    exact = (_v("optimality", Status.PROVED),)
    out = with_numeric(exact, (_v("numeric optimality", Status.CERTIFIED),))
    assert [(v.name, v.status) for v in out] == [("optimality", Status.PROVED), ("numeric optimality", Status.CERTIFIED)]


def test_with_numeric_drops_a_similarity_label_the_computation_does_not_confirm():
    relayed = (_v("optimality", Status.CERTIFIED, "similar to M3"),)
    refuted = with_numeric(relayed, (_v("numeric optimality", Status.REFUTED, "cheaper"),))
    assert refuted[0].status is Status.REFUTED
    undecided = with_numeric(relayed, (_v("numeric optimality", Status.INCONCLUSIVE, "solver failed"),))
    assert undecided[0].status is Status.INCONCLUSIVE and "not confirmed" in undecided[0].detail
    agreed = with_numeric(relayed, (_v("numeric optimality", Status.CERTIFIED, "inside"),))
    assert agreed[0].status is Status.CERTIFIED and "similar to a THEORY instance" in agreed[0].detail


@pytest.mark.slow
def test_explore_cli_on_the_offline_square_finds_two_1d_denoisers(tmp_path):
    cl = [(0, 0), (1, 0), (0, 1), (1, 1)]
    off = [(0, 0), (Q(1, 10), 0), (0, Q(1, 10)), (-Q(1, 10), 0), (0, -Q(1, 10))]
    data = DataSet(clean=cl, samples=[[(x + a, y + b) for a, b in off] for x, y in cl], name="square")
    path = tmp_path / "square.json"
    path.write_text(dump_dataset(data))
    out = subprocess.run([sys.executable, "-m", "symden", "explore", str(path), "--format", "json"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["status"] == "certified" and doc["decomposition"]["dimensions"] == [1, 1]
    assert sorted(g["aligned"] for g in doc["groups"]) == ["parallel to x0-x1", "parallel to x0-x2"]
    assert all(f["relation"] == "not applicable" for f in doc["families"])
    import sympy

    lower, upper = sympy.sympify(doc["lower_bound"]), sympy.sympify(doc["upper_bound"])
    assert lower <= upper and (upper - lower) / upper < sympy.Rational(1, 10**4)


def test_with_numeric_prints_each_claim_once():
    exact = (_v("optimality", Status.PROVED), _v("uniqueness", Status.INCONCLUSIVE, "not proved in d >= 2"))
    program = (_v("optimality", Status.PROVED), _v("uniqueness", Status.EVIDENCE, "probe spread 1e-9"),
               _v("numeric agreement", Status.EVIDENCE))
    out = with_numeric(exact, program)
    assert [(v.name, v.status) for v in out] == [("optimality", Status.PROVED), ("uniqueness", Status.EVIDENCE),
                                                 ("numeric agreement", Status.EVIDENCE)]
    clash = with_numeric((_v("uniqueness", Status.PROVED),), (_v("uniqueness", Status.REFUTED),))
    assert [v.name for v in clash] == ["uniqueness", "uniqueness (program)"]


def test_a_square_root_too_large_to_factor_is_an_exact_limit_not_a_crash():
    """sympy's perfect-power test overflows on a 400-digit radicand; symden says it hit a limit."""
    from gmpy2 import mpq

    from symden.errors import ExactLimitError
    from symden.exact import sqrt_exact

    with pytest.raises(ExactLimitError, match="402 digits"):
        sqrt_exact(mpq(10**400 + 1, 3))


@pytest.mark.slow
def test_five_points_solve_and_explore_print_cost_shares_in_floats(tmp_path, capsys):
    """The program's exact network for five points has coefficients of hundreds of digits: its exact unit
    costs hit the exact limit, and the printed cost shares (floats, display only) must not need them."""
    import json

    from symden.cli import main

    path = tmp_path / "five.json"
    path.write_text(json.dumps({"clean": [[0, 0], [1, 0], ["0.3", "0.9"], ["-0.4", "0.5"], ["0.8", "1.1"]],
                                "radius": "1/10"}))
    assert main(["solve", str(path)]) == 0
    out = capsys.readouterr().out
    shares = [float(line.rsplit(None, 1)[1].rstrip("%")) for line in out.splitlines()
              if line.strip()[:1].isdigit() and line.rstrip().endswith("%")]
    assert len(shares) >= 10 and abs(sum(shares) - 100) < 0.1 + 0.01 * len(shares)  # shares rounded to 0.01%
    assert main(["explore", str(path)]) == 0
