"""Pictures of a denoiser (``symden plot``): matplotlib figures, imported only when a figure is drawn.

What is drawn depends on the dimension of the data:

* d = 1: the graph of h over the data (enlarged), the identity dashed, the clean points, the balls
  ``[x_n - rho, x_n + rho]`` (online, shaded) or the samples ``(y_nm, x_n)`` (offline), the kinks;
  optionally the empirical MMSE denoiser of the clean points at a noise level sigma.
  The graph is the polyline through the exact values at the view's ends and at every kink inside
  it, so it *is* h (a piecewise-linear function), up to the float rounding of each vertex.
* d = 2: the data (balls as circles, samples as points, clean points), every unit's ReLU boundary
  line ``w.y + b = 0`` clipped exactly to the view (width proportional to the unit's cost share
  ``|a||w|/R``, one colour per unit, the legend naming the data edge ``x_i x_j`` its ``w`` is
  parallel to or the facet it is normal to), and the displacement ``h(y) - y`` as a quiver or as a
  heat map of ``|h(y) - y|``.
* d >= 3: the alignment table as a bar chart of the cost share per unit, each bar labelled with
  what its ``w`` is aligned with.

The alignment of a closed form's units is the exact comparison of
:func:`symden.verify.multivariate.alignment_report` (the table ``symden derive`` prints); that of a
program's units is :func:`symden.explore.direction_groups` (float angles, display only, as
``symden explore`` prints). Every float here is display only (:func:`symden.exact.to_float`);
nothing is decided from a figure.

:func:`plot_denoiser` and :func:`plot_solution` return a matplotlib ``Figure`` (so that tests can
read back what was drawn); :func:`figure_bytes` renders it to PNG, PDF or SVG bytes, which the
command line hands to its atomic file writer.
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass
from typing import Optional

from gmpy2 import mpq

from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import ConditionError, InvalidDataError, UsageError
from symden.exact import exact_str, rationalize, to_float
from symden.network import COST_CONVENTION, ShallowNetwork
from symden.records import Solution, Standing, Status
from symden.rounding import interval_text

__all__ = ["FIGURE_FORMATS", "figure_format", "figure_bytes", "plot_denoiser", "plot_solution"]

#: file extensions :func:`figure_bytes` writes (matplotlib backends, all available under Agg)
FIGURE_FORMATS = ("png", "pdf", "svg")
#: the widest boundary line (points); the others are proportional to their cost share
MAX_LINE_WIDTH = 3.0
#: the thinnest drawn boundary line (points), so that a unit with a tiny share stays visible
MIN_LINE_WIDTH = 0.3
#: the legend names at most this many units (the costliest); the rest are summarised in one entry ...
LEGEND_UNITS = 8
#: ... and only units with at least this share of the cost
LEGEND_MIN_SHARE = 1e-3
#: arrows per side of the displacement quiver
QUIVER_SIDE = 15
#: an exact value longer than this is shown as ~ and 6 significant digits
SHORT = 32


def figure_format(path: str) -> str:
    """The format of ``path`` from its extension (``png``, ``pdf`` or ``svg``).

    >>> figure_format("out/fig.PDF")
    'pdf'

    Raises
    ------
    UsageError
        For any other extension (the message lists the supported ones).
    """
    ext = os.path.splitext(str(path))[1].lower().lstrip(".")
    if ext not in FIGURE_FORMATS:
        raise UsageError(f"{path}: unknown figure extension {('.' + ext) if ext else '(none)'}; "
                         f"use one of {', '.join('.' + f for f in FIGURE_FORMATS)}")
    return ext


def figure_bytes(fig, fmt: str) -> bytes:
    """Render a figure to bytes in ``fmt`` (PNG, PDF or SVG) and close it.

    PDF and SVG carry no creation date, so the same figure gives the same bytes.
    """
    import io

    import matplotlib
    import matplotlib.pyplot as plt

    if fmt not in FIGURE_FORMATS:
        raise UsageError(f"unknown figure format {fmt!r}; use one of {', '.join(FIGURE_FORMATS)}")
    buffer = io.BytesIO()
    metadata = {"Software": None} if fmt == "png" else {"Date": None} if fmt == "svg" else {"CreationDate": None}
    with matplotlib.rc_context({"svg.hashsalt": "symden"}):  # SVG ids from a fixed salt, not a random one
        fig.savefig(buffer, format=fmt, metadata=metadata)
    plt.close(fig)
    return buffer.getvalue()


# -- what is drawn ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Subject:
    """The network to draw and the words around it."""

    data: DataSet
    network: ShallowNetwork
    name: str
    symbol: str  # "h^*" for a minimiser, "h" otherwise (mathtext, without $)
    what: str  # the title's second line: which function and its cost
    unit_labels: tuple  # per unit, mathtext naming what its w is aligned with
    shares: tuple  # per unit, its float share of the network's cost (display)
    notes: tuple  # footnote lines


def _short(x) -> str:
    """``"= exact"`` when short, else ``"≈ 6 digits"`` (for a title)."""
    text = exact_str(x)
    return f"= {text}" if len(text) <= SHORT else f"\N{ALMOST EQUAL TO} {to_float(x):.6g}"


def _setting(data: DataSet) -> str:
    if data.setting == "online":
        return rf"online, $\rho = {exact_str(data.radius)}$"
    return f"offline, {sum(len(s) for s in data.samples)} samples"


def _shares(network: ShallowNetwork) -> tuple:
    costs = [u.cost_float() for u in network.units]
    total = sum(costs)
    return tuple(c / total if total else 0.0 for c in costs)


def _edge(i: int, j: int) -> str:
    return f"x_{{{i}}}x_{{{j}}}"


def _closed_form_labels(denoiser: Denoiser) -> tuple:
    """Per unit, from the exact alignment table: ``w_k || x_i x_j`` and/or ``w_k _|_`` its facet."""
    if denoiser.data.dim == 1:
        return tuple("" for _ in denoiser.network.units)
    from symden.verify import alignment

    d = denoiser.data.dim
    out = []
    for e in alignment(denoiser):
        parts = [rf"$\parallel {_edge(i, j)}$" for i, j in e.w_parallel_to_edges[:2]]
        for n in e.w_normal_to_facets:
            rest = [i for i in range(denoiser.data.size) if i != n]
            if d == 2 and len(rest) == 2:
                parts.append(rf"$\perp {_edge(*rest)}$ (facet opp. $x_{{{n}}}$)")
            else:
                parts.append(rf"$\perp$ facet opp. $x_{{{n}}}$")
        out.append(", ".join(parts) or "not aligned")
    return tuple(out)


def _program_labels(network: ShallowNetwork, clean: tuple) -> tuple:
    """Per unit, from :func:`symden.explore.direction_groups` (float angles within ALIGNED_DEGREES)."""
    if len(clean[0]) == 1:
        return tuple("" for _ in network.units)
    from symden.explore import ALIGNED_DEGREES, direction_groups

    labels = ["zero unit" for _ in network.units]
    for g in direction_groups(network, clean):
        parts = []
        if g.parallel_angle is not None and g.parallel_angle <= ALIGNED_DEGREES:
            parts.append(rf"$\parallel {_edge(*g.parallel)}$")
        if g.normal_angle is not None and g.normal_angle <= ALIGNED_DEGREES:
            parts.append(rf"$\perp {_edge(*g.normal)}$" if len(g.normal) == 2 else
                         "$\\perp$ plane $" + "".join(f"x_{{{i}}}" for i in g.normal) + "$")
        if not parts:  # the nearest alignment and its angle, so the reader sees how far off it is
            near = [(a, rf"$\parallel {_edge(*g.parallel)}$") for a in [g.parallel_angle] if a is not None]
            if g.normal_angle is not None:
                near.append((g.normal_angle, rf"$\perp {_edge(*g.normal)}$" if len(g.normal) == 2 else
                             "$\\perp$ plane $" + "".join(f"x_{{{i}}}" for i in g.normal) + "$"))
            parts = [f"not aligned (nearest {min(near)[1]} at {min(near)[0]:.2g}" + r"$^\circ$)"] if near else []
        text = ", ".join(parts) or "not aligned"
        for k in g.units:
            labels[k] = text
    return tuple(labels)


def _denoiser_subject(denoiser: Denoiser, name: Optional[str]) -> _Subject:
    symbol = "h^*" if denoiser.minimiser else "h"
    standing = {Standing.PROVED: "proved minimiser", Standing.CERTIFIED: "certified minimiser",
                Standing.UPPER_BOUND: "upper bound, not the minimiser"}[denoiser.standing]
    if denoiser.cost is not None:
        cost = rf"$R({symbol})$ {_short(denoiser.cost)}"
    else:
        lo, hi = denoiser.cost_interval
        cost = (f"best face-aligned cost in {interval_text(lo, hi, 8)}; this network costs "
                f"~{to_float(denoiser.network.cost()):.9g}")
    what = f"{denoiser.structure.value} closed form ${symbol}$ ({standing})\n{cost}"
    notes = (f"Closed form: {denoiser.theorem}."
             + (" Alignment: exact comparison of each unit's w with the data's edges and facets."
                if denoiser.data.dim > 1 else ""),)
    return _Subject(denoiser.data, denoiser.network, name or denoiser.data.name or "data", symbol, what,
                    _closed_form_labels(denoiser), _shares(denoiser.network), notes)


def _solution_subject(solution: Solution, name: Optional[str]) -> _Subject:
    if solution.network is None:
        raise ConditionError(f"the program found no interpolating network to plot ({solution.program}: "
                             f"{'; '.join(solution.notes) or solution.status.value})")
    network = solution.network.merged()
    lo, hi = solution.lower, solution.upper
    if solution.status is Status.PROVED and lo is not None and lo == hi:
        what = f"program ({solution.program})\nexact optimum $R(h^*)$ {_short(lo)}"
        symbol = "h^*"
    elif solution.status.holds and lo is not None and hi is not None:
        what = (f"program (certified interval {interval_text(lo, hi, 8)})\n"
                f"the exact network behind the upper end, {solution.program}")
        symbol = "h"
    else:
        what = (f"program ({solution.program}, {solution.status.value}, not certified)\n"
                f"a network costing ~{to_float(network.cost()):.9g}")
        symbol = "h"
    notes = ("Program network: units with identical (w, b) merged"
             + ("; alignment from float angles within 0.01 degrees (display, as symden explore)."
                if solution.data.dim > 1 else "."),)
    return _Subject(solution.data, network, name or solution.data.name or "data", symbol, what,
                    _program_labels(network, solution.data.clean), _shares(network), notes)


# -- figures ------------------------------------------------------------------------------------


def plot_denoiser(denoiser: Denoiser, *, sigma=None, heatmap: bool = False, name: Optional[str] = None):
    """A matplotlib figure of a closed-form denoiser (see the module docstring for what is drawn).

    Parameters
    ----------
    denoiser
        From :func:`symden.closed_forms.min_cost_denoiser`.
    sigma
        1-D only: also draw the empirical MMSE denoiser of the clean points at this exact noise level.
    heatmap
        2-D only: draw ``|h(y) - y|`` as a heat map instead of the displacement quiver.
    name
        The data's name in the title (default ``data.name``).

    Returns
    -------
    matplotlib.figure.Figure
        Boundary lines carry the gid ``"boundary k"`` (unit k, from 1), the 1-D graph ``"h"``.
    """
    return _plot(_denoiser_subject(denoiser, name), sigma=sigma, heatmap=heatmap)


def plot_solution(solution: Solution, *, sigma=None, heatmap: bool = False, name: Optional[str] = None):
    """A matplotlib figure of the network behind a program's certified interval (:func:`plot_denoiser` for the options)."""
    return _plot(_solution_subject(solution, name), sigma=sigma, heatmap=heatmap)


