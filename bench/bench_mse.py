"""Benchmarks for schakel.monitor.mse (issue 7). Not part of the test suite.

Run: ``.venv/bin/python bench/bench_mse.py [--boot 1000] [--workers 2] [--exhaustive]``

1. The full SparseMSE-style analysis of UKdat: stepwise selection plus ``--boot``
   bootstrap replicates, each re-selecting the model, with BCa intervals (target: under
   10 s on 2 cores for 1,000 replicates).
2. How the cost grows with the number of lists K = 3..10 on synthetic tables: one
   stepwise selection, and the time per bootstrap replicate.
3. With ``--exhaustive``: all two-way models of UKdat_5 (K=5) and UKdat (K=6).
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

import numpy as np

from schakel.monitor.mse import CaptureTable, all_two_way, bootstrap, estimate, read_csv
from schakel.monitor.mse.bootstrap import _run_chunk, _run_rule
from schakel.monitor.mse.table import all_patterns

DATA = Path(__file__).resolve().parents[1] / "tests" / "monitor" / "mse" / "data"


def synthetic_table(*, n_lists: int, population: int = 20000, seed: int = 1) -> CaptureTable:
    """Independent lists with capture probabilities 0.03-0.25 plus one positive pair effect."""
    generator = np.random.default_rng(seed)
    probabilities = generator.uniform(0.03, 0.25, size=n_lists)
    patterns = all_patterns(n_lists=n_lists).astype(np.float64)
    log_mu = (
        np.log(population)
        + patterns @ np.log(probabilities)
        + (1 - patterns) @ np.log(1 - probabilities)
    )
    log_mu += 0.8 * patterns[:, 0] * patterns[:, 1]  # a dependence the selection should find
    counts = generator.poisson(np.exp(log_mu)).astype(np.float64)
    names = tuple(f"L{j + 1}" for j in range(n_lists))
    return CaptureTable(lists=names, counts=counts, label=f"synthetic K={n_lists}")


def machine() -> str:
    """nproc, memory, CPU model, date and load, for docs/benchmarks.md."""
    model = "unknown CPU"
    memory = "unknown memory"
    cpuinfo, meminfo = Path("/proc/cpuinfo"), Path("/proc/meminfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        model = names[0] if names else model
    if meminfo.exists():
        total = meminfo.read_text().splitlines()[0].split()[1]
        memory = f"{int(total) / 1024**2:.1f} GiB"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}; nproc {os.cpu_count()}; {memory}; {model}; "
        f"load average {load}"
    )


def _cpu_seconds() -> float:
    """User + system CPU of this process and its finished children (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bench_ukdat(*, n_boot: int, workers: int) -> None:
    table = read_csv(DATA / "UKdat.csv")
    # Library imports are paid once per process (statsmodels alone takes 1-3 s): timed
    # apart, so the analysis time is what a loaded session or the CLI adds per table.
    imported = time.perf_counter()
    import statsmodels.api  # noqa: F401

    print(f"import statsmodels (once per process): {time.perf_counter() - imported:.2f} s")
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    result = estimate(table, rule="sparse", profile=False)
    selected = time.perf_counter()
    assert result.bootstrap is None
    boot = bootstrap(
        table=table,
        rule="sparse",
        point=result.estimate,
        n_boot=n_boot,
        seed=1,
        workers=workers,
    )
    finished = time.perf_counter()
    cpu = _cpu_seconds() - cpu_before
    total = finished - start
    print(
        f"UKdat sparse stepwise: N = {result.estimate:,.1f}, "
        f"selection {1e3 * (selected - start):.1f} ms"
    )
    boot_seconds = finished - selected
    print(
        f"  + {n_boot} bootstrap replicates on {workers} worker(s) with jackknife BCa: "
        f"{boot_seconds:.2f} s ({1e3 * boot_seconds / n_boot:.2f} ms per replicate wall)"
    )
    print(
        f"  BCa 95%: {boot.bca.lower:,.0f} - {boot.bca.upper:,.0f}; percentile "
        f"{boot.percentile.lower:,.0f} - {boot.percentile.upper:,.0f}; failed {boot.n_failed}"
    )
    print(f"  total {total:.2f} s wall (target < 10 s on 2 cores)")
    print(
        f"  CPU of this process and its workers: {cpu:.2f} s, i.e. {cpu / workers:.2f} s "
        f"on {workers} free core(s)"
    )
    # CPU time per replicate in this process: less sensitive to other load on the machine.
    cpu_start = time.process_time()
    bootstrap(table=table, rule="sparse", point=result.estimate, n_boot=100, seed=3, workers=1)
    cpu_ms = 10 * (time.process_time() - cpu_start)
    print(f"  CPU time per replicate (1 process, 100 replicates + jackknife): {cpu_ms:.2f} ms")


def bench_growth(*, replicates: int) -> None:
    """CPU time (one process) of the selection, one bootstrap replicate and the jackknife.

    The BCa jackknife re-runs the selection once per non-empty cell, so its cost grows
    with the number of observed patterns, not with the number of replicates.
    """
    print(
        "K  cells  nonempty  observed  selection_ms  cpu_ms_per_replicate  jackknife_s_est  terms"
    )
    for n_lists in range(3, 11):
        table = synthetic_table(n_lists=n_lists)
        start = time.process_time()
        result = estimate(table, rule="sparse", profile=False)
        selection_ms = 1e3 * (time.process_time() - start)
        start = time.process_time()
        _run_chunk(
            table=table,
            rule="sparse",
            threshold=None,
            seed=np.random.SeedSequence(2),
            size=replicates,
        )
        per_replicate = 1e3 * (time.process_time() - start) / replicates
        # The jackknife costs one selection per non-empty cell: time 20 of them and scale.
        cells = np.flatnonzero(table.counts > 0)
        sample = cells[:: max(1, len(cells) // 20)][:20]
        start = time.process_time()
        for cell in sample:
            counts = table.counts.copy()
            counts[cell] -= 1.0
            _run_rule(table=table.with_counts(counts=counts), rule="sparse", threshold=None)
        jackknife = (time.process_time() - start) * len(cells) / len(sample)
        print(
            f"{n_lists:<2} {len(table.counts):>5} {int((table.counts > 0).sum()):>9} "
            f"{table.n_observed:>9} {selection_ms:>13.1f} {per_replicate:>21.1f} "
            f"{jackknife:>16.2f}  {len(result.terms)}"
        )


def bench_exhaustive() -> None:
    for name in ("UKdat_5", "UKdat"):
        table = read_csv(DATA / f"{name}.csv")
        start = time.perf_counter()
        selection = all_two_way(table=table, record=False)
        elapsed = time.perf_counter() - start
        models = 2 ** (table.n_lists * (table.n_lists - 1) // 2)
        print(
            f"all two-way models of {name} ({models} models): {elapsed:.2f} s, "
            f"best AIC N = {selection.fit.estimate:,.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--boot", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--growth-replicates", type=int, default=20)
    parser.add_argument("--exhaustive", action="store_true")
    args = parser.parse_args()
    print(machine())
    bench_ukdat(n_boot=args.boot, workers=args.workers)
    bench_growth(replicates=args.growth_replicates)
    if args.exhaustive:
        bench_exhaustive()


if __name__ == "__main__":
    main()
