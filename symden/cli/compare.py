"""``symden compare NET FILE``: a trained network against the min-cost denoiser of a data file (docs/theory.md section 7b.2).

NET is a trained network (``.npz`` with W, b, A, V, c, or a PyTorch ``state_dict``); FILE the data
whose min-cost denoiser is the prediction (for Figure 2: the online file of the balls the training
samples were drawn from). Everything printed is evidence (floats measured on the network); the
exit code is 0 when the comparison ran, 2 for bad input (a missing file, a network and data in
different dimensions), with one line on stderr.
"""

from __future__ import annotations

import argparse

from symden.cli.main import EXIT_OK, Outcome

__all__ = ["add_parsers", "compare"]


def compare(args: argparse.Namespace) -> Outcome:
    """Measure NET against the prediction for FILE; print text or JSON; optionally write ``--plot``."""
    from symden.data import read_dataset
    from symden.experiments.netfile import load_network

    fmt = None
    if args.plot:
        from symden.printing.plot import figure_format

        fmt = figure_format(args.plot)  # before any work: an unknown extension costs nothing
    mapping = _mapping(args.map) if args.map else None
    net = load_network(args.net, mapping=mapping)
    data = read_dataset(args.file)
    from symden.experiments.compare import compare as run

    found = run(net, data, program=args.program)
    from symden.printing.experiments import json_comparison, text_comparison

    if args.format == "json":
        from symden.printing import dumps

        text = dumps(json_comparison(found))
    else:
        text = text_comparison(found)
    files = ()
    if args.plot:
        from symden.printing.experiments import plot_comparison
        from symden.printing.plot import figure_bytes

        files = ((args.plot, figure_bytes(plot_comparison(found), fmt)),)
        if args.format != "json":
            text += f"\n  plot        written to {args.plot}"
    return Outcome(EXIT_OK, text, files)


def _mapping(text: str) -> dict:
    from symden.errors import UsageError

    out = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if not sep or key.strip() not in ("W", "b", "A", "V", "c") or not value.strip():
            raise UsageError(f"--map {text!r}: expected NAME=KEY pairs separated by commas, NAME one of W, b, A, V, c")
        out[key.strip()] = value.strip()
    return out


def add_parsers(sub) -> None:
    """Register ``compare``."""
    p = sub.add_parser(
        "compare",
        help="a trained network against the min-cost denoiser of a data file: distances, cost, alignment (evidence)",
        description="Compare a trained shallow ReLU network (NET: .npz with W, b, A, V, c, or a PyTorch state_dict) "
                    "with the min-cost denoiser of FILE (the closed form, or the convex program's network when none "
                    "applies): sup and RMS |h - h*| on the balls or sample hulls and on the bounding box enlarged by "
                    "one half, the cost sum |a||w| against R(h*), and the cost-weighted angles of the units' lines to "
                    "the predicted ones (shares within 2 and 5 degrees). Everything measured is evidence. For a network "
                    "trained on samples drawn from balls, give the online FILE (clean points and radius). "
                    "docs/theory.md section 7b.2.",
    )
    p.add_argument("net", metavar="NET", help="trained network file (.npz, or .pt/.pth with torch installed)")
    p.add_argument("file", metavar="FILE", help="data file (JSON), or - for standard input")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--plot", metavar="OUT.{png,pdf,svg}",
                   help="also draw the comparison (2-D: trained boundaries over the predicted ones; d >= 3: the angle histogram)")
    p.add_argument("--program", action="store_true",
                   help="compare with the convex program's certified network even when a closed form applies")
    p.add_argument("--map", metavar="W=KEY,...", help="state_dict keys of W, b, A, V, c for a PyTorch file")
    p.set_defaults(handler=compare, decides="the comparison of {file}")
