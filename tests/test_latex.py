"""The LaTeX printers: every printed formula parses back to the network's function, and compiles.

Parse-back (``sympy.parsing.latex.parse_latex(..., backend="lark")``): the printed display is read
row by row, the names of its "where" block are replaced by their printed definitions, and the
result is compared EXACTLY with the network at random rational points. The lark grammar lacks a
few constructs the display uses; :func:`_rewrite` replaces exactly these, each by its definition
as printed in the display itself:

* ``\\psi\\left(X\\right)`` -> ``\\min\\left(1, \\max\\left(0, X\\right)\\right)`` (the where block's
  ``\\psi(t) = \\min(1, [t]_+)``);
* ``\\left[X\\right]_{+}`` -> ``\\max\\left(0, X\\right)`` (``[t]_+ = \\max(0, t)``);
* the extra row space of column vectors and cases rows, ``\\\\[3pt]``, is dropped (spacing only);
* juxtaposition after ``\\end{pmatrix}`` or after ``\\sqrt{..}`` is multiplication: a ``\\cdot`` is
  inserted there (lark reads ``2 \\sqrt{5} \\cdot y`` but not ``2 \\sqrt{5} y``).

The 1-D ``cases`` block is read row by row: each expression and each bound of its condition is
parsed on its own. Equality is decided exactly: the parsed value is converted to symden's exact
numbers (:func:`symden.exact.exact`, real algebraic numbers) and compared with ``==``. sympy's
``Min``/``Max`` decide the ramp's kinks on algebraic arguments numerically; at random rational
points no argument is near a kink, and an undecided ``Max`` stays unevaluated, which makes the
exact conversion fail (so the test fails, never passes wrongly).
"""

from __future__ import annotations

import math
import random
import re
import shutil
import subprocess

import pytest
from gmpy2 import mpq

from symden.closed_forms import min_cost_denoiser
from symden.data import DataSet
from symden.examples import example
from symden.exact import exact, to_float
from symden.printing.latex import NAME_PT, _width, latex_denoiser, latex_display, latex_document
from symden.verify import verify_denoiser

sympy = pytest.importorskip("sympy")
pytest.importorskip("lark")
from sympy.parsing.latex import parse_latex  # noqa: E402

ACUTE = {"clean": [[0, 0], [1, 0], ["0.48", "0.85"]], "radius": "0.1"}
OBTUSE = {"clean": [[0, 0], [2, 0], ["-1/2", "3/2"]], "radius": "1/10"}
RAYS3 = {"clean": [[0, 0, 0], [1, 0, 0], [2, 0, 0], [0, 1, 0], [0, 0, 1]], "radius": "1/10"}


def _data(spec) -> DataSet:
    return example(spec).data if isinstance(spec, str) else DataSet(**spec)


CASES = {
    "acute": ACUTE,
    "obtuse": OBTUSE,
    "rays-R3": RAYS3,
    "U1": "U1",
    "U3": "U3",
    "M1": "M1",
    "M3": "M3",
    "M5": "M5",
    "M6": "M6",
    "M3-offline": "M3-offline",
}


class _Denoisers(dict):
    """Each case's denoiser, built on first use (M6's Weiszfeld centre is not needed by every test)."""

    def __missing__(self, case):
        self[case] = min_cost_denoiser(_data(CASES[case]))
        return self[case]

    def values(self):
        return [self[c] for c in CASES]

    def items(self):
        return [(c, self[c]) for c in CASES]


_DENOISERS = _Denoisers()


@pytest.fixture
def denoisers():
    return _DENOISERS


# ---------------------------------------------------------------------------------------------
# reading the display back


def _blocks(tex: str) -> list:
    tex = tex.replace(r"\\[3pt]", r"\\")  # the extra row space (module docstring): spacing only
    return re.findall(r"\\begin\{align\*\}\n(.*?)\n\\end\{align\*\}", tex, flags=re.S)


def _rows(block: str) -> list:
    """The rows of an align block (a ``cases`` block's own rows are indented, so they stay inside theirs)."""
    return [r.strip() for r in re.split(r" \\\\\n(?!  )", block)]


