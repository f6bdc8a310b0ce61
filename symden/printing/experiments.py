"""Printers for the experiments of docs/theory.md section 7b: ``symden compare`` as text, JSON and a figure.

Every number printed here was measured in floats on a trained network: it is *evidence*, and the
output says so. The prediction's exact cost (or certified interval) is printed exactly beside it.

* :func:`text_comparison`: the aligned report (data, setting, convention, prediction, distances,
  cost, aligned shares, predicted directions, significant trained units, histogram);
* :func:`json_comparison`: the same as a JSON object (keys ``sup_distance``, ``rms_distance``,
  ``cost``, ``predicted_cost``, ``aligned_share_5deg`` and the rest; floats are numbers, exact
  values strings that ``sympy.sympify`` reads);
* :func:`plot_comparison`: a matplotlib figure (d = 2: trained boundaries solid, width by cost
  share, over the predicted ones dashed, on the data; d = 1: both graphs; d >= 3: the
  cost-weighted histogram of angles to the nearest predicted line).
"""

from __future__ import annotations

import math
import textwrap
from typing import Optional

from symden.errors import InvalidDataError
from symden.exact import exact_str, to_float
from symden.experiments.compare import ALIGN_DEGREES, SIGNIFICANT_SHARE, Comparison
from symden.network import COST_CONVENTION, COST_CONVENTION_SHORT
from symden.reference import cite

__all__ = ["draw_comparison", "json_comparison", "plot_comparison", "text_comparison"]

#: meta keys of a trained network worth a mention (looked up in meta and in meta["config"])
_META_KEYS = ("weight_decay", "steps", "lr", "schedule", "seed", "online_samples", "samples", "final_loss", "loss", "seconds")
#: histogram bins below this share are not listed in the text output
_BIN_LIST_SHARE = 0.01
#: predicted directions holding less than this share of both costs are summarised in one line
_DIRECTION_LIST_SHARE = 0.001
#: trained units below this share of the cost are not drawn (the legend says how much they hold)
DRAW_MIN_SHARE = 1e-3
EVIDENCE = ("evidence: floats measured on a trained network; nothing here is proved or certified about it "
            f"({cite('7b.2')})")


def _pct(x: float) -> str:
    return f"{100 * x:.2f}%"


def _deg(x: Optional[float]) -> str:
    return "-" if x is None or x != x else f"{x:.2f} deg"


def _meta_summary(meta: dict) -> str:
    found = {}
    for source in (meta, meta.get("config") if isinstance(meta.get("config"), dict) else {}):
        for k in _META_KEYS:
            if k in source and k not in found and isinstance(source[k], (int, float, str)):
                found[k] = source[k]
    return ", ".join(f"{k} {v:.6g}" if isinstance(v, float) else f"{k} {v}" for k, v in found.items())


def _value(x) -> str:
    """``= exact (~float)`` when the exact text is short, else ``~float`` (12 digits)."""
    text = exact_str(x)
    return f"= {text} (~{to_float(x):.9g})" if len(text) <= 40 else f"~{to_float(x):.12g}"


def _predicted_cost_text(c: Comparison) -> str:
    p = c.prediction
    if p.standing == "upper bound":
        return f"the prediction's cost {_value(p.network_cost)}, an upper bound on R(h*)"
    if p.cost is not None:
        return f"R(h*) {_value(p.cost)}"
    if p.cost_interval is not None:
        lo, hi = p.cost_interval
        return (f"R(h*) in [{to_float(lo):.12g}, {to_float(hi):.12g}] (certified); "
                f"the predicted network costs ~{c.predicted_cost:.9g}")
    return f"the predicted network's cost ~{c.predicted_cost:.9g} (not certified)"


