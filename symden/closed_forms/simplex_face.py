"""The face-aligned simplex (docs/theory.md section 4): ramps parallel to the facets around a centre.

Theorem. For vertex n let v_n be the unit normal of the facet opposite x_n, pointing to x_n,
``beta_n = v_n . x_m`` (m != n) and ``H_n = v_n . x_n - beta_n`` the altitude. For every centre c

    h_c(y) = c + sum_n (x_n - c) psi((v_n.y - beta_n - rho)/(H_n - 2 rho)),
    R(h_c) = sum_n 2 |x_n - c| / (H_n - 2 rho)

interpolates on all balls; the best c minimises ``sum_n |x_n - c|/(H_n - 2 rho)`` (a weighted
Fermat-Weber point). Status: [certified] in THEORY for its instances (M5); an upper bound
elsewhere.

The centre: the centroid for a regular simplex (exact, by symmetry); a vertex when the exact
vertex-optimality condition holds (exact); otherwise Weiszfeld's iteration in 60-digit
arithmetic gives a rational centre c~, the network uses c~ (so it is exact and interpolates),
and the minimal cost is reported as a certified interval: the upper end is R(h_c~), the lower
end a weak-duality bound ``sum_n u_n . x_n`` with ``sum u_n = 0``, ``|u_n| <= w_n``, evaluated in
interval arithmetic (mpmath.iv).
"""

from __future__ import annotations

from typing import Optional

import mpmath
from gmpy2 import mpq

from symden.closed_forms.certified import certified_instance
from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.errors import ConditionError
from symden.exact import Exact, brief, exact_sum, to_sympy
from symden.geometry import decided_by, detect, use_solve, dot, facet_normals, norm, norm2, scale, show, sub
from symden.network import ShallowNetwork, Unit
from symden.records import Geometry, Standing, Structure
from symden.reference import cite

__all__ = ["face_denoiser", "fermat_weber_centre"]

THEOREM = cite("4.6") + " (simplex, face-aligned)"



def _mp(x: Exact, ctx=mpmath.mp):
    """An mpmath number (interval in iv context) for an exact value."""
    if isinstance(x, mpq):
        return ctx.mpf(int(x.numerator)) / int(x.denominator)
    s = to_sympy(x)
    text = str(s.evalf(80))  # sympy's evalf is accurate to the digits asked for
    if ctx is mpmath.iv:
        # enclose the algebraic number: 80 correct digits, widened by 10^-70
        return ctx.mpf(text) + ctx.mpf([-1, 1]) * ctx.mpf(10) ** -70
    return ctx.mpf(text)


def _vertex_optimal(points: list, weights: list, n: int) -> bool:
    """Exact test: x_n minimises sum_m w_m |x_m - c| iff |sum_{m != n} w_m (x_m - x_n)/|x_m - x_n|| <= w_n."""
    d = len(points[0])
    g = [mpq(0)] * d
    for m, (x, w) in enumerate(zip(points, weights)):
        if m != n:
            diff = sub(x, points[n])
            g = [gi + w * di / norm(diff) for gi, di in zip(g, diff)]
    return norm2(g) <= weights[n] * weights[n]


def fermat_weber_centre(points: list, weights: list) -> tuple:
    """``(c, exact)``: a minimiser of ``sum_n w_n |x_n - c|`` (exact), or a rational approximation.

    Exact when the minimiser is a vertex (decided exactly) or when all weights are equal and the
    points are the vertices of a regular simplex (the centroid). Otherwise Weiszfeld's iteration
    at 60 digits, rounded to rationals with denominators up to CENTRE_DENOMINATOR.
    """
    for n in range(len(points)):
        if _vertex_optimal(points, weights, n):
            return tuple(points[n]), True
    N = len(points)
    dists = {norm2(sub(points[i], points[j])) for i in range(N) for j in range(i + 1, N)}
    if len(set(weights)) == 1 and len(dists) == 1:
        return tuple(exact_sum(p[i] for p in points) / N for i in range(len(points[0]))), True
    with mpmath.workdps(60):
        P = [[_mp(x) for x in p] for p in points]
        W = [_mp(w) for w in weights]
        c = [sum(p[i] for p in P) / N for i in range(len(P[0]))]
        for _ in range(2000):
            ds = [mpmath.sqrt(sum((pi - ci) ** 2 for pi, ci in zip(p, c))) for p in P]
            num = [sum(w * p[i] / dd for w, p, dd in zip(W, P, ds)) for i in range(len(c))]
            den = sum(w / dd for w, dd in zip(W, ds))
            new = [x / den for x in num]
            step = max(abs(a - b) for a, b in zip(new, c))
            c = new
            if step < mpmath.mpf(10) ** -45:
                break
        return tuple(_rational(x) for x in c), False