def _equations(rows: list) -> list:
    """``(lhs, rel, pieces)``: a row's right side, then its continuation rows (``&\\quad + ...``), one piece each."""
    eqs = []
    for row in rows:
        row = row.replace(r"\text{where } ", "")
        if row.startswith("&"):
            eqs[-1][2].append(row.lstrip("&").replace(r"\quad", "", 1).strip())
            continue
        lhs, rest = row.split("&", 1)
        rel, rhs = rest.split(" ", 1)
        eqs.append((lhs.strip(), rel, [rhs.strip()]))
    return eqs


def _matching(s: str, start: int, open_: str, close: str) -> int:
    """The index of the ``close`` that balances the ``open_`` ending just before ``start``."""
    depth, i = 1, start
    while i < len(s):
        if s.startswith(open_, i):
            depth += 1
            i += len(open_)
        elif s.startswith(close, i):
            depth -= 1
            if depth == 0:
                return i
            i += len(close)
        else:
            i += 1
    raise AssertionError(f"unbalanced {open_} in {s[:80]}")


def _rewrite(s: str) -> str:
    """The minimal rewrite of the module docstring: psi, [.]_+ and implicit products lark does not read."""
    s = s.replace(r"\psi\!\left(", r"\psi\left(")  # \! is a negative thin space
    while (i := s.find(r"\psi\left(")) >= 0:
        j = _matching(s, i + len(r"\psi\left("), r"\left(", r"\right)")
        inner = s[i + len(r"\psi\left("):j]
        s = s[:i] + rf"\min\left(1, \max\left(0, {inner}\right)\right)" + s[j + len(r"\right)"):]
    while (i := s.find(r"\left[")) >= 0:
        j = _matching(s, i + len(r"\left["), r"\left[", r"\right]")
        assert s.startswith(r"\right]_{+}", j), s[j:j + 20]
        s = s[:i] + rf"\max\left(0, {s[i + 6:j]}\right)" + s[j + len(r"\right]_{+}"):]
    s = s.replace(r"\\[3pt]", r"\\")
    s = re.sub(r"\\end\{pmatrix\}\s+(?=[\\a-z(])", r"\\end{pmatrix} \\cdot ", s)
    out, i = [], 0
    while (k := s.find(r"\sqrt{", i)) >= 0:
        depth, j = 0, k + 5
        while True:
            depth += {"{": 1, "}": -1}.get(s[j], 0)
            j += 1
            if depth == 0:
                break
        rest = s[j:]
        out.append(s[i:j] + (r" \cdot" if re.match(r"\s+[a-z\\]", rest) and not re.match(r"\s+\\(right|end|le|ge|approx)", rest) else ""))
        i = j
    out.append(s[i:])
    return "".join(out)


def _parse(s: str):
    tree = parse_latex(_rewrite(s), backend="lark")
    if type(tree).__name__ == "Tree":  # an ambiguous reading: refuse it rather than pick one
        raise AssertionError(f"ambiguous LaTeX: {s[:80]}")
    return tree


def _parse_pieces(pieces: list):
    """The sum of a row and its continuation rows, each parsed on its own (lark's time grows fast with length)."""
    total = _parse(pieces[0])
    for piece in pieces[1:]:
        # "+ a - b" adds a - b; "- a + b" adds -a + b (the unary minus binds the first term only)
        assert piece[0] in "+-", piece
        total = total + _parse(piece[1:].strip() if piece[0] == "+" else piece)
    return total


def _resolve(expr, defs: dict):
    """``expr`` with every defined name (a symbol) replaced by its parsed definition, until none is left."""
    for _ in range(10):
        names = expr.free_symbols & set(defs)
        if not names:
            return expr
        expr = expr.xreplace({n: defs[n] for n in names})
    raise AssertionError("definitions refer to each other in a cycle")


