"""Train a shallow ReLU denoiser with weight decay: full-batch Adam, explicit numpy gradients.

The model (the network form symden verifies, docs/theory.md section 0.1) and the loss::

    h(y) = sum_k a_k [w_k . y + b_k]_+ + V y + c
    loss = 1/n sum_i |h(y_i) - x_i|^2 + L * 1/2 sum_k (|a_k|^2 + |w_k|^2)

(b, V, c unpenalised: the cost convention). The gradient is written by hand (one forward and one
backward pass of two matrix products each, into preallocated buffers); tests/test_train.py checks it
against central finite differences. The optimiser is Adam (beta1 0.9, beta2 0.999, eps 1e-8) on the
full batch, with the learning-rate schedule of :func:`learning_rate` and, optionally, a weight-decay
continuation (:func:`weight_decay_at`) that ends at the configured ``L`` well before the last step.
Initialisation (:func:`initial_parameters`), online sampling (:func:`sample_balls`) and the schedule
are documented in docs/theory.md section 7b.1. Everything is a pure function of the data and the
seed: the same seed gives bit-identical arrays (numpy's ``default_rng``; one thread of BLAS is not
required, the products here are too small for BLAS to split).

A trained network is a float object; what is measured on it is evidence, never a verdict.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass
from typing import Optional

from symden.errors import InvalidDataError
from symden.experiments.netfile import TrainedNetwork
from symden.progress import task

__all__ = [
    "TrainConfig",
    "train_arrays",
    "train_dataset",
    "sample_balls",
    "dataset_arrays",
    "learning_rate",
    "weight_decay_at",
    "initial_parameters",
    "figure2_data",
    "FIGURE2_SHAPES",
    "SCHEDULES",
]

#: the learning-rate schedules :func:`learning_rate` knows
SCHEDULES = ("cosine", "constant", "step")


@dataclass(frozen=True)
class TrainConfig:
    """How to train (docs/theory.md section 7b.1).

    Parameters
    ----------
    width
        K, the number of hidden ReLU units.
    weight_decay
        L, the final weight-decay coefficient of ``L/2 sum (|a_k|^2 + |w_k|^2)``.
    steps
        Full-batch Adam steps.
    lr
        The peak learning rate.
    seed
        Seeds the initialisation and the online samples (numpy ``default_rng``).
    schedule
        ``"cosine"``: linear warm-up over ``warmup`` of the steps, then cosine decay from ``lr`` to
        ``lr * lr_final``; ``"step"``: ``lr`` divided by 10 at 50% and again at 80% of the steps;
        ``"constant"``: ``lr`` throughout.
    online_samples
        For online data: points drawn uniformly from each closed ball.
    warmup
        Fraction of the steps of the linear warm-up (cosine schedule).
    lr_final
        The cosine schedule's last learning rate, as a fraction of ``lr``.
    decay_start
        Weight-decay continuation: the coefficient starts at ``decay_start`` and decreases
        geometrically to ``weight_decay`` over the first ``decay_fraction`` of the steps, then stays at
        ``weight_decay``. ``None`` (or a value <= ``weight_decay``): ``weight_decay`` throughout.
    decay_fraction
        The fraction of the steps of the continuation.
    """

    width: int = 200
    weight_decay: float = 1e-5
    steps: int = 50000
    lr: float = 1e-2
    seed: int = 0
    schedule: str = "cosine"
    online_samples: int = 100
    warmup: float = 0.02
    lr_final: float = 1e-3
    decay_start: Optional[float] = None
    decay_fraction: float = 0.5

    def __post_init__(self) -> None:
        def positive_int(name):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise InvalidDataError(f"{name} = {v!r}: must be a positive integer")

        for name in ("width", "steps", "online_samples"):
            positive_int(name)
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise InvalidDataError(f"seed = {self.seed!r}: must be a non-negative integer")
        for name in ("weight_decay", "lr", "lr_final", "warmup", "decay_fraction"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise InvalidDataError(f"{name} = {v!r}: must be a finite number")
        if self.weight_decay < 0:
            raise InvalidDataError(f"weight_decay = {self.weight_decay!r}: must be >= 0")
        if not self.lr > 0:
            raise InvalidDataError(f"lr = {self.lr!r}: must be positive")
        if not (0 < self.lr_final <= 1):
            raise InvalidDataError(f"lr_final = {self.lr_final!r}: must be in (0, 1] (a fraction of lr)")
        if not (0 <= self.warmup < 1) or not (0 < self.decay_fraction <= 1):
            raise InvalidDataError(f"warmup = {self.warmup!r}, decay_fraction = {self.decay_fraction!r}: "
                                   "fractions of the steps in [0, 1) and (0, 1]")
        if self.schedule not in SCHEDULES:
            raise InvalidDataError(f"schedule = {self.schedule!r}: one of {', '.join(SCHEDULES)}")
        if self.decay_start is not None:
            v = self.decay_start
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not (math.isfinite(v) and v > 0):
                raise InvalidDataError(f"decay_start = {v!r}: must be a positive number or None")


def learning_rate(config: TrainConfig, step: int) -> float:
    """The learning rate of Adam step ``step`` (0-based) of ``config.steps``.

    >>> c = TrainConfig(steps=100, lr=0.1, warmup=0.1, lr_final=0.01)
    >>> [round(learning_rate(c, t), 4) for t in (0, 9, 10, 99)]
    [0.01, 0.1, 0.1, 0.001]
    """
    T, lr = config.steps, config.lr
    if config.schedule == "constant":
        return lr
    if config.schedule == "step":
        return lr if step < 0.5 * T else (lr / 10 if step < 0.8 * T else lr / 100)
    warm = int(round(config.warmup * T))
    if step < warm:
        return lr * (step + 1) / warm
    span = max(T - 1 - warm, 1)
    progress = min((step - warm) / span, 1.0)
    low = lr * config.lr_final
    return low + (lr - low) * 0.5 * (1.0 + math.cos(math.pi * progress))


def weight_decay_at(config: TrainConfig, step: int) -> float:
    """The weight-decay coefficient at step ``step``: the continuation, then ``config.weight_decay``.

    >>> c = TrainConfig(steps=100, weight_decay=1e-5, decay_start=1e-3, decay_fraction=0.5)
    >>> [f"{weight_decay_at(c, t):.0e}" for t in (0, 25, 50, 99)]
    ['1e-03', '1e-04', '1e-05', '1e-05']
    """
    L, L0 = config.weight_decay, config.decay_start
    if L0 is None or L0 <= L or L == 0:
        return L
    end = config.decay_fraction * config.steps
    if step >= end:
        return L
    return L0 * (L / L0) ** (step / end)


def initial_parameters(Y, X, width: int, seed: int):
    """The documented initialisation ``(W, b, A, V, c)`` for inputs ``Y`` and targets ``X`` (floats).

    * ``w_k``: independent uniform directions on the unit sphere (normalised Gaussians), length 1;
    * ``b_k = -w_k . p_k`` with ``p_k`` a training input chosen uniformly: every boundary passes
      through the data;
    * ``a_k``: independent Gaussians of standard deviation ``1e-3``: the units start almost off, so
      the start is the affine least-squares fit;
    * ``V, c``: the least-squares affine fit of ``X`` on ``Y``.

    All draws come from ``numpy.random.default_rng(seed)`` in this order.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    n, d = Y.shape
    W = rng.standard_normal((width, d))
    W /= np.linalg.norm(W, axis=1, keepdims=True)
    anchors = Y[rng.integers(0, n, size=width)]
    b = -np.einsum("kd,kd->k", W, anchors)
    A = 1e-3 * rng.standard_normal((d, width))
    Y1 = np.hstack([Y, np.ones((n, 1))])
    coef, *_ = np.linalg.lstsq(Y1, X, rcond=None)
    V, c = coef[:d].T.copy(), coef[d].copy()
    return W, b, A, V, c


