"""Built-in example data sets (THEORY.md section 8) with the verdicts the theory predicts.

``symden report`` runs derive and verify on each and compares the verdicts with
``expected``; ``symden examples --write DIR`` writes them as data files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from symden.data import DataSet

__all__ = ["Example", "EXAMPLES", "example"]


@dataclass(frozen=True)
class Example:
    """A data set, its expected cost, and the expected verdict of every check that is not "proved"."""

    data: DataSet
    cost: str
    expected: Mapping[str, str] = field(default_factory=dict)

    def expected_status(self, check: str) -> str:
        """The verdict the theory predicts for ``check`` ("proved" unless listed)."""
        return self.expected.get(check, "proved")


EXAMPLES: dict[str, Example] = {
    "U1": Example(
        DataSet(
            clean=[0, 1, 3, "7/2"], radius="1/5", name="U1",
            description="1-D online, THEORY.md section 8: R = 95/6, unique, contractive",
        ),
        cost="95/6",
    ),
    "U1-offline": Example(
        DataSet(
            clean=[0, 1, 3, "7/2"],
            samples=[["-1/5", 0, "1/5"], ["4/5", 1, "6/5"], ["14/5", 3, "16/5"], ["33/10", "7/2", "37/10"]],
            name="U1-offline",
            description="U1's clean points with samples at x_n and x_n +- 1/5: the same hulls, so the same denoiser as U1",
        ),
        cost="95/6",
    ),
    "U3": Example(
        DataSet(
            clean=[0, 1], samples=[["-1/5", "-1/10", 0], ["4/5", 1, "11/10"]], name="U3",
            description="1-D offline, THEORY.md section 8: hulls [-1/5, 0] and [4/5, 11/10]; not contractive (1/8 at y = 1/2)",
        ),
        cost="5/2",
        expected={"contractivity": "refuted"},
    ),
}


def example(name: str) -> Example:
    """The built-in example called ``name`` (KeyError lists the names)."""
    try:
        return EXAMPLES[name]
    except KeyError:
        raise KeyError(f"no built-in example {name!r}; the examples are {', '.join(EXAMPLES)}") from None
