"""A closed form's exact cost placed against a program's rigorous interval (shared by the programs in d >= 2)."""

from __future__ import annotations

__all__ = ["interval_relation"]


def interval_relation(cost, lower, upper) -> str:
    """Where the exact ``cost`` lies against ``[lower, upper]`` (either bound may be missing), as a phrase.

    >>> from gmpy2 import mpq
    >>> interval_relation(mpq(5), mpq(4), mpq(6)), interval_relation(mpq(7), None, mpq(6))[:21]
    ('inside the certified interval', 'above the upper bound')
    """
    if lower is not None and cost < lower:
        return "below the certified lower bound (the closed form's cost cannot be right)"
    if upper is not None and cost > upper:
        return "above the upper bound: an exact network interpolates more cheaply, so the closed form is not optimal here"
    if lower is not None and upper is not None:
        return "inside the certified interval"
    return "not placed: the interval is not complete"
