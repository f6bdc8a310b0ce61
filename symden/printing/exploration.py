"""``symden explore``: the certified denoiser of small data described as text or JSON (docs/theory.md section 6c)."""

from __future__ import annotations

from symden.exact import brief, exact_str, to_float
from symden.explore import Exploration
from symden.printing.jsonout import json_solution
from symden.printing.text import text_solution, text_table, text_vector
from symden.reference import cite
from symden.rounding import decimal_above, decimal_below

__all__ = ["json_exploration", "text_exploration"]


def _vector(v) -> str:
    return text_vector(v)  # exact when short, else rounded as a whole and marked ~


def _relation(f, lower, upper) -> str:
    if f.relation == "not applicable":
        return f"not applicable: {f.reason}"
    cost = f"costs {brief(f.cost, max_chars=40)} (~ {to_float(f.cost):.9f})"
    if f.relation == "inside":
        width = to_float(upper - lower)
        return f"{cost}: inside the certified interval, a minimiser to within its width {width:.2e}"
    if f.relation == "above":
        return (f"{cost}: above the upper bound {decimal_above(upper, 10)}, so not the minimiser here "
                "(the program's exact network is cheaper)")
    if f.relation == "below":
        return f"{cost}: BELOW the certified lower bound {decimal_below(lower, 10)}: inconsistent, a bug, not a result"
    return f"{cost}: no certified interval to compare with"


def text_exploration(ex: Exploration, *, all_units: bool = False) -> str:
    """The program's result (as ``symden solve`` prints it), then the direction groups, decomposition and families."""
    sol = ex.solution
    lines = [text_solution(sol, all_units=all_units), "", f"  what the denoiser looks like ({cite('6c')}):"]
    if ex.groups:
        rows = [["group", "direction w", "units", "cost share", "aligned with"]]
        for k, g in enumerate(ex.groups, 1):
            extra = []
            if g.aligned == "neither":
                if g.parallel is not None:
                    extra.append(f"nearest edge x{g.parallel[0]}-x{g.parallel[1]} at {g.parallel_angle:.4f} deg")
                if g.normal is not None:
                    extra.append(f"nearest normal at {g.normal_angle:.4f} deg")
            else:
                angle = g.parallel_angle if g.aligned.startswith("parallel") else g.normal_angle
                extra.append(f"angle {angle:.2e} deg")
            if g.spread > 0:
                extra.append(f"spread {g.spread:.2e} deg")
            rows.append([str(k), _vector(g.direction), str(len(g.units)), f"{100 * g.share:.2f}%",
                         f"{g.aligned} ({'; '.join(extra)})"])
        lines.append(text_table(rows, indent="    "))
    lines.append(f"  decomposition  {ex.decomposition_detail}")
    lines.append("  closed-form families of docs/theory.md section 4:")
    for f in ex.families:
        lines.append(f"    {f.structure.value:<13} {_relation(f, sol.lower, sol.upper)}")
    return "\n".join(lines)


def json_exploration(ex: Exploration) -> dict:
    """``symden solve``'s JSON contract plus ``"groups"``, ``"decomposition"`` and ``"families"``."""
    out = json_solution(ex.solution)
    out["reference"] = cite("6c")
    out["groups"] = [{
        "direction": [exact_str(x) for x in g.direction],
        "units": list(g.units),
        "cost": exact_str(g.cost) if g.cost is not None else None,
        "cost_share": g.share,
        "spread_degrees": g.spread,
        "aligned": g.aligned,
        "nearest_edge": list(g.parallel) if g.parallel is not None else None,
        "edge_angle_degrees": g.parallel_angle,
        "nearest_normal": list(g.normal) if g.normal is not None else None,
        "normal_angle_degrees": g.normal_angle,
    } for g in ex.groups]
    out["decomposition"] = {"dimensions": list(ex.decomposition) if ex.decomposition else None,
                            "detail": ex.decomposition_detail}
    out["families"] = [{
        "structure": f.structure.value,
        "relation": f.relation,
        "cost": exact_str(f.cost) if f.cost is not None else None,
        "cost_float": to_float(f.cost) if f.cost is not None else None,
        "standing": f.standing or None,
        "reason": f.reason or None,
    } for f in ex.families]
    return out
