"""Printers for the generalisation study (:mod:`symden.generalization`): text, JSON and a PNG plot.

``text_study`` and ``json_study`` print the MSEs with their error bars (decimal strings) and every
exact value exactly; ``plot_study`` imports matplotlib, and only when called.
"""

from __future__ import annotations

from typing import BinaryIO, Union

import mpmath

from symden.exact import exact_str
from symden.generalization import MIN_COST_SETTING, GeneralizationStudy
from symden.printing.text import text_table
from symden.reference import cite

__all__ = ["text_study", "json_study", "plot_study"]


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


def plot_study(study: GeneralizationStudy, target: Union[str, BinaryIO]) -> None:
    """Write a PNG of both MSE curves against sigma (log-log), crossover marked, to a path or a binary file.

    matplotlib is imported here only (Agg backend); the command line renders into memory and writes
    the bytes with its atomic file writer.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    f = lambda q: float(q)  # display only
    sig = [f(r.sigma) for r in study.rows]
    em = [float(r.emmse.mid) for r in study.rows]
    mc = [(f(r.sigma), float(r.min_cost.mid)) for r in study.rows if r.min_cost is not None]
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    ax.plot(sig, em, "o-", color="tab:blue", label="empirical MMSE denoiser")
    if mc:
        ax.plot([a for a, _ in mc], [b for _, b in mc], "s-", color="tab:red",
                label=f"min-cost denoiser (rho = {exact_str(study.alpha)} sigma)")
    lim = f(study.limit_emmse)
    if lim > 0:
        ax.axhline(lim, color="tab:blue", ls=":", lw=1, label=f"E min |x - x_n|^2 = {exact_str(study.limit_emmse)}")
    c = study.crossover
    if c.kind == "crossing":
        xc = (f(c.lo) * f(c.hi)) ** 0.5
        ax.axvline(xc, color="k", ls="--", lw=1, label=f"crossover sigma ~ {xc:.4g}")
    if study.max_sigma_min_cost is not None and study.max_sigma_min_cost < study.rows[-1].sigma:
        ax.axvspan(f(study.max_sigma_min_cost), sig[-1], color="0.9", label="no min-cost denoiser (balls overlap)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("noise level sigma")
    ax.set_ylabel("test MSE  E|h(x + e) - x|^2")
    ax.set_title(f"test distribution {study.test.spec}; {len(study.clean)} training points", fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(target, format="png")
    plt.close(fig)
