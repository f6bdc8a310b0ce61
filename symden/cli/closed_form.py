"""``symden derive``, ``verify`` and ``report``: the closed forms and their exact checks."""

from __future__ import annotations

import argparse
import os

from symden.cli.main import EXIT_OK, EXIT_REFUTED, Outcome, UsageError, status_exit
from symden.records import Structure
from symden.reference import cite

__all__ = ["add_parsers", "derive", "verify", "report"]

_FILE_HELP = "data file (JSON), or - for standard input"
_STRUCTURE_HELP = "force one closed form instead of detecting the geometry"


def _denoiser(args: argparse.Namespace):
    from symden.closed_forms import min_cost_denoiser
    from symden.data import read_dataset

    return min_cost_denoiser(read_dataset(args.file), structure=args.structure)


def derive(args: argparse.Namespace) -> Outcome:
    """Print the minimum-cost denoiser of the data file (text, LaTeX or JSON).

    With ``--latex-document FILE`` it also writes a standalone LaTeX document (data, setting,
    convention, formula, cost, the verdicts of ``verify`` and the alignment table); the file is
    written by :func:`symden.cli.main.write_files`, atomically, and only if everything succeeded.
    The exit code stays derive's own (0): the verdicts are in the document, ``verify`` decides them.
    """
    denoiser = _denoiser(args)
    files = ()
    if args.latex_document:
        from symden.printing.latex import latex_document
        from symden.verify import verify_denoiser

        document = latex_document(denoiser, verify_denoiser(denoiser))
        files = ((args.latex_document, document),)
        if args.pdf:
            files += ((_pdf_path(args.latex_document), _compile_pdf(document)),)
    elif args.pdf:
        raise UsageError("--pdf compiles the document of --latex-document OUT.tex: give that option too")
    written = f"LaTeX document written to {args.latex_document}" + (
        f" and compiled to {_pdf_path(args.latex_document)}" if args.pdf else "")
    if args.format == "latex":
        from symden.printing.latex import latex_denoiser

        return Outcome(EXIT_OK, latex_denoiser(denoiser) + (f"\n% {written}" if files else ""), files)
    from symden.verify import alignment

    if args.format == "json":  # stdout stays one JSON value: no line about the document
        from symden.printing.jsonout import json_denoiser, dumps

        return Outcome(EXIT_OK, dumps(json_denoiser(denoiser, alignment(denoiser))), files)
    from symden.printing.text import text_denoiser

    return Outcome(EXIT_OK, text_denoiser(denoiser, alignment(denoiser)) + (f"\n\n{written}" if files else ""), files)


def _pdf_path(tex_path: str) -> str:
    root, ext = os.path.splitext(tex_path)
    return (root if ext == ".tex" else tex_path) + ".pdf"


def _compile_pdf(document: str) -> bytes:
    """The PDF of a LaTeX document, compiled by ``pdflatex`` in a temporary folder (nothing else is written)."""
    import shutil
    import subprocess
    import tempfile

    if shutil.which("pdflatex") is None:
        raise UsageError("--pdf needs pdflatex, which is not installed (Debian: apt-get install "
                         "texlive-latex-base texlive-latex-recommended); the .tex file alone needs nothing")
    with tempfile.TemporaryDirectory(prefix="symden-latex-") as folder:
        with open(os.path.join(folder, "doc.tex"), "w", encoding="utf-8") as handle:
            handle.write(document)
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=folder,
                             capture_output=True, text=True, timeout=300)
        pdf = os.path.join(folder, "doc.pdf")
        if run.returncode != 0 or not os.path.exists(pdf):
            errors = [line for line in run.stdout.splitlines() if line.startswith("!")]
            raise UsageError(f"pdflatex failed on the document: {errors[0] if errors else 'see pdflatex'}")
        with open(pdf, "rb") as handle:
            return handle.read()


def verify(args: argparse.Namespace) -> Outcome:
    """Check every claim exactly (and, with ``--numeric``, against the convex program)."""
    from symden.verify import verify_denoiser

    denoiser = _denoiser(args)
    verdicts = tuple(verify_denoiser(denoiser))
    if args.numeric:
        from symden.verify.numeric import numeric_verdicts, with_numeric  # cvxpy: only here and in solve

        verdicts = with_numeric(verdicts, tuple(numeric_verdicts(denoiser)))
    if args.format == "json":
        from symden.printing.jsonout import dumps, json_verdicts

        text = dumps(json_verdicts(denoiser, verdicts))
    else:
        from symden.printing.text import text_header, text_verdicts

        text = text_header(denoiser) + "\n\n" + text_verdicts(verdicts)
    return Outcome(status_exit(v.status for v in verdicts), text)


def report(args: argparse.Namespace) -> Outcome:
    """Derive and verify every built-in example; exit 1 unless each is as the theory predicts."""
    from symden.printing.examples import text_examples
    from symden.report import check_examples

    checks = check_examples()
    return Outcome(EXIT_OK if all(c.as_expected for c in checks) else EXIT_REFUTED, text_examples(checks))


def add_parsers(sub) -> None:
    """Register ``derive``, ``verify`` and ``report``."""
    structures = [s.value for s in Structure]
    p = sub.add_parser("derive", help="print the minimum-cost denoiser of a data file")
    p.add_argument("file", metavar="FILE", help=_FILE_HELP)
    p.add_argument("--format", choices=("text", "latex", "json"), default="text")
    p.add_argument("--structure", choices=structures, help=_STRUCTURE_HELP)
    p.add_argument("--latex-document", metavar="OUT.tex",
                   help="also write a standalone LaTeX document: data, setting, convention, formula, cost, "
                        "verdict table and alignment table")
    p.add_argument("--pdf", action="store_true",
                   help="with --latex-document OUT.tex, also compile it with pdflatex to OUT.pdf")
    p.set_defaults(handler=derive, decides="the minimum-cost denoiser of {file}")

    p = sub.add_parser("verify", help="check every claim exactly; exit 0 if all hold, 1 if one is refuted")
    p.add_argument("file", metavar="FILE", help=_FILE_HELP)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--structure", choices=structures, help=_STRUCTURE_HELP)
    p.add_argument("--numeric", action="store_true",
                   help=f"also solve the convex program ({cite('6')}) and compare it with the closed form")
    p.set_defaults(handler=verify, decides="the claims about {file}")

    p = sub.add_parser("report", help="derive and verify the built-in examples and print a report")
    p.set_defaults(handler=report, decides="the built-in examples")
