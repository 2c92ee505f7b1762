"""Bootstrap intervals that account for model selection.

Every replicate redraws the observed persons (multinomial resampling of the capture
histories, n fixed) and re-runs the *whole* selection rule, so the interval reflects the
uncertainty of the model choice as well as of the fit (Silverman, Chan & Vincent 2024,
"Bootstrapping multiple systems estimates to account for model selection", Stat. Comput.
34; SparseMSE's ``estimatepopulation``). Quantiles are bias-corrected and accelerated
(BCa, Efron 1987, JASA 82): the bias correction z0 comes from the share of replicates
below the point estimate and the acceleration a from a delete-one-person jackknife, where
removing any one of the y_ω persons with history ω gives the same value, so each history
is evaluated once and weighted by y_ω.

Replicates are drawn in fixed chunks from ``numpy.random.SeedSequence(seed).spawn``, so the
result is identical whatever the number of worker processes.
"""

from __future__ import annotations

import math
import os
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtr, ndtri

from .intervals import Interval
from .model import ModelSpec
from .selection import select
from .steps import RuleName
from .table import CaptureTable

CHUNK = 50


@dataclass(frozen=True)
class BootstrapResult:
    """Replicate estimates and the percentile and BCa intervals derived from them."""

    rule: RuleName
    n_boot: int
    seed: int
    estimates: NDArray[np.float64]
    n_failed: int
    bias_correction: float
    acceleration: float
    percentile: Interval
    bca: Interval
    models: dict[str, int]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready summary (replicate values are left out; they can be large)."""
        return {
            "rule": self.rule,
            "n_boot": self.n_boot,
            "seed": self.seed,
            "n_failed": self.n_failed,
            "bias_correction": self.bias_correction,
            "acceleration": self.acceleration,
            "percentile": self.percentile.as_dict(),
            "bca": self.bca.as_dict(),
            "models": dict(sorted(self.models.items(), key=lambda item: -item[1])),
        }


def _run_rule(
    *,
    table: CaptureTable,
    rule: RuleName,
    threshold: float | None,
    spec: ModelSpec | None = None,
) -> tuple[float, str]:
    selection = select(table=table, rule=rule, threshold=threshold, record=False, spec=spec)
    if not selection.fit.ok:
        return math.nan, "no estimate"
    return selection.fit.estimate, selection.fit.describe()


def _run_chunk(
    *,
    table: CaptureTable,
    rule: RuleName,
    threshold: float | None,
    seed: np.random.SeedSequence,
    size: int,
    spec: ModelSpec | None = None,
) -> tuple[list[float], list[str]]:
    """Draw ``size`` multinomial replicates and re-select on each (runs in a worker)."""
    generator = np.random.default_rng(seed)
    n = table.n_observed
    probabilities = table.counts / n
    values: list[float] = []
    models: list[str] = []
    for _ in range(size):
        counts = generator.multinomial(n, probabilities).astype(np.float64)
        # A replicate can miss a small list entirely; it still yields an estimate
        # through the extended MLE, so it is kept rather than redrawn.
        value, model = _run_rule(
            table=table.with_counts(counts=counts),
            rule=rule,
            threshold=threshold,
            spec=spec,
        )
        values.append(value)
        models.append(model)
    return values, models


_BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@contextmanager
def _single_threaded_pool(*, workers: int) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers run BLAS on one thread.

    Our matrices are tiny: with several processes each spinning a BLAS thread pool, the
    threads fight over the cores and the bootstrap runs twice as slowly. Workers are
    spawned (not forked) so they read the thread limits when they import numpy; the
    parent's environment is restored once they have started.
    """
    saved = {name: os.environ.get(name) for name in _BLAS_THREAD_VARIABLES}
    os.environ.update({name: "1" for name in _BLAS_THREAD_VARIABLES})
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
        # Spawn-based pools start a worker per submission while none is idle: keep them
        # all busy for a moment so every worker starts under the limits.
        for warm_up in [pool.submit(time.sleep, 0.05) for _ in range(workers)]:
            warm_up.result()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    with pool:
        yield pool


