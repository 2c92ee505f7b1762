"""One new record against all existing ones, within a request.

The intake index is two plain tables in a SQL database (the registry's own PostgreSQL or
SQLite; the benchmark uses an SQLite file), so one check is a bounded number of B-tree
look-ups whatever the number of records:

- ``linkage_intakekey (key_hash, record_id)``, B-tree on ``(key_hash, record_id)``: one row
  per record and blocking rule. ``key_hash`` is the first 8 bytes of BLAKE2b of
  ``"<rule>:<key>"`` as a signed 64-bit integer (stable across versions and processes; a
  collision only adds a candidate, which the scoring then rejects). Keys are stored
  uncapped; the look-up reads at most ``max_block + 1`` ids per key and drops a key with
  more, as the batch caps a block larger than ``max_block`` (a namesake block cannot turn a
  check into a scan).
- ``linkage_intakerecord (record_id primary key, data)``: the prepared comparison columns
  of each record as JSON, fetched by id.

`IntakeIndex.check` prepares the new record in plain Python, looks up its keys (one
statement: one ``LIMIT``-ed index range per key), fetches the candidates by primary key and
scores them: the comparison levels are decided by the model's own level SQL, run by an
in-memory DuckDB over the few candidate rows (so Jaro-Winkler and Damerau-Levenshtein are
exactly Splink's), and the match weight is the sum of the levels' log2(m/u) plus the prior,
in numpy: the same numbers Splink's ``predict`` gives for the pair (tests/linkage compare
them). Term-frequency adjustments are applied when the model has them, from the term
frequencies stored with the index (``linkage_intaketerm``).

The engine knows nothing of Django: it takes a DB-API connection and its placeholder
(``%s`` for Django's cursors and psycopg, ``?`` for sqlite3).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from .blocking import RULES, keys_one
from .levels import UnsupportedLevel, compile_comparison
from .model import TrainedModel
from .prepare import PREPARED_COLUMNS, prepare_one

KEY_TABLE = "linkage_intakekey"
RECORD_TABLE = "linkage_intakerecord"
# Comparison columns stored per record (the key columns are only needed to build keys).
DATA_COLUMNS = tuple(c for c in PREPARED_COLUMNS if c not in {"unique_id", "usable"})
DEFAULT_MAX_BLOCK = 400


@dataclass(frozen=True)
class Candidate:
    unique_id: Any
    match_probability: float
    match_weight: float


def key_hash(text: str) -> int:
    """The stored form of one blocking key: a signed 64-bit integer (fits BIGINT)."""
    return int.from_bytes(
        hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True
    )


def _lookup_keys(keys: dict[str, str | None]) -> list[str]:
    """The keys a new record looks up: a crossed rule stores the right-hand key of existing
    records under its name and the left-hand key under "<name>~", so the new record finds
    pairs crossed either way round (as the batch's ``l.bk_x = r.bk_x_r``)."""
    lookups = [f"{r.name}:{keys[f'bk_{r.name}']}" for r in RULES if keys[f"bk_{r.name}"]]
    lookups += [
        f"{r.name}~:{keys[f'bk_{r.name}_r']}" for r in RULES if r.crossed and keys[f"bk_{r.name}_r"]
    ]
    return lookups


def _stored_keys(keys: dict[str, str | None]) -> list[str]:
    """The keys an existing record is stored under (the mirror image of `_lookup_keys`)."""
    stored = []
    for rule in RULES:
        if rule.crossed:
            if keys[f"bk_{rule.name}_r"]:
                stored.append(f"{rule.name}:{keys[f'bk_{rule.name}_r']}")
            if keys[f"bk_{rule.name}"]:
                stored.append(f"{rule.name}~:{keys[f'bk_{rule.name}']}")
        elif keys[f"bk_{rule.name}"]:
            stored.append(f"{rule.name}:{keys[f'bk_{rule.name}']}")
    return stored


def _plain(value: Any) -> Any:
    """A JSON-able Python value (numpy and pandas scalars, NA as None)."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    return value


def index_rows(
    prepared: pd.DataFrame | Iterable[dict[str, Any]],
) -> Iterator[tuple[int, str, list[int]]]:
    """(record id, JSON of the comparison columns, key hashes) per usable prepared record.

    ``prepared``: the output of `prepare.prepare` / `prepare_one` (uncapped keys are built
    here). A record without any usable identifying field gets no row: never compared.
    """
    rows: Iterable[dict[str, Any]]
    if isinstance(prepared, pd.DataFrame):
        columns = [c for c in PREPARED_COLUMNS if c in prepared.columns]
        rows = (
            dict(zip(columns, values, strict=True))
            for values in prepared[columns].itertuples(index=False, name=None)
        )
    else:
        rows = prepared
    for row in rows:
        record = {c: _plain(row.get(c)) for c in PREPARED_COLUMNS}
        if not record["usable"]:
            continue
        hashes = sorted({key_hash(k) for k in _stored_keys(keys_one(record))})
        data = json.dumps([record[c] for c in DATA_COLUMNS], separators=(",", ":"))
        yield int(record["unique_id"]), data, hashes


SQLITE_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {RECORD_TABLE} "
    "(record_id INTEGER PRIMARY KEY, data TEXT NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {KEY_TABLE} "
    "(key_hash INTEGER NOT NULL, record_id INTEGER NOT NULL)",
)
KEY_INDEXES = (
    f"CREATE INDEX IF NOT EXISTS {KEY_TABLE}_key ON {KEY_TABLE} (key_hash, record_id)",
    f"CREATE INDEX IF NOT EXISTS {KEY_TABLE}_record ON {KEY_TABLE} (record_id)",
)


def write_index(
    connection: Any,
    prepared: pd.DataFrame | Iterable[dict[str, Any]],
    *,
    placeholder: str = "%s",
    replace: bool = True,
    batch_size: int = 20_000,
) -> int:
    """Write the index rows of ``prepared`` (all of the index when ``replace``, else the given
    records replaced). The caller owns the transaction. Returns the records written."""
    cursor = connection.cursor()
    p = placeholder
    written = 0
    if replace:
        cursor.execute(f"DELETE FROM {KEY_TABLE}")  # noqa: S608 -- constant table names
        cursor.execute(f"DELETE FROM {RECORD_TABLE}")  # noqa: S608
    records: list[tuple[int, str]] = []
    keys: list[tuple[int, int]] = []

    def flush() -> None:
        if not replace and records:
            remove_records(connection, [r[0] for r in records], placeholder=placeholder)
        cursor.executemany(
            f"INSERT INTO {RECORD_TABLE} (record_id, data) VALUES ({p}, {p})",  # noqa: S608
            records,
        )
        cursor.executemany(
            f"INSERT INTO {KEY_TABLE} (key_hash, record_id) VALUES ({p}, {p})",  # noqa: S608
            keys,
        )
        records.clear()
        keys.clear()

    for record_id, data, hashes in index_rows(prepared):
        records.append((record_id, data))
        keys.extend((h, record_id) for h in hashes)
        written += 1
        if len(records) >= batch_size:
            flush()
    flush()
    return written


def remove_records(connection: Any, record_ids: Sequence[int], *, placeholder: str = "%s") -> None:
    """Take records out of the index (deleted, turned back into a draft, restricted)."""
    if not record_ids:
        return
    cursor = connection.cursor()
    ids = list(record_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join(placeholder for _ in chunk)
        cursor.execute(f"DELETE FROM {KEY_TABLE} WHERE record_id IN ({marks})", chunk)  # noqa: S608
        cursor.execute(f"DELETE FROM {RECORD_TABLE} WHERE record_id IN ({marks})", chunk)  # noqa: S608


def build_sqlite(path: str, prepared: pd.DataFrame) -> int:
    """A stand-alone SQLite index file (the benchmark; the registry uses its own database).

    The keys are inserted first and indexed afterwards, which is several times faster than
    maintaining the B-tree row by row."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        for statement in SQLITE_SCHEMA:
            connection.execute(statement)
        written = write_index(connection, prepared, placeholder="?", replace=True)
        for statement in KEY_INDEXES:
            connection.execute(statement)
        connection.commit()
        connection.execute("ANALYZE")
    finally:
        connection.close()
    return written


def _levels(model: TrainedModel) -> tuple[str, list[np.ndarray], list[list[bool]]]:
    """A SELECT list of one gamma column per comparison, the log2(m/u) per level (0 for the
    null level) and which levels are null levels."""
    cases, weights, nulls = [], [], []
    for index, comparison in enumerate(model.settings["comparisons"]):
        branches, level_weights, level_nulls = [], [], []
        for level_index, level in enumerate(comparison["comparison_levels"]):
            condition = level["sql_condition"]
            if condition.strip().upper() == "ELSE":
                branches.append(f"ELSE {level_index}")
            else:
                branches.append(f"WHEN {condition} THEN {level_index}")
            if level.get("is_null_level"):
                level_weights.append(0.0)
                level_nulls.append(True)
            else:
                m, u = float(level["m_probability"]), float(level["u_probability"])
                level_weights.append(math.log2(m / u))
                level_nulls.append(False)
        cases.append(f"CASE {' '.join(branches)} END AS g{index}")
        weights.append(np.array(level_weights))
        nulls.append(level_nulls)
    return ", ".join(cases), weights, nulls


class IntakeIndex:
    """Checks against the intake index in ``connection`` with ``model``'s parameters."""

    def __init__(
        self,
        connection: Any,
        model: TrainedModel,
        *,
        placeholder: str = "%s",
        max_block: int | None = None,
    ) -> None:
        self.connection = connection
        self.model = model
        self.placeholder = placeholder
        self.max_block = model.max_block if max_block is None else max_block
        self._cases, self._weights, self._nulls = _levels(model)
        prior = float(model.settings["probability_two_random_records_match"])
        self._prior_weight = math.log2(prior / (1 - prior))
        self._sql = f"SELECT {self._cases} FROM pairs"  # noqa: S608 -- the model's own SQL
        self._python: list[Any] | None
        try:
            self._python = [
                compile_comparison([level["sql_condition"] for level in c["comparison_levels"]])
                for c in model.settings["comparisons"]
            ]
        except UnsupportedLevel:
            self._python = None
        self._scorer = duckdb.connect(":memory:")
        self._scorer.execute("SET threads = 1")

    def close(self) -> None:
        self._scorer.close()

    def candidate_ids(self, record: dict[str, Any]) -> list[int]:
        """Ids of existing records sharing a blocking key with the prepared ``record``."""
        lookups = _lookup_keys(keys_one(record))
        if not lookups:
            return []
        p, limit = self.placeholder, self.max_block + 1
        parts = [
            f"SELECT * FROM (SELECT {i} AS k, record_id FROM {KEY_TABLE} "  # noqa: S608
            f"WHERE key_hash = {p} LIMIT {limit}) AS b{i}"
            for i in range(len(lookups))
        ]
        cursor = self.connection.cursor()
        cursor.execute(" UNION ALL ".join(parts), [key_hash(k) for k in lookups])
        per_key: dict[int, list[int]] = {}
        for k, record_id in cursor.fetchall():
            per_key.setdefault(k, []).append(record_id)
        ids: set[int] = set()
        for found in per_key.values():
            if len(found) <= self.max_block:  # a larger block is capped, as in the batch
                ids.update(found)
        return sorted(ids)

    def fetch(self, ids: Sequence[int]) -> list[tuple[int, list[Any]]]:
        if not ids:
            return []
        cursor = self.connection.cursor()
        marks = ", ".join(self.placeholder for _ in ids)
        cursor.execute(
            f"SELECT record_id, data FROM {RECORD_TABLE} WHERE record_id IN ({marks})",  # noqa: S608
            list(ids),
        )
        return [(record_id, json.loads(data)) for record_id, data in cursor.fetchall()]

    @staticmethod
    def _new_on_left(own: Any, candidate: int) -> bool:
        """Splink's pairs have the smaller id on the left; a record without an id yet (or
        a negative one) is newer than every existing one, so it goes on the right."""
        return bool(isinstance(own, int | np.integer) and 0 <= own < candidate)

    def gammas(
        self, record: dict[str, Any], candidates: Sequence[tuple[int, list[Any]]]
    ) -> np.ndarray:
        """The level index of each comparison (columns) for each candidate (rows)."""
        own = record.get("unique_id")
        sides = []
        for record_id, data in candidates:
            existing = dict(zip(DATA_COLUMNS, data, strict=True))
            new_left = self._new_on_left(own, record_id)
            sides.append((record, existing) if new_left else (existing, record))
        if self._python is not None:
            rows = [[gamma(left, right) for gamma in self._python] for left, right in sides]
        else:
            rows = self._duckdb_gammas(sides)
        return np.array(rows, dtype=np.int64).reshape(len(candidates), len(self._weights))

    def _duckdb_gammas(self, sides: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[Any]:
        frame: dict[str, Any] = {}
        for column in DATA_COLUMNS:
            frame[f"{column}_l"] = [left.get(column) for left, _ in sides]
            frame[f"{column}_r"] = [right.get(column) for _, right in sides]
        pairs = pd.DataFrame(frame)
        for column in ("birth_year", "birth_month", "birth_day"):
            for side in ("_l", "_r"):
                pairs[column + side] = pairs[column + side].astype("Int64")
        self._scorer.register("pairs", pairs)
        try:
            return self._scorer.execute(self._sql).fetchall()
        finally:
            self._scorer.unregister("pairs")

    def score(
        self, record: dict[str, Any], candidates: Sequence[tuple[int, list[Any]]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Match weights and probabilities of ``record`` (prepared) against each candidate."""
        if not candidates:
            return np.zeros(0), np.zeros(0)
        gammas = self.gammas(record, candidates)
        weight = np.full(len(candidates), self._prior_weight)
        for column, level_weights in enumerate(self._weights):
            weight += level_weights[gammas[:, column]]
        probability = np.exp2(weight) / (1 + np.exp2(weight))
        return weight, probability

    def check(self, record: dict[str, Any], *, threshold: float | None = None) -> list[Candidate]:
        """Existing records that may be the same person as ``record``, most likely first."""
        cutoff = self.model.review_threshold if threshold is None else threshold
        prepared = prepare_one({**record, "unique_id": record.get("unique_id")})
        if not prepared["usable"]:
            return []
        own = record.get("unique_id")
        candidates = [c for c in self.fetch(self.candidate_ids(prepared)) if c[0] != own]
        weights, probabilities = self.score(prepared, candidates)
        found = [
            Candidate(record_id, float(probability), float(weight))
            for (record_id, _), weight, probability in zip(
                candidates, weights, probabilities, strict=True
            )
            if probability >= cutoff
        ]
        return sorted(found, key=lambda c: (-c.match_probability, c.unique_id))
