"""The ``symden`` command: one parser, one exit-code table, one file writer, one error handler.

Each command group is a module of :mod:`symden.cli` with an ``add_parsers(subparsers)`` function;
a command's handler takes the parsed arguments and returns an :class:`Outcome`
(its exit code, its whole standard output and the files it writes). :func:`main` writes the files
atomically, then prints the output: an error anywhere exits with nothing on stdout and no file
half-written. Building the parser imports nothing heavy; a handler imports what its command uses,
after the arguments are parsed, so ``symden derive`` never imports cvxpy, matplotlib or the
generalisation study.

Exit codes (:data:`EXIT_CODES`):

* 0: every claim holds (or the command succeeded);
* 1: a claim is refuted (``verify``), or ``report`` found a verdict other than the expected one;
* 2: bad input or a usage error (a one-line message on stderr, nothing on stdout);
* 3: nothing refuted, but some claim could not be decided (inconclusive), including an exact
  computation that hit a limit (:class:`~symden.errors.ExactLimitError`);
* 4: an internal error, a bug in symden (one line on stderr; ``--debug`` prints the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Sequence

from symden._version import __version__
from symden.errors import ExactLimitError, SymdenError, UsageError
from symden.records import Status

__all__ = [
    "EXIT_OK",
    "EXIT_REFUTED",
    "EXIT_BAD_INPUT",
    "EXIT_INCONCLUSIVE",
    "EXIT_INTERNAL",
    "EXIT_CODES",
    "Outcome",
    "UsageError",
    "build_parser",
    "main",
    "run",
    "status_exit",
    "write_files",
]

EXIT_OK = 0
EXIT_REFUTED = 1
EXIT_BAD_INPUT = 2
EXIT_INCONCLUSIVE = 3
EXIT_INTERNAL = 4

#: exit code -> what it means (printed by ``symden --help``)
EXIT_CODES = {
    EXIT_OK: "every claim holds",
    EXIT_REFUTED: "a claim is refuted",
    EXIT_BAD_INPUT: "bad input or usage",
    EXIT_INCONCLUSIVE: "inconclusive (nothing refuted, something not decided)",
    EXIT_INTERNAL: "internal error (a bug in symden; --debug shows the traceback)",
}

#: how a verdict's status maps to an exit code; the worst verdict decides
_STATUS_EXIT = {Status.PROVED: EXIT_OK, Status.CERTIFIED: EXIT_OK, Status.EVIDENCE: EXIT_OK,
                Status.INCONCLUSIVE: EXIT_INCONCLUSIVE, Status.REFUTED: EXIT_REFUTED}
_SEVERITY = (EXIT_OK, EXIT_INCONCLUSIVE, EXIT_REFUTED)


@dataclass(frozen=True)
class Outcome:
    """What a command produced: its exit code, its whole standard output, the files it writes.

    ``files`` holds ``(path, content)`` pairs, ``content`` a str (written as UTF-8) or bytes.
    """

    code: int
    text: str = ""
    files: tuple = ()


def status_exit(statuses: Iterable) -> int:
    """The exit code of a set of verdict statuses: 1 if one is refuted, else 3 if one is inconclusive, else 0.

    >>> status_exit([Status.PROVED, Status.INCONCLUSIVE]), status_exit([]), status_exit(["refuted", "proved"])
    (3, 0, 1)
    """
    codes = [_STATUS_EXIT[Status(s)] for s in statuses]
    return max(codes, key=_SEVERITY.index, default=EXIT_OK)


def write_files(files: Sequence[tuple]) -> None:
    """Write every ``(path, content)`` pair so that no file is ever half-written.

    Each content goes to a temporary file beside its target first (missing parent folders are
    created); only when all of them are written are they renamed into place (``os.replace``,
    atomic on one file system), so a failed write replaces none of the targets. A failure removes
    the temporary files and raises :class:`UsageError` naming the path.
    """
    pending: list = []
    # mkstemp creates files readable by their owner only; a written result gets the mode a plain
    # open() would give it (0666 less the umask), so that a figure or a document can be shared
    umask = os.umask(0)
    os.umask(umask)
    try:
        for path, content in files:
            folder = os.path.dirname(os.path.abspath(path))
            try:
                os.makedirs(folder, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
                pending.append((tmp, path))
                data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.chmod(tmp, 0o666 & ~umask)
            except OSError as exc:
                raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
        for tmp, path in pending:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        for tmp, _ in pending:
            if os.path.exists(tmp):
                os.unlink(tmp)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose description and epilog may be callables, evaluated only for ``--help``.

    Help texts quote library constants (the cost convention, the test-distribution forms); a
    callable keeps their modules from being imported by every command just to build the parser.
    """

    def format_help(self) -> str:
        for attr in ("description", "epilog"):
            text = getattr(self, attr)
            if callable(text):
                setattr(self, attr, text())
        return super().format_help()


