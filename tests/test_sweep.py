"""``symden sweep triangles`` (docs/theory.md section 6d): the family rule, the shape domain, resume, bad input.

The slow tests run the certified program: the three reference shapes of issue 13 (equilateral:
face; right isosceles: both; obtuse (3/10, 3/10): edge), and a small grid computed in-process and
on a Dask LocalCluster giving the same families, the same exact family costs, and certified
intervals that intersect (both contain the same minimum).
"""

from __future__ import annotations

import json

import pytest
from gmpy2 import mpq

import symden.sweep as sweep
from symden.cli import EXIT_BAD_INPUT, EXIT_OK, main
from symden.exact import exact
from symden.sweep import balls_disjoint, family_rule, grid, in_domain, parse_apex, run_sweep


# ---- the family rule, on hand-made intervals (exact)

@pytest.mark.parametrize("lower, upper, edge, face, family", [
    (5, 6, 6, (6, 6), "both"),              # both costs reach the upper end: both optimal to the gap
    (5, 6, 6, (7, 7), "edge"),
    (5, 6, None, (mpq(11, 2), 6), "face"),  # face only certified: its upper end decides
    (5, 6, 7, (mpq(11, 2), mpq(13, 2)), "undecided"),  # face interval straddles U, edge above: nothing certified
    (5, 6, 7, (mpq(13, 2), 7), "neither"),  # the optimum is certifiably below both families
    (5, 6, None, (7, 8), "neither"),        # no edge family (every vertex acute), face above U
    (5, 6, 6, None, "edge"),                # no face family (an altitude <= 2 rho)
    (5, 6, 7, None, "neither"),
    (5, 6, mpq(6) + mpq(1, 10**30), (6, 6), "face"),  # exact: a cost 1e-30 above U is not optimal
])
def test_family_rule(lower, upper, edge, face, family):
    face = None if face is None else tuple(mpq(x) for x in face)
    assert family_rule(mpq(lower), mpq(upper), edge=None if edge is None else mpq(edge), face=face) == family


def test_family_rule_on_algebraic_costs():
    u = exact("20*sqrt(2)/23 + 100/23")  # the right isosceles triangle at rho = 1/10: edge = face
    assert family_rule(u - mpq(1, 10**6), u, edge=u, face=(u, u)) == "both"
    assert family_rule(u - mpq(1, 10**6), u - mpq(1, 10**40), edge=u, face=(u, u)) == "neither"


# ---- the domain and the grid (exact)

def test_domain_boundary_is_exact():
    assert in_domain(exact("1/2"), exact("sqrt(3)/2"))          # equilateral: on the circle (1-u)^2 + v^2 = 1
    assert not in_domain(exact("1/2"), exact("sqrt(3)/2") + mpq(1, 10**30))
    assert in_domain(mpq(1, 2), mpq(1, 2)) and in_domain(mpq(3, 10), mpq(3, 10))
    assert not in_domain(mpq(1, 10), mpq(9, 10))  # u^2 + v^2 <= 1 but the side from (1, 0) is longer than the base
    assert not in_domain(mpq(1, 2), mpq(0))       # degenerate
    assert not in_domain(mpq(0), mpq(1, 2))       # u = 0: the hypotenuse, not the base, is the longest side
    assert not in_domain(mpq(3, 5), mpq(1, 2))    # u > 1/2: the mirror image


def test_grid_points_exactly():
    assert grid(3) == [(mpq(1, 4), mpq(1, 3)), (mpq(1, 2), mpq(1, 3)), (mpq(1, 2), mpq(2, 3))]
    points = grid(6)
    assert all(in_domain(u, v) for u, v in points)
    # every lattice point of [0, 1/2] x (0, 1] inside the domain is kept, and no other
    lattice = [(mpq(i, 10), mpq(j, 6)) for i in range(6) for j in range(1, 7)]
    assert points == [p for p in lattice if in_domain(*p)]
    # per column u = 0, 1/10, ..., 1/2: v <= sqrt(2u - u^2) keeps 0, 2, 3, 4, 4, 5 of v = 1/6, ..., 1
    assert [sum(1 for p in points if p[0] == mpq(i, 10)) for i in range(6)] == [0, 2, 3, 4, 4, 5]


def test_balls_disjoint_exactly():
    assert balls_disjoint(mpq(1, 2), mpq(1, 2), mpq(1, 10))
    assert not balls_disjoint(mpq(1, 2), mpq(1, 2), mpq(1, 2))      # the base is exactly 2 rho: tangent balls
    assert not balls_disjoint(mpq(1, 10), mpq(1, 10), mpq(1, 10))   # side sqrt(2)/10 < 2/10


# ---- resume

