"""A trained network against the min-cost denoiser of its data (``symden compare``; docs/theory.md section 7b.2).

:func:`compare` measures, in floats, how far a :class:`~symden.experiments.netfile.TrainedNetwork`
is from the prediction :func:`predict` makes for a data file:

* the prediction is the closed form of :func:`symden.closed_forms.min_cost_denoiser` when one
  applies (its standing, proved / certified / upper bound, is reported), else the exact network
  behind the numeric path's certified interval (:func:`symden.verify.numeric.solve_program`);
  ``program=True`` asks for the program even when a closed form applies;
* **distances** ``|h_net(y) - h*(y)|`` (sup and RMS) on the data region (online: seeded uniform
  points in every ball and points on every ball's boundary; offline: the samples and seeded
  points of each cluster's convex hull) and on the data's bounding box enlarged by one half
  (a 101 x 101 grid in the plane, seeded uniform points for d >= 3; a 1001-point grid in 1-D);
* the trained **cost** ``sum |a||w|`` against the predicted one (exact, or a certified interval);
* the cost-weighted **directions**: the angle between the line of each trained ``w_k`` and the
  nearest line of a predicted ``w`` (``w`` and ``-w`` give the same boundary), the share of the
  trained cost within 2 and 5 degrees, a histogram, and per significant unit (cost share >= 1 %)
  the data edge it is parallel to or the facet it is normal to, with the angle.

Everything here is **evidence**: floats measured on a trained network, never a proof or a
certificate about it. The predicted network is exact; its parameters are converted to floats once.

Which data file to give: the min-cost denoiser of the file *is* the prediction. For the paper's
Figure 2 the network is trained on samples drawn from balls while the prediction is the online
denoiser of those balls, so the file to compare with is the online one (clean points and radius);
``symden compare NET online.json`` then measures on the balls. Given the offline file of the
samples themselves, the prediction is the offline data's min-cost denoiser instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations
from typing import Optional

from symden.data import DataSet
from symden.errors import ConditionError, InvalidDataError
from symden.exact import Exact, exact_str, to_float
from symden.network import COST_CONVENTION, ShallowNetwork
from symden.reference import cite

__all__ = ["Comparison", "Prediction", "UnitAlignment", "compare", "predict", "SIGNIFICANT_SHARE", "ALIGN_DEGREES",
           "PREDICTED_MIN_SHARE"]

#: a trained unit with at least this share of the trained cost gets a row in the units table
SIGNIFICANT_SHARE = 0.01
#: the two alignment thresholds (degrees) of the aligned shares
ALIGN_DEGREES = (2.0, 5.0)
#: a predicted direction (line) carrying less than this share of the predicted cost is not counted as predicted
PREDICTED_MIN_SHARE = 1e-3
#: predicted lines within this angle (degrees) of a costlier one are one predicted direction (for display and shares)
FAMILY_DEGREES = 1.0
#: predicted units whose lines differ by less than this (degrees) are one predicted direction
GROUP_DEGREES = 1e-3
#: histogram bin width (degrees)
BIN_DEGREES = 1.0
#: evaluation points: per ball (uniform inside) and on its boundary; per offline cluster (in the hull)
BALL_POINTS = 2000
BOUNDARY_POINTS = 360
HULL_POINTS = 2000
#: grid side in the plane, grid size in 1-D, random points in the box for d >= 3
GRID_SIDE_2D = 101
GRID_1D = 1001
BOX_POINTS = 10000
#: the box is the data's bounding box with a quarter of its largest side added on every side
#: (so each side grows by one half of the largest side)
BOX_MARGIN = 0.25
#: the seed of every random evaluation point (the measurement is deterministic)
SEED = 0


@dataclass(frozen=True)
class Prediction:
    """What a trained network is held against: an exact network and how well it is known to be the minimiser.

    ``source`` is ``"closed form"`` or ``"program"``; ``standing`` is ``"proved"``, ``"certified"``,
    ``"upper bound"`` (a closed form not known to be optimal), ``"certified interval"`` (a program's
    network whose cost is the upper end of a rigorous interval) or ``"not certified"`` (a program
    that ended inconclusive); ``cost`` the exact minimum when known, ``cost_interval`` rigorous
    exact bounds of it otherwise; ``network_cost`` the exact cost of ``network`` itself.
    """

    network: ShallowNetwork
    source: str
    name: str
    standing: str
    cost: Optional[Exact]
    cost_interval: Optional[tuple]
    network_cost: Exact
    reference: str

    @property
    def description(self) -> str:
        """One line: what the prediction is and where it stands."""
        def short(x) -> str:
            text = exact_str(x)
            return text if len(text) <= 40 else f"~{to_float(x):.9g}"

        if self.standing == "upper bound":  # a closed form not known to be optimal: its cost bounds R(h*) above
            known = f"its cost {short(self.network_cost)} is an upper bound on R(h*)"
        elif self.cost is not None:
            known = f"R(h*) = {short(self.cost)}"
        elif self.cost_interval is not None:
            lo, hi = self.cost_interval
            known = f"R(h*) in [{to_float(lo):.9g}, {to_float(hi):.9g}], this network costing {short(self.network_cost)}"
        else:
            known = f"a network costing ~{to_float(self.network_cost):.9g}, no bound on R(h*)"
        return f"{self.name} ({self.source}, {self.standing}; {known}; {self.reference})"


@dataclass(frozen=True)
class UnitAlignment:
    """A significant trained unit (0-based ``unit``): its share of the trained cost and its alignment.

    ``angle`` is the angle (degrees, in [0, 180)) of its ``w`` in the plane (d = 2, else None);
    ``predicted_angle`` the angle between its line and the nearest predicted direction's line
    (degrees, in [0, 90]), ``predicted`` that direction's index in :attr:`Comparison.predicted_directions`;
    ``aligned`` the nearest data alignment (``"parallel to x0-x1"``, ``"normal to x0-x2"``,
    ``"normal to facet opposite x2"``, ``"normal to plane x0 x1 x2"``) and ``aligned_angle`` its angle.
    """

    unit: int
    share: float
    angle: Optional[float]
    predicted_angle: float
    predicted: int
    aligned: str
    aligned_angle: float


@dataclass(frozen=True)
class PredictedDirection:
    """A predicted direction: the lines of predicted ``w`` within :data:`FAMILY_DEGREES` of its costliest one.

    A closed form's directions are single lines; a program's network may spread one direction over
    several nearby lines (rational column generation), which are one family here. ``lines`` counts
    them and ``spread`` is the largest angle (degrees) from the costliest line to another.
    """

    direction: tuple  # the float unit vector of the costliest line's w
    angle: Optional[float]  # d = 2: degrees in [0, 180)
    share: float  # the family's share of the predicted network's cost
    aligned: str
    aligned_angle: float
    lines: int = 1
    spread: float = 0.0


@dataclass(frozen=True)
class Comparison:
    """Everything :func:`compare` measured (floats: evidence), printed by :mod:`symden.printing.experiments`.

    ``sup_distance``/``rms_distance`` are ``|h_net(y) - h*(y)|`` over the data region
    (``region`` says which and ``region_points`` how many), ``grid_*`` over the enlarged bounding
    box (``grid`` says how it was sampled); ``cost`` the trained ``sum |a||w|``;
    ``predicted_cost`` the float of the predicted network's exact cost (``prediction`` holds the
    exact value or interval), ``cost_ratio`` their quotient; ``aligned_share_2deg`` /
    ``aligned_share_5deg`` the share of the trained cost on units whose ``w`` line is within 2 / 5
    degrees of a predicted direction's; ``direction_histogram`` ``((lo, hi, share), ...)`` the
    non-empty 1-degree bins of the cost-weighted angle of ``w`` modulo 180 degrees (d = 2) or of
    the angle to the nearest predicted line (other d), ``histogram_of`` naming which.
    """

    data: DataSet
    network: object  # TrainedNetwork
    prediction: Prediction
    sup_distance: float
    rms_distance: float
    region: str
    region_points: int
    grid_sup_distance: float
    grid_rms_distance: float
    grid: str
    box: tuple  # ((lo, hi) per coordinate) of the enlarged box
    cost: float
    predicted_cost: float
    cost_ratio: float
    aligned_share_2deg: float
    aligned_share_5deg: float
    direction_histogram: tuple
    histogram_of: str
    predicted_directions: tuple
    direction_shares: tuple  # per predicted direction: (trained share within 2 degrees, within 5 degrees) of it
    units: tuple
    direction_means: tuple = ()  # d = 2, per predicted direction: the cost-weighted mean angle of the trained w within 5 degrees
    unit_angles: tuple = field(repr=False, default=())  # per trained unit: angle to the nearest predicted line
    unit_shares: tuple = field(repr=False, default=())  # per trained unit: share of the trained cost
    unit_nearest: tuple = field(repr=False, default=())  # per trained unit: the family of its nearest predicted line (-1: none)
    notes: tuple = ()

    convention = COST_CONVENTION

    @property
    def predicted(self) -> str:
        """The prediction in one line (closed form or program, its standing, its cost)."""
        return self.prediction.description

    @property
    def reference(self) -> str:
        return cite("7b.2")

    @property
    def setting(self) -> str:
        return self.data.setting


# -- the prediction -------------------------------------------------------------------------------


def predict(data: DataSet, *, program: bool = False) -> Prediction:
    """The min-cost denoiser a trained network on ``data`` is compared with (see the module docstring).

    Raises
    ------
    ConditionError
        When no closed form applies and the numeric path does not cover the data (d >= 4), or it
        found no network.
    """
    if not program:
        from symden.closed_forms import min_cost_denoiser

        try:
            return prediction_of(min_cost_denoiser(data))
        except ConditionError:
            pass
    from symden.verify.numeric import solve_program

    return prediction_of(solve_program(data))


def prediction_of(predicted) -> Prediction:
    """A :class:`Prediction` from a closed-form :class:`~symden.denoiser.Denoiser` or a program's :class:`~symden.records.Solution`."""
    from symden.denoiser import Denoiser
    from symden.records import Solution, Status

    if isinstance(predicted, Prediction):
        return predicted
    if isinstance(predicted, Denoiser):
        net = predicted.network
        return Prediction(network=net, source="closed form", name=f"the {predicted.structure.value} closed form",
                          standing=predicted.standing.value, cost=predicted.cost, cost_interval=predicted.cost_interval,
                          network_cost=net.cost(), reference=predicted.theorem)
    if isinstance(predicted, Solution):
        if predicted.network is None:
            raise ConditionError(f"the program found no network to compare with ({predicted.program}: "
                                 f"{'; '.join(predicted.notes) or predicted.status.value})")
        net = predicted.network.merged()
        lo, hi = predicted.lower, predicted.upper
        if predicted.status is Status.PROVED and lo is not None and lo == hi:
            standing, cost, interval = "proved", lo, None
        elif predicted.status.holds and lo is not None and hi is not None:
            standing, cost, interval = "certified interval", None, (lo, hi)
        else:
            standing, cost, interval = "not certified", None, None
        return Prediction(network=net, source="program", name=f"the network of the {predicted.program}",
                          standing=standing, cost=cost, cost_interval=interval, network_cost=net.cost(),
                          reference=cite("6"))
    raise InvalidDataError(f"predicted = {type(predicted).__name__}: pass a closed-form Denoiser or a program's Solution")


