r"""Where every minimiser puts its cost: rigorous covers of ``{|eta| > t}`` (docs/theory.md section 6b.6).

Take exactly annihilating dual multipliers, a rigorous ``S >= sup |eta|`` and ``L <= num / S``
(a weak-duality record, :class:`~symden.certificates.sphere.OnlineDualBound` or
:class:`~symden.certificates.planar.DualBound`), and an exact upper bound ``U`` of the minimum
cost. Write an interpolating network of cost ``C <= U`` in program form (tangent units online,
kink units offline; reducing to this form drops some cost ``c_drop`` and keeps the rest). With
``D = {u : |eta(u)| > (1 - delta) S}`` and ``c_out`` the program-form cost on units outside D,

    num = sum_u a_u . eta(u) <= S (C - c_drop) - delta S c_out,   so   c_drop + delta c_out <= U - L:

every minimiser puts all but ``(U - L) / delta`` of its cost on units in D (section 6b.6).

This module bounds D from outside. :func:`online_cover` and :func:`offline_cover` return cells
(unit type, float anchor p, rigorous chordal radius r: ``|w - p| <= r`` for every unit direction
w of the cell) such that every allowed unit with ``|eta| > t``, in one of its two orientations
(``eta(w, beta) = eta(-w, -beta)``), lies in a listed cell. They reuse the cells and the
rigorous cell bounds of :mod:`symden.certificates.sphere`: a cell is dropped only when its bound
plus the exact surrogate error Delta is at most t (the float threshold is ``t - Delta`` rounded
down), and kept cells are split until their radius is at most ``r_max`` (or the budget ends:
then ``converged`` is False and the larger cells are listed as they are, still a cover).

Cells of one unit type whose balls ``|w - p| <= r`` overlap are merged into clusters (connected
components; merging more than needed is harmless, since every cluster's radius is bounded
rigorously). A cluster gets an exact rational unit vector q (inverse stereographic projection of
a rational point near the cells' mean direction), the exact chord ``max (r + |p - q|)`` rounded
up (``|p - q|`` is computed exactly and its square root rounded up, checked exactly), and the
angle ``2 asin(chord / 2)`` in degrees rounded up (a monotone step, relative allowance 2^-40). Only
the cells whose float ``r + |p - q|`` is within 2^-20 of the float maximum are computed exactly: the
float values are within 2^-45 of the exact ones, so no other cell attains the maximum.

Orientation. Online, a cell of type m holds the units tangent to ball m with ball m on the
active side, ``beta = w.x_m - rho`` ("side -1"); the unit ``(w, w.x_m + rho)`` is the unit
``(-w, (-w).x_m - rho)`` up to an affine function, with the same ``|eta|``, so it is covered by
the cell of m containing ``-w``. Offline, the cells cover the half sphere of
:func:`~symden.certificates.sphere.offline_sup_bound` (the d cube faces with a positive
coordinate); the kink unit ``(w, w.y_j)`` is covered by the cell of j containing w or -w.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np
from gmpy2 import isqrt, mpq, mpz

from symden.certificates.planar import DualBound, rational_above
from symden.certificates.sphere import (
    _CHUNK,
    _MAX_LEVEL,
    OnlineDualBound,
    _cell_geometry,
    _check_offline,
    _check_online,
    _children,
    _faces,
    _float_down,
    _float_up,
    _Offline,
    _Online,
    _start_items,
)
from symden.errors import ConditionError, InvalidDataError
from symden.exact import Exact, exact, is_rational

__all__ = [
    "Cover",
    "CoverCell",
    "DirectionCluster",
    "Localisation",
    "localise",
    "offline_cover",
    "online_cover",
]

_ANGLE_REL = 2.0 ** -40  # relative allowance of asin and the degree conversion (a few roundings)
_DIRECTION_BITS = 40     # the exact representative direction is a rational point near the float mean
_CHORD_SCALE = mpz(2) ** 60
_MERGE_SLACK = 1e-9      # cells whose balls nearly touch are merged too (more merging is harmless)


# --------------------------------------------------------------------------------------------
# records


@dataclass(frozen=True)
class CoverCell:
    """A cell of a cover: every unit direction w of the cell has ``|w - centre| <= radius`` (docs/theory.md 6b.6).

    Attributes
    ----------
    unit
        The unit type: online the kink ball m (ball m on the active side, ``beta = w.x_m - rho``),
        offline the kink sample j (``b = w.y_j``).
    centre
        The float anchor p (nearly unit; exact as the float it is).
    radius
        A float r, rigorous: ``|w - p| <= r`` for every unit direction w of the cell.
    """

    unit: int
    centre: tuple
    radius: float


@dataclass(frozen=True)
class DirectionCluster:
    """Overlapping cells of one unit type, with a rigorous angular radius (docs/theory.md 6b.6).

    Attributes
    ----------
    unit
        The unit type (see :class:`CoverCell`).
    direction
        An exact rational unit vector q (a tuple of mpq, ``|q| = 1`` exactly).
    chord
        An mpq with ``|w - q| <= chord`` for every unit direction w of every cell of the cluster.
    degrees
        ``2 asin(chord / 2)`` in degrees, rounded up (180 when the chord is at least 2): every
        direction of the cluster is within this angle of q.
    cells
        How many cells the cluster has.
    peak
        The largest ``|eta|`` evaluated at an anchor of an allowed unit of the cluster (float,
        evidence; 0 when no anchor was an allowed unit).
    """

    unit: int
    direction: tuple
    chord: mpq
    degrees: float
    cells: int
    peak: float


@dataclass(frozen=True)
class Cover:
    """A rigorous cover of ``{u : |eta(u)| > level}`` by cells (docs/theory.md 6b.6).

    Attributes
    ----------
    setting
        ``"online"`` (unit types are kink balls) or ``"offline"`` (kink samples).
    level
        The level t (mpq).
    cells
        The cells (:class:`CoverCell`); every allowed unit with ``|eta| > t``, in one of its two
        orientations, lies in one of them.
    clusters
        The cells merged by overlap (:class:`DirectionCluster`), largest peak first.
    converged
        True when every listed cell has radius at most ``r_max``; False when the budget or the depth
        limit stopped the refinement (the cells are still a cover, but some are larger).
    r_max
        The radius the cells were refined to.
    evaluated
        How many (cell, unit type) pairs were bounded.
    seconds
        Wall time.
    """

    setting: str
    level: mpq
    cells: tuple
    clusters: tuple
    converged: bool
    r_max: float
    evaluated: int
    seconds: float


@dataclass(frozen=True)
class Localisation:
    """Where every minimiser puts its cost (docs/theory.md section 6b.6).

    Every interpolating network of cost at most ``upper`` (so every minimiser) puts, in program
    form, all but ``outside_cost_bound`` of its cost on units with ``|eta| > level``, and every
    such unit lies in a cluster (in one of its two orientations; see :class:`CoverCell`).

    Attributes
    ----------
    delta
        The relative depth (mpq, ``0 < delta <= 1``).
    level
        ``t = (1 - delta) S`` (mpq), S the record's rigorous supremum bound.
    outside_cost_bound
        ``(U - L) / delta`` rounded up (mpq): the cost outside the clusters, plus the cost removed
        by the reduction to program form, is at most this.
    clusters
        The :class:`DirectionCluster` records of the cover.
    converged
        Whether every cell was refined to ``r_max`` (see :class:`Cover`).
    setting, lower, upper, sup_bound
        ``"online"`` / ``"offline"``, L and U (U rounded up when not rational) and S.
    cells, evaluated, seconds
        The number of cells of the cover, of bounded pairs, and the wall time.
    cover
        The :class:`Cover` itself (its cells are a finer description than the clusters).
    """

    delta: mpq
    level: mpq
    outside_cost_bound: mpq
    clusters: tuple
    converged: bool
    setting: str = "online"
    lower: mpq = mpq(0)
    upper: mpq = mpq(0)
    sup_bound: mpq = mpq(0)
    cells: int = 0
    evaluated: int = 0
    seconds: float = 0.0
    cover: Optional[Cover] = None


# --------------------------------------------------------------------------------------------
# the refinement


def _refine(d: int, nunits: int, both: bool, evaluate, threshold: float, r_max: float, max_cells: int) -> tuple:
    """Cells (unit, p, r, peak) whose bound exceeds ``threshold``, split down to radius ``r_max``."""
    faces = _faces(d, both)
    face, idx, unit, level = _start_items(d, nunits, faces)
    out_u, out_p, out_r, out_v = [], [], [], []
    evaluated, converged = 0, True
    while len(face):
        n = len(face)
        bounds, P, R, vals = np.empty(n), np.empty((n, d)), np.empty(n), np.empty(n)
        for lo in range(0, n, _CHUNK):
            sl = slice(lo, lo + _CHUNK)
            p, r = _cell_geometry(face[sl], idx[sl], level, faces)
            b, v = evaluate(unit[sl], p, r)
            bounds[sl] = np.where(np.isnan(b), np.inf, b)
            P[sl], R[sl], vals[sl] = p, r, v
        evaluated += n
        keep = ~(bounds <= threshold)  # a NaN or +inf bound is kept
        small = keep & (R <= r_max)
        split = keep & ~small
        last = (not np.any(split) or level >= _MAX_LEVEL
                or evaluated + (1 << (d - 1)) * int(np.count_nonzero(split)) > max_cells)
        listed = keep if last else small
        out_u.append(unit[listed])
        out_p.append(P[listed])
        out_r.append(R[listed])
        out_v.append(vals[listed])
        if last:
            converged = not np.any(split)
            break
        face, idx, unit = _children(face[split], idx[split], unit[split], d)
        level += 1
    cat = (lambda xs, shape: np.concatenate(xs) if xs else np.empty(shape))
    return (cat(out_u, (0,)).astype(np.int64), cat(out_p, (0, d)), cat(out_r, (0,)), cat(out_v, (0,)),
            converged, evaluated)


# --------------------------------------------------------------------------------------------
# clusters


def _edges_python(P: np.ndarray, R: np.ndarray, h: float) -> tuple:
    """Overlapping pairs by a dictionary of buckets (when the bucket codes would overflow int64)."""
    n, d = P.shape
    keys = np.floor(P / h).astype(np.int64)
    buckets: dict = {}
    for i, k in enumerate(map(tuple, keys)):
        buckets.setdefault(k, []).append(i)
    offsets = np.array(np.meshgrid(*[[-1, 0, 1]] * d, indexing="ij")).reshape(d, -1).T
    ei, ej = [], []
    for k, members in buckets.items():
        near = []
        for off in offsets:
            near.extend(buckets.get(tuple(int(a) + int(b) for a, b in zip(k, off)), ()))
        near = np.array(near)
        for i in members:
            dist = np.sqrt(((P[near] - P[i]) ** 2).sum(axis=1))
            js = near[dist <= (R[near] + R[i]) * (1.0 + _MERGE_SLACK) + 1e-12]
            ei.append(np.full(len(js), i))
            ej.append(js)
    return (np.concatenate(ei), np.concatenate(ej)) if ei else (np.empty(0, np.int64), np.empty(0, np.int64))


def _edges(P: np.ndarray, R: np.ndarray) -> tuple:
    """Pairs (i, j) of cells whose balls ``|w - P_i| <= R_i`` overlap (or nearly: merging more is harmless).

    Buckets of side ``h >= 2 max R``: overlapping balls have centres in adjacent buckets.
    """
    n, d = P.shape
    h = 2.0 * float(R.max()) * (1.0 + _MERGE_SLACK) + 1e-12
    keys = np.floor(P / h).astype(np.int64)
    keys = keys - keys.min(axis=0) + 1
    base = int(keys.max()) + 2
    if base ** d >= 2 ** 62:
        return _edges_python(P, R, h)
    weights = base ** np.arange(d, dtype=np.int64)
    code = keys @ weights
    order = np.argsort(code, kind="stable")
    sorted_code = code[order]
    ei, ej = [], []
    for off in np.array(np.meshgrid(*[[-1, 0, 1]] * d, indexing="ij")).reshape(d, -1).T:
        target = code + int(off @ weights)
        lo = np.searchsorted(sorted_code, target, side="left")
        hi = np.searchsorted(sorted_code, target, side="right")
        counts = hi - lo
        if not counts.any():
            continue
        i = np.repeat(np.arange(n), counts)
        first = np.repeat(lo, counts)
        within = np.arange(len(i)) - np.repeat(np.cumsum(counts) - counts, counts)
        j = order[first + within]
        dist = np.sqrt(((P[i] - P[j]) ** 2).sum(axis=1))
        ok = dist <= (R[i] + R[j]) * (1.0 + _MERGE_SLACK) + 1e-12
        ei.append(i[ok])
        ej.append(j[ok])
    return np.concatenate(ei), np.concatenate(ej)


def _components(P: np.ndarray, R: np.ndarray) -> list:
    """Connected components (index arrays) of the balls ``|w - P_i| <= R_i`` by overlap."""
    n = len(P)
    i, j = _edges(P, R)
    lab = np.arange(n)
    while True:  # min-label propagation with pointer jumping; a label is always a vertex of the component
        m = np.minimum(lab[i], lab[j])
        new = lab.copy()
        for target in (lab[i], lab[j], i, j):
            np.minimum.at(new, target, m)
        while True:
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, lab):
            break
        lab = new
    order = np.argsort(lab, kind="stable")
    cuts = np.flatnonzero(np.diff(lab[order])) + 1
    return np.split(order, cuts)


def _rational_unit(v: np.ndarray) -> tuple:
    """An exact rational unit vector near the float direction v (inverse stereographic projection)."""
    v = v / math.sqrt(float(v @ v))
    k = int(np.argmax(np.abs(v)))
    s = 1 if v[k] > 0 else -1
    scale = mpz(2) ** _DIRECTION_BITS
    z = [mpq(round(float(v[j]) / (1.0 + s * float(v[k])) * 2 ** _DIRECTION_BITS), scale)
         for j in range(len(v)) if j != k]
    z2 = sum((x * x for x in z), mpq(0))
    den = 1 + z2
    out, it = [], iter(z)
    for j in range(len(v)):
        out.append(s * (1 - z2) / den if j == k else 2 * next(it) / den)
    return tuple(out)


def _sqrt_up(q: mpq) -> mpq:
    """A rational >= sqrt(q): ``sqrt(a / b) <= (isqrt(a b 4^k) + 1) / (b 2^k)``, exact."""
    if q <= 0:
        return mpq(0)
    a, b = q.numerator, q.denominator
    k = 64
    return mpq(isqrt(a * b * mpz(4) ** k) + 1, b * mpz(2) ** k)


def _degrees_up(chord: mpq) -> float:
    half = _float_up(chord / 2)
    if half >= 1.0:
        return 180.0
    deg = 2.0 * math.asin(half) * (180.0 / math.pi) * (1.0 + _ANGLE_REL)
    return min(180.0, float(np.nextafter(deg, math.inf)))


def _cluster(unit: int, P: np.ndarray, R: np.ndarray, V: np.ndarray) -> DirectionCluster:
    U = P / np.sqrt((P * P).sum(axis=1))[:, None]
    mean = U.mean(axis=0)
    rep = mean if float(mean @ mean) > 0.25 else U[int(np.argmax(V))]
    q = _rational_unit(rep)
    # exact chord max_i (r_i + |p_i - q|); cells whose float value is 2^-20 below the float maximum
    # cannot attain it (the float values are within 2^-45 of the exact ones), so only the others
    # are computed exactly
    qf = np.array([float(v) for v in q])
    approx = R + np.sqrt(((P - qf) ** 2).sum(axis=1))
    chord = mpq(0)
    for k in np.flatnonzero(approx >= approx.max() - 2.0 ** -20):
        dist2 = sum(((mpq(float(a)) - b) ** 2 for a, b in zip(P[k], q)), mpq(0))
        chord = max(chord, mpq(float(R[k])) + _sqrt_up(dist2))
    chord = mpq(math.ceil(chord * _CHORD_SCALE), _CHORD_SCALE)  # rounded up to a multiple of 2^-60
    return DirectionCluster(unit=unit, direction=q, chord=chord, degrees=_degrees_up(chord), cells=len(P),
                   peak=float(V.max()) if len(V) else 0.0)


def _clusters(units: np.ndarray, P: np.ndarray, R: np.ndarray, V: np.ndarray) -> tuple:
    out = []
    for m in np.unique(units):
        sel = np.flatnonzero(units == m)
        for comp in _components(P[sel], R[sel]):
            rows = sel[comp]
            out.append(_cluster(int(m), P[rows], R[rows], V[rows]))
    out.sort(key=lambda c: (-c.peak, c.unit))
    return tuple(out)


def _cover(setting, model, d, nunits, both, level, r_max, max_cells) -> Cover:
    start = time.perf_counter()
    level = exact(level, name="level")
    level = level if is_rational(level) else -rational_above(-level)
    r_max = float(r_max)
    if not r_max > 0:
        raise InvalidDataError(f"r_max = {r_max}: the cell radius must be positive")
    # drop a cell only when its float bound b satisfies b + Delta <= level
    threshold = _float_down(level - model.delta) if level > model.delta else -math.inf
    units, P, R, V, converged, evaluated = _refine(d, nunits, both, model.evaluate, threshold, r_max, max_cells)
    cells = tuple(CoverCell(unit=int(u), centre=tuple(float(x) for x in p), radius=float(r))
                  for u, p, r in zip(units, P, R))
    clusters = _clusters(units, P, R, V) if len(cells) else ()
    return Cover(setting=setting, level=level, cells=cells, clusters=clusters, converged=converged, r_max=r_max,
                 evaluated=evaluated, seconds=time.perf_counter() - start)


def online_cover(centres: Sequence[Sequence[Exact]], rho: Exact, lam: Sequence[Sequence[Exact]], Lam: Sequence,
                 level: Exact, *, r_max: float = 0.01, max_cells: int = 2_000_000) -> Cover:
    """A rigorous cover of ``{u allowed : |eta(u)| > level}`` for the online dual (docs/theory.md 6b.6).

    .. math::

        \\eta(u) = \\sum_{n \\in A_u} \\big(\\lambda_n (w \\cdot x_n - \\beta) + \\Lambda_n w\\big),
        \\qquad \\beta = w \\cdot x_m - \\rho .

    Parameters
    ----------
    centres, rho, lam, Lam
        As in :func:`symden.certificates.sphere.online_sup_bound` (exactly annihilating multipliers).
    level
        The level t (exact).
    r_max
        Kept cells are split until their chordal radius is at most this.
    max_cells
        Budget of (cell, ball) evaluations; when reached the cover is returned with
        ``converged = False``.

    Returns
    -------
    Cover
        Cells of type m (ball m tangent, on the active side); a unit tangent to ball m on its
        inactive side, direction w, is covered by the cell of m containing -w.

    Raises
    ------
    InvalidDataError, ConditionError
        As :func:`~symden.certificates.sphere.online_sup_bound`; a radius r_max that is not positive.

    Examples
    --------
    The optimal dual of two balls on a line (sup |eta| = 1 at w = +-e1): above 9/10 the units sit
    near e1 tangent to ball 1 and near -e1 tangent to ball 0, the two units of the ramp.

    >>> x = [(mpq(0), mpq(0)), (mpq(1), mpq(0))]
    >>> lam = [(mpq(-5, 2), mpq(0)), (mpq(5, 2), mpq(0))]
    >>> Lam = [((mpq(-5, 4), mpq(0)), (mpq(0), mpq(0)))] * 2
    >>> cover = online_cover(x, mpq(1, 10), lam, Lam, mpq(9, 10), r_max=0.02)
    >>> [(c.unit, round(float(c.direction[0]))) for c in sorted(cover.clusters, key=lambda c: c.unit)]
    [(0, -1), (1, 1)]
    """
    centres, rho, lam, Lam = _check_online(centres, rho, lam, Lam)
    model = _Online(centres, rho, lam, Lam)
    return _cover("online", model, model.d, model.N, True, level, r_max, max_cells)


def offline_cover(points: Sequence[Sequence[Exact]], lam: Sequence[Sequence[Exact]], level: Exact, *,
                  r_max: float = 0.01, max_cells: int = 2_000_000) -> Cover:
    """A rigorous cover of ``{(w, j) : |eta(w, w.y_j)| > level}``, ``eta(w, b) = sum_i lambda_i [w.y_i - b]_+`` (docs/theory.md 6b.6).

    The cells cover the half sphere of the d cube faces with a positive coordinate; ``(w, j)`` is
    covered by the cell of j containing w or -w (``eta(w, b) = eta(-w, -b)``). A unit with its
    kink between two consecutive kinks is, on the samples, a convex combination of those two kink
    units, so its ``|eta|`` exceeds the level only if one of theirs does.

    Parameters
    ----------
    points, lam
        As in :func:`symden.certificates.sphere.offline_sup_bound`.
    level, r_max, max_cells
        As in :func:`online_cover`.

    Returns
    -------
    Cover

    Examples
    --------
    Only the kink at the middle sample reaches ``|eta| = 1`` (at w = e1):

    >>> pts = [(mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(2), mpq(0))]
    >>> lam = [(mpq(1), mpq(0)), (mpq(-2), mpq(0)), (mpq(1), mpq(0))]
    >>> cover = offline_cover(pts, lam, mpq(9, 10), r_max=0.02)
    >>> sorted({(c.unit, round(float(c.direction[0]))) for c in cover.clusters})
    [(1, 1)]
    """
    points, lam = _check_offline(points, lam, "offline_cover")
    model = _Offline(points, lam)
    return _cover("offline", model, model.d, model.n, False, level, r_max, max_cells)


# --------------------------------------------------------------------------------------------
# the localisation


def localise(bound, upper: Exact, delta: Exact, *, centres: Optional[Sequence[Sequence[Exact]]] = None,
             rho: Optional[Exact] = None, r_max: float = 0.01, max_cells: int = 2_000_000) -> Localisation:
    """Where every network of cost at most ``upper`` (every minimiser) puts its cost (docs/theory.md 6b.6).

    With S the record's supremum bound, L its lower bound and ``t = (1 - delta) S``: in program form,
    all but ``(U - L) / delta`` of the cost sits on units with ``|eta| > t``, and those lie in the
    returned clusters.

    Parameters
    ----------
    bound
        An :class:`~symden.certificates.sphere.OnlineDualBound` (then pass ``centres`` and ``rho``,
        the data it belongs to) or a :class:`~symden.certificates.planar.DualBound` with its
        ``points`` (offline, d in {2, 3, 4}).
    upper
        An exact upper bound U of the minimum cost (e.g. the cost of an exact interpolating network).
    delta
        Exact, ``0 < delta <= 1``.
    centres, rho
        Online only: the ball centres and radius of the record.
    r_max, max_cells
        As in :func:`online_cover`.

    Returns
    -------
    Localisation

    Raises
    ------
    InvalidDataError
        A delta outside (0, 1], a record of an unknown type, an online record without centres and rho,
        an offline record without points.
    ConditionError
        ``upper`` below the record's lower bound, or a record whose lower bound exceeds
        ``numerator / sup_bound``.

    Examples
    --------
    >>> from symden.certificates.sphere import online_dual_lower_bound
    >>> x = [(mpq(0), mpq(0)), (mpq(1), mpq(0))]
    >>> rec = online_dual_lower_bound(x, mpq(1, 10), [(-2.5, 0.0), (2.5, 0.0)], [((-1.25, 0.0), (0.0, 0.0))] * 2)
    >>> loc = localise(rec, mpq(5, 2), mpq(1, 10), centres=x, rho=mpq(1, 10), r_max=0.02)
    >>> loc.outside_cost_bound == (mpq(5, 2) - rec.lower_bound) * 10, len(loc.clusters)
    (True, 2)
    """
    delta = exact(delta, name="delta")
    if not 0 < delta <= 1:
        raise InvalidDataError(f"delta = {delta}: it must satisfy 0 < delta <= 1")
    delta = delta if is_rational(delta) else rational_above(delta)
    delta = min(delta, mpq(1))
    upper_q = rational_above(exact(upper, name="upper"))
    if isinstance(bound, OnlineDualBound):
        if centres is None or rho is None:
            raise InvalidDataError("localise: an online record needs centres= and rho= (the data it belongs to)")
        setting, S, L = "online", bound.sup_bound, bound.lower_bound
        numerator = bound.numerator
    elif isinstance(bound, DualBound):
        if not bound.points:
            raise InvalidDataError("localise: the offline record has no points (build it with its points)")
        setting, S, L = "offline", bound.sup_bound, bound.lower_bound
        numerator = bound.numerator
    else:
        raise InvalidDataError(f"localise: expected an OnlineDualBound or a DualBound, not {type(bound).__name__}")
    if S <= 0 or L < 0 or (L > 0 and L > numerator / S):
        raise ConditionError(f"localise: the record's lower bound {L} is not at most numerator / sup_bound")
    if upper_q < L:
        raise ConditionError(f"localise: upper = {float(upper_q)} is below the certified lower bound {float(L)}")
    level = (1 - delta) * S
    if setting == "online":
        cover = online_cover(centres, rho, bound.lam, bound.Lam, level, r_max=r_max, max_cells=max_cells)
    else:
        cover = offline_cover(bound.points, bound.weights, level, r_max=r_max, max_cells=max_cells)
    return Localisation(delta=delta, level=level, outside_cost_bound=(upper_q - L) / delta, clusters=cover.clusters,
                        converged=cover.converged, setting=setting, lower=L, upper=upper_q, sup_bound=S,
                        cells=len(cover.cells), evaluated=cover.evaluated, seconds=cover.seconds,
                        cover=cover)
