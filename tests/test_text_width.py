"""Readable text (issue 11 item 5): no line of `symden verify` output passes 200 characters on a built-in example,
and a counterexample never mixes exact and rounded entries."""

import pytest

from symden.closed_forms import min_cost_denoiser
from symden.examples import EXAMPLES
from symden.printing.text import text_header, text_verdicts
from symden.verify import verify_denoiser


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_verify_text_lines_are_at_most_200_characters(name):
    denoiser = min_cost_denoiser(EXAMPLES[name].data)
    text = text_header(denoiser) + "\n\n" + text_verdicts(verify_denoiser(denoiser))
    longest = max(text.splitlines(), key=len)
    assert len(longest) <= 200, longest


def test_a_long_counterexample_is_rounded_whole_and_says_where_the_exact_values_are():
    denoiser = min_cost_denoiser(EXAMPLES["M6"].data)  # contractivity refuted with algebraic h(y)
    (v,) = [v for v in verify_denoiser(denoiser) if v.name == "contractivity"]
    text = " ".join(text_verdicts([v]).split())  # the line is wrapped; compare the words
    assert "h(y) = ~(" in text and "--format json prints them exactly" in text
    assert "sqrt" not in text.split("counterexample:")[1]  # the long algebraic entries are rounded
