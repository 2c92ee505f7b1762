"""Which true pairs the batch linkage misses, by the evidence the two records share.

Run: ``.venv/bin/python bench/linkage_missed.py [--records 100000]`` (after
``bench_linkage.py --accuracy N --records 0``, whose cached data and clusters it reads).
Prints a table (markdown) of the missed true pairs (same person, different cluster).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jellyfish
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
import bench_linkage as bl  # noqa: E402

from schakel.linkage.engine.prepare import prepare  # noqa: E402


def evidence(a: pd.Series, b: pd.Series) -> dict[str, object]:
    def same(col: str) -> str:
        x, y = a[col], b[col]
        if x is None or y is None or (isinstance(x, float) and pd.isna(x)) or pd.isna(y):
            return "missing"
        return "same" if x == y else "different"

    def name_sim(col: str) -> float | None:
        x, y = a[col], b[col]
        if not x or not y:
            return None
        return jellyfish.jaro_winkler_similarity(x, y)

    fam, giv = name_sim("family"), name_sim("given")
    if a["family"] is None and a["given"] is None or b["family"] is None and b["given"] is None:
        names = "no name on one side"
    elif (a["family"], a["given"]) == (b["family"], b["given"]):
        names = "names equal"
    elif a["family"] == b["given"] or a["given"] == b["family"]:
        names = "names swapped"
    elif (fam or 0) >= 0.88 and (giv or 0) >= 0.88:
        names = "names similar (JW ≥ 0.88)"
    elif (fam or 0) >= 0.88 or (giv or 0) >= 0.88:
        names = "one name similar"
    else:
        names = "names different"
    if a["dob"] is not None and b["dob"] is not None:
        dob = "dob equal" if a["dob"] == b["dob"] else "dob differs"
    elif pd.notna(a["birth_year"]) and pd.notna(b["birth_year"]):
        dob = "year equal, no date" if a["birth_year"] == b["birth_year"] else "year differs (est.)"
    else:
        dob = "no year on one side"
    strong = [c for c in ("document", "phone") if same(c) == "same"]
    return {
        "names": names,
        "dob": dob,
        "doc/phone": "+".join(strong) or "none",
        "nationality": same("nationality"),
        "gender": same("gender"),
        "place": same("place"),
        "municipality": same("municipality"),
        "alias": same("alias"),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    data = bl.data_path(args.records, args.seed)
    clusters = pd.read_parquet(bl.WORK / f"result-{args.records}.clusters.parquet")
    frame = pd.read_parquet(data)
    prepared = prepare(frame.drop(columns=["person_key", "organisation"]))
    prepared["person_key"] = frame["person_key"].values
    prepared = prepared.merge(clusters[["unique_id", "cluster"]], on="unique_id")
    by_id = prepared.set_index("unique_id")
    rows = []
    for _, group in prepared.groupby("person_key"):
        if len(group) < 2:
            continue
        ids = list(group["unique_id"])
        for i, x in enumerate(ids):
            for y in ids[i + 1 :]:
                a, b = by_id.loc[x], by_id.loc[y]
                if a["cluster"] == b["cluster"]:
                    continue
                rows.append(evidence(a, b))
    missed = pd.DataFrame(rows)
    true = bl.cluster_accuracy(bl.WORK / f"result-{args.records}.clusters.parquet")["true_pairs"]
    print(f"missed true pairs: {len(missed)} of {true}\n")
    for column in missed.columns:
        counts = missed[column].value_counts()
        print(f"| {column} | " + " · ".join(f"{k}: {v} ({v / len(missed):.0%})" for k, v in counts.items()) + " |")
    print()
    combo = missed.groupby(["names", "dob", "doc/phone"]).size().sort_values(ascending=False)
    print(combo.head(25).to_string())
    print()
    nodob = missed[missed["dob"].isin(["no year on one side", "year differs (est.)", "year equal, no date"])]
    print("context when dob does not decide:")
    for column in ("nationality", "gender", "place", "municipality", "alias"):
        counts = nodob[column].value_counts()
        print(column, dict(counts))


if __name__ == "__main__":
    main()