# -- geometry in floats ---------------------------------------------------------------------------


def _clean_floats(data: DataSet):
    import numpy as np

    return np.array([[to_float(v) for v in x] for x in data.clean], dtype=float)


def _alignments(data: DataSet) -> list:
    """``(label, kind, float vector)`` of the data's edges (w parallel) and facet normals (w normal)."""
    import numpy as np

    X = _clean_floats(data)
    n, d = X.shape
    out = []
    if d == 1:  # every w is on the one line
        return [("the line (d = 1)", np.array([1.0]))]
    for i, j in combinations(range(n), 2):
        e = X[j] - X[i]
        if np.linalg.norm(e) > 0:
            out.append((f"parallel to x{i}-x{j}", e))
    if d == 2:
        for i, j in combinations(range(n), 2):
            e = X[j] - X[i]
            if np.linalg.norm(e) > 0:
                out.append((f"normal to x{i}-x{j}", np.array([-e[1], e[0]])))
        return out
    D = (X[1:] - X[0]).T if n > 1 else np.zeros((d, 0))
    simplex = n >= 3 and np.linalg.matrix_rank(D) == n - 1
    if simplex:  # the facet opposite x_k, its normal inside the data's affine hull
        for k in range(n):
            rest = [i for i in range(n) if i != k]
            base = X[rest[0]]
            F = (X[rest[1:]] - base).T
            v = X[k] - base
            if F.shape[1]:
                Q, _ = np.linalg.qr(F)
                v = v - Q @ (Q.T @ v)
            if np.linalg.norm(v) > 1e-12:
                out.append((f"normal to facet opposite x{k}", v))
    elif d == 3:
        for i, j, k in combinations(range(n), 3):
            nrm = np.cross(X[j] - X[i], X[k] - X[i])
            if np.linalg.norm(nrm) > 1e-12:
                out.append((f"normal to plane x{i} x{j} x{k}", nrm))
    return out


