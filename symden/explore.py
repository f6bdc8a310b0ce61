"""What the certified min-cost denoiser of small data looks like (``symden explore``; docs/theory.md section 6c).

For data no theorem covers (four points of a square, five points in general position) the closed
forms of section 4 say nothing; the convex program of section 6 / 6b does. :func:`explore` runs it
and describes the answer:

* the certified interval ``[lower, upper]`` for the minimum cost and the exact network behind
  ``upper`` (the program's :class:`~symden.records.Solution`);
* the network's units (those with identical ``(w, b)`` summed first, exactly) grouped by the line of their direction ``w`` (both orientations), each
  group with its exact cost, its cost share and its alignment: the data edge its ``w`` is
  parallel to, or the data edge (d = 2) / plane of three clean points (d = 3) it is normal to,
  with the angle in degrees; "neither" when no alignment is within 0.01 degrees;
* a decomposition statement when h splits into denoisers on orthogonal subspaces
  (:func:`decomposition`: checked exactly on the exact network; the square's denoiser is two
  1-D denoisers, one per axis);
* every closed-form family of section 4 that is feasible for the data, with its exact cost
  placed against the interval (inside: a minimiser to the interval's width; above: not
  optimal, the program's network is cheaper; below: impossible, reported as an inconsistency).

Angles and cost shares are floats for display; every statement that is not labelled evidence is
an exact comparison.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from typing import Optional

from gmpy2 import mpq

from symden.data import DataSet
from symden.errors import ConditionError, ExactLimitError, SymdenError
from symden.exact import Exact, to_float
from symden.geometry import dot, line_key, row_reduce
from symden.network import ShallowNetwork
from symden.records import Solution, Structure
from symden.reference import cite

__all__ = ["DirectionGroup", "Exploration", "Family", "decomposition", "direction_groups", "explore", "families"]

#: Alignments closer than this (degrees) are reported as "parallel" / "normal".
ALIGNED_DEGREES = 0.01
#: Units whose float line angles differ by less than this (degrees) share a group.
GROUP_DEGREES = 1e-3


@dataclass(frozen=True)
class DirectionGroup:
    """Units of a network whose directions lie on (nearly) one line, with what that line is aligned to.

    ``direction`` is the exact ``w`` of the group's costliest unit; ``units`` the unit indices;
    ``cost`` the exact ``sum |a||w|`` of the group (None when exact arithmetic hit a limit on it);
    ``share`` its float share of the network's
    cost; ``spread`` the largest float angle (degrees) between the group's lines;
    ``parallel``/``parallel_angle`` the nearest data edge ``(i, j)`` and the angle between the
    lines; ``normal``/``normal_angle`` the nearest data edge (d = 2) or plane of three clean
    points (d >= 3, a triple) that w is normal to, and the angle between w and that normal.
    """

    direction: tuple
    units: tuple
    cost: Optional[Exact]
    share: float
    spread: float
    parallel: Optional[tuple]
    parallel_angle: Optional[float]
    normal: Optional[tuple]
    normal_angle: Optional[float]

    @property
    def aligned(self) -> str:
        """``"parallel to x0-x1"``, ``"normal to x0-x2"``, ``"normal to plane x0 x1 x2"`` or ``"neither"``."""
        if self.parallel_angle is not None and self.parallel_angle <= ALIGNED_DEGREES:
            return "parallel to " + _edge_name(self.parallel)
        if self.normal_angle is not None and self.normal_angle <= ALIGNED_DEGREES:
            return "normal to " + (_edge_name(self.normal) if len(self.normal) == 2 else
                                   "plane " + " ".join(f"x{i}" for i in self.normal))
        return "neither"


@dataclass(frozen=True)
class Family:
    """One closed-form family of docs/theory.md section 4 for the data: its cost against the interval.

    ``relation`` is ``"inside"``, ``"above"``, ``"below"`` (exact comparisons with the program's
    bounds), ``"no interval"`` (the program bounded nothing) or ``"not applicable"`` (``reason``
    says which condition fails).
    """

    structure: Structure
    cost: Optional[Exact]
    relation: str
    reason: str = ""
    standing: str = ""


@dataclass(frozen=True)
class Exploration:
    """Everything :func:`explore` found; printed by :func:`symden.printing.text_exploration`."""

    data: DataSet
    solution: Solution
    groups: tuple
    decomposition: Optional[tuple]
    decomposition_detail: str
    families: tuple

    @property
    def reference(self) -> str:
        return cite("6c")


def _edge_name(e: tuple) -> str:
    return f"x{e[0]}-x{e[1]}"


def _floats(v) -> tuple:
    return tuple(to_float(x) for x in v)


def _line_angle(u: tuple, v: tuple) -> float:
    """Angle in degrees between the lines spanned by float vectors u and v (in [0, 90])."""
    nu, nv = math.sqrt(sum(x * x for x in u)), math.sqrt(sum(x * x for x in v))
    if nu == 0 or nv == 0:
        return 90.0
    c = min(1.0, abs(sum(a * b for a, b in zip(u, v))) / (nu * nv))
    return math.degrees(math.acos(c))


def _normals(clean: tuple) -> list:
    """``(label, float normal)`` of the data's 'facets': edges (d = 2) or planes of three points (d = 3)."""
    d = len(clean[0])
    pts = [_floats(x) for x in clean]
    out = []
    if d == 2:
        for i, j in combinations(range(len(pts)), 2):
            e = (pts[j][0] - pts[i][0], pts[j][1] - pts[i][1])
            out.append(((i, j), (-e[1], e[0])))
    elif d == 3:
        for i, j, k in combinations(range(len(pts)), 3):
            a = [pts[j][t] - pts[i][t] for t in range(3)]
            b = [pts[k][t] - pts[i][t] for t in range(3)]
            n = (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])
            if any(abs(x) > 1e-12 for x in n):
                out.append(((i, j, k), n))
    return out


