"""``symden train`` (and the other experiment commands): trained networks against the prediction.

The mathematics is :mod:`symden.experiments` (docs/theory.md section 7b). ``train`` fits a shallow
ReLU network with weight decay to a data file (full-batch Adam, numpy) and writes it as ``.npz``
through the command line's atomic writer: bad data, a bad option or an unwritable path exits 2 with
one line on stderr and writes nothing. What it prints about the network is evidence (floats).
"""

from __future__ import annotations

import argparse

from symden.cli.main import EXIT_OK, Outcome

__all__ = ["add_parsers", "train", "digits"]


def train(args: argparse.Namespace) -> Outcome:
    """Train on the data file and write ``--out`` (``.npz``: W, b, A, V, c and the training's meta)."""
    import os

    from symden.errors import UsageError

    if os.path.splitext(args.out)[1].lower() != ".npz":  # before any work
        raise UsageError(f"--out {args.out}: a trained network is written as .npz (numpy arrays W, b, A, V, c)")
    from symden.data import read_dataset
    from symden.experiments.train import TrainConfig, train_dataset

    data = read_dataset(args.file)
    options = {k: getattr(args, k) for k in ("width", "weight_decay", "steps", "lr", "seed", "schedule",
                                             "online_samples", "decay_start", "backend") if getattr(args, k) is not None}
    config = TrainConfig(**options)
    net = train_dataset(data, config)
    meta = net.meta
    how = (f"{meta['samples']} samples" if data.setting == "offline"
           else f"{meta['samples']} points drawn uniformly from the balls ({config.online_samples} per ball)")
    text = (f"trained width {config.width}, weight decay {config.weight_decay:g}, {config.steps} Adam steps "
            f"(seed {config.seed}, {config.schedule} schedule, {config.backend}) on {how} in {meta['seconds']:.1f} s\n"
            f"final loss {meta['final_loss']:.6e}, data fit {meta['final_fit']:.3e}, cost sum |a||w| "
            f"{net.cost():.6f} (evidence: floats)\n"
            f"network written to {args.out}")
    return Outcome(EXIT_OK, text, ((args.out, net.to_bytes()),))


def add_parsers(sub) -> None:
    """Register ``train``."""
    p = sub.add_parser(
        "train",
        help="train a shallow ReLU denoiser with weight decay on a data file (numpy, full-batch Adam) into .npz",
        description="Train h(y) = sum_k a_k [w_k.y + b_k]_+ + V y + c on the data file's samples (offline) or on "
                    "points drawn uniformly from its balls (online), with loss mean |h(y_i) - x_i|^2 + "
                    "L/2 sum_k (|a_k|^2 + |w_k|^2), full-batch Adam and explicit numpy gradients "
                    "(docs/theory.md section 7b.1). Deterministic for a seed. Writes W, b, A, V, c as .npz.",
    )
    p.add_argument("file", metavar="FILE", help="data file (JSON), or - for standard input")
    p.add_argument("--out", required=True, metavar="NET.npz", help="the trained network file (.npz)")
    p.add_argument("--width", type=int, metavar="K", help="hidden units (default 200)")
    p.add_argument("--weight-decay", type=float, metavar="L", help="final weight-decay coefficient (default 1e-5)")
    p.add_argument("--steps", type=int, metavar="S", help="full-batch Adam steps (default: TrainConfig's)")
    p.add_argument("--seed", type=int, metavar="N", help="seed of the initialisation and the online samples (default 0)")
    p.add_argument("--lr", type=float, metavar="ETA", help="peak learning rate (default: TrainConfig's)")
    p.add_argument("--schedule", choices=("cosine", "step", "constant"), help="learning-rate schedule (default cosine)")
    p.add_argument("--online-samples", type=int, metavar="M", help="online data: points drawn per ball (default 100)")
    p.add_argument("--decay-start", type=float, metavar="L0",
                   help="weight-decay continuation: start at L0 and decrease geometrically to L (default: TrainConfig's)")
    p.add_argument("--backend", choices=("numpy", "torch"),
                   help="numpy (default: hand-written gradient) or torch (optional, needs torch: autograd, torch.optim.Adam)")
    p.set_defaults(handler=train, decides="the training on {file}")
    add_digits_parser(sub)


def digits(args: argparse.Namespace) -> Outcome:
    """Run the digits alignment experiment (docs/theory.md section 7b.4) and print its table (evidence)."""
    import dataclasses

    from symden.experiments.digits import budget_config

    fmt = None
    if args.plot:
        from symden.printing.plot import figure_format

        fmt = figure_format(args.plot)  # before any work: an unknown extension costs nothing
    config = budget_config(args.budget)
    changes = {k: getattr(args, k) for k in ("steps", "width", "weight_decay", "theta") if getattr(args, k) is not None}
    if args.seeds is not None:
        changes["seeds"] = tuple(range(args.seeds))
    config = dataclasses.replace(config, **changes)
    from contextlib import nullcontext

    from symden.experiments.digits import plot_alignment, run_digits
    from symden.printing.digits import digits_json, digits_text

    try:  # threadpoolctl comes with scikit-learn (the experiments extra); without it, no limit
        from threadpoolctl import threadpool_limits
    except ImportError:
        threadpool_limits = None
    with threadpool_limits(1) if threadpool_limits else nullcontext():  # one BLAS thread: more only contend here
        result = run_digits(config)
    text = digits_json(result) if args.format == "json" else digits_text(result)
    files = ()
    if args.plot:
        from symden.printing.plot import figure_bytes

        files = ((args.plot, figure_bytes(plot_alignment(result), fmt)),)
        if args.format != "json":
            text += f"\nfigure written to {args.plot}"
    return Outcome(EXIT_OK, text, files)


def add_digits_parser(sub) -> None:
    """Register ``digits``."""
    p = sub.add_parser(
        "digits",
        help="alignment of trained denoisers on scikit-learn's 8x8 digits with edges and facet normals, against nulls",
        description="Train shallow ReLU denoisers on noisy copies of four 8x8 digits (scikit-learn's bundled "
                    "load_digits) and a shuffled-target control per seed; print the share of each network's cost "
                    "within THETA degrees of an edge or facet normal of the clean simplex, in R^64 and inside the "
                    "hull, against sphere, span and hull nulls (docs/theory.md section 7b.4). Evidence only.",
    )
    p.add_argument("--budget", choices=("full", "small"), default="full",
                   help="full: 8 seeds, width 200, 3000 steps (about two minutes); small: one quick seed")
    p.add_argument("--seeds", type=int, metavar="N", help="use seeds 0..N-1")
    p.add_argument("--steps", type=int, metavar="S", help="Adam steps per network")
    p.add_argument("--width", type=int, metavar="K", help="hidden units")
    p.add_argument("--weight-decay", type=float, metavar="L", help="weight-decay coefficient (default 1e-3)")
    p.add_argument("--theta", type=float, metavar="DEG", help="alignment angle in degrees (default 15)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--plot", metavar="OUT.{png,pdf,svg}", help="also write the null/angle figure")
    p.set_defaults(handler=digits, decides="the digits experiment")