def _unit_rows(M):
    import numpy as np

    norms = np.linalg.norm(M, axis=1, keepdims=True)
    return M / np.where(norms > 0, norms, 1.0)


def _line_angles(U, P):
    """Degrees in [0, 90] between the lines of the rows of U (n x d) and of P (m x d), both unit rows."""
    import numpy as np

    # 2 asin(|u -+ p| / 2), the nearer orientation: accurate near 0 degrees, where acos(|u.p|) loses
    # half the digits (an exact match would read 1e-6 degrees)
    diff = U[:, None, :] - P[None, :, :]
    summ = U[:, None, :] + P[None, :, :]
    chord = np.minimum(np.linalg.norm(diff, axis=2), np.linalg.norm(summ, axis=2))
    return np.degrees(2.0 * np.arcsin(np.clip(chord / 2.0, 0.0, math.sqrt(0.5))))


def _plane_angle(v) -> float:
    """The angle of a 2-D vector's line, degrees in [0, 180)."""
    a = math.degrees(math.atan2(float(v[1]), float(v[0]))) % 180.0
    return 0.0 if a >= 180.0 - 1e-12 else a


def _nearest_alignment(U, aligns: list) -> list:
    """Per unit row of U: ``(label, angle)`` of the nearest data alignment (``("-", nan)`` when there is none)."""
    import numpy as np

    if not aligns or len(U) == 0:
        return [("-", float("nan"))] * len(U)
    P = _unit_rows(np.array([v for _, v in aligns], dtype=float))
    ang = _line_angles(U, P)
    best = ang.argmin(axis=1)
    return [(aligns[b][0], float(ang[i, b])) for i, b in enumerate(best)]


