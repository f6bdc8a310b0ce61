"""LaTeX printers: the denoiser as display math that fits a page, a fragment for ``derive``, a document.

Three public printers, each built on the one before:

* :func:`latex_display`: math only (no ``%`` comments), one or more ``align*`` blocks, valid in an
  amsmath document and in Jupyter's MathJax. In 1-D the formula is a ``cases`` block, one row per
  linear piece; in ``d >= 2`` it is ``h(y) = c + sum_k a_k psi(s_k)`` (ramp pairs folded into the
  ramp unit ``psi``, other units as ``[.]_+``), one term per line. Numbers wider than
  :data:`NAME_PT` get a name (``\\alpha_{1}``, ...) defined in a "where" block below the formula,
  so that the display stays exact; a long definition is broken one term per line.
* :func:`latex_denoiser`: what ``symden derive --format latex`` prints: comment lines naming the
  data, setting and convention, the display, and text lines saying what the formula is (a
  minimiser ``h^{*}``, or an upper-bound interpolant ``h``) with the theorem's section.
* :func:`latex_document`: a standalone document with the data, setting, convention, formula,
  cost, verdict table and alignment table.

Built from the exact knots and units rather than through ``sympy.latex(Piecewise(...))``: a sympy
Piecewise with 10^4 pieces takes tens of seconds to build (STYLE.md, point 3); algebraic numbers
themselves still go through ``sympy.latex``. Widths are estimated from the LaTeX source
(:func:`_width`, in points at 10 pt), with a margin below the default ``article`` text width of
345 pt; the compile tests (``tests/test_latex.py``) check that no line is overfull.

Certified intervals print as decimals rounded outward (:mod:`symden.rounding`, exact
comparisons), so the printed interval contains the exact one (``docs/theory.md`` section 0.7).
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from gmpy2 import mpq

from symden.denoiser import Denoiser
from symden.exact import Exact, exact_str, to_float
from symden.network import COST_CONVENTION
from symden.printing._format import latex_number
from symden.pwl import PiecewiseLinear
from symden.reference import cite
from symden.rounding import decimal_above, decimal_below, interval_digits

__all__ = ["latex_display", "latex_denoiser", "latex_document", "latex_function", "latex_network", "latex_escape"]

#: A display line is kept below this estimated width (points at 10 pt; ``article``'s text width is 345 pt).
LINE_PT = 290.0
#: A number whose LaTeX is estimated wider than this is given a name and defined below the formula.
NAME_PT = 140.0
#: At most this many lines (about 25 pt each: rows of fractions) go in one display, which never breaks
#: across pages (article's text height is 550 pt); more start another. A column vector counts its entries.
BLOCK_ROWS = 18
#: An integer with more digits than this is written as a sum of ``digits * 10^k`` chunks.
CHUNK_DIGITS = 36

_RAMP_DEF = r"\psi(t) &= \min\left(1, [t]_{+}\right), \quad [t]_{+} = \max\left(0, t\right)"


# ---------------------------------------------------------------------------------------------
# width estimate


_CMD_PT = {
    r"\psi": 7.0, r"\alpha": 6.5, r"\beta": 6.0, r"\cdot": 7.8, r"\le": 13.4, r"\ge": 13.4, r"\in": 12.2,
    r"\approx": 13.4, r"\quad": 10.0, r"\qquad": 20.0, r"\,": 1.7, r"\;": 2.8, r"\min": 16.0, r"\max": 18.0,
    r"\mathbb": 0.0, r"\infty": 10.0, r"\rho": 5.5, r"\sum": 14.0,
}


def _group(s: str, i: int) -> tuple:
    """The content of the brace group starting at ``s[i] == '{'`` and the index after it."""
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "{":
            depth += 1
        elif s[j] == "}":
            depth -= 1
            if depth == 0:
                return s[i + 1:j], j + 1
    return s[i + 1:], len(s)


def _width(tex: str) -> float:
    """A rough width in points of a line of math (10 pt Computer Modern), erring on the wide side."""
    tex = tex.replace(r"\left", "").replace(r"\right", "")
    w, i, n = 0.0, 0, len(tex)
    while i < n:
        ch = tex[i]
        if tex.startswith(r"\frac", i):
            a, i = _group(tex, i + 5)
            b, i = _group(tex, i)
            w += max(_width(a), _width(b)) + 3.0
        elif tex.startswith(r"\sqrt", i):
            a, i = _group(tex, i + 5)
            w += _width(a) + 9.0
        elif tex.startswith(r"\begin{pmatrix}", i):
            end = tex.find(r"\end{pmatrix}", i)
            body = tex[i + 15:end].replace(r"\\[3pt]", r"\\")
            w += max(_width(r) for r in body.split(r"\\")) + 16.0
            i = end + 13
        elif tex.startswith(r"\text{", i):
            a, i = _group(tex, i + 5)
            w += 5.0 * len(a)
        elif ch == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", tex[i:])
            w += _CMD_PT.get(m.group(0), 6.0)
            i += len(m.group(0))
        elif ch in "_^":
            if i + 1 < n and tex[i + 1] == "{":
                a, i = _group(tex, i + 1)
            else:
                a, i = tex[i + 1:i + 2], i + 2
            w += 0.75 * _width(a)
        elif ch in "+-=<>":
            w += 13.0
            i += 1
        elif ch in "{} &":
            i += 1
        elif ch in "()[]":
            w += 4.5
            i += 1
        elif ch == ",":
            w += 4.5
            i += 1
        else:
            w += 5.5
            i += 1
    return w


# ---------------------------------------------------------------------------------------------
# numbers and names


def _top_terms(text: str) -> list:
    """``text`` split at its top-level ``+``/``-`` (not inside braces or parentheses), signs kept."""
    terms, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        if ch in "{(":
            depth += 1
        elif ch in "})":
            depth -= 1
        elif ch in "+-" and depth == 0 and k > 0 and text[:k].strip():
            terms.append(text[start:k].strip())
            start = k
    terms.append(text[start:].strip())
    return [t for t in terms if t]


def _is_sum(text: str) -> bool:
    """True when the LaTeX of a number is a sum or difference (a sign after its first term)."""
    return len(_top_terms(text)) > 1


class _Names:
    """The numbers too wide to show inline: each gets a name, defined once below the formula."""

    def __init__(self, symbol: str = r"\alpha", limit: float = NAME_PT) -> None:
        self.symbol = symbol
        self.limit = limit
        self.defs: list = []  # (name, latex of the value)
        self._by_value: dict = {}

    def number(self, x: Exact) -> str:
        """The LaTeX of ``x``, or the name standing for it when it is too wide."""
        text = latex_number(x)
        if _width(text) <= self.limit:
            return text
        key = (type(x).__name__, exact_str(x))
        if key not in self._by_value:
            self._by_value[key] = self._define(self._chunked(x, text))
        return self._by_value[key]

    def summands(self, x: Exact) -> str:
        """The LaTeX of ``x`` as a sum that may break between terms: only the terms too wide are named."""
        text = latex_number(x)
        terms = _top_terms(text)
        if len(terms) == 1:
            return self.number(x)
        out = []
        for t in terms:
            sign, body = (t[0], t[1:].strip()) if t[0] in "+-" else ("", t)
            if _width(body) > self.limit:
                body = self._by_value.get(("text", body)) or self._name_text(body)
            out.append(f"{sign} {body}".strip() if sign else body)
        return " ".join(out[:1] + [t if t[0] in "+-" else f"+ {t}" for t in out[1:]])

    def _name_text(self, body: str) -> str:
        name = self._define(body)
        self._by_value[("text", body)] = name
        return name

    def _define(self, text: str) -> str:
        for name, known in self.defs:
            if known == text:
                return name
        name = f"{self.symbol}_{{{len(self.defs) + 1}}}"
        self.defs.append((name, text))
        return name

    def _chunked(self, x: Exact, text: str) -> str:
        """A rational with huge numerator or denominator as a quotient of two named integers."""
        if isinstance(x, mpq) and max(len(str(abs(x.numerator))), len(str(x.denominator))) > CHUNK_DIGITS:
            sign = "-" if x < 0 else ""
            p, q = (_integer_sum(abs(x.numerator)), _integer_sum(x.denominator))
            p = self._define(p) if _width(p) > NAME_PT else p
            q = self._define(q) if _width(q) > NAME_PT else q
            return f"{sign}\\frac{{{p}}}{{{q}}}"
        return text


def _integer_sum(n: int) -> str:
    """``n`` as ``d_1 \\cdot 10^{k_1} + ... + d_m``, chunks of 18 digits: an exact integer that can break over lines."""
    digits = str(n)
    if len(digits) <= CHUNK_DIGITS:
        return digits
    chunks, size = [], 18
    head = len(digits) % size or size
    pieces = [digits[:head]] + [digits[k:k + size] for k in range(head, len(digits), size)]
    for idx, piece in enumerate(pieces):
        power = size * (len(pieces) - 1 - idx)
        value = piece.lstrip("0")
        if not value:
            continue
        zeros = len(value) - len(value.rstrip("0"))
        value, power = value[:len(value) - zeros], power + zeros
        chunks.append(value if power == 0 else f"10^{{{power}}}" if value == "1" else f"{value} \\cdot 10^{{{power}}}")
    return " + ".join(chunks)


def _coefficient(text: str) -> str:
    """A number about to multiply a variable: a sum is parenthesised, so that it multiplies as a whole."""
    return rf"\left({text}\right)" if _is_sum(text) else text


def _affine_terms(w, b, names: _Names) -> list:
    """The terms of ``w_1 y_1 + ... + w_d y_d + b``, each after the first with its sign (``"+ ..."``, ``"- ..."``).

    Zero terms are dropped and unit coefficients simplified; a coefficient that is a sum is
    parenthesised; the bias stays one term even when it is a sum (it is not parenthesised: its
    own signs are those of the sum).
    """
    terms = []
    for i, wi in enumerate(w, 1):
        if wi == 0:
            continue
        coef = _coefficient(names.number(wi))
        var = f"y_{{{i}}}" if len(w) > 1 else "y"
        term = var if coef == "1" else f"-{var}" if coef == "-1" else f"{coef} {var}"
        if terms:
            term = f"- {term[1:].lstrip()}" if term.startswith("-") else f"+ {term}"
        terms.append(term)
    if b != 0 or not terms:
        nb = names.number(b) if not terms else names.summands(b)
        if terms:
            nb = f"- {nb[1:].lstrip()}" if nb.startswith("-") else f"+ {nb}"
        terms.append(nb)
    return terms


def _affine_form(w, b, names: _Names) -> str:
    """``w_1 y_1 + ... + w_d y_d + b`` on one line (:func:`_affine_terms` joined)."""
    return " ".join(_affine_terms(w, b, names))


def _broken(lhs: str, rhs, rel: str = "=") -> list:
    """``lhs &rel rhs`` as align rows: one row if it fits, else one term per row.

    ``rhs`` is a string (split at its top-level signs) or a list of terms (:func:`_affine_terms`).
    """
    terms = _top_terms(rhs) if isinstance(rhs, str) else list(rhs)
    one = f"{lhs} &{rel} {' '.join(terms)}"
    if _width(one) <= LINE_PT:
        return [one]
    rows = [f"{lhs} &{rel} {terms[0]}"]
    for t in terms[1:]:
        sign, body = (t[0], t[1:].strip()) if t[0] in "+-" else ("+", t)
        rows.append(rf"&\quad {sign} {body}")
    return rows


def _align(rows: Iterable[str]) -> str:
    """``rows`` as ``align*`` blocks of at most :data:`BLOCK_ROWS` lines each (a ``cases`` row counts its lines,
    a column vector its entries)."""
    blocks, current, height = [], [], 0
    for row in rows:
        lines = row.count("\n") + 1 + row.count(r" \\[3pt] ") + row.count(r" \\ ")
        if current and height + lines > BLOCK_ROWS:
            blocks.append(current)
            current, height = [], 0
        current.append(row)
        height += lines
    if current:
        blocks.append(current)
    return "\n".join("\\begin{align*}\n" + " \\\\\n".join(b) + "\n\\end{align*}" for b in blocks)


# ---------------------------------------------------------------------------------------------
# the formula


def _name(denoiser: Denoiser) -> str:
    """``h^{*}`` for a proved or certified minimiser, ``h`` for an upper-bound interpolant."""
    return r"h^{*}" if denoiser.minimiser else "h"


def _function_rows(f: PiecewiseLinear, name: str, names: _Names) -> list:
    """``name(y) &= cases`` with one row per linear piece and its closed interval."""
    rows = []
    for p in f.pieces():
        lo = None if p.lo is None else names.number(p.lo)
        hi = None if p.hi is None else names.number(p.hi)
        if lo is None and hi is None:
            cond = r"y \in \mathbb{R}"
        elif lo is None:
            cond = rf"y \le {hi}"
        elif hi is None:
            cond = rf"y \ge {lo}"
        else:
            cond = rf"{lo} \le y \le {hi}"
        rows.append(rf"{_affine_form((p.slope,), p.intercept, names)} & \text{{if }} {cond}")
    # a display does not break across pages: many pieces go in several cases blocks of the same h
    chunks = [rows[k:k + BLOCK_ROWS] for k in range(0, len(rows), BLOCK_ROWS)]
    return [rf"{name}(y) &= \begin{{cases}} " + " \\\\[3pt]\n  ".join(c) + r" \end{cases}" for c in chunks]


def latex_function(f: PiecewiseLinear, name: str = "h^{*}") -> str:
    """``name(y) = \\begin{cases} ... \\end{cases}`` in an ``align*`` block, one row per linear piece."""
    names = _Names()
    rows = _function_rows(f, name, names)
    return "\n".join([_align(rows)] + ([_align(_where(names, ()))] if names.defs else []))


def _units(net) -> list:
    """The network's units as ``(a, w, b, ramp)``: pairs ``a[t]_+ - a[t - g]_+`` fold into ``a g psi(t / g)``.

    Two units fold when they have the same ``w`` and opposite ``a``; with ``t = w.y + B`` the
    larger bias, ``g = B - B'`` the gap: ``a[t]_+ - a[t - g]_+ = a g psi(t/g)`` (``docs/theory.md``
    section 1.4).
    """
    units = list(net.units)
    used = [False] * len(units)
    out = []
    for k, u in enumerate(units):
        if used[k]:
            continue
        used[k] = True
        partner = None
        for m in range(k + 1, len(units)):
            v = units[m]
            if not used[m] and v.w == u.w and v.b != u.b and all(p == -q for p, q in zip(v.a, u.a)):
                partner = m
                break
        if partner is None:
            out.append((u.a, u.w, u.b, False))
            continue
        used[partner] = True
        v = units[partner]
        hi, lo = (u, v) if u.b > v.b else (v, u)
        g = hi.b - lo.b
        out.append((tuple(x * g for x in hi.a), tuple(x / g for x in hi.w), hi.b / g, True))
    return out


def _column(entries: list) -> str:
    """A column vector; rows holding fractions get 3pt more space, or their fractions touch."""
    sep = r" \\[3pt] " if any(r"\frac" in e for e in entries) else r" \\ "
    return r"\begin{pmatrix} " + sep.join(entries) + r" \end{pmatrix}"


def _vector(v, names: _Names) -> str:
    return _column([names.number(x) for x in v])


def _offset(net, names: _Names) -> str:
    """``c + V y`` as one column vector of affine forms (``c`` alone when there is no skip)."""
    d = net.dim
    entries = []
    for i in range(d):
        entries.append(_affine_form(net.V[i], net.c[i], names) if net.has_skip else names.number(net.c[i]))
    return _column(entries)


def _network_rows(denoiser: Denoiser, names: _Names) -> tuple:
    """The align rows of ``h(y) = c + sum_k a_k psi(s_k)``; arguments too wide for their row become ``s_k``."""
    net = denoiser.network
    name = _name(denoiser)
    head = f"{name}(y) &= {_offset(net, names)}"
    terms = []
    for a, w, b, ramp in _units(net):
        if all(x == 0 for x in a):
            continue
        terms.append((_vector(a, names), _affine_terms(w, b, names), ramp))

    def render(arg_names: bool) -> list:
        rows = [head]
        for k, (vec, arg, ramp) in enumerate(terms, 1):
            inner = f"s_{{{k}}}" if arg_names else " ".join(arg)
            call = rf"\psi\!\left({inner}\right)" if ramp else rf"\left[{inner}\right]_{{+}}"
            rows.append(rf"&\quad + {vec} {call}")
        return rows

    rows = render(False)
    if all(_width(r) <= LINE_PT for r in rows):
        return rows, ()
    return render(True), tuple((f"s_{{{k}}}", arg) for k, (_, arg, _) in enumerate(terms, 1))


def _where(names: _Names, arguments: tuple, ramp: bool = False) -> list:
    """The rows defining the unit arguments, the named numbers and (if used) the ramp unit."""
    rows = []
    for lhs, rhs in arguments:
        rows += _broken(lhs, rhs)
    for lhs, rhs in names.defs:
        rows += _broken(lhs, rhs)
    if ramp:
        rows.append(_RAMP_DEF)
    if rows:
        rows[0] = r"\text{where } " + rows[0]
    return rows


def _cost_rows(denoiser: Denoiser, names: _Names) -> list:
    """``R(h) = value \\approx decimal``, or the certified interval of the best cost of the family."""
    name = _name(denoiser)
    if denoiser.cost is not None:
        return [rf"R({name}) &= {names.number(denoiser.cost)}{_approx(denoiser.cost)}"]
    lo, hi = denoiser.cost_interval
    own = denoiser.network.cost()
    digits = interval_digits(lo, hi)  # enough to show the interval's width (M6: 14)
    return [
        rf"R({name}) &= {names.number(own)}{_approx(own)}",
        rf"\min_{{c}} R(h_{{c}}) &\in \left[{decimal_below(lo, digits)}, {decimal_above(hi, digits)}\right]",
    ]


def _approx(x: Exact) -> str:
    """`` \\approx decimal`` for the reader, or nothing when the number is a short exact decimal already."""
    shown = f"{to_float(x):.10g}"
    if isinstance(x, mpq) and "e" not in shown and mpq(shown) == x and len(shown) <= 12:
        return "" if x.denominator == 1 else rf" = {shown}"
    return rf" \approx {_decimal(x)}"


def _decimal(x: Exact) -> str:
    """A 10-significant-digit decimal of ``x`` for the reader (display only: the exact value is beside it)."""
    shown = f"{to_float(x):.10g}"
    if "e" not in shown:
        return shown
    mantissa, exponent = shown.split("e")
    return rf"{mantissa} \cdot 10^{{{int(exponent)}}}"


def _fits(rows: list) -> bool:
    """Every physical line of the rows (a ``cases`` block has one per piece) is estimated to fit."""
    return all(_width(line) <= LINE_PT for row in rows for line in row.split("\n"))


def _parts(denoiser: Denoiser) -> tuple:
    """``(formula rows, cost rows, where rows)`` of the display, sharing one set of names.

    In 1-D a piece's row holds four numbers (slope, intercept, two knots): when it is too wide,
    numbers are named at narrower and narrower widths until every row fits.
    """
    name = _name(denoiser)
    arguments: tuple = ()
    ramp = False
    if denoiser.function is not None:
        for limit in (NAME_PT, 95.0, 60.0, 30.0, 0.0):
            names = _Names(limit=limit)
            formula = _function_rows(denoiser.function, name, names)
            if _fits(formula):
                break
    else:
        names = _Names()
        formula, arguments = _network_rows(denoiser, names)
        ramp = True  # the where block defines psi and [.]_+, which the network rows use
    cost = _cost_rows(denoiser, names)
    return formula, cost, _where(names, arguments, ramp)


def latex_display(denoiser: Denoiser) -> str:
    """The denoiser as display math: ``align*`` blocks, math only, for LaTeX documents and MathJax.

    The formula (one term or piece per line), its cost, then, when used, a "where" block defining
    the unit arguments ``s_k``, the named numbers ``\\alpha_k`` and the ramp unit ``psi``.

    >>> from symden.closed_forms import min_cost_denoiser
    >>> from symden.data import DataSet
    >>> print(latex_display(min_cost_denoiser(DataSet(clean=[0, 1], radius="1/10"))))
    \\begin{align*}
    h^{*}(y) &= \\begin{cases} 0 & \\text{if } y \\le \\frac{1}{10} \\\\[3pt]
      \\frac{5}{4} y - \\frac{1}{8} & \\text{if } \\frac{1}{10} \\le y \\le \\frac{9}{10} \\\\[3pt]
      1 & \\text{if } y \\ge \\frac{9}{10} \\end{cases} \\\\
    R(h^{*}) &= \\frac{5}{2} = 2.5
    \\end{align*}
    """
    formula, cost, where = _parts(denoiser)
    blocks = [_align(formula + cost)]
    if where:
        blocks.append(_align(where))
    return "\n".join(blocks)


def latex_network(denoiser: Denoiser) -> str:
    """The network formula of a denoiser in ``R^d`` (any d), with its "where" block, as display math."""
    names = _Names()
    formula, arguments = _network_rows(denoiser, names)
    return "\n".join([_align(formula), _align(_where(names, arguments, True))])


# ---------------------------------------------------------------------------------------------
# text around the math


def latex_escape(text: str) -> str:
    """Plain text made safe for LaTeX: special characters escaped, long tokens given break points."""
    repl = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
            "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}
    text = text.replace("--", "-\x01")  # ``--numeric`` stays two hyphens, not an en dash
    text = text.replace("~", "\x02")  # symden's mark of a rounded value: typeset as \approx
    out = []
    text = text.replace("/", "/\x00")  # a break point after each slash (paths such as docs/theory.md)
    for token in re.split(r"(\s+)", text):
        pieces = [token[k:k + 12] for k in range(0, len(token), 12)] if len(token) > 16 else [token]
        out.append(r"\allowbreak{}".join("".join(repl.get(ch, ch) for ch in p) for p in pieces))
    return "".join(out).replace("\x00", r"\allowbreak{}").replace("\x01", "{}-").replace("\x02", r"$\approx$")


def _standing_text(denoiser: Denoiser) -> str:
    """What the formula is: a minimiser (proved or certified) or an upper-bound interpolant, and where."""
    theorem = latex_escape(denoiser.theorem)
    if denoiser.minimiser:
        on = f" (the data are similar to {latex_escape(denoiser.certified_on)})" if denoiser.certified_on else ""
        return (rf"$h^{{*}}$ is a minimiser of the representation cost $R$, {denoiser.standing.value}{on}: "
                rf"{theorem}; standing as in {latex_escape(cite('0.4'))}.")
    return (r"$h$ is an upper-bound interpolant, not known to be the minimiser: it satisfies every "
            r"interpolation constraint, so its exact cost bounds $\min R$ from above; optimality is not "
            rf"established ({theorem}; standing as in {latex_escape(cite('0.4'))}).")


def _cost_text(denoiser: Denoiser) -> Optional[str]:
    if denoiser.cost is not None:
        return None
    return (r"The interval is certified for the best cost $\min_c R(h_c)$ of the face-aligned family, its "
            r"decimal ends rounded outward (lower end down, upper end up); $R(h)$ is the exact cost of the "
            rf"printed network ({latex_escape(cite('4.6'))}, {latex_escape(cite('0.7'))}).")


def _ramp_text(denoiser: Denoiser) -> Optional[str]:
    if denoiser.function is not None:
        return None
    return (r"Here $y=(y_1,\dots,y_d)$, $[t]_+=\max(0,t)$ is the ReLU and $\psi$ the ramp unit "
            rf"({latex_escape(cite('1.4'))}).")


def _comments(denoiser: Denoiser) -> list:
    data = denoiser.data
    standing = denoiser.standing.value + (f" on {denoiser.certified_on}" if denoiser.certified_on else "")
    return [
        f"% symden: {data.name or 'data'} ({denoiser.structure.value}, {standing}: {denoiser.theorem})",
        f"% setting: {data.describe_setting()}",
        f"% convention: {denoiser.convention} ({cite('0.1')})",
    ] + [f"% note: {' '.join(n.split())}" for n in denoiser.notes]


def latex_denoiser(denoiser: Denoiser) -> str:
    """The ``derive --format latex`` fragment: comments, the display math, what the formula is.

    Compiles inside ``\\documentclass{article}\\usepackage{amsmath,amssymb}`` with no overfull line.
    """
    lines = _comments(denoiser)
    lines.append(latex_display(denoiser))
    notes = [t for t in (_standing_text(denoiser), _cost_text(denoiser), _ramp_text(denoiser)) if t]
    lines.append(_paragraph(notes))
    return "\n".join(lines)


def _paragraph(texts: Iterable[str]) -> str:
    """Text lines as one paragraph, ``\\sloppy`` inside a group: no overfull line, the caller's settings untouched."""
    return "{\\sloppy\\noindent " + "\n".join(texts) + "\\par}"


