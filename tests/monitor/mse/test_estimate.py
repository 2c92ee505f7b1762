"""The result object, intervals and the model-selection bootstrap."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from schakel.monitor.mse import (
    CaptureTable,
    bootstrap,
    estimate,
    estimate_strata,
    from_counts,
)


def test_result_explains_itself(tables: dict[str, CaptureTable]) -> None:
    result = estimate(tables["UKdat_5"], rule="sparse")
    assert result.dark_number == pytest.approx(result.estimate - 2744)
    assert result.observed_ratio == pytest.approx(2744 / result.estimate)
    methods = {(i.method, i.level) for i in result.intervals}
    assert {
        ("lognormal", 0.95),
        ("profile", 0.95),
        ("lognormal", 0.8),
        ("profile", 0.8),
        ("normal", 0.95),
    } <= methods
    for interval in result.intervals:
        assert interval.lower < result.estimate < interval.upper
    data = json.loads(json.dumps(result.to_dict()))
    assert data["rule"] == "sparse"
    assert data["terms"] == list(result.terms)
    assert data["n_candidates"] == len(result.candidates) > 10
    assert data["path"][0]["note"] == "start"
    text = result.summary()
    assert "SparseMSE stepwise" in text
    assert "11,313.0" in text


def test_warnings_for_small_lists_and_empty_overlaps(
    tables: dict[str, CaptureTable],
) -> None:
    result = estimate(tables["NewOrl"], rule="sparse", profile=False)
    assert any(w.startswith("empty overlaps") for w in result.warnings)
    assert any(w.startswith("lists with fewer than 10") for w in result.warnings)


def test_bootstrap_is_seeded_and_independent_of_workers(
    tables: dict[str, CaptureTable],
) -> None:
    table = tables["Western"]
    point = estimate(table, rule="sparse", profile=False).estimate
    one = bootstrap(table=table, rule="sparse", point=point, n_boot=60, seed=7, workers=1)
    two = bootstrap(table=table, rule="sparse", point=point, n_boot=60, seed=7, workers=2)
    np.testing.assert_array_equal(one.estimates, two.estimates)
    other = bootstrap(table=table, rule="sparse", point=point, n_boot=60, seed=8)
    assert not np.array_equal(one.estimates, other.estimates)
    assert one.bca.lower < one.bca.upper
    assert math.isfinite(one.acceleration)
    assert sum(one.models.values()) == 60


def test_estimate_with_bootstrap_adds_intervals(
    tables: dict[str, CaptureTable],
) -> None:
    result = estimate(tables["Kosovo"], rule="uk", n_boot=40, seed=3, profile=False)
    methods = {i.method for i in result.intervals}
    assert {"bootstrap-percentile", "bootstrap-bca"} <= methods
    assert result.to_dict()["bootstrap"] is not None


def test_fixed_model_with_heterogeneity_via_spec(
    tables: dict[str, CaptureTable],
) -> None:
    from schakel.monitor.mse import ModelSpec

    result = estimate(tables["hare"], model=ModelSpec(heterogeneity="poisson"), profile=True)
    assert result.rule == "fixed"
    assert result.estimate == pytest.approx(81.08, abs=0.01)
    assert "het.poisson2" in result.model


def test_strata(tables: dict[str, CaptureTable]) -> None:
    frame = tables["Western"].to_frame()
    strata = {
        "a": from_counts(frame, label="a"),
        "b": from_counts(frame.assign(count=frame["count"] * 2), label="b"),
    }
    results = estimate_strata(strata, rule="main", profile=False)
    assert list(results) == ["a", "b"]
    assert results["b"].estimate == pytest.approx(2 * results["a"].estimate, rel=1e-6)