def _plot(subject: _Subject, *, sigma, heatmap: bool):
    import matplotlib

    matplotlib.use("Agg")
    d = subject.data.dim
    if sigma is not None and d != 1:
        raise InvalidDataError(f"--sigma draws the empirical MMSE denoiser of 1-D data; these data are {d}-dimensional")
    if heatmap and d != 2:
        raise InvalidDataError(f"--heatmap draws |h(y) - y| over the plane; these data are {d}-dimensional")
    if d == 1:
        return _plot_1d(subject, sigma)
    if d == 2:
        return _plot_2d(subject, heatmap)
    return _plot_table(subject)


def _title(fig, ax, subject: _Subject) -> None:
    data = subject.data
    ax.set_title(f"{subject.name}: {data.size} clean points in $\\mathbb{{R}}^{{{data.dim}}}$, {_setting(data)}\n"
                 f"{subject.what}", fontsize=9)


def _footnote(fig, subject: _Subject, extra: tuple = ()) -> float:
    """Write the footnote (6 pt) at the bottom; return the fraction of the figure's height it takes."""
    lines = []
    width = int(fig.get_figwidth() * 21)  # characters of 6 pt text per inch, with a margin
    for text in (f"Cost convention: {COST_CONVENTION}.",) + subject.notes + extra:
        lines += textwrap.wrap(text, width)
    fig.text(0.01, 0.01, "\n".join(lines), fontsize=6, color="0.3", va="bottom", ha="left")
    return (len(lines) * 6 * 1.3 + 8) / (fig.get_figheight() * 72) + 0.01


