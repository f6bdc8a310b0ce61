"""Test error of the min-cost denoiser against the empirical MMSE denoiser (docs/theory.md section 7).

Setting. Training points ``x_1 < ... < x_N`` (1-D), clean test points ``X ~ P`` and noise
``E ~ N(0, sigma^2)``, ``Y = X + E``. The test error of a denoiser h is

.. math::

    \\mathrm{MSE}(h) = E\\,|h(X + E) - X|^2 .

Two denoisers are compared at each noise level sigma:

* the **empirical MMSE denoiser** of the training points (:mod:`~symden.generalization.emmse`:
  its test MSE by adaptive quadrature, an estimate, and the exact sigma -> 0 limit);
* the **min-cost denoiser** of the *online* 1-D problem with radius ``rho = alpha * sigma``
  (:mod:`~symden.generalization.min_cost_mse`: its test MSE in closed form, a rigorous enclosure).

Default ``alpha = 1``: the ball radius equals the noise standard deviation. This is the natural
scale-free choice (the "online" balls stand for the typical noise excursion; ``E|e| = 0.80 sigma``);
results always say which alpha was used.

The modules, in the order they depend on each other: :mod:`~symden.generalization.distributions`
(test distributions, noise grids), :mod:`~symden.generalization.min_cost_mse`,
:mod:`~symden.generalization.emmse`, :mod:`~symden.generalization.study` (the study, the crossover and
the verdict). The printers are in :mod:`symden.printing.generalization`.
"""

from symden.generalization._values import DEFAULT_ALPHA, ESTIMATE, MIN_COST_SETTING, RIGOROUS, ErrorBar
from symden.generalization.distributions import SPEC_HELP, TestDistribution, parse_test_distribution, sigma_grid
from symden.generalization.emmse import empirical_mmse, empirical_mmse_test_mse, nearest_point_distortion
from symden.generalization.min_cost_mse import min_cost_function, min_cost_test_mse, piecewise_linear_test_mse
from symden.generalization.study import (
    Crossover,
    GeneralizationStudy,
    GridRow,
    generalization_study,
    low_noise_verdict,
)

__all__ = [
    "DEFAULT_ALPHA",
    "MIN_COST_SETTING",
    "RIGOROUS",
    "ESTIMATE",
    "SPEC_HELP",
    "TestDistribution",
    "ErrorBar",
    "GridRow",
    "Crossover",
    "GeneralizationStudy",
    "parse_test_distribution",
    "sigma_grid",
    "empirical_mmse",
    "min_cost_function",
    "piecewise_linear_test_mse",
    "min_cost_test_mse",
    "empirical_mmse_test_mse",
    "nearest_point_distortion",
    "generalization_study",
    "low_noise_verdict",
]
