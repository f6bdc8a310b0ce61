"""The exact upper-bound network of the online (ball) program, any d (docs/theory.md section 6b).

:mod:`symden.programs.online` solves the online group lasso in floats; this module turns its
support into an exact network that interpolates on every *whole* ball, and so gives a rigorous
upper bound of the minimal cost (the rigorous lower bound is :mod:`symden.certificates.sphere`'s).

The argument (docs/theory.md sections 6b.1 and 6b.3). Let every unit ``a [w.y - beta]_+`` have
``|w| = 1`` exactly and let no kink meet an open ball: ``|w.x_n - beta| >= rho`` for every ball n.
Then on each closed ball B_n every unit is either identically zero (``w.x_n + rho <= beta``) or
affine (``w.x_n - rho >= beta``), so the network h is affine on B_n, with Jacobian
``sum_{u active on n} a_u w_u^T + V`` and value ``h(x_n)`` at the centre. When that Jacobian is
the zero matrix and ``h(x_n) = x_n``, h equals x_n on the whole ball. All three facts are
checked here in exact arithmetic (rational directions; centres and radius may be algebraic), so
the returned network interpolates on every whole ball and its cost ``sum |a_u|`` (``|w_u| = 1``)
rounded up is an upper bound of the minimal cost.

Directions are rational points of the unit sphere (:func:`rational_unit_vector`, the inverse
stereographic projection of a rational point), so ``|w| = 1`` holds exactly and a kink's
distance to a centre is ``|w.x_n - beta|`` with no square root.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Optional, Sequence

from gmpy2 import mpq, mpz

from symden.errors import ConditionError, ExactLimitError, InvalidDataError
from symden.exact import Exact, exact_sum
from symden.geometry import row_reduce
from symden.network import ShallowNetwork, Unit

__all__ = ["ball_failures", "exact_online_network", "rational_unit_vector", "unit_allowed"]

_ROUNDING = mpz(10) ** 20


def _dot(u: Sequence, v: Sequence) -> Exact:
    return exact_sum(a * b for a, b in zip(u, v))


def rational_unit_vector(float_vector: Sequence[float], precision: int = 10**10) -> tuple:
    """An exact rational point of the unit sphere S^{d-1} near a float direction.

    The direction is normalised, projected stereographically from the pole opposite its largest
    coordinate (so the projection is well conditioned, ``|t| <= 1``), the projected point ``t``
    is made rational, and the inverse projection

        w_i = 2 t_i / (1 + |t|^2)  (i != k),    w_k = sigma (1 - |t|^2) / (1 + |t|^2)

    is exactly on the sphere, and ``|w - v/|v|| <= 2 |t - t_float|`` (the inverse projection is
    2-Lipschitz on the unit ball). In d = 2, ``t`` is the best rational approximation with
    denominator q at most ``precision`` (error at most ``1/(q (precision + 1))``); in d >= 3 the
    coordinates of ``t`` share the denominator ``precision`` (error at most ``1/(2 precision)`` each).
    Denominators of w are at most about ``2 precision^2``.

    Raises
    ------
    InvalidDataError
        For a zero, non-finite or empty vector, or precision < 1.

    Examples
    --------
    >>> w = rational_unit_vector([3.0, 4.0]); w, sum(x * x for x in w)
    ((mpq(3,5), mpq(4,5)), mpq(1,1))
    >>> w = rational_unit_vector([1.0, 1.0, 1.0]); sum(x * x for x in w) == 1
    True
    >>> rational_unit_vector([0.0, -2.0])
    (mpq(0,1), mpq(-1,1))
    """
    v = [float(x) for x in float_vector]
    if not v or not all(math.isfinite(x) for x in v):
        raise InvalidDataError(f"rational_unit_vector: {float_vector!r} is not a finite vector")
    if not isinstance(precision, int) or precision < 1:
        raise InvalidDataError(f"rational_unit_vector: precision = {precision!r} must be a positive integer")
    norm = math.sqrt(sum(x * x for x in v))
    if norm == 0:
        raise InvalidDataError("rational_unit_vector: the zero vector has no direction")
    v = [x / norm for x in v]
    d = len(v)
    k = max(range(d), key=lambda i: abs(v[i]))
    sigma = 1 if v[k] > 0 else -1
    others = [i for i in range(d) if i != k]
    raw = [v[i] / (1 + sigma * v[k]) for i in others]
    if d == 2:
        t = [mpq(Fraction(raw[0]).limit_denominator(precision))]
    else:
        q = mpz(precision)
        t = [mpq(mpz(round(x * precision)), q) for x in raw]
    s = exact_sum(x * x for x in t)
    den = 1 + s
    w = [mpq(0)] * d
    for i, x in zip(others, t):
        w[i] = 2 * x / den
    w[k] = sigma * (1 - s) / den
    return tuple(w)


def unit_allowed(centres: Sequence[Sequence[Exact]], rho: Exact, w: Sequence[Exact], beta: Exact) -> Optional[int]:
    """None when the kink ``w.y = beta`` (``|w| = 1``) meets no open ball, else the first ball it meets."""
    for n, x in enumerate(centres):
        p = _dot(w, x)
        if beta - rho < p < beta + rho:
            return n
    return None


def ball_failures(centres: Sequence[Sequence[Exact]], rho: Exact, network: ShallowNetwork) -> list:
    """Exact reasons why ``network`` (unit directions of norm 1) fails to equal x_n on some whole ball.

    Checks, per ball n: no kink meets the open ball, ``h(x_n) = x_n``, and the Jacobian
    ``sum_{u active on n} a_u w_u^T + V`` is zero. An empty list means h = x_n on every closed
    ball (module docstring). Units must have ``|w| = 1`` exactly (checked).
    """
    bad = []
    d = len(centres[0])
    for k, u in enumerate(network.units):
        if exact_sum(x * x for x in u.w) != 1:
            bad.append(f"unit {k}: |w| != 1")
    for n, x in enumerate(centres):
        J = [list(row) for row in network.V]
        for k, u in enumerate(network.units):
            z = u.preactivation(x)  # w.x_n - beta
            if -rho < z < rho:
                bad.append(f"ball {n}: the kink of unit {k} meets the open ball")
            elif z >= rho:
                for i in range(d):
                    for j in range(d):
                        J[i][j] = J[i][j] + u.a[i] * u.w[j]
        if tuple(network(x)) != tuple(x):
            bad.append(f"ball {n}: h(x_n) != x_n")
        if any(v != 0 for row in J for v in row):
            bad.append(f"ball {n}: the Jacobian on the ball is not zero")
    return bad


def _sqrt_up(q: mpq, bits: int = 96) -> mpq:
    """A rational upper bound of ``sqrt(q)`` (q >= 0 rational), exact for a rational square."""
    if q <= 0:
        return mpq(0)
    num, den = mpz(q.numerator), mpz(q.denominator)
    rn, rd = math.isqrt(int(num)), math.isqrt(int(den))
    if rn * rn == num and rd * rd == den:
        return mpq(rn, rd)
    shift = mpz(4) ** bits
    r = mpz(math.isqrt(int(num * den * shift)))
    if r * r != num * den * shift:
        r += 1
    return mpq(r, den * mpz(2) ** bits)


def _rational_above(x: Exact) -> mpq:
    """x when rational, else a rational just above it (checked exactly)."""
    if isinstance(x, mpq):
        return x
    f = float(x)
    gap = abs(f) * 2.0 ** -45 + 2.0 ** -60
    for _ in range(60):
        q = mpq(Fraction(f)) + mpq(Fraction(gap))
        if q >= x:
            return q
        gap *= 16
    raise ExactLimitError(f"could not bound {x} from above by a rational")


def exact_online_network(centres: Sequence[Sequence[Exact]], rho: Exact, units: Sequence, skip_guess: tuple) -> tuple:
    """The online equality system of given units solved exactly: a network equal to x_n on every whole ball.

    Parameters
    ----------
    centres
        The ball centres x_n (exact d-tuples; rationals or algebraic numbers).
    rho
        The common radius (exact, > 0).
    units
        ``(w, beta, a_guess)`` per unit: an exact direction with ``|w| = 1`` exactly (e.g. from
        :func:`rational_unit_vector`), an exact kink offset beta (the unit is ``a [w.y - beta]_+``),
        and a rational guess of its output vector (used for free variables of the system).
    skip_guess
        ``(V_guess, c_guess)``: rational guesses of the skip matrix (d x d, rows) and offset.

    Returns
    -------
    (network, upper_bound, reason)
        ``network`` equals x_n on every closed ball (checked exactly by :func:`ball_failures`);
        ``upper_bound`` is a rational at least its cost ``sum |a_u|`` (each term rounded up, the
        sum up to a multiple of 10^-20). Both are None when the exact system is inconsistent, and
        ``reason`` says why.

    Raises
    ------
    ConditionError
        When a unit's direction is not exactly of norm 1, or its kink meets an open ball (such a
        unit is not allowed in the online program, section 6b.1).

    Examples
    --------
    Two balls on a line and the 1-D ramp between them (cost 1/(1 - 2 rho) = 5/4):

    >>> centres, rho = [(mpq(0), mpq(0)), (mpq(1), mpq(0))], mpq(1, 10)
    >>> w = (mpq(1), mpq(0))
    >>> units = [(w, mpq(1, 10), (1, 0)), (w, mpq(9, 10), (-1, 0))]
    >>> net, upper, _ = exact_online_network(centres, rho, units, (((0, 0), (0, 0)), (0, 0)))
    >>> upper, [u.a for u in net.units]
    (mpq(5,2), [(mpq(5,4), mpq(0,1)), (mpq(-5,4), mpq(0,1))])
    """
    centres = [tuple(x) for x in centres]
    if not centres:
        raise InvalidDataError("exact_online_network: no centres")
    d = len(centres[0])
    units = list(units)
    for k, (w, beta, _) in enumerate(units):
        if len(w) != d:
            raise InvalidDataError(f"exact_online_network: unit {k} has a direction of length {len(w)}, not {d}")
        if exact_sum(x * x for x in w) != 1:
            raise ConditionError(f"exact_online_network: unit {k}'s direction is not exactly of norm 1 "
                                 "(use rational_unit_vector)")
        n = unit_allowed(centres, rho, w, beta)
        if n is not None:
            raise ConditionError(f"exact_online_network: the kink of unit {k} meets the open ball around centre {n}, "
                                 f"so the unit is not allowed (docs/theory.md section 6b.1)")
    K = len(units)
    ncols = K + d + 1
    # rows, one system shared by the d output coordinates: unknowns (a_u[i])_u, V[i, :], c[i]
    proj = [[_dot(w, x) for w, _, _ in units] for x in centres]
    rows = []
    for n, x in enumerate(centres):
        active = [proj[n][u] - units[u][1] >= rho for u in range(K)]
        value = [proj[n][u] - units[u][1] if active[u] else mpq(0) for u in range(K)]
        rows.append(value + list(x) + [mpq(1)] + list(x))  # value at the centre = x_n
        for j in range(d):
            jac = [units[u][0][j] if active[u] else mpq(0) for u in range(K)]
            rows.append(jac + [mpq(1) if jj == j else mpq(0) for jj in range(d)] + [mpq(0)] + [mpq(0)] * d)
    reduced, pivots = row_reduce(rows, ncols)
    r = len(pivots)
    if any(x != 0 for row in reduced[r:] for x in row[ncols:]):
        return None, None, (f"the exact equality system of the {K} units (directions and tangent biases made exact) is "
                            "inconsistent, so the float solution has no exact counterpart with these units")
    V_guess, c_guess = skip_guess
    sol = [[mpq(u[2][i]) for u in units] + [mpq(V_guess[i][j]) for j in range(d)] + [mpq(c_guess[i])]
           for i in range(d)]
    pivot_set = set(pivots)
    free = [col for col in range(ncols) if col not in pivot_set]
    for row, col in zip(reduced[:r], pivots):
        for i in range(d):
            sol[i][col] = row[ncols + i] - exact_sum(row[f] * sol[i][f] for f in free)
    net_units = [Unit.of_exact(tuple(sol[i][u] for i in range(d)), tuple(units[u][0]), -units[u][1])
                 for u in range(K) if any(sol[i][u] != 0 for i in range(d))]
    network = ShallowNetwork(units=net_units, V=tuple(tuple(sol[i][K + j] for j in range(d)) for i in range(d)),
                             c=tuple(sol[i][K + d] for i in range(d)))
    bad = ball_failures(centres, rho, network)
    if bad:  # pragma: no cover - the reduction guarantees it; checked anyway
        return None, None, "the exactly re-solved network fails on a ball: " + "; ".join(bad[:3])
    terms = []
    for u in network.units:
        sq = exact_sum(x * x for x in u.a)
        terms.append(_sqrt_up(_rational_above(sq)))
    total = exact_sum(terms)
    upper = mpq(math.ceil(total * _ROUNDING), _ROUNDING)
    return network, upper, ""
