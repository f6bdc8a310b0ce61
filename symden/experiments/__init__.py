"""The paper's empirical side: train shallow ReLU denoisers with weight decay and compare them with the prediction.

* :mod:`symden.experiments.netfile`: :class:`TrainedNetwork` (floats) and its files (``.npz``,
  PyTorch ``state_dict``);
* :mod:`symden.experiments.train`: full-batch Adam with explicit numpy gradients (``symden train``);
* :mod:`symden.experiments.compare`: distances, cost and alignment against the min-cost denoiser
  (``symden compare``);
* :mod:`symden.experiments.figure2`: the paper's Figure 2 (obtuse and equilateral triangles);
* :mod:`symden.experiments.digits`: alignment on scikit-learn's 8x8 digits against a null.

Everything measured on a trained network is *evidence* (floats); docs/theory.md section 7b.
Names load on first use, so ``import symden.experiments`` loads no numpy. The functions
``compare`` and ``figure2`` are not package names (their modules would shadow them, depending on
import order): ``from symden.experiments.compare import compare``,
``from symden.experiments.figure2 import figure2``.
"""

from symden._lazy import lazy_names

_HOME = {
    "figure2_results": "figure2",
    "Figure2Results": "figure2",
    "TrainedNetwork": "netfile",
    "load_network": "netfile",
    "TrainConfig": "train",
    "train_arrays": "train",
    "train_dataset": "train",
    "sample_balls": "train",
    "figure2_data": "train",
    "Comparison": "compare",
    "Prediction": "compare",
    "predict": "compare",
    "DigitsConfig": "digits",
    "run_digits": "digits",
    "plot_digits": "digits",
    "plot_alignment": "digits",
}

__all__ = list(_HOME)


__getattr__, __dir__ = lazy_names("symden.experiments", _HOME, globals())