class _Problem:
    """The loss and its gradient on fixed arrays, in preallocated buffers (the training's hot loop).

    Parameters live in one flat vector ``theta``: ``P1 = [W | b]`` (K x (d+1)), then
    ``P2 = [A | V | c]`` (d x (K+d+1)). With ``Y1 = [Y | 1]`` and ``F = [relu(Y1 P1^T) | Y | 1]``,
    ``h(Y) = F P2^T``; the backward pass is ``G = 2 (h - X) / n``, ``dP2 = G^T F``,
    ``dZ = (G A) * [Z > 0]``, ``dP1 = dZ^T Y1``, plus ``L W`` and ``L A``.
    """

    def __init__(self, Y, X, width: int) -> None:
        import numpy as np

        n, d = Y.shape
        K = width
        self.n, self.d, self.K = n, d, K
        self.Y1 = np.ascontiguousarray(np.hstack([Y, np.ones((n, 1))]))
        self.X = np.ascontiguousarray(X)
        self.size1 = K * (d + 1)
        self.size = self.size1 + d * (K + d + 1)
        self.Z = np.empty((n, K))
        self.F = np.empty((n, K + d + 1))
        self.F[:, K:] = self.Y1
        self.out = np.empty((n, d))
        self.dZ = np.empty((n, K))
        self.mask = np.empty((n, K), dtype=bool)

    def views(self, theta):
        """``(P1, P2)`` as views of ``theta``."""
        K, d = self.K, self.d
        return theta[: self.size1].reshape(K, d + 1), theta[self.size1:].reshape(d, K + d + 1)

    def pack(self, W, b, A, V, c):
        import numpy as np

        theta = np.empty(self.size)
        P1, P2 = self.views(theta)
        K, d = self.K, self.d
        P1[:, :d], P1[:, d] = W, b
        P2[:, :K], P2[:, K:K + d], P2[:, K + d] = A, V, c
        return theta

    def unpack(self, theta):
        K, d = self.K, self.d
        P1, P2 = self.views(theta)
        return (P1[:, :d].copy(), P1[:, d].copy(), P2[:, :K].copy(), P2[:, K:K + d].copy(), P2[:, K + d].copy())

    def fit(self, theta) -> float:
        """``1/n sum |h(y_i) - x_i|^2`` (the data term alone)."""
        import numpy as np

        P1, P2 = self.views(theta)
        np.matmul(self.Y1, P1.T, out=self.Z)
        np.maximum(self.Z, 0.0, out=self.F[:, : self.K])
        np.matmul(self.F, P2.T, out=self.out)
        self.out -= self.X
        return float(np.vdot(self.out, self.out)) / self.n

    def loss_grad(self, theta, grad, weight_decay: float) -> float:
        """The loss at ``theta``; its gradient is written into ``grad`` (same shape)."""
        import numpy as np

        K, d, n = self.K, self.d, self.n
        P1, P2 = self.views(theta)
        G1, G2 = self.views(grad)
        Z, F, R, dZ = self.Z, self.F, self.out, self.dZ
        np.matmul(self.Y1, P1.T, out=Z)
        np.maximum(Z, 0.0, out=F[:, :K])
        np.matmul(F, P2.T, out=R)
        R -= self.X
        fit = float(np.vdot(R, R)) / n
        R *= 2.0 / n  # R is now G = d(fit)/d(h)
        np.matmul(R.T, F, out=G2)
        np.matmul(R, P2[:, :K], out=dZ)
        np.greater(Z, 0.0, out=self.mask)
        dZ *= self.mask
        np.matmul(dZ.T, self.Y1, out=G1)
        Wv, Av = P1[:, :d], P2[:, :K]
        penalty = 0.0
        if weight_decay:
            G1[:, :d] += weight_decay * Wv
            G2[:, :K] += weight_decay * Av
            penalty = 0.5 * weight_decay * (float(np.vdot(Wv, Wv)) + float(np.vdot(Av, Av)))
        return fit + penalty