def direction_groups(network: ShallowNetwork, clean: tuple) -> tuple:
    """The network's units grouped by line direction, costliest group first (see :class:`DirectionGroup`)."""
    units = [(k, u) for k, u in enumerate(network.units) if any(v != 0 for v in u.w) and any(v != 0 for v in u.a)]
    if not units:
        return ()
    floats = {k: u.cost_float() for k, u in units}  # shares and order: floats (display only)
    try:
        costs = {k: u.cost() for k, u in units}
    except ExactLimitError:  # a program's 400-digit coefficients: no exact group costs, the floats remain
        costs = None
    total = sum(floats.values())
    # exact line keys first, then float merging of nearly equal lines
    exact_groups: dict = {}
    for k, u in units:
        exact_groups.setdefault(line_key(u.w), []).append(k)
    reps = [(members, _floats(network.units[members[0]].w)) for members in exact_groups.values()]
    merged: list = []
    for members, w in reps:
        for g in merged:
            if _line_angle(g[1], w) <= GROUP_DEGREES:
                g[0].extend(members)
                break
        else:
            merged.append([list(members), w])
    edges = [((i, j), tuple(b - a for a, b in zip(_floats(clean[i]), _floats(clean[j]))))
             for i, j in combinations(range(len(clean)), 2)]
    normals = _normals(clean)
    out = []
    for members, _ in merged:
        members = sorted(members, key=lambda k: -floats[k])
        lead = network.units[members[0]].w
        wf = _floats(lead)
        cost = sum((costs[k] for k in members), mpq(0)) if costs is not None else None
        share = sum(floats[k] for k in members) / total if total else 0.0
        spread = max(_line_angle(wf, _floats(network.units[k].w)) for k in members)
        par = min(((e, _line_angle(wf, v)) for e, v in edges), key=lambda t: t[1], default=(None, None))
        nor = min(((e, _line_angle(wf, v)) for e, v in normals), key=lambda t: t[1], default=(None, None))
        out.append(DirectionGroup(direction=tuple(lead), units=tuple(members), cost=cost,
                                  share=share, spread=spread,
                                  parallel=par[0], parallel_angle=par[1], normal=nor[0], normal_angle=nor[1]))
    return tuple(sorted(out, key=lambda g: -g.share))


def _rank(vectors: list) -> int:
    if not vectors:
        return 0
    _, pivots = row_reduce([list(v) for v in vectors])
    return len(pivots)


