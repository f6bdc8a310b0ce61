"""The exactness boundary without sympy, hashes that agree across processes, and reading data files.

* Rational and multi-quadratic numbers are read, validated and printed without importing sympy,
  mpmath or numpy; the hand-written parser and printer agree with sympy wherever they answer.
* Equal numbers hash equally, in both representations and in every process (pickled into a
  process with another PYTHONHASHSEED), and so do equal data sets.
* A data file without a name is named by its stem.
"""

from __future__ import annotations

import base64
import json
import os
import pickle
import subprocess
import sys
from fractions import Fraction

import pytest
import sympy
from gmpy2 import mpq
from hypothesis import given
from hypothesis import strategies as st

import symden._algebraic as alg
from symden.data import DataSet, dataset_from_json, dump_dataset, load_dataset, read_dataset
from symden.errors import DomainError, ExactLimitError, InexactNumberError, SymdenError
from symden.exact import Algebraic, exact, exact_str, sqrt_exact, to_sympy
from symden.network import ShallowNetwork, Unit
from symden.printing.jsonout import dumps
from symden.pwl import PiecewiseLinear
from tests.strategies import data_1d, multi_quadratic

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _python(code: str, *, seed: str = "0", stdin: str = "") -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", code], input=stdin, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


# ---------------------------------------------------------------------------------------
# sympy only where needed
# ---------------------------------------------------------------------------------------


def test_rational_data_and_quadratic_numbers_never_import_sympy_mpmath_or_numpy():
    out = _python(
        "import sys\n"
        "import symden\n"
        "before = set(sys.modules)\n"
        "import symden.exact, symden.data\n"
        "from symden.data import dataset_from_json\n"
        "from symden.exact import exact, exact_str, sqrt_exact\n"
        "ds = dataset_from_json('{\"clean\": [0, \"1/3\", 2.5], \"samples\": [[-0.1, 0.1], [\"1/4\", 0.4, 3e-1], [2, 3]]}')\n"
        "assert ds.samples[1][2] == (exact('3/10'),) and exact('1e-3') == exact('1/1000')\n"
        "r = exact('sqrt(3)/2') + exact('1/2+sqrt(5)')\n"
        "assert exact_str(r) == '1/2 + sqrt(3)/2 + sqrt(5)' and r > 2 and sqrt_exact(exact('7 + 4*sqrt(3)')) == exact('2 + sqrt(3)')\n"
        "assert hash(exact('sqrt(8)/4')) == hash(exact('1/sqrt(2)'))\n"
        "new = set(sys.modules) - before\n"
        "print(sorted(m for m in ('sympy', 'mpmath', 'numpy') if m in sys.modules and (m in new or m == 'sympy')))\n"
    )
    assert out.strip() == "[]"


@st.composite
def _expressions(draw, depth: int = 3) -> str:
    """Strings in the hand parser's language (and a few just outside it)."""
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        kind = draw(st.sampled_from(["int", "decimal", "exp", "sqrt"]))
        if kind == "int":
            return str(draw(st.integers(0, 60)))
        if kind == "decimal":
            return f"{draw(st.integers(0, 99))}.{draw(st.integers(0, 999)):03d}"
        if kind == "exp":
            return f"{draw(st.integers(1, 9))}e{draw(st.integers(-3, 3))}"
        return f"sqrt({draw(st.integers(0, 60))}/{draw(st.integers(1, 12))})"
    op = draw(st.sampled_from(["+", "-", "*", "/", "**", "^", "neg", "paren", "sqrt"]))
    a = draw(_expressions(depth - 1))
    if op == "neg":
        return f"-{a}"
    if op == "paren":
        return f"({a})"
    if op == "sqrt":
        return f"sqrt({a})"
    if op in ("**", "^"):
        return f"({a}){op}{draw(st.sampled_from(['2', '3', '-1', '-2', '0', '(1/2)', '-(2)']))}"
    return f"{a} {op} {draw(_expressions(depth - 1))}"


@given(_expressions())
def test_hand_parser_agrees_with_sympy_wherever_it_answers(text):
    fast = alg.parse_text(text)
    if fast is None:
        return  # declined: exact() hands the text to sympy
    expected = sympy.sympify(text.replace("^", "**"), rational=True)
    assert expected.is_finite
    assert type(fast) is type(alg.make(expected))
    assert sympy.expand(sympy.radsimp(to_sympy(fast) - expected)) == 0


