"""Printers for the generalisation study (:mod:`symden.generalization`): text, JSON and a PNG plot.

``text_study`` and ``json_study`` print the MSEs with their error bars (decimal strings) and every
exact value exactly; ``plot_study`` (PNG, PDF or SVG) imports matplotlib, and only when called.
"""

from __future__ import annotations

from typing import BinaryIO, Union

import mpmath

from symden.exact import exact_str
from symden.generalization import MIN_COST_SETTING, GeneralizationStudy
from symden.printing.text import text_table
from symden.reference import cite

__all__ = ["text_study", "json_study", "plot_study", "plot_study_figure"]


def _bar(bar, digits: int) -> str:
    if bar is None:
        return "no min-cost denoiser (balls overlap)"
    return f"{mpmath.nstr(bar.mid, digits)} +- {mpmath.nstr(bar.radius, 2)}"


def _crossover_text(study: GeneralizationStudy) -> str:
    c = study.crossover
    if c.kind == "crossing":
        how = "refined by bisection on the sign of the difference" if c.refined else "bracketed between grid points"
        mid = mpmath.sqrt(mpmath.mpf(float(c.lo)) * float(c.hi))
        return (f"crossover: sigma in [{mpmath.nstr(mpmath.mpf(c.lo.numerator) / c.lo.denominator, 10)}, "
                f"{mpmath.nstr(mpmath.mpf(c.hi.numerator) / c.hi.denominator, 10)}] (~{mpmath.nstr(mid, 6)}), {how}"
                + (f"; {c.note}" if c.note else ""))
    if c.kind == "none":
        return f"crossover: none on this grid ({c.note})"
    return f"crossover: none below the grid ({c.note}; sigma = {exact_str(c.hi)})"


def text_study(study: GeneralizationStudy) -> str:
    """The plain-text table, crossover and verdict."""
    show = min(study.digits, 12)
    lines = [
        f"generalization: test MSE of the min-cost denoiser vs the empirical MMSE denoiser ({cite('7')})",
        f"{MIN_COST_SETTING}; alpha = {exact_str(study.alpha)}",
        f"training points: {', '.join(exact_str(x) for x in study.clean)}",
        f"test distribution: {study.test.spec}; noise N(0, sigma^2)",
        f"error bars: min-cost {study.rows[0].min_cost.kind if any(r.min_cost for r in study.rows) else 'n/a'}; "
        f"eMMSE {study.rows[0].emmse.kind}",
        f"sigma -> 0 limits: eMMSE -> E min_n |x - x_n|^2 = {exact_str(study.limit_emmse)}"
        + ("" if study.limit_emmse.denominator == 1 else
           f" = {mpmath.nstr(mpmath.mpf(study.limit_emmse.numerator) / study.limit_emmse.denominator, 10)}")
        + "; min-cost -> 0",
    ]
    if study.max_sigma_min_cost is not None:
        lines.append(f"the min-cost denoiser exists for sigma < min gap/(2 alpha) = {exact_str(study.max_sigma_min_cost)}")
    lines.append("")
    head = ("sigma", "rho", "MSE min-cost", "MSE eMMSE", "ratio", "lower")
    rows = []
    for r in study.rows:
        rows.append((
            mpmath.nstr(mpmath.mpf(r.sigma.numerator) / r.sigma.denominator, 6),
            mpmath.nstr(mpmath.mpf(r.rho.numerator) / r.rho.denominator, 6),
            _bar(r.min_cost, show),
            _bar(r.emmse, show),
            "-" if r.ratio is None else mpmath.nstr(r.ratio, 6),
            r.order,
        ))
    lines.append(text_table([head] + rows, "  "))
    lines += ["", _crossover_text(study), f"claim 'min-cost has lower test MSE below the crossover': "
              f"{study.verdict.status.value.upper()}: {study.verdict.detail}"]
    return "\n".join(lines)


def _num(v):
    return None if v is None else mpmath.nstr(v, 20)


