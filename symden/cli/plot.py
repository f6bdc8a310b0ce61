"""``symden plot``: a picture of the min-cost denoiser (matplotlib, imported by this command only).

The closed form of :func:`symden.closed_forms.min_cost_denoiser` when one applies; otherwise (or with
``--program``) the exact network behind the convex program's certified interval
(:func:`symden.verify.numeric.solve_program`). The figure is rendered in memory and written by the
command line's atomic file writer: an unknown extension, bad data or an unwritable path exits 2
with one line on stderr and writes nothing.
"""

from __future__ import annotations

import argparse

from symden.cli.main import EXIT_OK, Outcome

__all__ = ["add_parsers", "plot"]


def plot(args: argparse.Namespace) -> Outcome:
    """Draw the denoiser of the data file into ``--out`` (PNG, PDF or SVG, by its extension)."""
    import os

    from symden.data import read_dataset
    from symden.errors import ConditionError
    from symden.printing.plot import figure_bytes, figure_format, plot_denoiser, plot_solution

    fmt = figure_format(args.out)  # before any work: an unknown extension costs nothing
    data = read_dataset(args.file)
    name = data.name or (os.path.splitext(os.path.basename(args.file))[0] if args.file != "-" else "data")
    options = dict(sigma=args.sigma, heatmap=args.heatmap, name=name)
    denoiser = None
    if not args.program:
        from symden.closed_forms import min_cost_denoiser

        try:
            denoiser = min_cost_denoiser(data)
        except ConditionError:
            denoiser = None
    if denoiser is not None:
        fig, source = plot_denoiser(denoiser, **options), f"the {denoiser.structure.value} closed form"
    else:
        from symden.verify.numeric import solve_program  # cvxpy: only on this path

        solution = solve_program(data)
        fig, source = plot_solution(solution, **options), f"the network of the {solution.program}"
    return Outcome(EXIT_OK, f"plot of {source} written to {args.out}", ((args.out, figure_bytes(fig, fmt)),))


def add_parsers(sub) -> None:
    """Register ``plot``."""
    p = sub.add_parser(
        "plot",
        help="draw the min-cost denoiser: its graph (1-D), ReLU boundaries and displacement (2-D), "
             "alignment bars (d >= 3)",
        description="Draw the closed-form min-cost denoiser of a data file, or, when no closed form applies "
                    "(or with --program), the exact network behind the convex program's certified interval. "
                    "1-D: h over the data with the balls or samples; 2-D: every unit's ReLU boundary line "
                    "(width by cost share, legend naming the aligned edge or facet) and h(y) - y; d >= 3: the "
                    "cost share of each unit with its alignment.",
    )
    p.add_argument("file", metavar="FILE", help="data file (JSON), or - for standard input")
    p.add_argument("--out", required=True, metavar="OUT.{png,pdf,svg}", help="the figure file; its extension picks the format")
    p.add_argument("--sigma", metavar="S", help="1-D: also draw the empirical MMSE denoiser of the clean points at noise level S")
    p.add_argument("--heatmap", action="store_true", help="2-D: draw |h(y) - y| as a heat map instead of arrows")
    p.add_argument("--program", action="store_true",
                   help="draw the convex program's certified network even when a closed form applies "
                        "(for offline data in d >= 2 the closed form is only an upper bound)")
    p.set_defaults(handler=plot, decides="the picture of {file}")
