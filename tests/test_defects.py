"""Regression tests for the defects of issue 9, each of which failed on the code before it.

(Start-up, parsing, hashing across processes and the command's exit codes have their own tests in
test_cli.py, test_exact.py and test_records.py.)
"""

from __future__ import annotations

import gc
import re
import weakref

import pytest
import sympy

from symden.closed_forms import min_cost_denoiser
from symden.data import DataSet
from symden.errors import ConditionError, ExactLimitError, SymdenError, UsageError
from symden.examples import EXAMPLES
from symden.exact import to_sympy
from symden.lemmas import prove_lemmas
from symden.lemmas import ramp
from symden.printing.latex import latex_denoiser
from symden.records import Status
from symden import verify
from symden.verify import verify_denoiser

OBTUSE_NEAR_M6 = DataSet(clean=[[0, 0], [1, 0], ["0.48", "0.85"]], radius="0.1")


def _inline_arguments(tex: str) -> str:
    """``tex`` with each ramp argument ``s_k``, which the display defines in its "where" block when it is wide, put back inline."""
    defs, last = {}, None
    for row in tex.replace(r"\text{where } ", "").split(" \\\\\n"):
        if row.startswith("&") and last is not None:
            defs[last] += " " + row.replace(r"&\quad", "", 1).strip()
        elif m := re.search(r"(?:^|\n)(s_\{\d+\}) &= (.*)", row):
            last, defs[m.group(1)] = m.group(1), m.group(2)
        else:
            last = None
    for name, value in defs.items():
        tex = tex.replace(rf"\psi\!\left({name}\right)", rf"\psi\left({value.split(chr(10))[0]}\right)")
    return tex


def _psi_arguments(tex: str) -> list:
    """The argument of every ``\\psi\\left( ... \\right)`` in a LaTeX network, brackets balanced."""
    tex = _inline_arguments(tex).replace(r"\psi\!\left(", r"\psi\left(")
    out, start = [], 0
    while (k := tex.find(r"\psi\left(", start)) >= 0:
        i, depth = k + len(r"\psi\left("), 1
        j = i
        while depth:
            if tex.startswith(r"\left(", j):
                depth, j = depth + 1, j + 6
            elif tex.startswith(r"\right)", j):
                depth, j = depth - 1, j + 7
            else:
                j += 1
        out.append(tex[i:j - 7])
        start = j
    return out


def test_latex_parenthesises_a_coefficient_that_is_a_sum():
    """The first ramp's argument printed ``- a - b y_1`` for the coefficient ``(-a - b)`` of y_1."""
    h = min_cost_denoiser(OBTUSE_NEAR_M6)
    args = _psi_arguments(latex_denoiser(h))
    ramps = h.network.units[::2]  # each ramp is the pair (a, w, b), (-a, w, b - 1)
    assert len(args) == len(ramps) == 3
    sums = 0
    for arg, unit in zip(args, ramps):
        for i, w in enumerate(unit.w, 1):
            if w == 0:
                continue
            coef = sympy.latex(to_sympy(w))
            if re.search(r".[+-]", coef):  # a sum or difference: printed in brackets, times y_i
                sums += 1
                assert rf"\left({coef}\right) y_{{{i}}}" in arg
            else:
                assert f"{coef} y_{{{i}}}" in arg or (coef in ("1", "-1") and f"y_{{{i}}}" in arg)
    assert sums >= 2  # the data were chosen so that some coefficients are sums: the test is not vacuous


def test_forcing_subspace_on_non_collinear_data_is_a_condition_error():
    with pytest.raises(ConditionError, match="subspace.*does not fit.*affine hull of dimension 2"):
        min_cost_denoiser(EXAMPLES["M3"].data, structure="subspace")


def test_forcing_an_unknown_structure_names_the_known_ones():
    with pytest.raises(ConditionError, match="unknown.*simplex-face"):
        min_cost_denoiser(EXAMPLES["M3"].data, structure="triangle")


def test_an_exact_limit_in_a_check_is_inconclusive_not_a_crash(monkeypatch):
    def overflowing(*args, **kwargs):
        raise ExactLimitError("the sign of a degree-64 algebraic number")

    monkeypatch.setattr(verify, "check_contractivity", overflowing)
    verdicts = verify_denoiser(min_cost_denoiser(EXAMPLES["U1"].data))
    contractivity = [v for v in verdicts if v.name == "contractivity"][0]
    assert contractivity.status is Status.INCONCLUSIVE
    assert "degree-64" in contractivity.detail
    assert [v.status for v in verdicts if v.name != "contractivity"] == [Status.PROVED] * 4


def test_no_cache_keeps_a_data_set_alive():
    data = DataSet(clean=[0, 1, 3], radius="1/5")
    ref = weakref.ref(data)
    verify_denoiser(min_cost_denoiser(data))
    del data
    gc.collect()
    assert ref() is None


def test_unknown_lemma_and_variant_are_symden_errors():
    with pytest.raises(UsageError, match="unknown lemma 'nope'"):
        prove_lemmas(["nope"])
    with pytest.raises(UsageError, match="variant = 'bogus'"):
        ramp.prove(variant="bogus")
    assert issubclass(UsageError, SymdenError) and issubclass(UsageError, ValueError)
