"""Plain-text printers for denoisers and verdicts (what ``symden derive`` and ``verify`` print)."""

from __future__ import annotations

from typing import Iterable

from symden.denoiser import Denoiser
from symden.exact import brief, exact_str, to_float
from symden.network import COST_CONVENTION
from symden.printing._format import text_affine, text_number
from symden.pwl import PiecewiseLinear
from symden.records import Solution, Standing, Status, Verdict
from symden.reference import cite
from symden.rounding import decimal_above, decimal_below, interval_text

__all__ = ["text_denoiser", "text_verdicts", "text_function", "text_header", "text_alignment", "text_solution", "text_table",
           "text_vector"]


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


def _data_lines(data, convention: str, subspace_dim=None) -> list:
    """The data, setting and convention lines that every output prints, the same for every printer."""
    return _labelled([
        f"  data        {data.size} clean point{'s' if data.size != 1 else ''} in R^{data.dim}"
        + (f", in an affine subspace of dimension {subspace_dim}" if subspace_dim is not None else ""),
        f"  setting     {data.describe_setting()}",
    ]) + [f"  convention  {convention}"]  # one line: the convention is quoted verbatim (searchable, tested)


def _labelled(lines: list) -> list:
    """Labelled lines (``  label       text``) wrapped at :data:`WIDTH`, each continuing under its text.

    The cost convention line is kept whole (it is quoted verbatim, so a reader can search for it).
    """
    return [w for line in lines for part in line.split("\n")
            for w in ([part] if len(part) <= WIDTH or part.startswith("  convention") else _wrapped(part[:14], part[14:]))]


def text_header(denoiser: Denoiser) -> str:
    """The lines every output starts with: data, setting, convention, structure."""
    data = denoiser.data
    title = data.name or "data"
    standing = denoiser.standing.value + (f" on {denoiser.certified_on}" if denoiser.certified_on else "")
    return "\n".join([
        f"{title}" + (f": {data.description}" if data.description else ""),
        *_data_lines(data, denoiser.convention, denoiser.subspace_dim),
        *_fit(f"  structure   {denoiser.structure.value}: {denoiser.summary}", f"[{standing}: {denoiser.theorem}]"),
    ])


def _fit(line: str, tail: str, indent: str = " " * 14) -> list:
    """``line tail`` as one line, or the tail on its own indented line when that would pass :data:`WIDTH`."""
    return [f"{line} {tail}"] if len(line) + 1 + len(tail) <= WIDTH else [line, indent + tail]


def text_table(rows: list, indent: str = "") -> str:
    """Rows of strings as left-aligned columns two spaces apart (the first row is the header)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(indent + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)


def _unit_table(net, shares: bool = False, threshold: float = 0.0) -> str:
    """The units of a network as a table, then V and c (a legend when a value is rounded).

    With ``shares`` a column gives each unit's share of the network's cost ``sum |a||w|``; units
    whose share is below ``threshold`` (a fraction) are left out of the table and summarised in one
    line with their number and joint share. Shares are floats for display only.
    """
    cols = [("k", "a_k", "w_k", "b_k") + (("cost share",) if shares else ())]
    units = net.units
    share = _cost_shares(net) if shares else [1.0] * len(units)
    hidden = [k for k, s in enumerate(share) if s < threshold]
    for k, u in enumerate(units):
        if shares and share[k] < threshold:
            continue
        cols.append((str(k + 1), _cell(u.a), _cell(u.w), _compact(u.b, 24))
                    + ((_percent(share[k]),) if shares else ()))
    lines = [text_table(cols, "    ")] if len(cols) > 1 else []
    if hidden:
        together = sum(share[k] for k in hidden)
        lines.append(f"    + {len(hidden)} unit{'s' if len(hidden) != 1 else ''} below {_percent(threshold)} of the cost, "
                     f"together {_percent(together)} (--all-units lists them; --format json gives every unit)")
    V = "; ".join(_row(row) for row in net.V)
    c = text_vector(net.c, 24)
    lines.append(f"    V = [{V}]   c = {c}")
    if any("~" in cell for row in cols for cell in row) or "~" in V + c:
        lines.append("    (~ marks a rounded display of an exact value; --format json prints every value exactly)")
    return "\n".join(lines)


def _cost_shares(net) -> list:
    """Each unit's float share of ``sum_k |a_k||w_k|`` (display only; an all-zero network gives zeros)."""
    costs = [u.cost_float() for u in net.units]
    total = sum(costs)
    return [c / total if total > 0 else 0.0 for c in costs]