def _predicted_directions(net: ShallowNetwork, aligns: list) -> tuple:
    """The predicted network's unit lines (float, converted once), costliest first, with cost shares."""
    import numpy as np

    rows, costs = [], []
    for u in net.units:
        w = [to_float(v) for v in u.w]
        c = u.cost_float()
        if c > 0:
            rows.append(w)
            costs.append(c)
    if not rows:
        return ()
    U = _unit_rows(np.array(rows, dtype=float))
    total = sum(costs)
    groups: list = []  # [representative row index, cost]
    for k in sorted(range(len(rows)), key=lambda k: -costs[k]):
        for g in groups:
            if _line_angles(U[k:k + 1], U[g[0]:g[0] + 1])[0, 0] <= GROUP_DEGREES:
                g[1] += costs[k]
                break
        else:
            groups.append([k, costs[k]])
    reps = U[[g[0] for g in groups]]
    near = _nearest_alignment(reps, aligns)
    d = net.dim
    return tuple(PredictedDirection(direction=tuple(float(x) for x in reps[i]),
                                    angle=_plane_angle(reps[i]) if d == 2 else None,
                                    share=g[1] / total, aligned=near[i][0], aligned_angle=near[i][1])
                 for i, g in enumerate(groups))


def _families(lines: tuple) -> tuple:
    """Predicted lines (costliest first) into families within FAMILY_DEGREES of their costliest line.

    Returns the families as :class:`PredictedDirection` (costliest first) and, per line, its family's index.
    """
    import numpy as np

    if not lines:
        return (), []
    P = np.array([p.direction for p in lines], dtype=float)
    ang = _line_angles(P, P)
    heads: list = []
    family_of = []
    for k in range(len(lines)):
        for f, h in enumerate(heads):
            if ang[k, h] <= FAMILY_DEGREES:
                family_of.append(f)
                break
        else:
            family_of.append(len(heads))
            heads.append(k)
    out = []
    for f, h in enumerate(heads):
        members = [k for k in range(len(lines)) if family_of[k] == f]
        head = lines[h]
        out.append(PredictedDirection(direction=head.direction, angle=head.angle, share=sum(lines[k].share for k in members),
                                      aligned=head.aligned, aligned_angle=head.aligned_angle, lines=len(members),
                                      spread=float(max(ang[h, k] for k in members))))
    return tuple(out), family_of