def _epilog() -> str:
    from symden.network import COST_CONVENTION

    codes = "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items())
    return f"exit codes: {codes}. Cost convention: {COST_CONVENTION}."


def build_parser() -> argparse.ArgumentParser:
    """The ``symden`` parser: the top-level options and every group's commands."""
    parser = _Parser(
        prog="symden",
        description="Derive, print and prove the functions learned by minimum-norm shallow ReLU denoisers.",
        epilog=_epilog,
    )
    parser.add_argument("--version", action="version", version=f"symden {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="on an internal error, print the traceback (the exit code stays 4)")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="no progress bars on stderr (they are drawn only when stderr is a terminal, for "
                             "computations running over 2 s: solves, the sphere bound, the probe, generalization studies)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # the command groups, in the order --help lists them; each imports only argparse-level names
    from symden.cli import closed_form, compare, examples, experiments, generalization, lemmas, numeric, plot, sweep

    for group in (closed_form, numeric, lemmas, generalization, plot, experiments, compare, examples, sweep):
        group.add_parsers(sub)
    for command in sub.choices.values():  # also after the command (symden solve FILE --quiet), same meaning
        command.add_argument("--quiet", "-q", action="store_true", default=argparse.SUPPRESS,
                             help="no progress bars on stderr (as symden --quiet)")
    return parser


def _say(line: str) -> None:
    print(f"symden: {line}", file=sys.stderr)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or "(no message)"


def _task(args: argparse.Namespace) -> str:
    """What the command set out to decide, for the inconclusive message (``decides`` of its parser)."""
    return getattr(args, "decides", "this command").format(file=getattr(args, "file", ""))


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); return the exit code.

    argparse handles ``--help``, ``--version`` and usage errors itself (``SystemExit`` 0 or 2).
    """
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], Outcome] = args.handler
    try:
        with _progress_bars(args):
            outcome = handler(args)
        write_files(outcome.files)
    except ExactLimitError as exc:
        _debug_traceback(args)
        _say(f"inconclusive: could not decide {_task(args)}: {_one_line(exc)}")
        return EXIT_INCONCLUSIVE
    except SymdenError as exc:
        _debug_traceback(args)
        _say(f"error: {_one_line(exc)}")
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: one line, its own exit code, never 1 ("refuted")
        _debug_traceback(args)
        _say(f"internal error: {type(exc).__name__}: {_one_line(exc)}"
             + ("" if args.debug else " (run with --debug for the traceback)"))
        return EXIT_INTERNAL
    if outcome.text:
        sys.stdout.write(outcome.text if outcome.text.endswith("\n") else outcome.text + "\n")
    return outcome.code


def _progress_bars(args: argparse.Namespace):
    """The context in which the command runs: progress bars on stderr when wanted, else none.

    Bars never touch stdout, so a command prints the same output with or without them.
    """
    from symden.cli._progress import Bar, wanted
    from symden.progress import listening

    return listening(Bar if wanted(getattr(args, "quiet", False)) else None)


def _debug_traceback(args: argparse.Namespace) -> None:
    if args.debug:
        import traceback

        traceback.print_exc()


def run() -> None:
    """Console-script entry point (``symden`` and ``python -m symden``)."""
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