def _percent(share: float) -> str:
    """A share as a percentage: two decimals from 1% (``25.33%``), two significant digits below (``0.029%``)."""
    pct = 100 * share
    if pct == 0 or pct >= 1:
        return f"{pct:.2f}%"
    return f"{pct:.2g}%"


def _cost_line(denoiser: Denoiser) -> str:
    cost = denoiser.cost
    label = "R(h*)" if denoiser.minimiser else "R(h)"
    if cost is not None:
        text = f"  cost        {label} = {brief(cost)}  (~ {to_float(cost):.12g})"
    else:
        lo, hi = denoiser.cost_interval
        text = (f"  cost        best face-aligned cost in {interval_text(lo, hi, 13)}  (certified interval, rounded outward; "
                f"the printed network costs exactly {brief(denoiser.network.cost())})")
    if denoiser.standing is Standing.UPPER_BOUND:
        text += "\n              upper bound, not the minimiser: a feasible interpolant, optimality not established"
    return text


def text_alignment(report: tuple, denoiser: Denoiser) -> str:
    """The alignment table: what each unit's direction is parallel or normal to, and its cost share."""
    rows = [("k", "w parallel to edge", "w normal to facet", "output direction", "cost share")]
    for e in report:
        edges = ", ".join(f"x{i}-x{j}" for i, j in e.w_parallel_to_edges[:3]) or "-"
        facets = ", ".join(f"opp. x{n}" for n in e.w_normal_to_facets) or "-"
        out = text_vector(e.output_direction) if e.output_direction is not None else "-"
        rows.append((str(e.unit + 1), edges, facets, out, f"{100 * e.cost_share:.2f}%"))
    return text_table(rows, "    ")


def text_vector(v, max_chars: int = 16) -> str:
    """A vector: every entry exact when each is short, else the whole vector rounded, ``~(0.4781, 0.2952)``.

    Never a mix of exact and rounded entries (a reader could not tell which is which).
    """
    texts = [exact_str(x) for x in v]
    if all(len(t) <= max_chars for t in texts):
        return "(" + ", ".join(texts) + ")"
    return "~(" + ", ".join(f"{to_float(x):.6g}" for x in v) + ")"


def _row(row) -> str:
    """A matrix row for ``V = [..; ..]``: exact entries, or the whole row rounded (``~0.5 0``)."""
    texts = [exact_str(x) for x in row]
    if all(len(t) <= 16 for t in texts):
        return " ".join(texts)
    return "~" + " ".join(f"{to_float(x):.6g}" for x in row)


def _compact(x, max_chars: int = 16) -> str:
    """The exact string when short, else ``~`` and 6 significant digits (display only)."""
    text = exact_str(x)
    return text if len(text) <= max_chars else f"~{to_float(x):.6g}"


def _cell(v) -> str:
    if len(v) == 1:
        return _compact(v[0], 24)
    return text_vector(v)


def text_denoiser(denoiser: Denoiser, alignment: tuple | None = None) -> str:
    """The full ``derive`` text: header, cost, the function piece by piece (1-D), the network, alignment (d >= 2)."""
    lines = [text_header(denoiser), *_labelled([_cost_line(denoiser)] + [f"  note        {n}" for n in denoiser.notes])]
    lines.append("")
    if denoiser.function is not None:
        lines += [text_function(denoiser.function), ""]
    n = len(denoiser.network.units)
    skip = "with skip" if denoiser.network.has_skip else "no skip needed"
    lines.append(f"  network: {n} ReLU unit{'s' if n != 1 else ''}, {skip};  h*(y) = sum_k a_k [w_k.y + b_k]_+ + V y + c")
    lines.append(_unit_table(denoiser.network))
    if alignment is not None:
        lines += ["", "  alignment (exact direction comparison with the data's edges and facets):", text_alignment(alignment, denoiser)]
    return "\n".join(lines)


#: Text lines of verdicts are wrapped to this width (the detail continues under itself).
WIDTH = 120
#: An exact value longer than this is shown rounded in text (JSON keeps it exact).
SHORT_EXACT = 24


