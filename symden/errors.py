"""The exceptions symden raises for bad input.

Verdicts are returned (see :mod:`symden.verify`); errors are raised. Every error
belongs to a small family under :class:`SymdenError` and also inherits the
matching builtin, so ``except ValueError`` keeps working for callers who do not
know symden. Messages name the offending value and the violated condition, on
one line, so the command-line tool can print them as they are.
"""

from __future__ import annotations

__all__ = [
    "SymdenError",
    "InexactNumberError",
    "InvalidDataError",
    "DataFileError",
    "ConditionError",
    "ExactLimitError",
    "UsageError",
    "DomainError",
]


class SymdenError(Exception):
    """Base class of every error symden raises on purpose."""


class InexactNumberError(SymdenError, TypeError):
    """A number that is not exact (a binary float) or not a finite real algebraic number."""


class InvalidDataError(SymdenError, ValueError):
    """A data set that is malformed in itself: empty, mismatched dimensions, duplicates, a bad radius."""


class DataFileError(InvalidDataError):
    """A data file that cannot be read or parsed, or that has unknown or missing keys."""


class ConditionError(SymdenError, ValueError):
    """Well-formed data that violate a theorem's hypothesis (THEORY.md names the condition).

    Raised by a closed-form constructor when the data do not fit it: overlapping noise
    balls or hulls, a cluster with a single distinct sample, and so on. The message says
    which condition failed and for which points, and what to use instead when there is
    something else to use.
    """


class ExactLimitError(SymdenError, ArithmeticError):
    """Exact arithmetic hit a limit (an overflow, a degree or size bound) and could not decide.

    Not bad input and never a refutation: a check that meets it reports an *inconclusive*
    verdict naming what could not be decided; a command that meets it exits with the
    inconclusive code.
    """


class UsageError(SymdenError, ValueError):
    """An unknown name or option: a lemma, a lemma variant, a built-in example, a structure.

    The message names the value and lists the known ones.
    """


class DomainError(SymdenError, ValueError):
    """An exact operation asked for outside its domain, such as the square root of a negative number."""
