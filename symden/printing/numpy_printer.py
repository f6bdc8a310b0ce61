"""The one lossy printer: a network as a numpy function of float arrays.

Results are floating-point approximations for plotting and quick experiments; they never
decide a verdict.
"""

from __future__ import annotations

from typing import Callable

from symden.exact import to_float
from symden.network import ShallowNetwork

__all__ = ["numpy_function"]


def numpy_function(net: ShallowNetwork) -> Callable[[np.ndarray], np.ndarray]:
    """A float approximation ``Y -> h(Y)`` for ``Y`` of shape (n, d), returning (n, d). Lossy."""
    import numpy as np  # imported on use: importing symden.printing must not load numpy

    A = np.array([[to_float(v) for v in u.a] for u in net.units], dtype=float).reshape(len(net.units), net.dim)
    W = np.array([[to_float(v) for v in u.w] for u in net.units], dtype=float).reshape(len(net.units), net.dim)
    b = np.array([to_float(u.b) for u in net.units], dtype=float)
    V = np.array([[to_float(v) for v in row] for row in net.V], dtype=float)
    c = np.array([to_float(v) for v in net.c], dtype=float)

    def h(Y: np.ndarray) -> np.ndarray:
        Y = np.atleast_2d(np.asarray(Y, dtype=float))
        return np.maximum(Y @ W.T + b, 0.0) @ A + Y @ V.T + c

    return h
