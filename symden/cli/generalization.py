"""``symden generalization``: the min-cost vs the empirical MMSE denoiser's test MSE (docs/theory.md section 7).

The mathematics is :mod:`symden.generalization`, the printers :mod:`symden.printing.generalization`.
Exit codes: 0 the comparison was made (its verdict is evidence: the eMMSE bars are quadrature estimates),
3 inconclusive (overlapping bars), 2 bad input.
"""

from __future__ import annotations

import argparse

from symden.cli.main import Outcome, status_exit
from symden.errors import InvalidDataError
from symden.reference import cite

__all__ = ["add_parsers", "generalization"]

_FILE_NOTE = "FILE: a symden data file; only its 1-D clean points are used (a radius or samples in it are ignored)"


def _parse_grid(text: str) -> tuple:
    """``a:b:n`` -> :func:`~symden.generalization.sigma_grid` ``(a, b, n)``."""
    from symden.generalization import sigma_grid

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
        raise InvalidDataError(f"--sigma {text!r}: {exc}") from None


def generalization(args: argparse.Namespace) -> Outcome:
    """Run the study, print it (and render the plot, if asked); the exit code follows the verdict."""
    import json

    from symden.data import read_dataset
    from symden.generalization import DEFAULT_ALPHA, generalization_study, parse_test_distribution
    from symden.printing.generalization import plot_study, json_study, text_study

    if args.plot:
        from symden.printing.plot import figure_format

        fmt = figure_format(args.plot)  # before the study: an unknown extension costs nothing
    data = read_dataset(args.file)
    if data.dim != 1:
        raise InvalidDataError(f"{args.file}: the generalization command needs 1-D clean points; these have dimension {data.dim}")
    test = parse_test_distribution(args.test_distribution)
    sigmas = _parse_grid(args.sigma)
    alpha = DEFAULT_ALPHA if args.alpha is None else args.alpha
    study = generalization_study(data, test, sigmas, alpha=alpha, digits=args.digits)
    files = ()
    if args.plot:
        import io

        png = io.BytesIO()
        plot_study(study, png, fmt=fmt)
        files = ((args.plot, png.getvalue()),)
    if args.format == "json":
        doc = json_study(study)
        if args.plot:
            doc["plot"] = args.plot
        text = json.dumps(doc, indent=2)
    else:
        text = text_study(study) + (f"\nplot written to {args.plot}" if args.plot else "")
    return Outcome(status_exit([study.verdict.status]), text, files)


def _epilog() -> str:
    from symden.generalization import SPEC_HELP

    return SPEC_HELP + ". Exit codes: 0 compared (evidence: the eMMSE bars are estimates), 3 inconclusive, 2 bad input."


def add_parsers(sub) -> None:
    """Register ``generalization`` (its epilog, quoting the library's SPEC help, is built only for --help)."""
    p = sub.add_parser(
        "generalization",
        help="test MSE of the min-cost vs the empirical MMSE denoiser against the noise level (1-D)",
        description="Compare the test MSE of the min-cost denoiser (online 1-D closed form, rho = alpha*sigma) "
        "with the empirical MMSE denoiser of the training points, on a log-spaced sigma grid; locate the "
        f"crossover and check that the min-cost denoiser is lower below it ({cite('7')}). " + _FILE_NOTE + ".",
        epilog=_epilog,
    )
    p.add_argument("file", metavar="FILE", help="data file (JSON) or - ; only the 1-D clean points are used")
    p.add_argument("--test-distribution", required=True, metavar="SPEC",
                   help="uniform:A:B | points:X1,X2,... | piecewise:A1:B1:W1,A2:B2:W2,... (Wi relative densities)")
    p.add_argument("--sigma", required=True, metavar="a:b:n", help="n log-spaced noise levels from a to b")
    p.add_argument("--alpha", metavar="A",
                   help="rho = alpha*sigma for the min-cost denoiser (default 1: ball radius = noise std)")
    p.add_argument("--digits", type=int, default=10, metavar="D", help="requested precision of each MSE (default 10)")
    p.add_argument("--plot", metavar="OUT.{png,pdf,svg}",
                   help="write a plot (matplotlib, Agg backend); the extension picks PNG, PDF or SVG")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=generalization, decides="the generalisation study on {file}")
