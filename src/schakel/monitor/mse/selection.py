"""Model selection rules for two-list interactions.

* ``uk`` — forward selection by AIC with a Wald stop, the rule of Silverman (2014),
  "The Modern Slavery strategic assessment: estimating the dark figure" (Home Office) and
  Bales, Hesketh & Silverman (2015, Significance 12(3)): starting from main effects, add
  the interaction giving the lowest AIC; stop when no interaction lowers the AIC or when
  the newly added term's two-sided Wald p-value exceeds ``threshold`` (0.05).
* ``sparse`` — the stepwise rule of SparseMSE (Chan, Silverman & Vincent 2021, JASA 116):
  for every pair not yet in the model compare the observed overlap O (persons on both
  lists, whatever their other lists) with its fitted expectation E by the one-sided
  Poisson p-value in the direction observed, min(P(X <= O), P(X >= O)) with
  X ~ Poisson(E); add the most significant pair while p < ``threshold`` (0.02), skipping
  pairs whose model fails the existence/identifiability check.
* ``all-aic`` / ``all-bic`` — every model with all main effects and any subset of the
  two-list interactions (all are hierarchical), ranked by AIC or BIC; K <= 6.

Every rule returns a :class:`Selection` with the path it took and every model it fitted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from itertools import combinations
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtr, pdtr, pdtrc

from .fit import Engine, ModelFit, fit_model
from .model import ModelSpec, Pair, all_pairs
from .steps import (
    MAX_LISTS_EXHAUSTIVE,
    Candidate,
    RuleName,
    Selection,
    Step,
    candidate_row,
    describe_rule,
)
from .table import CaptureTable, all_patterns


def _pair_name(*, table: CaptureTable, pair: Pair) -> str:
    return f"{table.lists[pair[0]]}:{table.lists[pair[1]]}"


def _wald_p(*, fit: ModelFit, term: str) -> float:
    """Two-sided Wald p-value; 1 for a term pushed to -inf (its overlap is empty)."""
    estimate = fit.coefficients.get(term, math.nan)
    error = fit.std_errors.get(term, math.nan)
    if math.isnan(estimate) or math.isnan(error) or error <= 0:
        return 1.0
    return float(2.0 * ndtr(-abs(estimate / error)))


def forward_aic(
    *,
    table: CaptureTable,
    threshold: float = 0.05,
    engine: Engine = "irls",
    record: bool = True,
    start: ModelSpec | None = None,
) -> Selection:
    """Silverman's UK rule: forward AIC with a Wald p-value stop (see module docstring)."""
    spec = start if start is not None else ModelSpec()
    current = fit_model(table=table, spec=spec, engine=engine)
    candidates: list[Candidate] = [candidate_row(step=0, fit=current)] if record else []
    path = [
        Step(
            0,
            None,
            current.describe(),
            current.estimate,
            current.aic,
            math.nan,
            "start",
        )
    ]
    step = 0
    while current.ok:
        step += 1
        best: tuple[ModelFit, Pair] | None = None
        for pair in all_pairs(n_lists=table.n_lists):
            if pair in current.spec.interactions:
                continue
            trial = fit_model(
                table=table,
                spec=current.spec.with_interaction(pair=pair),
                engine=engine,
            )
            if record:
                candidates.append(candidate_row(step=step, fit=trial))
            if trial.ok and (best is None or trial.aic < best[0].aic):
                best = (trial, pair)
        if best is None:
            path.append(
                Step(
                    step,
                    None,
                    current.describe(),
                    current.estimate,
                    current.aic,
                    math.nan,
                    "no candidate left",
                )
            )
            break
        trial, pair = best
        name = _pair_name(table=table, pair=pair)
        if trial.aic >= current.aic:
            note = (
                f"stop: best candidate {name} does not lower the AIC "
                f"({trial.aic:.2f} >= {current.aic:.2f})"
            )
            path.append(
                Step(
                    step,
                    None,
                    current.describe(),
                    current.estimate,
                    current.aic,
                    math.nan,
                    note,
                )
            )
            break
        p_value = _wald_p(fit=trial, term=name)
        if p_value > threshold:
            note = f"stop: best candidate {name} has Wald p = {p_value:.3g} > {threshold:g}"
            path.append(
                Step(
                    step,
                    None,
                    current.describe(),
                    current.estimate,
                    current.aic,
                    p_value,
                    note,
                )
            )
            break
        current = trial
        path.append(
            Step(
                step,
                name,
                current.describe(),
                current.estimate,
                current.aic,
                p_value,
                "added",
            )
        )
    return Selection(
        "uk",
        describe_rule(rule="uk", threshold=threshold),
        current,
        tuple(path),
        tuple(candidates),
    )