#: Denominator bound of the rational centre. The cost is quadratic near the minimiser, so a
#: centre within ~1e-6 gives a cost within ~1e-12, and small denominators keep the exact
#: radicands |x_n - c|^2 small (large ones make exact algebraic arithmetic crawl).
CENTRE_DENOMINATOR = 10**6


def _rational(x) -> mpq:
    """The best rational approximation of the mpmath number x with denominator <= CENTRE_DENOMINATOR."""
    from fractions import Fraction

    return mpq(*Fraction(mpmath.nstr(x, 50, strip_zeros=False)).limit_denominator(CENTRE_DENOMINATOR).as_integer_ratio())


def _lower_end(x) -> mpq:
    """The exact rational value of the lower endpoint of an mpmath interval (a binary float)."""
    sign, man, exp, _ = x._mpi_[0]
    if man == 0:
        return mpq(0)
    value = mpq(int(man)) * (mpq(2) ** exp if exp >= 0 else mpq(1, 2 ** (-exp)))
    return -value if sign else value


def _dual_lower_bound(points: list, weights: list, c: tuple) -> mpq:
    """A rational lower bound on ``min_c sum w_n |x_n - c|`` by weak duality, in interval arithmetic.

    For any u_n with sum u_n = 0 and |u_n| <= w_n, ``sum w_n |x_n - c| >= sum u_n.(x_n - c) = sum u_n.x_n``.
    u_n is the gradient direction at the approximate centre, recentred to sum to zero and scaled
    by lambda <= min w_n/|u_n| (a lower endpoint, so feasible for every point of the intervals).
    Every rounding is outward (mpmath.iv); the endpoints are read exactly as rationals.
    """
    iv = mpmath.iv
    saved = iv.dps
    iv.dps = 60
    try:
        P = [[_mp(x, iv) for x in p] for p in points]
        W = [_mp(w, iv) for w in weights]
        C = [_mp(x, iv) for x in c]
        U = []
        for p, w in zip(P, W):
            diff = [pi - ci for pi, ci in zip(p, C)]
            length = iv.sqrt(sum(di * di for di in diff))
            U.append([w * di / length for di in diff])
        N = len(U)
        mean = [sum(u[i] for u in U) / N for i in range(len(C))]
        U = [[ui - mi for ui, mi in zip(u, mean)] for u in U]
        lam = min([mpq(1)] + [_lower_end(w / iv.sqrt(sum(ui * ui for ui in u))) for u, w in zip(U, W)])
        lam_iv = iv.mpf(int(lam.numerator)) / int(lam.denominator)
        value = sum(lam_iv * sum(ui * pi for ui, pi in zip(u, p)) for u, p in zip(U, P))
        return _lower_end(value)
    finally:
        iv.dps = saved