def _read(tex: str) -> tuple:
    """``(kind, formula pieces, cost equations, defs)`` of a display; defs maps each name's symbol to its value.

    The display may hold several ``align*`` blocks (long formulas continue in the next block, a
    1-D function with many pieces has several ``cases`` blocks): their rows are read in order.
    """
    eqs = _equations([row for block in _blocks(tex) for row in _rows(block)])
    formula, cost, defs = [], [], {}
    for lhs, rel, pieces in eqs:
        if lhs in (r"h^{*}(y)", "h(y)"):
            assert rel == "="
            formula.append(pieces)
        elif lhs.startswith("R(") or lhs.startswith(r"\min"):
            cost.append((lhs, rel, pieces))
        elif lhs.startswith(r"\psi"):
            assert pieces == [r"\min\left(1, [t]_{+}\right), \quad [t]_{+} = \max\left(0, t\right)"]
        else:
            assert rel == "=", lhs
            defs[_parse(lhs)] = _parse_pieces(pieces)
    if r"\begin{cases}" in formula[0][0]:
        rows = [p[0].split(r"\begin{cases}", 1)[1].rsplit(r"\end{cases}", 1)[0].strip() for p in formula]
        return "cases", [r"\begin{cases} " + " \\\\\n  ".join(rows) + r" \end{cases}"], cost, defs
    assert len(formula) == 1
    return "network", formula[0], cost, defs


def _points(den, count: int, seed: int) -> list:
    """Random rational points in the data's bounding box widened by 1; in 1-D also each piece's midpoint."""
    rng = random.Random(seed)
    d = den.data.dim
    lo = [math.floor(to_float(min(p[i] for p in den.data.clean))) - 1 for i in range(d)]
    hi = [math.ceil(to_float(max(p[i] for p in den.data.clean))) + 1 for i in range(d)]
    points = [tuple(lo[i] + (hi[i] - lo[i]) * mpq(rng.randrange(1, 9973), 9973) for i in range(d))
              for _ in range(count)]
    if den.function is not None:
        knots = list(den.function.knots)
        points += [((a + b) / 2,) for a, b in zip(knots, knots[1:])] + [(knots[0] - 1,), (knots[-1] + 1,)]
    return points


def _as_exact(value):
    return exact(sympy.nsimplify(value) if value.is_Float else value)


def _cases_function(formula: str, defs: dict):
    """The printed ``cases`` block as ``y -> value``: each row's expression and bounds parsed once."""
    assert len(formula) == 1
    body = formula[0].split(r"\begin{cases}", 1)[1].rsplit(r"\end{cases}", 1)[0]
    Y = sympy.Symbol("y")
    rows = []
    for row in body.split(" \\\\\n"):
        expr, cond = row.strip().split(r"& \text{if }")
        cond = cond.strip()
        if cond == r"y \in \mathbb{R}":
            lo = hi = None
        elif r"\ge" in cond:
            var, lo = re.split(r"\\ge(?![a-z])", cond)
            assert var.strip() == "y"
            lo, hi = _as_exact(_resolve(_parse(lo), defs)), None
        else:
            bounds = [b.strip() for b in re.split(r"\\le(?![a-z])", cond)]
            if len(bounds) == 2:
                assert bounds[0] == "y"
                lo, hi = None, _as_exact(_resolve(_parse(bounds[1]), defs))
            else:
                assert bounds[1] == "y"
                lo, hi = _as_exact(_resolve(_parse(bounds[0]), defs)), _as_exact(_resolve(_parse(bounds[2]), defs))
        rows.append((lo, hi, _resolve(_parse(expr.strip()), defs)))

    def value(y):
        for lo, hi, expr in rows:
            if (lo is None or lo <= y) and (hi is None or y <= hi):
                return (_as_exact(expr.subs(Y, sympy.Rational(int(y.numerator), int(y.denominator)))),)
        raise AssertionError(f"no row of the cases block holds at y = {y}")

    return value


def _network_function(formula: str, defs: dict, d: int):
    """The printed network formula as ``y -> value`` (parsed once)."""
    expr = _resolve(_parse_pieces(formula), defs)
    symbols = [sympy.Symbol("y")] if d == 1 else [sympy.Symbol(f"y_{{{i + 1}}}") for i in range(d)]

    def value(y):
        out = expr.subs({s: sympy.Rational(int(v.numerator), int(v.denominator)) for s, v in zip(symbols, y)})
        entries = list(sympy.Matrix(out.doit())) if hasattr(out, "shape") else [out]
        return tuple(_as_exact(sympy.sympify(v)) for v in entries)

    return value


