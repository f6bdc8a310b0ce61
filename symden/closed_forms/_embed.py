"""Embedding 1-D denoisers along directions of R^d (shared by the subspace and rays forms)."""

from __future__ import annotations

from typing import Sequence

from symden.denoiser import Denoiser
from symden.errors import ConditionError
from symden.exact import Exact
from symden.geometry import dot, norm2, scale
from symden.network import Unit

__all__ = ["embed_along"]


def embed_along(phi: Denoiser, base: Sequence[Exact], e: Sequence[Exact]) -> list:
    """Units of ``y -> e * phi(e.(y - base) / |e|^2)`` for a 1-D denoiser phi with V = 0.

    The coordinate ``s = e.(y - base)/|e|^2`` measures y along e in units of |e|, so data on
    the line ``base + s e`` have rational coordinates s whenever base and e are rational.
    Each 1-D unit ``a [w s + b]_+`` becomes ``(e a) [(w e/|e|^2).y + b - w e.base/|e|^2]_+``,
    whose cost ``|e a| |w e|/|e|^2 = |a w|`` is the 1-D unit's cost: the embedding preserves cost.
    The 1-D offset ``phi.c`` is not included (the caller adds ``e * c``).
    """
    if phi.network.has_skip:
        raise ConditionError("embed_along needs a 1-D denoiser without a skip term (V = 0)")
    e2 = norm2(e)
    direction = scale(e, 1 / e2)
    shift = dot(direction, base)
    units = []
    for u in phi.network.units:
        (a,), (w,), b = u.a, u.w, u.b
        units.append(Unit(a=scale(e, a), w=scale(direction, w), b=b - w * shift))
    return units