def _span(values, pad_min) -> tuple:
    lo, hi = min(values), max(values)
    pad = max((hi - lo) * mpq(3, 20), pad_min)
    return lo - pad, hi + pad


def _as_q(x) -> mpq:
    """A rational view coordinate near x (the view is a display choice; lines are clipped to it exactly)."""
    return x if isinstance(x, type(mpq(0))) else rationalize(to_float(x), max_denominator=10**6, name="view")


def _plot_1d(subject: _Subject, sigma):
    import matplotlib.pyplot as plt

    data, net = subject.data, subject.network
    h = net.to_pwl()
    clean = [_as_q(x[0]) for x in data.clean]
    points = list(clean)
    rho = _as_q(data.radius) if data.setting == "online" else mpq(0)
    if data.setting == "offline":
        points += [_as_q(y[0]) for s in data.samples for y in s]
    points += [_as_q(t) for t in h.knots]
    L, R = _span([p - rho for p in points] + [p + rho for p in points], mpq(1, 2))
    inner = [t for t in h.knots if L < t < R]
    xs = [L] + inner + [R]
    ys = h.values_at(xs)
    fx, fy = [to_float(x) for x in xs], [to_float(y) for y in ys]

    fig, ax = plt.subplots(figsize=(7.5, 5.2), dpi=130)
    ax.plot([fx[0], fx[-1]], [fx[0], fx[-1]], ls="--", color="0.55", lw=1, label="identity $y$")
    if data.setting == "online":
        for k, x in enumerate(clean):
            ax.axvspan(to_float(x - rho), to_float(x + rho), color="tab:orange", alpha=0.18, lw=0,
                       label=r"balls $[x_n - \rho, x_n + \rho]$" if k == 0 else None)
    else:
        sx = [to_float(y[0]) for s in data.samples for y in s]
        sy = [to_float(x[0]) for x, s in zip(data.clean, data.samples) for _ in s]
        ax.plot(sx, sy, "o", ms=6, mfc="none", mec="tab:orange", mew=1.3, label=r"samples $(y_{nm}, x_n)$")
    (line,) = ax.plot(fx, fy, "-", color="tab:blue", lw=1.8, label=f"${subject.symbol}(y)$")
    line.set_gid("h")
    if inner:
        kv = h.values_at(inner)
        ax.plot([to_float(t) for t in inner], [to_float(v) for v in kv], "v", ms=5, color="tab:blue",
                label=f"kinks ({len(inner)})")
    cf = [to_float(x) for x in clean]
    ax.plot(cf, cf, "o", ms=6, color="k", zorder=5, label="clean points $(x_n, x_n)$")
    extra = ()
    if sigma is not None:
        extra = (_emmse_curve(ax, data, sigma, fx[0], fx[-1]),)
    bottom = _footnote(fig, subject, extra)
    ax.set_xlim(fx[0], fx[-1])
    ax.set_xlabel("$y$")
    ax.set_ylabel(f"${subject.symbol}(y)$")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7.5, loc="upper left", framealpha=0.9)
    _title(fig, ax, subject)
    fig.tight_layout(rect=(0, bottom, 1, 1))
    return fig