def text_verdicts(verdicts: Iterable[Verdict]) -> str:
    """One block per check: the claim, the verdict word, then its detail wrapped under itself.

    Names are aligned to the longest one; a counterexample's exact values longer than
    :data:`SHORT_EXACT` characters are shown rounded (a vector then wholly, marked ``~``), and the
    line says where the exact values are (``--format json``).
    """
    import textwrap

    verdicts = list(verdicts)
    name_w = max([14] + [len(v.name) + 1 for v in verdicts])
    indent = " " * (2 + name_w + 1 + 13 + 1)
    out = []
    for v in verdicts:
        text = v.detail + (f" [{v.reference}]" if v.reference else "")
        head = f"  {v.name:<{name_w}} {v.status.value.upper():<13} "
        out.append(textwrap.fill(text, width=WIDTH, initial_indent=head, subsequent_indent=indent,
                                 break_long_words=False, break_on_hyphens=False))
        if v.counterexample:
            shown = [(q.value, _show(val)) for q, val in v.counterexample]
            rounded = any(t.startswith("~") or "(~" in t for _, t in shown)
            ce = "counterexample: " + ", ".join(f"{q} = {t}" for q, t in shown)
            if rounded:
                ce += " (~ marks rounded values; --format json prints them exactly)"
            out.append(textwrap.fill(ce, width=WIDTH, initial_indent=indent, subsequent_indent=indent + "  ",
                                     break_long_words=False, break_on_hyphens=False))
    return "\n".join(out)


def _show(value: object) -> str:
    if isinstance(value, tuple):
        parts = [_show(v) for v in value]
        if any(p.startswith("~") for p in parts):  # never a mix of exact and rounded entries
            return "~(" + ", ".join(_rounded(v) for v in value) + ")"
        return "(" + ", ".join(parts) + ")"
    if value is None:
        return "none"
    if isinstance(value, (str, int)):
        return str(value)
    if isinstance(value, PiecewiseLinear):
        return f"the piecewise-linear function with knots {_show(tuple(value.knots))}"
    text = exact_str(value)
    return text if len(text) <= SHORT_EXACT else "~" + _rounded(value)


def _rounded(value: object) -> str:
    try:
        return f"{to_float(value):.10g}"
    except (TypeError, ValueError):
        return str(value)


def text_solution(solution: Solution, *, all_units: bool = False, unit_threshold: float | None = None) -> str:
    """``symden solve`` as text: setting, convention, the certified bounds, solver facts, verdicts, the network.

    The network is printed merged (units of one direction and bias summed: the same function) with
    each unit's cost share; units below ``unit_threshold`` (default :data:`UNIT_SHARE_THRESHOLD`) of
    the cost are summarised in one line unless ``all_units``. ``--format json`` keeps every unit.
    """
    if unit_threshold is None:
        unit_threshold = UNIT_SHARE_THRESHOLD
    data = solution.data
    lines = [
        data.name or "data",
        *_data_lines(data, COST_CONVENTION),
        f"  program     the convex representation-cost program ({cite('6')}, {solution.program}) [{solution.status}]",
    ]
    if solution.exact and solution.status is Status.PROVED:
        lines.append(f"  cost        min R = {brief(solution.lower)}  (~ {to_float(solution.lower):.12g}), exact, "
                     "proved by an exact dual certificate")
    elif solution.lower is not None and solution.upper is not None:
        lines.append(f"  cost        {decimal_below(solution.lower, 10)} <= min R <= {decimal_above(solution.upper, 10)}  "
                     "(rigorous: weak-duality lower bound, exact interpolating network for the upper bound; "
                     "rounded outward)")
    elif solution.lower is not None:
        lines.append(f"  cost        min R >= {decimal_below(solution.lower, 10)}  (rigorous weak-duality lower bound; "
                     "no exact upper bound)")
    elif solution.upper is not None:
        lines.append(f"  cost        min R <= {decimal_above(solution.upper, 10)}  (rigorous: an exact interpolating "
                     "network; no rigorous lower bound; rounded up)")
    lines += [f"  note        {n}" for n in solution.notes]
    if solution.status is Status.INCONCLUSIVE:
        lines += [f"  note        {v.name}: {v.detail}" for v in solution.verdicts if not v.holds]
        further: list = []
    else:  # the program's further verdicts (localisation, uniqueness probe, float agreement) with their standing;
        # the interval is the cost line, and in 1-D optimality and uniqueness are the exact certificate's (notes)
        shown = ("min-cost interval",) + (("optimality", "uniqueness") if solution.data.dim == 1 else ())
        further = [v for v in solution.verdicts if v.name not in shown]
    lines += _wrapped("  solver      ", solver_summary(solution.solver))
    lines = _labelled(lines)
    if further:
        lines += ["", text_verdicts(further)]
    if solution.network is not None:
        net = solution.network.merged()
        count = len(solution.network.units)
        lines += ["", f"  network: {len(net.units)} ReLU unit{'s' if len(net.units) != 1 else ''};  "
                      "h(y) = sum_k a_k [w_k.y + b_k]_+ + V y + c"]
        if len(net.units) != count:
            lines.append(f"    merged from {count} units: units of one direction and bias summed into one (the same "
                         "function, exactly)")
        lines.append(_unit_table(net, shares=True, threshold=0.0 if all_units else unit_threshold))
    return "\n".join(lines)


