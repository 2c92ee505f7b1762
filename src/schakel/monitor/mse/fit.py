"""Fitting Poisson log-linear models to a capture table.

The reference engine is statsmodels' GLM (Poisson family, log link), fitted on the
observable cells, zeros included. For the thousands of fits inside model selection, the
bootstrap and profile likelihood a lean iteratively reweighted least squares loop
(McCullagh & Nelder 1989, *Generalized Linear Models*, §2.5; the algorithm R's glm.fit
uses, with its deviance convergence test) avoids statsmodels' per-call overhead of a few
milliseconds; tests check both engines agree to 1e-8.

The estimate is N = n + exp(β0) (Cormack 1989). Its standard error follows Rcapture
(Baillargeon & Rivest 2007): Var(N) = exp(β0) + exp(2 β0) Var(β0), the first term being
the Poisson variability of the unseen count itself.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.special import gammaln

from .existence import Existence, check_existence
from .model import ModelSpec, design_matrix, parse_terms
from .table import CaptureTable, all_patterns

Engine = Literal["statsmodels", "irls"]


class FitError(RuntimeError):
    """The iterative fit did not converge although the existence check passed."""


@dataclass(frozen=True)
class IrlsResult:
    """Coefficients, fitted means, log-likelihood and covariance of one IRLS fit."""

    coefficients: NDArray[np.float64]
    fitted: NDArray[np.float64]
    loglik: float
    covariance: NDArray[np.float64]
    iterations: int


def poisson_loglik(*, counts: NDArray[np.float64], fitted: NDArray[np.float64]) -> float:
    """Poisson log-likelihood with the log(y!) constant, as R and statsmodels report it."""
    safe = np.where(fitted > 0, fitted, 1.0)
    return float(np.sum(counts * np.log(safe) - fitted - gammaln(counts + 1.0)))


def irls_poisson(
    *,
    design: NDArray[np.float64],
    counts: NDArray[np.float64],
    offset: NDArray[np.float64] | float = 0.0,
    tolerance: float = 1e-12,
    max_iterations: int = 100,
) -> IrlsResult:
    """Fit a Poisson log-linear GLM by IRLS, started like R's glm (μ = y + 0.1).

    Convergence is declared when the relative change in deviance drops below
    ``tolerance`` (R uses 1e-8; we go further because N amplifies errors in β0).
    """
    y = counts
    mu: NDArray[np.float64] = y + 0.1
    eta: NDArray[np.float64] = np.log(mu)
    deviance_old = math.inf
    beta = np.zeros(design.shape[1])
    for iteration in range(1, max_iterations + 1):  # noqa: B007 (returned after the loop)
        working = eta - offset + (y - mu) / mu
        weighted = design.T * mu
        information = weighted @ design
        beta_new = np.linalg.solve(information, weighted @ working)
        eta_new = design @ beta_new + offset
        # Halve the step when it overshoots into overflow, as glm.fit does.
        halvings = 0
        while not np.all(np.isfinite(eta_new)) or np.max(eta_new) > 700.0:
            halvings += 1
            if halvings > 30:
                raise FitError("IRLS diverged")
            beta_new = (beta + beta_new) / 2.0
            eta_new = design @ beta_new + offset
        beta, eta = np.asarray(beta_new, dtype=np.float64), eta_new
        mu = np.exp(eta).astype(np.float64)
        positive = y > 0
        deviance = 2.0 * float(
            np.sum(y[positive] * np.log(y[positive] / mu[positive])) - np.sum(y - mu)
        )
        if abs(deviance - deviance_old) / (abs(deviance) + 0.1) < tolerance:
            break
        deviance_old = deviance
    else:
        raise FitError(f"IRLS did not converge in {max_iterations} iterations")
    covariance = np.asarray(np.linalg.inv((design.T * mu) @ design), dtype=np.float64)
    return IrlsResult(beta, mu, poisson_loglik(counts=y, fitted=mu), covariance, iteration)


def _basis_columns(*, design: NDArray[np.float64]) -> list[int]:
    """Greedy maximal set of independent columns, intercept first.

    On the facial set some columns can be all zero or dependent; dropping them leaves
    the fitted means, and the identified intercept, unchanged.
    """
    chosen: list[int] = []
    rank = 0
    for column in range(design.shape[1]):
        trial = [*chosen, column]
        trial_rank = int(np.linalg.matrix_rank(design[:, trial]))
        if trial_rank > rank:
            chosen, rank = trial, trial_rank
    return chosen


@lru_cache(maxsize=4096)
def _design_rank(*, spec: ModelSpec, n_lists: int) -> int:
    """Rank of a model's design on all observable cells (cached: it ignores the counts)."""
    return int(
        np.linalg.matrix_rank(design_matrix(patterns=all_patterns(n_lists=n_lists), spec=spec))
    )


@dataclass(frozen=True)
class ModelFit:
    """A fitted model with its estimate of N; ``status`` tells whether it exists."""

    spec: ModelSpec
    lists: tuple[str, ...]
    existence: Existence
    n_observed: int
    terms: tuple[str, ...]
    coefficients: dict[str, float]
    std_errors: dict[str, float]
    unseen: float
    var_intercept: float
    loglik: float
    n_parameters: int
    n_cells: int
    fitted: NDArray[np.float64]
    engine: Engine

    @property
    def ok(self) -> bool:
        """True when the estimate exists and is unique."""
        return self.existence.ok

    @property
    def estimate(self) -> float:
        """N = observed + exp(β0); NaN when the estimate does not exist."""
        return self.n_observed + self.unseen if self.ok else math.nan

    @property
    def std_error(self) -> float:
        """Standard error of N (Rcapture's formula), NaN when the estimate does not exist."""
        if not self.ok:
            return math.nan
        return math.sqrt(self.unseen + self.unseen**2 * self.var_intercept)

    @property
    def aic(self) -> float:
        """AIC = -2 loglik + 2 p, p the number of free parameters (R's glm convention)."""
        return -2.0 * self.loglik + 2.0 * self.n_parameters if self.ok else math.nan

    @property
    def bic(self) -> float:
        """BIC = -2 loglik + p log(number of observable cells), as R's BIC on a glm."""
        if not self.ok:
            return math.nan
        return -2.0 * self.loglik + self.n_parameters * math.log(self.n_cells)

    def describe(self) -> str:
        """The model's terms in words."""
        return self.spec.describe(lists=self.lists)