def text_comparison(c: Comparison) -> str:
    """The report ``symden compare`` prints (see the module docstring)."""
    from symden.printing.text import text_table

    data, net, p = c.data, c.network, c.prediction
    lines = [(data.name or "data") + (f": {data.description}" if data.description else ""),
             f"  data        {data.size} clean point{'s' if data.size != 1 else ''} in R^{data.dim}",
             f"  setting     {data.describe_setting()}",
             f"  convention  {COST_CONVENTION}"]
    meta = _meta_summary(net.meta or {})
    lines.append(f"  network     trained, width {net.width}" + (f" ({meta})" if meta else ""))
    lines.append(f"  prediction  {p.description}")
    lines.append(f"  distance    |h_net(y) - h*(y)| on {c.region}, {c.region_points} points:")
    lines.append(f"              sup {c.sup_distance:.4g}, RMS {c.rms_distance:.4g}")
    box = " x ".join(f"[{lo:.4g}, {hi:.4g}]" for lo, hi in c.box)
    lines.append(f"              on the data's bounding box enlarged by one half, {box} ({c.grid}):")
    lines.append(f"              sup {c.grid_sup_distance:.4g}, RMS {c.grid_rms_distance:.4g}")
    lines.append(f"  cost        trained sum |a||w| = {c.cost:.9g}, penalty 1/2 sum(|a|^2 + |w|^2) = {net.penalty():.9g}")
    lines.append(f"              against {_predicted_cost_text(c)}; ratio {c.cost_ratio:.6f}")
    lines.append(f"  aligned     {_pct(c.aligned_share_2deg)} of the trained cost within {ALIGN_DEGREES[0]:g} degrees "
                 f"of a predicted direction, {_pct(c.aligned_share_5deg)} within {ALIGN_DEGREES[1]:g} degrees")
    if c.predicted_directions:
        lines.append("  predicted directions (lines of the predicted w, both orientations):")
        rows = [["dir", "w (unit)"] + (["angle"] if data.dim == 2 else [])
                + ["predicted share", "aligned with", f"trained <= {ALIGN_DEGREES[0]:g} deg", f"trained <= {ALIGN_DEGREES[1]:g} deg"]
                + (["their mean angle"] if data.dim == 2 else [])]
        small = []
        means = c.direction_means or (None,) * len(c.predicted_directions)
        for i, (d, (s2, s5), mean) in enumerate(zip(c.predicted_directions, c.direction_shares, means), 1):
            if d.share < _DIRECTION_LIST_SHARE and s5 < _DIRECTION_LIST_SHARE:
                small.append((d.share, s5))
                continue
            w = "(" + ", ".join(f"{x:.4f}" for x in d.direction) + ")" if data.dim <= 4 else f"({data.dim} coordinates)"
            if d.lines > 1:
                w += f" +{d.lines - 1} line{'s' if d.lines > 2 else ''} within {d.spread:.2f} deg"
            rows.append([str(i), w] + ([_deg(d.angle)] if data.dim == 2 else [])
                        + [_pct(d.share), f"{d.aligned} ({_deg(d.aligned_angle)})", _pct(s2), _pct(s5)]
                        + ([_deg(mean)] if data.dim == 2 else []))
        lines.append(text_table(rows, "    "))
        if small:
            lines.append(f"    + {len(small)} direction{'s' if len(small) != 1 else ''} below {_DIRECTION_LIST_SHARE:.1%} "
                         f"of either cost, together {_pct(sum(a for a, _ in small))} of the predicted cost and "
                         f"{_pct(sum(b for _, b in small))} of the trained (--format json lists them)")
    for note in c.notes:
        lines.append(f"  note        {note}")
    if c.units:
        lines.append(f"  significant trained units (cost share >= {SIGNIFICANT_SHARE:.0%}), costliest first:")
        rows = [["unit", "cost share"] + (["angle of w"] if data.dim == 2 else [])
                + ["to nearest predicted", "dir", "nearest data alignment"]]
        for u in c.units:
            rows.append([str(u.unit + 1), _pct(u.share)] + ([_deg(u.angle)] if data.dim == 2 else [])
                        + [_deg(u.predicted_angle), str(u.predicted + 1) if u.predicted >= 0 else "-",
                           f"{u.aligned} ({_deg(u.aligned_angle)})"])
        lines.append(text_table(rows, "    "))
        rest = sum(c.unit_shares) - sum(u.share for u in c.units)
        others = sum(1 for s in c.unit_shares if s > 0) - len(c.units)
        if others > 0:
            lines.append(f"    + {others} unit{'s' if others != 1 else ''} below {SIGNIFICANT_SHARE:.0%}, together {_pct(max(rest, 0.0))}")
    big = [(lo, hi, s) for lo, hi, s in c.direction_histogram if s >= _BIN_LIST_SHARE]
    if big:
        lines.append(f"  histogram   {c.histogram_of}, cost share per 1-degree bin (bins >= {_BIN_LIST_SHARE:.0%}):")
        lines += ["              " + part for part in
                  textwrap.wrap(", ".join(f"[{lo:g}, {hi:g}) {_pct(s)}" for lo, hi, s in big), 86)]
    lines.append(f"  {EVIDENCE}")
    return "\n".join(_wrap(line) for line in lines)


