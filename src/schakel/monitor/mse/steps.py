"""The record of a model selection: rule descriptions, steps and candidate rows.

Kept apart from the rules themselves so that every rule (stepwise, forward, exhaustive)
reports in the same shape, and a reader always sees which rule chose the model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from .fit import ModelFit
from .intervals import lognormal_interval

RuleName = Literal["uk", "sparse", "all-aic", "all-bic", "main", "fixed"]
MAX_LISTS_EXHAUSTIVE = 6


@dataclass(frozen=True)
class Candidate:
    """One model fitted during selection, as a row of the candidates table."""

    step: int
    terms: str
    status: str
    aic: float
    bic: float
    estimate: float
    std_error: float
    statistic: float
    lower: float = math.nan
    upper: float = math.nan

    def as_dict(self) -> dict[str, float | int | str]:
        """JSON-ready form."""
        return {
            "step": self.step,
            "terms": self.terms,
            "status": self.status,
            "aic": self.aic,
            "bic": self.bic,
            "estimate": self.estimate,
            "std_error": self.std_error,
            "statistic": self.statistic,
            "lower": self.lower,
            "upper": self.upper,
        }


@dataclass(frozen=True)
class Step:
    """One step of a selection path: the term added (None at the start) and why."""

    number: int
    added: str | None
    model: str
    estimate: float
    aic: float
    statistic: float
    note: str


@dataclass(frozen=True)
class Selection:
    """The chosen model, the rule that chose it and how."""

    rule: RuleName
    description: str
    fit: ModelFit
    path: tuple[Step, ...]
    candidates: tuple[Candidate, ...] = field(default=())


def describe_rule(*, rule: RuleName, threshold: float | None = None) -> str:
    """The rule in words, with its parameter, as reported with every result."""
    if rule == "uk":
        limit = 0.05 if threshold is None else threshold
        return (
            "forward selection of two-list interactions by AIC, stopping when no term lowers "
            f"the AIC or the added term's Wald p-value exceeds {limit:g} (Silverman 2014)"
        )
    if rule == "sparse":
        limit = 0.02 if threshold is None else threshold
        return (
            "SparseMSE stepwise: add the pair whose observed overlap is most significant "
            f"against the fitted overlap (one-sided Poisson p < {limit:g}), skipping models "
            "whose estimate does not exist (Chan, Silverman & Vincent 2021)"
        )
    if rule in ("all-aic", "all-bic"):
        return (
            "all models with main effects and any two-list interactions, "
            f"ranked by {rule[4:].upper()}"
        )
    if rule == "main":
        return "main effects only (independence of lists)"
    return "model fixed by the user"


def candidate_row(*, step: int, fit: ModelFit, statistic: float = math.nan) -> Candidate:
    """A candidates-table row; ``lower``/``upper`` are the 95% log-normal interval."""
    interval = lognormal_interval(fit=fit, level=0.95)
    return Candidate(
        step=step,
        terms=fit.describe(),
        status=fit.existence.status,
        aic=fit.aic,
        bic=fit.bic,
        estimate=fit.estimate,
        std_error=fit.std_error,
        statistic=statistic,
        lower=interval.lower,
        upper=interval.upper,
    )
