"""Built-in example data sets (docs/theory.md section 8) with the verdicts the theory predicts.

``symden report`` runs derive and verify on each and compares the verdicts with ``expected``
(:func:`symden.report.check_examples`); ``symden examples --write DIR`` writes them as data files.

:data:`EXAMPLES` is a read-only mapping that builds each example on first access: listing the
names costs nothing, and the offline instances (25 exact samples per clean point, built through
:mod:`symden.instances`) are built only when asked for.

>>> list(EXAMPLES)[:3]
['U1', 'U1-offline', 'U3']
>>> EXAMPLES["U1"].cost
'95/6'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Mapping, Optional

from gmpy2 import mpq

from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import UsageError
from symden.exact import exact
from symden.records import Status

__all__ = ["Example", "EXAMPLES", "UnknownExampleError", "example"]


@dataclass(frozen=True)
class Example:
    """A data set, its expected cost, and the expected verdict of every check that is not "proved".

    ``cost`` is the exact cost as a string, or None when docs/theory.md gives only a rounded value
    ``cost_approx``: then the exact cost (or the certified interval) must match it to its last digit.
    """

    data: DataSet
    cost: Optional[str]
    expected: tuple = ()
    cost_approx: Optional[str] = None

    def __post_init__(self) -> None:
        # ``expected`` may be given as a mapping; it is kept as sorted (check, Status) pairs so that
        # the record stays frozen and hashable
        pairs = self.expected.items() if isinstance(self.expected, Mapping) else self.expected
        object.__setattr__(self, "expected", tuple(sorted((str(k), Status(v)) for k, v in pairs)))

    def expected_status(self, check: str) -> Status:
        """The verdict the theory predicts for ``check`` (PROVED unless listed)."""
        return next((status for name, status in self.expected if name == check), Status.PROVED)

    def cost_matches(self, denoiser: Denoiser) -> bool:
        """The exact cost equals ``cost``, or the certified interval contains ``cost_approx`` (half a unit in its last place)."""
        if self.cost is not None:
            return denoiser.cost is not None and denoiser.cost == exact(self.cost)
        approx = exact(self.cost_approx)
        digits = len(self.cost_approx.split(".")[1]) if "." in self.cost_approx else 0
        half_ulp = mpq(1, 2 * 10**digits)
        lo, hi = denoiser.cost_interval if denoiser.cost is None else (denoiser.cost, denoiser.cost)
        return lo - half_ulp <= approx <= hi + half_ulp


_BUILDERS: dict[str, Callable[[], Example]] = {
    "U1": lambda: Example(
        DataSet(
            clean=[0, 1, 3, "7/2"], radius="1/5", name="U1",
            description="1-D online, docs/theory.md section 8: R = 95/6, unique, contractive",
        ),
        cost="95/6",
    ),
    "U1-offline": lambda: Example(
        DataSet(
            clean=[0, 1, 3, "7/2"],
            samples=[["-1/5", 0, "1/5"], ["4/5", 1, "6/5"], ["14/5", 3, "16/5"], ["33/10", "7/2", "37/10"]],
            name="U1-offline",
            description="U1's clean points with samples at x_n and x_n +- 1/5: the same hulls, so the same denoiser as U1",
        ),
        cost="95/6",
    ),
    "U3": lambda: Example(
        DataSet(
            clean=[0, 1], samples=[["-1/5", "-1/10", 0], ["4/5", 1, "11/10"]], name="U3",
            description="1-D offline, docs/theory.md section 8: hulls [-1/5, 0] and [4/5, 11/10]; not contractive (1/8 at y = 1/2)",
        ),
        cost="5/2",
        expected={"contractivity": "refuted"},
    ),
    "M1": lambda: Example(
        DataSet(clean=[[0, 0], [1, 0], [3, 0]], radius="1/10", name="M1",
                description="collinear in R^2, docs/theory.md section 8: R = 2/0.8 + 4/1.8"),
        cost="85/18",
    ),
    "M2": lambda: Example(
        DataSet(clean=[[0, 0], [1, 0], [2, 0], ["-0.9", "1.2"]], radius="1/10", name="M2",
                description="obtuse rays, docs/theory.md section 8: R = 2/0.8 + 2/0.8 + 3/1.3, certified"),
        cost="95/13",
        expected={"optimality": "certified", "uniqueness": "inconclusive"},
    ),
    "M3": lambda: Example(
        DataSet(clean=[[0, 0], [1, 0], ["-1/2", 1]], radius="1/10", name="M3",
                description="obtuse triangle, docs/theory.md section 8: edge-aligned, certified"),
        cost="2/(4/5) + 2*sqrt(5/4)/(sqrt(5/4) - 1/5)",
        expected={"optimality": "certified", "uniqueness": "inconclusive"},
    ),
    "M4": lambda: Example(
        DataSet(clean=[[0, 0], [1, 0], [0, 1]], radius="1/10", name="M4",
                description="right triangle, docs/theory.md section 8: R = 5 (edge- and face-aligned coincide); "
                            "not contractive in the plane"),
        cost="5",
        expected={"uniqueness": "inconclusive", "contractivity": "refuted"},
    ),
    "M5": lambda: Example(
        DataSet(clean=[[0, 0], [1, 0], ["1/2", "sqrt(3)/2"]], radius="1/10", name="M5",
                description="equilateral triangle, docs/theory.md section 8: face-aligned around the centroid, certified"),
        cost="4*sqrt(3)/(sqrt(3) - 2/5)",
        expected={"optimality": "certified", "uniqueness": "inconclusive"},
    ),
    "M6": lambda: Example(
        DataSet(clean=[[0, 0], [1, 0], ["0.35", "0.9"]], radius="1/10", name="M6",
                description="acute triangle, docs/theory.md section 8: face-aligned around the weighted Fermat-Weber point, "
                            "cost as a certified interval"),
        cost=None,
        cost_approx="5.16742",
        expected={"cost": "certified", "optimality": "inconclusive", "uniqueness": "inconclusive",
                  "contractivity": "refuted"},
    ),
    # docs/theory.md section 8's offline instances (each clean point plus 24 exact points on its
    # circle): the closed forms are labelled upper bounds; `symden verify FILE --numeric` decides them.
    "M3-offline": lambda: _offline("M3", "4.93476"),
    "M5-offline": lambda: _offline("M5", "5.20116"),
}


def _offline(name: str, approx: str) -> Example:
    from symden.instances import offline_instance

    return Example(
        offline_instance(name), cost=None, cost_approx=approx,
        expected={"optimality": "inconclusive", "uniqueness": "inconclusive"},
    )


class UnknownExampleError(UsageError, KeyError):
    """A name that is not a built-in example (the message lists the names)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class _Examples(Mapping):
    """name -> :class:`Example`, each built by its builder on first access and kept."""

    def __init__(self, builders: Mapping[str, Callable[[], Example]]) -> None:
        self._builders = dict(builders)
        self._built: dict[str, Example] = {}

    def __getitem__(self, name: str) -> Example:
        try:
            return self._built[name]
        except KeyError:
            pass
        try:
            builder = self._builders[name]
        except (KeyError, TypeError):
            raise UnknownExampleError(f"no built-in example {name!r}; the examples are {', '.join(self._builders)}") from None
        return self._built.setdefault(name, builder())

    def __contains__(self, name: object) -> bool:
        return name in self._builders

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)

    def __repr__(self) -> str:
        return f"<the built-in examples {', '.join(self._builders)}>"


#: name -> Example, built on first access (docs/theory.md section 8).
EXAMPLES: Mapping[str, Example] = _Examples(_BUILDERS)


def example(name: str) -> Example:
    """The built-in example called ``name``.

    Raises
    ------
    UnknownExampleError
        For an unknown name (a SymdenError and a KeyError; the message lists the names).
    """
    return EXAMPLES[name]
