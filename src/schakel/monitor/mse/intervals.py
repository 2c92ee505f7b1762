"""Confidence intervals for N from one fitted model.

* ``lognormal``: the Wald interval for β0 mapped to N, n + exp(β0 ± z se(β0)); N - n is
  then log-normal. This is what SparseMSE's ``estimatepopulation`` reports (Chan,
  Silverman & Vincent 2021) and it never goes below the observed count.
* ``normal``: N ± z se(N) with Rcapture's se (can fall below n; shown for comparison).
* ``profile``: profile likelihood for N (Cormack 1992, "Interval estimation for
  mark-recapture studies of closed populations", Biometrics 48; Rcapture's closedpCI).
  The unseen count n0 = N - n completes the table and the multinomial likelihood
  L(N) = N! / (N - n)! · Π_ω (μ_ω / N)^y_ω is maximised over the model for every N; the
  interval is {N : 2 (max L - L(N)) <= χ²₁(level)}.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq
from scipy.special import gammaln, ndtri

from .fit import ModelFit, irls_poisson
from .model import design_matrix
from .table import CaptureTable, all_patterns

# Upper limits beyond this many times the observed count are reported as unbounded.
_MAX_RATIO = 1e4


@dataclass(frozen=True)
class Interval:
    """A confidence interval for N with the method and level that produced it."""

    method: str
    level: float
    lower: float
    upper: float

    def as_dict(self) -> dict[str, float | str]:
        """JSON-ready form."""
        return {
            "method": self.method,
            "level": self.level,
            "lower": self.lower,
            "upper": self.upper,
        }


def _z(level: float) -> float:
    return float(ndtri(0.5 + level / 2.0))


def lognormal_interval(*, fit: ModelFit, level: float = 0.95) -> Interval:
    """n + exp(β0 ± z se(β0)) (SparseMSE)."""
    if not fit.ok:
        return Interval("lognormal", level, math.nan, math.nan)
    spread = _z(level) * math.sqrt(fit.var_intercept)
    return Interval(
        "lognormal",
        level,
        fit.n_observed + fit.unseen * math.exp(-spread),
        fit.n_observed + fit.unseen * math.exp(spread),
    )


def normal_interval(*, fit: ModelFit, level: float = 0.95) -> Interval:
    """N ± z se(N), with Rcapture's standard error."""
    if not fit.ok:
        return Interval("normal", level, math.nan, math.nan)
    half = _z(level) * fit.std_error
    return Interval("normal", level, fit.estimate - half, fit.estimate + half)


def _completed_design(
    *, table: CaptureTable, fit: ModelFit
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Design on all 2^K cells (unobserved cell first) restricted to the facial set."""
    full_patterns = np.vstack(
        [
            np.zeros((1, table.n_lists), dtype=np.int8),
            all_patterns(n_lists=table.n_lists),
        ]
    )
    design = design_matrix(patterns=full_patterns, spec=fit.spec)
    keep = np.concatenate([[True], fit.existence.facial])
    design = design[keep]
    # Keep the columns that were estimable on the facial set (the others are NaN).
    estimable = [
        i
        for i, name in enumerate(fit.terms)
        if not math.isnan(fit.coefficients.get(name, math.nan))
    ]
    return design[:, estimable], keep


def profile_loglik(*, table: CaptureTable, fit: ModelFit, total: float) -> float:
    """Multinomial log-likelihood of N = ``total``, maximised over the model parameters."""
    design, keep = _completed_design(table=table, fit=fit)
    observed = table.counts[keep[1:]]
    unseen = total - table.n_observed
    counts = np.concatenate([[unseen], observed])
    result = irls_poisson(design=design, counts=counts)
    probabilities = result.fitted / result.fitted.sum()
    positive = counts > 0
    return float(
        gammaln(total + 1.0)
        - gammaln(unseen + 1.0)
        + np.sum(counts[positive] * np.log(probabilities[positive]))
    )


def profile_interval(*, table: CaptureTable, fit: ModelFit, level: float = 0.95) -> Interval:
    """Profile-likelihood interval for N (Cormack 1992), found by bracketing and Brent.

    The profile is maximised near the Poisson estimate; we refine the maximum first so
    the cut-off is measured from the true top of the curve.
    """
    if not fit.ok:
        return Interval("profile", level, math.nan, math.nan)
    n = float(table.n_observed)
    # The chi-squared(1) quantile is the squared normal one.
    cutoff = _z(level) ** 2 / 2.0

    # Parametrise by t = log(N - n) so the search is well scaled on both sides.
    def loglik(t: float) -> float:
        return profile_loglik(table=table, fit=fit, total=n + math.exp(t))

    centre = math.log(fit.unseen)
    step = max(math.sqrt(fit.var_intercept), 1e-3)
    # Golden-section-free refinement: a few parabolic steps on the smooth profile.
    for _ in range(3):
        left, mid, right = (
            loglik(centre - step / 4),
            loglik(centre),
            loglik(centre + step / 4),
        )
        curvature = left - 2 * mid + right
        if curvature >= 0:
            break
        centre -= (step / 4) * (right - left) / (2 * curvature)
    top = loglik(centre)

    def excess(t: float) -> float:
        return top - loglik(t) - cutoff

    bounds: list[float] = []
    for direction in (-1.0, 1.0):
        distance = 2.0 * step
        edge = centre + direction * distance
        while excess(edge) < 0:
            distance *= 2.0
            edge = centre + direction * distance
            if direction > 0 and math.exp(edge) > _MAX_RATIO * max(n, 1.0):
                edge = math.nan
                break
            if direction < 0 and math.exp(edge) < 1e-8:
                edge = -math.inf
                break
        if math.isnan(edge):
            bounds.append(math.inf)
        elif math.isinf(edge):
            bounds.append(n)
        else:
            low, high = sorted((centre, edge))
            bounds.append(n + math.exp(brentq(excess, low, high, xtol=1e-10)))
    return Interval("profile", level, bounds[0], bounds[1])