# -- evaluation points ----------------------------------------------------------------------------


def _region_points(data: DataSet, rng):
    """The data region's evaluation points and a description (see the module docstring)."""
    import numpy as np

    d = data.dim
    if data.setting == "online":
        X = _clean_floats(data)
        r = to_float(data.radius)
        parts = []
        for x in X:
            g = rng.standard_normal((BALL_POINTS + BOUNDARY_POINTS, d))
            g /= np.linalg.norm(g, axis=1, keepdims=True)
            radii = r * rng.random(BALL_POINTS) ** (1.0 / d)  # uniform in the ball
            inside = g[:BALL_POINTS] * radii[:, None]
            if d == 2:  # the boundary circle, evenly
                t = 2 * np.pi * np.arange(BOUNDARY_POINTS) / BOUNDARY_POINTS
                edge = r * np.column_stack([np.cos(t), np.sin(t)])
            elif d == 1:
                edge = np.array([[-r], [r]])
            else:
                edge = r * g[BALL_POINTS:]
            parts += [x + inside, x + edge]
        Y = np.vstack(parts)
        what = (f"the balls (per ball {BALL_POINTS} seeded uniform points inside and "
                f"{2 if d == 1 else BOUNDARY_POINTS} on the boundary)")
        return Y, what
    parts = []
    for s in data.samples:
        S = np.array([[to_float(v) for v in y] for y in s], dtype=float)
        parts.append(S)
        if len(S) > 1:  # convex combinations of d + 1 random samples, Dirichlet(1) weights
            idx = rng.integers(0, len(S), size=(HULL_POINTS, min(d + 1, len(S))))
            lam = rng.dirichlet(np.ones(idx.shape[1]), size=HULL_POINTS)
            parts.append(np.einsum("nk,nkd->nd", lam, S[idx]))
    Y = np.vstack(parts)
    return Y, (f"the sample hulls (every sample, and per cluster {HULL_POINTS} seeded random convex "
               f"combinations of {d + 1} of its samples)")


def _box(data: DataSet):
    import numpy as np

    pts = [_clean_floats(data)]
    pad = 0.0
    if data.setting == "online":
        pad = to_float(data.radius)
    else:
        pts += [np.array([[to_float(v) for v in y] for y in s], dtype=float) for s in data.samples]
    P = np.vstack(pts)
    lo, hi = P.min(axis=0) - pad, P.max(axis=0) + pad
    side = float((hi - lo).max()) or 1.0
    return lo - BOX_MARGIN * side, hi + BOX_MARGIN * side


def _grid_points(data: DataSet, rng):
    import numpy as np

    lo, hi = _box(data)
    d = data.dim
    if d == 1:
        return np.linspace(lo[0], hi[0], GRID_1D).reshape(-1, 1), f"a {GRID_1D}-point grid", (lo, hi)
    if d == 2:
        gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], GRID_SIDE_2D), np.linspace(lo[1], hi[1], GRID_SIDE_2D))
        return (np.column_stack([gx.ravel(), gy.ravel()]), f"a {GRID_SIDE_2D} x {GRID_SIDE_2D} grid", (lo, hi))
    return lo + (hi - lo) * rng.random((BOX_POINTS, d)), f"{BOX_POINTS} seeded uniform points", (lo, hi)