# ---------------------------------------------------------------------------------------------
# the standalone document


def _point(p) -> str:
    return "(" + ", ".join(latex_number(x) for x in p) + ")"


def _data_block(denoiser: Denoiser) -> list:
    """The data as text and math: the clean points, the radius or a summary of the samples."""
    data = denoiser.data
    names = _Names(r"\beta")
    points = [f"x_{{{n}}} &= {_vector_row(p, names)}" for n, p in enumerate(data.clean)]
    lines = [rf"\section*{{Data}}",
             rf"{data.size} clean point{'s' if data.size != 1 else ''} in $\mathbb{{R}}^{{{data.dim}}}$"
             + (f" ({latex_escape(data.description)})" if data.description else "") + ":",
             _align(points)]
    if data.radius is not None:
        lines.append(rf"Setting: online, $h(y) = x_n$ on every closed ball of radius $\rho = {names.number(data.radius)}$ "
                     rf"around $x_n$ ({latex_escape(cite('0.2'))}).")
    else:
        sizes = ", ".join(str(len(c)) for c in data.samples)
        lines.append(rf"Setting: offline, $h(y_{{n,m}}) = x_n$ at {sum(len(c) for c in data.samples)} samples "
                     rf"(per cluster: {sizes}; the exact samples are in the data file) ({latex_escape(cite('0.2'))}).")
    if names.defs:
        lines.append(_align(_where(names, ())))
    lines.append(rf"Convention: {_convention(denoiser.convention)} ({latex_escape(cite('0.1'))}).")
    return lines