def _emmse_curve(ax, data: DataSet, sigma, lo: float, hi: float) -> str:
    """Draw the empirical MMSE denoiser of the clean points at ``sigma``; return its footnote."""
    import mpmath

    from symden.exact import exact
    from symden.generalization import empirical_mmse

    s = exact(sigma, name="sigma")
    if not s > 0:
        raise InvalidDataError(f"sigma = {exact_str(s)}: must be positive")
    clean = [_as_q(x[0]) for x in data.clean]
    n = 400
    grid = [lo + (hi - lo) * i / (n - 1) for i in range(n)]
    with mpmath.workdps(20):
        vals = [float(empirical_mmse(clean, _as_q(s), mpmath.mpf(y))) for y in grid]
    ax.plot(grid, vals, "-", color="tab:green", lw=1.3,
            label=rf"empirical MMSE denoiser, $\sigma = {exact_str(s)}$")
    return (f"Empirical MMSE denoiser of the clean points: sum_n x_n exp(-(y - x_n)^2/(2 sigma^2)) / "
            f"sum_n exp(-(y - x_n)^2/(2 sigma^2)), sigma = {exact_str(s)} (docs/theory.md section 7; "
            f"evaluated at {n} points, floats).")


def draw_planar_data(ax, data) -> tuple:
    """Draw planar data into ``ax``: the balls (online) or the samples (offline), and the labelled clean
    points; returns the legend handles ``(clean points, balls or samples)``. Shared by every 2-D figure."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle

    if data.setting == "online":
        r = to_float(data.radius)
        for x in data.clean:
            ax.add_patch(Circle((to_float(x[0]), to_float(x[1])), r, facecolor="tab:orange", alpha=0.25,
                                edgecolor="tab:orange", lw=1, zorder=2))
        data_handle = Line2D([], [], marker="o", ls="none", ms=9, mfc=(1, 0.5, 0, 0.25), mec="tab:orange",
                             label=r"balls of radius $\rho$")
    else:
        sx = [to_float(y[0]) for s in data.samples for y in s]
        sy = [to_float(y[1]) for s in data.samples for y in s]
        ax.plot(sx, sy, ".", ms=3.5, color="tab:orange", zorder=2)
        data_handle = Line2D([], [], marker=".", ls="none", ms=6, color="tab:orange", label="samples $y_{nm}$")
    cx = [to_float(x[0]) for x in data.clean]
    cy = [to_float(x[1]) for x in data.clean]
    ax.plot(cx, cy, "o", ms=5, color="k", zorder=6)
    for k, (a, b) in enumerate(zip(cx, cy)):
        ax.annotate(f"$x_{{{k}}}$", (a, b), xytext=(6, 6), textcoords="offset points", fontsize=10, zorder=7)
    clean_handle = Line2D([], [], marker="o", ls="none", ms=5, color="k", label="clean points $x_n$")
    return clean_handle, data_handle


def _view_2d(data: DataSet) -> tuple:
    """The exact rational view ``(x0, x1, y0, y1)``: the data and balls, enlarged, as a square."""
    pts = [tuple(_as_q(v) for v in x) for x in data.clean]
    rho = _as_q(data.radius) if data.setting == "online" else mpq(0)
    if data.setting == "offline":
        pts += [tuple(_as_q(v) for v in y) for s in data.samples for y in s]
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1 = _span([x - rho for x in xs] + [x + rho for x in xs], mpq(1, 2))
    y0, y1 = _span([y - rho for y in ys] + [y + rho for y in ys], mpq(1, 2))
    side = max(x1 - x0, y1 - y0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - side / 2, cx + side / 2, cy - side / 2, cy + side / 2


def boundary_segment(w: tuple, b, view: tuple) -> Optional[tuple]:
    """The part of the line ``w.y + b = 0`` inside the closed box ``view = (x0, x1, y0, y1)``, exactly.

    Returns the two exact end points (the farthest apart of the line's meeting points with the
    box's sides), or None when the line misses the box or ``w = 0``.

    >>> boundary_segment((mpq(1), mpq(0)), mpq(-1, 2), (mpq(0), mpq(1), mpq(0), mpq(1)))
    ((mpq(1,2), mpq(0,1)), (mpq(1,2), mpq(1,1)))
    """
    x0, x1, y0, y1 = view
    w1, w2 = w
    found = []
    if w2 != 0:
        for x in (x0, x1):
            y = -(b + w1 * x) / w2
            if y0 <= y <= y1:
                found.append((x, y))
    if w1 != 0:
        for y in (y0, y1):
            x = -(b + w2 * y) / w1
            if x0 <= x <= x1:
                found.append((x, y))
    if len(found) < 2:
        return None
    best, far = None, None
    for i in range(len(found)):
        for j in range(i + 1, len(found)):
            p, q = found[i], found[j]
            dist = (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2
            if far is None or dist > far:
                best, far = (p, q), dist
    return None if far == 0 else best


def _colours(shares: tuple) -> list:
    """One colour per unit: tab10's ten strong colours to the costliest units, tab20's pale ones after."""
    import matplotlib

    strong, pale = matplotlib.colormaps["tab10"], matplotlib.colormaps["tab20"]
    rank = sorted(range(len(shares)), key=lambda k: -shares[k])
    out = [None] * len(shares)
    for r, k in enumerate(rank):
        out[k] = strong(r) if r < 10 else pale(2 * ((r - 10) % 10) + 1)
    return out


def _line_widths(shares: tuple) -> list:
    top = max(shares, default=0.0)
    return [max(MIN_LINE_WIDTH, MAX_LINE_WIDTH * s / top) if top else MIN_LINE_WIDTH for s in shares]


def _plot_2d(subject: _Subject, heatmap: bool):
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.lines import Line2D

    data, net = subject.data, subject.network
    view = _view_2d(data)
    x0, x1, y0, y1 = (to_float(v) for v in view)
    fig, ax = plt.subplots(figsize=(9.5, 6.4), dpi=130)

    # displacement h(y) - y: a quiver on a coarse grid, or |h(y) - y| as a heat map
    if heatmap:
        n = 240
        # evaluated at the pixel centres (imshow's extent is the pixels' outer edges)
        cx = x0 + (x1 - x0) / n * (np.arange(n) + 0.5)
        cy = y0 + (y1 - y0) / n * (np.arange(n) + 0.5)
        gx, gy = np.meshgrid(cx, cy)
        Y = np.column_stack([gx.ravel(), gy.ravel()])
        mag = np.linalg.norm(net.evaluate_float(Y) - Y, axis=1).reshape(n, n)
        im = ax.imshow(mag, origin="lower", extent=(x0, x1, y0, y1), cmap="Greys", alpha=0.85,
                       interpolation="bilinear", zorder=0)
        bar = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
        bar.set_label(r"$\|h(y) - y\|$")
    else:
        n = QUIVER_SIDE
        step = (x1 - x0) / n
        gx, gy = np.meshgrid(x0 + step * (np.arange(n) + 0.5), y0 + step * (np.arange(n) + 0.5))
        Y = np.column_stack([gx.ravel(), gy.ravel()])
        D = net.evaluate_float(Y) - Y
        norms = np.linalg.norm(D, axis=1)
        top = float(norms.max())
        if top > 0:
            scale = top / (0.9 * step)  # the longest arrow is 0.9 grid steps
            q = ax.quiver(Y[:, 0], Y[:, 1], D[:, 0], D[:, 1], angles="xy", scale_units="xy", scale=scale,
                          color="0.45", width=0.0028, headwidth=4, headlength=4.5, zorder=1)
            key = float(f"{top:.1g}")
            ax.quiverkey(q, 1.04, 0.04, key, "$h(y) - y$, arrows scaled;\n" rf"this one: $\|h(y)-y\| = {key:g}$",
                         labelpos="E", coordinates="axes", fontproperties={"size": 7.5})

    clean_handle, data_handle = draw_planar_data(ax, data)

    # every unit's ReLU boundary w.y + b = 0
    colours, widths = _colours(subject.shares), _line_widths(subject.shares)
    handles, outside = [], []
    for k, u in enumerate(net.units):
        seg = boundary_segment(u.w, u.b, view) if any(v != 0 for v in u.w) else None
        label = f"unit {k + 1} ({100 * subject.shares[k]:.1f}%): $w_{{{k + 1}}}$ {subject.unit_labels[k]}"
        if seg is None:
            outside.append(k + 1)
            (line,) = ax.plot([], [], color=colours[k], lw=widths[k], label=label + " (outside the view)")
        else:
            (p, q) = seg
            (line,) = ax.plot([to_float(p[0]), to_float(q[0])], [to_float(p[1]), to_float(q[1])],
                              color=colours[k], lw=widths[k], solid_capstyle="butt", zorder=4, label=label)
        line.set_gid(f"boundary {k + 1}")
        handles.append((subject.shares[k], line))
    top = set(k for k in sorted(range(len(handles)), key=lambda k: -handles[k][0])[:LEGEND_UNITS]
              if handles[k][0] >= LEGEND_MIN_SHARE)
    shown = [ln for k, (_, ln) in enumerate(handles) if k in top]  # in unit order
    if len(top) < len(handles):
        rest = [h for k, h in enumerate(handles) if k not in top]
        shown.append(Line2D([], [], color="0.6", lw=MIN_LINE_WIDTH,
                            label=f"{len(rest)} more units, together {100 * sum(s for s, _ in rest):.2g}% of the cost"))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xlabel("$y_1$")
    ax.set_ylabel("$y_2$")
    ax.legend(handles=[clean_handle, data_handle] + shown, fontsize=7.5, loc="upper left",
              bbox_to_anchor=(1.02 if not heatmap else 1.16, 1.0), borderaxespad=0,
              title=r"ReLU boundaries $w_k \cdot y + b_k = 0$" "\n" r"(width $\propto$ cost share $|a_k||w_k|/R$)",
              title_fontsize=7.5)
    _title(fig, ax, subject)
    fig.tight_layout(rect=(0, _footnote(fig, subject), 1, 1))
    return fig


def _plot_table(subject: _Subject):
    import matplotlib.pyplot as plt

    net = subject.network
    n = len(net.units)
    colours = _colours(subject.shares)
    fig, ax = plt.subplots(figsize=(8.5, 1.6 + 0.42 * n), dpi=130)
    rows = list(range(n))[::-1]  # unit 1 at the top
    shares = [100 * s for s in subject.shares]
    ax.barh(rows, shares, color=colours, height=0.6)
    ax.set_yticks(rows, [f"unit {k + 1}: $w_{{{k + 1}}}$ {subject.unit_labels[k]}" for k in range(n)], fontsize=8)
    for r, s in zip(rows, shares):
        ax.text(s, r, f" {s:.2f}%", va="center", fontsize=7.5)
    ax.set_xlim(0, max(shares + [1]) * 1.18)
    ax.set_xlabel(r"cost share $|a_k|\,|w_k| / R$ (%)")
    ax.grid(True, axis="x", alpha=0.3)
    _title(fig, ax, subject)
    fig.tight_layout(rect=(0, _footnote(fig, subject), 1, 1))
    return fig
