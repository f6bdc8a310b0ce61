"""The built-in examples derived and verified exactly, against what the theory predicts.

``symden report`` prints :func:`check_examples` through
:func:`symden.printing.examples.text_examples`. Each :class:`ExampleCheck` records the
denoiser, its verdicts, the checks whose verdict differs from the predicted one, and whether the
cost matches (docs/theory.md section 8).

>>> check = check_example("U3")
>>> check.as_expected, check.surprises, [v.status.value for v in check.verdicts][-1]
(True, (), 'refuted')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from symden.closed_forms import min_cost_denoiser
from symden.denoiser import Denoiser
from symden.examples import EXAMPLES, Example
from symden.records import Status
from symden.verify import alignment, verify_denoiser

__all__ = ["ExampleCheck", "alignment", "check_example", "check_examples"]


@dataclass(frozen=True)
class ExampleCheck:
    """One built-in example, derived and verified, compared with the theory's predictions.

    Attributes
    ----------
    name, example
        The example's name and its :class:`~symden.examples.Example` (data and predictions).
    denoiser
        The closed form derived from the example's data.
    verdicts
        :func:`~symden.verify.verify_denoiser`'s verdicts, in order.
    alignment
        The alignment report of a multivariate denoiser (None in 1-D).
    surprises
        The names of the checks whose verdict is not the predicted one.
    cost_matches
        The exact cost equals the predicted one (or the certified interval contains the printed value).
    """

    name: str
    example: Example
    denoiser: Denoiser
    verdicts: tuple
    alignment: Optional[tuple]
    surprises: tuple
    cost_matches: bool

    @property
    def as_expected(self) -> bool:
        """Every verdict and the cost are as predicted."""
        return not self.surprises and self.cost_matches




def check_example(name: str, example: Optional[Example] = None) -> ExampleCheck:
    """Derive and verify the built-in example ``name`` (or ``example``) and compare with its predictions."""
    ex = EXAMPLES[name] if example is None else example
    denoiser = min_cost_denoiser(ex.data)
    verdicts = tuple(verify_denoiser(denoiser))
    surprises = tuple(v.name for v in verdicts if Status(v.status) is not ex.expected_status(v.name))
    return ExampleCheck(
        name=name, example=ex, denoiser=denoiser, verdicts=verdicts, alignment=alignment(denoiser),
        surprises=surprises, cost_matches=ex.cost_matches(denoiser),
    )


def check_examples(names: Optional[Iterable[str]] = None) -> tuple:
    """:func:`check_example` for each named built-in example (all of them by default), in registry order."""
    return tuple(check_example(name) for name in (EXAMPLES if names is None else names))