#: ``symden solve`` lists units of at least this share of the network's cost (the rest in one line).
UNIT_SHARE_THRESHOLD = 1e-3

#: solver names as their projects spell them
_SOLVER_NAMES = {"CLARABEL": "Clarabel", "HIGHS": "HiGHS", "SCS": "SCS", "ECOS": "ECOS", "MOSEK": "MOSEK",
                 "GLPK": "GLPK", "OSQP": "OSQP", "CVXOPT": "CVXOPT"}


def _wrapped(head: str, text: str) -> list:
    import textwrap

    return textwrap.wrap(text, width=WIDTH, initial_indent=head, subsequent_indent=" " * len(head),
                         break_long_words=False, break_on_hyphens=False)


def _seconds(x) -> str:
    return f"{x:.2g} s" if x < 1 else f"{x:.1f} s"


def solver_summary(solver: tuple) -> str:
    """The float solve's facts as one sentence (``Clarabel, 4 column-generation rounds (converged), ...``).

    Reads the ``(key, value)`` pairs of :attr:`symden.records.Solution.solver`; keys it does not
    know are appended as ``key value``, so no scalar fact is lost (JSON keeps every key exactly).
    Tuples (the direction summaries) and warnings are left to ``--format json``.
    """
    info = {k: v for k, v in solver}
    used: set = {"warnings", "directions", "closed form units"}
    parts: list = []

    def take(*keys):
        used.update(keys)
        return [info.get(k) for k in keys]

    name, status = take("name", "status")
    if name is None:
        name, = take("solver")
    if name is not None:
        parts.append(_SOLVER_NAMES.get(str(name).upper(), str(name)) + (f" ({status})" if status else ""))
    elif status:
        parts.append(f"status {status}")
    note, = take("solver note")
    if note:
        parts.append(str(note))
    grid, lp_points, refine = take("grid points", "LP points", "refine")
    if grid is not None:
        parts.append(f"knot-grid LP on {grid} grid points" + (f" ({lp_points} interpolation points" if lp_points is not None else "")
                     + (f", refine {refine})" if refine is not None else ")" if lp_points is not None else ""))
    rounds, converged, columns, guided = take("rounds", "converged", "columns", "certificate_guided_rounds")
    if rounds is not None:
        parts.append(f"{rounds} column-generation round{'s' if rounds != 1 else ''}"
                     + (" (converged)" if converged else " (not converged)" if converged is not None else "")
                     + (f", {guided} of them guided by the certificate" if guided else ""))
    if columns:
        parts.append(f"{columns} candidate units")
    thorough, = take("thorough_pricings")
    if thorough:
        parts.append(f"{thorough} thorough pricing{'s' if thorough != 1 else ''}")
    sup_eta, primal = take("sup_eta", "primal value")
    if sup_eta is not None:
        parts.append(f"sup |eta| = {sup_eta:.9f} (floats)")
    if primal is not None:
        parts.append(f"float optimum {primal:.10g}")
    gap, rel, interpolates, optimal, exact_cost = take("gap", "relative gap", "rationalised solution interpolates",
                                                        "rationalised solution optimal", "exact cost of rationalised solution")
    if rel is not None:
        parts.append(f"relative gap to the exact minimum {rel:.1e}" if rel else "no gap to the exact minimum")
    facts = [(interpolates, "interpolates", "does not interpolate"), (optimal, "is optimal", "is not optimal")]
    said = [yes if flag else no for flag, yes, no in facts if flag is not None]
    if said:
        parts.append("the rationalised solution " + " and ".join(said))
    seconds, = take("seconds")
    timings = [(label, info.get(key)) for key, label in (("certificate_seconds", "certificate"),
                                                          ("sphere_seconds", "sphere branch-and-bound"),
                                                          ("localisation_seconds", "localisation"),
                                                          ("probe_seconds", "probe"))]
    used.update(("certificate_seconds", "sphere_seconds", "localisation_seconds", "probe_seconds"))
    cells, = take("sphere_max_cells")
    inner = [f"{label} {_seconds(t)}" + (f" with a budget of {cells} cells" if label.startswith("sphere") and cells else "")
             for label, t in timings if isinstance(t, (int, float))]
    if isinstance(seconds, (int, float)):
        parts.append(_seconds(seconds) + (f" ({', '.join(inner)})" if inner else ""))
    elif inner:
        parts.append(", ".join(inner))
    for k, v in solver:
        if k not in used and isinstance(v, (str, int, float)):
            parts.append(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}")
    return ", ".join(parts)