def _failed_fit(
    *, table: CaptureTable, spec: ModelSpec, existence: Existence, engine: Engine
) -> ModelFit:
    terms = tuple(spec.term_names(lists=table.lists))
    return ModelFit(
        spec=spec,
        lists=table.lists,
        existence=existence,
        n_observed=table.n_observed,
        terms=terms,
        coefficients={},
        std_errors={},
        unseen=math.nan,
        var_intercept=math.nan,
        loglik=math.nan,
        n_parameters=existence.n_parameters,
        n_cells=len(table.counts),
        fitted=np.full(len(table.counts), math.nan),
        engine=engine,
    )


def _fit_statsmodels(
    *, design: NDArray[np.float64], counts: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float]:
    """Coefficients, covariance, fitted means and log-likelihood from statsmodels' GLM."""
    # Imported here: statsmodels takes seconds to import, and bootstrap workers and the
    # selection search only use the IRLS engine.
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        # Existence was checked before; saturated fits on the facial set make statsmodels
        # warn about separation and a zero residual df, which is expected.
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        result = sm.GLM(counts, design, family=sm.families.Poisson()).fit(tol=1e-12, maxiter=100)
    return (
        np.asarray(result.params, dtype=np.float64),
        np.asarray(result.cov_params(), dtype=np.float64),
        np.asarray(result.fittedvalues, dtype=np.float64),
        float(result.llf),
    )


def fit_model(
    *,
    table: CaptureTable,
    spec: ModelSpec,
    engine: Engine = "statsmodels",
    existence: Existence | None = None,
) -> ModelFit:
    """Check existence, then fit ``spec`` to ``table`` on the facial set of cells.

    When the estimate does not exist or is not identifiable the result carries that
    status and NaN estimates instead of letting the optimiser run off to infinity.
    """
    design = design_matrix(patterns=table.patterns, spec=spec)
    counts = table.counts
    if existence is None:
        existence = check_existence(design=design, counts=counts)
    if not existence.ok:
        return _failed_fit(table=table, spec=spec, existence=existence, engine=engine)
    facial = existence.facial
    names = spec.term_names(lists=table.lists)
    sub_design = design[facial]
    if existence.rank == design.shape[1]:
        basis = list(range(design.shape[1]))
    else:
        nonzero = [j for j in range(design.shape[1]) if np.any(sub_design[:, j] != 0)]
        # Common case: only columns that vanish on the facial set are dropped.
        basis = nonzero if len(nonzero) == existence.rank else _basis_columns(design=sub_design)
    sub_design = sub_design[:, basis]
    sub_counts = counts[facial]
    irls: IrlsResult | None = None
    if engine == "irls":
        try:
            irls = irls_poisson(design=sub_design, counts=sub_counts)
        except (FitError, np.linalg.LinAlgError):
            # Not seen on any table or replicate so far; should it happen, statsmodels'
            # safeguarded fit takes over rather than aborting a whole bootstrap.
            engine = "statsmodels"
    if irls is None:
        beta, covariance, sub_fitted, loglik = _fit_statsmodels(
            design=sub_design, counts=sub_counts
        )
    else:
        beta, covariance, sub_fitted, loglik = (
            irls.coefficients,
            irls.covariance,
            irls.fitted,
            irls.loglik,
        )
    # AIC counts every parameter of the model, also those pushed to -inf on the facial
    # set, as R's glm would (its huge negative estimates still count): an empty overlap
    # must not lower the AIC for free.
    n_parameters = (
        design.shape[1]
        if existence.rank == design.shape[1]
        else _design_rank(spec=spec, n_lists=table.n_lists)
    )
    fitted = np.zeros(len(counts))
    fitted[facial] = sub_fitted
    std = np.sqrt(np.diag(covariance))
    # Columns dropped on the facial set are reported as NaN: not estimated.
    coefficients = {name: math.nan for name in names[1:]}
    std_errors = {name: math.nan for name in names}
    for position, column in enumerate(basis):
        coefficients[names[column]] = float(beta[position])
        std_errors[names[column]] = float(std[position])
    return ModelFit(
        spec=spec,
        lists=table.lists,
        existence=existence,
        n_observed=table.n_observed,
        terms=tuple(names),
        coefficients={"(Intercept)": float(beta[0]), **coefficients},
        std_errors=std_errors,
        unseen=float(math.exp(beta[0])),
        var_intercept=float(covariance[0, 0]),
        loglik=loglik,
        n_parameters=n_parameters,
        n_cells=len(counts),
        fitted=fitted,
        engine=engine,
    )


def fit_terms(
    *, table: CaptureTable, terms: Sequence[str], engine: Engine = "statsmodels"
) -> ModelFit:
    """Convenience: fit main effects plus R-style interactions such as ``"LA:NG"``."""
    return fit_model(table=table, spec=parse_terms(terms=terms, lists=table.lists), engine=engine)
