"""One new record against all existing ones, within a request.

`build_index` writes the prepared records and their blocking keys into a DuckDB file: a
``keys`` table (one row per record and rule, sorted by key, so DuckDB's min/max row-group
statistics skip almost everything) and a ``records`` table. `IntakeIndex.check` prepares
the new record, looks up the records that share a blocking key, and scores them with the
model's own comparison SQL and its m and u probabilities (the same sum of log-weights
Splink's predict computes, without a Splink pipeline per request).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from .blocking import RULES, keys_one
from .model import TrainedModel
from .prepare import PREPARED_COLUMNS, prepare_one


@dataclass(frozen=True)
class Candidate:
    unique_id: Any
    person_id: Any
    match_probability: float
    match_weight: float


def _key_rows(frame: pd.DataFrame, *, right_side: bool) -> pd.DataFrame:
    """(key, unique_id) rows: "rule:value". A crossed rule stores its right-hand key for
    existing records and looks up with the left-hand key of the new one."""
    parts = []
    for rule in RULES:
        column = f"bk_{rule.name}_r" if (rule.crossed and right_side) else f"bk_{rule.name}"
        values = frame[[column, "unique_id"]].dropna()
        parts.append(
            pd.DataFrame(
                {
                    "key": rule.name + ":" + values[column].astype(str),
                    "unique_id": values["unique_id"],
                }
            )
        )
        if rule.crossed and right_side:
            # Pairs can be crossed either way round: store the left key under its own name.
            left = frame[[f"bk_{rule.name}", "unique_id"]].dropna()
            parts.append(
                pd.DataFrame(
                    {
                        "key": rule.name + "~:" + left[f"bk_{rule.name}"].astype(str),
                        "unique_id": left["unique_id"],
                    }
                )
            )
    return pd.concat(parts, ignore_index=True)


def build_index(
    prepared: pd.DataFrame, path: str | Path, *, person_ids: pd.Series | None = None
) -> Path:
    """Write the index of ``prepared`` (with ``bk_`` columns) to ``path`` (replaced)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".building")
    temporary.unlink(missing_ok=True)
    records = prepared[[c for c in PREPARED_COLUMNS if c in prepared.columns]].copy()
    records["person_id"] = person_ids.values if person_ids is not None else records["unique_id"]
    keys = _key_rows(prepared, right_side=True)
    with duckdb.connect(str(temporary)) as connection:
        connection.register("records_frame", records)
        connection.register("keys_frame", keys)
        connection.execute("CREATE TABLE records AS SELECT * FROM records_frame ORDER BY unique_id")
        connection.execute("CREATE TABLE keys AS SELECT * FROM keys_frame ORDER BY key")
        connection.execute("CREATE INDEX records_id ON records (unique_id)")
    temporary.replace(target)
    return target


def _level_sql(model: TrainedModel) -> tuple[str, list[list[tuple[float, float] | None]]]:
    """A SELECT of one gamma column per comparison, and (m, u) per level (None: null level)."""
    cases, levels = [], []
    for index, comparison in enumerate(model.settings["comparisons"]):
        branches, weights = [], []
        ordered = comparison["comparison_levels"]
        for level_index, level in enumerate(ordered):
            condition = level["sql_condition"]
            if condition.strip().upper() == "ELSE":
                branches.append(f"ELSE {level_index}")
            else:
                branches.append(f"WHEN {condition} THEN {level_index}")
            if level.get("is_null_level"):
                weights.append(None)
            else:
                weights.append((float(level["m_probability"]), float(level["u_probability"])))
        cases.append(f"CASE {' '.join(branches)} END AS g{index}")
        levels.append(weights)
    return ", ".join(cases), levels


class IntakeIndex:
    """A read-only connection to an index file plus the model to score with."""

    def __init__(self, path: str | Path, model: TrainedModel) -> None:
        self.path = Path(path)
        self.model = model
        self.connection = duckdb.connect(str(self.path), read_only=True)
        self._cases, self._levels = _level_sql(model)
        self._columns = [c for c in PREPARED_COLUMNS if c != "usable"]
        prior = float(model.settings["probability_two_random_records_match"])
        self._prior_weight = math.log2(prior / (1 - prior))

    def close(self) -> None:
        self.connection.close()

    def check(self, record: dict[str, Any], *, threshold: float | None = None) -> list[Candidate]:
        """Existing records that may be the same person as ``record``, most likely first."""
        cutoff = self.model.review_threshold if threshold is None else threshold
        prepared = prepare_one({**record, "unique_id": record.get("unique_id", -1)})
        if not prepared["usable"]:
            return []
        keys = keys_one(prepared)
        lookups = [
            f"{rule.name}:{keys[f'bk_{rule.name}']}" for rule in RULES if keys[f"bk_{rule.name}"]
        ]
        # The new record on the right of a crossed rule: its right-hand key against lefts.
        lookups += [
            f"{rule.name}~:{keys[f'bk_{rule.name}_r']}"
            for rule in RULES
            if rule.crossed and keys[f"bk_{rule.name}_r"]
        ]
        if not lookups:
            return []
        left = ", ".join(f"? AS {c}_l" for c in self._columns)
        right = ", ".join(f"r.{c} AS {c}_r" for c in self._columns)
        placeholders = ", ".join("?" for _ in lookups)
        # Two steps, each a pruned scan of a sorted table: the candidate ids from ``keys``,
        # then those records by id (a join would read all of ``records`` per check).
        ids = [
            row[0]
            for row in self.connection.execute(
                f"SELECT DISTINCT unique_id FROM keys WHERE key IN ({placeholders})",  # noqa: S608
                lookups,
            ).fetchall()
        ]
        if not ids:
            return []
        id_list = ", ".join("?" for _ in ids)
        sql = f"""
            WITH pairs AS (
                SELECT r.person_id, r.unique_id AS candidate, {left}, {right}
                FROM records r WHERE r.unique_id IN ({id_list})
            )
            SELECT candidate, person_id, {self._cases} FROM pairs
        """  # noqa: S608
        parameters = [*[prepared[c] for c in self._columns], *ids]
        rows = self.connection.execute(sql, parameters).fetchall()
        results = []
        for candidate, person_id, *gammas in rows:
            weight = self._prior_weight
            for gamma, levels in zip(gammas, self._levels, strict=True):
                level = levels[gamma]
                if level is not None:
                    m, u = level
                    weight += math.log2(m / u)
            probability = 2**weight / (1 + 2**weight)
            if probability >= cutoff:
                results.append(Candidate(candidate, person_id, probability, weight))
        return sorted(results, key=lambda c: -c.match_probability)