def _agrees(tex: str, den, count: int = 4, seed: int = 0) -> bool:
    """True when the printed formula equals the network exactly at ``count`` random rational points."""
    kind, formula, _, defs = _read(tex)
    f = (lambda y, g=_cases_function(formula, defs): g(y[0])) if kind == "cases" else \
        _network_function(formula, defs, den.data.dim)
    return all(f(y) == tuple(den.network(y)) for y in _points(den, count, seed))


def _printed_cost(tex: str):
    kind, formula, cost, defs = _read(tex)
    lhs, rel, pieces = cost[0]
    assert len(pieces) == 1 and rel == "="
    value = re.split(r" \\approx | = ", pieces[0])[0]
    return _as_exact(_resolve(_parse(value), defs))


# ---------------------------------------------------------------------------------------------
# the tests


#: parse-back cases run in the fast suite (lark takes ~0.3 s per printed row, so the rest are slow)
FAST = ("U1", "M3")


def _speed(cases):
    return [c if c in FAST else pytest.param(c, marks=pytest.mark.slow) for c in cases]


@pytest.mark.parametrize("case", _speed(CASES))
def test_display_parses_back_to_the_network(denoisers, case):
    den = denoisers[case]
    assert _agrees(latex_display(den), den)


@pytest.mark.parametrize("case", _speed(CASES))
def test_printed_cost_is_the_exact_cost(denoisers, case):
    den = denoisers[case]
    expected = den.cost if den.cost is not None else den.network.cost()
    assert _printed_cost(latex_display(den)) == expected


@pytest.mark.slow
def test_a_wrong_sign_or_parenthesis_is_caught(denoisers):
    """The comparison is strong enough: one flipped coefficient sign or one dropped pair of parentheses fails it."""
    den = denoisers["M3"]
    tex = latex_display(den)
    assert _agrees(tex, den)
    # the first vector entry -\frac{1}{2} (the output direction of the second ramp) loses its sign
    flipped = tex.replace(r"\begin{pmatrix} -\frac{1}{2}", r"\begin{pmatrix} \frac{1}{2}", 1)
    assert flipped != tex and not _agrees(flipped, den)
    # a parenthesised sum coefficient loses its parentheses: only its last term multiplies y_1
    k = tex.index(r"\left(- \frac{50}{121}")
    j = tex.index(r"\right) y_{1}", k)
    unparenthesised = tex[:k] + tex[k + len(r"\left("):j] + tex[j + len(r"\right)"):]
    assert not _agrees(unparenthesised, den)
    # 1-D: one slope's sign
    den1 = denoisers["U1"]
    tex1 = latex_display(den1)
    assert _agrees(tex1, den1, count=8)
    assert not _agrees(tex1.replace(r"\frac{5}{3} y", r"-\frac{5}{3} y", 1), den1, count=8)


def test_upper_bound_is_h_not_h_star(denoisers):
    for case in ("acute", "M6"):
        den = denoisers[case]
        assert not den.minimiser
        tex = latex_denoiser(den)
        assert r"h^{*}" not in tex and "h(y) &=" in tex
        assert "upper-bound interpolant" in tex and "docs/\\allowbreak{}theory.md section 0.4" in tex
    tex = latex_denoiser(denoisers["U1"])
    assert r"h^{*}(y) &=" in tex and "is a minimiser" in tex


def test_fragment_names_data_setting_convention_and_cites_the_reference(denoisers):
    for den in denoisers.values():
        tex = latex_denoiser(den)
        lines = tex.splitlines()
        assert lines[0].startswith("% symden: ") and "docs/theory.md section" in lines[0]
        assert lines[1] == f"% setting: {den.data.describe_setting()}"
        assert lines[2].startswith(f"% convention: {den.convention}")
        assert "%" not in latex_display(den)


