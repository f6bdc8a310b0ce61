"""The text of ``symden report``: each built-in example's derivation, its checks, and a summary."""

from __future__ import annotations

from typing import Sequence

from symden._version import __version__
from symden.exact import exact_str
from symden.network import COST_CONVENTION
from symden.printing.text import text_denoiser, text_table, text_verdicts
from symden.reference import cite
from symden.report import ExampleCheck

__all__ = ["text_examples"]

_RULE = "=" * 100


def _expected_cost(check: ExampleCheck) -> str:
    ex = check.example
    return ex.cost or "in the certified interval, containing " + str(ex.cost_approx)


def _outcome(check: ExampleCheck) -> str:
    if check.as_expected:
        return f"  as the theory predicts: cost {_expected_cost(check)}; " + ", ".join(
            f"{v.name} {v.status.value}" for v in check.verdicts)
    return (f"  NOT AS EXPECTED: cost {exact_str(check.denoiser.network.cost())} (expected {check.example.cost}); "
            f"unexpected verdicts: {', '.join(check.surprises) or 'none'}")


def text_examples(checks: Sequence[ExampleCheck]) -> str:
    """Every example's derivation and checks, whether each is as predicted, then a summary table."""
    lines = [
        f"symden {__version__} report: the built-in examples ({cite('8')}), derived and verified exactly",
        f"convention: {COST_CONVENTION}",
        "",
    ]
    summary = []
    for check in checks:
        ex, denoiser = check.example, check.denoiser
        lines += [_RULE, text_denoiser(denoiser, check.alignment), "", "  checks:", text_verdicts(check.verdicts), "",
                  _outcome(check), ""]
        summary.append((check.name, ex.data.setting, denoiser.structure, ex.cost or "~" + str(ex.cost_approx),
                        " ".join(f"{v.name}={v.status.value}" for v in check.verdicts),
                        "yes" if check.as_expected else "NO"))
    lines += [_RULE, "summary", ""]
    head = ("example", "setting", "structure", "R(h*)", "verdicts", "as predicted")
    lines.append(text_table([head] + summary, "  "))
    return "\n".join(lines)
