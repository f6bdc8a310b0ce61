"""``symden prove`` and ``symden lemmas``: the theory's lemmas, re-derived symbolically or applied to data.

``symden prove [NAME ...] [--latex FILE] [--steps]`` re-derives the lemmas (:mod:`symden.lemmas`)
and prints a table of lemma, verdict, scope and time; ``symden lemmas FILE`` applies the lemmas
that have an instance form to a data file (:mod:`symden.lemmas.instances`).
"""

from __future__ import annotations

import argparse

from symden.cli.main import Outcome, status_exit

__all__ = ["add_parsers", "prove", "lemmas"]


def prove(args: argparse.Namespace) -> Outcome:
    """Prove the named lemmas (all by default); print the table; optionally write the LaTeX document."""
    from symden.lemmas import latex_document, print_result, prove_lemmas
    from symden.network import COST_CONVENTION
    from symden.printing.text import text_table

    results = prove_lemmas(args.names or None)  # an unknown name raises UsageError, before any proof runs
    lines = [f"convention: {COST_CONVENTION}", ""]
    if args.steps:
        for res in results:
            print_result(res, out=lines.append)
            lines.append("")
    rows = [(r.name, r.status.value, f"{r.seconds:.2f} s", r.scope) for r in results]
    lines.append(text_table([("lemma", "verdict", "time", "scope")] + rows))
    lines += [f"{r.name}: {r.detail}" for r in results if not r.proved]
    files = ()
    if args.latex:
        files = ((args.latex, latex_document(results)),)
        lines.append(f"LaTeX document written to {args.latex}")
    return Outcome(status_exit(r.status for r in results), "\n".join(lines), files)


def lemmas(args: argparse.Namespace) -> Outcome:
    """Apply every lemma with an instance form to the data file; print one verdict per line."""
    from symden.data import read_dataset
    from symden.lemmas.instances import lemma_instances
    from symden.network import COST_CONVENTION
    from symden.printing.text import text_table

    data = read_dataset(args.file)
    verdicts = lemma_instances(data)
    rows = [(v.name, v.status.value, v.detail) for v in verdicts]
    text = "\n".join([
        f"{data.name or 'data'}: the lemmas that have an instance form, applied to these data",
        f"  setting     {data.describe_setting()}",
        f"  convention  {COST_CONVENTION}",
        "",
        text_table([("lemma instance", "verdict", "detail")] + rows),
    ])
    return Outcome(status_exit(v.status for v in verdicts), text)


def add_parsers(sub) -> None:
    """Register ``prove`` and ``lemmas``."""
    p = sub.add_parser("prove", help="re-derive the theory's lemmas symbolically and print their verdicts")
    p.add_argument("names", nargs="*", metavar="NAME", help="lemmas to prove (all by default)")
    p.add_argument("--latex", metavar="FILE", help="write a LaTeX document with every statement and derivation")
    p.add_argument("--steps", action="store_true", help="print each derivation's steps before the table")
    p.set_defaults(handler=prove, decides="the lemmas")
    p = sub.add_parser("lemmas", help="apply the lemmas that have an instance form to a data file")
    p.add_argument("file", metavar="FILE", help="data file (JSON), or - for standard input")
    p.set_defaults(handler=lemmas, decides="the lemma instances on {file}")