def _wrap(line: str) -> str:
    """A labelled line (``  label       text`` or its continuation) wrapped at WIDTH under its text; tables and the
    convention line (quoted verbatim) are kept whole."""
    from symden.printing.text import WIDTH

    if len(line) <= WIDTH or line.startswith("  convention") or line.startswith("    ") and not line.startswith(" " * 14):
        return line
    if line[:14].strip() and line[13] != " ":
        return line
    return "\n".join(textwrap.wrap(line[14:], WIDTH - 14, initial_indent=line[:14], subsequent_indent=" " * 14,
                                   break_on_hyphens=False, break_long_words=False))


def _num(x: Optional[float]):
    return None if x is None or x != x or math.isinf(x) else float(x)


def json_comparison(c: Comparison) -> dict:
    """The JSON object of ``symden compare --format json`` (floats as numbers; exact values as strings)."""
    p = c.prediction
    return {
        "name": c.data.name,
        "status": "evidence",
        "convention": COST_CONVENTION_SHORT,
        "convention_detail": COST_CONVENTION,
        "setting": c.setting,
        "dim": c.data.dim,
        "reference": c.reference,
        "width": c.network.width,
        "meta": c.network.meta,
        "sup_distance": c.sup_distance,
        "rms_distance": c.rms_distance,
        "region": c.region,
        "region_points": c.region_points,
        "grid_sup_distance": c.grid_sup_distance,
        "grid_rms_distance": c.grid_rms_distance,
        "grid": c.grid,
        "box": [list(b) for b in c.box],
        "cost": c.cost,
        "penalty": c.network.penalty(),
        "predicted_cost": c.predicted_cost,
        "cost_ratio": _num(c.cost_ratio),
        "predicted": {
            "description": p.description,
            "source": p.source,
            "name": p.name,
            "standing": p.standing,
            "cost": exact_str(p.cost) if p.cost is not None else None,
            "cost_interval": [exact_str(v) for v in p.cost_interval] if p.cost_interval is not None else None,
            "network_cost": exact_str(p.network_cost),
            "network_cost_float": to_float(p.network_cost),
            "reference": p.reference,
            "units": [{"a": [exact_str(v) for v in u.a], "w": [exact_str(v) for v in u.w], "b": exact_str(u.b)}
                      for u in p.network.units],
        },
        "aligned_share_2deg": c.aligned_share_2deg,
        "aligned_share_5deg": c.aligned_share_5deg,
        "predicted_directions": [{
            "direction": list(d.direction),
            "angle_degrees": d.angle,
            "predicted_share": d.share,
            "aligned": d.aligned,
            "aligned_angle_degrees": _num(d.aligned_angle),
            "lines": d.lines,
            "spread_degrees": d.spread,
            "trained_share_2deg": s2,
            "trained_share_5deg": s5,
            "trained_mean_angle_degrees": mean,
        } for d, (s2, s5), mean in zip(c.predicted_directions, c.direction_shares,
                                       c.direction_means or (None,) * len(c.predicted_directions))],
        "units": [{
            "unit": u.unit,
            "cost_share": u.share,
            "angle_degrees": u.angle,
            "predicted_angle_degrees": _num(u.predicted_angle),
            "predicted_direction": u.predicted if u.predicted >= 0 else None,
            "aligned": u.aligned,
            "aligned_angle_degrees": _num(u.aligned_angle),
        } for u in c.units],
        "direction_histogram": {"of": c.histogram_of, "bins": [list(b) for b in c.direction_histogram]},
        "notes": list(c.notes),
    }


# -- the figure -----------------------------------------------------------------------------------


