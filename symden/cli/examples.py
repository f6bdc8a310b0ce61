"""``symden examples``: list the built-in data sets, or write them as data files."""

from __future__ import annotations

import argparse
import os

from symden.cli.main import EXIT_OK, Outcome, UsageError

__all__ = ["add_parsers", "examples"]


def examples(args: argparse.Namespace) -> Outcome:
    """List the examples (name, setting, d, N, description), or write each as ``DIR/NAME.json``."""
    from symden.examples import EXAMPLES

    if args.write is None:
        width = max(len(n) for n in EXAMPLES)
        lines = [f"{name.ljust(width)}  {ex.data.setting:<7}  d={ex.data.dim}  N={ex.data.size}  {ex.data.description}"
                 for name, ex in EXAMPLES.items()]
        return Outcome(EXIT_OK, "\n".join(lines))
    from symden.data import dump_dataset

    target = args.write
    if os.path.exists(target) and not os.path.isdir(target):
        raise UsageError(f"--write {target}: exists and is not a directory")
    files = tuple((os.path.join(target, f"{name}.json"), dump_dataset(ex.data)) for name, ex in EXAMPLES.items())
    return Outcome(EXIT_OK, "\n".join(path for path, _ in files), files)


def add_parsers(sub) -> None:
    """Register ``examples``."""
    p = sub.add_parser("examples", help="list the built-in data sets, or write them as files")
    p.add_argument("--write", metavar="DIR", help="write each example as DIR/NAME.json")
    p.set_defaults(handler=examples, decides="the built-in examples")
