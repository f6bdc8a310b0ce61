"""Exact checks of the claims about a denoiser of data in R^d, d >= 2 (docs/theory.md sections 4, 5).

* interpolation: offline at every sample; online on every whole ball, decided from each unit's
  pre-activation range over the ball, ``w.x_n + b +- rho|w|`` (compared through squares, so no
  square root is taken): units whose kink crosses the ball must cancel exactly, and the affine
  map left on the ball must be the constant x_n.
* cost: the network's ``sum |a||w|`` against the theorem's formula (or its certified interval).
* optimality: exact lower bounds where THEORY proves one (line restriction for collinear data,
  the orthonormal frame lemma for pairwise orthogonal rays); THEORY's certified instances;
  otherwise inconclusive.
* uniqueness: proved for collinear data through the 1-D argument; otherwise inconclusive.
* alignment: every unit's direction w is parallel to a data edge or normal to a facet, as claimed.
* contractivity: exact for collinear data (1-D reduction) and in every dimension d >= 2 (the
  piecewise-quadratic supremum over the arrangement of kinks and bisectors: the plane by
  :mod:`symden.verify.contractivity2d`, d >= 3 by :mod:`symden.verify.contractivity_nd`).
"""

from __future__ import annotations

from typing import Optional

from gmpy2 import mpq

from symden.closed_forms.univariate import univariate_denoiser
from symden.data import DataSet
from symden.denoiser import Denoiser
from symden.exact import Exact, brief, exact_str, to_float
from symden.geometry import add, direction_key, dot, facet_normals, line_key, norm, norm2, scale, show, sub
from symden.network import ShallowNetwork
from symden.records import Alignment, Quantity as Q, Standing, Status, Verdict
from symden.reference import cite
from symden.rounding import interval_text
from symden.verify.numeric import program_covers

__all__ = [
    "check_interpolation_nd",
    "check_cost_nd",
    "check_optimality_nd",
    "check_uniqueness_nd",
    "check_alignment",
    "alignment_report",
    "check_contractivity_nd",
]



# -- interpolation -------------------------------------------------------------------------


def _unit_table(network: ShallowNetwork) -> list:
    """Per unit with w != 0, what every ball check needs, computed once: (unit, |w|^2, lead, line key, a*lead, a*|lead|)."""
    rows = []
    for u in network.units:
        if all(v == 0 for v in u.w):
            continue
        lead = next(v for v in u.w if v != 0)
        rows.append((u, norm2(u.w), lead, line_key(u.w), scale(u.a, lead), scale(u.a, abs(lead))))
    return rows


def _ball_verdict(network: ShallowNetwork, x: tuple, rho: Exact, table: list) -> Optional[dict]:
    """None when h = x on the closed ball B(x, rho); otherwise a witness dict."""
    d = len(x)
    rho2 = rho * rho
    active_groups: dict = {}  # line_key(w) -> sum of a_k * lead(w_k)
    crossing: dict = {}  # hyperplane key -> net gradient jump
    # h(x), accumulated from the same pre-activations: V x + c, units with w = 0, active units
    hx = [ci + dot(row, x) for ci, row in zip(network.c, network.V)]
    for u in network.units:
        if all(v == 0 for v in u.w) and u.b > 0:
            hx = [h + ai * u.b for h, ai in zip(hx, u.a)]
    for u, w2, lead, key, a_lead, a_abs_lead in table:
        z = dot(u.w, x) + u.b
        if z > 0:
            hx = [h + ai * z for h, ai in zip(hx, u.a)]
        reach2 = rho2 * w2
        if z >= 0 and z * z >= reach2:
            prev = active_groups.get(key)
            active_groups[key] = a_lead if prev is None else add(prev, a_lead)
        elif z < 0 and z * z >= reach2:
            continue
        else:
            hyper = (key, u.b / lead)
            prev = crossing.get(hyper)
            crossing[hyper] = a_abs_lead if prev is None else add(prev, a_abs_lead)
    for (direction, offset), jump in crossing.items():
        if any(v != 0 for v in jump):
            return {
                "reason": f"the kink hyperplane {show(direction)}.y + {exact_str(offset)} = 0 crosses the ball with a "
                          "non-zero net change of gradient, so h is not constant there",
                "witness": _witness_point(network, x, rho),
            }
    hx = tuple(hx)
    jac_zero = all(all(v == 0 for v in vec) for vec in active_groups.values()) and not network.has_skip
    if not jac_zero:
        # form the Jacobian A = V + sum_g c_g key_g^T only now (it is zero in every closed form)
        A = [list(row) for row in network.V]
        for key, cvec in active_groups.items():
            for i in range(d):
                if cvec[i] != 0:
                    A[i] = [A[i][j] + cvec[i] * key[j] for j in range(d)]
        for j in range(d):
            col = [A[i][j] for i in range(d)]
            if any(v != 0 for v in col):
                y = tuple(x[i] + (rho if i == j else 0) for i in range(d))
                return {"reason": "h is affine but not constant on the ball", "witness": (y, network(y))}
    if hx != tuple(x):
        return {"reason": "h is constant on the ball but not equal to the clean point", "witness": (tuple(x), hx)}
    return None