def test_certified_interval_is_rounded_outward(denoisers):
    den = denoisers["M6"]
    lo, hi = den.cost_interval
    m = re.search(r"\\in \\left\[([0-9.]+), ([0-9.]+)\\right\]", latex_display(den))
    a, b = mpq(m.group(1)), mpq(m.group(2))
    assert a <= lo and hi <= b  # exact comparisons: the printed interval contains the certified one
    # two digits more than the ends share (14 for M6's interval of width ~4e-12), so the printed
    # interval is at most a few times wider than the certified one
    assert len(m.group(1).replace(".", "")) == 14 and len(m.group(2).replace(".", "")) == 14
    assert b - a <= 2 * (hi - lo) + mpq(2, 10**13)
    assert len(re.sub(r"\s", "", latex_display(den))) < 3000  # no 60-digit fractions


@pytest.mark.slow
def test_wide_numbers_are_named_and_every_line_is_estimated_to_fit(denoisers):
    den = denoisers["M6"]
    tex = latex_display(den)
    assert r"\alpha_{1} &=" in tex
    for line in tex.splitlines():
        assert _width(line) <= 300, line
    # many pieces: several cases blocks (a display does not break across pages), read back as one function
    many = min_cost_denoiser(DataSet(clean=list(range(20)), radius="1/10"))
    tex_many = latex_display(many)
    assert tex_many.count(r"\begin{cases}") == 3 and _agrees(tex_many, many, count=2)
    # a 1-D data set with long exact knots: the knots get names, the rows stay short
    long = DataSet(clean=["1/3", "123456789012345678901/1000000000000000000"], radius="1/1000003")
    den1 = min_cost_denoiser(long)
    tex1 = latex_display(den1)
    assert r"\alpha_{" in tex1 and _agrees(tex1, den1, count=6)
    assert all(_width(line) <= 300 for line in tex1.splitlines())
    assert NAME_PT < 300


@pytest.mark.slow
def test_huge_integers_are_broken_exactly():
    den = min_cost_denoiser(DataSet(clean=["0", "1"], radius=str(mpq(1, 3 * 10**50 + 1))))
    tex = latex_display(den)
    assert r"\cdot 10^{" in tex
    assert _agrees(tex, den, count=6)
    assert _printed_cost(tex) == den.cost


# ---------------------------------------------------------------------------------------------
# compiling


def _compile(tmp_path, name: str, source: str) -> str:
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed (.ci/run installs texlive-latex-base and texlive-latex-recommended)")
    (tmp_path / f"{name}.tex").write_text(source)
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    log = (tmp_path / f"{name}.log").read_text(errors="replace")
    assert run.returncode == 0, log[-2000:]
    assert "Overfull \\hbox" not in log, re.findall(r"Overfull \\hbox.*\n.*\n", log)
    assert "Overfull \\vbox" not in log  # no display taller than the page
    assert (tmp_path / f"{name}.pdf").exists()
    return log


#: compiled only (their parse-back is covered by the cases above and the long-number tests)
COMPILE_ONLY = {
    "tetrahedron": {"clean": [[0, 0, 0], [1, 0, 0], ["0.3", "0.9", 0], ["0.4", "0.2", "0.8"]], "radius": "1/10"},
    "many-pieces": {"clean": [f"{7 * i}/5" for i in range(40)], "radius": "1/10"},
    "long-knots": {"clean": ["1/3", "123456789012345678901/1000000000000000000"], "radius": "1/1000003"},
    "huge": {"clean": ["0", "1"], "radius": str(mpq(1, 3 * 10**50 + 1))},
}


def test_fragments_compile_without_overfull_lines(denoisers, tmp_path):
    """Every fragment, \\input into the article class with amsmath and amssymb only."""
    names = []
    extra = [(case, min_cost_denoiser(DataSet(**spec))) for case, spec in COMPILE_ONLY.items()]
    for case, den in list(denoisers.items()) + extra:
        name = re.sub(r"\W", "", case)
        (tmp_path / f"{name}.tex").write_text(latex_denoiser(den) + "\n")
        names.append(name)
    main = ("\\documentclass{article}\\usepackage{amsmath,amssymb}\\begin{document}\n"
            + "\n".join(f"\\section*{{{n}}}\n\\input{{{n}}}" for n in names) + "\n\\end{document}\n")
    _compile(tmp_path, "fragments", main)


