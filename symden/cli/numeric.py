"""``symden solve``: the convex representation-cost program alone (cvxpy, imported by this command only)."""

from __future__ import annotations

import argparse

from symden.cli.main import EXIT_INCONCLUSIVE, EXIT_OK, Outcome

__all__ = ["add_parsers", "solve"]


def solve(args: argparse.Namespace) -> Outcome:
    """Solve the program for any 1-D data or offline data in d = 2, 3; exit 0 when proved or certified, else 3."""
    from symden.data import read_dataset
    from symden.printing import dumps, json_solution, text_solution
    from symden.verify.numeric import solve_program

    solution = solve_program(read_dataset(args.file))
    text = dumps(json_solution(solution)) if args.format == "json" else text_solution(solution)
    return Outcome(EXIT_OK if solution.status.holds else EXIT_INCONCLUSIVE, text)


def add_parsers(sub) -> None:
    """Register ``solve``."""
    p = sub.add_parser("solve", help="solve the convex representation-cost program alone, for any 1-D data or offline data in d = 2 or 3")
    p.add_argument("file", metavar="FILE", help="data file (JSON), or - for standard input")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=solve, decides="the convex program on {file}")