def _convention(convention: str) -> str:
    """The cost convention as text with math (symden's own convention), or the given text escaped."""
    if convention != COST_CONVENTION:
        return latex_escape(convention)
    return (r"skip unit present ($Vy + c$ unpenalised), biases free: "
            r"$R(h) = \inf \tfrac12 \sum_k (|a_k|^2 + |w_k|^2) = \inf \sum_k |a_k|\,|w_k|$ "
            r"over the networks $h(y) = \sum_k a_k [w_k \cdot y + b_k]_+ + Vy + c$ realising $h$")


def _vector_row(p, names: _Names) -> str:
    return "(" + ", ".join(names.number(x) for x in p) + ")" if len(p) > 1 else names.number(p[0])


def _table(header: tuple, widths: tuple, rows: list) -> list:
    """A ``longtable`` with ragged-right ``p{}`` columns (widths as fractions of the text width)."""
    spec = "".join(rf">{{\raggedright\arraybackslash}}p{{{w}\textwidth}}" for w in widths)
    out = [rf"\begin{{longtable}}{{{spec}}}", r"\hline", " & ".join(header) + r" \\", r"\hline", r"\endhead"]
    out += [" & ".join(r) + r" \\" for r in rows]
    out += [r"\hline", r"\end{longtable}"]
    return out