def test_hand_parser_declines_what_it_cannot_read_exactly():
    for text in ["cbrt(2)", "sqrt(1 + sqrt(2))", "2^(1/3)", "1/0", "sqrt(2)/0", "0**-1", "sqrt(-2)", "7//2", "01",
                 "2 3", "e", "2e", "x + 1", "sqrt", "(1", "2**(1/2)", "1.2.3"]:
        assert alg.parse_text(text) is None, text
    assert alg.parse_text("-2**2") == -4 and alg.parse_text("2**3**2") == 512 and alg.parse_text("2**-1") == mpq(1, 2)
    assert alg.parse_text("0.5*sqrt(2)") == exact("sqrt(2)") / 2 and alg.parse_text("+-+3") == -3


@given(multi_quadratic())
def test_printing_without_sympy_is_sympy_s_own_text(value):
    x, _ = value
    if isinstance(x, Algebraic):
        assert str(x) == sympy.sstr(alg._terms_to_expr(x._terms))
        assert repr(x) == f"exact({sympy.sstr(x.expr)!r})"
    assert exact(exact_str(x)) == x and sympy.sympify(exact_str(x)) == to_sympy(x)


def test_printing_ties_and_huge_coefficients():
    # terms whose floats tie are left to sympy; coefficients beyond 4300 digits still print
    tie = exact("sqrt(2)") * mpq(10**17 + 1, 10**17) - exact("sqrt(8)") / 2
    assert str(exact("1 + sqrt(2)")) == "1 + sqrt(2)" and str(exact("2 - sqrt(3)")) == "2 - sqrt(3)"
    assert isinstance(tie, Algebraic) and exact(str(tie)) == tie
    huge = exact("sqrt(2)") * mpq(10**5000 + 1, 3)
    assert exact_str(huge).startswith("1" + "0" * 20) and exact_str(huge).endswith("*sqrt(2)/3")


# ---------------------------------------------------------------------------------------
# equal values hash equally, everywhere
# ---------------------------------------------------------------------------------------


def test_cube_root_equal_to_the_golden_ratio_hashes_alike():
    golden = exact("(1+sqrt(5))/2")
    root = exact("cbrt(2+sqrt(5))")
    assert root == golden and hash(root) == hash(golden)
    assert root._terms is not None  # degree 2: canonicalised into the fast form
    held = Algebraic(sympy.cbrt(2 + sympy.sqrt(5)))  # kept as written, sympy-backed
    assert held._terms is None and held == golden and hash(held) == hash(golden) and {golden: 1}[held] == 1
    half = alg._sympy_backed(sympy.cbrt(2 + sympy.sqrt(5)) - sympy.sqrt(5) / 2)  # a rational in disguise
    assert half == mpq(1, 2) and hash(half) == hash(mpq(1, 2)) == hash(Fraction(1, 2))


def test_degree_four_sympy_backed_number_hashes_like_its_fast_form():
    fast = exact("sqrt(2) + sqrt(3)")
    held = alg._sympy_backed(sympy.cbrt(11 * sympy.sqrt(2) + 9 * sympy.sqrt(3)))
    nested = alg._sympy_backed(sympy.sqrt(5 + 2 * sympy.sqrt(6)))
    assert held == fast == nested and hash(held) == hash(fast) == hash(nested)
    assert len({fast, held, nested, exact("sqrt(5 + 2*sqrt(6))")}) == 1


@given(multi_quadratic())
def test_equal_numbers_hash_equally_in_every_form(value):
    x, text = value
    forms = [x, exact(text), exact(exact_str(x)), pickle.loads(pickle.dumps(x)), alg.make(to_sympy(x))]
    if isinstance(x, Algebraic):
        forms.append(alg._sympy_backed(to_sympy(x)))  # the same number on the sympy path
        forms.append(alg._sympy_backed(sympy.sqrt(to_sympy(x) ** 2)) if x > 0 else -alg._sympy_backed(sympy.sqrt(to_sympy(x) ** 2)))
    for f in forms:
        assert f == x and x == f and hash(f) == hash(x)