def decomposition(network: ShallowNetwork) -> tuple:
    """Whether h splits into denoisers on pairwise orthogonal subspaces, decided exactly.

    Units are joined into blocks by the relation "their directions are not orthogonal" (exact
    dot products; connected components). With block spans ``S_1 .. S_k`` (pairwise orthogonal by
    construction), h decomposes as ``h(y) = c + sum_b g_b(P_b y) + V P_0 y`` (``P_0`` the
    projection on the complement of the blocks) iff every unit's output ``a`` lies in its block's
    span and V maps each ``S_b`` into itself; then each ``g_b`` is a denoiser of dimension
    ``dim S_b``. Returns ``(dims, detail)``: ``dims`` the block dimensions (None when h does not
    decompose or has one block), ``detail`` a sentence.
    """
    units = [u for u in network.units if any(v != 0 for v in u.w) and any(v != 0 for v in u.a)]
    if not units:
        return None, "h is affine (no unit)"
    n = len(units)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if dot(units[i].w, units[j].w) != 0:
                parent[find(i)] = find(j)
    blocks: dict = {}
    for i in range(n):
        blocks.setdefault(find(i), []).append(i)
    if len(blocks) < 2:
        return None, "the unit directions do not split into mutually orthogonal groups, so h does not decompose"
    spans = []
    for members in blocks.values():
        basis = [list(units[i].w) for i in members]
        r = _rank(basis)
        for i in members:
            if _rank(basis + [list(units[i].a)]) != r:
                return None, ("the unit directions split into orthogonal groups, but a unit's output leaves its group's "
                              "span, so h does not decompose")
        spans.append((r, basis))
    for r, basis in spans:
        for w in basis:
            image = [dot(row, w) for row in network.V]
            if any(x != 0 for x in image) and _rank(basis + [image]) != r:
                return None, "the unit groups are orthogonal, but the skip matrix V mixes them, so h does not decompose"
    dims = tuple(sorted((r for r, _ in spans), reverse=True))
    names = ", ".join(str(x) for x in dims)
    kind = "1-D denoisers" if all(x == 1 for x in dims) else "lower-dimensional denoisers"
    return dims, (f"h decomposes exactly into {len(dims)} {kind} on pairwise orthogonal subspaces "
                  f"(dimensions {names}): h(y) = c + sum_b g_b(P_b y) + V P_0 y")


def families(data: DataSet, lower: Optional[Exact], upper: Optional[Exact]) -> tuple:
    """Every closed-form family of docs/theory.md section 4, feasible or not, with its cost against the interval."""
    from symden.closed_forms import STRUCTURES, min_cost_denoiser
    from symden.geometry import detect

    geometry = detect(data)
    out = []
    for structure in STRUCTURES:
        try:
            den = min_cost_denoiser(data, structure=structure, geometry=geometry)
            cost = den.cost if den.cost is not None else den.network.cost()
        except (ConditionError, SymdenError) as exc:
            first, *more = str(exc).split(" | ")[0].split("; ")
            out.append(Family(structure, None, "not applicable",
                              reason=first + (f" (and {len(more)} more)" if more else "")))
            continue
        except (ExactLimitError, OverflowError) as exc:
            out.append(Family(structure, None, "not applicable", reason=f"exact arithmetic hit a limit ({exc})"))
            continue
        if lower is None or upper is None:
            relation = "no interval"
        elif cost > upper:
            relation = "above"
        elif cost < lower:
            relation = "below"
        else:
            relation = "inside"
        out.append(Family(structure, cost, relation, standing=den.standing.value))
    return tuple(out)


def explore(data: DataSet, *, solution: Optional[Solution] = None) -> Exploration:
    """Solve the program for small data in d <= 3 and describe the certified denoiser (module docstring).

    Raises
    ------
    ConditionError
        For data the numeric path does not cover (d >= 4).
    """
    if data.dim > 3:
        raise ConditionError(f"symden explore covers data in d <= 3; these data are {data.dim}-dimensional")
    if solution is None:
        from symden.verify.numeric import solve_program

        solution = solve_program(data)
    net = solution.network.merged() if solution.network is not None else None
    if net is None or net.dim == 1:
        groups, dims, detail = (), None, ("no exact network" if net is None else
                                          "1-D data: h is a univariate denoiser (docs/theory.md section 3)")
    else:
        groups = direction_groups(net, data.clean)
        dims, detail = decomposition(net)
    return Exploration(data=data, solution=solution, groups=groups, decomposition=dims,
                       decomposition_detail=detail, families=families(data, solution.lower, solution.upper))
