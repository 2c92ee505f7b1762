"""Published and reference results from ../shared/data/mse/README.md.

Point estimates are asserted to the rounding of the published figure; intervals to the
digits published (log-normal) or to 0.5% where the source gives them as "about".
"""

from __future__ import annotations

import pytest

from schakel.monitor.mse import (
    CaptureTable,
    ModelSpec,
    estimate,
    fit_model,
    fit_terms,
    profile_interval,
)
from schakel.monitor.mse.intervals import lognormal_interval

UK5_TERMS = ["LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA", "GO:GP", "NG:GO"]


def test_main_effects_on_ukdat(tables: dict[str, CaptureTable]) -> None:
    result = estimate(tables["UKdat"], rule="main", profile=False)
    assert result.estimate == pytest.approx(12214, abs=0.5)
    interval = result.interval(method="lognormal")
    assert interval.lower == pytest.approx(10989, abs=0.5)
    assert interval.upper == pytest.approx(13621, abs=0.5)


def test_uk_rule_on_ukdat_5(tables: dict[str, CaptureTable]) -> None:
    result = estimate(tables["UKdat_5"], rule="uk")
    assert result.rule == "uk"
    assert "Wald p-value exceeds 0.05" in result.rule_description
    assert sorted(result.terms) == sorted(UK5_TERMS)
    assert [step.added for step in result.path[1:-1]] == [
        "LA:NG",
        "NG:GP",
        "PFNCA:GP",
        "LA:PFNCA",
        "GO:GP",
        "NG:GO",
    ]
    assert result.estimate == pytest.approx(11313, abs=0.5)
    profile = result.interval(method="profile")
    # README: "about 9,870-13,030" (we use Cormack's multinomial profile; see docs/mse.md).
    assert profile.lower == pytest.approx(9870, rel=5e-3)
    assert profile.upper == pytest.approx(13030, rel=5e-3)


def test_sparse_rule_on_ukdat(tables: dict[str, CaptureTable]) -> None:
    result = estimate(tables["UKdat"], rule="sparse", profile=False)
    assert result.rule == "sparse"
    assert "p < 0.02" in result.rule_description
    assert result.estimate == pytest.approx(11418, abs=0.5)
    interval = result.interval(method="lognormal")
    assert interval.lower == pytest.approx(9977, abs=0.5)
    assert interval.upper == pytest.approx(13146, abs=0.5)
    assert any("LA:GP" in w for w in result.warnings)


def test_sparse_rule_on_ukdat_5(tables: dict[str, CaptureTable]) -> None:
    result = estimate(tables["UKdat_5"], rule="sparse", profile=False)
    assert sorted(result.terms) == sorted(UK5_TERMS)
    assert result.estimate == pytest.approx(11313, abs=0.5)
    interval = result.interval(method="lognormal")
    assert (round(interval.lower), round(interval.upper)) == (9884, 13027)


def test_fixed_uk_model_profile(tables: dict[str, CaptureTable]) -> None:
    fit = fit_terms(table=tables["UKdat_5"], terms=UK5_TERMS)
    assert fit.estimate == pytest.approx(11313, abs=0.5)
    narrow = profile_interval(table=tables["UKdat_5"], fit=fit, level=0.80)
    wide = profile_interval(table=tables["UKdat_5"], fit=fit, level=0.95)
    assert wide.lower < narrow.lower < fit.estimate < narrow.upper < wide.upper
    assert lognormal_interval(fit=fit).lower == pytest.approx(9884, abs=0.5)


def test_hare_mth_poisson2(tables: dict[str, CaptureTable]) -> None:
    fit = fit_model(table=tables["hare"], spec=ModelSpec(heterogeneity="poisson"))
    assert fit.estimate == pytest.approx(81.1, abs=0.05)
    assert fit.aic == pytest.approx(146, abs=0.5)
    # Rcapture prints s.e. 5.7; Var(N) = f0 + f0^2 Var(b0) gives 5.57 (see docs/mse.md).
    assert fit.std_error == pytest.approx(5.7, abs=0.15)


def test_hare_mt_with_history_111111(tables: dict[str, CaptureTable]) -> None:
    fit = fit_model(table=tables["hare"], spec=ModelSpec(histories=((1, 1, 1, 1, 1, 1),)))
    assert fit.estimate == pytest.approx(76.8, abs=0.05)
    assert fit.std_error == pytest.approx(3.9, abs=0.05)


def test_hare_darroch_runs(tables: dict[str, CaptureTable]) -> None:
    fit = fit_model(table=tables["hare"], spec=ModelSpec(heterogeneity="darroch"))
    assert fit.ok
    assert fit.estimate > fit_model(table=tables["hare"], spec=ModelSpec()).estimate
