"""Real images: do trained denoisers on scikit-learn's 8x8 digits put their cost on the predicted directions?

The experiment (docs/theory.md section 7b.4). ``N`` clean images ``x_1..x_N`` in ``R^64`` (one
per digit class, pixels scaled to ``[0, 1]``, chosen with a seeded generator), ``M`` noisy samples
each drawn uniformly from the ball of radius ``rho`` around it (``rho`` a fixed fraction of the
smallest distance between clean images, so the balls are disjoint), a shallow ReLU network trained
with weight decay to map every sample to its clean image. The prediction (section 4): the
min-cost denoiser's ReLU units point along **edges** ``x_i - x_j`` of the clean simplex (simplex
with a non-acute vertex) or along its **facet normals** (acute / equilateral simplex), every one
of them a direction inside the affine hull of the clean points.

The statistic, for a network with units ``(a_k, w_k)``::

    S_theta = sum_{k aligned} |a_k||w_k| / sum_k |a_k||w_k|,
    k aligned  <=>  max_j |cos(w_k, d_j)| >= cos(theta),     d_j the predicted directions

(the share of the cost on units whose normal lies within ``theta`` of a predicted line; ``w`` and
``-w`` give the same boundary, hence ``|cos|``), its cost-weighted mean ``max_j |cos|``, and the
same share for the projections ``P w_k`` onto the hull's direction space (the angle *inside* the
hull; with ``M < 64`` samples per ball the trained units tilt out of the hull, section 4's offline
caveat, and the R^64 statistic measures that tilt as much as the in-hull direction).

Nulls (why each is fair is in section 7b.4):

* **sphere**: every unit's direction replaced by one uniform on ``S^63`` (the costs kept);
* **span**: every unit keeps its component orthogonal to the clean points' affine hull and the
  *length* of its component inside it; only the in-hull direction is drawn uniformly. Weight
  decay pulls every ``w_k`` towards the span of the (centred) inputs, so a trained unit is close
  to the hull whatever it learnt; this null asks whether, *given* that, its direction inside the
  hull is special. It is the hard null; the sphere null is reported only to show how easy it is;
* **control network**: the same inputs with the targets shuffled among all samples (seeded),
  trained the same way: a network that fits the same points but is no denoiser;
* **hull** (for the in-hull share): the projection's direction uniform on the hull's unit sphere.

Every number here is measured in floats on trained networks: **evidence**, never a proof.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from typing import Callable, Optional

from symden.errors import InvalidDataError
from symden.progress import task

__all__ = [
    "DigitsConfig",
    "budget_config",
    "NullSummary",
    "NetworkAlignment",
    "DigitsResult",
    "PredictedDirections",
    "clean_digits",
    "sample_noisy",
    "predicted_directions",
    "facet_cost",
    "nearest_cosines",
    "aligned_share",
    "null_statistics",
    "summarize_null",
    "measure_alignment",
    "theta_sweep",
    "run_digits",
    "plot_digits",
    "plot_alignment",
]


@dataclass(frozen=True)
class DigitsConfig:
    """The experiment's parameters (defaults: the measured run of docs/theory.md section 7b.4).

    ``classes`` the digit classes (one clean image each, the image within a class drawn with
    ``image_seed``); ``samples`` noisy samples per image; ``radius_fraction``: the noise radius is
    this fraction of the smallest distance between clean images (below 1/2 the balls are
    disjoint); ``theta`` the alignment angle in degrees; ``seeds`` the training seeds (each also
    draws its own noisy samples and its own target shuffle); ``null_draws`` Monte Carlo draws of
    each null per network; training: ``width``, ``weight_decay``, ``steps``, ``lr`` (None: the
    trainer's default).
    """

    classes: tuple = (0, 1, 2, 3)
    image_seed: int = 0
    samples: int = 50
    radius_fraction: float = 0.25
    theta: float = 15.0
    seeds: tuple = (0, 1, 2, 3, 4)
    null_draws: int = 2000
    width: int = 200
    weight_decay: float = 1e-3
    steps: int = 3000
    lr: Optional[float] = None

    def __post_init__(self) -> None:
        if len(self.classes) < 2 or len(set(self.classes)) != len(self.classes) or not all(0 <= c <= 9 for c in self.classes):
            raise InvalidDataError(f"classes {self.classes!r}: need at least two distinct digits 0..9")
        if not 0 < self.radius_fraction < 0.5:
            raise InvalidDataError(f"radius_fraction {self.radius_fraction}: need 0 < fraction < 1/2 (disjoint balls)")
        if not 0 < self.theta < 90:
            raise InvalidDataError(f"theta {self.theta}: need an angle strictly between 0 and 90 degrees")
        if self.samples < 1 or self.null_draws < 1 or not self.seeds:
            raise InvalidDataError("samples, null_draws and the seeds must be positive / non-empty")


@dataclass(frozen=True)
class PredictedDirections:
    """The predicted unit directions of clean points (float64 rows of unit length).

    ``edges[e]`` is ``(x_j - x_i)/|x_j - x_i|`` for ``edge_pairs[e] = (i, j)``, ``i < j``;
    ``facets[n]`` is the unit normal, inside the affine hull, of the facet opposite ``x_n``,
    pointing towards ``x_n``; ``basis`` (d x (N-1)) is an orthonormal basis of the hull's
    direction space ``span{x_i - x_0}``.
    """

    edges: "numpy.ndarray"
    edge_pairs: tuple
    facets: "numpy.ndarray"
    basis: "numpy.ndarray"

    def all(self):
        """Edges then facet normals, one row each."""
        import numpy as np

        return np.vstack([self.edges, self.facets])

    def family(self, which: str):
        """``"edges"``, ``"facets"`` or ``"both"``."""
        if which == "edges":
            return self.edges
        if which == "facets":
            return self.facets
        if which == "both":
            return self.all()
        raise InvalidDataError(f"direction family {which!r}: use edges, facets or both")


@dataclass(frozen=True)
class NullSummary:
    """A null distribution of the statistic (Monte Carlo) and where the observed value falls in it.

    ``p_value`` is the one-sided empirical ``(1 + #{null >= observed})/(1 + draws)``; ``z`` is
    ``(observed - mean)/sd`` (``inf`` when the null has no spread and the observed value is above it).
    """

    name: str
    draws: int
    mean: float
    sd: float
    q05: float
    q50: float
    q95: float
    q99: float
    maximum: float
    p_value: float
    z: float


@dataclass(frozen=True)
class NetworkAlignment:
    """What is measured on one trained network (floats: evidence).

    ``share`` is ``S_theta`` in R^d for edges and facet normals together; ``share_hull`` the same
    for the units' projections ``P w_k`` on the hull's direction space (the angle *inside* the
    hull), ``hull_edges`` and ``hull_facets`` for each family alone; ``mean_cos`` the cost-weighted mean of ``max_j |cos|``;
    ``in_span`` the cost-weighted mean of ``|P w_k|/|w_k|`` (P the projection on the hull's
    direction space); ``mse`` the training ``mean |h(y_i) - x_i|^2`` against the targets it was
    trained on and ``denoise_mse`` against the true clean images; ``angles`` (degrees) and
    ``unit_costs`` per unit for histograms.
    """

    role: str
    seed: int
    share: float
    share_hull: float
    hull_edges: float
    hull_facets: float
    mean_cos: float
    in_span: float
    cost: float
    mse: float
    denoise_mse: float
    seconds: float
    null_span: NullSummary
    null_sphere: NullSummary
    null_hull: NullSummary
    null_span_values: "numpy.ndarray" = field(repr=False)
    null_hull_values: "numpy.ndarray" = field(repr=False)
    angles: "numpy.ndarray" = field(repr=False)
    hull_angles: "numpy.ndarray" = field(repr=False)
    unit_costs: "numpy.ndarray" = field(repr=False)

    def row(self) -> dict:
        """The table row (floats and ints only)."""
        return {
            "role": self.role, "seed": self.seed, "share": self.share, "share_hull": self.share_hull,
            "hull_edges": self.hull_edges, "hull_facets": self.hull_facets, "mean_cos": self.mean_cos, "in_span": self.in_span,
            "cost": self.cost, "mse": self.mse, "denoise_mse": self.denoise_mse,
            "null_span_mean": self.null_span.mean, "null_span_sd": self.null_span.sd,
            "null_span_q95": self.null_span.q95, "null_span_p": self.null_span.p_value, "z_span": self.null_span.z,
            "null_sphere_mean": self.null_sphere.mean, "null_sphere_q95": self.null_sphere.q95,
            "null_hull_mean": self.null_hull.mean, "null_hull_sd": self.null_hull.sd, "null_hull_p": self.null_hull.p_value,
            "z_hull": self.null_hull.z,
            "seconds": self.seconds,
        }


@dataclass(frozen=True)
class DigitsResult:
    """The whole experiment: the clean images, the noise radius and one alignment per network."""

    config: DigitsConfig
    clean: "numpy.ndarray"
    image_indices: tuple
    radius: float
    min_distance: float
    facet_cost: float
    directions: PredictedDirections = field(repr=False)
    networks: tuple
    example_noisy: "numpy.ndarray" = field(repr=False)

    def rows(self) -> list:
        """One table row per network (denoisers and controls)."""
        return [n.row() for n in self.networks]

    def of_role(self, role: str) -> list:
        """The alignments of the networks of one role (``"denoiser"`` or ``"shuffled"``), in seed order."""
        return [n for n in self.networks if n.role == role]

    def summary(self) -> dict:
        """Across seeds, per role: mean and sd of the statistic, of the span null mean, of z; largest p."""
        import numpy as np

        out = {}
        for role in ("denoiser", "shuffled"):
            nets = self.of_role(role)
            if not nets:
                continue
            def sd(values):
                return float(np.std(values, ddof=1)) if len(values) > 1 else 0.0

            share = np.array([n.share for n in nets])
            hull = np.array([n.share_hull for n in nets])
            out[role] = {
                "seeds": len(nets), "share_mean": float(share.mean()), "share_sd": sd(share),
                "null_span_mean": float(np.mean([n.null_span.mean for n in nets])),
                "p_span_max": float(max(n.null_span.p_value for n in nets)),
                "share_hull_mean": float(hull.mean()), "share_hull_sd": sd(hull),
                "share_hull_min": float(hull.min()), "share_hull_max": float(hull.max()),
                "hull_facets_mean": float(np.mean([n.hull_facets for n in nets])),
                "hull_edges_mean": float(np.mean([n.hull_edges for n in nets])),
                "null_hull_mean": float(np.mean([n.null_hull.mean for n in nets])),
                "null_hull_sd_mean": float(np.mean([n.null_hull.sd for n in nets])),
                "z_hull_mean": float(np.mean([n.null_hull.z for n in nets])),
                "p_hull_max": float(max(n.null_hull.p_value for n in nets)),
                "p_hull_median": float(np.median([n.null_hull.p_value for n in nets])),
                "mean_cos": float(np.mean([n.mean_cos for n in nets])),
                "in_span": float(np.mean([n.in_span for n in nets])),
                "denoise_mse": float(np.mean([n.denoise_mse for n in nets])),
                "cost_mean": float(np.mean([n.cost for n in nets])),
            }
        return out

    def to_json(self) -> dict:
        """Everything but the per-unit arrays (a JSON-ready dict)."""
        return {
            "status": "evidence", "config": asdict(self.config), "image_indices": list(self.image_indices),
            "radius": self.radius, "min_distance": self.min_distance, "facet_cost": self.facet_cost, "rows": self.rows(),
            "null_span": {f"{n.role}/{n.seed}": asdict(n.null_span) for n in self.networks},
            "null_sphere": {f"{n.role}/{n.seed}": asdict(n.null_sphere) for n in self.networks},
            "summary": self.summary(),
        }


def budget_config(budget: str = "full") -> DigitsConfig:
    """The notebook's and ``symden digits --budget``'s configurations.

    ``"full"``: 8 seeds of the defaults (the run of docs/theory.md section 7b.4, about two minutes);
    ``"small"``: one seed, width 64, 400 steps, 20 samples, 500 null draws (a quick check that it runs).
    """
    if budget == "full":
        return DigitsConfig(seeds=tuple(range(8)))
    if budget == "small":
        return DigitsConfig(seeds=(0,), steps=400, width=64, samples=20, null_draws=500)
    raise InvalidDataError(f"budget {budget!r}: expected 'full' or 'small'")


# ---------------------------------------------------------------------------------------------
# data and predicted directions


def clean_digits(classes=(0, 1, 2, 3), seed: int = 0):
    """One clean image per class from scikit-learn's bundled 8x8 digits, pixels scaled to [0, 1].

    The image of each class is drawn uniformly among that class's images with
    ``numpy.random.default_rng(seed)`` (in the order of ``classes``). Returns ``(X, indices)``:
    ``X`` of shape (N, 64), float64, and the indices into ``load_digits().data``.
    """
    import numpy as np

    try:
        from sklearn.datasets import load_digits
    except ImportError:
        raise InvalidDataError("the digits experiment needs scikit-learn (pip install 'symden[experiments]')") from None
    digits = load_digits()
    rng = np.random.default_rng(seed)
    indices = tuple(int(rng.choice(np.flatnonzero(digits.target == c))) for c in classes)
    return digits.data[list(indices)].astype(float) / 16.0, indices


def sample_noisy(clean, per_point: int, radius: float, seed: int):
    """``per_point`` samples uniform in the closed ball of ``radius`` around each clean row.

    Uniform in the ball: a direction uniform on the sphere (a normalised Gaussian) times
    ``radius * U^(1/d)``. Returns ``(Y, X)``: inputs (N*per_point, d) and their clean targets,
    grouped by clean point.
    """
    import numpy as np

    clean = np.asarray(clean, dtype=float)
    N, d = clean.shape
    rng = np.random.default_rng(seed)
    g = rng.standard_normal((N, per_point, d))
    g /= np.linalg.norm(g, axis=2, keepdims=True)
    r = radius * rng.random((N, per_point, 1)) ** (1.0 / d)
    Y = (clean[:, None, :] + r * g).reshape(N * per_point, d)
    X = np.repeat(clean, per_point, axis=0)
    return Y, X


def _orthonormal(vectors, d: int):
    """An orthonormal basis (d x r) of the span of the rows of ``vectors`` (r = their rank, float64)."""
    import numpy as np

    vectors = np.asarray(vectors, dtype=float).reshape(-1, d)
    if vectors.shape[0] == 0:
        return np.zeros((d, 0))
    U, s, _ = np.linalg.svd(vectors.T, full_matrices=False)
    rank = int((s > s[0] * 1e-10).sum()) if s.size and s[0] > 0 else 0
    return U[:, :rank]


def predicted_directions(clean) -> PredictedDirections:
    """Edges and in-hull facet normals of affinely independent clean points (float64).

    The normal of the facet opposite ``x_n``: the component of ``x_n - x_m`` (any ``m != n``)
    orthogonal to the facet's direction space ``span{x_k - x_m : k != n}``, normalised; it lies
    in the hull's direction space and is orthogonal to every edge of the facet.

    Raises
    ------
    InvalidDataError
        when the points are not affinely independent (no simplex, no facet normals).

    >>> import numpy as np
    >>> d = predicted_directions(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
    >>> d.edge_pairs, d.edges[0].tolist(), np.round(d.facets[0], 6).tolist()
    (((0, 1), (0, 2), (1, 2)), [1.0, 0.0], [-0.707107, -0.707107])
    """
    import numpy as np

    X = np.asarray(clean, dtype=float)
    N, d = X.shape
    if N < 2 or N > d + 1:
        raise InvalidDataError(f"{N} points in R^{d}: need 2 <= N <= d + 1 for a simplex")
    basis = _orthonormal(X[1:] - X[0], d)
    if basis.shape[1] != N - 1:
        raise InvalidDataError(f"the {N} clean points are not affinely independent (hull of dimension {basis.shape[1]})")
    pairs = tuple((i, j) for i in range(N) for j in range(i + 1, N))
    edges = np.array([(X[j] - X[i]) / np.linalg.norm(X[j] - X[i]) for i, j in pairs])
    facets = []
    for n in range(N):
        m = 0 if n != 0 else 1
        Q = _orthonormal([X[k] - X[m] for k in range(N) if k not in (n, m)], d)
        r = X[n] - X[m]
        v = r - Q @ (Q.T @ r)
        facets.append(v / np.linalg.norm(v))
    return PredictedDirections(edges=edges, edge_pairs=pairs, facets=np.array(facets), basis=basis)


def facet_cost(clean, radius: float, directions: Optional[PredictedDirections] = None) -> float:
    """``R(h_c) = sum_n 2|x_n - c|/(H_n - 2 rho)`` of the face-aligned interpolant at the centroid ``c`` (float).

    The online (ball) family of docs/theory.md section 4 (equilateral / acute simplex), ``H_n``
    the altitude over the facet opposite ``x_n``: an upper bound of the online min cost (hence of
    the offline one on samples inside the balls), a yardstick for a trained cost, not a prediction
    of it. Needs ``H_n > 2 rho`` for every n.
    """
    import numpy as np

    X = np.asarray(clean, dtype=float)
    directions = directions or predicted_directions(X)
    c = X.mean(axis=0)
    total = 0.0
    for n, v in enumerate(directions.facets):
        other = X[1] if n == 0 else X[0]
        H = float(v @ (X[n] - other))
        if not H > 2 * radius:
            raise InvalidDataError(f"altitude {H:.4g} over the facet opposite point {n} is not above 2 rho = {2 * radius:.4g}")
        total += 2 * float(np.linalg.norm(X[n] - c)) / (H - 2 * radius)
    return total


# ---------------------------------------------------------------------------------------------
# the statistic and its nulls


def nearest_cosines(W, directions):
    """``max_j |cos(w_k, d_j)|`` per row ``w_k`` of ``W`` (``directions`` unit rows); a zero row gives 0."""
    import numpy as np

    W = np.asarray(W, dtype=float)
    norms = np.linalg.norm(W, axis=1)
    safe = np.where(norms > 0, norms, 1.0)
    return np.abs((W / safe[:, None]) @ np.asarray(directions, dtype=float).T).max(axis=1) * (norms > 0)


def aligned_share(W, costs, directions, theta: float) -> float:
    """``S_theta``: the share of ``sum costs`` on rows of ``W`` within ``theta`` degrees of a direction line.

    >>> import numpy as np
    >>> W = np.array([[2.0, 0.1], [-1.0, 0.0], [1.0, 1.0]])       # 2.9 deg, 0 deg (sign free), 45 deg
    >>> aligned_share(W, [1.0, 1.0, 2.0], np.array([[1.0, 0.0]]), 5.0)
    0.5
    """
    import numpy as np

    costs = np.asarray(costs, dtype=float)
    total = costs.sum()
    if not total > 0:
        raise InvalidDataError("the network has zero cost: no unit to measure an alignment of")
    aligned = nearest_cosines(W, directions) >= math.cos(math.radians(theta))
    return float(costs[aligned].sum() / total)


def null_statistics(costs, fractions, coords, theta: float, draws: int, seed: int, *, sphere_dim: Optional[int] = None):
    """Monte Carlo draws of ``S_theta`` when each unit's in-hull direction is uniform.

    A unit whose in-hull component has length ``f_k |w_k|`` (``fractions`` = ``f_k``) and whose
    in-hull direction ``u`` is uniform on the hull's unit sphere has ``cos(w_k, d_j) = f_k u.d_j``
    for every predicted ``d_j`` (they lie in the hull), so only ``coords`` (the predicted
    directions in an orthonormal basis of the hull, rows of length N-1) and ``f`` matter.
    ``sphere_dim = d`` draws the whole direction uniform on ``S^(d-1)`` instead: then
    ``f_k^2 ~ Beta(r/2, (d-r)/2)`` independently of ``u`` (r = N-1), the same law.
    Returns an array of ``draws`` values of the statistic.
    """
    import numpy as np

    costs = np.asarray(costs, dtype=float)
    fractions = np.asarray(fractions, dtype=float)
    coords = np.asarray(coords, dtype=float)
    r = coords.shape[1]
    K = costs.size
    rng = np.random.default_rng(seed)
    threshold = math.cos(math.radians(theta))
    total = costs.sum()
    out = np.empty(draws)
    chunk = max(1, 200_000 // max(K * r, 1))
    for start in range(0, draws, chunk):
        n = min(chunk, draws - start)
        u = rng.standard_normal((n, K, r))
        u /= np.linalg.norm(u, axis=2, keepdims=True)
        f = np.sqrt(rng.beta(r / 2, (sphere_dim - r) / 2, size=(n, K))) if sphere_dim else fractions[None, :]
        best = np.abs(u @ coords.T).max(axis=2) * f
        out[start:start + n] = ((best >= threshold) * costs[None, :]).sum(axis=1) / total
    return out


def summarize_null(name: str, values, observed: float) -> NullSummary:
    """Mean, sd, quantiles of null draws and the observed value's one-sided p-value and z."""
    import numpy as np

    values = np.asarray(values, dtype=float)
    mean, sd = float(values.mean()), float(values.std(ddof=1)) if values.size > 1 else 0.0
    if sd > 0:
        z = (observed - mean) / sd
    else:
        z = math.inf if observed > mean else (0.0 if observed == mean else -math.inf)
    q = np.quantile(values, [0.05, 0.5, 0.95, 0.99])
    p = (1 + int((values >= observed).sum())) / (1 + values.size)
    return NullSummary(name=name, draws=int(values.size), mean=mean, sd=sd, q05=float(q[0]), q50=float(q[1]),
                       q95=float(q[2]), q99=float(q[3]), maximum=float(values.max()), p_value=p, z=float(z))


def measure_alignment(net, directions: PredictedDirections, theta: float, *, role: str = "denoiser", seed: int = 0,
                      null_draws: int = 2000, Y=None, targets=None, clean_targets=None, seconds: float = 0.0) -> NetworkAlignment:
    """The statistic, its two nulls and the diagnostics of one trained network (floats: evidence)."""
    import numpy as np

    W = np.asarray(net.W, dtype=float)
    costs = net.unit_costs()
    preds = directions.all()
    norms = np.linalg.norm(W, axis=1)
    safe = np.where(norms > 0, norms, 1.0)
    fractions = np.linalg.norm(W @ directions.basis, axis=1) / safe
    total = costs.sum()
    share = aligned_share(W, costs, preds, theta)
    best = nearest_cosines(W, preds)
    coords = preds @ directions.basis
    span_values = null_statistics(costs, fractions, coords, theta, null_draws, seed=10_000 + seed)
    sphere_values = null_statistics(costs, fractions, coords, theta, null_draws, seed=20_000 + seed,
                                    sphere_dim=W.shape[1])
    projected = (W @ directions.basis) @ directions.basis.T
    share_hull = aligned_share(projected, costs, preds, theta)
    hull_values = null_statistics(costs, np.ones_like(fractions), coords, theta, null_draws, seed=40_000 + seed)

    def mse(reference):
        if Y is None or reference is None:
            return float("nan")
        return float(((net(Y) - reference) ** 2).sum(axis=1).mean())

    return NetworkAlignment(
        role=role, seed=seed, share=share,
        share_hull=share_hull, hull_edges=aligned_share(projected, costs, directions.edges, theta),
        hull_facets=aligned_share(projected, costs, directions.facets, theta),
        mean_cos=float((best * costs).sum() / total), in_span=float((fractions * costs).sum() / total),
        cost=float(total), mse=mse(targets), denoise_mse=mse(clean_targets), seconds=seconds,
        null_span=summarize_null("span", span_values, share), null_sphere=summarize_null("sphere", sphere_values, share),
        null_hull=summarize_null("hull", hull_values, share_hull),
        null_span_values=span_values, null_hull_values=hull_values,
        hull_angles=np.degrees(np.arccos(np.clip(nearest_cosines(projected, preds), 0.0, 1.0))), angles=np.degrees(np.arccos(np.clip(best, 0.0, 1.0))), unit_costs=costs,
    )


def theta_sweep(result: "DigitsResult", thetas=(5.0, 10.0, 15.0, 20.0, 25.0), *, draws: Optional[int] = None) -> list:
    """The in-hull share and its hull null at several angles, per network (is the conclusion an artefact of theta?).

    Uses the stored per-unit in-hull angles and costs (no retraining); the null draws are seeded
    per network and angle. Returns rows ``{role, seed, theta, share_hull, null_mean, null_sd, p, z}``.
    """
    import numpy as np

    draws = draws or result.config.null_draws
    coords = result.directions.all() @ result.directions.basis
    rows = []
    for n in result.networks:
        for i, theta in enumerate(thetas):
            observed = float(n.unit_costs[n.hull_angles <= theta].sum() / n.unit_costs.sum())
            values = null_statistics(n.unit_costs, np.ones_like(n.unit_costs), coords, theta, draws,
                                     seed=50_000 + 100 * n.seed + i)
            s = summarize_null("hull", values, observed)
            rows.append({"role": n.role, "seed": n.seed, "theta": float(theta), "share_hull": observed,
                         "null_mean": s.mean, "null_sd": s.sd, "p": s.p_value, "z": s.z})
    return rows


def _default_trainer(Y, X, *, width, weight_decay, steps, lr, seed):
    from symden.experiments.train import TrainConfig, train_arrays

    options = dict(width=width, weight_decay=weight_decay, steps=steps, seed=seed)
    if lr is not None:
        options["lr"] = lr
    return train_arrays(Y, X, TrainConfig(**options))


def run_digits(config: DigitsConfig = DigitsConfig(), *, trainer: Optional[Callable] = None,
               controls: bool = True) -> DigitsResult:
    """Run the experiment: per seed, train a denoiser and (``controls``) a shuffled-target control.

    ``trainer(Y, X, width=, weight_decay=, steps=, lr=, seed=)`` returns a
    :class:`~symden.experiments.netfile.TrainedNetwork`; the default is
    :func:`symden.experiments.train.train_arrays`. Deterministic for a config (and a
    deterministic trainer). Everything returned is evidence (docs/theory.md section 7b.4).
    """
    import numpy as np

    trainer = trainer or _default_trainer
    clean, indices = clean_digits(config.classes, config.image_seed)
    directions = predicted_directions(clean)
    dist = np.linalg.norm(clean[:, None, :] - clean[None, :, :], axis=2)
    min_distance = float(dist[np.triu_indices(len(clean), 1)].min())
    radius = config.radius_fraction * min_distance
    options = dict(width=config.width, weight_decay=config.weight_decay, steps=config.steps, lr=config.lr)
    nets = []
    example = None
    runs = [(s, role) for s in config.seeds for role in (("denoiser", "shuffled") if controls else ("denoiser",))]
    with task("digits networks", total=len(runs), unit="network") as progress:
        for done, (seed, role) in enumerate(runs, 1):
            Y, X = sample_noisy(clean, config.samples, radius, seed)
            if example is None:
                example = Y[::config.samples].copy()
            targets = X if role == "denoiser" else X[np.random.default_rng(30_000 + seed).permutation(len(X))]
            start = time.perf_counter()
            net = trainer(Y, targets, seed=seed, **options)
            seconds = time.perf_counter() - start
            nets.append(measure_alignment(net, directions, config.theta, role=role, seed=seed,
                                          null_draws=config.null_draws, Y=Y, targets=targets, clean_targets=X,
                                          seconds=seconds))
            progress.update(done, note=f"{role} seed {seed}")
    return DigitsResult(config=config, clean=clean, image_indices=indices, radius=radius, min_distance=min_distance,
                        facet_cost=facet_cost(clean, radius, directions),
                        directions=directions, networks=tuple(nets), example_noisy=example)


# ---------------------------------------------------------------------------------------------
# figures (matplotlib imported inside: Agg, no display)


def plot_digits(result: DigitsResult):
    """The clean images (top row) and one noisy sample of each (bottom row)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    N = len(result.clean)
    fig, axes = plt.subplots(2, N, figsize=(1.6 * N, 3.4), squeeze=False)
    for n in range(N):
        for row, image, label in ((0, result.clean[n], f"digit {result.config.classes[n]}\n#{result.image_indices[n]}"),
                                  (1, result.example_noisy[n], "noisy sample")):
            ax = axes[row][n]
            ax.imshow(image.reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([]), ax.set_yticks([])
            ax.set_title(label, fontsize=8)
    fig.suptitle(f"clean images and samples (noise: uniform in a ball of radius {result.radius:.3f}; "
                 "shown clipped to [0, 1])", fontsize=9)
    fig.tight_layout()
    return fig


def plot_alignment(result: DigitsResult, *, seed: Optional[int] = None):
    """Left: the hull null of one seed's networks and every seed's observed hull share; right: cost-weighted angles.

    The R^d statistic and its span null are in the left panel's title (a histogram of a null
    concentrated at 0 shows nothing).
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import numpy as np

    seed = result.config.seeds[0] if seed is None else seed
    den = [n for n in result.of_role("denoiser") if n.seed == seed][0]
    ctrl = [n for n in result.of_role("shuffled") if n.seed == seed]
    theta = result.config.theta
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    bins_null = np.linspace(0, 1, 41)
    left.hist(den.null_hull_values, bins=bins_null, color="0.6", alpha=0.7,
              label=f"hull null, seed {seed} denoiser ({den.null_hull.draws} draws)")
    if ctrl:
        left.hist(ctrl[0].null_hull_values, bins=bins_null, color="tab:orange", alpha=0.3,
                  label=f"hull null, seed {seed} control")
    for n in result.of_role("denoiser"):
        left.axvline(n.share_hull, color="tab:blue", lw=2 if n.seed == seed else 0.8)
    for n in result.of_role("shuffled"):
        left.axvline(n.share_hull, color="tab:orange", lw=2 if n.seed == seed else 0.8, ls="--")
    left.plot([], [], color="tab:blue", label="denoiser, observed (each seed)")
    if ctrl:
        left.plot([], [], color="tab:orange", ls="--", label="shuffled control, observed")
    left.set_xlabel(f"share of cost within {theta:g} deg of a predicted line, inside the hull")
    left.set_ylabel("null draws")
    left.set_xlim(0, 1)
    left.legend(fontsize=7, loc="upper left")
    left.set_title(f"seed {seed} denoiser: {den.share_hull:.3f} against the hull null {den.null_hull.mean:.3f} "
                   f"+- {den.null_hull.sd:.3f} (p = {den.null_hull.p_value:.3g});\nin R^{result.clean.shape[1]}: "
                   f"{den.share:.3f} against the span null {den.null_span.mean:.3f}", fontsize=8)
    bins = np.linspace(0, 90, 46)
    right.hist(den.angles, bins=bins, weights=den.unit_costs / den.cost, color="tab:blue", alpha=0.6,
               label="denoiser, in R^d")
    right.hist(den.hull_angles, bins=bins, weights=den.unit_costs / den.cost, histtype="step", hatch="//",
               color="tab:blue", label="denoiser, projection in the hull")
    if ctrl:
        right.hist(ctrl[0].angles, bins=bins, weights=ctrl[0].unit_costs / ctrl[0].cost, color="tab:orange", alpha=0.5,
                   label="shuffled control, in R^d")
        right.hist(ctrl[0].hull_angles, bins=bins, weights=ctrl[0].unit_costs / ctrl[0].cost, histtype="step",
                   hatch="\\\\", color="tab:orange", label="shuffled control, in the hull")
    right.axvline(theta, color="k", ls=":", lw=1)
    right.set_xlabel("angle of w_k to the nearest predicted direction (degrees)")
    right.set_ylabel("share of cost")
    right.legend(fontsize=7)
    right.set_title("cost-weighted angles (evidence)", fontsize=9)
    fig.tight_layout()
    return fig
