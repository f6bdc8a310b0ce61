"""The test MSE of the min-cost denoiser, in closed form (docs/theory.md section 7).

The **min-cost denoiser** of the *online* 1-D problem with radius ``rho = alpha * sigma``
(docs/theory.md section 3, :func:`symden.closed_forms.univariate.univariate_denoiser`) is flat at
``x_n`` on ``[x_n - rho, x_n + rho]``, linear between neighbouring balls, flat outside. It exists only
while ``rho < min gap / 2``; for larger sigma the balls meet and there is no min-cost denoiser.


Closed form for a piecewise-linear denoiser (derivation)
--------------------------------------------------------
On a piece ``t_k <= y <= t_{k+1}`` write ``h(y) = alpha_k + beta_k y``. For a fixed test point x,
with ``e = y - x`` and ``c = alpha_k + (beta_k - 1) x``, the piece contributes
``int_{t_k - x}^{t_{k+1} - x} (c + beta_k e)^2 phi_s(e) de = F(t_{k+1} - x) - F(t_k - x)``, where
(using ``int e phi_s = -s^2 phi_s`` and ``int e^2 phi_s = s^2 Phi - s^2 e phi_s``)

.. math::

    F(z) = (c^2 + \\beta^2 s^2)\\,\\Phi(z/s) - 2 c \\beta s^2 \\phi_s(z) - \\beta^2 s^2 z\\,\\phi_s(z),

``F(+inf) = c^2 + beta^2 s^2`` and ``F(-inf) = 0``. For X uniform on ``[p, q]``, substitute
``z = t - x``: then ``c = c_0 + c_1 z`` with ``c_0 = alpha + (beta - 1) t``, ``c_1 = 1 - beta``, and
``int_p^q F(t - x) dx = int_{t-q}^{t-p} [A(z) Phi(z/s) + B(z) phi_s(z)] dz`` with
``A = (c_0 + c_1 z)^2 + beta^2 s^2`` and ``B = -2 beta s^2 (c_0 + c_1 z) - beta^2 s^2 z``. Both reduce
to the truncated Gaussian moments ``J_m = int_L^U z^m phi_s(z) dz``
(``J_0 = Phi(U/s) - Phi(L/s)``, ``J_1 = s^2 (phi_s(L) - phi_s(U))``,
``J_m = s^2 (L^{m-1} phi_s(L) - U^{m-1} phi_s(U)) + (m-1) s^2 J_{m-2}``) and, by parts,
``int_L^U z^n Phi(z/s) dz = [z^{n+1} Phi(z/s)/(n+1)]_L^U - J_{n+1}/(n+1)``. Only erf and exp appear.

Precision. The closed form is evaluated in ``mpmath.iv`` interval arithmetic, so rounding and
cancellation are tracked; ``Phi`` is not available in ``mpmath.iv``, so it is enclosed by monotonicity
from mpmath's ``ncdf`` at the two interval ends, computed with 40 guard bits and widened by a relative
``2^-(prec+8)``: the enclosure is rigorous given that mpmath's ``ncdf`` is accurate to its working
precision (mpmath's documented behaviour, not a formally verified library).
"""

from __future__ import annotations

import math
from typing import Optional

import mpmath

from symden.data import DataSet
from symden.generalization._values import DEFAULT_ALPHA, RIGOROUS, ErrorBar, _clean_points, _rational
from symden.generalization.distributions import TestDistribution

__all__ = ["min_cost_function", "piecewise_linear_test_mse", "min_cost_test_mse"]


def min_cost_function(clean, sigma, *, alpha=DEFAULT_ALPHA):
    """The min-cost denoiser at noise level sigma: the online closed form with ``rho = alpha sigma``.

    Returns the exact :class:`~symden.pwl.PiecewiseLinear`, or None when ``rho >= min gap / 2``
    (the balls meet: no min-cost denoiser exists).
    """
    xs = _clean_points(clean)
    rho = _rational(alpha, name="alpha") * _rational(sigma, name="sigma")
    if len(xs) > 1 and not 2 * rho < min(b - a for a, b in zip(xs, xs[1:])):
        return None
    from symden.closed_forms.univariate import univariate_denoiser

    return univariate_denoiser(DataSet(clean=list(xs), radius=rho)).function


_iv = mpmath.iv


def _ivq(q):
    return _iv.mpf(int(q.numerator)) / int(q.denominator)


def _ncdf_iv(u):
    """An enclosure of ``Phi(u)`` for an interval u (Phi is increasing)."""
    prec = _iv.prec
    with mpmath.workprec(prec + 40):
        lo = mpmath.ncdf(mpmath.mpf(u.a))
        hi = mpmath.ncdf(mpmath.mpf(u.b))
    margin = mpmath.mpf(2) ** (-(prec + 8))
    lo_iv = _iv.mpf(lo) * (1 - _iv.mpf(margin))
    hi_iv = _iv.mpf(hi) * (1 + _iv.mpf(margin))
    return _iv.mpf([max(lo_iv.a, 0), min(hi_iv.b, 1)])


