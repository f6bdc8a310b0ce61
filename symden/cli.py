"""The ``symden`` command: argument parsing, printing and exit codes only.

Exit codes:

* 0: every claim holds (or the command succeeded);
* 1: a claim is refuted (``verify``), or ``report`` found a verdict other than the expected one;
* 2: bad input or a usage error (a one-line message on stderr, nothing on stdout);
* 3: nothing refuted, but some claim could not be decided (inconclusive).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from typing import Callable, Optional, Sequence

from symden import __version__
from symden.closed_forms import STRUCTURES, min_cost_denoiser
from symden.data import dump_dataset, read_dataset
from symden.errors import SymdenError
from symden.exact import exact_str
from symden.examples import EXAMPLES
from symden.network import COST_CONVENTION
from symden.printing import (
    denoiser_to_json,
    dumps,
    report_to_json,
    latex_denoiser,
    text_denoiser,
    text_header,
    text_report,
    text_table,
    text_verdicts,
    verdicts_to_json,
)
from symden.verify import Status, verify_denoiser
from symden.verify.multivariate import alignment_report

__all__ = ["main", "run", "EXIT_OK", "EXIT_REFUTED", "EXIT_BAD_INPUT", "EXIT_INCONCLUSIVE"]

EXIT_OK = 0
EXIT_REFUTED = 1
EXIT_BAD_INPUT = 2
EXIT_INCONCLUSIVE = 3


def _verdict_exit(statuses: Sequence[Status]) -> int:
    if Status.REFUTED in statuses:
        return EXIT_REFUTED
    if Status.INCONCLUSIVE in statuses:
        return EXIT_INCONCLUSIVE
    return EXIT_OK


def _alignment(denoiser) -> list | None:
    return alignment_report(denoiser) if denoiser.data.dim > 1 else None


def _cmd_derive(args: argparse.Namespace) -> int:
    denoiser = min_cost_denoiser(read_dataset(args.file), structure=args.structure)
    if args.format == "json":
        out = dumps(denoiser_to_json(denoiser, _alignment(denoiser)))
    elif args.format == "latex":
        out = latex_denoiser(denoiser)
    else:
        out = text_denoiser(denoiser, _alignment(denoiser))
    print(out)
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    denoiser = min_cost_denoiser(read_dataset(args.file), structure=args.structure)
    verdicts = verify_denoiser(denoiser)
    if args.numeric:
        from symden.verify.numeric import numeric_verdicts

        verdicts = tuple(verdicts) + numeric_verdicts(denoiser)
    if args.format == "json":
        out = dumps(verdicts_to_json(denoiser, verdicts))
    else:
        out = text_header(denoiser) + "\n\n" + text_verdicts(verdicts)
    print(out)
    return _verdict_exit([v.status for v in verdicts])


def _cmd_solve(args: argparse.Namespace) -> int:
    from symden.verify.numeric import solve_program

    solution = solve_program(read_dataset(args.file))
    print(dumps(report_to_json(solution)) if args.format == "json" else text_report(solution))
    return EXIT_OK if solution.status.holds else EXIT_INCONCLUSIVE


def _cmd_report(args: argparse.Namespace) -> int:
    lines = [
        f"symden {__version__} report: the built-in examples (THEORY.md section 8), derived and verified exactly",
        f"convention: {COST_CONVENTION}",
        "",
    ]
    summary = []
    all_as_expected = True
    for name, ex in EXAMPLES.items():
        denoiser = min_cost_denoiser(ex.data)
        verdicts = verify_denoiser(denoiser)
        surprises = [v.name for v in verdicts if v.status.value != ex.expected_status(v.name)]
        cost_ok = ex.cost_matches(denoiser)
        as_expected = not surprises and cost_ok
        all_as_expected &= as_expected
        rule = "=" * 100
        lines += [rule, text_denoiser(denoiser, _alignment(denoiser)), "", "  checks:", text_verdicts(verdicts), ""]
        if as_expected:
            lines.append(f"  as the theory predicts: cost {ex.cost or 'in the certified interval, containing ' + str(ex.cost_approx)}; " + ", ".join(
                f"{v.name} {v.status.value}" for v in verdicts))
        else:
            lines.append(f"  NOT AS EXPECTED: cost {exact_str(denoiser.network.cost())} (expected {ex.cost}); unexpected verdicts: {', '.join(surprises) or 'none'}")
        lines.append("")
        summary.append((name, ex.data.setting, denoiser.structure, ex.cost or "~" + str(ex.cost_approx),
                        " ".join(f"{v.name}={v.status.value}" for v in verdicts), "yes" if as_expected else "NO"))
    lines += ["=" * 100, "summary", ""]
    head = ("example", "setting", "structure", "R(h*)", "verdicts", "as predicted")
    lines.append(text_table([head] + summary, "  "))
    print("\n".join(lines))
    return EXIT_OK if all_as_expected else EXIT_REFUTED


def _cmd_examples(args: argparse.Namespace) -> int:
    if args.write is None:
        width = max(len(n) for n in EXAMPLES)
        for name, ex in EXAMPLES.items():
            d = ex.data
            print(f"{name.ljust(width)}  {d.setting:<7}  d={d.dim}  N={d.size}  {d.description}")
        return EXIT_OK
    target = args.write
    if os.path.exists(target) and not os.path.isdir(target):
        raise _UsageError(f"--write {target}: exists and is not a directory")
    os.makedirs(target, exist_ok=True)
    for name, ex in EXAMPLES.items():
        path = os.path.join(target, f"{name}.json")
        # write to a temporary file first so that no half-written data file is ever left behind
        fd, tmp = tempfile.mkstemp(dir=target, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(dump_dataset(ex.data))
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        print(path)
    return EXIT_OK


class _UsageError(SymdenError, ValueError):
    """A command-line usage problem found after parsing."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="symden",
        description="Derive, print and prove the functions learned by minimum-norm shallow ReLU denoisers.",
        epilog="exit codes: 0 every claim holds; 1 a claim is refuted; 2 bad input or usage; 3 inconclusive. "
        f"Cost convention: {COST_CONVENTION}.",
    )
    parser.add_argument("--version", action="version", version=f"symden {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    structures = tuple(STRUCTURES)
    p = sub.add_parser("derive", help="print the minimum-cost denoiser of a data file")
    p.add_argument("file", metavar="FILE", help="data file (JSON), or - for standard input")
    p.add_argument("--format", choices=("text", "latex", "json"), default="text")
    p.add_argument("--structure", choices=structures, help="force one closed form instead of detecting the geometry")
    p.set_defaults(func=_cmd_derive)

    p = sub.add_parser("verify", help="check every claim exactly; exit 0 if all hold, 1 if one is refuted")
    p.add_argument("file", metavar="FILE", help="data file (JSON), or - for standard input")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--structure", choices=structures, help="force one closed form instead of detecting the geometry")
    p.add_argument("--numeric", action="store_true",
                   help="also solve the convex program (THEORY.md section 6) and compare it with the closed form")
    p.set_defaults(func=_cmd_verify)

    p = sub.add_parser("solve", help="solve the convex representation-cost program alone, for any 1-D or 2-D offline data")
    p.add_argument("file", metavar="FILE", help="data file (JSON), or - for standard input")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=_cmd_solve)

    p = sub.add_parser("report", help="derive and verify the built-in examples and print a report")
    p.set_defaults(func=_cmd_report)

    from symden.generalization_cli import add_parser as add_generalization
    from symden.lemma_cli import add_parsers as add_lemma_commands

    add_lemma_commands(sub)
    add_generalization(sub)

    p = sub.add_parser("examples", help="list the built-in data sets, or write them as files")
    p.add_argument("--write", metavar="DIR", help="write each example as DIR/NAME.json")
    p.set_defaults(func=_cmd_examples)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; returns the exit code (argparse usage errors exit 2 themselves)."""
    args = _parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except SymdenError as exc:
        print(f"symden: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader went away (symden derive ... | head): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)


if __name__ == "__main__":
    run()
