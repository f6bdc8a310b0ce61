"""Printers of a sweep over triangle shapes (``symden sweep triangles``): text, JSON and the phase diagram.

A sweep record is one JSON object per shape and radius (the agreed record of docs/theory.md
section 6d): the apex ``(u, v)`` of the triangle ``(0,0), (1,0), (u, v)`` as exact strings, the
radius ``rho`` of the online balls, the certified interval ``[lower_bound, upper_bound]`` of the
minimum cost, the edge and face families' costs and the ``family`` certified optimal to the gap.

* :func:`text_sweep`: an aligned table, the intervals rounded outward from the exact strings;
* :func:`json_sweep`: the records as they are;
* :func:`plot_phase_diagram`: one panel per radius over the shape domain, coloured by family,
  the relative margin (face - edge) / min as a second row, the acute/obtuse boundary drawn.
"""

from __future__ import annotations

import math
import textwrap
from typing import Optional, Sequence

from symden.errors import InvalidDataError
from symden.exact import exact, to_float
from symden.network import COST_CONVENTION, COST_CONVENTION_SHORT
from symden.reference import cite
from symden.rounding import interval_text

__all__ = ["FAMILIES", "FAMILY_COLOURS", "json_sweep", "plot_phase_diagram", "text_sweep"]

#: the family verdicts of a record, in legend order
FAMILIES = ("edge", "face", "both", "neither", "undecided")
#: family -> RGB colour of its cells (undecided is grey, and hatched in the figure)
FAMILY_COLOURS = {
    "edge": (0.84, 0.37, 0.0),      # orange
    "face": (0.0, 0.45, 0.70),      # blue
    "both": (0.0, 0.62, 0.45),      # green
    "neither": (0.80, 0.47, 0.65),  # purple
    "undecided": (0.6, 0.6, 0.6),   # grey
}
SETTING = "online balls of radius rho around the three clean points (0,0), (1,0), (u,v)"
_FIELDS = ("apex", "rho", "family")


def _section() -> str:
    try:
        return cite("6d")
    except KeyError:  # before the sweep's section 6d is merged
        return "docs/theory.md section 6d"


FAMILY_RULE = ("family rule (exact comparisons): with the certified interval [L, U] of the minimum cost, a family "
               "is certified optimal to the gap when its cost (the face family's certified upper end) is <= U; "
               "both such -> both, one -> it; neither when every available cost (the face family's lower end) is "
               "> U, so the optimum is certifiably below them; otherwise, or when the program fails, undecided")


def _check(records) -> list:
    records = list(records)
    for i, r in enumerate(records):
        if not isinstance(r, dict) or any(k not in r for k in _FIELDS):
            raise InvalidDataError(f"sweep record {i + 1} is not a sweep record: it needs the keys "
                                   f"{', '.join(_FIELDS)} (docs/theory.md section 6d)")
        if r["family"] not in FAMILIES:
            raise InvalidDataError(f"sweep record {i + 1} has family {r['family']!r}; "
                                   f"expected one of {', '.join(FAMILIES)}")
    return records


def _apex_float(r: dict) -> tuple:
    if r.get("apex_float"):
        return tuple(float(x) for x in r["apex_float"])
    return tuple(to_float(exact(x, name="apex")) for x in r["apex"])


def _rho_key(r: dict):
    return exact(r["rho"], name="rho")


def _interval(r: dict) -> str:
    lo, hi = r.get("lower_bound"), r.get("upper_bound")
    if lo is None or hi is None:
        return "-"
    return interval_text(exact(lo, name="lower_bound"), exact(hi, name="upper_bound"), 10)


def _cost(r: dict, key: str) -> str:
    if key == "face_cost" and r.get("face_interval"):
        lo, hi = r["face_interval"]
        if lo != hi:
            return interval_text(exact(lo, name="face_interval"), exact(hi, name="face_interval"), 10)
    value = r.get(key)
    if value is None:
        return "-"
    x = exact(value, name=key)
    return interval_text(x, x, 10) if not _short(value) else value


