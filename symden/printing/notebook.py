"""How a denoiser, a data set and a verdict table look in a notebook and as ``str``.

These are the renderers that :mod:`symden.printing` registers with :mod:`symden._display`, so
that the records (which may not import a printer) show themselves:

* ``summary_denoiser``: ``str(h)``, the short text summary (header, cost, and the formula when it
  is short: at most :data:`SHORT_PIECES` pieces in 1-D, :data:`SHORT_UNITS` units in d >= 2);
* ``mathjax_denoiser``: ``h._repr_latex_()``, the formula and the cost as ``$$\\begin{aligned}..``
  (the math of :func:`~symden.printing.latex.latex_display`, with ``align*`` turned into
  ``aligned`` inside ``$$``, the form both Jupyter's MathJax and KaTeX accept);
* ``html_denoiser``: ``h._repr_html_()``, a table of data, setting, convention, structure and cost,
  then the formula;
* ``html_verdicts``, ``mathjax_verdicts``, ``summary_verdicts``: a verdict table;
* ``html_dataset``, ``mathjax_dataset``, ``summary_dataset``: the data.

Every form names the cost convention and the setting, and cites the project's reference.
"""

from __future__ import annotations

import html
import re

from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.exact import brief, exact_str
from symden.printing._format import latex_number
from symden.rounding import interval_text

__all__ = [
    "summary_denoiser",
    "mathjax_denoiser",
    "html_denoiser",
    "summary_verdicts",
    "mathjax_verdicts",
    "html_verdicts",
    "summary_dataset",
    "mathjax_dataset",
    "html_dataset",
]

#: str(h) prints the 1-D formula piece by piece up to this many pieces, the unit table up to SHORT_UNITS units.
SHORT_PIECES = 12
SHORT_UNITS = 8
#: A data set's summary lists its points up to this many.
SHORT_POINTS = 10

_STATUS_COLOUR = {"proved": "#1a7f37", "certified": "#1a7f37", "refuted": "#cf222e",
                  "inconclusive": "#9a6700", "evidence": "#0969da"}


def summary_denoiser(denoiser: Denoiser) -> str:
    """``str(h)``: the header and cost lines of ``symden derive``, then the formula if it is short."""
    from symden.printing.text import _cost_line, _unit_table, text_function, text_header

    lines = [text_header(denoiser), _cost_line(denoiser)]
    name = "h*(y)" if denoiser.minimiser else "h(y)"
    net = denoiser.network
    if denoiser.function is not None and len(denoiser.function.knots) + 1 <= SHORT_PIECES:
        lines.append(text_function(denoiser.function, name=name))
    elif denoiser.function is not None:
        lines.append(f"  {name} is piecewise linear with {len(denoiser.function.knots) + 1} pieces; "
                     "symden.printing.text_denoiser(h) prints them all")
    elif len(net.units) <= SHORT_UNITS:
        lines.append(f"  {name} = sum_k a_k [w_k.y + b_k]_+ + V y + c with {len(net.units)} units:")
        lines.append(_unit_table(net))
    else:
        lines.append(f"  a network of {len(net.units)} units; symden.printing.text_denoiser(h) prints them all")
    return "\n".join(lines)


def _mathjax(latex: str) -> str:
    """LaTeX display math (``align*`` blocks or ``\\[ .. \\]``) as ``$$ .. $$`` blocks for MathJax/KaTeX."""
    text = re.sub(r"\\begin\{align\*\}", r"$$\\begin{aligned}", latex)
    text = re.sub(r"\\end\{align\*\}", r"\\end{aligned}$$", text)
    # a display opened by \[ (not the row break with extra space \\[3pt] of latex_display's vectors and cases)
    text = re.sub(r"(?<!\\)\\\[", "$$", text)
    text = re.sub(r"(?<!\\)\\\]", "$$", text)
    return text


def mathjax_denoiser(denoiser: Denoiser) -> str:
    """``h._repr_latex_()``: the formula and the cost as ``$$ .. $$`` display math."""
    from symden.printing.latex import latex_display

    return _mathjax(latex_display(denoiser))


def _cost_html(denoiser: Denoiser) -> str:
    label = "R(h*)" if denoiser.minimiser else "R(h)"
    if denoiser.cost is not None:
        text = f"{label} = {brief(denoiser.cost)}"
    else:
        lo, hi = denoiser.cost_interval
        text = (f"in {interval_text(lo, hi, 13)} (certified interval, rounded outward); this network costs "
                f"exactly {brief(denoiser.network.cost())}")
    if not denoiser.minimiser:
        text += "; an upper bound: a feasible interpolant, optimality not established"
    return text


def _rows_html(rows) -> str:
    body = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
                   f"<td style='text-align:left'>{html.escape(v)}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"


