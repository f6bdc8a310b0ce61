"""``symden solve``: the convex representation-cost program alone (cvxpy, imported by this command only)."""

from __future__ import annotations

import argparse

from symden.cli.main import EXIT_INCONCLUSIVE, EXIT_OK, Outcome

__all__ = ["add_parsers", "explore", "solve"]


def solve(args: argparse.Namespace) -> Outcome:
    """Solve the program (1-D data, offline data in d = 2, 3, online data in d = 2, 3); exit 0 when proved or certified, else 3."""
    from symden.data import read_dataset
    from symden.printing import dumps, json_solution, text_solution
    from symden.verify.numeric import solve_program

    solution = solve_program(read_dataset(args.file), probe=args.probe)
    text = dumps(json_solution(solution)) if args.format == "json" else text_solution(solution, all_units=args.all_units)
    return Outcome(EXIT_OK if solution.status.holds else EXIT_INCONCLUSIVE, text)


def explore(args: argparse.Namespace) -> Outcome:
    """Solve the program and describe the certified denoiser (docs/theory.md section 6c); exit as ``solve``."""
    from symden.data import read_dataset
    from symden.explore import explore as run
    from symden.printing import dumps, json_exploration, text_exploration

    found = run(read_dataset(args.file))
    text = dumps(json_exploration(found)) if args.format == "json" else text_exploration(found, all_units=args.all_units)
    return Outcome(EXIT_OK if found.solution.status.holds else EXIT_INCONCLUSIVE, text)


def add_parsers(sub) -> None:
    """Register ``solve``."""
    p = sub.add_parser("solve", help="solve the convex representation-cost program alone: 1-D data, offline and online data in d = 2, 3")
    p.add_argument("file", metavar="FILE", help="data file (JSON), or - for standard input")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--probe", action=argparse.BooleanOptionalAction, default=None,
                   help="run the float uniqueness probe (evidence): in 1-D beside the exact rule (default: only for data "
                        "with at most PROBE_AUTO_INTERVALS = 2000 intervals; it never changes an exact verdict); in "
                        "d >= 2 only when asked (a 'uniqueness' verdict labelled evidence)")
    p.add_argument("--all-units", action="store_true",
                   help="list every unit in the text output (by default units below 0.1%% of the network's cost are "
                        "summarised in one line; --format json always lists every unit)")
    p.set_defaults(handler=solve, decides="the convex program on {file}")

    p = sub.add_parser("explore", help="the certified min-cost denoiser of small data (d <= 3) and what it looks like: "
                                       "unit groups and their alignment, decomposition, every closed-form family's cost")
    p.add_argument("file", metavar="FILE", help="data file (JSON), or - for standard input")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--all-units", action="store_true", help="list every unit of the network (as solve --all-units)")
    p.set_defaults(handler=explore, decides="the certified denoiser of {file}")