def jackknife_acceleration(
    *,
    table: CaptureTable,
    rule: RuleName,
    threshold: float | None,
    spec: ModelSpec | None = None,
) -> float:
    """BCa acceleration from the delete-one-person jackknife, grouped by history."""
    weights: list[float] = []
    values: list[float] = []
    for cell in np.flatnonzero(table.counts > 0):
        counts = table.counts.copy()
        counts[cell] -= 1.0
        value, _ = _run_rule(
            table=table.with_counts(counts=counts),
            rule=rule,
            threshold=threshold,
            spec=spec,
        )
        if math.isfinite(value):
            weights.append(float(table.counts[cell]))
            values.append(value)
    if not values:
        return 0.0
    w = np.asarray(weights)
    theta = np.asarray(values)
    mean = float(np.sum(w * theta) / np.sum(w))
    deviation = mean - theta
    denominator = 6.0 * float(np.sum(w * deviation**2)) ** 1.5
    return 0.0 if denominator == 0 else float(np.sum(w * deviation**3) / denominator)


def bca_interval(
    *, replicates: NDArray[np.float64], point: float, acceleration: float, level: float
) -> tuple[Interval, float]:
    """BCa interval (Efron 1987) and the bias correction z0 used for it."""
    share_below = float(np.mean(replicates < point)) + 0.5 * float(np.mean(replicates == point))
    share_below = min(max(share_below, 0.5 / len(replicates)), 1.0 - 0.5 / len(replicates))
    z0 = float(ndtri(share_below))
    bounds: list[float] = []
    for tail in ((1.0 - level) / 2.0, (1.0 + level) / 2.0):
        z = float(ndtri(tail))
        adjusted = float(ndtr(z0 + (z0 + z) / (1.0 - acceleration * (z0 + z))))
        bounds.append(float(np.quantile(replicates, adjusted)))
    return Interval("bootstrap-bca", level, bounds[0], bounds[1]), z0


def bootstrap(
    *,
    table: CaptureTable,
    rule: RuleName,
    point: float,
    threshold: float | None = None,
    n_boot: int = 1000,
    seed: int = 20240101,
    level: float = 0.95,
    workers: int = 1,
    spec: ModelSpec | None = None,
) -> BootstrapResult:
    """Re-run ``rule`` on ``n_boot`` resampled tables; percentile and BCa intervals."""
    if n_boot < 10:
        raise ValueError("use at least 10 bootstrap replicates")
    sizes = [CHUNK] * (n_boot // CHUNK) + ([n_boot % CHUNK] if n_boot % CHUNK else [])
    seeds = np.random.SeedSequence(seed).spawn(len(sizes))
    values: list[float] = []
    models: list[str] = []
    if workers > 1:
        with _single_threaded_pool(workers=workers) as pool:
            futures = [
                pool.submit(
                    _run_chunk,
                    table=table,
                    rule=rule,
                    threshold=threshold,
                    seed=chunk_seed,
                    size=size,
                    spec=spec,
                )
                for chunk_seed, size in zip(seeds, sizes, strict=True)
            ]
            for future in futures:
                chunk_values, chunk_models = future.result()
                values += chunk_values
                models += chunk_models
    else:
        for chunk_seed, size in zip(seeds, sizes, strict=True):
            chunk_values, chunk_models = _run_chunk(
                table=table, rule=rule, threshold=threshold, seed=chunk_seed, size=size, spec=spec
            )
            values += chunk_values
            models += chunk_models
    estimates = np.asarray(values, dtype=np.float64)
    finite = estimates[np.isfinite(estimates)]
    n_failed = int(len(estimates) - len(finite))
    if len(finite) < 10:
        nan = Interval("bootstrap-bca", level, math.nan, math.nan)
        return BootstrapResult(
            rule,
            n_boot,
            seed,
            estimates,
            n_failed,
            math.nan,
            math.nan,
            Interval("bootstrap-percentile", level, math.nan, math.nan),
            nan,
            dict(Counter(models)),
        )
    tails = np.quantile(finite, [(1.0 - level) / 2.0, (1.0 + level) / 2.0])
    percentile = Interval("bootstrap-percentile", level, float(tails[0]), float(tails[1]))
    acceleration = jackknife_acceleration(table=table, rule=rule, threshold=threshold, spec=spec)
    bca, z0 = bca_interval(replicates=finite, point=point, acceleration=acceleration, level=level)
    return BootstrapResult(
        rule,
        n_boot,
        seed,
        estimates,
        n_failed,
        z0,
        acceleration,
        percentile,
        bca,
        dict(Counter(models)),
    )