def html_denoiser(denoiser: Denoiser) -> str:
    """``h._repr_html_()``: data, setting, convention, structure, standing and cost, then the formula."""
    data = denoiser.data
    standing = denoiser.standing.value + (f" on {denoiser.certified_on}" if denoiser.certified_on else "")
    rows = [
        ("data", f"{data.name or 'data'}: {data.size} clean point{'s' if data.size != 1 else ''} in R^{data.dim}"),
        ("setting", data.describe_setting()),
        ("convention", denoiser.convention),
        ("structure", f"{denoiser.structure.value}: {denoiser.summary} [{standing}: {denoiser.theorem}]"),
        ("cost", _cost_html(denoiser)),
    ]
    rows += [("note", n) for n in denoiser.notes]
    return f"<div>{_rows_html(rows)}\n{mathjax_denoiser(denoiser)}</div>"


def summary_verdicts(verdicts) -> str:
    """``str(verdicts)``: the verdict table of ``symden verify``."""
    from symden.printing.text import text_verdicts

    return text_verdicts(verdicts)


def html_verdicts(verdicts) -> str:
    """``verdicts._repr_html_()``: one row per claim (claim, verdict word in its colour, detail, reference)."""
    head = "<tr><th>claim</th><th>verdict</th><th style='text-align:left'>detail</th></tr>"
    rows = []
    for v in verdicts:
        word = v.status.value
        colour = _STATUS_COLOUR.get(word, "inherit")
        detail = v.detail + (f" [{v.reference}]" if v.reference else "")
        rows.append(f"<tr><td style='text-align:left'>{html.escape(v.name)}</td>"
                    f"<td style='text-align:left;color:{colour}'><b>{html.escape(word)}</b></td>"
                    f"<td style='text-align:left'>{html.escape(detail)}</td></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _text_in_math(text: str) -> str:
    """Plain text for ``\\text{..}`` inside math: the characters MathJax and LaTeX treat specially escaped."""
    return re.sub(r"([\\{}$&#%_^~])", lambda m: {"\\": r"\backslash ", "~": r"\sim ", "^": r"\hat{}"}.get(
        m.group(1), "\\" + m.group(1)), text)


def mathjax_verdicts(verdicts) -> str:
    """``verdicts._repr_latex_()``: claim and verdict word as a two-column array (the details are in the HTML)."""
    rows = [rf"\text{{{_text_in_math(v.name)}}} & \text{{{v.status.value}}}" for v in verdicts]
    return r"$$\begin{array}{ll} \textbf{claim} & \textbf{verdict} \\ \hline " + r" \\ ".join(rows) + r" \end{array}$$"


def _point_text(x) -> str:
    return exact_str(x[0]) if len(x) == 1 else "(" + ", ".join(exact_str(v) for v in x) + ")"


def _point_latex(x) -> str:
    return latex_number(x[0]) if len(x) == 1 else r"\left(" + ", ".join(latex_number(v) for v in x) + r"\right)"


def summary_dataset(data: DataSet) -> str:
    """``str(data)``: name, size, setting, and the clean points when there are few."""
    lines = [f"{data.name or 'data'}: {data.size} clean point{'s' if data.size != 1 else ''} in R^{data.dim}"
             + (f" ({data.description})" if data.description else ""),
             f"  setting  {data.describe_setting()}"]
    if data.size <= SHORT_POINTS:
        lines.append("  clean    " + ", ".join(_point_text(x) for x in data.clean))
    return "\n".join(lines)


def mathjax_dataset(data: DataSet) -> str:
    """``data._repr_latex_()``: the clean points and the radius (online) or the sample counts (offline)."""
    shown = data.clean[:SHORT_POINTS]
    points = r",\ ".join(rf"x_{{{n + 1}}} = {_point_latex(x)}" for n, x in enumerate(shown))
    if data.size > SHORT_POINTS:
        points += rf",\ \dots\ (N = {data.size})"
    if data.radius is not None:
        tail = rf"\rho = {latex_number(data.radius)}\ \text{{(online: every closed ball)}}"
    else:
        tail = r"\text{samples per point: }" + ", ".join(str(len(c)) for c in data.samples) + r"\ \text{(offline)}"
    return rf"$$\begin{{aligned}} &{points} \\ &{tail} \end{{aligned}}$$"


def html_dataset(data: DataSet) -> str:
    """``data._repr_html_()``: a table of name, setting and clean points (with sample counts offline)."""
    rows = [("data", f"{data.name or 'data'}: {data.size} clean point{'s' if data.size != 1 else ''} in R^{data.dim}"),
            ("setting", data.describe_setting())]
    if data.description:
        rows.insert(1, ("description", data.description))
    for n, x in enumerate(data.clean[:SHORT_POINTS]):
        extra = f"  ({len(data.samples[n])} samples)" if data.samples is not None else ""
        rows.append((f"x_{n + 1}", _point_text(x) + extra))
    if data.size > SHORT_POINTS:
        rows.append(("...", f"{data.size - SHORT_POINTS} more clean points"))
    return _rows_html(rows)
