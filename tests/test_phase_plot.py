"""The sweep printers (symden/printing/sweep.py): the phase diagram's panels, colours and boundary circle,
and the text table's outward-rounded intervals, on records in the agreed sweep format (docs/theory.md 6d)."""

from __future__ import annotations

import math
import re

import pytest
from gmpy2 import mpq

from symden.errors import InvalidDataError
from symden.exact import exact, to_float
from symden.printing import json_sweep, plot_phase_diagram, text_sweep
from symden.printing.sweep import FAMILY_COLOURS


def _record(u: str, v: str, rho: str, lower, upper, edge, face, family: str, status="certified"):
    if lower is None:  # the program failed: no interval
        return {"apex": [u, v], "apex_float": [to_float(exact(u)), to_float(exact(v))], "rho": rho,
                "lower_bound": None, "upper_bound": None, "lower_float": None, "upper_float": None,
                "edge_cost": None, "edge_cost_float": None, "face_cost": None, "face_cost_float": None,
                "face_interval": None, "family": family, "gap": None, "margin": None, "status": status,
                "seconds": 0.3, "error": "solver failed"}
    lo, hi = exact(lower), exact(upper)
    e = None if edge is None else exact(edge)
    f = None if face is None else exact(face)
    return {
        "apex": [u, v], "apex_float": [to_float(exact(u)), to_float(exact(v))], "rho": rho,
        "lower_bound": lower, "upper_bound": upper, "lower_float": to_float(lo), "upper_float": to_float(hi),
        "edge_cost": edge, "edge_cost_float": None if e is None else to_float(e),
        "face_cost": face, "face_cost_float": None if f is None else to_float(f),
        "face_interval": None if face is None else [face, face], "family": family,
        "gap": (to_float(hi) - to_float(lo)) / to_float(hi),
        "margin": None if e is None or f is None else (to_float(f) - to_float(e)) / min(to_float(f), to_float(e)),
        "status": status, "seconds": 0.3, "error": None if status == "certified" else "solver failed",
    }


# the three shapes of the acceptance command at rho = 1/10, as solve_program and min_cost_denoiser
# computed them (exact strings copied from their records); then made-up records covering the other families
# and a second radius for the panel count
RECORDS = [
    _record("1/2", "sqrt(3)/2", "1/10", "130028779755190578393/25000000000000000000",
            "104023107691544656901/20000000000000000000", None, "40*sqrt(3)/71 + 300/71", "face"),
    _record("1/2", "1/2", "1/10", "69719666274322159937/12500000000000000000",
            "557757701075921381979/100000000000000000000", "20*sqrt(2)/23 + 100/23", "20*sqrt(2)/23 + 100/23", "both"),
    _record("3/10", "3/10", "1/10", "64958883332785654147/10000000000000000000",
            "129917822284289535863/20000000000000000000", "2*sqrt(58)/27 + 6*sqrt(2)/7 + 892/189",
            "2*sqrt(58)/23 + 174*sqrt(2)/167 + 3740*sqrt(29)/3841", "edge"),
    _record("1/4", "1/10", "1/10", "3", "31/10", "4", "9/2", "neither"),
    _record("1/4", "3/4", "1/10", None, None, None, None, "undecided", status="inconclusive"),
    _record("1/2", "sqrt(3)/2", "1/40", "4", "21/5", None, "4", "face"),
    _record("3/10", "3/10", "1/40", "1", "2", "2", "3", "edge"),
]


def _family_collections(fig):
    return [c for ax in fig.axes for c in ax.collections if c.get_gid() == "families"]


def test_one_panel_column_per_radius():
    fig = plot_phase_diagram(RECORDS)
    families = _family_collections(fig)
    assert len(families) == 2
    titles = [ax.get_title() for ax in fig.axes if ax.collections and ax.collections[0].get_gid() == "families"]
    assert any("frac{1}{10}" in t for t in titles) and any("frac{1}{40}" in t for t in titles)


def test_cell_colours_match_families():
    fig = plot_phase_diagram(RECORDS)
    seen = 0
    for coll in _family_collections(fig):
        colours = coll.get_facecolors()
        for path, rgba in zip(coll.get_paths(), colours):
            verts = path.vertices[:4]
            centre = (sum(p[0] for p in verts) / 4, sum(p[1] for p in verts) / 4)
            (match,) = [r for r in RECORDS if math.dist(centre, r["apex_float"]) < 1e-9
                        and (r["rho"] == "1/10") == ("frac{1}{10}" in coll.axes.get_title())]
            assert tuple(round(c, 6) for c in rgba[:3]) == tuple(round(c, 6) for c in FAMILY_COLOURS[match["family"]])
            seen += 1
    assert seen == len(RECORDS)


def test_right_apex_circle_is_drawn_on_the_base():
    fig = plot_phase_diagram(RECORDS)
    lines = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_gid() == "right-apex-circle"]
    assert lines
    for ln in lines:
        us, vs = ln.get_data()
        assert len(us) > 50
        # every drawn point is on (u - 1/2)^2 + v^2 = 1/4, and the arc runs from (0, 0) to the top (1/2, 1/2)
        assert max(abs((u - 0.5) ** 2 + v ** 2 - 0.25) for u, v in zip(us, vs)) < 1e-12
        assert min(us) == pytest.approx(0, abs=1e-12) and max(vs) == pytest.approx(0.5)


def test_text_intervals_contain_the_exact_ones():
    text = text_sweep(RECORDS)
    assert "online balls of radius rho" in text and "docs/theory.md section 6d" in text
    rows = [ln for ln in text.splitlines() if ln.startswith("(")]
    assert len(rows) == len(RECORDS)
    for r in RECORDS:
        if r["family"] == "undecided":
            continue
        row = [ln for ln in rows if ln.startswith(f"({r['apex'][0]}, {r['apex'][1]})") and f" {r['rho']} " in ln]
        (row,) = row
        boxes = [(mpq(lo), mpq(hi)) for lo, hi in re.findall(r"\[(-?[0-9.]+), (-?[0-9.]+)\]", row)]
        (lo_q, hi_q) = boxes[0]
        assert lo_q <= exact(r["lower_bound"]) and exact(r["upper_bound"]) <= hi_q
        # the edge and face costs, when printed as decimals, are enclosed too (exact comparison)
        costs = [exact(r[k]) for k in ("edge_cost", "face_cost") if r[k] is not None and "sqrt" in r[k]]
        assert len(boxes) == 1 + len(costs)
        for (clo, chi), c in zip(boxes[1:], costs):
            assert clo <= c <= chi
        assert row.split()[-3].rstrip("?") == r["family"]


def test_json_is_the_records_and_bad_records_are_one_line_errors():
    assert json_sweep(RECORDS) == RECORDS
    with pytest.raises(InvalidDataError, match="family"):
        text_sweep([dict(RECORDS[0], family="maybe")])
    with pytest.raises(InvalidDataError, match="needs the keys"):
        plot_phase_diagram([{"apex": ["1/2", "1/2"]}])


def test_margin_panel_carries_the_records_margins():
    fig = plot_phase_diagram(RECORDS)
    margins = [c for ax in fig.axes for c in ax.collections if c.get_gid() == "margins"]
    drawn = sorted(float(m) for c in margins for m in c.get_array())
    assert drawn == sorted(r["margin"] for r in RECORDS if r["margin"] is not None)
    # the edge record at (3/10, 3/10), rho 1/10: the face family costs more, so the margin is positive
    assert [r["margin"] for r in RECORDS if r["apex"] == ["3/10", "3/10"] and r["rho"] == "1/10"][0] > 0