def json_study(study: GeneralizationStudy) -> dict:
    """A JSON-ready dict (exact values as strings, MSEs as decimal strings with their bars)."""
    c = study.crossover
    return {
        "setting": MIN_COST_SETTING,
        "alpha": exact_str(study.alpha),
        "clean": [exact_str(x) for x in study.clean],
        "test_distribution": study.test.spec,
        "digits": study.digits,
        "limit_emmse": exact_str(study.limit_emmse),
        "max_sigma_min_cost": None if study.max_sigma_min_cost is None else exact_str(study.max_sigma_min_cost),
        "rows": [
            {
                "sigma": exact_str(r.sigma),
                "rho": exact_str(r.rho),
                "min_cost_mse": None if r.min_cost is None else {"value": _num(r.min_cost.mid), "error": _num(r.min_cost.radius), "kind": r.min_cost.kind},
                "min_cost_note": "no min-cost denoiser (balls overlap)" if r.min_cost is None else None,
                "emmse_mse": {"value": _num(r.emmse.mid), "error": _num(r.emmse.radius), "kind": r.emmse.kind},
                "ratio": _num(r.ratio),
                "lower": r.order,
            }
            for r in study.rows
        ],
        "crossover": {"kind": c.kind, "lo": None if c.lo is None else exact_str(c.lo),
                      "hi": None if c.hi is None else exact_str(c.hi), "refined": c.refined, "note": c.note},
        "verdict": {"name": study.verdict.name, "status": study.verdict.status.value, "detail": study.verdict.detail,
                    "reference": study.verdict.reference},
    }


#: the plot's y axis spans at most this many decades below its largest value; smaller values are
#: drawn as triangles on the lower edge and counted in the legend (a log axis cannot show them all)
CLIP_DECADES = 8