def _short(text: str) -> bool:
    return len(text) <= 12 and all(c in "0123456789/-" for c in text)


def _gap(x) -> str:
    return "-" if x is None else f"{x:.1e}"


def text_sweep(records: Sequence[dict]) -> str:
    """The sweep's records as an aligned table (one row per shape and radius, sorted by radius, then apex)."""
    records = sorted(_check(records), key=lambda r: (_rho_key(r), _apex_float(r)))
    head = ("apex (u, v)", "rho", "certified interval of min R", "edge cost", "face cost", "family", "gap",
            "margin")
    rows = [(f"({r['apex'][0]}, {r['apex'][1]})", str(r["rho"]), _interval(r), _cost(r, "edge_cost"),
             _cost(r, "face_cost"), r["family"] + ("" if r.get("status", "certified") == "certified" else "?"),
             _gap(r.get("gap")), "-" if r.get("margin") is None else f"{r['margin']:+.3g}")
            for r in records]
    widths = [max(len(row[k]) for row in rows + [head]) for k in range(len(head))]
    radii = len({str(r["rho"]) for r in records})
    intro = [
        f"sweep over triangle shapes: base (0,0)-(1,0) as the longest side, apex (u, v); {len(records)} record(s), "
        f"{radii} {'radius' if radii == 1 else 'radii'}",
        f"setting: {SETTING}",
        f"cost convention: {COST_CONVENTION}",
        FAMILY_RULE,
        "intervals are rounded outward from the exact values; gap = (U - L)/U; margin = (face - edge)/min(face, edge)"
        " (float evidence, display only); a '?' after the family: the record is inconclusive",
    ]
    lines = [w for line in intro for w in textwrap.wrap(line, 100, subsequent_indent="  ")]
    lines += [
        "",
        "  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    counts = {f: sum(r["family"] == f for r in records) for f in FAMILIES}
    lines += ["", "families: " + ", ".join(f"{f} {n}" for f, n in counts.items() if n)]
    failed = [r for r in records if r.get("error")]
    for r in failed:
        lines += textwrap.wrap(f"({r['apex'][0]}, {r['apex'][1]}) rho {r['rho']}: {r['error']}", 100,
                               initial_indent="  ", subsequent_indent="    ")
    lines.append(f"reference: {_section()}")
    return "\n".join(lines) + "\n"


def json_sweep(records: Sequence[dict]) -> list:
    """The records as they are (a list of the agreed JSON objects)."""
    return list(_check(records))


def _grid_step(values: list) -> float:
    distinct = sorted(set(round(x, 12) for x in values))
    steps = [b - a for a, b in zip(distinct, distinct[1:]) if b - a > 1e-9]
    return min(steps) if steps else 0.05


def plot_phase_diagram(records: Sequence[dict], *, title: Optional[str] = None):
    """The phase diagram: one column of panels per radius over the shape domain.

    Top row: each shape a square (sized to the grid spacing) coloured by its certified family,
    undecided shapes grey and hatched. Bottom row (when any record has a margin): the relative
    margin (face - edge) / min(face, edge), diverging colours, edge cheaper where it is positive.
    Both rows draw the domain's boundary (u = 1/2 and (1 - u)^2 + v^2 = 1: beyond it the base is not the
    longest side), the right-apex circle (u - 1/2)^2 + v^2 = 1/4 (obtuse apex inside) and the
    right angle at the base vertex (0, 0) on u = 0.
    """
    records = _check(records)
    if not records:
        raise InvalidDataError("no sweep records to plot")
    import matplotlib
    import numpy as np

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Rectangle
    from matplotlib.lines import Line2D

    radii = sorted({str(r["rho"]) for r in records}, key=lambda s: exact(s, name="rho"))
    by_rho = {rho: [r for r in records if str(r["rho"]) == rho] for rho in radii}
    margins = [r["margin"] for r in records if r.get("margin") is not None]
    rows = 2 if margins else 1
    n = len(radii)
    # one row per radius: the families' panel, then (when any margin exists) the margins' panel beside it
    # and a last row for the legend and the footnote (an axes, so that the layout keeps them apart)
    fig = Figure(figsize=(6.8 if rows == 2 else 4.6, 3.5 * n + 1.7), layout="constrained")
    spec = fig.add_gridspec(n + 1, rows, height_ratios=[3.5] * n + [1.5])
    grid_axes = []
    for i in range(n):
        row = []
        for j in range(rows):
            share = grid_axes[0][0] if grid_axes else (row[0] if row else None)
            row.append(fig.add_subplot(spec[i, j], sharex=share, sharey=share))
        grid_axes.append(row)
    grid_axes = np.array(grid_axes, dtype=object)
    axes = grid_axes.T  # axes[kind][radius]
    foot = fig.add_subplot(spec[n, :])
    foot.set_axis_off()
    pts = [_apex_float(r) for r in records]
    du, dv = _grid_step([p[0] for p in pts]), _grid_step([p[1] for p in pts])
    du, dv = min(du, 0.1), min(dv, 0.2)
    if len(pts) < 20 * n:  # a few chosen apexes (--apex), not a lattice: small squares, not cells of a grid
        du = dv = 0.035
    mmax = max((abs(m) for m in margins), default=1.0) or 1.0
    norm = matplotlib.colors.TwoSlopeNorm(vmin=-mmax, vcenter=0.0, vmax=mmax) if margins else None
    cmap = matplotlib.colormaps["PuOr_r"]
    for col, rho in enumerate(radii):
        group = by_rho[rho]
        xy = [_apex_float(r) for r in group]
        fam = [r["family"] for r in group]
        ax = axes[0][col]
        colours = [FAMILY_COLOURS[f] for f in fam]
        ax.add_collection(_cells(xy, du, dv, colours, gid="families"))
        for (u, v), f in zip(xy, fam):
            if f == "undecided":
                ax.add_patch(Rectangle((u - du / 2, v - dv / 2), du, dv, fill=False, hatch="///",
                                       edgecolor="0.3", linewidth=0, zorder=3))
        ax.set_title(f"$\\rho = {_tex_rho(rho)}$: family certified optimal", fontsize=9)
        if rows == 2:
            ax2 = axes[1][col]
            with_m = [(p, r["margin"]) for p, r in zip(xy, group) if r.get("margin") is not None]
            without = [p for p, r in zip(xy, group) if r.get("margin") is None]
            sc = _cells([p for p, _ in with_m], du, dv, None, gid="margins", edge="0.75", cmap=cmap, norm=norm)
            sc.set_array([m for _, m in with_m])
            ax2.add_collection(sc)
            ax2.add_collection(_cells(without, du, dv, [(0.88, 0.88, 0.88)] * len(without), gid="no-margin"))
            ax2.set_title(f"$\\rho = {_tex_rho(rho)}$: margin $(R_{{face}} - R_{{edge}})/\\min$", fontsize=9)
        for a in axes[:, col]:
            _draw_domain(a)
    for a in grid_axes[-1]:
        a.set_xlabel("$u$")
    for a in grid_axes[:, 0]:
        a.set_ylabel("$v$")
    if rows == 2:
        for ax2 in axes[1]:  # one bar per row (one bar over all rows ran into the titles)
            cb = fig.colorbar(sc, ax=ax2, shrink=0.95, pad=0.02)
            cb.set_label("$(R_{face} - R_{edge}) / \\min$; $> 0$: edge cheaper", fontsize=7.5)
            cb.ax.tick_params(labelsize=7)
    present = [f for f in FAMILIES if any(r["family"] == f for r in records)]
    handles = [Patch(facecolor=FAMILY_COLOURS[f], hatch="///" if f == "undecided" else None,
                     edgecolor="0.3" if f == "undecided" else "none", label=_LABELS[f]) for f in present]
    handles += [Line2D([], [], color="k", lw=1.2, label="right apex angle: $(u-\\frac{1}{2})^2+v^2=\\frac{1}{4}$"),
                Line2D([], [], color="k", lw=1.2, ls="--", label="right angle at $(0,0)$: $u = 0$"),
                Line2D([], [], color="0.45", lw=1.0, ls=":", label="base longest: $(1-u)^2+v^2 \\leq 1$, $u \\leq \\frac{1}{2}$")]
    if rows == 2:
        handles.append(Patch(facecolor=(0.88, 0.88, 0.88), label="no margin: a family is unavailable"))
    foot.legend(handles=handles, loc="upper center", ncol=2, fontsize=7.5, frameon=False)
    fig.suptitle(title or "Certified phase diagram over triangle shapes $(0,0), (1,0), (u,v)$", fontsize=10)
    note = (f"cost convention: {COST_CONVENTION_SHORT}; setting: {SETTING.replace('rho', 'ρ')}; a family is "
            f"certified optimal when its cost is <= the certified upper bound of min R ({_section()})")
    foot.text(0.5, 0.0, "\n".join(textwrap.wrap(note, int(fig.get_figwidth() * 17))), fontsize=6.5, color="0.3",
              ha="center", va="bottom", transform=foot.transAxes)
    return fig


_LABELS = {
    "edge": "edge family certified optimal",
    "face": "face family certified optimal",
    "both": "both certified optimal",
    "neither": "neither: optimum certifiably below every available family",
    "undecided": "undecided: no certified verdict",
}


def _tex_rho(rho: str) -> str:
    if "/" in rho and all(c in "0123456789/" for c in rho):
        p, q = rho.split("/")
        return f"\\frac{{{p}}}{{{q}}}"
    return rho


def _cells(xy: list, du: float, dv: float, colours, *, gid: str, edge="white", **kw):
    """One square per shape, ``du`` x ``dv`` in data coordinates around its apex (a PatchCollection)."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    squares = [Rectangle((u - du / 2, v - dv / 2), du, dv) for u, v in xy]
    coll = PatchCollection(squares, edgecolors=edge, linewidths=0.3, zorder=2, **kw)
    if colours is not None:
        coll.set_facecolor(colours)
    coll.set_gid(gid)
    return coll


def _draw_domain(ax) -> None:
    t = [k / 200 for k in range(201)]
    # base-longest boundary: |apex - (1, 0)| <= 1, the arc (1 - u)^2 + v^2 = 1 from (0, 0) to (1/2, sqrt(3)/2)
    arc = [(1 - math.cos(math.pi / 3 * s), math.sin(math.pi / 3 * s)) for s in t]
    ax.plot([p[0] for p in arc], [p[1] for p in arc], color="0.45", lw=1.0, ls=":", gid="base-longest")
    ax.plot([0.5, 0.5], [0, math.sqrt(3) / 2], color="0.45", lw=1.0, ls=":")
    # right apex angle: the circle with the base as diameter, centre (1/2, 0), radius 1/2 (u <= 1/2 half)
    circ = [(0.5 + 0.5 * math.cos(math.pi / 2 + math.pi / 2 * s), 0.5 * math.sin(math.pi / 2 + math.pi / 2 * s))
            for s in t]
    ax.plot([p[0] for p in circ], [p[1] for p in circ], color="k", lw=1.2, gid="right-apex-circle")
    ax.plot([0, 0], [0, 1], color="k", lw=1.2, ls="--", gid="right-base-angle")
    ax.text(0.36, 0.1, "obtuse\napex", fontsize=7, ha="center", color="0.15",
            bbox=dict(facecolor="white", alpha=0.6, edgecolor="none", pad=1), zorder=4)
    ax.set_xlim(-0.03, 0.53)
    ax.set_ylim(0, 0.93)
    ax.set_aspect("equal")
    ax.tick_params(labelsize=7)