@given(multi_quadratic(), multi_quadratic())
def test_hash_follows_equality(a, b):
    (x, _), (y, _) = a, b
    if x == y:
        assert hash(x) == hash(y)
    s = x + y
    assert hash(s - y) == hash(x) and (s - y) == x


_CHILD = """
import base64, pickle, sys
from fractions import Fraction
import sympy
from gmpy2 import mpq
import symden._algebraic as alg
from symden.data import DataSet
from symden.exact import Algebraic, exact
for line in sys.stdin:
    blob, source = line.rstrip("\\n").split(" ", 1)
    value = pickle.loads(base64.b64decode(blob))
    twin = eval(source)
    assert value == twin and twin == value, source
    assert hash(value) == hash(twin), source
    assert {twin: 1}[value] == 1, source
    print(hash(value) if not isinstance(value, DataSet) else "dataset")
"""

_VALUES = [
    "exact('sqrt(3)/2')",
    "exact('1/2 + sqrt(5) - 7*sqrt(30)/11')",
    "mpq(5, 6)",
    "exact('cbrt(2)')",
    "exact('sqrt(1 + sqrt(2))')",
    "alg._sympy_backed(sympy.cbrt(2 + sympy.sqrt(5)))",
    "alg._sympy_backed(sympy.sqrt(5 + 2*sympy.sqrt(6)))",
    "DataSet(clean=[0, 1, 3, '7/2'], radius='1/5', name='online', description='four points')",
    "DataSet(clean=[0, '1/3'], samples=[['-0.1', '0.1'], ['0.25', '0.4']], name='offline')",
    "DataSet(clean=[[0, 0], [1, 0], ['1/2', 'sqrt(3)/2']], radius='1/10', name='triangle')",
]


@pytest.mark.slow
def test_values_pickled_into_a_process_with_another_hash_seed_equal_and_hash_like_their_twins():
    lines, parent_hashes = [], []
    for source in _VALUES:
        value = eval(source)
        parent_hashes.append(hash(value))  # caches the hash before pickling: the defect's setting
        lines.append(base64.b64encode(pickle.dumps(value)).decode() + " " + source)
    for seed in ("1", "12345"):
        out = _python(_CHILD, seed=seed, stdin="\n".join(lines) + "\n").split()
        assert len(out) == len(_VALUES)
        for source, parent, child in zip(_VALUES, parent_hashes, out):
            if child != "dataset":
                assert int(child) == parent, f"{source}: an exact number's hash does not depend on the seed"


@given(data_1d)
def test_datasets_round_trip_with_their_hash(data):
    hash(data)
    for copy in (pickle.loads(pickle.dumps(data)), dataset_from_json(dump_dataset(data)), eval(repr(data), {
            "DataSet": DataSet, "mpq": mpq, "exact": exact})):
        assert copy == data and hash(copy) == hash(data)
    assert "_hash" not in pickle.loads(pickle.dumps(data)).__dict__


# ---------------------------------------------------------------------------------------
# errors stay in the family
# ---------------------------------------------------------------------------------------


def test_square_root_of_a_negative_number_is_a_domain_error():
    for value in (mpq(-1), exact("-sqrt(2)"), exact("1 - sqrt(3)")):
        with pytest.raises(DomainError, match="negative") as info:
            sqrt_exact(value)
        assert isinstance(info.value, SymdenError) and isinstance(info.value, ValueError)
        assert "\n" not in str(info.value)


def test_exact_refusals_are_unchanged_on_the_fast_paths():
    # (the same 69 strings give the same values and messages as before the fast paths; these are some)
    for text, fragment in [("1/0", "divides by zero"), ("1e", "could not be parsed"), ("2 3", "could not be parsed"),
                           ("0." + "1" * 1200, "longer than 1000"), ("1e1001", "exponent larger than 1000"),
                           ("١٢", None)]:
        if fragment is None:
            assert exact(text) == 12  # Fraction reads non-ASCII digits; so does the fallback
            continue
        with pytest.raises(InexactNumberError, match=fragment):
            exact(text, name="clean[0]")
    assert exact("+3") == 3 and exact(" -7/2 ") == mpq(-7, 2) and exact(".5") == mpq(1, 2) and exact("5.") == 5
    assert exact("3/-4") == mpq(-3, 4)  # not a fraction literal, but a Python expression sympy reads
    assert exact("1_000") == 1000  # Fraction's underscores, as before