def plot_study_figure(study: GeneralizationStudy):
    """A matplotlib figure of both MSE curves against sigma (log-log), returned for saving or inspection.

    * each MSE with its error bar (min-cost: rigorous enclosure; eMMSE: quadrature estimate); bars
      narrower than the markers are stated in the footnote with their largest relative half-width;
    * the crossover (where the min-cost denoiser stops being lower, as the study located it): the
      bracket ``[lo, hi]`` shaded and its geometric midpoint as a dashed line with a star on it; when the
      eMMSE is already lower at the smallest sigma, or no crossing is on the grid, the legend says so;
    * the noise levels where the min-cost denoiser does not exist (balls overlap) shaded;
    * values more than :data:`CLIP_DECADES` decades below the largest are clipped: drawn as
      triangles on the lower edge (their gid ``"clipped"``), counted in the legend.

    Lines carry gids ``"emmse"`` and ``"min-cost"`` (the error-bar containers' data lines).
    """
    import matplotlib

    matplotlib.use("Agg")
    import textwrap

    import matplotlib.pyplot as plt

    f = lambda q: float(q)  # display only
    rows = study.rows
    sig = [f(r.sigma) for r in rows]
    em = [(f(r.sigma), float(r.emmse.mid), float(r.emmse.radius)) for r in rows]
    mc = [(f(r.sigma), float(r.min_cost.mid), float(r.min_cost.radius)) for r in rows if r.min_cost is not None]
    values = [v for _, v, _ in em + mc if v > 0]
    top = max(float(b.mid + b.radius) for r in rows for b in (r.emmse, r.min_cost) if b is not None)
    floor = max(min(values) / 2, top * 10.0 ** -CLIP_DECADES)
    ymax = top * 2

    fig, ax = plt.subplots(figsize=(7.5, 5), dpi=130)
    clipped_total = 0
    for series, colour, marker, label, gid in (
            (em, "tab:blue", "o", "empirical MMSE denoiser", "emmse"),
            (mc, "tab:red", "s", rf"min-cost denoiser ($\rho = {'' if study.alpha == 1 else exact_str(study.alpha)}\,\sigma$)",
             "min-cost")):
        if not series:
            continue
        shown = [(x, v, e) for x, v, e in series if v >= floor]
        clipped = [x for x, v, _ in series if v < floor]
        clipped_total += len(clipped)
        if shown:
            cont = ax.errorbar([x for x, _, _ in shown], [v for _, v, _ in shown],
                               yerr=[[min(e, v - floor * 0.999) for _, v, e in shown], [e for _, _, e in shown]],
                               fmt=marker + "-", color=colour, ms=5, capsize=3, lw=1.4, label=label)
            cont.lines[0].set_gid(gid)
        if clipped:
            (tri,) = ax.plot(clipped, [floor] * len(clipped), "v", color=colour, ms=8, clip_on=False, zorder=5)
            tri.set_gid("clipped")
    if clipped_total:
        ax.plot([], [], "v", color="0.4", ms=7,
                label=f"clipped: {clipped_total} value{'s' if clipped_total > 1 else ''} below {floor:.1e} "
                      f"({CLIP_DECADES} decades under the top)")
    lim = f(study.limit_emmse)
    if lim > 0:
        ax.axhline(lim, color="tab:blue", ls=":", lw=1,
                   label=rf"$\sigma \to 0$: $\mathbb{{E}}\,\min_n|x - x_n|^2 = {exact_str(study.limit_emmse)}$")
    c = study.crossover
    if c.kind == "crossing":
        lo, hi = f(c.lo), f(c.hi)
        xc = (lo * hi) ** 0.5
        ax.axvspan(lo, hi, color="k", alpha=0.12, lw=0)
        ax.axvline(xc, color="k", ls="--", lw=1)
        # the star sits on the eMMSE curve, interpolated log-log between the grid points around xc
        import math

        pts = [(x, v) for x, v, _ in em]
        yc = None
        for (xa, va), (xb, vb) in zip(pts, pts[1:]):
            if xa <= xc <= xb:
                t = (math.log(xc) - math.log(xa)) / (math.log(xb) - math.log(xa))
                yc = math.exp(math.log(va) + t * (math.log(vb) - math.log(va)))
        how = "refined by bisection" if c.refined else "bracketed by the grid"
        digits = next((k for k in range(4, 13) if f"{lo:.{k}g}" != f"{hi:.{k}g}"), 12)
        ax.plot([xc], [yc if yc is not None else lim or floor], "*", color="k", ms=12, zorder=6,
                label=rf"crossover $\sigma \in [{lo:.{digits}g}, {hi:.{digits}g}]$ ({how})")
    elif c.kind == "at-start":
        ax.plot([], [], " ", label=rf"no crossover: eMMSE not beaten at the smallest $\sigma$")
    else:
        ax.plot([], [], " ", label="no crossover on this grid" + (" (min-cost lower wherever it exists)" if mc else ""))
    if study.max_sigma_min_cost is not None and study.max_sigma_min_cost < rows[-1].sigma:
        ax.axvspan(f(study.max_sigma_min_cost), sig[-1], color="0.9", lw=0, zorder=0,
                   label=rf"no min-cost denoiser (balls overlap): $\sigma \geq {exact_str(study.max_sigma_min_cost)}$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(floor, ymax)
    ax.set_xlabel(r"noise level $\sigma$")
    ax.set_ylabel(r"test MSE  $\mathbb{E}\,|h(x+e)-x|^2$,  $e \sim N(0, \sigma^2)$")
    ax.set_title(f"test distribution {study.test.spec}; {len(study.clean)} training points", fontsize=10)
    ax.grid(True, which="major", alpha=0.35)
    ax.grid(True, which="minor", alpha=0.1)
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda k: not labels[k].startswith(("empirical MMSE", "min-cost denoiser")))
    ax.legend([handles[k] for k in order], [labels[k] for k in order], fontsize=7.5, loc="best", framealpha=0.92)

    def widest(bars):
        return max((float(b.radius / b.mid) for b in bars if b is not None and b.mid > 0), default=0.0)

    kinds = []
    for what, bars in (("min-cost", [r.min_cost for r in rows]), ("eMMSE", [r.emmse for r in rows])):
        bars = [b for b in bars if b is not None]
        if bars:
            kinds.append(f"{what}: {bars[0].kind}, largest relative half-width {widest(bars):.1e}")
    note = ("Error bars: " + "; ".join(kinds) + ". Bars narrower than the markers are drawn but not visible. "
            + f"Crossover as located by the study ({cite('7')}).")
    fig.text(0.01, 0.01, "\n".join(textwrap.wrap(note, int(fig.get_figwidth() * 21))), fontsize=6, color="0.3",
             va="bottom", ha="left")
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


def plot_study(study: GeneralizationStudy, target: Union[str, BinaryIO], *, fmt: str = "png") -> None:
    """Write :func:`plot_study_figure` to a path or a binary file, as PNG, PDF or SVG (``fmt``).

    matplotlib is imported here only (Agg backend); the command line renders into memory and writes
    the bytes with its atomic file writer.
    """
    from symden.printing.plot import figure_bytes

    data = figure_bytes(plot_study_figure(study), fmt)
    if isinstance(target, (str, bytes)) or hasattr(target, "__fspath__"):
        with open(target, "wb") as handle:
            handle.write(data)
    else:
        target.write(data)