def face_denoiser(data: DataSet, *, geometry: Optional[Geometry] = None) -> Denoiser:
    """The face-aligned closed form for simplex data (N = k + 1 affinely independent points).

    Raises
    ------
    ConditionError
        When the points are not affinely independent, or an altitude is not above 2 rho
        (online) or the sample projections onto a facet normal overlap (offline).
    """
    geometry = detect(data) if geometry is None else geometry
    k = geometry.affine_dim
    if k != data.size - 1 or k < 2:
        raise ConditionError(
            f"the face-aligned form needs the vertices of a simplex: {data.size} points spanning an affine hull of "
            f"dimension {k} are not affinely independent" if k != data.size - 1 else
            "the face-aligned form needs at least three affinely independent points (two points are collinear data)"
        )
    X = list(data.clean)
    normals = facet_normals(X)
    ramps = []  # (n, unit normal v_hat, flat_until, full_from)
    for n, (v, H) in enumerate(normals):
        vhat = scale(v, 1 / H)
        m = (n + 1) % data.size
        beta = dot(vhat, X[m])
        if data.radius is not None:
            lo, hi = beta + data.radius, beta + H - data.radius
            if not lo < hi:
                raise ConditionError(
                    f"the altitude from clean[{n}] = {show(X[n])} is {brief(H)}, not above 2*radius = {brief(2 * data.radius)}: "
                    f"the face ramp cannot fit between the balls; {use_solve(data.dim)}"
                )
        else:
            lo = max(dot(vhat, y) for m2 in range(data.size) if m2 != n for y in data.samples[m2])
            hi = min(dot(vhat, y) for y in data.samples[n])
            if not lo < hi:
                raise ConditionError(
                    f"projected onto the normal of the facet opposite clean[{n}], the samples of the other clusters reach "
                    f"{brief(lo)}, not below the samples of clean[{n}] from {brief(hi)}: the offline face ramp does not fit; "
                    f"{use_solve(data.dim)}"
                )
        ramps.append((n, vhat, lo, hi))
    weights = [1 / (hi - lo) for _, _, lo, hi in ramps]
    centre, centre_exact = fermat_weber_centre(X, weights)
    units, claims = [], []
    for n, vhat, lo, hi in ramps:
        a = sub(X[n], centre)
        if all(x == 0 for x in a):
            continue  # the centre is this vertex: its ramp carries no output
        g = hi - lo
        w = scale(vhat, 1 / g)
        units += [Unit(a=a, w=w, b=-lo / g), Unit(a=tuple(-x for x in a), w=w, b=-lo / g - 1)]
        claims += [("facet", n), ("facet", n)]
    d = data.dim
    network = ShallowNetwork(units=units, V=tuple(tuple(0 for _ in range(d)) for _ in range(d)), c=centre)
    network_cost = exact_sum(2 * norm(sub(X[n], centre)) / (hi - lo) for n, _, lo, hi in ramps)
    notes = []
    interval = None
    if centre_exact:
        cost: Optional[Exact] = network_cost
        where = "a vertex (exact vertex-optimality test)" if centre in X else "the centroid (regular simplex, by symmetry)"
        notes.append(f"centre c = {show(centre)}: {where}")
    else:
        cost = None
        lower = 2 * _dual_lower_bound(X, weights, centre)
        upper = network_cost
        interval = (lower, upper)
        notes.append(
            f"centre c ~ ({', '.join(f'{float(x):.6f}' for x in centre)}): the weighted Fermat-Weber point has no closed form; the "
            "network uses this rational centre (it interpolates for any centre) and its exact cost is the upper end of "
            "the certified interval for the best face-aligned cost"
        )
    ref = None
    if data.radius is None:
        standing = Standing.UPPER_BOUND
        notes.append(
            "offline data in d >= 2: built from the samples' extreme projections; an upper bound, not the minimiser "
            f"({cite('4')}); {decided_by(data.dim)}"
        )
    else:
        ref = certified_instance(data, Structure.SIMPLEX_FACE)
        ref = ref if ref and centre_exact else None
        standing = Standing.CERTIFIED if ref else Standing.UPPER_BOUND
        notes.append(
            f"{cite('8')} certifies optimality on its instance {ref}, to which these data are similar" if ref else
            f"the face-aligned structure is certified only on the instance M5 ({cite('8')}); for these data it is a "
            "feasible interpolant (upper bound)"
        )
    return Denoiser(
        data=data,
        network=network,
        structure=Structure.SIMPLEX_FACE,
        cost=cost,
        theorem=THEOREM,
        standing=standing,
        certified_on=ref,
        geometry=geometry,
        summary="ramps parallel to the facets, around the weighted Fermat-Weber centre",
        cost_interval=interval,
        claimed_alignment=tuple(claims),
        notes=tuple(notes),
        subspace_dim=k if k < d else None,
    )
