"""Plain-text printers for denoisers and verdicts (what ``symden derive`` and ``verify`` print)."""

from __future__ import annotations

from typing import Iterable

from symden.denoiser import Denoiser
from symden.exact import exact_str, to_float
from symden.printing._format import text_affine, text_number
from symden.pwl import PiecewiseLinear
from symden.verify.verdict import Verdict

__all__ = ["text_denoiser", "text_verdicts", "text_function", "text_header"]


def text_function(f: PiecewiseLinear, name: str = "h*(y)", indent: str = "  ") -> str:
    """One line per linear piece, with its closed interval."""
    rows = []
    for p in f.pieces():
        expr = text_affine(p.slope, p.intercept)
        if p.lo is None and p.hi is None:
            cond = "for all y"
        elif p.lo is None:
            cond = f"for y <= {text_number(p.hi)}"
        elif p.hi is None:
            cond = f"for y >= {text_number(p.lo)}"
        else:
            cond = f"for {text_number(p.lo)} <= y <= {text_number(p.hi)}"
        rows.append((expr, cond))
    width = max(len(e) for e, _ in rows)
    pad = " " * len(name)
    return "\n".join(f"{indent}{name if i == 0 else pad} = {e.ljust(width)}   {c}" for i, (e, c) in enumerate(rows))


def text_header(denoiser: Denoiser) -> str:
    """The lines every output starts with: data, setting, convention, structure."""
    data = denoiser.data
    title = data.name or "data"
    return "\n".join([
        f"{title}" + (f": {data.description}" if data.description else ""),
        f"  data        {data.size} clean point{'s' if data.size != 1 else ''} in R^{data.dim}",
        f"  setting     {data.describe_setting()}",
        f"  convention  {denoiser.convention}",
        f"  structure   {denoiser.structure}: {denoiser.summary} [{denoiser.status}: {denoiser.theorem}]",
    ])


def _unit_table(denoiser: Denoiser) -> str:
    net = denoiser.network
    cols = [("k", "a_k", "w_k", "b_k")]
    for k, u in enumerate(net.units, 1):
        vec = (lambda v: text_number(v[0]) if len(v) == 1 else "(" + ", ".join(map(text_number, v)) + ")")
        cols.append((str(k), vec(u.a), vec(u.w), text_number(u.b)))
    widths = [max(len(r[i]) for r in cols) for i in range(4)]
    lines = ["    " + "  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in cols]
    V = "; ".join(" ".join(map(text_number, row)) for row in net.V)
    c = ", ".join(map(text_number, net.c))
    lines.append(f"    V = [{V}]   c = ({c})")
    return "\n".join(lines)


def text_denoiser(denoiser: Denoiser) -> str:
    """The full ``derive`` text: header, cost, the function piece by piece, the network."""
    cost = denoiser.cost
    lines = [
        text_header(denoiser),
        f"  cost        R(h*) = {exact_str(cost)}  (~ {to_float(cost):.12g})",
        "",
    ]
    if denoiser.function is not None:
        lines += [text_function(denoiser.function), ""]
    n = len(denoiser.network.units)
    skip = "with skip" if denoiser.network.has_skip else "no skip needed"
    lines.append(f"  network: {n} ReLU unit{'s' if n != 1 else ''}, {skip};  h*(y) = sum_k a_k [w_k.y + b_k]_+ + V y + c")
    lines.append(_unit_table(denoiser))
    return "\n".join(lines)


def text_verdicts(verdicts: Iterable[Verdict]) -> str:
    """One block per check: the verdict, then its detail."""
    out = []
    for v in verdicts:
        out.append(f"  {v.name:<14} {v.status.value.upper():<13} {v.detail}")
        if v.counterexample:
            ce = ", ".join(f"{k} = {_show(val)}" for k, val in v.counterexample.items())
            out.append(f"  {'':<14} {'':<13} counterexample: {ce}")
    return "\n".join(out)


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    if value is None:
        return "none"
    try:
        return exact_str(value)  # type: ignore[arg-type]
    except Exception:  # a non-number (a string) is shown as it is
        return str(value)
