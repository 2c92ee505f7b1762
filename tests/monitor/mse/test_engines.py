"""The lean IRLS loop against statsmodels on resampled tables with random models.

Selection and the bootstrap rely on the IRLS engine; the reference tables alone are few,
so this draws bootstrap-like replicates of sparse tables (many zero cells, empty overlaps)
and random models, and requires the same status and the same N from both engines.
"""

from __future__ import annotations

import random
import warnings

import numpy as np
import pytest

from schakel.monitor.mse import CaptureTable, ModelSpec, fit_model
from schakel.monitor.mse.model import all_pairs

SPARSE_TABLES = ["NewOrl", "Western", "Artificial_3", "Ned_5", "UKdat", "hare"]


@pytest.mark.parametrize("name", SPARSE_TABLES)
def test_irls_agrees_with_statsmodels_on_replicates(
    tables: dict[str, CaptureTable], name: str
) -> None:
    table = tables[name]
    generator = np.random.default_rng(11)
    choose = random.Random(11)  # noqa: S311 -- reproducible test data, not a secret
    pairs = all_pairs(n_lists=table.n_lists)
    compared = 0
    for _ in range(12):
        counts = generator.multinomial(table.n_observed, table.counts / table.n_observed)
        replicate = table.with_counts(counts=counts.astype(np.float64))
        spec = ModelSpec(
            interactions=tuple(choose.sample(pairs, choose.randint(0, min(4, len(pairs))))),
            heterogeneity=choose.choice(["none", "none", "poisson"]),
        )
        fast = fit_model(table=replicate, spec=spec, engine="irls")
        if not fast.ok:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reference = fit_model(
                table=replicate, spec=spec, engine="statsmodels", existence=fast.existence
            )
        assert fast.estimate == pytest.approx(reference.estimate, rel=1e-8)
        assert fast.aic == pytest.approx(reference.aic, rel=1e-8)
        compared += 1
    assert compared > 0


def test_irls_failure_falls_back_to_statsmodels(
    tables: dict[str, CaptureTable], monkeypatch: pytest.MonkeyPatch
) -> None:
    from schakel.monitor.mse import fit as fit_module

    def fail(**_: object) -> None:
        raise fit_module.FitError("IRLS did not converge")

    expected = fit_model(table=tables["UKdat_5"], spec=ModelSpec(), engine="irls").estimate
    monkeypatch.setattr(fit_module, "irls_poisson", fail)
    fallback = fit_model(table=tables["UKdat_5"], spec=ModelSpec(), engine="irls")
    assert fallback.engine == "statsmodels"
    assert fallback.estimate == pytest.approx(expected, rel=1e-8)