class _Gauss:
    """Gaussian pieces at a fixed s in interval arithmetic: Phi(z/s), phi_s(z) and moments J_m."""

    def __init__(self, s):
        self.s = s
        self.s2 = s * s
        self.norm = 1 / (s * _iv.sqrt(2 * _iv.pi))

    def Phi(self, z):
        return _ncdf_iv(z / self.s)

    def phi(self, z):
        return self.norm * _iv.exp(-(z * z) / (2 * self.s2))

    def moments(self, L, U, m_max):
        """``J_m = int_L^U z^m phi_s(z) dz`` for m = 0..m_max (finite L < U)."""
        pL, pU = self.phi(L), self.phi(U)
        J = [self.Phi(U) - self.Phi(L), self.s2 * (pL - pU)]
        for m in range(2, m_max + 1):
            J.append(self.s2 * (L ** (m - 1) * pL - U ** (m - 1) * pU) + (m - 1) * self.s2 * J[m - 2])
        return J


def _pieces(f):
    """(lo, hi, slope, intercept) with None for an infinite end, as exact rationals."""
    return [(p.lo, p.hi, p.slope, p.intercept) for p in f.pieces()]


def _point_mse_iv(pieces, x, g):
    """``E (h(x + E) - x)^2`` for one test point x (all interval)."""
    total = _iv.mpf(0)
    for lo, hi, beta, alpha in pieces:
        b_, a_ = _ivq(beta), _ivq(alpha)
        c = a_ + (b_ - 1) * x
        const = c * c + b_ * b_ * g.s2

        def F(z):
            pz = g.phi(z)
            return const * g.Phi(z) - 2 * c * b_ * g.s2 * pz - b_ * b_ * g.s2 * z * pz

        upper = const if hi is None else F(_ivq(hi) - x)
        lower = _iv.mpf(0) if lo is None else F(_ivq(lo) - x)
        total += upper - lower
    return total


def _uniform_mse_iv(pieces, p, q, g):
    """``(1/(q-p)) int_p^q E (h(x + E) - x)^2 dx`` (all interval; p < q exact rationals)."""
    P, Q = _ivq(p), _ivq(q)
    total = _iv.mpf(0)
    for lo, hi, beta, alpha in pieces:
        b_, a_ = _ivq(beta), _ivq(alpha)
        for t, sign in ((hi, 1), (lo, -1)):
            if t is None:
                if sign > 0:
                    # F(+inf) = c(x)^2 + beta^2 s^2 with c(x) = a + (b - 1) x, integrated over [p, q]
                    k = b_ - 1
                    poly = lambda x: a_ * a_ * x + a_ * k * x * x + k * k * x ** 3 / 3 + b_ * b_ * g.s2 * x
                    total += poly(Q) - poly(P)
                continue
            T = _ivq(t)
            c0, c1 = a_ + (b_ - 1) * T, 1 - b_
            A = [c0 * c0 + b_ * b_ * g.s2, 2 * c0 * c1, c1 * c1]
            B = [-2 * b_ * g.s2 * c0, -2 * b_ * g.s2 * c1 - b_ * b_ * g.s2]
            L, U = T - Q, T - P
            J = g.moments(L, U, 3)
            PhiL, PhiU = g.Phi(L), g.Phi(U)
            val = B[0] * J[0] + B[1] * J[1]
            for n in range(3):
                K = (U ** (n + 1) * PhiU - L ** (n + 1) * PhiL) / (n + 1) - J[n + 1] / (n + 1)
                val += A[n] * K
            total += sign * val
    return total / (Q - P)


def piecewise_linear_test_mse(f, test: TestDistribution, sigma, *, digits: int = 15) -> ErrorBar:
    """The test MSE of a piecewise-linear denoiser f, in closed form, as a rigorous enclosure.

    .. math:: \\mathrm{MSE}(f) = \\sum_j w_j\\, E_{X \\sim P_j} E_{e \\sim N(0, \\sigma^2)} |f(X + e) - X|^2

    evaluated by the closed form of the module docstring in ``mpmath.iv``. The working precision is
    raised until the enclosure's relative width is below ``10^-digits`` (or 4 doublings).

    Returns
    -------
    ErrorBar
        Rigorous (see the module docstring for the one assumption about ``ncdf``).
    """
    sigma = _rational(sigma, name="sigma")
    pieces = _pieces(f)
    prec = int(digits * 3.33) + 40 + 2 * max(0, -int(math.log2(float(sigma))))
    target = mpmath.mpf(10) ** (-digits)
    saved = _iv.prec
    try:
        return _enclose(pieces, test, sigma, prec, target)
    finally:
        _iv.prec = saved  # the iv context is global: leave it as found


def _enclose(pieces, test, sigma, prec, target) -> ErrorBar:
    for _ in range(5):
        with mpmath.workprec(prec):
            _iv.prec = prec
            g = _Gauss(_ivq(sigma))
            total = _iv.mpf(0)
            for lo, hi, w in test.components:
                part = _point_mse_iv(pieces, _ivq(lo), g) if lo == hi else _uniform_mse_iv(pieces, lo, hi, g)
                total += _ivq(w) * part
            a, b = mpmath.mpf(total.a), mpmath.mpf(total.b)
            a = max(a, mpmath.mpf(0))  # an MSE is non-negative
            mid, rad = (a + b) / 2, (b - a) / 2
            if rad <= target * abs(mid):
                break
        prec *= 2
    return ErrorBar(mid, rad, RIGOROUS)


def min_cost_test_mse(clean, test: TestDistribution, sigma, *, alpha=DEFAULT_ALPHA, digits: int = 15) -> Optional[ErrorBar]:
    """Test MSE of the min-cost denoiser with ``rho = alpha sigma``; None when the balls meet."""
    f = min_cost_function(clean, sigma, alpha=alpha)
    return None if f is None else piecewise_linear_test_mse(f, test, sigma, digits=digits)