# ---------------------------------------------------------------------------------------
# reading data files
# ---------------------------------------------------------------------------------------


def test_json_numbers_are_the_decimals_they_spell():
    ds = dataset_from_json('{"clean": [0.1, 1e-3, 2.5E+1, -0.0, 7], "radius": 1e-5}')
    assert [x for (x,) in ds.clean] == [mpq(1, 10), mpq(1, 1000), mpq(25), mpq(0), mpq(7)]
    assert ds.radius == mpq(1, 100000) and all(type(x) is mpq for (x,) in ds.clean)
    # a four-digit exponent takes the careful path, which still accepts what is in range
    assert dataset_from_json('{"clean": [0, 1e0999], "radius": 1}').clean[1] == (mpq(10) ** 999,)
    with pytest.raises(InexactNumberError, match=r"clean\[1\].*exponent larger than 1000"):
        dataset_from_json('{"clean": [0, 1.5e-1001], "radius": 1}')
    with pytest.raises(InexactNumberError, match=r"clean\[1\].*longer than 1000"):
        dataset_from_json('{"clean": [0, 0.' + "3" * 1001 + '], "radius": 1}')
    assert dataset_from_json(b'{"clean": [0.5], "radius": 0.25}').clean == ((mpq(1, 2),),)


def test_shared_samples_are_found_with_and_without_the_hull_short_cut():
    with pytest.raises(SymdenError, match="sample 1/2 is listed for clean"):
        dataset_from_json('{"clean": [0, 1, 3], "samples": [[0, 0.5], [2, 0.5], [3, 4]]}')
    ok = dataset_from_json('{"clean": [0, 1], "samples": [[0, 0, 0.5], [1, 0.75, 0.9]]}')  # repeats within a cluster
    assert len(ok.samples[0]) == 3


def test_a_file_without_a_name_is_named_by_its_stem(tmp_path, monkeypatch):
    path = tmp_path / "myset.json"
    path.write_text('{"clean": [0, 1], "radius": 0.1}', encoding="utf-8")
    assert load_dataset(path).name == "myset" and read_dataset(str(path)).name == "myset"
    named = tmp_path / "other.json"
    named.write_text('{"clean": [0, 1], "radius": 0.1, "name": "given"}', encoding="utf-8")
    assert load_dataset(named).name == "given"
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO('{"clean": [0, 1], "radius": 0.1}'))
    assert read_dataset("-").name == ""  # standard input keeps no name; printers title it "data"


# ---------------------------------------------------------------------------------------
# the JSON printer's fast encoder is json.dumps(indent=2), to the byte
# ---------------------------------------------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(max_size=4), _json_values, max_size=5))
def test_fast_indented_json_is_exactly_json_dumps(obj):
    assert dumps(obj) == json.dumps(obj, indent=2)


def test_fast_indented_json_hands_odd_keys_to_json_dumps():
    assert dumps({1: [2, {"a": None}], "b": ()}) == json.dumps({1: [2, {"a": None}], "b": ()}, indent=2)


# ---------------------------------------------------------------------------------------
# the fast paths of the 1-D value types compute what the direct definitions do
# ---------------------------------------------------------------------------------------

_q = st.builds(lambda p, q: mpq(p, q), st.integers(-40, 40), st.integers(1, 6))


@given(st.lists(st.tuples(_q, _q, _q, st.sampled_from([-2, -1, 0, 1, 3])), min_size=1, max_size=8),
       _q, _q, st.lists(_q, max_size=12))
def test_network_function_and_its_values_agree_with_direct_evaluation(units, v, c, points):
    net = ShallowNetwork(units=[Unit(a=(a,), w=(mpq(w),), b=b) for a, b, _, w in units], V=((v,),), c=(c,))
    f = net.to_pwl()
    pts = points + list(f.knots) + [t + mpq(1, 7) for t in f.knots]
    assert f.values_at(pts) == [f(y) for y in pts] == [net((y,))[0] for y in pts]
    assert f.slopes() == PiecewiseLinear(f.knots, f.values, f.left_slope, f.right_slope).slopes()
    inner = tuple((v1 - v0) / (t1 - t0) for t0, t1, v0, v1 in zip(f.knots, f.knots[1:], f.values, f.values[1:]))
    assert f.slopes() == (f.left_slope,) + inner + (f.right_slope,)