def _title_lines(c: Comparison) -> str:
    p = c.prediction
    name = c.data.name or "data"
    setting = (rf"online, $\rho = {exact_str(c.data.radius)}$" if c.data.setting == "online"
               else f"offline, {sum(len(s) for s in c.data.samples)} samples")
    aligned = ("" if c.data.dim == 1 else
               rf";  within $2^\circ$: {100 * c.aligned_share_2deg:.1f}%, $5^\circ$: {100 * c.aligned_share_5deg:.1f}%")
    return (f"{name}: trained network (width {c.network.width}) against {p.name} ({p.standing}); {setting}\n"
            rf"$\sup|h - h^*| = {c.sup_distance:.3g}$ on the data, ${c.grid_sup_distance:.3g}$ on the box;  "
            rf"cost $\sum\, |a_k||w_k| = {c.cost:.5g}$, ratio to $h^*$: ${c.cost_ratio:.4f}$" + aligned)


def _footnote(fig, c: Comparison) -> float:
    width = int(fig.get_figwidth() * 21)
    lines = []
    for text in (f"Cost convention: {COST_CONVENTION}.",
                 f"Prediction: {c.prediction.description}.",
                 f"Distances on {c.region}; box: {c.grid}. "
                 + "Everything measured on the trained network is evidence (floats): " + cite("7b.2") + "."):
        lines += textwrap.wrap(text, width)
    fig.text(0.01, 0.01, "\n".join(lines), fontsize=6, color="0.3", va="bottom", ha="left")
    return (len(lines) * 6 * 1.3 + 8) / (fig.get_figheight() * 72) + 0.01


def plot_comparison(c: Comparison, *, heatmap: bool = True):
    """A matplotlib figure of the comparison (see the module docstring).

    In the plane, trained boundary lines carry the gid ``"trained k"`` (unit k, from 1) and
    predicted ones ``"predicted k"``; their data are the clipped segment's two end points.
    ``heatmap`` shades ``|h_net(y) - h*(y)|`` under the lines.
    """
    import matplotlib

    matplotlib.use("Agg")
    d = c.data.dim
    if d == 1:
        return _plot_1d(c)
    if d == 2:
        return _plot_2d(c, heatmap)
    return _plot_histogram(c)


def _direction_colours(n: int) -> list:
    import matplotlib

    cmap = matplotlib.colormaps["tab10"]
    return [cmap(i % 10) for i in range(n)]


def _plot_2d(c: Comparison, heatmap: bool):
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(11.0, 6.6), dpi=130)
    bottom = _footnote(fig, c)
    fw, fh = fig.get_figwidth(), fig.get_figheight()
    side = min(0.5 * fw, (0.9 - bottom - 0.07) * fh)  # the view is a square: so is the axes box (inches)
    ax = fig.add_axes((0.06, bottom + 0.07, side / fw, side / fh))
    handles, im = draw_comparison(ax, c, heatmap=heatmap)
    box = ax.get_position()
    if im is not None:
        bar = fig.colorbar(im, cax=fig.add_axes((box.x1 + 0.01, box.y0, 0.012, box.height)))
        bar.set_label(r"$|h(y) - h^*(y)|$", fontsize=8)
        bar.ax.tick_params(labelsize=7)
    fig.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(box.x1 + 0.07, box.y1), borderaxespad=0)
    fig.suptitle(_title_lines(c), fontsize=8, x=0.01, y=0.99, ha="left", va="top")
    return fig


