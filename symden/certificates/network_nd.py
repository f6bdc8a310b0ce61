"""The exact upper-bound network for offline data in any dimension (docs/theory.md sections 6.5 and 6.8).

:func:`symden.certificates.planar.exact_network` re-solves the interpolation system of a planar
program's units exactly; :func:`exact_network_nd` is the same construction for samples in R^d
(any d >= 1), used by :mod:`symden.programs.group_lasso_nd`:

* the units ``(w, b)`` come exact from the program (rational directions, biases through samples);
* the system ``sum_u a_u [w_u.y_i + b_u]_+ + V y_i + c = T_i`` (all samples i) is row-reduced in
  exact arithmetic, the skip columns ``V, c`` first and then the units in the order given (the
  program lists the largest outputs first), so that the pivots are the best-conditioned columns
  and the free variables keep the program's rationalised values;
* the network is evaluated exactly at every sample, and its cost ``sum |a||w|``, each term
  rounded up to a rational and the sum up to a multiple of 10^-20, is the upper bound.

No solver and no floats decide anything here.
"""

from __future__ import annotations

from typing import Sequence

from gmpy2 import mpq

from symden.certificates.planar import _rational_above_sqrt, _reduce_consistent, _round_up
from symden.errors import ConditionError
from symden.exact import Exact, exact_sum
from symden.network import ShallowNetwork, Unit

__all__ = ["exact_network_nd"]


def _relu(x: Exact) -> Exact:
    return x if x > 0 else mpq(0)


def exact_network_nd(points: Sequence[Sequence[Exact]], targets: Sequence[Sequence[Exact]], units: Sequence,
                     skip: tuple) -> tuple:
    """The interpolation system of given units solved exactly in R^d: an exact network and a rational upper bound.

    Parameters
    ----------
    points, targets
        The distinct samples ``y_i`` and their clean points ``T_i`` (exact d-tuples).
    units
        ``(w, b, a_guess)`` per unit: its exact direction (any length; the cost is ``|a||w|``)
        and bias, and a rational guess of its output vector (the value of a free variable).
    skip
        ``(V_guess, c_guess)``: rational guesses of the skip matrix (d x d, rows) and offset.

    Returns
    -------
    (network, upper_bound, reason)
        ``network`` interpolates every sample exactly (checked); ``upper_bound`` is a rational
        at least its cost ``sum |a||w|``. Both are None when the exact system is inconsistent,
        and ``reason`` says why.

    Raises
    ------
    ConditionError
        For points, targets, directions or guesses of different dimensions.

    Examples
    --------
    >>> pts = [(mpq(0), mpq(0), mpq(0)), (mpq(1), mpq(0), mpq(0)), (mpq(0), mpq(1), mpq(0))]
    >>> zero = (mpq(0),) * 3
    >>> net, upper, _ = exact_network_nd(pts, pts, [], ((zero, zero, zero), zero))
    >>> net(pts[1]) == pts[1], upper
    (True, mpq(0,1))

    Targets (0, 0, 1, 0) at four points of a line need kinks at the second and third points, with
    slope changes 1 and -2 (cost 3):

    >>> line = [(mpq(t), mpq(0), mpq(0)) for t in range(4)]
    >>> goal = [(mpq(0), mpq(0), mpq(0)), (mpq(0), mpq(0), mpq(0)), (mpq(1), mpq(0), mpq(0)), (mpq(0), mpq(0), mpq(0))]
    >>> one = (mpq(1), mpq(0), mpq(0))
    >>> units = [(one, mpq(-1), zero), (one, mpq(-2), zero)]
    >>> net, upper, _ = exact_network_nd(line, goal, units, ((zero, zero, zero), zero))
    >>> [net(y) == t for y, t in zip(line, goal)], upper
    ([True, True, True, True], mpq(3,1))
    """
    units = list(units)
    if not points:
        raise ConditionError("exact_network_nd: no samples")
    d = len(points[0])
    V_guess, c_guess = skip
    if (any(len(y) != d for y in points) or any(len(t) != d for t in targets) or len(targets) != len(points)
            or any(len(w) != d or len(a) != d for w, _, a in units) or len(V_guess) != d
            or any(len(row) != d for row in V_guess) or len(c_guess) != d):
        raise ConditionError(f"exact_network_nd: every point, target, direction and guess must have dimension {d}")
    K = len(units)
    ncols = d + 1 + K  # V (d columns), c, then the units
    rows = []
    for y, t in zip(points, targets):
        feats = [_relu(exact_sum(wk * yk for wk, yk in zip(w, y)) + b) for w, b, _ in units]
        rows.append(list(y) + [mpq(1)] + feats + list(t))
    reduced = _reduce_consistent(rows, ncols)
    if reduced is None:
        return None, None, (f"the exact interpolation system of the {K} active units (directions made exact) is "
                            "inconsistent, so the float solution has no exact counterpart here")
    prow, pcols = reduced
    pivots = set(pcols)
    free = [col for col in range(ncols) if col not in pivots]
    sol = []
    for k in range(d):
        s = [mpq(V_guess[k][i]) for i in range(d)] + [mpq(c_guess[k])] + [mpq(u[2][k]) for u in units]
        for row, col in zip(prow, pcols):
            s[col] = row[ncols + k] - exact_sum(row[f] * s[f] for f in free)
        sol.append(s)
    net_units = []
    for u in range(K):
        a = tuple(sol[k][d + 1 + u] for k in range(d))
        if any(x != 0 for x in a):
            net_units.append(Unit(a=a, w=units[u][0], b=units[u][1]))
    network = ShallowNetwork(units=net_units, V=tuple(tuple(sol[k][:d]) for k in range(d)),
                             c=tuple(sol[k][d] for k in range(d)))
    for y, t in zip(points, targets):
        if network(y) != tuple(t):  # pragma: no cover - the reduction guarantees it; checked anyway
            return None, None, "the exactly re-solved network does not interpolate every sample"
    upper = _round_up(exact_sum(_rational_above_sqrt(exact_sum(x * x for x in u.a) * exact_sum(x * x for x in u.w))
                                for u in network.units)) if network.units else mpq(0)
    return network, upper, ""