def _witness_point(network: ShallowNetwork, x: tuple, rho: Exact) -> Optional[tuple]:
    """A point of the closed ball where h differs from x (searched among rational points), or None."""
    d = len(x)
    candidates = [tuple(x)]
    for frac in (mpq(1), mpq(1, 2), mpq(1, 4)):
        for i in range(d):
            for sgn in (1, -1):
                candidates.append(tuple(x[j] + (sgn * frac * rho if j == i else 0) for j in range(d)))
    for y in candidates:
        hy = network(y)
        if hy != tuple(x):
            return (y, hy)
    return None


def check_interpolation_nd(data: DataSet, network: ShallowNetwork) -> Verdict:
    """h = x_n on every whole ball (online, exact) or at every sample (offline)."""
    if data.radius is not None:
        table = _unit_table(network)
        for n, x in enumerate(data.clean):
            bad = _ball_verdict(network, x, data.radius, table)
            if bad is not None:
                w = bad["witness"]
                ce = ((Q.TARGET, x),) + (((Q.POINT, w[0]), (Q.VALUE, w[1])) if w is not None else ())
                return Verdict(
                    "interpolation", Status.REFUTED,
                    f"on the ball around clean[{n}] = {show(x)}: {bad['reason']}"
                    + (f"; at y = {show(w[0])}, h(y) = {show(w[1])}" if w is not None else ""),
                    counterexample=ce, reference=cite("4"),
                )
        return Verdict(
            "interpolation", Status.PROVED,
            f"h(y) = x_n on every closed ball of radius {exact_str(data.radius)} ({data.size} balls): decided exactly from "
            "each unit's pre-activation range over each ball", reference=cite("4"),
        )
    checked = 0
    for n, (x, cluster) in enumerate(zip(data.clean, data.samples)):
        for y in cluster:
            checked += 1
            hy = network(y)
            if hy != tuple(x):
                return Verdict(
                    "interpolation", Status.REFUTED,
                    f"at the sample y = {show(y)} of clean[{n}] = {show(x)}, h(y) = {show(hy)}",
                    counterexample=((Q.POINT, y), (Q.VALUE, hy), (Q.TARGET, x)), reference=cite("4"),
                )
    return Verdict("interpolation", Status.PROVED, f"h(y) = x_n at every sample: {checked} samples checked exactly",
                   reference=cite("4"))


# -- cost ---------------------------------------------------------------------------------


