"""Which true pairs the batch linkage misses, by the evidence the two records share.

Run after ``bench_linkage.py --accuracy N --records 0`` (it reads that run's cached data,
model file and clusters): ``.venv/bin/python bench/linkage_missed.py [--records 100000]``.
Prints, for the missed true pairs (same person, different cluster), what the two records
share and how the model scored them (not blocked, or the band of the match probability).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
import jellyfish
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
import bench_linkage as bl

from schakel.linkage.engine.model import TrainedModel
from schakel.linkage.engine.run import predict_pairs, prepare_all


def _value(row: pd.Series, column: str) -> object:
    value = row[column]
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def evidence(a: pd.Series, b: pd.Series) -> dict[str, str]:
    def same(column: str) -> str:
        x, y = _value(a, column), _value(b, column)
        if x is None or y is None:
            return "missing"
        return "same" if x == y else "different"

    def similarity(column: str) -> float:
        x, y = _value(a, column), _value(b, column)
        return jellyfish.jaro_winkler_similarity(x, y) if x and y else 0.0  # type: ignore[arg-type]

    nameless = [_value(r, "family") is None and _value(r, "given") is None for r in (a, b)]
    family, given = similarity("family"), similarity("given")
    if any(nameless):
        names = "no name on one side"
    elif (a["family"], a["given"]) == (b["family"], b["given"]):
        names = "names equal"
    elif a["family"] == b["given"] or a["given"] == b["family"]:
        names = "names swapped"
    elif family >= 0.88 and given >= 0.88:
        names = "names similar (JW ≥ 0.88)"
    elif family >= 0.88 or given >= 0.88:
        names = "one name similar"
    else:
        names = "names different"
    if _value(a, "dob") and _value(b, "dob"):
        dob = "dob equal" if a["dob"] == b["dob"] else "dob differs"
    elif _value(a, "birth_year") is not None and _value(b, "birth_year") is not None:
        dob = "year equal, no date" if a["birth_year"] == b["birth_year"] else "year differs"
    else:
        dob = "no year on one side"
    days = (
        abs(int(a["reported_day"]) - int(b["reported_day"]))
        if _value(a, "reported_day") is not None and _value(b, "reported_day") is not None
        else None
    )
    return {
        "names": names,
        "dob": dob,
        "document/phone": "+".join(c for c in ("document", "phone") if same(c) == "same")
        or "neither",
        "nationality": same("nationality"),
        "gender": same("gender"),
        "birth place": same("place"),
        "municipality": same("municipality"),
        "alias": same("alias"),
        "reports ≤ 60 days apart": "unknown" if days is None else str(days <= 60).lower(),
    }


def band(probability: float | None) -> str:
    if probability is None:
        return "not blocked"
    for limit, name in ((0.2, "< 0.2"), (0.5, "0.2–0.5"), (0.95, "0.5–0.95")):
        if probability < limit:
            return name
    return "≥ 0.95 (not joined)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    frame = pd.read_parquet(bl.data_path(args.records, args.seed))
    clusters = pd.read_parquet(bl.WORK / f"result-{args.records}.clusters.parquet")
    model = TrainedModel.load(bl.WORK / f"result-{args.records}.model.json")
    prepared = prepare_all(
        frame.drop(columns=["person_key", "organisation"]),
        connection=duckdb.connect(config={"threads": 2}),
    )
    pairs = predict_pairs(prepared, model, threshold=0.0)
    score = {
        (min(a, b), max(a, b)): p
        for a, b, p in zip(
            pairs.unique_id_l, pairs.unique_id_r, pairs.match_probability, strict=True
        )
    }
    records = prepared.frames[0].set_index("unique_id")
    cluster_of = dict(zip(clusters.unique_id, clusters.cluster, strict=True))
    rows = []
    for _, ids in frame.groupby("person_key")["unique_id"]:
        members = sorted(ids)
        for i, x in enumerate(members):
            for y in members[i + 1 :]:
                if cluster_of[x] == cluster_of[y]:
                    continue
                row = evidence(records.loc[x], records.loc[y])
                row["model"] = band(score.get((x, y)))
                rows.append(row)
    missed = pd.DataFrame(rows)
    true = bl.cluster_accuracy(bl.WORK / f"result-{args.records}.clusters.parquet")["true_pairs"]
    print(f"missed true pairs: {len(missed)} of {true}\n")
    print("| evidence | missed pairs |\n|---|---|")
    for column in missed.columns:
        counts = missed[column].value_counts()
        shares = " · ".join(f"{k}: {v} ({v / len(missed):.0%})" for k, v in counts.items())
        print(f"| {column} | {shares} |")
    print()
    for column in ("names", "dob"):
        table = pd.crosstab(missed[column], missed["model"], margins=True)
        print(f"| {column} | " + " | ".join(map(str, table.columns)) + " |")
        print("|---" * (len(table.columns) + 1) + "|")
        for name, counts in table.iterrows():
            print(f"| {name} | " + " | ".join(str(v) for v in counts) + " |")
        print()


if __name__ == "__main__":
    main()