def draw_comparison(ax, c: Comparison, *, show: tuple = ("trained", "predicted"), heatmap: bool = False,
                    view: Optional[tuple] = None) -> tuple:
    """Draw a planar comparison into the matplotlib axes ``ax``; return ``(legend handles, heat-map image or None)``.

    ``show`` picks the boundaries drawn: ``"trained"`` (solid, width by cost share, coloured by the
    predicted line within 5 degrees, grey otherwise; gid ``"trained k"``) and/or ``"predicted"``
    (dashed, black; gid ``"predicted k"``); the data (balls or samples, clean points) are always
    drawn. ``view`` is ``(x0, x1, y0, y1)`` (default the data's square view, as ``symden plot``),
    so that several panels can share their axes (Figure 2's predicted and trained rows).
    """
    import numpy as np
    from matplotlib.lines import Line2D

    from symden.printing.plot import MAX_LINE_WIDTH, MIN_LINE_WIDTH, _as_q, _view_2d, boundary_segment, draw_planar_data

    data, net, h_star = c.data, c.network, c.prediction.network
    unknown = set(show) - {"trained", "predicted"}
    if unknown:
        raise InvalidDataError(f"show = {tuple(show)!r}: draw 'trained' and/or 'predicted' boundaries")
    if data.dim != 2:
        raise InvalidDataError(f"draw_comparison draws planar data; these data are {data.dim}-dimensional")
    view = _view_2d(data) if view is None else tuple(_as_q(v) for v in view)  # exact: predicted lines clip exactly
    fview = tuple(to_float(v) for v in view)
    x0, x1, y0, y1 = fview
    im = None
    if heatmap:
        n = 200
        cx = x0 + (x1 - x0) / n * (np.arange(n) + 0.5)
        cy = y0 + (y1 - y0) / n * (np.arange(n) + 0.5)
        gx, gy = np.meshgrid(cx, cy)
        Y = np.column_stack([gx.ravel(), gy.ravel()])
        mag = np.linalg.norm(net(Y) - h_star.evaluate_float(Y), axis=1).reshape(n, n)
        im = ax.imshow(mag, origin="lower", extent=(x0, x1, y0, y1), cmap="Greys", alpha=0.55,
                       interpolation="bilinear", zorder=0)
    handles = list(draw_planar_data(ax, data))

    colours = _direction_colours(len(c.predicted_directions))
    # predicted boundaries: dashed, black, exact clipping
    for k, u in enumerate(h_star.units if "predicted" in show else ()):
        seg = boundary_segment(u.w, u.b, view) if any(v != 0 for v in u.w) else None
        if seg is None:
            continue
        (p, q) = seg
        (line,) = ax.plot([to_float(p[0]), to_float(q[0])], [to_float(p[1]), to_float(q[1])], ls=(0, (4, 3)),
                          color="k", lw=1.1, zorder=5)
        line.set_gid(f"predicted {k + 1}")
    if "predicted" in show:
        handles.append(Line2D([], [], ls=(0, (4, 3)), color="k", lw=1.1,
                              label=rf"predicted $h^*$: boundaries $w \cdot y + b = 0$ ({len(h_star.units)} units)"))
    if "trained" not in show:
        return _finish(ax, fview, handles, im)
    handles.append(Line2D([], [], color="none",
                          label="trained $h$: boundaries $w_k \\cdot y + b_k = 0$, solid,\n"
                                r"width $\propto |a_k||w_k|$; share of the trained cost"))
    for i, (dirn, (_, s5)) in enumerate(zip(c.predicted_directions, c.direction_shares)):
        handles.append(Line2D([], [], color=colours[i], lw=MAX_LINE_WIDTH,
                              label=rf"within $5^\circ$ of $w^*$ at ${dirn.angle:.2f}^\circ$"
                                    + (f" (+{dirn.lines - 1} line{'s' if dirn.lines > 2 else ''})" if dirn.lines > 1 else "")
                                    + f", {dirn.aligned}: {100 * s5:.1f}%"))
    # trained boundaries: solid, width by cost share, colour of the predicted direction within 5 degrees
    shares = np.array(c.unit_shares) if c.unit_shares else np.zeros(net.width)
    top = float(shares.max()) if len(shares) else 0.0
    hidden, hidden_share, outside, outside_share = 0, 0.0, 0, 0.0
    nearest = _trained_nearest(c)
    for k in range(net.width):
        s = float(shares[k])
        w, b = net.W[k], net.b[k]
        if s <= 0 or not np.any(w != 0):
            continue
        if s < DRAW_MIN_SHARE:
            hidden, hidden_share = hidden + 1, hidden_share + s
            continue
        seg = boundary_segment((float(w[0]), float(w[1])), float(b), fview)
        if seg is None:
            outside, outside_share = outside + 1, outside_share + s
            continue
        (p, q) = seg
        i = nearest[k]
        colour = colours[i] if i >= 0 else "0.35"
        (line,) = ax.plot([p[0], q[0]], [p[1], q[1]], "-", color=colour, lw=max(MIN_LINE_WIDTH, MAX_LINE_WIDTH * s / top),
                          solid_capstyle="butt", zorder=4, alpha=0.8)
        line.set_gid(f"trained {k + 1}")
    handles.append(Line2D([], [], color="0.35", lw=1.2,
                          label=f"not within $5^\\circ$ of a predicted line: {100 * (1 - c.aligned_share_5deg):.1f}%"))
    if hidden or outside:
        parts = []
        if hidden:
            parts.append(f"{hidden} below {DRAW_MIN_SHARE:.1%} ({100 * hidden_share:.2g}%) not drawn")
        if outside:
            parts.append(f"{outside} outside the view ({100 * outside_share:.2g}%)")
        handles.append(Line2D([], [], color="none", label="trained units: " + "; ".join(parts)))
    return _finish(ax, fview, handles, im)