def check_cost_nd(denoiser: Denoiser) -> Verdict:
    """The network's ``sum |a_k||w_k|`` equals the theorem's formula (or lies in its certified interval)."""
    net = denoiser.network.cost()
    if denoiser.cost is not None:
        facts = ((Q.NETWORK_COST, net), (Q.FORMULA_COST, denoiser.cost))
        if net == denoiser.cost:
            return Verdict(
                "cost", Status.PROVED,
                f"the network's sum |a_k||w_k| = {brief(net)} (~ {to_float(net):.10g}) equals the formula of "
                f"{denoiser.theorem}",
                evidence=facts, reference=cite("1"),
            )
        return Verdict(
            "cost", Status.REFUTED,
            f"the network's sum |a_k||w_k| = {brief(net)} differs from the stated cost {brief(denoiser.cost)}",
            counterexample=facts, evidence=facts, reference=cite("1"),
        )
    lo, hi = denoiser.cost_interval
    facts = ((Q.NETWORK_COST, net), (Q.LOWER_BOUND, lo), (Q.UPPER_BOUND, hi))
    if lo <= net <= hi:
        return Verdict(
            "cost", Status.CERTIFIED,
            f"the best face-aligned cost lies in the certified interval {interval_text(lo, hi, 12)}; "
            f"this network (rational centre) costs exactly {brief(net)}, inside it",
            evidence=facts, reference=cite("4.6"),
        )
    return Verdict("cost", Status.REFUTED, f"the network's cost {brief(net)} is outside [{brief(lo)}, {brief(hi)}]",
                   counterexample=facts, evidence=facts, reference=cite("4.6"))


# -- optimality and uniqueness ------------------------------------------------------------


def _frame_lower_bound(denoiser: Denoiser) -> Optional[tuple]:
    """(bound, base index) from the orthonormal frame lemma, when the data are orthogonal rays (online)."""
    data = denoiser.data
    if data.radius is None:
        return None
    best = None
    for frame in denoiser.geometry.ray_frames:
        if not frame.orthogonal:
            continue
        total = mpq(0)
        for e, members in frame.rays:
            s = [mpq(0)] + [t for _, t in members]
            total += univariate_denoiser(DataSet(clean=s, radius=data.radius / norm(e))).cost
        if best is None or total > best[0]:
            best = (total, frame.base)
    return best


def check_optimality_nd(denoiser: Denoiser) -> Verdict:
    """Minimality of the network's cost, by an exact lower bound where docs/theory.md proves one."""
    data, net_cost = denoiser.data, denoiser.network.cost()
    if denoiser.reduction is not None and denoiser.standing is Standing.PROVED:
        base, e, phi = denoiser.reduction
        bound = phi.cost
        if net_cost == bound:
            return Verdict(
                "optimality", Status.PROVED,
                f"line restriction ({cite('5')}): along the data's line every interpolant costs at least the 1-D "
                f"minimum {brief(bound)} (proved by the mean-slope bound), and h attains it",
                evidence=((Q.LOWER_BOUND, bound),), reference=cite("5"),
            )
    frame = _frame_lower_bound(denoiser)
    if frame is not None:
        bound, b = frame
        if net_cost == bound:
            return Verdict(
                "optimality", Status.PROVED,
                f"orthonormal frame lemma ({cite('5')}) along the orthogonal rays from clean[{b}]: every "
                f"interpolant costs at least the sum of the 1-D minima, {brief(bound)}, and h attains it",
                evidence=((Q.LOWER_BOUND, bound),), reference=cite("5"),
            )
        return Verdict(
            "optimality", Status.REFUTED,
            f"h costs {brief(net_cost)}, more than the attainable frame bound {brief(bound)} (the rays closed form "
            f"from clean[{b}] attains it)",
            counterexample=((Q.CHEAPER_COST, bound), (Q.NETWORK_COST, net_cost)), reference=cite("5"),
        )
    if denoiser.standing is Standing.CERTIFIED:
        return Verdict(
            "optimality", Status.CERTIFIED,
            f"{cite('8')} certifies optimality on its instance {denoiser.certified_on} (a rigorous weak-duality lower "
            "bound meets the closed form's cost), and these data are exactly similar to it (the cost is invariant "
            "under similarity)", reference=cite("8"),
        )
    numeric = ("decide it with the numeric path (`symden verify --numeric FILE`)" if program_covers(denoiser.data) else
               f"no convex program of symden covers {denoiser.data.dim}-dimensional data (d <= 3 only)")
    return Verdict(
        "optimality", Status.INCONCLUSIVE,
        f"{denoiser.standing.value}: no exact lower bound applies to these data (optimality is proved for collinear "
        f"data and orthogonal rays and certified on M2, M3, M5, {cite('4')}); {numeric}", reference=cite("4"),
    )


