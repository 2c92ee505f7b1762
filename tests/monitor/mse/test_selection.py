"""Selection rules: paths, reported rule, exhaustive search."""

from __future__ import annotations

import math

import pytest
from scipy.stats import poisson

from schakel.monitor.mse import (
    CaptureTable,
    ModelSpec,
    all_two_way,
    fit_model,
    forward_aic,
    select,
    sparse_stepwise,
)
from schakel.monitor.mse.selection import overlap_p_values, selected_terms


def test_sparse_path_on_ukdat(tables: dict[str, CaptureTable]) -> None:
    selection = sparse_stepwise(table=tables["UKdat"])
    added = [step.added for step in selection.path if step.added]
    assert added == ["PF:NCA", "LA:NG", "NG:GP", "LA:PF", "PF:GP", "GO:GP", "NG:GO"]
    assert all(step.statistic < 0.02 for step in selection.path[1:-1])
    assert selection.path[-1].note.startswith("stop")


def test_uk_rule_on_ukdat_agrees_with_sparse(tables: dict[str, CaptureTable]) -> None:
    uk = forward_aic(table=tables["UKdat"])
    assert uk.fit.estimate == pytest.approx(11418, abs=0.5)
    assert "Wald p = 1" in uk.path[-1].note
    # Every step lowered the AIC.
    aics = [step.aic for step in uk.path[:-1]]
    assert aics == sorted(aics, reverse=True)


def test_threshold_changes_stop(tables: dict[str, CaptureTable]) -> None:
    strict = sparse_stepwise(table=tables["UKdat"], threshold=1e-6)
    assert selected_terms(strict) == ["PF:NCA", "LA:NG"] or len(selected_terms(strict)) <= 2
    assert "1e-06" in strict.description


def test_overlap_p_values_are_two_tailed_minimum(
    tables: dict[str, CaptureTable],
) -> None:
    table = tables["UKdat_5"]
    fit = fit_model(table=table, spec=ModelSpec(), engine="irls")
    p_values = overlap_p_values(table=table, fit=fit)
    assert len(p_values) == 10
    both = (table.patterns[:, 1] == 1) & (table.patterns[:, 3] == 1)
    observed, expected = table.counts[both].sum(), fit.fitted[both].sum()
    tails = (poisson.cdf(observed, expected), poisson.sf(observed - 1, expected))
    assert p_values[(1, 3)] == pytest.approx(min(tails), rel=1e-10)
    assert min(p_values, key=lambda pair: p_values[pair]) == (0, 1)


def test_all_two_way_on_kosovo(tables: dict[str, CaptureTable]) -> None:
    selection = all_two_way(table=tables["Kosovo"], criterion="aic")
    assert len(selection.candidates) == 2**6
    finite = [c.aic for c in selection.candidates if not math.isnan(c.aic)]
    assert selection.fit.aic == pytest.approx(min(finite))
    assert selection.candidates[0].aic == pytest.approx(min(finite))
    bic = all_two_way(table=tables["Kosovo"], criterion="bic")
    assert bic.rule == "all-bic"
    assert len(bic.fit.spec.interactions) <= len(selection.fit.spec.interactions)


def test_all_two_way_refuses_many_lists(tables: dict[str, CaptureTable]) -> None:
    with pytest.raises(ValueError, match="limited to 6 lists"):
        all_two_way(table=tables["NewOrl"])


def test_select_rejects_unknown_rule(tables: dict[str, CaptureTable]) -> None:
    with pytest.raises(ValueError, match="unknown rule"):
        select(table=tables["hare"], rule="magic")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name",
    [
        "Ned",
        "Ned_5",
        "NewOrl",
        "NewOrl_5",
        "Western",
        "Australia",
        "HIV",
        "lesbian",
        "UKdat_4",
    ],
)
def test_rules_run_on_every_table(tables: dict[str, CaptureTable], name: str) -> None:
    for rule in ("sparse", "uk"):
        selection = select(table=tables[name], rule=rule)
        assert selection.fit.ok
        assert selection.fit.estimate >= tables[name].n_observed
