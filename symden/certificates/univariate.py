"""The 1-D minimum-cost interpolant and its exact certificate (docs/theory.md sections 3 and 5).

Any 1-D data reduce to interpolation points ``t_1 < ... < t_M`` with targets ``T_i``: offline,
every distinct sample with its cluster's clean point; online, the two ends ``x_n -+ rho`` of every
ball (a minimiser with knots only at the points exists, and with no knot inside
``[x_n - rho, x_n + rho]`` it is constant there, so the ball constraint and the two end
constraints have the same minimum and the ball problem's minimisers are among the end problem's).

Exact mathematics only (no floats, no solver; :mod:`symden.programs.univariate_lp` adds the
knot-grid LP as independent numeric evidence):

* Chord slopes ``s_i = (T_{i+1} - T_i)/(t_{i+1} - t_i)`` and discrete curvatures
  ``kappa_j = s_j - s_{j-1}`` at interior points (``kappa = 0`` at the two ends: the tails are free).
  Every interpolant has ``int |f''| >= sum_j |kappa_j|`` (f' has mean s_i on interval i), and the
  linear interpolant with tails continuing the end chords attains it::

      OPT = sum_j |kappa_j|,     f*(y) = T_1 + s_1 (y - t_1) + sum_j kappa_j [y - t_j]_+

  (one ReLU unit per knot with ``kappa_j != 0``, skip slope ``V = s_1``).
* Dual certificate (section 5, weak duality): ``eta`` piecewise linear with knots at the ``t_i``,
  zero outside ``[t_1, t_M]``, ``eta(t_j) = sign(kappa_j)`` (0 where ``kappa_j = 0``); the weights
  ``mu_i`` are the jumps of ``eta'`` at ``t_i``, so ``eta(b) = sum_i mu_i [t_i - b]_+``. Then
  ``sum mu = sum mu t = 0``, ``|eta| <= 1`` and ``sum mu_i T_i = sum_j |kappa_j| = OPT``: a proof
  of optimality, checked exactly by :func:`check_dual_certificate`.
* Uniqueness (Hanin 2021; Debarre et al. 2022; section 3): interval ``(t_j, t_{j+1})`` is *free*
  when ``kappa_j`` and ``kappa_{j+1}`` are non-zero with the same sign, otherwise the minimiser is
  forced to be linear there. The certificate above proves the forced part: equality in weak
  duality puts ``f''`` of every minimiser on ``{|eta| = 1}``, which is the set of knots with
  ``kappa != 0`` plus the free intervals (where ``eta`` is constant ``+-1``). With no free
  interval (and ``M >= 2``) every minimiser is the linear interpolant. On a free interval the
  *kinked* member follows the extension of chord ``j-1`` and then that of chord ``j+1``; its knot
  ``t_j + h kappa_{j+1}/(kappa_j + kappa_{j+1})`` is strictly inside, and it interpolates with the
  same cost: an exact witness of non-uniqueness (:func:`kinked_member`). In a run of adjacent
  free intervals one minimiser can take the kink only on every other interval (kinking two
  neighbours makes f' go ``s_{j-1}, s_{j+1}, s_j, s_{j+2}``, not monotone, and the cost rises).
  A single point (one cluster with one distinct sample) has every affine function through it as
  a minimiser.

:func:`univariate_optimum` puts these together for a data set, and :func:`optimality_verdict`
and :func:`uniqueness_verdict` state what they prove.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from gmpy2 import mpq

from symden.data import DataSet
from symden.errors import ConditionError, InvalidDataError
from symden.exact import Exact, brief, exact, exact_sum
from symden.network import ShallowNetwork, Unit
from symden.pwl import PiecewiseLinear
from symden.records import Quantity, Status, Verdict
from symden.reference import cite

__all__ = [
    "DualCertificate",
    "UnivariateOptimum",
    "chord_slopes",
    "check_dual_certificate",
    "discrete_curvatures",
    "dual_certificate",
    "eta_from_weights",
    "free_intervals",
    "interpolant_network",
    "interpolation_failures",
    "interpolation_points",
    "kinked_member",
    "linear_interpolant",
    "optimality_verdict",
    "saturated_intervals",
    "uniqueness_verdict",
    "univariate_optimum",
]

# -- the exact problem ------------------------------------------------------------------------


def interpolation_points(data: DataSet) -> tuple:
    """The 1-D interpolation points ``((t_1, T_1), ..., (t_M, T_M))``, sorted by ``t``, distinct.

    Offline: every sample with its cluster's clean point as target (a sample repeated in one
    cluster counts once; :class:`~symden.data.DataSet` refuses one sample with two targets).
    Online: the two ends ``x_n - rho`` and ``x_n + rho`` of every ball, with target ``x_n``.

    Raises
    ------
    ConditionError
        When the data are not 1-D.

    Examples
    --------
    >>> interpolation_points(DataSet(clean=[0, 1], samples=[[0, 0], ["1/2", 2]]))
    ((mpq(0,1), mpq(0,1)), (mpq(1,2), mpq(1,1)), (mpq(2,1), mpq(1,1)))
    """
    if data.dim != 1:
        raise ConditionError(f"the 1-D program needs 1-D data; these clean points have dimension {data.dim}")
    target: dict = {}
    for n, (x,) in enumerate(data.clean):
        if data.radius is not None:
            ts: Sequence = (x - data.radius, x + data.radius)
        else:
            ts = [y for (y,) in data.samples[n]]
        for t in ts:
            target[t] = x
    return tuple(sorted(target.items(), key=lambda item: item[0]))


def _as_points(points: Sequence) -> tuple:
    """Exact ``(t, T)`` pairs with strictly increasing ``t`` (refusing floats and disorder)."""
    out = tuple((exact(t, name=f"points[{i}][0]"), exact(T, name=f"points[{i}][1]")) for i, (t, T) in enumerate(points))
    if not out:
        raise InvalidDataError("points = []: at least one interpolation point is required")
    for i in range(len(out) - 1):
        if not out[i][0] < out[i + 1][0]:
            raise InvalidDataError(f"points[{i}] and points[{i + 1}]: the points must have strictly increasing t")
    return out


def chord_slopes(points: Sequence) -> tuple:
    """``s_i = (T_{i+1} - T_i)/(t_{i+1} - t_i)`` between consecutive sorted exact points.

    >>> chord_slopes([(mpq(0), mpq(0)), (mpq(1), mpq(0)), (mpq(2), mpq(1))])
    (mpq(0,1), mpq(1,1))
    """
    return tuple((T1 - T0) / (t1 - t0) for (t0, T0), (t1, T1) in zip(points, points[1:]))


def discrete_curvatures(points: Sequence) -> tuple:
    """``kappa_j = s_j - s_{j-1}`` at every point, with ``kappa = 0`` at the two ends (free tails).

    >>> discrete_curvatures([(0, 0), (1, 0), (2, 1), (3, 3)])
    (mpq(0,1), mpq(1,1), mpq(1,1), mpq(0,1))
    """
    return _curvatures(_as_points(points))


def _curvatures(points: tuple) -> tuple:
    """:func:`discrete_curvatures` of points already exact and sorted (no re-validation)."""
    s = chord_slopes(points)
    inner = tuple(b - a for a, b in zip(s, s[1:]))
    return (mpq(0),) + inner + ((mpq(0),) if len(points) > 1 else ())


def _sign(value: Exact) -> mpq:
    return mpq(1) if value > 0 else mpq(-1) if value < 0 else mpq(0)


def linear_interpolant(points: Sequence) -> PiecewiseLinear:
    """The interpolant linear between consecutive points, tails continuing the end chords.

    A minimiser of ``int |f''|`` (THEORY.md section 3); for a single point, the constant.
    """
    return _linear_interpolant(_as_points(points))


def _linear_interpolant(points: tuple) -> PiecewiseLinear:
    if len(points) == 1:
        return PiecewiseLinear.affine(mpq(0), points[0][1])
    s = chord_slopes(points)
    return PiecewiseLinear(
        knots=[t for t, _ in points], values=[T for _, T in points], left_slope=s[0], right_slope=s[-1]
    )


def interpolant_network(points: Sequence, kappa: Sequence) -> ShallowNetwork:
    """``f*(y) = T_1 + s_1 (y - t_1) + sum_j kappa_j [y - t_j]_+``: one unit per knot, the fewest."""
    left = chord_slopes(points)[0] if len(points) > 1 else mpq(0)
    t1, T1 = points[0]
    units = [Unit(a=(k,), w=(mpq(1),), b=-t) for (t, _), k in zip(points, kappa) if k != 0]
    return ShallowNetwork(units=units, V=((left,),), c=(T1 - left * t1,))


def free_intervals(points: Sequence) -> tuple:
    """Indices j of the free intervals ``(t_j, t_{j+1})`` (0-based): ``kappa_j kappa_{j+1} > 0``.

    >>> free_intervals([(0, 0), (1, 0), (2, 1), (3, 3)])
    (1,)
    """
    return _free(_curvatures(_as_points(points)))


def _free(kappa: Sequence) -> tuple:
    """Free interval indices from the curvatures (``kappa_j kappa_{j+1} > 0``)."""
    return tuple(j for j in range(len(kappa) - 1) if kappa[j] * kappa[j + 1] > 0)


def _non_adjacent(free: Sequence[int]) -> tuple:
    """Every other interval of each run of adjacent free intervals, starting with the first.

    Kinking two adjacent free intervals at once is not a minimiser: the slope would go
    ``s_{j-1}, s_{j+1}, s_j, s_{j+2}``, which is not monotone, and the cost rises.
    """
    chosen: list = []
    for j in free:
        if not chosen or chosen[-1] != j - 1:
            chosen.append(j)
    return tuple(chosen)


def kinked_member(points: Sequence, intervals: Optional[Sequence[int]] = None) -> PiecewiseLinear:
    """The minimiser that takes the kink on each of the given free intervals (THEORY.md section 3).

    On free interval j it follows the extension of chord ``j-1`` through ``(t_j, T_j)`` and then
    the extension of chord ``j+1`` through ``(t_{j+1}, T_{j+1})``; the two lines meet at
    ``t_j + h kappa_{j+1}/(kappa_j + kappa_{j+1})``, strictly inside. Elsewhere it is the
    linear interpolant.

    Parameters
    ----------
    points
        The interpolation points, sorted.
    intervals
        0-based indices of free intervals, no two adjacent. Default: every other interval of
        each run of adjacent free intervals (the most kinks a single minimiser can take).

    Raises
    ------
    InvalidDataError
        When an index is not a free interval, or two indices are adjacent.

    Examples
    --------
    >>> kinked_member([(0, 0), (1, 0), (2, 1), (3, 3)]).knots
    (mpq(3,2),)
    """
    points = _as_points(points)
    kappa = discrete_curvatures(points)
    free = free_intervals(points)
    chosen = _non_adjacent(free) if intervals is None else tuple(sorted(intervals))
    for j in chosen:
        if j not in free:
            raise InvalidDataError(f"intervals: {j} is not a free interval (the free ones are {list(free)})")
    for a, b in zip(chosen, chosen[1:]):
        if b == a + 1:
            raise InvalidDataError(f"intervals: {a} and {b} are adjacent; kinking both is not a minimiser")
    base = linear_interpolant(points)
    if not chosen:
        return base
    s = chord_slopes(points)
    knots = [t for t, _ in points]
    values = [T for _, T in points]
    for j in chosen:
        (t0, T0), (t1, _) = points[j], points[j + 1]
        u = (t1 - t0) * kappa[j + 1] / (kappa[j] + kappa[j + 1])
        knots.append(t0 + u)
        values.append(T0 + s[j - 1] * u)
    return PiecewiseLinear(knots=knots, values=values, left_slope=base.left_slope, right_slope=base.right_slope)


# -- the exact dual certificate ---------------------------------------------------------------


@dataclass(frozen=True)
class DualCertificate:
    """Dual weights ``mu_i`` at the points ``t_i`` (THEORY.md section 5, weak duality, d = 1).

    Attributes
    ----------
    points
        The ``t_i``.
    weights
        The ``mu_i``.
    eta
        ``eta(t_i) = sum_k mu_k [t_k - t_i]_+`` as constructed (the check recomputes it from ``mu``).
    max_abs_eta
        ``max_i |eta(t_i)|``; eta is piecewise linear with knots at the ``t_i`` and zero outside
        ``[t_1, t_M]``, so this is ``sup_b |eta(b)|``.
    dual_value
        ``sum_i mu_i T_i``.
    """

    points: tuple
    weights: tuple
    eta: tuple
    max_abs_eta: Exact
    dual_value: Exact


def dual_certificate(points: Sequence) -> DualCertificate:
    """The exact dual certificate: ``eta(t_j) = sign(kappa_j)``, ``mu`` = jumps of ``eta'``.

    With ``e_j = eta(t_j)`` (``e = 0`` at the ends and wherever ``kappa_j = 0``) and the slopes
    ``sigma_j = (e_{j+1} - e_j)/(t_{j+1} - t_j)`` (``sigma = 0`` outside ``[t_1, t_M]``),
    ``mu_j = sigma_j - sigma_{j-1}``. Summation by parts gives ``sum mu_j T_j = sum e_j kappa_j
    = sum |kappa_j|``. Choosing ``e = 0`` (not any other value in [-1, 1]) where ``kappa = 0``
    keeps ``|eta| < 1`` off the knots and the free intervals, which is what proves uniqueness.

    >>> c = dual_certificate([(0, 0), (1, 0), (2, 1), (3, 3)])
    >>> c.weights, c.dual_value
    ((mpq(1,1), mpq(-1,1), mpq(-1,1), mpq(1,1)), mpq(2,1))
    """
    return _dual_certificate(_as_points(points), None)


def _dual_certificate(points: tuple, kappa: Optional[Sequence]) -> DualCertificate:
    ts = tuple(t for t, _ in points)
    e = tuple(_sign(k) for k in (_curvatures(points) if kappa is None else kappa))
    sigma = [mpq(0)] + [(e1 - e0) / (t1 - t0) for t0, t1, e0, e1 in zip(ts, ts[1:], e, e[1:])] + [mpq(0)]
    mu = tuple(b - a for a, b in zip(sigma, sigma[1:]))
    return DualCertificate(
        points=ts,
        weights=mu,
        eta=e,
        max_abs_eta=max(abs(v) for v in e),
        dual_value=exact_sum(m * T for m, (_, T) in zip(mu, points)),
    )


def eta_from_weights(ts: Sequence, mu: Sequence) -> list:
    """``eta(t_j) = sum_{i>j} mu_i (t_i - t_j)`` by suffix sums (which telescope, staying small)."""
    out = [mpq(0)] * len(ts)
    tail_mu, tail_mu_t = mpq(0), mpq(0)
    for j in range(len(ts) - 1, -1, -1):
        out[j] = tail_mu_t - ts[j] * tail_mu
        tail_mu += mu[j]
        tail_mu_t += mu[j] * ts[j]
    return out


def check_dual_certificate(certificate: DualCertificate, points: Sequence, cost: Exact) -> tuple:
    """Every violated condition of the weak-duality certificate, checked exactly (empty: it proves ``cost``).

    Conditions: the certificate's points are the interpolation points; ``sum mu = 0`` and
    ``sum mu t = 0`` (they annihilate the free skip ``V y + c``); ``eta(t_j)`` recomputed from
    ``mu`` equals the recorded values and ``max |eta(t_j)| <= 1`` (eta is piecewise linear with
    knots at the ``t_i`` and vanishes outside ``[t_1, t_M]`` when the sums vanish, so this bounds
    ``sup_b |eta(b)|``); and ``sum mu_i T_i = cost``. Then every interpolant has
    ``R(f) >= sum mu_i T_i / sup |eta| >= cost`` (THEORY.md section 5).
    """
    return _check_certificate(certificate, _as_points(points), cost)


def _check_certificate(certificate: DualCertificate, points: tuple, cost: Exact) -> tuple:
    ts = tuple(t for t, _ in points)
    mu = certificate.weights
    if tuple(certificate.points) != ts or len(mu) != len(ts):
        return ("the certificate's points are not the interpolation points",)
    failures = []
    total, moment = exact_sum(mu), exact_sum(m * t for m, t in zip(mu, ts))
    if total != 0:
        failures.append(f"sum mu = {brief(total)} != 0")
    if moment != 0:
        failures.append(f"sum mu t = {brief(moment)} != 0")
    eta = eta_from_weights(ts, mu)
    if tuple(eta) != tuple(certificate.eta):
        failures.append("eta recomputed from mu differs from the recorded values")
    worst = max(abs(v) for v in eta)
    if worst != certificate.max_abs_eta:
        failures.append(f"max |eta| is {brief(worst)}, not the recorded {brief(certificate.max_abs_eta)}")
    if worst > 1:
        failures.append(f"max |eta| = {brief(worst)} > 1")
    dual = exact_sum(m * T for m, (_, T) in zip(mu, points))
    if dual != certificate.dual_value:
        failures.append(f"sum mu_i T_i is {brief(dual)}, not the recorded {brief(certificate.dual_value)}")
    if dual != cost:
        failures.append(f"the dual value {brief(dual)} differs from the cost {brief(cost)}")
    return tuple(failures)


def saturated_intervals(certificate: DualCertificate) -> tuple:
    """0-based j with ``eta = +-1`` on the whole of ``[t_j, t_{j+1}]`` (where f'' may put mass)."""
    e = certificate.eta
    return tuple(j for j in range(len(e) - 1) if e[j] == e[j + 1] and abs(e[j]) == 1)


def interpolation_failures(data: DataSet, f: PiecewiseLinear) -> list:
    """Where ``f`` misses the data exactly: samples (offline) or whole balls (online)."""
    failures = []
    for n, (x,) in enumerate(data.clean):
        if data.radius is not None:
            lo, hi = x - data.radius, x + data.radius
            ys = (lo,) + f.knots_between(lo, hi) + (hi,)
        else:
            ys = tuple(y for (y,) in data.samples[n])
        for y, fy in zip(ys, f.values_at(ys)):
            if fy != x:
                failures.append(f"f({brief(y)}) = {brief(fy)}, target {brief(x)}")
                break
    return failures




# -- the exact minimiser of a data set ----------------------------------------------------------


@dataclass(frozen=True)
class UnivariateOptimum:
    """Everything exact arithmetic establishes about the minimum-cost interpolant of 1-D data.

    Attributes
    ----------
    data
        The data set.
    points
        The interpolation points ``((t_i, T_i), ...)``, sorted.
    curvatures
        ``kappa_i`` at every point (0 at the ends).
    cost
        The exact minimum ``OPT = sum |kappa_j|``.
    function
        The exact minimiser: the linear interpolant, tails continuing the end chords.
    network
        A network with the fewest units realising ``function`` (one unit per knot, skip ``V = s_1``).
    certificate, certificate_failures
        The exact dual certificate and every condition it violates (empty: it proves ``cost``).
    unique
        The exact curvature-sign rule (and ``M >= 2``).
    free_intervals
        ``(lo, hi)`` of each free interval; ``((None, None),)`` for a single point (every affine
        function through it is a minimiser).
    kinked_intervals
        ``(lo, hi)`` of the free intervals that ``extreme_member`` kinks (no two adjacent).
    extreme_member
        The minimiser with those kinks taken, or None when unique.
    extreme_member_failures
        Why ``extreme_member`` fails to witness non-uniqueness (empty when it does).
    """

    data: DataSet
    points: tuple
    curvatures: tuple
    cost: Exact
    function: PiecewiseLinear
    network: ShallowNetwork
    certificate: DualCertificate
    certificate_failures: tuple
    unique: bool
    free_intervals: tuple
    kinked_intervals: tuple
    extreme_member: Optional[PiecewiseLinear]
    extreme_member_failures: tuple

    @property
    def certificate_ok(self) -> bool:
        """True when the dual certificate passed every exact check."""
        return not self.certificate_failures

    def verdicts(self) -> tuple:
        """``optimality`` and ``uniqueness`` as :class:`~symden.records.Verdict` records."""
        return (optimality_verdict(self), uniqueness_verdict(self))


def univariate_optimum(data: DataSet) -> UnivariateOptimum:
    """The exact minimum-cost interpolant of any 1-D data, its dual certificate and the uniqueness rule.

    .. math::

        \\min_f \\int |f''| \\quad \\text{s.t. } f(t_i) = T_i, \\qquad
        \\mathrm{OPT} = \\sum_j |\\kappa_j|, \\quad \\kappa_j = s_j - s_{j-1}

    Works for every 1-D data set: clusters with one sample (where the closed form of
    docs/theory.md section 3 refuses), clusters whose samples interleave, and online balls.
    Every decision is exact (see the module docstring); no solver is involved.

    Raises
    ------
    ConditionError
        When the data are not 1-D.

    Examples
    --------
    >>> opt = univariate_optimum(DataSet(clean=[0, 1, 3, "7/2"], radius="1/5"))
    >>> opt.cost, opt.certificate_ok, opt.unique
    (mpq(95,6), True, True)
    >>> [v.status.value for v in opt.verdicts()]
    ['proved', 'proved']
    """
    points = interpolation_points(data)  # exact, sorted and distinct: the helpers below skip re-validating
    kappa = _curvatures(points)
    cost = exact_sum(abs(k) for k in kappa)
    function = _linear_interpolant(points)
    network = interpolant_network(points, kappa)
    certificate = _dual_certificate(points, kappa)
    cert_failures = _check_certificate(certificate, points, cost)

    if len(points) == 1:
        (t, T), = points
        unique, free_bounds, kinked_bounds = False, ((None, None),), ((None, None),)
        member: Optional[PiecewiseLinear] = PiecewiseLinear.affine(mpq(1), T - t)
    else:
        free = _free(kappa)
        kinked = _non_adjacent(free)
        unique = not free
        free_bounds = tuple((points[j][0], points[j + 1][0]) for j in free)
        kinked_bounds = tuple((points[j][0], points[j + 1][0]) for j in kinked)
        member = None if unique else kinked_member(points, kinked)
    member_failures: tuple = ()
    if member is not None:
        problems = interpolation_failures(data, member)
        if member.slope_variation() != cost:
            problems.append(f"its cost {brief(member.slope_variation())} differs from OPT = {brief(cost)}")
        if member == function:
            problems.append("it equals the linear interpolant")
        member_failures = tuple(problems)
    return UnivariateOptimum(
        data=data, points=points, curvatures=kappa, cost=cost, function=function, network=network,
        certificate=certificate, certificate_failures=cert_failures, unique=unique, free_intervals=free_bounds,
        kinked_intervals=kinked_bounds, extreme_member=member, extreme_member_failures=member_failures,
    )


# -- verdicts -----------------------------------------------------------------------------------


def optimality_verdict(sol: UnivariateOptimum) -> Verdict:
    """PROVED when the dual certificate checks exactly and the network computes the minimiser at cost OPT."""
    f, net = sol.function, sol.network
    tv = f.slope_variation()
    facts = ((Quantity.OPTIMUM, sol.cost), (Quantity.DUAL_VALUE, sol.certificate.dual_value),
             (Quantity.MAX_ETA, sol.certificate.max_abs_eta), (Quantity.CURVATURE_COST, tv),
             (Quantity.NETWORK_COST, net.cost()))
    problems = list(sol.certificate_failures)
    problems += interpolation_failures(sol.data, f)
    if net.to_pwl() != f:
        problems.append("the network does not compute the minimiser")
    if not tv == net.cost() == sol.cost:
        problems.append(f"int |f''| = {brief(tv)}, sum |a||w| = {brief(net.cost())} and OPT = {brief(sol.cost)} differ")
    if problems:
        return Verdict("optimality", Status.INCONCLUSIVE, "the exact optimality argument failed: " + "; ".join(problems),
                       evidence=facts, reference=cite("5"))
    return Verdict(
        "optimality", Status.PROVED,
        f"exact dual certificate at the {len(sol.points)} interpolation points: sum mu = 0, sum mu t = 0, "
        f"max |eta| = {brief(sol.certificate.max_abs_eta)} <= 1 and dual value sum mu_i T_i = {brief(sol.certificate.dual_value)}; "
        f"by weak duality ({cite('5')}) every interpolant costs at least that, and the linear interpolant "
        f"(a network of {len(net.units)} units) interpolates exactly and costs int |f''| = sum |a||w| = {brief(sol.cost)}",
        evidence=facts, reference=cite("5"),
    )


def uniqueness_verdict(sol: UnivariateOptimum) -> Verdict:
    """The exact uniqueness rule: PROVED with no free interval, REFUTED with the kinked member as witness."""
    saturated = saturated_intervals(sol.certificate)
    rule_free = tuple((sol.points[j][0], sol.points[j + 1][0]) for j in saturated)
    if len(sol.points) >= 2 and rule_free != sol.free_intervals:
        return Verdict("uniqueness", Status.INCONCLUSIVE,
                       "the certificate's saturated intervals differ from the curvature-sign rule's free intervals",
                       reference=cite("3"))
    if sol.unique:
        if sol.certificate_failures:
            return Verdict("uniqueness", Status.INCONCLUSIVE, "the certificate failed its exact check",
                           reference=cite("3"))
        return Verdict(
            "uniqueness", Status.PROVED,
            "the exact certificate has |eta| = 1 only at the knots of the linear interpolant (no interval between "
            "consecutive points has eta = +1 or -1 at both ends), so equality in weak duality puts f'' of every "
            f"minimiser on those knots: the linear interpolant is the unique minimiser "
            f"(the curvature-sign rule of {cite('3')}: no two neighbouring curvatures share a sign)"
            + ("; the ball problem has the same minimum and its minimisers are among these, so it is unique too"
               if sol.data.radius is not None else ""),
            evidence=((Quantity.FREE_INTERVALS, ()),), reference=cite("3"),
        )
    member = sol.extreme_member
    if member is None or sol.extreme_member_failures:
        why = "; ".join(sol.extreme_member_failures) or "no member was built"
        return Verdict("uniqueness", Status.INCONCLUSIVE, f"not unique by the curvature-sign rule, but the witness fails: {why}",
                       reference=cite("3"))
    lo, hi = sol.kinked_intervals[0]
    if lo is None:
        t = sol.points[0][0]
        y = t + 1
        where = (f"a single interpolation point t = {brief(t)}: every affine function through it costs 0; "
                 "the one of slope 1")
    else:
        y = (lo + hi) / 2
        where = (f"{len(sol.free_intervals)} free interval(s) (neighbouring curvatures non-zero with the same sign), "
                 f"the first ({brief(lo)}, {brief(hi)}); the member kinked on {len(sol.kinked_intervals)} of them "
                 "(no two adjacent)")
    return Verdict(
        "uniqueness", Status.REFUTED,
        f"{where} interpolates exactly and costs exactly {brief(member.slope_variation())} = OPT, but differs from "
        f"the linear interpolant: at y = {brief(y)} it is {brief(member(y))}, not {brief(sol.function(y))}",
        counterexample=((Quantity.FUNCTION, member), (Quantity.COST, member.slope_variation()), (Quantity.POINT, y),
                        (Quantity.VALUE, member(y)), (Quantity.INTERPOLANT_VALUE, sol.function(y))),
        evidence=((Quantity.FREE_INTERVALS, sol.free_intervals),), reference=cite("3"),
    )
