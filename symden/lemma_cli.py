"""The ``symden prove`` and ``symden lemmas`` subcommands (parsing, printing, exit codes only).

``symden prove [NAME ...] [--latex FILE] [--steps]`` re-derives the lemmas symbolically
(:mod:`symden.lemmas`) and prints a table of lemma, verdict, scope and time; ``symden lemmas FILE``
applies the lemmas that have an instance form to a data file (:mod:`symden.lemmas.instances`).
Exit codes as in :mod:`symden.cli`: 0 all proved, 1 refuted, 2 bad input, 3 inconclusive.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from symden.printing.text import text_table

__all__ = ["cmd_prove", "cmd_lemmas", "add_parsers"]


def _exit_code(statuses) -> int:
    values = {s.value for s in statuses}
    if "refuted" in values:
        return 1
    if "inconclusive" in values:
        return 3
    return 0


def _table(rows: list, head: tuple) -> str:
    return text_table([head] + rows)


def cmd_prove(args: argparse.Namespace) -> int:
    """Prove the named lemmas (all by default); print the table; optionally write the LaTeX document."""
    from symden.lemmas import LEMMAS, latex_document, print_result, prove_lemmas

    unknown = [n for n in args.names if n not in LEMMAS]
    if unknown:
        print(f"symden: error: unknown lemma {unknown[0]!r}; the lemmas are {', '.join(LEMMAS)}", file=sys.stderr)
        return 2
    results = prove_lemmas(args.names or None)
    if getattr(args, "steps", False):
        for res in results:
            print_result(res)
            print()
    rows = [(r.name, r.status.value, f"{r.seconds:.2f} s", r.scope) for r in results]
    print(_table(rows, ("lemma", "verdict", "time", "scope")))
    for r in results:
        if not r.proved:
            print(f"{r.name}: {r.detail}")
    if args.latex:
        target = args.latex
        folder = os.path.dirname(os.path.abspath(target))
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".symden-lemmas.", suffix=".tex")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(latex_document(results))
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        print(f"LaTeX document written to {target}")
    return _exit_code([r.status for r in results])


def cmd_lemmas(args: argparse.Namespace) -> int:
    """Apply every lemma with an instance form to the data file; print one verdict per line."""
    from symden.data import read_dataset
    from symden.errors import SymdenError
    from symden.lemmas.instances import lemma_instances

    try:
        data = read_dataset(args.file)
        verdicts = lemma_instances(data)
    except SymdenError as exc:
        print(f"symden: error: {exc}", file=sys.stderr)
        return 2
    rows = [(v.name, v.status.value, v.detail) for v in verdicts]
    print(_table(rows, ("lemma instance", "verdict", "detail")))
    return _exit_code([v.status for v in verdicts])


def add_parsers(subparsers) -> None:
    """Register ``prove`` and ``lemmas`` on an argparse subparsers object."""
    p = subparsers.add_parser("prove", help="re-derive the theory's lemmas symbolically and print their verdicts")
    p.add_argument("names", nargs="*", metavar="NAME", help="lemmas to prove (all by default)")
    p.add_argument("--latex", metavar="FILE", help="write a LaTeX document with every statement and derivation")
    p.add_argument("--steps", action="store_true", help="print each derivation's steps before the table")
    p.set_defaults(func=cmd_prove)
    p = subparsers.add_parser("lemmas", help="apply the lemmas that have an instance form to a data file")
    p.add_argument("file", metavar="FILE", help="data file (JSON), or - for standard input")
    p.set_defaults(func=cmd_lemmas)