def _verdict_rows(verdicts) -> list:
    rows = []
    for v in verdicts:
        detail = v.detail + (f" [{v.reference}]" if v.reference else "")
        if v.counterexample:
            shown = ", ".join(f"{q.value} = {_brief_value(val)}" for q, val in v.counterexample)
            detail += "; counterexample: " + shown + (" (~ marks rounded values; --format json prints them exactly)"
                                                      if "~" in shown else "")
        rows.append((latex_escape(v.name), r"\textbf{" + v.status.value + "}", latex_escape(detail)))
    return rows


def _brief_value(value) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_brief_value(x) for x in value) + ")"
    try:
        text = exact_str(value)
    except (TypeError, ValueError, AttributeError):
        return str(value)
    return text if len(text) <= 24 else f"~{to_float(value):.10g}"


def _alignment_rows(report: tuple) -> list:
    """Per unit: the data edges its ``w`` is parallel to, the facets it is normal to, its output direction, cost share."""
    rows = []
    for e in report:
        edges = ", ".join(f"$x_{{{i}}}-x_{{{j}}}$" for i, j in e.w_parallel_to_edges) or "--"
        facets = ", ".join(f"opposite $x_{{{n}}}$" for n in e.w_normal_to_facets) or "--"
        if e.output_direction is None:
            out = "--"
        else:
            out = "$(" + ", ".join(_short(x) for x in e.output_direction) + ")$"
        rows.append((str(e.unit + 1), edges, facets, out, f"{100 * e.cost_share:.2f}\\%"))
    return rows


