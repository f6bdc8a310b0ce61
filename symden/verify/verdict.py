"""Verdict records: what a check concludes, how strongly, and the evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping, Optional

from symden.records import Status  # transitional: the legacy Verdict below goes once its users move to records

__all__ = ["Status", "Verdict"]


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check.

    Attributes
    ----------
    name
        The claim checked (``"interpolation"``, ``"cost"``, ...).
    status
        :class:`Status`.
    detail
        One or two sentences: what was checked, how, and the result.
    counterexample
        When refuted: exact witness values (a point, the value there, the violation).
    facts
        Exact quantities the check established (a cost, a worst value, an equality set),
        keyed by name, for programs that read the result.
    """

    name: str
    status: Status
    detail: str
    counterexample: Optional[Mapping[str, Any]] = None
    facts: Mapping[str, Any] = field(default_factory=dict)

    @property
    def holds(self) -> bool:
        """True for PROVED and CERTIFIED."""
        return self.status in (Status.PROVED, Status.CERTIFIED)