def check_uniqueness_nd(denoiser: Denoiser) -> Verdict:
    """Proved for collinear data (h* = g* o P unique iff g* is); otherwise not decided."""
    if denoiser.reduction is not None and denoiser.standing is Standing.PROVED:
        return Verdict(
            "uniqueness", Status.PROVED,
            f"affine subspace ({cite('4.3')}): h* = g* o P_A is unique iff the 1-D minimiser g* is, and g* is "
            "unique by the equality case of the mean-slope bound (two distinct samples per cluster, disjoint hulls)",
            reference=cite("4.3"),
        )
    numeric = ("`symden verify --numeric FILE` adds the program's uniqueness probe (evidence)"
               if program_covers(denoiser.data) else
               f"no uniqueness probe either: no convex program of symden covers {denoiser.data.dim}-dimensional data")
    return Verdict(
        "uniqueness", Status.INCONCLUSIVE,
        f"no uniqueness statement is proved for this structure in d >= 2 ({cite('6b.7')}); {numeric}",
        reference=cite("6b.7"),
    )


# -- alignment ----------------------------------------------------------------------------


def alignment_report(denoiser: Denoiser) -> tuple:
    """Per unit, an :class:`~symden.records.Alignment`: what its w is parallel to (data edges) or normal to (facets).

    Found by exact comparison of direction keys, independently of the
    constructor's own claims.
    """
    data, net = denoiser.data, denoiser.network
    edges: dict = {}
    for i in range(data.size):
        for j in range(i + 1, data.size):
            v = sub(data.clean[j], data.clean[i])
            edges.setdefault(line_key(v), []).append((i, j))
    facets: dict = {}
    geometry = denoiser.geometry
    if geometry.simplex and geometry.affine_dim >= 1:
        for n, (v, _) in enumerate(facet_normals(list(data.clean))):
            facets.setdefault(line_key(v), []).append(n)
    total = net.cost()
    out = []  # of Alignment records
    for idx, u in enumerate(net.units):
        if all(v == 0 for v in u.w) or all(v == 0 for v in u.a):
            wkey, akey = None, None
        else:
            wkey, akey = line_key(u.w), direction_key(u.a)
        c = u.cost()
        out.append(Alignment(
            unit=idx,
            w_parallel_to_edges=tuple(edges.get(wkey, ())) if wkey else (),
            w_normal_to_facets=tuple(facets.get(wkey, ())) if wkey else (),
            output_direction=akey,
            output_parallel_to_edges=tuple(edges.get(line_key(u.a), ())) if akey else (),
            cost=c,
            cost_share=float(to_float(c) / to_float(total)) if total != 0 else 0.0,
        ))
    return tuple(out)


def check_alignment(denoiser: Denoiser, report: Optional[tuple] = None) -> Verdict:
    """Every unit is aligned as the theorem says: w parallel to its claimed edge or normal to its facet."""
    report = alignment_report(denoiser) if report is None else report
    claims = denoiser.claimed_alignment
    if len(claims) != len(report):
        return Verdict("alignment", Status.INCONCLUSIVE, "the closed form states no alignment for every unit",
                       reference=cite("4"))
    for entry, claim in zip(report, claims):
        if claim[0] == "edge":
            i, j = sorted(claim[1:])
            ok = (i, j) in entry.w_parallel_to_edges
            want = f"parallel to the edge clean[{i}] -> clean[{j}]"
        else:
            ok = claim[1] in entry.w_normal_to_facets
            want = f"normal to the facet opposite clean[{claim[1]}]"
        if not ok:
            return Verdict(
                "alignment", Status.REFUTED,
                f"unit {entry.unit} is not {want}",
                counterexample=((Q.UNIT, entry.unit), (Q.DIRECTION, denoiser.network.units[entry.unit].w)),
                reference=cite("4"),
            )
    kinds = sorted({"edge" if c[0] == "edge" else "facet" for c in claims})
    what = " and ".join({"edge": "parallel to data edges", "facet": "normal to simplex facets"}[k] for k in kinds) or "none"
    return Verdict(
        "alignment", Status.PROVED,
        f"all {len(claims)} units are aligned as {denoiser.theorem} says ({what}), checked by exact direction comparison",
        reference=cite("4"),
    )


