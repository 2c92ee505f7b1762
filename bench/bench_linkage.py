"""Benchmarks for schakel.linkage (issue 10). Not part of the test suite.

Run: ``.venv/bin/python bench/bench_linkage.py [--records 1000000] [--accuracy 100000]
[--checks 200] [--febrl]``

1. ``--accuracy N``: precision and recall of the clusters against the generator's truth on
   about N synthetic person records (the registry's generator), at the match threshold.
2. ``--records N``: N synthetic records deduplicated end to end (prepare, train by EM,
   predict, cluster) in a fresh process; wall time and peak memory (getrusage maxrss of
   that process). Generating the records is not timed: it is data preparation, done in
   another process and handed over as a Parquet file.
3. ``--checks K``: K records held out of the N, the others prepared and written to the
   intake index (an SQLite file; its build timed, with peak memory, in its own process),
   then each held-out record checked in a fresh process (half with one more typo in the
   family name): p50 and p95 in milliseconds and the recall of the check (a held-out
   record whose person has other records must find one of them). ``--no-dedupe`` runs
   only this part; ``--intake-db URL`` puts the index in that PostgreSQL database.
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
from typing import Any

WORK = Path(tempfile.gettempdir()) / "schakel-bench-linkage"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def generator_fingerprint() -> str:
    """A short hash of the generator's source: a cached data file of another generator
    version is not reused (the file name carries it)."""
    import hashlib

    from schakel.linkage.engine import synthetic as rows
    from schakel.registry import synthetic

    digest = hashlib.sha256()
    for source in sorted(Path(synthetic.__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    digest.update(Path(rows.__file__).read_bytes())  # which columns a record has
    return digest.hexdigest()[:8]


def data_path(records: int, seed: int) -> Path:
    return WORK / f"records-{records}-{seed}-{generator_fingerprint()}.parquet"


def generate(records: int, path: Path, seed: int) -> None:
    from schakel.linkage.engine.synthetic import synthetic_records

    if not path.exists():
        # Written aside and renamed: another run may be reading the same cached file.
        partial = path.with_suffix(f".{os.getpid()}.partial")
        synthetic_records(records, seed=seed).to_parquet(partial)
        partial.replace(path)


def dedupe(path: Path, out: Path, match_threshold: float | None) -> None:
    """Runs in its own process so that maxrss is this step's own peak: prepare (normalise,
    capped blocking keys in DuckDB), train (EM on a sample of at most 300,000 records) and
    save the model file, load it again, predict every pair at or above the review threshold,
    cluster with direct evidence at the match threshold."""
    import duckdb
    import pandas as pd

    from schakel.linkage.engine.cluster import cluster, dates_conflict
    from schakel.linkage.engine.model import TrainedModel
    from schakel.linkage.engine.run import predict_pairs, prepare_all, train_model

    frame = pd.read_parquet(path).drop(columns=["person_key", "organisation"])
    timings: dict[str, float] = {}
    started = time.perf_counter()
    connection = duckdb.connect(config={"memory_limit": "2GB", "threads": 2})
    prepared = prepare_all(frame, connection=connection)
    del frame
    timings["prepare_s"] = time.perf_counter() - started
    mark = time.perf_counter()
    trained = train_model(prepared, u_pairs=2e6)
    if match_threshold is not None:
        trained.match_threshold = match_threshold
    model_path = trained.save(out.with_suffix(".model.json"))
    model = TrainedModel.load(model_path)  # predict with the stored, versioned file
    timings["train_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    pairs = predict_pairs(prepared, model)
    timings["predict_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    usable = connection.execute("SELECT unique_id FROM records_0 WHERE usable").df()["unique_id"]
    result = cluster(
        usable,
        zip(pairs.unique_id_l, pairs.unique_id_r, pairs.match_probability, strict=True),
        threshold=model.match_threshold,
        support=model.review_threshold,
        conflicts=dates_conflict(prepared.birth_dates()),
    )
    timings["cluster_s"] = time.perf_counter() - mark
    timings["total_s"] = time.perf_counter() - started
    timings["match_threshold"] = model.match_threshold
    timings["review_threshold"] = model.review_threshold
    timings["trained_on_records"] = model.trained_on.get("trained_on_records", 0)
    timings["pairs_at_review_threshold"] = len(pairs)
    timings["pairs"] = int((pairs.match_probability >= model.match_threshold).sum())
    timings["review_pairs"] = len(pairs) - timings["pairs"]
    timings["blocked_comparisons_at_most"] = sum(b.comparisons for b in prepared.blocks)
    timings["largest_block"] = max(b.largest_block for b in prepared.blocks)
    timings["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    truth = pd.read_parquet(path, columns=["unique_id", "person_key"])
    clusters = pd.DataFrame(
        {"unique_id": list(result.cluster_of), "cluster": list(result.cluster_of.values())}
    )
    # Records left out (no identifying field) are persons of their own.
    clusters = truth.merge(clusters, on="unique_id", how="left")
    clusters["cluster"] = clusters["cluster"].fillna(clusters["unique_id"])
    clusters.to_parquet(out.with_suffix(".clusters.parquet"))
    # The scored pairs too (a few MB): clustering can be studied again without predicting.
    pairs.to_parquet(out.with_suffix(".pairs.parquet"))
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


def _typo(text: str, rng) -> str:
    """One keying error: two neighbouring letters swapped or one letter replaced."""
    if len(text) < 3:
        return text
    i = int(rng.integers(1, len(text) - 1))
    if rng.random() < 0.5:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + "aeiou"[int(rng.integers(0, 5))] + text[i + 1 :]


def _base(records: int, seed: int, checks: int, database: str | None) -> Path:
    return WORK / f"intake-{records}-{seed}-{checks}{'-pg' if database else ''}"


def _postgres_url(database: str) -> str:
    return database.replace("postgres://", "postgresql://", 1)


def _intake_model(records: int, existing: Any, timings: dict[str, object]) -> Any:
    """The dedupe step's model if it left one this Schakel reads, else one trained on a
    50,000-record sample of ``existing``."""
    from schakel.linkage.engine.model import ModelFileError, TrainedModel
    from schakel.linkage.engine.run import prepare_all, train_model

    dedupe_model = (WORK / f"result-{records}.json").with_suffix(".model.json")
    if dedupe_model.exists():
        try:
            model = TrainedModel.load(dedupe_model)
        except ModelFileError as error:
            print(f"not using the dedupe step's model: {error}", flush=True)
        else:
            timings["model"] = "dedupe step"
            return model
    mark = time.perf_counter()
    sample = existing.sample(min(50_000, len(existing)), random_state=7)
    model = train_model(prepare_all(sample), u_pairs=1e6)
    timings["model"] = f"trained on {len(sample)} records"
    timings["train_s"] = time.perf_counter() - mark
    return model


def intake_build(records: int, seed: int, checks: int, database: str | None) -> None:
    """Step (own process, so maxrss is its peak): hold ``checks`` records out, prepare the
    others and write the intake index (an SQLite file, or ``database``: PostgreSQL) with the
    term frequencies the model uses; the model is the dedupe step's if there is one, else
    one trained on a 50,000-record sample (not part of the index build; its training comes
    first, so the peak memory may be training's)."""
    import numpy as np
    import pandas as pd

    from schakel.linkage.engine.intake import (
        build_postgres,
        build_sqlite,
        term_frequency_columns,
    )
    from schakel.linkage.engine.prepare import prepare

    frame = pd.read_parquet(data_path(records, seed))
    frame["unique_id"] = np.arange(1, len(frame) + 1)  # the registry's ids are integers
    held = frame.sample(checks, random_state=5)
    existing = frame.drop(index=held.index)
    base = _base(records, seed, checks, database)
    held.to_parquet(base.with_suffix(".held.parquet"))
    existing[["unique_id", "person_key"]].to_parquet(base.with_suffix(".truth.parquet"))
    existing = existing.drop(columns=["person_key", "organisation"])
    timings: dict[str, object] = {"existing_records": len(existing)}
    # The model first: the index stores the term frequencies of the columns it adjusts.
    model = _intake_model(records, existing, timings)
    model.save(base.with_suffix(".model.json"))
    terms = term_frequency_columns(model)
    timings["term_frequency_columns"] = terms
    started = time.perf_counter()
    prepared = prepare(existing)
    timings["prepare_s"] = time.perf_counter() - started
    mark = time.perf_counter()
    if database:
        timings["indexed_records"] = build_postgres(
            _postgres_url(database), prepared, term_columns=terms
        )
        timings["index_build_s"] = time.perf_counter() - mark
        timings["index_in"] = "postgresql"
    else:
        index = base.with_suffix(".sqlite3")
        index.unlink(missing_ok=True)
        timings["indexed_records"] = build_sqlite(str(index), prepared, term_columns=terms)
        timings["index_build_s"] = time.perf_counter() - mark
        timings["index_file_mb"] = index.stat().st_size / 2**20
        timings["index_in"] = "sqlite"
    timings["build_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    base.with_suffix(".build.json").write_text(json.dumps(timings))


def intake_check(records: int, seed: int, checks: int, database: str | None) -> None:
    """Step (fresh process): each held-out record checked against the index; half of them
    with one extra typo in the family name. Recall: a held-out record whose person has
    other records in the index counts as found when a candidate at the review threshold
    is one of them."""
    import sqlite3

    import numpy as np
    import pandas as pd

    from schakel.linkage.engine.intake import IntakeIndex
    from schakel.linkage.engine.model import TrainedModel

    base = _base(records, seed, checks, database)
    held = pd.read_parquet(base.with_suffix(".held.parquet"))
    truth = pd.read_parquet(base.with_suffix(".truth.parquet"))
    person_of = dict(zip(truth.unique_id, truth.person_key, strict=True))
    known_persons = set(truth.person_key)
    rng = np.random.default_rng(seed)
    model = TrainedModel.load(base.with_suffix(".model.json"))
    if database:
        import psycopg

        connection = psycopg.connect(_postgres_url(database), autocommit=True)
    else:
        connection = sqlite3.connect(base.with_suffix(".sqlite3"))
    checker = IntakeIndex(connection, model, placeholder="%s" if database else "?")
    times, candidates = [], []
    outcome = {
        "duplicates": 0,
        "found": 0,
        "among_candidates": 0,
        "new_people": 0,
        "new_with_candidate": 0,
    }
    for position, row in enumerate(held.to_dict("records")):
        person = row.pop("person_key")
        row.pop("organisation")
        if position % 2 and row.get("family_name"):
            row["family_name"] = _typo(str(row["family_name"]), rng)
        started = time.perf_counter()
        found = checker.check(row)
        times.append((time.perf_counter() - started) * 1000)
        ids = checker.candidate_ids(checker_prepared(row))
        candidates.append(len(ids))
        if person in known_persons:
            outcome["duplicates"] += 1
            outcome["found"] += any(person_of[c.unique_id] == person for c in found)
            # Blocking alone: a record of the person among the candidates, whatever the score.
            outcome["among_candidates"] += any(person_of[i] == person for i in ids)
        else:
            outcome["new_people"] += 1
            outcome["new_with_candidate"] += bool(found)
    checker.close()
    result = {
        "checks": len(times),
        "p50_ms": float(np.percentile(times, 50)),
        "p95_ms": float(np.percentile(times, 95)),
        "max_ms": float(np.max(times)),
        "candidates_p50": float(np.percentile(candidates, 50)),
        "candidates_max": int(np.max(candidates)),
        **outcome,
        "recall": outcome["found"] / outcome["duplicates"] if outcome["duplicates"] else None,
        "check_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load_average": load(),
    }
    base.with_suffix(".check.json").write_text(json.dumps(result))


def checker_prepared(row: dict) -> dict:
    from schakel.linkage.engine.prepare import prepare_one

    return prepare_one({**row, "unique_id": -1})


def intake(records: int, seed: int, checks: int, database: str | None) -> dict[str, object]:
    base = _base(records, seed, checks, database)
    common = ["--records", str(records), "--seed", str(seed), "--checks", str(checks)]
    for step in ("intake-build", "intake-check"):
        extra = ["--intake-db", database] if database else []
        subprocess.run(  # noqa: S603 -- this script
            [sys.executable, __file__, "--step", step, *common, *extra], check=True
        )
    result: dict[str, object] = json.loads(base.with_suffix(".build.json").read_text())
    result.update(json.loads(base.with_suffix(".check.json").read_text()))
    return result


def febrl() -> dict[str, float]:
    from schakel.linkage.engine.febrl import febrl3_accuracy, febrl4_accuracy

    return {
        "febrl3_f1": febrl3_accuracy()["f1"],
        "febrl3_f1_without_ssn": febrl3_accuracy(without_ssn=True)["f1"],
        "febrl4_f1": febrl4_accuracy()["f1"],
        "febrl4_f1_without_ssn": febrl4_accuracy(without_ssn=True)["f1"],
    }


def run_size(records: int, seed: int, threshold: float | None) -> dict[str, object]:
    WORK.mkdir(exist_ok=True)
    data = data_path(records, seed)
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
            *(["--threshold", str(threshold)] if threshold is not None else []),
        ],
        check=True,
    )
    wall = time.perf_counter() - started
    result: dict[str, object] = json.loads(out.read_text())
    result["process_wall_s"] = wall
    result["records"] = int(__import__("pandas").read_parquet(data, columns=["unique_id"]).shape[0])
    result.update(cluster_accuracy(out.with_suffix(".clusters.parquet")))
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--accuracy", type=int, default=100_000)
    parser.add_argument("--checks", type=int, default=200)
    parser.add_argument(
        "--no-dedupe", action="store_true", help="at --records, only the intake checks"
    )
    parser.add_argument(
        "--intake-db",
        help="build and check the intake index in this PostgreSQL database (its tables "
        "linkage_intake* are replaced) instead of an SQLite file",
    )
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument(
        "--threshold", type=float, default=None, help="match threshold (default: the model's)"
    )
    parser.add_argument("--febrl", action="store_true")
    parser.add_argument("--step", choices=["generate", "dedupe", "intake-build", "intake-check"])
    args = parser.parse_args()
    if args.step == "generate":
        generate(args.records, data_path(args.records, args.seed), args.seed)
        return
    if args.step == "dedupe":
        dedupe(
            data_path(args.records, args.seed),
            WORK / f"result-{args.records}.json",
            args.threshold,
        )
        return
    if args.step == "intake-build":
        intake_build(args.records, args.seed, args.checks, args.intake_db)
        return
    if args.step == "intake-check":
        intake_check(args.records, args.seed, args.checks, args.intake_db)
        return
    print(f"load average at start: {load()} (cpus: {os.cpu_count()})", flush=True)
    if args.febrl:
        print(json.dumps({"febrl": febrl()}, indent=2), flush=True)
    if args.accuracy:
        print(
            json.dumps({"accuracy": run_size(args.accuracy, args.seed, args.threshold)}, indent=2),
            flush=True,
        )
    if args.records and not args.no_dedupe:
        print(
            json.dumps({"scale": run_size(args.records, args.seed, args.threshold)}, indent=2),
            flush=True,
        )
    if args.records and args.checks:
        WORK.mkdir(exist_ok=True)
        generate(args.records, data_path(args.records, args.seed), args.seed)
        print(
            json.dumps(
                {"intake": intake(args.records, args.seed, args.checks, args.intake_db)}, indent=2
            ),
            flush=True,
        )
    print(f"load average at end: {load()}", flush=True)


if __name__ == "__main__":
    main()