def train_arrays(Y, X, config: TrainConfig = TrainConfig(), *, init=None) -> TrainedNetwork:
    """Train on inputs ``Y`` (n x d) and targets ``X`` (n x d), floats; return the trained network.

    ``init``: a :class:`TrainedNetwork` (or a tuple ``(W, b, A, V, c)``) of the configured width to
    start from instead of :func:`initial_parameters`. The network's ``meta`` records the config, the
    final loss and data fit, the steps and the seconds.

    >>> import numpy as np
    >>> Y = np.array([[-1.0], [-0.9], [0.9], [1.0]]); X = np.array([[-1.0], [-1.0], [1.0], [1.0]])
    >>> net = train_arrays(Y, X, TrainConfig(width=8, steps=2000, lr=1e-2, weight_decay=1e-4))
    >>> bool(np.abs(net(Y) - X).max() < 0.05)
    True
    """
    import numpy as np

    Y = np.asarray(Y, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    if Y.ndim == 1:
        Y = Y.reshape(-1, 1)
    if X.ndim == 1:
        X = X.reshape(-1, 1)
    if Y.ndim != 2 or Y.shape != X.shape or Y.shape[0] == 0:
        raise InvalidDataError(f"inputs {Y.shape} and targets {X.shape}: expected two equal shapes (n, d), n >= 1")
    if not (np.all(np.isfinite(Y)) and np.all(np.isfinite(X))):
        raise InvalidDataError("inputs or targets hold a non-finite value")
    problem = _Problem(Y, X, config.width)
    if init is None:
        params = initial_parameters(Y, X, config.width, config.seed)
    elif isinstance(init, TrainedNetwork):
        params = (init.W, init.b, init.A, init.V, init.c)
    else:
        params = tuple(np.asarray(p, dtype=np.float64) for p in init)
    if np.asarray(params[0]).shape != (config.width, Y.shape[1]):
        raise InvalidDataError(f"init has W of shape {np.asarray(params[0]).shape}: expected ({config.width}, {Y.shape[1]})")
    theta = problem.pack(*params)
    grad = np.empty_like(theta)
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    scratch = np.empty_like(theta)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    T = config.steps
    lrs = [learning_rate(config, t) for t in range(T)]
    decays = [weight_decay_at(config, t) for t in range(T)]
    report = max(T // 200, 1)
    start = time.perf_counter()
    loss = float("nan")
    with task("training", total=T, unit="step") as progress:
        b1t = b2t = 1.0
        for t in range(T):
            loss = problem.loss_grad(theta, grad, decays[t])
            # Adam, in place: m <- b1 m + (1-b1) g; v <- b2 v + (1-b2) g^2; theta -= lr mhat / (sqrt(vhat) + eps)
            m *= beta1
            m += (1.0 - beta1) * grad
            np.multiply(grad, grad, out=scratch)
            v *= beta2
            scratch *= 1.0 - beta2
            v += scratch
            b1t *= beta1
            b2t *= beta2
            np.divide(v, 1.0 - b2t, out=scratch)
            np.sqrt(scratch, out=scratch)
            scratch += eps
            np.divide(m, scratch, out=scratch)
            scratch *= lrs[t] / (1.0 - b1t)
            theta -= scratch
            if (t + 1) % report == 0 or t + 1 == T:
                progress.update(t + 1, note=f"loss {loss:.3e}")
    seconds = time.perf_counter() - start
    fit = problem.fit(theta)
    W, b, A, V, c = problem.unpack(theta)
    final_loss = fit + 0.5 * config.weight_decay * (float((W ** 2).sum()) + float((A ** 2).sum()))
    meta = {
        "trainer": "symden.experiments.train (numpy, full-batch Adam, explicit gradients)",
        "config": asdict(config),
        "samples": int(Y.shape[0]),
        "steps": T,
        "seconds": round(seconds, 3),
        "final_loss": final_loss,
        "final_fit": fit,
    }
    return TrainedNetwork(W=W, b=b, A=A, V=V, c=c, meta=meta)


def sample_balls(data, per_ball: int, seed: int):
    """``(Y, X)``: ``per_ball`` points drawn uniformly from each closed ball ``B(x_n, rho)``, and their targets.

    For ball n (in the order of ``data.clean``), points ``x_n + rho * U^(1/d) * g / |g|`` with ``g``
    standard Gaussian in R^d and ``U`` uniform on [0, 1): uniform in the ball. Draws come from
    ``numpy.random.default_rng(seed)``, ball by ball, directions then radii. Rows of ``Y`` are the
    points, ball after ball; rows of ``X`` their ball's centre (floats of the exact data).

    >>> from symden.data import DataSet
    >>> Y, X = sample_balls(DataSet(clean=[0, 1], radius="1/5"), 3, seed=0)
    >>> Y.shape, X[:, 0].tolist(), bool((abs(Y - X) <= 0.2).all())
    ((6, 1), [0.0, 0.0, 0.0, 1.0, 1.0, 1.0], True)
    """
    import numpy as np

    from symden.exact import to_float

    if data.radius is None:
        raise InvalidDataError("sample_balls needs online data (a radius); offline data have their samples")
    if isinstance(per_ball, bool) or not isinstance(per_ball, int) or per_ball < 1:
        raise InvalidDataError(f"per_ball = {per_ball!r}: must be a positive integer")
    rng = np.random.default_rng(seed)
    d, rho = data.dim, to_float(data.radius)
    Ys, Xs = [], []
    for point in data.clean:
        centre = np.array([to_float(v) for v in point])
        g = rng.standard_normal((per_ball, d))
        g /= np.linalg.norm(g, axis=1, keepdims=True)
        r = rho * rng.random(per_ball) ** (1.0 / d)
        Ys.append(centre + r[:, None] * g)
        Xs.append(np.broadcast_to(centre, (per_ball, d)))
    return np.vstack(Ys), np.vstack(Xs).copy()


def dataset_arrays(data, *, online_samples: int = 100, seed: int = 0):
    """``(Y, X)`` float arrays of a data set: its samples (offline) or :func:`sample_balls` (online)."""
    import numpy as np

    from symden.exact import to_float

    if data.radius is not None:
        return sample_balls(data, online_samples, seed)
    Ys, Xs = [], []
    for point, cluster in zip(data.clean, data.samples):
        centre = [to_float(v) for v in point]
        for y in cluster:
            Ys.append([to_float(v) for v in y])
            Xs.append(centre)
    return np.array(Ys, dtype=np.float64), np.array(Xs, dtype=np.float64)


def train_dataset(data, config: TrainConfig = TrainConfig()) -> TrainedNetwork:
    """Train on a :class:`~symden.data.DataSet`: its offline samples, or for online data
    ``config.online_samples`` points per ball drawn uniformly (:func:`sample_balls`, seeded by ``config.seed``).
    """
    Y, X = dataset_arrays(data, online_samples=config.online_samples, seed=config.seed)
    net = train_arrays(Y, X, config)
    meta = dict(net.meta, data=data.name or "data", setting=data.setting)
    if data.radius is not None:
        meta["online_samples_per_ball"] = config.online_samples
    return TrainedNetwork(W=net.W, b=net.b, A=net.A, V=net.V, c=net.c, meta=meta)


#: The two triangles of the paper's Figure 2 (exact clean points).
FIGURE2_SHAPES = {
    "obtuse": ((0, 0), (1, 0), ("-1/2", 1)),
    "equilateral": ((0, 0), (1, 0), ("1/2", "sqrt(3)/2")),
}


def figure2_data(shape: str, samples: int = 100, seed: int = 0):
    """The offline data of Figure 2: ``samples`` exact rational points per clean point, uniform in the balls of radius 1/10.

    Each sample is a float point drawn uniformly from the ball (as :func:`sample_balls`, seeded),
    rounded to the nearest fraction of denominator at most 10^6 per coordinate
    (:func:`symden.exact.rationalize`); a rounded point is kept only if its exact distance to its clean
    point is at most 1/10 (else the next draw is used), so every sample lies in its closed ball exactly.

    >>> data = figure2_data("obtuse", samples=5)
    >>> data.setting, [len(c) for c in data.samples]
    ('offline', [5, 5, 5])
    """
    import numpy as np

    from symden.data import DataSet
    from symden.exact import exact, rationalize, to_float

    if shape not in FIGURE2_SHAPES:
        raise InvalidDataError(f"shape = {shape!r}: one of {', '.join(FIGURE2_SHAPES)}")
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise InvalidDataError(f"samples = {samples!r}: must be a positive integer")
    clean = tuple(tuple(exact(v) for v in p) for p in FIGURE2_SHAPES[shape])
    rho = exact("1/10")
    rng = np.random.default_rng(seed)
    clusters = []
    for point in clean:
        centre = np.array([to_float(v) for v in point])
        kept = []
        while len(kept) < samples:
            g = rng.standard_normal(2)
            g /= np.linalg.norm(g)
            y = centre + 0.1 * math.sqrt(rng.random()) * g
            q = tuple(rationalize(float(v), max_denominator=10**6, name="sample") for v in y)
            if sum((qi - ci) ** 2 for qi, ci in zip(q, point)) <= rho * rho and q not in kept:
                kept.append(q)
        clusters.append(tuple(kept))
    return DataSet(clean=clean, samples=tuple(clusters), name=f"figure2-{shape}",
                   description=f"Figure 2 ({shape} triangle): {samples} samples per point, uniform in the balls "
                               f"of radius 1/10, seed {seed}, rounded to fractions of denominator <= 10^6")