def _short(x) -> str:
    text = latex_number(x)
    return text if _width(text) <= 40 else rf"\approx {to_float(x):.6g}"


def latex_document(denoiser: Denoiser, verdicts: Iterable) -> str:
    """A standalone LaTeX document: data, setting, convention, formula, cost, verdicts, alignment.

    Needs only ``amsmath``, ``amssymb``, ``array`` and ``longtable`` (Debian's texlive-latex-base and
    texlive-latex-recommended), and compiles with ``pdflatex`` with no overfull line.
    """
    data = denoiser.data
    title = latex_escape(data.name or "data")
    lines = [
        *_comments(denoiser),
        r"\documentclass{article}",
        r"\usepackage{amsmath,amssymb}",
        r"\usepackage{array,longtable}",
        r"\begin{document}",
        r"\sloppy",
        rf"\section*{{symden: the minimum-cost denoiser of {title}}}",
        rf"Structure: {latex_escape(denoiser.structure.value)}: {latex_escape(denoiser.summary)} "
        rf"({latex_escape(denoiser.theorem)}).",
        *_data_block(denoiser),
        r"\section*{Formula and cost}",
        latex_display(denoiser),
        _paragraph(t for t in (_standing_text(denoiser), _cost_text(denoiser), _ramp_text(denoiser)) if t),
    ]
    for note in denoiser.notes:
        lines.append(r"\par\noindent Note: " + latex_escape(note))
    lines += [r"\section*{Verdicts}",
              rf"Each claim checked by \texttt{{symden verify}}; the verdict words are defined in "
              rf"{latex_escape(cite('0.3'))}.", r"\par"]
    lines += _table(("claim", "verdict", "detail"), ("0.17", "0.18", "0.49"), _verdict_rows(verdicts))
    if data.dim >= 2:
        from symden.verify import alignment  # printing (layer 7) may use verify (layer 6)

        report = alignment(denoiser)
        if report:
            lines += [r"\section*{Alignment}",
                      rf"Per ReLU unit $k$ (as listed by \texttt{{symden derive}}): the data edges its direction $w_k$ is "
                      rf"parallel to, the facets it is normal to (exact comparison), its output direction $a_k$ "
                      rf"(first non-zero entry $\pm1$) and its share of the cost ({latex_escape(cite('4.8'))}).",
                      r"\par"]
            lines += _table(("$k$", "$w_k$ parallel to edge", "$w_k$ normal to facet", "output direction",
                             "cost share"), ("0.04", "0.2", "0.2", "0.22", "0.1"), _alignment_rows(report))
    lines.append(r"\end{document}")
    return "\n".join(lines) + "\n"