@lru_cache(maxsize=16)
def _pair_indicators(n_lists: int) -> NDArray[np.float64]:
    """Cells x pairs matrix: 1 where a cell's persons are on both lists of the pair."""
    bits = all_patterns(n_lists=n_lists).astype(np.float64)
    pairs = all_pairs(n_lists=n_lists)
    return np.column_stack([bits[:, a] * bits[:, b] for a, b in pairs])


def overlap_p_values(*, table: CaptureTable, fit: ModelFit) -> dict[Pair, float]:
    """One-sided Poisson p-value (smaller tail) of every pair's overlap against the fit."""
    indicators = _pair_indicators(table.n_lists)
    observed = indicators.T @ table.counts
    expected = indicators.T @ fit.fitted
    # The smaller tail: an overlap far below its expectation (lists avoiding each other)
    # is as informative as one far above it. pdtr(k, m) = P(X <= k), pdtrc(k, m) = P(X > k);
    # the ufuncs avoid scipy.stats' per-call overhead inside the bootstrap.
    lower = pdtr(observed, expected)
    upper = np.where(observed > 0, pdtrc(np.maximum(observed - 1.0, 0.0), expected), 1.0)
    p_all = np.minimum(lower, upper)
    included = set(fit.spec.interactions)
    return {
        pair: float(p_all[i])
        for i, pair in enumerate(all_pairs(n_lists=table.n_lists))
        if pair not in included
    }


def sparse_stepwise(
    *,
    table: CaptureTable,
    threshold: float = 0.02,
    engine: Engine = "irls",
    record: bool = True,
) -> Selection:
    """SparseMSE's stepwise rule (see module docstring)."""
    current = fit_model(table=table, spec=ModelSpec(), engine=engine)
    candidates: list[Candidate] = [candidate_row(step=0, fit=current)] if record else []
    path = [
        Step(
            0,
            None,
            current.describe(),
            current.estimate,
            current.aic,
            math.nan,
            "start",
        )
    ]
    step = 0
    while current.ok:
        step += 1
        p_values = overlap_p_values(table=table, fit=current)
        added = False
        skipped: list[str] = []
        ordered = sorted(p_values.items(), key=lambda item: item[1])
        trials: dict[Pair, ModelFit] = {}
        if record:
            # For the report, fit every candidate of this step, not only the one taken.
            for pair, p_value in ordered:
                trials[pair] = fit_model(
                    table=table,
                    spec=current.spec.with_interaction(pair=pair),
                    engine=engine,
                )
                candidates.append(candidate_row(step=step, fit=trials[pair], statistic=p_value))
        for pair, p_value in ordered:
            if p_value >= threshold:
                break
            trial = trials.get(pair) or fit_model(
                table=table,
                spec=current.spec.with_interaction(pair=pair),
                engine=engine,
            )
            name = _pair_name(table=table, pair=pair)
            if not trial.ok:
                skipped.append(f"{name} ({trial.existence.status})")
                continue
            current = trial
            note = "added" + (f"; skipped {', '.join(skipped)}" if skipped else "")
            path.append(
                Step(
                    step,
                    name,
                    current.describe(),
                    current.estimate,
                    current.aic,
                    p_value,
                    note,
                )
            )
            added = True
            break
        if not added:
            smallest = min(p_values.values(), default=math.nan)
            note = f"stop: no admissible pair with p < {threshold:g} (smallest p = {smallest:.3g})"
            if skipped:
                note += f"; skipped {', '.join(skipped)}"
            path.append(
                Step(
                    step,
                    None,
                    current.describe(),
                    current.estimate,
                    current.aic,
                    smallest,
                    note,
                )
            )
            break
    return Selection(
        "sparse",
        describe_rule(rule="sparse", threshold=threshold),
        current,
        tuple(path),
        tuple(candidates),
    )


