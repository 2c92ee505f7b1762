"""One call from a capture table to an estimate that explains itself.

:func:`estimate` selects (or takes) a model, refits it with statsmodels' GLM, computes the
intervals and collects warnings; :class:`MSEResult` carries the rule used, the chosen
terms, the selection path, every candidate model considered and the warnings, and turns
into JSON (:meth:`MSEResult.to_dict`) or plain text (:meth:`MSEResult.summary`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .bootstrap import BootstrapResult, bootstrap
from .fit import ModelFit, fit_model
from .intervals import Interval, lognormal_interval, normal_interval, profile_interval
from .model import ModelSpec, all_pairs, parse_terms
from .selection import select
from .steps import Candidate, RuleName, Selection, Step
from .table import CaptureTable

FEW_RECORDS = 10
WIDE_RATIO = 2.0


@dataclass(frozen=True)
class MSEResult:
    """Everything a reader needs to judge an estimate of the total number of persons."""

    label: str
    lists: tuple[str, ...]
    n_observed: int
    rule: RuleName
    rule_description: str
    model: str
    terms: tuple[str, ...]
    estimate: float
    std_error: float
    intervals: tuple[Interval, ...]
    path: tuple[Step, ...]
    candidates: tuple[Candidate, ...]
    warnings: tuple[str, ...]
    fit: ModelFit = field(repr=False)
    bootstrap: BootstrapResult | None = field(default=None, repr=False)

    @property
    def dark_number(self) -> float:
        """Estimated number of persons seen by no list (N - n)."""
        return self.estimate - self.n_observed

    @property
    def observed_ratio(self) -> float:
        """Share of the estimated total that was observed (n / N)."""
        return self.n_observed / self.estimate if self.estimate > 0 else math.nan

    def interval(self, *, method: str, level: float = 0.95) -> Interval:
        """The interval of a given method and level (e.g. ``profile``, 0.80)."""
        for interval in self.intervals:
            if interval.method == method and math.isclose(interval.level, level):
                return interval
        raise KeyError(f"no {method} interval at level {level}")

    def to_dict(self, *, max_candidates: int = 200) -> dict[str, object]:
        """JSON-ready form; NaN becomes None so ``json.dumps`` output is strict JSON."""

        def clean(value: object) -> object:
            if isinstance(value, float) and not math.isfinite(value):
                return None if math.isnan(value) else ("inf" if value > 0 else "-inf")
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [clean(v) for v in value]
            return value

        data: dict[str, object] = {
            "label": self.label,
            "lists": list(self.lists),
            "n_observed": self.n_observed,
            "rule": self.rule,
            "rule_description": self.rule_description,
            "model": self.model,
            "terms": list(self.terms),
            "estimate": self.estimate,
            "std_error": self.std_error,
            "dark_number": self.dark_number,
            "observed_ratio": self.observed_ratio,
            "status": self.fit.existence.status,
            "intervals": [i.as_dict() for i in self.intervals],
            "coefficients": self.fit.coefficients,
            "std_errors": self.fit.std_errors,
            "aic": self.fit.aic,
            "bic": self.fit.bic,
            "path": [step.__dict__ for step in self.path],
            "candidates": [c.as_dict() for c in self.candidates[:max_candidates]],
            "n_candidates": len(self.candidates),
            "warnings": list(self.warnings),
            "bootstrap": self.bootstrap.as_dict() if self.bootstrap else None,
        }
        return {key: clean(value) for key, value in data.items()}

    def summary(self) -> str:
        """A plain-text report: estimate, intervals, model, path and warnings."""
        lines = [
            (
                f"{self.label or 'table'}: {len(self.lists)} lists ({', '.join(self.lists)}), "
                f"{self.n_observed} persons observed"
            ),
            f"rule: {self.rule_description}",
            f"model: {self.model}",
        ]
        if math.isfinite(self.estimate):
            lines.append(
                f"estimate N = {self.estimate:,.1f} (s.e. {self.std_error:,.1f}); dark number "
                f"{self.dark_number:,.1f}; observed share {self.observed_ratio:.1%}"
            )
        else:
            lines.append(f"no estimate: {self.fit.existence.message}")
        lines += [
            f"  {i.method:<22} {i.level:.0%}: {i.lower:,.1f} - {i.upper:,.1f}"
            for i in self.intervals
        ]
        lines.append("selection path:")
        lines += [
            f"  {s.number:>2} {s.added or '-':<14} AIC {s.aic:9.2f}  N {s.estimate:11,.1f}"
            f"  {s.note}"
            for s in self.path
        ]
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def _warnings(
    *,
    table: CaptureTable,
    selection: Selection,
    intervals: Sequence[Interval],
    few: int,
) -> list[str]:
    notes: list[str] = []
    empty = [
        f"{table.lists[a]}:{table.lists[b]}"
        for a, b in all_pairs(n_lists=table.n_lists)
        if table.overlap(first=a, second=b) == 0
    ]
    if empty:
        notes.append(f"empty overlaps (no person on both lists): {', '.join(empty)}")
    small = [f"{name} ({total})" for name, total in table.list_totals().items() if total < few]
    if small:
        notes.append(f"lists with fewer than {few} persons: {', '.join(small)}")
    fit = selection.fit
    if not fit.ok:
        notes.append(f"the chosen model has no estimate: {fit.existence.message}")
    elif fit.existence.message:
        notes.append(fit.existence.message)
    failed = sum(1 for c in selection.candidates if c.status != "ok")
    if failed:
        notes.append(
            f"{failed} candidate model(s) had no estimate (non-existence or not identifiable) "
            "and were skipped"
        )
    notes += [
        f"very wide {i.method} interval: upper/lower = {i.upper / i.lower:.1f}"
        for i in intervals
        if i.level >= 0.95 and i.lower > 0 and i.upper / i.lower > WIDE_RATIO
    ]
    return notes


def estimate(
    table: CaptureTable,
    *,
    rule: RuleName = "sparse",
    threshold: float | None = None,
    model: ModelSpec | Sequence[str] | None = None,
    levels: Sequence[float] = (0.95, 0.80),
    n_boot: int = 0,
    seed: int = 20240101,
    workers: int = 1,
    profile: bool = True,
    few_records: int = FEW_RECORDS,
) -> MSEResult:
    """Estimate the total number of persons from ``table``.

    ``rule`` picks the selection rule (``sparse``, ``uk``, ``all-aic``, ``all-bic``,
    ``main``); passing ``model`` (a spec, or interaction names like ``["LA:NG"]``) fixes
    the model instead and the rule becomes ``fixed``. ``n_boot`` > 0 adds the
    model-selection bootstrap (percentile and BCa) at the first level.
    """
    spec: ModelSpec | None = None
    if model is not None:
        spec = (
            model if isinstance(model, ModelSpec) else parse_terms(terms=model, lists=table.lists)
        )
        rule = "fixed"
    selection = select(table=table, rule=rule, threshold=threshold, spec=spec)
    # Report the model as statsmodels fits it; the fast engine only served the search.
    fit = fit_model(
        table=table,
        spec=selection.fit.spec,
        engine="statsmodels",
        existence=selection.fit.existence,
    )
    notes: list[str] = []
    if fit.ok and not math.isclose(fit.estimate, selection.fit.estimate, rel_tol=1e-6):
        notes.append(
            f"engines disagree: statsmodels {fit.estimate:.6g} vs IRLS {selection.fit.estimate:.6g}"
        )
    intervals: list[Interval] = []
    for level in levels:
        intervals.append(lognormal_interval(fit=fit, level=level))
        if profile:
            intervals.append(profile_interval(table=table, fit=fit, level=level))
    if levels:
        intervals.append(normal_interval(fit=fit, level=levels[0]))
    boot: BootstrapResult | None = None
    if n_boot > 0 and fit.ok:
        boot = bootstrap(
            table=table,
            rule=selection.rule,
            point=fit.estimate,
            threshold=threshold,
            n_boot=n_boot,
            seed=seed,
            level=levels[0] if levels else 0.95,
            workers=workers,
            spec=spec,
        )
        intervals += [boot.percentile, boot.bca]
        if boot.n_failed:
            notes.append(
                f"{boot.n_failed} of {n_boot} bootstrap replicates had no estimate "
                "and were left out"
            )
    notes = (
        _warnings(table=table, selection=selection, intervals=intervals, few=few_records) + notes
    )
    lists = table.lists
    terms = tuple(f"{lists[a]}:{lists[b]}" for a, b in fit.spec.interactions)
    return MSEResult(
        label=table.label,
        lists=lists,
        n_observed=table.n_observed,
        rule=selection.rule,
        rule_description=selection.description,
        model=fit.describe(),
        terms=terms,
        estimate=fit.estimate,
        std_error=fit.std_error,
        intervals=tuple(intervals),
        path=selection.path,
        candidates=selection.candidates,
        warnings=tuple(notes),
        fit=fit,
        bootstrap=boot,
    )


def estimate_strata(
    tables: Mapping[str, CaptureTable],
    *,
    rule: RuleName = "sparse",
    threshold: float | None = None,
    levels: Sequence[float] = (0.95, 0.80),
    n_boot: int = 0,
    seed: int = 20240101,
    workers: int = 1,
    profile: bool = True,
) -> dict[str, MSEResult]:
    """:func:`estimate` on every stratum's table with the same options, in key order.

    Each stratum is selected separately, so strata may end up with different models;
    the rule is the same and is reported with each result.
    """
    return {
        key: estimate(
            tables[key],
            rule=rule,
            threshold=threshold,
            levels=levels,
            n_boot=n_boot,
            seed=seed,
            workers=workers,
            profile=profile,
        )
        for key in sorted(tables)
    }
