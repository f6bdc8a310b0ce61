"""The ``symden generalization`` subcommand: parsing, printing and exit codes only.

The mathematics lives in :mod:`symden.generalization` (THEORY.md section 7). Exit codes follow
:mod:`symden.cli`: 0 the low-noise claim is certified, 3 inconclusive, 1 refuted, 2 bad input.
"""

from __future__ import annotations

import argparse
import json

import mpmath

from symden.errors import InvalidDataError
from symden.exact import exact_str
from symden.generalization import (
    DEFAULT_ALPHA,
    MIN_COST_SETTING,
    SPEC_HELP,
    GeneralizationStudy,
    generalization_study,
    parse_test_distribution,
    sigma_grid,
)
from symden.printing.text import text_table
from symden.verify.verdict import Status

__all__ = ["add_parser", "run_generalization", "text_study", "study_to_json", "plot_study"]

_EXIT = {Status.PROVED: 0, Status.CERTIFIED: 0, Status.INCONCLUSIVE: 3, Status.REFUTED: 1}

FILE_NOTE = "FILE: a symden data file; only its 1-D clean points are used (a radius or samples in it are ignored)"


def _parse_grid(text: str) -> tuple:
    parts = text.split(":")
    if len(parts) != 3:
        raise InvalidDataError(f"--sigma {text!r}: expected a:b:n (n log-spaced noise levels from a to b)")
    try:
        n = int(parts[2])
    except ValueError:
        raise InvalidDataError(f"--sigma {text!r}: n = {parts[2]!r} is not an integer") from None
    try:
        return sigma_grid(parts[0], parts[1], n)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, InvalidDataError):
            raise InvalidDataError(f"--sigma {text!r}: {exc}") from None
        raise InvalidDataError(f"--sigma {text!r}: {exc}") from None


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
        "generalization: test MSE of the min-cost denoiser vs the empirical MMSE denoiser (THEORY.md section 7)",
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


def study_to_json(study: GeneralizationStudy) -> dict:
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
        "verdict": {"name": study.verdict.name, "status": study.verdict.status.value, "detail": study.verdict.detail},
    }


def plot_study(study: GeneralizationStudy, path: str) -> None:
    """Write a PNG: both MSE curves against sigma (log-log), crossover marked. matplotlib is imported here only."""
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
    fig.savefig(path)
    plt.close(fig)


def run_generalization(args: argparse.Namespace) -> int:
    """Handler: run the study, print it, plot it if asked; exit code from the verdict."""
    from symden.data import read_dataset

    data = read_dataset(args.file)
    if data.dim != 1:
        raise InvalidDataError(f"{args.file}: the generalization command needs 1-D clean points; these have dimension {data.dim}")
    test = parse_test_distribution(args.test_distribution)
    sigmas = _parse_grid(args.sigma)
    study = generalization_study(data, test, sigmas, alpha=args.alpha, digits=args.digits)
    if args.format == "json":
        out = study_to_json(study)
        if args.plot:
            out["plot"] = args.plot
        print(json.dumps(out, indent=2))
    else:
        print(text_study(study))
    if args.plot:
        plot_study(study, args.plot)
        if args.format != "json":
            print(f"plot written to {args.plot}")
    return _EXIT[study.verdict.status]


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``generalization`` on the main parser's subparsers."""
    p = subparsers.add_parser(
        "generalization",
        help="test MSE of the min-cost vs the empirical MMSE denoiser against the noise level (1-D)",
        description="Compare the test MSE of the min-cost denoiser (online 1-D closed form, rho = alpha*sigma) "
        "with the empirical MMSE denoiser of the training points, on a log-spaced sigma grid; locate the "
        "crossover and check that the min-cost denoiser is lower below it (THEORY.md section 7). "
        + FILE_NOTE + ".",
        epilog=SPEC_HELP + ". Exit codes: 0 claim certified, 3 inconclusive, 1 refuted, 2 bad input.",
    )
    p.add_argument("file", metavar="FILE", help="data file (JSON) or - ; only the 1-D clean points are used")
    p.add_argument("--test-distribution", required=True, metavar="SPEC",
                   help="uniform:A:B | points:X1,X2,... | piecewise:A1:B1:W1,A2:B2:W2,... (Wi relative densities)")
    p.add_argument("--sigma", required=True, metavar="a:b:n", help="n log-spaced noise levels from a to b")
    p.add_argument("--alpha", default=str(DEFAULT_ALPHA), metavar="A",
                   help="rho = alpha*sigma for the min-cost denoiser (default 1: ball radius = noise std)")
    p.add_argument("--digits", type=int, default=10, metavar="D", help="requested precision of each MSE (default 10)")
    p.add_argument("--plot", metavar="OUT.png", help="write a PNG plot (matplotlib, Agg backend)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run_generalization)
    return p