@pytest.mark.parametrize("case", ["acute", "obtuse", "M3", "M6", "U3", "rays-R3"])
def test_document_compiles_without_overfull_lines(denoisers, tmp_path, case):
    den = denoisers[case]
    tex = latex_document(den, verify_denoiser(den))
    for part in ("\\section*{Data}", "\\section*{Formula and cost}", "\\section*{Verdicts}", "Convention:", "Setting:"):
        assert part in tex
    assert ("\\section*{Alignment}" in tex) == (den.data.dim >= 2)
    _compile(tmp_path, "doc", tex)


# ---------------------------------------------------------------------------------------------
# the command line


def _write(tmp_path, spec: dict) -> str:
    import json

    path = tmp_path / "acute.json"
    path.write_text(json.dumps(spec))
    return str(path)


def test_derive_format_latex_is_the_fragment(tmp_path, capsys):
    from symden.cli.main import main

    assert main(["derive", _write(tmp_path, ACUTE), "--format", "latex"]) == 0
    out = capsys.readouterr().out
    assert out.rstrip("\n") == latex_denoiser(min_cost_denoiser(DataSet(**ACUTE, name="acute")))
    assert "\\begin{align*}" in out and r"h^{*}" not in out


def test_derive_writes_the_document_atomically(tmp_path, capsys):
    from symden.cli.main import main

    data = _write(tmp_path, ACUTE)
    out = tmp_path / "doc" / "acute.tex"
    assert main(["derive", data, "--latex-document", str(out)]) == 0
    assert f"LaTeX document written to {out}" in capsys.readouterr().out
    den = min_cost_denoiser(DataSet(**ACUTE, name="acute"))
    assert out.read_text() == latex_document(den, verify_denoiser(den))
    _compile(out.parent, "acute", out.read_text())
    # bad input: exit 2, nothing written, no temporary file left behind
    bad = tmp_path / "bad.json"
    bad.write_text('{"clean": [[0, 0], [1, 0]], "radius": 2}')
    target = tmp_path / "bad.tex"
    assert main(["derive", str(bad), "--latex-document", str(target)]) == 2
    assert not target.exists() and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_derive_pdf_compiles_the_document(tmp_path, capsys):
    from symden.cli.main import main

    data = _write(tmp_path, ACUTE)
    assert main(["derive", data, "--pdf"]) == 2  # --pdf alone: a usage error, nothing written
    assert "--latex-document" in capsys.readouterr().err
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed (.ci/run installs texlive-latex-base and texlive-latex-recommended)")
    out = tmp_path / "acute.tex"
    assert main(["derive", data, "--latex-document", str(out), "--pdf"]) == 0
    assert (tmp_path / "acute.pdf").read_bytes().startswith(b"%PDF")


#: the commands latex_display may use: amsmath/amssymb ones that MathJax 3 also implements
MATHJAX_COMMANDS = {r"\begin", r"\end", r"\frac", r"\sqrt", r"\left", r"\right", r"\psi", r"\text", r"\quad",
                    r"\le", r"\ge", r"\in", r"\mathbb", r"\approx", r"\min", r"\max", r"\alpha", r"\cdot", r"\!",
                    r"\\"}
MATHJAX_ENVIRONMENTS = {"align*", "pmatrix", "cases"}


@pytest.mark.parametrize("case", ["U1", "M3", "M6"])
def test_display_is_math_only_in_commands_mathjax_knows(denoisers, case):
    tex = latex_display(denoisers[case])
    assert "%" not in tex and r"\allowbreak" not in tex and "$" not in tex
    assert set(re.findall(r"\\(?:[A-Za-z]+|.)", tex)) <= MATHJAX_COMMANDS
    assert set(re.findall(r"\\(?:begin|end)\{([^}]*)\}", tex)) <= MATHJAX_ENVIRONMENTS
