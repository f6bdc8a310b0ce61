"""The lemmas applied to a user's data set (``symden lemmas FILE``).

Each function returns :class:`~symden.records.Verdict` records computed exactly:

* 1-D data (online or offline, docs/theory.md section 3): the chain dual certificate built from the
  cluster hulls (the ramp certificate of every gap, summed), checked with the same
  :func:`~symden.lemmas.ramp_certificate.check_certificate` as the symbolic lemma, against the
  closed form's cost (optimality of the closed form on these data); contractivity per gap
  (online: the margin ``rho (D - 2t)/(D - 2 rho)`` vanishes only at the midpoint; offline: left
  half iff ``b_n <= a_n``, right half iff ``a_n <= b_n``).
* d >= 2 online data with pairwise orthogonal rays from a base point (section 4): the frame
  lower bound, the sum of the 1-D costs along the rays, compared with the rays closed form.
"""

from __future__ import annotations

import sympy

from symden.closed_forms.univariate import univariate_cost_formula
from symden.data import DataSet
from symden.errors import ConditionError
from symden.exact import exact, to_sympy
from symden.geometry import detect
from symden.lemmas.ramp_certificate import chain_certificate, check_certificate
from symden.records import Quantity as Q, Status, Structure, Verdict
from symden.reference import cite

__all__ = ["lemma_instances"]


def _one_d(data: DataSet, geometry) -> list:
    cls = geometry.clusters
    if geometry.structure is None:
        raise ConditionError(geometry.why_not(Structure.UNIVARIATE))
    out = []
    if len(cls) < 2:
        return [Verdict("ramp_certificate", Status.INCONCLUSIVE, "a single cluster: no gap, nothing to certify",
                        reference=cite("3"))]
    hulls = [(to_sympy(c.lo), to_sympy(c.hi)) for c in cls]
    xs = [to_sympy(c.target) for c in cls]
    cost = to_sympy(univariate_cost_formula(data, geometry))
    pts, tg, mu = chain_certificate(hulls, xs)
    d = check_certificate(pts, tg, mu, value=cost)
    if d.ok:
        out.append(Verdict("ramp_certificate", Status.PROVED,
                           f"the summed ramp certificates of the {len(cls) - 1} gaps are a dual certificate "
                           f"(annihilation, |eta| <= 1 at all {len(pts)} knots) with value {sympy.sstr(cost)} = the closed form's cost: "
                           "the closed form is optimal on these data", evidence=((Q.COST, exact(cost)),),
                           reference=cite("3")))
    else:
        out.append(Verdict("ramp_certificate", Status.REFUTED if d.failure else Status.INCONCLUSIVE,
                           f"certificate check failed at: {d.failure or d.undecided}", reference=cite("3")))
    for n, (c, nxt) in enumerate(zip(cls, cls[1:]), 1):
        x0, x1 = to_sympy(c.target), to_sympy(nxt.target)
        D = x1 - x0
        name = f"contractivity gap {n} [{sympy.sstr(x0)}, {sympy.sstr(x1)}]"
        if data.radius is not None:
            rho = to_sympy(data.radius)
            margin_mid = rho * (D - 2 * (D / 2)) / (D - 2 * rho)
            out.append(Verdict(name, Status.PROVED,
                               f"online: margin rho(D - 2t)/(D - 2 rho) >= 0 on (rho, D/2] with D = {sympy.sstr(D)}, "
                               f"rho = {sympy.sstr(rho)}; equality only at the midpoint {sympy.sstr(x0 + D / 2)} (margin {sympy.sstr(margin_mid)})",
                               reference=cite("3")))
            continue
        a, b = to_sympy(c.hi) - x0, x1 - to_sympy(nxt.lo)
        G = D - a - b
        left, right = b <= a, a <= b
        if left and right:
            out.append(Verdict(name, Status.PROVED, f"offline: a_n = b_n = {sympy.sstr(a)}: both halves contractive",
                               reference=cite("3")))
        else:
            viol = abs(D * (a - b) / (2 * G))
            half = "left" if not left else "right"
            out.append(Verdict(name, Status.REFUTED,
                               f"offline: a_n = {sympy.sstr(a)}, b_n = {sympy.sstr(b)}: the {half} half is not contractive "
                               f"(violation {sympy.sstr(viol)} at the midpoint {sympy.sstr(x0 + D / 2)})",
                               counterexample=((Q.POINT, exact(x0 + D / 2)), (Q.VIOLATION, exact(viol))),
                               reference=cite("3")))
    return out


def _rays(data: DataSet, geometry) -> list:
    if data.radius is None:
        return [Verdict("frame", Status.INCONCLUSIVE,
                        "offline multivariate data: the frame lower bound along rays needs the online (ball) setting",
                        reference=cite("5"))]
    frames = [f for f in geometry.ray_frames if f.orthogonal]
    if not frames:
        return [Verdict("frame", Status.INCONCLUSIVE, "no base point from which the data are pairwise orthogonal rays: "
                        "the frame lemma has no instance here", reference=cite("5"))]
    from symden.closed_forms import min_cost_denoiser

    rho = to_sympy(data.radius)
    cost = to_sympy(min_cost_denoiser(data, geometry=geometry).network.cost())
    out = []
    for fr in frames:
        bound = 0
        for e, members in fr.rays:
            length = sympy.sqrt(sum(to_sympy(c) ** 2 for c in e))
            ts = [sympy.Integer(0)] + [to_sympy(s) * length for _, s in members]
            bound += sum(2 * (t1 - t0) / (t1 - t0 - 2 * rho) for t0, t1 in zip(ts, ts[1:]))
        equal = sympy.simplify(bound - cost) == 0
        base = fr.base
        out.append(Verdict(f"frame (base clean[{base}])", Status.PROVED if equal else Status.INCONCLUSIVE,
                           f"the frame lemma along the {len(fr.rays)} orthogonal rays gives R(h) >= {sympy.sstr(sympy.nsimplify(bound))}; "
                           + ("this equals the closed form's cost, which is therefore optimal" if equal
                              else f"the closed form costs {sympy.sstr(cost)}, so the bound is not tight"),
                           evidence=((Q.BOUND, exact(bound)),), reference=cite("5")))
    return out


def lemma_instances(data: DataSet) -> list:
    """Every lemma with an instance form, applied to ``data``; a list of Verdicts."""
    geometry = detect(data)
    if geometry.clusters:
        return _one_d(data, geometry)
    return _rays(data, geometry)
