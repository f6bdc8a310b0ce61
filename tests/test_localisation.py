"""Where every minimiser puts its cost (symden.certificates.localisation; docs/theory.md section 6b.6).

The covers are checked against an independent float evaluation of eta written here, per unit
type and per orientation (online: both tangent sides of every ball, the side +1 unit at w being
covered as the side -1 unit at -w; offline: every kink, at w or -w): every densely sampled
direction whose |eta| clearly exceeds the level must lie in a returned cell and within its
cluster's angle (rigour, sampled). Closed forms fix the regions exactly (two balls on a line:
``|eta| = 1.25 |w_1| - 1/4`` on the two ramp units), and on M3 online the localisation theorem
itself is checked against the exact closed-form network: each of its units carries far more cost
than the outside bound, so each must sit in a cluster of its own type.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from gmpy2 import mpq

from symden.certificates.localisation import Cover, Localisation, localise, offline_cover, online_cover
from symden.certificates.sphere import (
    OnlineDualBound,
    offline_dual_lower_bound,
    offline_sup_bound,
    online_dual_lower_bound,
    online_sup_bound,
)
from symden.errors import ConditionError, InvalidDataError
from tests.duals import random_offline, random_online, two_ball_dual

RHO = mpq(1, 10)


def directions(d: int, count: int, seed: int = 3) -> np.ndarray:
    if d == 2:
        t = np.linspace(0.0, 2 * np.pi, count, endpoint=False)
        return np.stack([np.cos(t), np.sin(t)], axis=1)
    W = np.random.default_rng(seed).normal(size=(count, d))
    return W / np.linalg.norm(W, axis=1)[:, None]


# --------------------------------------------------------------------------------------------
# independent float evaluations: (unit type, canonical direction, |eta|), robustly allowed only


def online_units(centres, rho, lam, Lam, W, margin=1e-9):
    """Per ball m and side: |eta| of the unit tangent to ball m at each row of W, where clearly allowed.

    Yields (m, canonical directions, values): side -1 units at w are canonical at w, side +1 at -w.
    """
    X = np.array([[float(v) for v in x] for x in centres])
    L = np.array([[float(v) for v in l] for l in lam])
    LL = np.array([[[float(v) for v in row] for row in M] for M in Lam])
    r = float(rho)
    proj = W @ X.T
    for m in range(len(X)):
        for side in (-1.0, 1.0):
            beta = proj[:, m] + side * r
            gap = proj - beta[:, None]
            act = gap >= r - margin
            inact = gap <= -r + margin
            clear = (gap >= r + margin) | (gap <= -r - margin)
            clear[:, m] = True
            allowed = np.all(act | inact, axis=1) & np.all(clear, axis=1)
            value = np.einsum("kn,kn,na->ka", act, gap, L) + np.einsum("kn,nab,kb->ka", act, LL, W)
            vals = np.where(allowed, np.linalg.norm(value, axis=1), 0.0)
            yield m, (W if side < 0 else -W), vals


def offline_units(points, lam, W):
    Y = np.array([[float(v) for v in y] for y in points])
    L = np.array([[float(v) for v in l] for l in lam])
    proj = W @ Y.T
    for j in range(len(Y)):
        value = np.maximum(proj - proj[:, j : j + 1], 0.0) @ L
        yield j, W, np.linalg.norm(value, axis=1)


def assert_covered(cover: Cover, units, level: float, *, both_orientations: bool) -> int:
    """Every sampled unit with |eta| > level (1 + 1e-9) lies in a cell and in a cluster of its type."""
    C = np.array([c.centre for c in cover.cells]).reshape(len(cover.cells), -1)
    R = np.array([c.radius for c in cover.cells])
    T = np.array([c.unit for c in cover.cells])
    checked = 0
    for m, W, vals in units:
        hot = vals > level * (1 + 1e-9) + 1e-12
        if not np.any(hot):
            continue
        sel = T == m
        assert np.any(sel), f"type {m}: |eta| = {vals.max()} > {level} but no cell"
        Q = np.array([[float(v) for v in c.direction] for c in cover.clusters if c.unit == m])
        deg = np.array([c.degrees for c in cover.clusters if c.unit == m])
        H = W[hot]
        cands = [H, -H] if both_orientations else [H]
        in_cell = np.zeros(len(H), dtype=bool)
        in_cluster = np.zeros(len(H), dtype=bool)
        for V in cands:
            dist = np.linalg.norm(V[:, None, :] - C[sel][None, :, :], axis=2)
            in_cell |= np.any(dist <= R[sel][None, :], axis=1)
            ang = np.degrees(np.arccos(np.clip(V @ Q.T, -1.0, 1.0)))
            in_cluster |= np.any(ang <= deg[None, :] + 1e-9, axis=1)
        assert np.all(in_cell), f"type {m}: directions {H[~in_cell][:3]} with |eta| > {level} are in no cell"
        assert np.all(in_cluster), f"type {m}: directions {H[~in_cluster][:3]} are in no cluster"
        checked += len(H)
    return checked


# --------------------------------------------------------------------------------------------
# closed forms


def test_two_balls_on_a_line_clusters_are_the_ramp_units():
    cen, lam, Lam = two_ball_dual(2)
    cover = online_cover(cen, RHO, lam, Lam, mpq(9, 10), r_max=0.01)
    assert cover.converged and all(c.radius <= 0.01 for c in cover.cells)
    # ramp 0 -> 1: the unit tangent to ball 1 (active side) in direction e1 and the unit tangent to
    # ball 0 on its inactive side, which is the side -1 unit of ball 0 in direction -e1
    got = sorted((c.unit, round(float(c.direction[0]))) for c in cover.clusters)
    assert got == [(0, -1), (1, 1)]
    # |eta| = 1.25 |w_1| - 1/4 there: {|eta| > 9/10} is the arc |angle| < arccos(0.92); the cluster
    # must hold it, and with cells of radius 0.01 it is little larger
    arc = math.degrees(math.acos(0.92))
    for c in cover.clusters:
        assert sum(v * v for v in c.direction) == 1
        assert arc <= c.degrees <= arc + 2.0
    assert assert_covered(cover, online_units(cen, RHO, lam, Lam, directions(2, 20000)), 0.9,
                          both_orientations=False) > 0


def test_two_balls_in_3d_clusters_are_caps():
    cen, lam, Lam = two_ball_dual(3)
    cover = online_cover(cen, RHO, lam, Lam, mpq(9, 10), r_max=0.03)
    got = sorted((c.unit, round(float(c.direction[0]))) for c in cover.clusters)
    assert got == [(0, -1), (1, 1)]
    arc = math.degrees(math.acos(0.92))
    assert all(arc <= c.degrees <= arc + 4.0 for c in cover.clusters)
    assert assert_covered(cover, online_units(cen, RHO, lam, Lam, directions(3, 20000)), 0.9,
                          both_orientations=False) > 0


def test_outside_cost_bound_is_exactly_upper_minus_lower_over_delta():
    cen, lam, Lam = two_ball_dual(2)
    rec = online_dual_lower_bound(cen, RHO, [(-2.5, 0.0), (2.5, 0.0)], [((-1.25, 0.0), (0.0, 0.0))] * 2)
    delta = mpq(1, 20)
    loc = localise(rec, mpq(5, 2), delta, centres=cen, rho=RHO)
    assert isinstance(loc, Localisation) and loc.setting == "online"
    assert loc.outside_cost_bound == (mpq(5, 2) - rec.lower_bound) / delta
    assert loc.level == (1 - delta) * rec.sup_bound and loc.delta == delta
    assert sorted((c.unit, round(float(c.direction[0]))) for c in loc.clusters) == [(0, -1), (1, 1)]


def test_offline_localisation_from_a_record_in_3d():
    # targets 0, 0, 2 e1 at 0, e1, 2 e1: the network 2 [y_1 - 1]_+ e1 costs 2 = OPT; its one
    # unit has its kink at sample 1, direction e1
    pts = [(mpq(0), mpq(0), mpq(0)), (mpq(1), mpq(0), mpq(0)), (mpq(2), mpq(0), mpq(0))]
    tg = [(mpq(0), mpq(0), mpq(0)), (mpq(0), mpq(0), mpq(0)), (mpq(2), mpq(0), mpq(0))]
    rec = offline_dual_lower_bound(pts, tg, [(1.0, 0, 0), (-2.0, 0, 0), (1.0, 0, 0)], rel_tol=1e-4)
    loc = localise(rec, mpq(2), mpq(1, 10), r_max=0.03)
    assert loc.setting == "offline" and loc.outside_cost_bound == (2 - rec.lower_bound) * 10
    assert [(c.unit, [round(float(v)) for v in c.direction]) for c in loc.clusters] == [(1, [1, 0, 0])]


# --------------------------------------------------------------------------------------------
# rigour, sampled


@pytest.mark.parametrize("d,seed", [(2, 1), (2, 5), (3, 2)])
def test_online_cover_holds_every_sampled_unit_above_the_level(d, seed):
    cen, lam, Lam = random_online(d, 4, seed)
    S = online_sup_bound(cen, RHO, lam, Lam, rel_tol=1e-4).sup_bound
    level = S * mpq(85, 100)
    cover = online_cover(cen, RHO, lam, Lam, level, r_max=0.02 if d == 2 else 0.05)
    assert cover.converged
    W = directions(d, 40000 if d == 2 else 30000)
    assert assert_covered(cover, online_units(cen, RHO, lam, Lam, W), float(level), both_orientations=False) > 0


@pytest.mark.parametrize("d,seed", [(2, 4), (3, 6)])
def test_offline_cover_holds_every_sampled_kink_above_the_level(d, seed):
    pts, lam = random_offline(d, 3, 5, seed)
    S = offline_sup_bound(pts, lam, rel_tol=1e-4).sup_bound
    level = S * mpq(8, 10)
    cover = offline_cover(pts, lam, level, r_max=0.02 if d == 2 else 0.08)
    assert cover.converged
    W = directions(d, 20000)
    assert assert_covered(cover, offline_units(pts, lam, W), float(level), both_orientations=True) > 0


def test_a_small_budget_still_covers():
    cen, lam, Lam = random_online(2, 4, 1)
    S = online_sup_bound(cen, RHO, lam, Lam, rel_tol=1e-4).sup_bound
    level = S * mpq(85, 100)
    cover = online_cover(cen, RHO, lam, Lam, level, r_max=1e-4, max_cells=400)
    assert not cover.converged and cover.evaluated <= 400
    assert assert_covered(cover, online_units(cen, RHO, lam, Lam, directions(2, 20000)), float(level),
                          both_orientations=False) > 0


# --------------------------------------------------------------------------------------------
# M3 online: the dual of the online program (symden.programs.online), and the exact closed form


def canonical(unit, centres, rho):
    """(ball m, direction) of a tangent unit in side -1 form (floats; evidence for the test)."""
    w = np.array([float(v) for v in unit.w])
    nw = np.linalg.norm(w)
    w, beta = w / nw, -float(unit.b) / nw
    X = np.array([[float(v) for v in x] for x in centres])
    for m, x in enumerate(X):
        if abs(beta - (w @ x - float(rho))) < 1e-9:
            return m, w
        if abs(beta - (w @ x + float(rho))) < 1e-9:
            return m, -w
    raise AssertionError(f"unit {unit} is tangent to no ball")


@pytest.mark.slow
def test_m3_online_clusters_hold_the_closed_form_units():
    from symden.closed_forms import min_cost_denoiser
    from symden.data import DataSet
    from symden.programs.online import solve_online

    data = DataSet(clean=[[0, 0], [1, 0], ["-1/2", 1]], radius="1/10")
    clean = data.clean
    rec = solve_online(data).certificate
    assert isinstance(rec, OnlineDualBound)
    closed = min_cost_denoiser(data)
    U = closed.cost
    assert rec.lower_bound <= U
    loc = localise(rec, U, mpq(1, 100), centres=clean, rho=RHO)
    assert loc.converged and loc.outside_cost_bound < mpq(1, 100)
    # the closed form's four tangent units: the ramps along x1 - x0 (0 deg) and x2 - x0 (116.57 deg)
    edge = math.degrees(math.atan2(1.0, -0.5))
    expected = {(1, 0.0), (0, 180.0), (2, edge), (0, edge + 180.0)}
    got = {(c.unit, math.degrees(math.atan2(float(c.direction[1]), float(c.direction[0]))) % 360)
           for c in loc.clusters}
    assert len(got) == 4
    for m, angle in expected:
        assert any(u == m and abs((a - angle + 180) % 360 - 180) < 2.0 for u, a in got), (m, angle, got)
    # the theorem on the exact closed-form network: a unit of cost > outside bound lies in D,
    # hence in a cluster of its type
    for unit in closed.network.units:
        m, w = canonical(unit, clean, RHO)
        cost = np.linalg.norm([float(v) for v in unit.a]) * np.linalg.norm([float(v) for v in unit.w])
        assert cost > 10 * float(loc.outside_cost_bound)
        inside = [c for c in loc.clusters if c.unit == m
                  and math.degrees(math.acos(min(1.0, float(np.dot(w, [float(v) for v in c.direction]))))) <= c.degrees]
        assert inside, (m, w)


# --------------------------------------------------------------------------------------------
# bad input


def test_bad_input_is_refused_in_one_line():
    cen, lam, Lam = two_ball_dual(2)
    rec = online_dual_lower_bound(cen, RHO, [(-2.5, 0.0), (2.5, 0.0)], [((-1.25, 0.0), (0.0, 0.0))] * 2)
    with pytest.raises(InvalidDataError, match="delta"):
        localise(rec, mpq(5, 2), mpq(0), centres=cen, rho=RHO)
    with pytest.raises(InvalidDataError, match="centres= and rho="):
        localise(rec, mpq(5, 2), mpq(1, 10))
    with pytest.raises(ConditionError, match="below the certified lower bound"):
        localise(rec, mpq(2), mpq(1, 10), centres=cen, rho=RHO)
    with pytest.raises(InvalidDataError, match="expected an OnlineDualBound"):
        localise(object(), mpq(5, 2), mpq(1, 10))
    with pytest.raises(InvalidDataError, match="r_max"):
        online_cover(cen, RHO, lam, Lam, mpq(1, 2), r_max=0.0)
    with pytest.raises(ConditionError):
        online_cover(cen, RHO, [(mpq(1), mpq(0)), (mpq(0), mpq(0))], Lam, mpq(1, 2))


# --------------------------------------------------------------------------------------------
# clusters: the vectorised components against a brute-force closure


def test_components_agree_with_a_brute_force_closure():
    from symden.certificates.localisation import _components, _edges, _edges_python

    rng = np.random.default_rng(0)
    P = rng.normal(size=(1500, 3))
    P /= np.linalg.norm(P, axis=1)[:, None]
    R = rng.uniform(0.01, 0.05, len(P))
    touch = np.linalg.norm(P[:, None] - P[None], axis=2) <= (R[:, None] + R[None]) * (1 + 1e-9) + 1e-12
    lab = np.arange(len(P))
    while True:
        new = np.min(np.where(touch, lab[None, :], len(P)), axis=1)
        if np.array_equal(new, lab):
            break
        lab = new
    brute = sorted(sorted(np.flatnonzero(lab == v).tolist()) for v in np.unique(lab))
    assert sorted(sorted(c.tolist()) for c in _components(P, R)) == brute
    pairs = {tuple(e) for e in zip(*_edges(P, R))}
    h = 2.0 * float(R.max()) * (1.0 + 1e-9) + 1e-12
    assert pairs == {tuple(e) for e in zip(*_edges_python(P, R, h))} == set(zip(*np.nonzero(touch)))