def test_resume_computes_nothing_new(tmp_path, monkeypatch):
    calls = []

    def fake(apex, rho):  # the mechanism only: which entries are computed, and what the file holds
        calls.append((tuple(apex), rho))
        return {"apex": list(apex), "rho": rho, "family": "edge", "status": "certified"}

    monkeypatch.setattr(sweep, "sweep_one", fake)
    out = str(tmp_path / "r.jsonl")
    apexes = [(mpq(1, 2), mpq(1, 2)), (mpq(3, 10), mpq(3, 10))]
    first = run_sweep(apexes, [mpq(1, 10), mpq(1, 20)], out=out)
    assert len(calls) == 4 and len(first) == 4
    with open(out, "a") as fh:  # a run killed mid-write leaves a partial line: skipped, and the next append starts a new line
        fh.write('{"apex": ["1/2", "1/')
    calls.clear()
    again = run_sweep(apexes + [(mpq(1, 2), mpq(1, 3))], [exact("0.1"), mpq(1, 20)], out=out)
    assert calls == [(("1/2", "1/3"), "1/10"), (("1/2", "1/3"), "1/20")]  # only the new shape; "0.1" is 1/10
    assert again[:2] == first[:2]
    with open(out) as fh:
        lines = fh.read().splitlines()
    assert len(lines) == 7 and lines.count('{"apex": ["1/2", "1/') == 1
    calls.clear()
    run_sweep(apexes + [(mpq(1, 2), mpq(1, 3))], [mpq(1, 10), mpq(1, 20)], out=out)
    assert calls == []


# ---- bad input: one line, exit 2

@pytest.mark.parametrize("argv, says", [
    (["--apex", "1/2,1/2", "--rho", "0"], "must be > 0"),
    (["--apex", "1/10,9/10", "--rho", "1/10"], "outside the shape domain"),
    (["--apex", "1/2,1/2", "--rho", "1/2"], "overlap"),
    (["--apex", "1/2", "--rho", "1/10"], "expected U,V"),
    (["--apex", "1/2,0.5", "--rho", "0.1", "--workers", "0"], "at least 1"),
    (["--grid", "1", "--rho", "1/10"], "N >= 2"),
    (["--rho", "1/10"], "--grid N or at least one --apex"),
])
def test_bad_input_is_one_line(argv, says, capsys):
    assert main(["sweep", "triangles", *argv]) == EXIT_BAD_INPUT
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1 and says in captured.err


def test_parse_apex_exact():
    assert parse_apex("1/2, sqrt(3)/2") == (mpq(1, 2), exact("sqrt(3)/2"))


# ---- the certified program (slow)

@pytest.mark.slow
def test_done_when_three_shapes(capsys, tmp_path):
    out = str(tmp_path / "three.jsonl")
    argv = ["sweep", "triangles", "--apex", "1/2,sqrt(3)/2", "--apex", "1/2,1/2", "--apex", "3/10,3/10",
            "--rho", "1/10", "--workers", "2", "--format", "json", "--out", out]
    assert main(argv) == EXIT_OK
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["family"] for r in records] == ["face", "both", "edge"]
    for r in records:
        lo, hi = exact(r["lower_bound"]), exact(r["upper_bound"])
        assert r["status"] == "certified" and r["error"] is None and lo <= hi
        assert 0 <= r["gap"] < 1e-4
    eq, right, obtuse = records
    assert eq["edge_cost"] is None and exact(eq["face_cost"]) == exact("40*sqrt(3)/71 + 300/71")
    assert exact(right["edge_cost"]) == exact(right["face_cost"]) == exact("20*sqrt(2)/23 + 100/23")
    assert exact(obtuse["edge_cost"]) <= exact(obtuse["upper_bound"]) < exact(obtuse["face_cost"])
    # a rerun with the same --out reads the three records back, computing nothing
    assert main(argv) == EXIT_OK
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == records


@pytest.mark.slow
def test_dask_local_cluster_agrees_with_in_process():
    distributed = pytest.importorskip("distributed")
    shapes, rhos = grid(3), [mpq(1, 10)]
    local = run_sweep(shapes, rhos, workers=1)
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as cluster:
        remote = run_sweep(shapes, rhos, scheduler=cluster.scheduler_address)
    assert len(local) == len(remote) == 3
    for a, b in zip(local, remote):
        assert a["status"] == b["status"] == "certified"
        for key in ("apex", "rho", "family", "edge_cost", "face_cost", "face_interval"):
            assert a[key] == b[key], key
        # two certified intervals of the same minimum intersect (bounds may differ in the last digits)
        assert max(exact(a["lower_bound"]), exact(b["lower_bound"])) <= min(exact(a["upper_bound"]), exact(b["upper_bound"]))