def all_two_way(
    *,
    table: CaptureTable,
    criterion: Literal["aic", "bic"] = "aic",
    engine: Engine = "irls",
    record: bool = True,
) -> Selection:
    """Fit every main-effects-plus-interactions model and keep the best by AIC or BIC."""
    if table.n_lists > MAX_LISTS_EXHAUSTIVE:
        raise ValueError(
            f"exhaustive search is limited to {MAX_LISTS_EXHAUSTIVE} lists "
            f"(2^{table.n_lists * (table.n_lists - 1) // 2} models for {table.n_lists})"
        )
    rule: RuleName = "all-aic" if criterion == "aic" else "all-bic"
    score: Callable[[ModelFit], float] = (
        (lambda f: f.aic) if criterion == "aic" else (lambda f: f.bic)
    )
    pairs = all_pairs(n_lists=table.n_lists)
    best: ModelFit | None = None
    candidates: list[Candidate] = []
    n_failed = 0
    for size in range(len(pairs) + 1):
        for subset in combinations(pairs, size):
            trial = fit_model(table=table, spec=ModelSpec(interactions=subset), engine=engine)
            if record:
                candidates.append(candidate_row(step=size, fit=trial))
            if not trial.ok:
                n_failed += 1
                continue
            if best is None or score(trial) < score(best):
                best = trial
    if best is None:
        raise ValueError("no model with two-list interactions has an estimate for this table")
    note = f"best of {2 ** len(pairs)} models by {criterion.upper()}; {n_failed} had no estimate"
    path = (Step(0, None, best.describe(), best.estimate, best.aic, score(best), note),)
    ordered = sorted(
        candidates,
        key=lambda c: (math.isnan(c.aic), c.aic if criterion == "aic" else c.bic),
    )
    return Selection(rule, describe_rule(rule=rule), best, path, tuple(ordered))


def select(
    *,
    table: CaptureTable,
    rule: RuleName,
    threshold: float | None = None,
    engine: Engine = "irls",
    record: bool = True,
    spec: ModelSpec | None = None,
) -> Selection:
    """Dispatch to a rule by name (``uk``, ``sparse``, ``all-aic``, ``all-bic``, ``main``,
    or ``fixed`` with ``spec``)."""
    if rule == "uk":
        return forward_aic(
            table=table,
            threshold=0.05 if threshold is None else threshold,
            engine=engine,
            record=record,
        )
    if rule == "sparse":
        return sparse_stepwise(
            table=table,
            threshold=0.02 if threshold is None else threshold,
            engine=engine,
            record=record,
        )
    if rule in ("all-aic", "all-bic"):
        return all_two_way(
            table=table,
            criterion="aic" if rule == "all-aic" else "bic",
            engine=engine,
            record=record,
        )
    if rule in ("main", "fixed"):
        if rule == "fixed" and spec is None:
            raise ValueError("rule 'fixed' needs a model spec")
        chosen = ModelSpec() if rule == "main" or spec is None else spec
        fit = fit_model(table=table, spec=chosen, engine=engine)
        step = Step(0, None, fit.describe(), fit.estimate, fit.aic, math.nan, "fixed")
        return Selection(
            rule,
            describe_rule(rule=rule),
            fit,
            (step,),
            (candidate_row(step=0, fit=fit),),
        )
    raise ValueError(f"unknown rule {rule!r}; use uk, sparse, all-aic, all-bic, main or fixed")


def selected_terms(selection: Selection) -> list[str]:
    """Names of the interactions in the chosen model."""
    lists = selection.fit.lists
    return [f"{lists[a]}:{lists[b]}" for a, b in selection.fit.spec.interactions]


__all__ = [
    "Candidate",
    "RuleName",
    "Selection",
    "Step",
    "all_two_way",
    "forward_aic",
    "overlap_p_values",
    "select",
    "selected_terms",
    "sparse_stepwise",
]