def _finish(ax, fview: tuple, handles: list, im) -> tuple:
    x0, x1, y0, y1 = fview
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xlabel("$y_1$")
    ax.set_ylabel("$y_2$")
    return handles, im


def _trained_nearest(c: Comparison) -> list:
    """Per trained unit, the predicted direction within 5 degrees of its line (-1 when none)."""
    return [i if i >= 0 and a <= ALIGN_DEGREES[1] else -1 for i, a in zip(c.unit_nearest, c.unit_angles)]


def _plot_1d(c: Comparison):
    import matplotlib.pyplot as plt
    import numpy as np

    data = c.data
    lo, hi = c.box[0]
    ys = np.linspace(lo, hi, 1001)
    fig, ax = plt.subplots(figsize=(8.0, 5.4), dpi=130)
    if data.setting == "online":
        r = to_float(data.radius)
        for k, x in enumerate(data.clean):
            ax.axvspan(to_float(x[0]) - r, to_float(x[0]) + r, color="tab:orange", alpha=0.18, lw=0,
                       label=r"balls $[x_n - \rho, x_n + \rho]$" if k == 0 else None)
    else:
        sx = [to_float(y[0]) for s in data.samples for y in s]
        sy = [to_float(x[0]) for x, s in zip(data.clean, data.samples) for _ in s]
        ax.plot(sx, sy, "o", ms=5, mfc="none", mec="tab:orange", label=r"samples $(y_{nm}, x_n)$")
    (a,) = ax.plot(ys, c.prediction.network.evaluate_float(ys), "--", color="k", lw=1.4, label=r"predicted $h^*(y)$")
    a.set_gid("predicted")
    (b,) = ax.plot(ys, c.network(ys), "-", color="tab:blue", lw=1.6, alpha=0.85, label="trained $h(y)$")
    b.set_gid("trained")
    ax.set_xlim(lo, hi)
    ax.set_xlabel("$y$")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7.5, loc="upper left")
    ax.set_title(_title_lines(c), fontsize=8)
    fig.tight_layout(rect=(0, _footnote(fig, c), 1, 1))
    return fig


def _plot_histogram(c: Comparison):
    import matplotlib.pyplot as plt
    import numpy as np

    angles = np.array(c.unit_angles, dtype=float)
    shares = np.array(c.unit_shares, dtype=float)
    ok = np.isfinite(angles) & (shares > 0)
    fig, ax = plt.subplots(figsize=(8.5, 5.2), dpi=130)
    edges = np.arange(0.0, 91.0, 1.0)
    ax.hist(angles[ok], bins=edges, weights=100 * shares[ok], color="tab:blue", alpha=0.85,
            label=r"trained cost share per $1^\circ$ bin")
    for deg, style in zip(ALIGN_DEGREES, (":", "--")):
        ax.axvline(deg, color="tab:red", ls=style, lw=1.2, label=rf"${deg:g}^\circ$")
    top = float(angles[ok].max()) if ok.any() else 0.0
    ax.set_xlim(0, min(90.0, max(10.0, math.ceil(top) + 2.0)))  # the whole range only when it is used
    ax.set_xlabel(r"angle between the line of $w_k$ and the nearest predicted line (degrees)")
    ax.set_ylabel(r"share of the trained cost $\sum_k |a_k||w_k|$ (%)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title(_title_lines(c), fontsize=8)
    fig.tight_layout(rect=(0, _footnote(fig, c), 1, 1))
    return fig
