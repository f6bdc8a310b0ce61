"""The theory's lemmas, each re-derived symbolically (docs/theory.md sections 1, 3, 4, 5).

``LEMMAS`` maps a lemma's name to its module; every module exposes ``STATEMENT``,
``LATEX_STATEMENT``, ``VARIANTS`` (deliberately false variants), ``prove(*, variant=None)`` returning a
:class:`LemmaResult`, and ``main()``. :func:`prove_lemmas` runs several; :func:`latex_document`
prints their statements and derivations as a standalone LaTeX document.
"""

from __future__ import annotations

from types import ModuleType
from typing import Iterable, Optional

from symden.errors import UsageError
from symden.lemmas import balancing, contractivity, frame, ramp, ramp_certificate, triangles, univariate_cost
from symden.lemmas._base import Derivation, LemmaResult, Step, print_result
from symden.lemmas._latex import latex_document

__all__ = ["LEMMAS", "LemmaResult", "Step", "Derivation", "prove_lemmas", "latex_document", "print_result"]

#: name -> module, in the order of docs/theory.md
LEMMAS: dict[str, ModuleType] = {
    "balancing": balancing,
    "ramp": ramp,
    "univariate_cost": univariate_cost,
    "contractivity": contractivity,
    "ramp_certificate": ramp_certificate,
    "frame": frame,
    "triangles": triangles,
}


def prove_lemmas(names: Optional[Iterable[str]] = None) -> tuple:
    """Prove the named lemmas (all by default), in registry order; an unknown name raises UsageError."""
    chosen = list(LEMMAS) if not names else list(names)
    unknown = [n for n in chosen if n not in LEMMAS]
    if unknown:
        raise UsageError(f"unknown lemma {unknown[0]!r}; the lemmas are {', '.join(LEMMAS)}")
    return tuple(LEMMAS[n].prove() for n in chosen)
