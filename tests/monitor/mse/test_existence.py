"""Existence and identifiability (SparseMSE's Artificial_3 cases) and the extended MLE."""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schakel.monitor.mse import CaptureTable, ModelSpec, estimate, fit_model

AB, AC, BC = (0, 1), (0, 2), (1, 2)


def _status(table: CaptureTable, pairs: tuple[tuple[int, int], ...]) -> str:
    return fit_model(table=table, spec=ModelSpec(interactions=pairs)).existence.status


def test_artificial_3_all_interactions_not_identifiable(
    tables: dict[str, CaptureTable],
) -> None:
    existence = fit_model(
        table=tables["Artificial_3"], spec=ModelSpec(interactions=(AB, AC, BC))
    ).existence
    assert existence.status == "not_identifiable"
    assert existence.exists
    assert not existence.identifiable


@pytest.mark.parametrize("pairs", [(AB,), (AB, AC), (AB, BC)])
def test_artificial_3_models_with_ab_have_no_mle(
    tables: dict[str, CaptureTable], pairs: tuple[tuple[int, int], ...]
) -> None:
    fit = fit_model(table=tables["Artificial_3"], spec=ModelSpec(interactions=pairs))
    assert fit.existence.status == "no_mle"
    assert not fit.existence.exists
    assert fit.existence.identifiable
    assert math.isnan(fit.estimate)


@pytest.mark.parametrize("pairs", [(), (AC,), (BC,), (AC, BC)])
def test_artificial_3_models_without_ab_pass(
    tables: dict[str, CaptureTable], pairs: tuple[tuple[int, int], ...]
) -> None:
    fit = fit_model(table=tables["Artificial_3"], spec=ModelSpec(interactions=pairs))
    assert fit.ok
    assert 96 < fit.estimate < 1e4


def test_nonexistent_model_reported_not_as_a_number(
    tables: dict[str, CaptureTable],
) -> None:
    result = estimate(tables["Artificial_3"], model=["A:B"])
    assert result.rule == "fixed"
    assert math.isnan(result.estimate)
    assert any("does not exist" in w for w in result.warnings)
    assert "no estimate" in result.summary()


def test_engines_agree_on_every_table(tables: dict[str, CaptureTable]) -> None:
    for table in tables.values():
        pairs = [
            p
            for p in combinations(range(table.n_lists), 2)
            if table.overlap(first=p[0], second=p[1]) > 0
        ][:3]
        for spec in (ModelSpec(), ModelSpec(interactions=tuple(pairs))):
            reference = fit_model(table=table, spec=spec, engine="statsmodels")
            fast = fit_model(table=table, spec=spec, engine="irls")
            assert reference.existence.status == fast.existence.status
            if reference.ok:
                assert fast.estimate == pytest.approx(reference.estimate, rel=1e-8)
                assert fast.aic == pytest.approx(reference.aic, rel=1e-8)
                assert fast.var_intercept == pytest.approx(reference.var_intercept, rel=1e-6)


def test_extended_mle_matches_fit_without_empty_cells(
    tables: dict[str, CaptureTable],
) -> None:
    # Adding the empty-overlap pair LA:GP sends its cells to zero; the other cells are
    # then fitted exactly as a model that simply leaves those cells out.
    table = tables["UKdat_5"]
    fit = fit_model(table=table, spec=ModelSpec(interactions=((0, 1), (0, 4))))
    assert fit.ok
    assert "extended MLE" in fit.existence.message
    assert math.isnan(fit.coefficients["LA:GP"])
    cells = table.patterns
    assert np.all(fit.fitted[(cells[:, 0] == 1) & (cells[:, 4] == 1)] == 0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=7, max_size=7))
def test_estimate_is_never_below_observed(counts: list[int]) -> None:
    table = CaptureTable(lists=("A", "B", "C"), counts=np.asarray(counts, dtype=float))
    if min(table.list_totals().values()) == 0 or table.n_observed == 0:
        return
    for pairs in ((), (AB,), (AB, AC)):
        fit = fit_model(table=table, spec=ModelSpec(interactions=pairs), engine="irls")
        assert fit.existence.status in {"ok", "no_mle", "not_identifiable"}
        if fit.ok:
            assert fit.estimate >= table.n_observed
            assert math.isfinite(fit.estimate)