def _distances(net, h_star: ShallowNetwork, Y) -> tuple:
    import numpy as np

    diff = np.linalg.norm(net(Y) - h_star.evaluate_float(Y), axis=1)
    return float(diff.max()), float(np.sqrt((diff ** 2).mean()))


# -- the comparison -------------------------------------------------------------------------------


def compare(net, data: DataSet, *, predicted=None, program: bool = False) -> Comparison:
    """Measure a trained network against the min-cost denoiser of ``data`` (docs/theory.md section 7b.2).

    Parameters
    ----------
    net
        A :class:`~symden.experiments.netfile.TrainedNetwork` on R^d.
    data
        The data the prediction is made for (for Figure 2: the online balls the samples came from).
    predicted
        The prediction, when the caller has it: a closed-form ``Denoiser``, a program's
        ``Solution`` or a :class:`Prediction`; default :func:`predict` (``program`` as there).

    Raises
    ------
    InvalidDataError
        When the network and the data live in different dimensions.

    Examples
    --------
    >>> import numpy as np
    >>> from symden.experiments import TrainedNetwork
    >>> data = DataSet(clean=[[0, 0], [1, 0], ["-1/2", 1]], radius="1/10")
    >>> pred = predict(data)
    >>> same = TrainedNetwork(W=np.array([[to_float(v) for v in u.w] for u in pred.network.units]),
    ...     b=np.array([to_float(u.b) for u in pred.network.units]),
    ...     A=np.array([[to_float(v) for v in u.a] for u in pred.network.units]).T,
    ...     V=np.zeros((2, 2)), c=np.zeros(2))
    >>> c = compare(same, data, predicted=pred)
    >>> c.sup_distance < 1e-12, c.aligned_share_2deg
    (True, 1.0)
    """
    import numpy as np

    if net.dim != data.dim:
        raise InvalidDataError(f"the network maps R^{net.dim} to R^{net.dim} but the data are {data.dim}-dimensional")
    prediction = predict(data, program=program) if predicted is None else prediction_of(predicted)
    h_star = prediction.network
    if h_star.dim != data.dim:
        raise InvalidDataError(f"the prediction is on R^{h_star.dim} but the data are {data.dim}-dimensional")
    rng = np.random.default_rng(SEED)
    Y, region = _region_points(data, rng)
    sup, rms = _distances(net, h_star, Y)
    G, grid, (lo, hi) = _grid_points(data, rng)
    gsup, grms = _distances(net, h_star, G)

    costs = net.unit_costs()
    total = float(costs.sum())
    predicted_cost = to_float(prediction.network_cost)
    aligns = _alignments(data)
    everything = _predicted_directions(h_star, aligns)
    # a program's network may carry directions of negligible cost (column generation's leftovers): they
    # are not what is predicted, and a trained unit near one of them is not aligned with the prediction
    lines = tuple(p for p in everything if p.share >= PREDICTED_MIN_SHARE)  # costliest first
    dropped = [p for p in everything if p.share < PREDICTED_MIN_SHARE]
    directions, family_of = _families(lines)
    live = np.flatnonzero(costs > 0)
    shares = costs / total if total > 0 else np.zeros_like(costs)
    angles = np.full(net.width, np.nan)
    nearest = np.full(net.width, -1)
    U = _unit_rows(net.W)
    if lines and len(live):  # the angle to the nearest predicted *line*; attributed to that line's family
        P = np.array([p.direction for p in lines], dtype=float)
        A = _line_angles(U[live], P)
        angles[live] = A.min(axis=1)
        nearest[live] = np.array(family_of)[A.argmin(axis=1)]
    notes = []
    if prediction.standing == "upper bound":
        notes.append(f"the closed form is only an upper bound on R(h*) for these data (a minimiser may differ: "
                     f"{cite('9.2')}); --program (program=True) compares with the certified program's network")
    if dropped:
        notes.append(f"{len(dropped)} predicted direction{'s' if len(dropped) != 1 else ''} below "
                     f"{PREDICTED_MIN_SHARE:.1%} of the predicted cost (together {100 * sum(p.share for p in dropped):.2g}%) "
                     "not counted as predicted directions")
    if not directions:
        notes.append("the predicted network has no units (it is affine): no predicted direction to align with")

    def within(deg: float) -> float:
        ok = live[np.nan_to_num(angles[live], nan=180.0) <= deg]
        return min(1.0, float(costs[ok].sum()) / total) if total > 0 else 0.0  # a part's sum can round above the whole's

    if data.dim == 2:
        values = np.array([_plane_angle(U[k]) for k in live])
        edges, histogram_of = np.arange(0.0, 180.0 + BIN_DEGREES, BIN_DEGREES), "angle of w modulo 180 degrees"
    else:
        values = angles[live]
        edges = np.arange(0.0, 90.0 + BIN_DEGREES, BIN_DEGREES)
        histogram_of = "angle between the line of w and the nearest predicted line"
    counts, _ = np.histogram(np.nan_to_num(values, nan=90.0), bins=edges, weights=shares[live]) if len(live) else (np.zeros(len(edges) - 1), None)
    histogram = tuple((float(edges[i]), float(edges[i + 1]), float(counts[i])) for i in range(len(counts)) if counts[i] > 0)

    def near_share(i: int, deg: float) -> float:
        ok = live[(nearest[live] == i) & (np.nan_to_num(angles[live], nan=180.0) <= deg)]
        return min(1.0, float(costs[ok].sum()) / total) if total > 0 else 0.0

    direction_shares = tuple((near_share(i, ALIGN_DEGREES[0]), near_share(i, ALIGN_DEGREES[1]))
                             for i in range(len(directions)))
    def mean_angle(i: int):
        """The cost-weighted mean of the trained lines within 5 degrees of direction i (degrees modulo 180)."""
        ok = live[(nearest[live] == i) & (np.nan_to_num(angles[live], nan=180.0) <= ALIGN_DEGREES[1])]
        if data.dim != 2 or not len(ok) or not costs[ok].sum() > 0:
            return None
        base = directions[i].angle
        offsets = (np.array([_plane_angle(U[k]) for k in ok]) - base + 90.0) % 180.0 - 90.0  # signed, in [-90, 90)
        return float((base + (costs[ok] * offsets).sum() / costs[ok].sum()) % 180.0)

    direction_means = tuple(mean_angle(i) for i in range(len(directions)))
    significant = [int(k) for k in sorted(live, key=lambda k: -costs[k]) if shares[k] >= SIGNIFICANT_SHARE]
    near = _nearest_alignment(U[significant], aligns) if significant else []
    units = tuple(UnitAlignment(unit=k, share=float(shares[k]), angle=_plane_angle(U[k]) if data.dim == 2 else None,
                                predicted_angle=float(angles[k]), predicted=int(nearest[k]),
                                aligned=near[i][0], aligned_angle=near[i][1]) for i, k in enumerate(significant))
    return Comparison(
        data=data, network=net, prediction=prediction, sup_distance=sup, rms_distance=rms, region=region,
        region_points=len(Y), grid_sup_distance=gsup, grid_rms_distance=grms, grid=grid,
        box=tuple((float(a), float(b)) for a, b in zip(lo, hi)), cost=total, predicted_cost=predicted_cost,
        cost_ratio=total / predicted_cost if predicted_cost > 0 else float("nan"),
        aligned_share_2deg=within(ALIGN_DEGREES[0]), aligned_share_5deg=within(ALIGN_DEGREES[1]),
        direction_histogram=histogram, histogram_of=histogram_of, predicted_directions=directions,
        direction_shares=direction_shares, direction_means=direction_means, units=units,
        unit_angles=tuple(float(a) for a in angles), unit_shares=tuple(float(s) for s in shares),
        unit_nearest=tuple(int(i) for i in nearest), notes=tuple(notes))
