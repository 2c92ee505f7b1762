"""Benchmarks for schakel.linkage (issue 10). Not part of the test suite.

Run: ``.venv/bin/python bench/bench_linkage.py [--records 1000000] [--accuracy 100000]
[--checks 200] [--febrl]``

1. ``--accuracy N``: precision and recall of the clusters against the generator's truth on
   about N synthetic person records (the registry's generator), at the match threshold.
2. ``--records N``: N synthetic records deduplicated end to end (prepare, train by EM,
   predict, cluster) in a fresh process; wall time and peak memory (getrusage maxrss of
   that process). Generating the records is not timed: it is data preparation, done in
   another process and handed over as a Parquet file.
3. ``--checks K``: K new records checked against the N existing ones through the intake
   index; p50 and p95 in milliseconds.
4. ``--febrl``: F1 on FEBRL3 and FEBRL4, with and without the social security number.
Prints the load average at the start and end: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORK = Path(tempfile.gettempdir()) / "schakel-bench-linkage"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def generate(records: int, path: Path, seed: int) -> None:
    from schakel.linkage.engine.synthetic import synthetic_records

    if not path.exists():
        synthetic_records(records, seed=seed).to_parquet(path)


def dedupe(path: Path, out: Path, match_threshold: float) -> None:
    """Runs in its own process so that maxrss is this step's own peak."""
    import pandas as pd

    from schakel.linkage.engine.cluster import cluster
    from schakel.linkage.engine.run import predict_pairs, prepare_all, train_model

    frame = pd.read_parquet(path)
    truth_keys = frame.pop("person_key")
    frame = frame.drop(columns=["organisation"])
    timings = {}
    started = time.perf_counter()
    prepared = prepare_all(frame)
    timings["prepare_s"] = time.perf_counter() - started
    mark = time.perf_counter()
    model = train_model(prepared, u_pairs=2e6, match_threshold=match_threshold)
    timings["train_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    pairs = predict_pairs(prepared, model, threshold=match_threshold)
    timings["predict_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    usable = prepared.frames[0]
    result = cluster(
        usable.loc[usable.usable.astype(bool), "unique_id"],
        zip(pairs.unique_id_l, pairs.unique_id_r, pairs.match_probability, strict=True),
        threshold=match_threshold,
    )
    timings["cluster_s"] = time.perf_counter() - mark
    timings["total_s"] = time.perf_counter() - started
    timings["pairs"] = len(pairs)
    timings["blocked_comparisons"] = sum(b.comparisons for b in prepared.blocks)
    timings["largest_block"] = max(b.largest_block for b in prepared.blocks)
    timings["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    model.save(out.with_suffix(".model.json"))
    from schakel.linkage.engine.intake import build_index

    build_index(usable, out.with_suffix(".duckdb"))
    clusters = pd.DataFrame(
        {"unique_id": list(result.cluster_of), "cluster": list(result.cluster_of.values())}
    )
    clusters.merge(
        pd.DataFrame({"unique_id": frame.unique_id, "person_key": truth_keys}), on="unique_id"
    ).to_parquet(out.with_suffix(".clusters.parquet"))
    out.write_text(json.dumps(timings))


def cluster_accuracy(clusters_path: Path) -> dict[str, float]:
    """Pairwise precision and recall of clusters against the truth, by counting pairs."""
    import pandas as pd

    frame = pd.read_parquet(clusters_path)

    def pairs(groups: pd.Series) -> int:
        sizes = groups.value_counts()
        return int((sizes * (sizes - 1) // 2).sum())

    predicted = pairs(frame["cluster"].astype(str))
    true = pairs(frame["person_key"])
    both = pairs(frame["cluster"].astype(str) + "/" + frame["person_key"])
    return {
        "precision": both / predicted if predicted else 0.0,
        "recall": both / true if true else 0.0,
        "true_pairs": true,
        "predicted_pairs": predicted,
    }


def intake(index: Path, model_path: Path, records: Path, checks: int) -> dict[str, float]:
    import numpy as np
    import pandas as pd

    from schakel.linkage.engine.intake import IntakeIndex
    from schakel.linkage.engine.model import TrainedModel

    frame = pd.read_parquet(records).drop(columns=["person_key", "organisation"])
    sample = frame.sample(checks, random_state=5).to_dict("records")
    checker = IntakeIndex(index, TrainedModel.load(model_path))
    times = []
    for record in sample:
        started = time.perf_counter()
        checker.check({**record, "unique_id": -1})
        times.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": float(np.percentile(times, 50)), "p95_ms": float(np.percentile(times, 95))}


def febrl() -> dict[str, float]:
    from schakel.linkage.engine.febrl import febrl3_accuracy, febrl4_accuracy

    return {
        "febrl3_f1": febrl3_accuracy()["f1"],
        "febrl3_f1_without_ssn": febrl3_accuracy(without_ssn=True)["f1"],
        "febrl4_f1": febrl4_accuracy()["f1"],
        "febrl4_f1_without_ssn": febrl4_accuracy(without_ssn=True)["f1"],
    }


def run_size(records: int, seed: int, threshold: float, checks: int) -> dict[str, object]:
    WORK.mkdir(exist_ok=True)
    data = WORK / f"records-{records}-{seed}.parquet"
    subprocess.run(  # noqa: S603 -- this script
        [
            sys.executable,
            __file__,
            "--step",
            "generate",
            "--records",
            str(records),
            "--seed",
            str(seed),
        ],
        check=True,
    )
    out = WORK / f"result-{records}.json"
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 -- this script
        [
            sys.executable,
            __file__,
            "--step",
            "dedupe",
            "--records",
            str(records),
            "--seed",
            str(seed),
            "--threshold",
            str(threshold),
        ],
        check=True,
    )
    wall = time.perf_counter() - started
    result: dict[str, object] = json.loads(out.read_text())
    result["process_wall_s"] = wall
    result["records"] = int(__import__("pandas").read_parquet(data, columns=["unique_id"]).shape[0])
    result.update(cluster_accuracy(out.with_suffix(".clusters.parquet")))
    if checks:
        result.update(
            intake(out.with_suffix(".duckdb"), out.with_suffix(".model.json"), data, checks)
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--accuracy", type=int, default=100_000)
    parser.add_argument("--checks", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--febrl", action="store_true")
    parser.add_argument("--step", choices=["generate", "dedupe"])
    args = parser.parse_args()
    if args.step == "generate":
        generate(args.records, WORK / f"records-{args.records}-{args.seed}.parquet", args.seed)
        return
    if args.step == "dedupe":
        dedupe(
            WORK / f"records-{args.records}-{args.seed}.parquet",
            WORK / f"result-{args.records}.json",
            args.threshold,
        )
        return
    print(f"load average at start: {load()} (cpus: {os.cpu_count()})", flush=True)
    if args.febrl:
        print(json.dumps({"febrl": febrl()}, indent=2), flush=True)
    if args.accuracy:
        print(
            json.dumps(
                {"accuracy": run_size(args.accuracy, args.seed, args.threshold, 0)}, indent=2
            ),
            flush=True,
        )
    if args.records:
        print(
            json.dumps(
                {"scale": run_size(args.records, args.seed, args.threshold, args.checks)}, indent=2
            ),
            flush=True,
        )
    print(f"load average at end: {load()}", flush=True)


if __name__ == "__main__":
    main()