# -- contractivity ------------------------------------------------------------------------

#: The work budget of the exact contractivity check in d >= 3 during verification (see
#: symden.verify.contractivity_nd.estimated_work; about 0.4 ms per unit): enough for the closed
#: forms of four or five points in R^3 and rational ones in R^4, a few seconds at most.
CONTRACTIVITY_WORK = 4_000


def check_contractivity_nd(denoiser: Denoiser) -> Verdict:
    """|h(y) - x(y)| <= |y - x(y)| for every y, decided exactly: collinear data by the 1-D reduction, d = 2 by
    :mod:`symden.verify.contractivity2d`, d >= 3 by :mod:`symden.verify.contractivity_nd`."""
    data, net = denoiser.data, denoiser.network
    if denoiser.reduction is not None:
        from symden.verify.univariate import contractivity_profile

        base, e, phi = denoiser.reduction
        s_clean = tuple(dot(sub(x, base), e) / norm2(e) for x in data.clean)
        prof = contractivity_profile(phi.network.to_pwl(), s_clean)
        if prof["sup"] is not None and prof["value"] <= 0:
            return Verdict(
                "contractivity", Status.PROVED,
                "h = base + e phi(s) depends only on the coordinate s along the data's line and every clean point is on "
                "it, so |h(y) - x| <= |y - x| reduces exactly to the 1-D check of phi, which holds",
                reference=cite("3"),
            )
        y = add(base, scale(e, prof["argmax"]))
        return Verdict(
            "contractivity", Status.REFUTED,
            f"at y = {show(y)} (on the data's line) h moves away from the nearest clean point",
            counterexample=((Q.POINT, y), (Q.VALUE, net(y)), (Q.NEAREST, add(base, scale(e, prof["nearest"])))),
            reference=cite("3"),
        )
    if data.dim == 2:
        from symden.verify.contractivity2d import contractivity_profile_2d as profile

        space = "the whole plane"
    else:
        from functools import partial

        from symden.verify.contractivity_nd import contractivity_profile_nd

        profile = partial(contractivity_profile_nd, max_work=CONTRACTIVITY_WORK)
        space = f"the whole of R^{data.dim}"
    try:
        prof = profile(net, data.clean)
    except ArithmeticError as exc:  # an exact limit (ExactLimitError) outside the profile's own guard
        prof = {"status": "inconclusive", "reason": f"an exact comparison could not be decided: {exc}"}
    if prof.get("status") != "exact":
        hint = (f"; symden.verify.contractivity_nd.contractivity_profile_nd(network, clean, max_work=...) decides it "
                "with a larger budget" if "max_work" in prof.get("reason", "") else "")
        return Verdict("contractivity", Status.INCONCLUSIVE, f"not decided: {prof.get('reason', '')}{hint}",
                       reference=cite("4.8"))
    y, x = prof["argmax"], prof["nearest"]
    if prof["sup"] is not None and prof["value"] <= 0:
        return Verdict(
            "contractivity", Status.PROVED,
            f"|h(y) - x(y)|^2 - |y - x(y)|^2 <= 0 on {space}, decided exactly on every linear region of h "
            f"intersected with every nearest-point cell; its maximum {brief(prof['value'])} is attained at {show(y)}",
            evidence=((Q.SUP, prof["value"]),), reference=cite("4.8"),
        )
    return Verdict(
        "contractivity", Status.REFUTED,
        ("|h(y) - x(y)| - |y - x(y)| is unbounded above" if prof["sup"] is None else
         f"the largest value of |h(y) - x(y)|^2 - |y - x(y)|^2 is {brief(prof['value'])}")
        + f", at y = {show(y)} with nearest clean point {show(x)}",
        counterexample=((Q.POINT, y), (Q.VALUE, net(y)), (Q.NEAREST, x), (Q.SQUARED_VIOLATION, prof["value"])),
        reference=cite("4.8"),
    )
