"""THEORY.md section 8's offline reference instances in the plane, built exactly.

Each clean point ``x_n`` gets 25 samples: ``x_n`` itself and the 24 points

    x_n + rho (cos 15k deg, sin 15k deg),    k = 0..23,   rho = 1/10

on the circle of radius rho around it. Cosines and sines of multiples of 15 degrees lie in
``Q(sqrt 2, sqrt 3)`` (``cos 15 = (sqrt 6 + sqrt 2)/4``), so the samples are exact
:class:`~symden.exact.Algebraic` numbers; nothing is rounded.
"""

from __future__ import annotations

from typing import Sequence

from symden.data import DataSet
from symden.errors import InvalidDataError
from symden.exact import Exact, exact

__all__ = ["OFFLINE_INSTANCES", "circle_offsets", "offline_samples", "offline_instance"]

# cos of 0, 15, ..., 90 degrees; every multiple of 15 degrees reduces to these by symmetry.
_COS_FIRST_QUADRANT = ("1", "(sqrt(6)+sqrt(2))/4", "sqrt(3)/2", "sqrt(2)/2", "1/2", "(sqrt(6)-sqrt(2))/4", "0")

_CIRCLE = "offline: centre + 24 points on the circle of radius 1/10"
#: name -> (clean points, description); rho = 1/10 and 24 circle points for all of them
OFFLINE_INSTANCES: dict = {
    "M2": (((0, 0), (1, 0), (2, 0), ("-9/10", "6/5")),
           f"obtuse rays (0,0),(1,0),(2,0),(-0.9,1.2), {_CIRCLE}; docs/theory.md section 9.3: OPT in [7.304819342, 7.304819577]"),
    "M3": (((0, 0), (1, 0), ("-1/2", 1)),
           f"obtuse triangle (0,0),(1,0),(-1/2,1), {_CIRCLE}; docs/theory.md section 9.2: OPT in [4.934552142, 4.934555192]"),
    "M4": (((0, 0), (1, 0), (0, 1)), f"right triangle (0,0),(1,0),(0,1), {_CIRCLE}"),
    "M5": (((0, 0), (1, 0), ("1/2", "sqrt(3)/2")),
           f"equilateral triangle of side 1, {_CIRCLE}; docs/theory.md section 9.3: OPT in [5.201152404, 5.201155392]"),
    "M6": (((0, 0), (1, 0), ("7/20", "9/10")), f"acute triangle (0,0),(1,0),(0.35,0.9), {_CIRCLE}"),
}


def _cos_deg(k: int) -> Exact:
    """cos(15 k degrees), exactly."""
    k %= 24
    if k <= 6:
        return exact(_COS_FIRST_QUADRANT[k])
    if k <= 12:
        return -_cos_deg(12 - k)
    return _cos_deg(24 - k)


def circle_offsets(radius: Exact = "1/10", *, count: int = 24) -> tuple:
    """The exact points ``radius (cos 15k deg, sin 15k deg)``, k = 0..23.

    >>> [tuple(str(v) for v in p) for p in circle_offsets(1)[:3]]
    [('1', '0'), ('sqrt(2)/4 + sqrt(6)/4', '-sqrt(2)/4 + sqrt(6)/4'), ('sqrt(3)/2', '1/2')]
    """
    if count != 24:
        raise InvalidDataError(f"count = {count}: only the 24 directions 15k degrees are built exactly")
    radius = exact(radius, name="radius")
    return tuple((radius * _cos_deg(k), radius * _cos_deg(k - 6)) for k in range(24))


def offline_samples(clean: Sequence, radius: Exact = "1/10") -> tuple:
    """Per clean point: the point itself followed by the 24 circle points around it."""
    offsets = circle_offsets(radius)
    out = []
    for n, x in enumerate(clean):
        x = tuple(exact(v, name=f"clean[{n}]") for v in x)
        out.append((x,) + tuple((x[0] + dx, x[1] + dy) for dx, dy in offsets))
    return tuple(out)


def offline_instance(name: str) -> DataSet:
    """THEORY.md section 8's offline instance ``name`` (M2 .. M6): centre + 24 circle points, rho = 1/10.

    Returns
    -------
    DataSet
        Offline data with 25 exact samples per clean point.

    Raises
    ------
    KeyError
        For an unknown name (the message lists the known ones).

    Examples
    --------
    >>> ds = offline_instance("M3")
    >>> ds.size, [len(c) for c in ds.samples], ds.samples[0][1]
    (3, [25, 25, 25], (mpq(1,10), mpq(0,1)))
    """
    try:
        clean, description = OFFLINE_INSTANCES[name]
    except KeyError:
        raise KeyError(f"no offline instance {name!r}; the instances are {', '.join(OFFLINE_INSTANCES)}") from None
    clean = tuple(tuple(exact(v) for v in p) for p in clean)
    return DataSet(clean=clean, samples=offline_samples(clean), name=f"{name}-offline", description=description)
