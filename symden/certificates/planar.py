"""The planar weak-duality certificate and the exact upper-bound network (docs/theory.md sections 5 and 6).

Exact mathematics for offline data in d = 2 (:mod:`symden.programs.group_lasso` builds and solves
the group-lasso program and hands its rationalised candidates here):

* lower bound: dual weights ``lambda_i`` are projected *exactly* onto
  ``{sum lambda_i = 0, sum lambda_i y_i^T = 0}`` (:func:`project_dual`); weak duality gives
  ``OPT >= sum_i lambda_i.T_i / S`` for any ``S >= sup_{|w|=1, b} |eta(w, b)|``, and
  :func:`sup_eta_bound` computes such an S in exact integer arithmetic (section 5: in d = 2 it
  is a maximum over arcs of finitely many quadratic forms), :func:`dual_lower_bound` the bound;
* upper bound: units with exact directions and biases, the interpolation system solved in exact
  arithmetic (:func:`exact_network`); the network is evaluated exactly at every sample, and its
  cost ``sum |a||w|`` rounded up to a rational is the upper bound.

No solver and no floats decide anything here (floats only order events before an exact sort,
and seed rational enclosures that are then checked exactly).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Optional, Sequence

from gmpy2 import mpq, mpz

from symden.errors import ConditionError, ExactLimitError
from symden.exact import Exact, exact_sum, rationalize, to_float
from symden.geometry import row_reduce
from symden.network import ShallowNetwork, Unit

__all__ = [
    "DualBound",
    "dual_lower_bound",
    "exact_network",
    "project_dual",
    "rational_above",
    "rational_below",
    "sup_eta_bound",
]

# Bits of the dyadic surrogates in the rigorous supremum (errors are bounded exactly).
_SURROGATE_BITS = 48


# --------------------------------------------------------------------------------------------
# records


@dataclass(frozen=True)
class DualBound:
    """A weak-duality lower bound, every number exact (THEORY.md section 5).

    Attributes
    ----------
    weights
        The dual weights ``lambda_i`` (exact 2-vectors), one per distinct sample, with
        ``sum lambda_i = 0`` and ``sum lambda_i y_i^T = 0`` exactly.
    numerator
        A rational lower bound of ``sum_i lambda_i . T_i`` (equal to it when rational).
    sup_bound
        A rational ``S >= sup_{|w| = 1, b} |eta(w, b)|`` over all directions.
    lower_bound
        ``numerator / sup_bound`` rounded down to a multiple of 10^-20 (0 when the numerator is
        not positive).
    points, targets
        The samples ``y_i`` and targets ``T_i`` the weights belong to, in the same order (so
        that the bound can be re-checked from the record alone).
    """

    weights: tuple
    numerator: mpq
    sup_bound: mpq
    lower_bound: mpq
    points: tuple = ()
    targets: tuple = ()


# --------------------------------------------------------------------------------------------
# exact dual: projection, rigorous supremum, lower bound


def _solve_exact(A: list, b: list) -> Optional[list]:
    """Gauss-Jordan on a small square exact system; None when singular."""
    n = len(A)
    rows = [list(A[i]) + [b[i]] for i in range(n)]
    for col in range(n):
        piv = next((r for r in range(col, n) if rows[r][col] != 0), None)
        if piv is None:
            return None
        rows[col], rows[piv] = rows[piv], rows[col]
        p = rows[col][col]
        rows[col] = [x / p for x in rows[col]]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                f = rows[r][col]
                rows[r] = [x - f * y for x, y in zip(rows[r], rows[col])]
    return [rows[i][n] for i in range(n)]


def project_dual(points: Sequence[Sequence[Exact]], weights: Sequence[Sequence[Exact]]) -> tuple:
    """The exact orthogonal projection of dual weights onto ``{sum lambda_i = 0, sum lambda_i y_i^T = 0}``.

    Per output coordinate k, ``lambda^(k) <- lambda^(k) - G (G^T G)^{-1} G^T lambda^(k)`` with
    ``G = [1 | y]`` (rows ``(1, y_i)``). These constraints annihilate the free offset c and skip
    matrix V, which weak duality needs exactly (THEORY.md section 5).

    Parameters
    ----------
    points
        The samples ``y_i`` (exact d-tuples). When they do not span R^d affinely, the
        constraints along the missing directions are implied by the others and dropped.
    weights
        Exact weights ``lambda_i`` (d-tuples), e.g. rationalised solver duals.

    Returns
    -------
    tuple
        The projected weights, exact.

    Examples
    --------
    >>> pts = [(mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(0), mpq(1)), (mpq(1), mpq(1))]
    >>> lam = project_dual(pts, [(mpq(1), mpq(0))] * 4)
    >>> lam
    ((mpq(0,1), mpq(0,1)), (mpq(0,1), mpq(0,1)), (mpq(0,1), mpq(0,1)), (mpq(0,1), mpq(0,1)))
    """
    d = len(points[0])
    G = [(mpq(1),) + tuple(y) for y in points]
    # Columns of G that are dependent (collinear samples) add no constraint: keep a basis.
    basis: list = []
    for col in range(d + 1):
        trial = basis + [col]
        gram = [[exact_sum(g[a] * g[b] for g in G) for b in trial] for a in trial]
        if _solve_exact(gram, [mpq(0)] * len(trial)) is not None:
            basis = trial
    gram = [[exact_sum(g[a] * g[b] for g in G) for b in basis] for a in basis]
    out = [list(w) for w in weights]
    for k in range(d):
        rhs = [exact_sum(g[a] * w[k] for g, w in zip(G, weights)) for a in basis]
        coef = _solve_exact(gram, rhs)
        for i, g in enumerate(G):
            out[i][k] = weights[i][k] - exact_sum(cf * g[a] for cf, a in zip(coef, basis))
    return tuple(tuple(w) for w in out)


def _dyadic(x: Exact, bits: int) -> tuple:
    """``(X, err)``: an integer X with ``|x - X / 2^bits| <= err`` (err exact, checked exactly)."""
    scale = mpz(2) ** bits
    if isinstance(x, mpq):
        X = mpz(math.floor(x * scale + mpq(1, 2)))
        return X, abs(x - mpq(X, scale))
    f = to_float(x)
    X = mpz(round(f * float(scale))) if math.isfinite(f) else mpz(0)
    approx = mpq(X, scale)
    err = mpq(Fraction(max(2.0 ** -bits, abs(f) * 2.0 ** -50)))
    for _ in range(60):
        if approx - err <= x <= approx + err:
            return X, err
        err *= 16  # the float was worse than claimed (a sympy-backed number); widen and re-check
    raise ExactLimitError(f"could not enclose {x} to within {to_float(err)} by a dyadic rational")


def _sqrt_up(q: mpq, bits: int = 128) -> mpq:
    """A rational upper bound of ``sqrt(q)`` (q >= 0), within about 2^-bits relative."""
    if q <= 0:
        return mpq(0)
    num, den = mpz(q.numerator), mpz(q.denominator)
    shift = mpz(4) ** bits
    r = mpz(math.isqrt(int(num * den * shift)))
    if r * r != num * den * shift:
        r += 1
    return mpq(r, den * mpz(2) ** bits)


def _half(d: tuple) -> int:
    return 0 if (d[1] > 0 or (d[1] == 0 and d[0] > 0)) else 1


def _angle_cmp(a: tuple, b: tuple) -> int:
    ha, hb = _half(a), _half(b)
    if ha != hb:
        return ha - hb
    cross = a[0] * b[1] - a[1] * b[0]
    return -1 if cross > 0 else (1 if cross < 0 else 0)


def _sign_plus_sqrt(alpha: int, beta: int, E: int) -> int:
    """The exact sign of ``alpha + beta sqrt(E)`` for integers, E >= 0."""
    sa = (alpha > 0) - (alpha < 0)
    sb = (beta > 0) - (beta < 0) if E > 0 else 0
    if sb == 0:
        return sa
    if sa == 0 or sa == sb:
        return sb
    diff = alpha * alpha - beta * beta * E
    return sa if diff > 0 else (sb if diff < 0 else 0)


def _toggle(M: list, lam: tuple, z: tuple, s: int) -> None:
    """``M += s lambda z^T`` in place (M flattened row by row)."""
    M[0] += s * lam[0] * z[0]
    M[1] += s * lam[0] * z[1]
    M[2] += s * lam[1] * z[0]
    M[3] += s * lam[1] * z[1]


def _sup_sq_integer(P: list, L: list) -> tuple:
    """``max_j max_{|w|=1} |sum_i L_i [w.(P_i - P_j)]_+|^2`` bounded above, for integer data.

    Returns ``(num, den, where)`` with the bound ``num/den`` (exact up to the rational rounding
    of square roots at the top eigenvalue of an arc) and ``where = (j, direction)``.
    """
    best_num, best_den, where = mpz(0), mpz(1), None
    n = len(P)
    for j in range(n):
        zs, ls = [], []
        for i in range(n):
            if i == j:
                continue
            z = (P[i][0] - P[j][0], P[i][1] - P[j][1])
            if z[0] == 0 and z[1] == 0:
                continue
            zs.append(z)
            ls.append(L[i])
        if not zs:
            continue
        events = []  # (direction, index, +1 enter / -1 leave)
        for k, z in enumerate(zs):
            rz = (-z[1], z[0])
            events.append((rz, k, -1))
            events.append(((z[1], -z[0]), k, +1))
        events.sort(key=lambda e: math.atan2(float(e[0][1]), float(e[0][0])) % (2 * math.pi))
        # exact insertion sort: the float order is almost right
        for a in range(1, len(events)):
            b = a
            while b > 0 and _angle_cmp(events[b - 1][0], events[b][0]) > 0:
                events[b - 1], events[b] = events[b], events[b - 1]
                b -= 1
        groups = []  # [direction, [(index, sign), ...]] per distinct direction, in angular order
        for d, k, s in events:
            if groups and _angle_cmp(groups[-1][0], d) == 0:
                groups[-1][1].append((k, s))
            else:
                groups.append([d, [(k, s)]])
        d0 = groups[0][0]
        rd0 = (-d0[1], d0[0])
        active = set()
        M = [mpz(0), mpz(0), mpz(0), mpz(0)]  # M[2a + b] = sum lambda[a] z[b]
        for k, z in enumerate(zs):
            t = d0[0] * z[0] + d0[1] * z[1]
            if t > 0 or (t == 0 and rd0[0] * z[0] + rd0[1] * z[1] > 0):
                active.add(k)
                _toggle(M, ls[k], z, 1)
        start = frozenset(active)
        G = len(groups)
        for g in range(G):
            p = groups[g][0]
            q = groups[(g + 1) % G][0]
            q00 = M[0] * M[0] + M[2] * M[2]
            q01 = M[0] * M[1] + M[2] * M[3]
            q11 = M[1] * M[1] + M[3] * M[3]
            # the arc's start point
            num = p[0] * p[0] * q00 + 2 * p[0] * p[1] * q01 + p[1] * p[1] * q11
            den = p[0] * p[0] + p[1] * p[1]
            if num * best_den > best_num * den:
                best_num, best_den, where = num, den, (j, p)
            # the top eigenvector, when it may lie inside the arc
            if q01 != 0 or q00 != q11:
                E = (q00 - q11) ** 2 + 4 * q01 * q01
                cross_pq = p[0] * q[1] - p[1] * q[0]
                if cross_pq <= 0:
                    inside = True  # an arc of pi or more (or the whole circle): no test
                else:
                    if q01 == 0:
                        v = (1, 0) if q00 > q11 else (0, 1)
                        s1 = _sign_plus_sqrt(p[0] * v[1] - p[1] * v[0], 0, 0)
                        s2 = _sign_plus_sqrt(v[0] * q[1] - v[1] * q[0], 0, 0)
                    else:
                        # v = (2 q01, (q11 - q00) + sqrt(E))
                        s1 = _sign_plus_sqrt(p[0] * (q11 - q00) - 2 * q01 * p[1], p[0], E)
                        s2 = _sign_plus_sqrt(2 * q01 * q[1] - (q11 - q00) * q[0], -q[0], E)
                    inside = s1 * s2 > 0
                if inside:
                    r = mpz(math.isqrt(int(E)))
                    if r * r != E:
                        r += 1
                    num = q00 + q11 + r
                    den = mpz(2)
                    if num * best_den > best_num * den:
                        best_num, best_den, where = num, den, (j, ("eigen", p, q))
            for k, s in groups[(g + 1) % G][1]:
                if s > 0:
                    active.add(k)
                else:
                    active.discard(k)
                _toggle(M, ls[k], zs[k], s)
        if frozenset(active) != start:  # pragma: no cover - the sweep must close up
            raise ArithmeticError("sup_eta_bound: the angular sweep did not return to its start")
    return best_num, best_den, where


def sup_eta_bound(points: Sequence[Sequence[Exact]], weights: Sequence[Sequence[Exact]]) -> mpq:
    """A rigorous rational ``S >= sup_{|w|=1, b} |eta(w, b)|``, ``eta(w, b) = sum_i lambda_i [w.y_i - b]_+``.

    Valid for weights with ``sum lambda_i = 0`` and ``sum lambda_i y_i^T = 0`` (then, for fixed w,
    ``eta(w, .)`` is piecewise linear in b, vanishes for b outside the samples' projections, and
    its norm is largest at a kink ``b = w.y_j``; THEORY.md section 5).

    Method. Every ``y_i`` and ``lambda_i`` coordinate is replaced by a dyadic rational
    ``X / 2^48`` with an exactly verified error bound. For each j and the surrogate data, the
    circle of directions is cut at the exact directions perpendicular to ``y_i - y_j``; on each
    arc ``eta_j(w) = M w`` with an exact integer matrix M, and ``max |M w|^2`` on the arc is at an
    end (exact rational) or equals the top eigenvalue of ``M^T M`` (rounded up) when its
    eigenvector lies inside the arc (decided exactly by signs of ``alpha + beta sqrt(E)``). The
    surrogate error adds ``sum_i |lambda_i - lambda^_i| |y_i - y_j| + |lambda^_i| |z_i - z^_i|``
    (bounded with 1-norms), as ``[.]_+`` is 1-Lipschitz.

    Examples
    --------
    >>> pts = [(mpq(-1), mpq(0)), (mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(0), mpq(1))]
    >>> lam = [(mpq(1), mpq(0)), (mpq(-2), mpq(0)), (mpq(1), mpq(0)), (mpq(0), mpq(0))]
    >>> S = sup_eta_bound(pts, lam)
    >>> 1 <= S < 1 + mpq(1, 10**9)
    True
    """
    if len(points) != len(weights):
        raise ConditionError(f"sup_eta_bound: {len(points)} points but {len(weights)} weights")
    for k in range(2):
        if exact_sum(w[k] for w in weights) != 0 or any(
                exact_sum(w[k] * y[a] for w, y in zip(weights, points)) != 0 for a in range(2)):
            raise ConditionError("sup_eta_bound: the weights must satisfy sum lambda_i = 0 and sum lambda_i y_i^T = 0 "
                                 "exactly (project them with project_dual); otherwise the supremum over b is unbounded")
    bits = _SURROGATE_BITS
    P, perr, L, lerr = [], [], [], []
    for y, w in zip(points, weights):
        cy = [_dyadic(v, bits) for v in y]
        cl = [_dyadic(v, bits) for v in w]
        P.append(tuple(X for X, _ in cy))
        perr.append(cy[0][1] + cy[1][1])
        L.append(tuple(X for X, _ in cl))
        lerr.append(cl[0][1] + cl[1][1])
    num, den, _ = _sup_sq_integer(P, L)
    scale = mpq(2) ** bits
    surrogate = _sqrt_up(mpq(num, den)) / scale ** 2
    # perturbation: sum_i (|lambda_i - l_i| |z_i| + |l_i| |z_i - zhat_i|) over the worst j
    lam_hat_1 = [(abs(mpq(a)) + abs(mpq(b))) / scale for a, b in L]
    y_err_max = max(perr)
    xs = [mpq(p[0]) / scale for p in P]
    ys = [mpq(p[1]) / scale for p in P]
    diameter = (max(xs) - min(xs)) + (max(ys) - min(ys)) + 2 * y_err_max
    perturbation = exact_sum(le * diameter + lh * 2 * y_err_max for le, lh in zip(lerr, lam_hat_1))
    return surrogate + perturbation


def dual_lower_bound(points: Sequence[Sequence[Exact]], targets: Sequence[Sequence[Exact]],
                     weights: Sequence[Sequence[float]], *, max_denominator: int = 10**9) -> DualBound:
    """Weak duality from float dual weights: rationalise, project exactly, bound the supremum.

    ``OPT >= sum_i lambda_i . T_i / S`` (THEORY.md section 5) with ``lambda`` the exact projection
    (:func:`project_dual`) of the rationalised weights and S from :func:`sup_eta_bound`.
    """
    rational = [tuple(rationalize(float(v), max_denominator=max_denominator, name="lambda") for v in w)
                for w in weights]
    lam = project_dual(points, rational)
    numerator = exact_sum(a * t for w, y in zip(lam, targets) for a, t in zip(w, y))
    numerator = rational_below(numerator)
    S = sup_eta_bound(points, lam)  # re-checks the exact annihilation weak duality rests on
    lower = _round_down(numerator / S) if numerator > 0 else mpq(0)
    return DualBound(weights=lam, numerator=numerator, sup_bound=S, lower_bound=lower,
                     points=tuple(tuple(y) for y in points), targets=tuple(tuple(t) for t in targets))


_ROUNDING = mpz(10) ** 20


def _round_down(q: mpq) -> mpq:
    """The largest multiple of 10^-20 not above q (keeps printed bounds short; still rigorous)."""
    return mpq(math.floor(q * _ROUNDING), _ROUNDING)


def _round_up(q: mpq) -> mpq:
    return mpq(math.ceil(q * _ROUNDING), _ROUNDING)


def rational_below(x: Exact) -> mpq:
    """x itself when rational, else a rational just below it (within about ``|x| 2^-45``, checked exactly).

    >>> rational_below(mpq(1, 3))
    mpq(1,3)
    >>> from symden.exact import exact
    >>> r = rational_below(exact("sqrt(2)")); r < exact("sqrt(2)") < r + mpq(1, 10**12)
    True
    """
    if isinstance(x, mpq):
        return x
    f = to_float(x)
    gap = abs(f) * 2.0 ** -45 + 2.0 ** -60
    for _ in range(60):
        q = mpq(Fraction(f)) - mpq(Fraction(gap))
        if q <= x:
            return q
        gap *= 16
    raise ExactLimitError(f"could not bound {x} from below by a rational")


def rational_above(x: Exact) -> mpq:
    """x itself when rational, else a rational just above it (checked exactly)."""
    return -rational_below(-x)


# --------------------------------------------------------------------------------------------
# exact re-solve of the active units (upper bound)


def _relu(x: Exact) -> Exact:
    return x if x > 0 else mpq(0)


def _reduce_consistent(rows: list, ncols: int) -> Optional[tuple]:
    """Exact RREF of the augmented rows (coefficients in the first ncols entries).

    Returns ``(pivot rows, pivot columns)`` or None when some equation is inconsistent.
    """
    rows, pivots = row_reduce(rows, ncols)
    r = len(pivots)
    for row in rows[r:]:
        if any(x != 0 for x in row[ncols:]):
            return None
    return rows[:r], pivots




def exact_network(points: Sequence[Sequence[Exact]], targets: Sequence[Sequence[Exact]], units: Sequence,
                  skip: tuple) -> tuple:
    """The interpolation system of given units solved exactly: an exact network and a rational upper bound.

    Parameters
    ----------
    points, targets
        The distinct samples ``y_i`` and their clean points ``T_i`` (exact 2-tuples).
    units
        ``(w, b, a_guess)`` per unit: its exact direction and bias, and a rational guess of its
        output vector (used for the free variables of the system).
    skip
        ``(V_guess, c_guess)``: rational guesses of the skip matrix (2 x 2, rows) and offset.

    Returns
    -------
    (network, upper_bound, reason)
        ``network`` interpolates every sample exactly (checked); ``upper_bound`` is a rational
        at least its cost ``sum |a||w|`` (each term rounded up, the sum up to a multiple of
        10^-20). Both are None when the exact system is inconsistent, and ``reason`` says why.

    Examples
    --------
    >>> pts = [(mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(0), mpq(1))]
    >>> net, upper, _ = exact_network(pts, pts, [], (((0, 0), (0, 0)), (0, 0)))
    >>> net.V, upper
    (((mpq(1,1), mpq(0,1)), (mpq(0,1), mpq(1,1))), mpq(0,1))
    """
    units = list(units)
    K = len(units)
    ncols = K + 3
    Yp = points
    rows = []
    for i, y in enumerate(Yp):
        feats = [_relu(w[0] * y[0] + w[1] * y[1] + b) for w, b, _ in units]
        rows.append(feats + [y[0], y[1], mpq(1), targets[i][0], targets[i][1]])
    reduced = _reduce_consistent(rows, ncols)
    if reduced is None:
        return None, None, (f"the exact interpolation system of the {K} active units (directions made exact) is "
                            "inconsistent, so the float solution has no exact counterpart here")
    prow, pcols = reduced
    V_guess, c_guess = skip
    guess = [[mpq(u[2][k]) for u in units] + [mpq(V_guess[k][0]), mpq(V_guess[k][1]), mpq(c_guess[k])]
             for k in range(2)]
    free = [col for col in range(ncols) if col not in set(pcols)]
    sol = [list(guess[0]), list(guess[1])]
    for row, col in zip(prow, pcols):
        for k in range(2):
            sol[k][col] = row[ncols + k] - exact_sum(row[f] * sol[k][f] for f in free)
    net_units = [Unit(a=(sol[0][u], sol[1][u]), w=units[u][0], b=units[u][1])
                 for u in range(K) if sol[0][u] != 0 or sol[1][u] != 0]
    network = ShallowNetwork(units=net_units, V=((sol[0][K], sol[0][K + 1]), (sol[1][K], sol[1][K + 1])),
                             c=(sol[0][K + 2], sol[1][K + 2]))
    for y, t in zip(Yp, targets):
        if network(y) != tuple(t):  # pragma: no cover - the reduction guarantees it; checked anyway
            return None, None, "the exactly re-solved network does not interpolate every sample"
    upper = _round_up(exact_sum(_rational_above_sqrt((u.a[0] ** 2 + u.a[1] ** 2) * (u.w[0] ** 2 + u.w[1] ** 2))
                                for u in network.units))
    return network, upper, ""


def _rational_above_sqrt(x: Exact) -> mpq:
    """A rational >= sqrt(x) (exact when x is a rational square)."""
    if isinstance(x, mpq):
        return _sqrt_up(x, bits=96) if x > 0 else mpq(0)
    hi = rational_above(x)
    return _sqrt_up(hi, bits=96)


