"""``symden sweep triangles``: certified phase diagrams over triangle shapes (docs/theory.md section 6d)."""

from __future__ import annotations

import argparse
import json

from symden.cli.main import EXIT_INCONCLUSIVE, EXIT_OK, Outcome, UsageError

__all__ = ["add_parsers", "triangles"]


def triangles(args: argparse.Namespace) -> Outcome:
    """Sweep triangle shapes and radii; exit 0 when every record is certified, else 3."""
    from symden.exact import exact
    from symden.sweep import grid, parse_apex, run_sweep

    fmt = None
    if args.plot:
        from symden.printing.plot import figure_format

        fmt = figure_format(args.plot)  # before any work: an unknown extension costs nothing
    if not args.rho:
        raise UsageError("give at least one --rho R")
    if not args.apex and args.grid is None:
        raise UsageError("give --grid N or at least one --apex U,V")
    rhos = [exact(r, name="--rho") for r in args.rho]
    explicit = [parse_apex(a) for a in args.apex or ()]
    # explicit shapes must have disjoint balls (an error); grid points whose balls overlap are skipped
    records = run_sweep(explicit, rhos, workers=args.workers, scheduler=args.scheduler, out=args.out)
    if args.grid is not None:
        listed = {(tuple(r["apex"]), r["rho"]) for r in records}  # an --apex on the grid is listed once
        records += [r for r in run_sweep(grid(args.grid), rhos, workers=args.workers, scheduler=args.scheduler,
                                         out=args.out, skip_overlapping=True)
                    if (tuple(r["apex"]), r["rho"]) not in listed]
    files = ()
    if fmt is not None:
        from symden.printing.plot import figure_bytes
        from symden.printing.sweep import plot_phase_diagram

        files = ((args.plot, figure_bytes(plot_phase_diagram(records), fmt)),)
    from symden.printing.sweep import text_sweep

    text = "\n".join(json.dumps(r) for r in records) if args.format == "json" else text_sweep(records)
    code = EXIT_OK if all(r["status"] == "certified" for r in records) else EXIT_INCONCLUSIVE
    return Outcome(code, text, files)


def add_parsers(sub) -> None:
    """Register ``sweep triangles``."""
    p = sub.add_parser("sweep", help="sweeps over shapes: which closed-form family is certified optimal (section 6d)")
    groups = p.add_subparsers(dest="sweep_command", required=True, metavar="SWEEP")
    t = groups.add_parser("triangles", help="triangles with base (0,0)-(1,0) the longest side and apex (u, v): the "
                                            "certified interval of the online optimum, the edge and face family costs, "
                                            "and which family is certified optimal to the gap")
    t.add_argument("--grid", type=int, metavar="N", help="an N x N lattice u = i/(2(N-1)), v = j/N over [0,1/2] x (0,1], "
                                                        "kept inside the domain (1-u)^2 + v^2 <= 1; shapes whose balls overlap skipped")
    t.add_argument("--apex", action="append", metavar="U,V", help="an exact apex, e.g. 1/2,sqrt(3)/2 (repeatable)")
    t.add_argument("--rho", action="append", metavar="R", help="an exact noise radius > 0 (repeatable)")
    t.add_argument("--workers", type=int, default=1, metavar="W", help="local processes (default 1: in this process)")
    t.add_argument("--scheduler", metavar="ADDRESS", help="a Dask distributed scheduler (tcp://host:port) instead of local processes")
    t.add_argument("--out", metavar="RESULTS.jsonl", help="append each record as it completes (JSON lines); a rerun skips "
                                                          "the (apex, rho) entries already in the file")
    t.add_argument("--plot", metavar="OUT", help="the phase diagram (one panel per radius)")
    t.add_argument("--format", choices=("text", "json"), default="text", help="json: one JSON line per record")
    t.add_argument("--quiet", "-q", action="store_true", default=argparse.SUPPRESS,
                   help="no progress bar on stderr (as symden --quiet)")
    t.set_defaults(handler=triangles, decides="the sweep")
