"""One new record against all existing ones, within a request.

The intake index is three plain tables in a SQL database (the registry's own PostgreSQL or
SQLite; the benchmark uses an SQLite file), so one check is a bounded number of B-tree
look-ups whatever the number of records:

- ``linkage_intakekey (key_hash, record_id)``, B-tree on ``(key_hash, record_id)``: one row
  per record and blocking rule. ``key_hash`` is the first 8 bytes of BLAKE2b of
  ``"<rule>:<key>"`` as a signed 64-bit integer (stable across versions and processes; a
  collision only adds a candidate, which the scoring then rejects). Keys are stored
  uncapped; the look-up reads at most cap + 1 ids per key (the rule's own cap, else
  ``max_block``) and drops a key whose block is larger, as the batch caps it (a namesake
  block cannot turn a check into a scan).
- ``linkage_intakerecord (record_id primary key, data)``: the prepared comparison columns
  of each record as JSON (by name, only those with a value), fetched by id.
- ``linkage_intaketerm (column_name, value, frequency)``: term frequencies of the columns
  the model adjusts for (`write_terms`), looked up per value.

`IntakeIndex.check` prepares the new record in plain Python, looks up its keys (one
statement: one ``LIMIT``-ed index range per key), fetches the candidates by primary key and
scores them: the level of each comparison is decided by the model's own level SQL compiled
to Python (`levels.py`; an in-memory DuckDB runs the SQL itself when a condition cannot be
compiled), and the match weight is the prior plus the levels' log2(m/u) plus Splink's
term-frequency adjustment where the model's levels have one, summed in numpy: the numbers
Splink's ``predict`` gives for the pair (tests/linkage/test_intake.py compares them). The
new record is the right-hand side of each pair, as a newer record is in Splink's pairs
(smaller id left): the model's "names swapped" level is one-sided.

The engine knows nothing of Django: it takes a DB-API connection and its placeholder
(``%s`` for Django's cursors and psycopg, ``?`` for sqlite3).
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import jellyfish
import numpy as np
import pandas as pd

from .blocking import RULES, BlockingRule, keys_one, split_keys_one
from .levels import UnsupportedLevel, compile_comparison
from .model import TrainedModel
from .prepare import PREPARED_COLUMNS, prepare_one

KEY_TABLE = "linkage_intakekey"
RECORD_TABLE = "linkage_intakerecord"
TERM_TABLE = "linkage_intaketerm"
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


def _lookup_keys(keys: dict[str, str | None]) -> list[tuple[BlockingRule, str]]:
    """(rule, key) the new record looks up: a crossed rule stores the right-hand key of
    existing records under its name and the left-hand key under "<name>~", so the new record
    finds pairs crossed either way round (as the batch's ``l.bk_x = r.bk_x_r``)."""
    lookups = [(r, f"{r.name}:{keys[f'bk_{r.name}']}") for r in RULES if keys.get(f"bk_{r.name}")]
    lookups += [
        (r, f"{r.name}~:{keys[f'bk_{r.name}_r']}")
        for r in RULES
        if r.crossed and keys.get(f"bk_{r.name}_r")
    ]
    return lookups


def dates_close(left: dict[str, Any], right: dict[str, Any]) -> bool:
    """The batch's condition on name-only rules (``dates_close``): a date of birth missing
    on one side, or the two at most two characters apart."""
    first, second = left.get("dob"), right.get("dob")
    if first is None or second is None:
        return True
    return bool(jellyfish.levenshtein_distance(first, second) <= 2)


def _stored_keys(keys: dict[str, str | None]) -> list[str]:
    """The keys an existing record is stored under (the mirror image of `_lookup_keys`)."""
    stored = []
    for rule in RULES:
        if f"bk_{rule.name}" not in keys:
            continue
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
        stored = _stored_keys(keys_one(record)) + _stored_keys(split_keys_one(record))
        hashes = sorted({key_hash(k) for k in stored})
        # Only the columns with a value, by name: compact, and an index written before a
        # prepared column was added still reads (the new column is NULL until a rebuild).
        data = json.dumps(
            {c: record[c] for c in DATA_COLUMNS if record[c] is not None}, separators=(",", ":")
        )
        yield int(record["unique_id"]), data, hashes


SQLITE_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {TERM_TABLE} "
    "(column_name TEXT NOT NULL, value TEXT NOT NULL, frequency REAL NOT NULL, "
    "PRIMARY KEY (column_name, value))",
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
    term_columns: Sequence[str] = (),
) -> int:
    """Write the index rows of ``prepared`` (all of the index when ``replace``, with the
    term frequencies of ``term_columns`` over ``prepared``; else the given records replaced,
    frequencies unchanged until the next full write). The caller owns the transaction.
    Returns the records written."""
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
        _insert(cursor, RECORD_TABLE, ("record_id", "data"), records, p)
        _insert(cursor, KEY_TABLE, ("key_hash", "record_id"), keys, p)
        records.clear()
        keys.clear()

    for record_id, data, hashes in index_rows(prepared):
        records.append((record_id, data))
        keys.extend((h, record_id) for h in hashes)
        written += 1
        if len(records) >= batch_size:
            flush()
    flush()
    if replace and isinstance(prepared, pd.DataFrame):
        write_terms(connection, prepared, term_columns, placeholder=placeholder)
    return written


def _insert(
    cursor: Any, table: str, columns: tuple[str, ...], rows: list[Any], placeholder: str
) -> None:
    """COPY where the driver has it (psycopg 3, also through Django's cursor), else
    executemany (sqlite3)."""
    if not rows:
        return
    names = ", ".join(columns)
    copy = getattr(cursor, "copy", None)
    if copy is not None:
        with copy(f"COPY {table} ({names}) FROM STDIN") as stream:
            for row in rows:
                stream.write_row(row)
        return
    marks = ", ".join(placeholder for _ in columns)
    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


def term_frequency_columns(model: TrainedModel) -> list[str]:
    """The columns the model's levels adjust for term frequency."""
    columns = []
    for comparison in model.settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            column = level.get("tf_adjustment_column")
            if column and column not in columns:
                columns.append(column)
    return columns


def write_terms(
    connection: Any, prepared: pd.DataFrame, columns: Sequence[str], *, placeholder: str = "%s"
) -> None:
    """Replace the term frequencies: per column, each value's share of the records with a
    value (Splink's ``__splink__df_tf_<column>``: count / non-null count)."""
    cursor = connection.cursor()
    cursor.execute(f"DELETE FROM {TERM_TABLE}")  # noqa: S608 -- constant table name
    rows: list[Any] = []
    for column in columns:
        if column not in prepared.columns:
            continue
        values = prepared[column].dropna()
        counts = values.value_counts()
        total = float(len(values))
        rows += [(column, str(v), float(n) / total) for v, n in counts.items()]
    _insert(cursor, TERM_TABLE, ("column_name", "value", "frequency"), rows, placeholder)


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


def replace_records(
    connection: Any,
    record_ids: Sequence[int],
    prepared: Iterable[dict[str, Any]],
    *,
    placeholder: str = "%s",
) -> int:
    """Bring a few records up to date in the index (a report saved in a request): their
    old rows go, the usable ones among ``prepared`` (`prepare_one` output) are written again
    with the rows `write_index` writes for them; an id in ``record_ids`` without a usable
    prepared record (deleted, draft, restricted, nothing identifying) just leaves the index.
    Plain multi-row INSERTs: a handful of statements, no DataFrame, no COPY set-up. The
    caller owns the transaction. Returns the records written."""
    rows = list(index_rows(prepared))
    remove_records(
        connection,
        sorted({int(i) for i in record_ids} | {r[0] for r in rows}),
        placeholder=placeholder,
    )
    cursor = connection.cursor()
    _insert_values(
        cursor, RECORD_TABLE, ("record_id", "data"), [(r, d) for r, d, _ in rows], placeholder
    )
    _insert_values(
        cursor,
        KEY_TABLE,
        ("key_hash", "record_id"),
        [(h, r) for r, _, hashes in rows for h in hashes],
        placeholder,
    )
    return len(rows)


def _insert_values(
    cursor: Any,
    table: str,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    placeholder: str,
    *,
    chunk: int = 400,
) -> None:
    """One ``INSERT ... VALUES (...), (...)`` per ``chunk`` rows."""
    names = ", ".join(columns)
    mark = "(" + ", ".join(placeholder for _ in columns) + ")"
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        cursor.execute(
            f"INSERT INTO {table} ({names}) VALUES {', '.join(mark for _ in part)}",  # noqa: S608
            [value for row in part for value in row],
        )


POSTGRES_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {TERM_TABLE} (column_name text, value text, "
    "frequency double precision NOT NULL, PRIMARY KEY (column_name, value))",
    f"CREATE TABLE IF NOT EXISTS {RECORD_TABLE} (record_id bigint PRIMARY KEY, data text NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {KEY_TABLE} "
    "(id bigserial PRIMARY KEY, key_hash bigint NOT NULL, record_id bigint NOT NULL)",
)


def build_postgres(url: str, prepared: pd.DataFrame, term_columns: Sequence[str] = ()) -> int:
    """The index in a PostgreSQL database of its own (the benchmark; the registry's tables
    come from the linkage migration): COPY, then the indexes, then VACUUM ANALYZE so that
    look-ups are index-only scans."""
    import psycopg

    with psycopg.connect(url) as connection:
        for table in (KEY_TABLE, RECORD_TABLE, TERM_TABLE):
            connection.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in POSTGRES_SCHEMA:
            connection.execute(statement)
        written = write_index(
            connection, prepared, placeholder="%s", replace=True, term_columns=term_columns
        )
        for statement in KEY_INDEXES:
            connection.execute(statement)
        connection.commit()
        connection.autocommit = True
        connection.execute(f"VACUUM ANALYZE {KEY_TABLE}")
        connection.execute(f"VACUUM ANALYZE {RECORD_TABLE}")
    return written


def build_sqlite(path: str, prepared: pd.DataFrame, term_columns: Sequence[str] = ()) -> int:
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
        written = write_index(
            connection, prepared, placeholder="?", replace=True, term_columns=term_columns
        )
        for statement in KEY_INDEXES:
            connection.execute(statement)
        connection.commit()
        connection.execute("ANALYZE")
    finally:
        connection.close()
    return written


@dataclass(frozen=True)
class TermAdjustment:
    """Splink's term-frequency adjustment of one level: ``weight`` × (log2 u of the exact
    match level on ``column`` − log2 max(tf_l, tf_r, minimum)), a missing side taking the
    other's frequency; nothing when neither value has a frequency."""

    column: str
    weight: float
    log2_u_exact: float
    minimum: float


def _bare(condition: str) -> str:
    return condition.replace('"', "").replace(" ", "").lower()


def _term_adjustments(model: TrainedModel) -> list[list[TermAdjustment | None]]:
    adjustments = []
    for comparison in model.settings["comparisons"]:
        levels = comparison["comparison_levels"]
        per_level: list[TermAdjustment | None] = []
        for level in levels:
            column = level.get("tf_adjustment_column")
            weight = float(level.get("tf_adjustment_weight", 1.0) or 0.0)
            if not column or weight == 0 or level.get("is_null_level"):
                per_level.append(None)
                continue
            if level["sql_condition"].strip().upper() == "ELSE":
                per_level.append(None)
                continue
            if level.get("disable_tf_exact_match_detection"):
                u_exact = float(level["u_probability"])
            else:
                exact = f"{column}_l={column}_r".lower()
                matches = [lv for lv in levels if _bare(lv["sql_condition"]) == exact]
                if not matches:
                    raise ValueError(f"no exact match level on {column} for its tf adjustment")
                u_exact = float(matches[0]["u_probability"])
            per_level.append(
                TermAdjustment(
                    column, weight, math.log2(u_exact), float(level.get("tf_minimum_u_value", 0))
                )
            )
        adjustments.append(per_level)
    return adjustments


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
        self._terms = _term_adjustments(model)
        self._term_columns = term_frequency_columns(model)
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
        self._scorer: Any = None  # DuckDB, only when a level cannot be compiled
        self._scorer_lock = threading.Lock()

    def close(self) -> None:
        if self._scorer is not None:
            self._scorer.close()
            self._scorer = None

    def candidates(self, record: dict[str, Any]) -> dict[int, bool]:
        """Existing records sharing a blocking key with the prepared ``record``: id → whether
        the pair needs close dates of birth (found only through rules that ask for them)."""
        lookups = _lookup_keys(keys_one(record))
        # A rule that splits an over-cap block: its split key stands in for its key when
        # that block is over the cap (as the batch keys the record then).
        split_of: dict[int, int] = {}
        base = {key[: key.index(":")]: i for i, (_, key) in enumerate(lookups)}
        for rule, key in _lookup_keys(split_keys_one(record)):
            if key[: key.index(":")] in base:
                split_of[len(lookups)] = base[key[: key.index(":")]]
                lookups.append((rule, key))
        if not lookups:
            return {}
        p = self.placeholder
        parts = [
            f"SELECT * FROM (SELECT {i} AS k, record_id FROM {KEY_TABLE} "  # noqa: S608
            f"WHERE key_hash = {p} LIMIT {rule.cap(self.max_block) + 1}) AS b{i}"
            for i, (rule, _) in enumerate(lookups)
        ]
        cursor = self.connection.cursor()
        cursor.execute(" UNION ALL ".join(parts), [key_hash(k) for _, k in lookups])
        per_key: dict[int, list[int]] = {}
        for k, record_id in cursor.fetchall():
            per_key.setdefault(k, []).append(record_id)
        own = record.get("unique_id")

        def over(k: int) -> bool:
            ids = per_key.get(k, [])
            return len(ids) + (0 if own in ids else 1) > lookups[k][0].cap(self.max_block)

        found: dict[int, bool] = {}
        for k, ids in per_key.items():
            rule = lookups[k][0]
            # The block as the batch would see it: these records plus the new one. A block
            # larger than the cap is capped there, so it is not read here either. (For a
            # crossed rule the batch counts both sides of the key; this only its right side.)
            if over(k) or (k in split_of and not over(split_of[k])):
                continue
            close = rule.dates_close
            for record_id in ids:
                found[record_id] = found.get(record_id, True) and close
        return found

    def candidate_ids(self, record: dict[str, Any]) -> list[int]:
        """Ids of existing records sharing a blocking key with the prepared ``record``."""
        return sorted(self.candidates(record))

    def fetch(self, ids: Sequence[int]) -> list[tuple[int, dict[str, Any]]]:
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
        self, record: dict[str, Any], candidates: Sequence[tuple[int, dict[str, Any]]]
    ) -> np.ndarray:
        """The level index of each comparison (columns) for each candidate (rows)."""
        own = record.get("unique_id")
        sides = []
        for record_id, existing in candidates:
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
        with self._scorer_lock:
            if self._scorer is None:
                self._scorer = duckdb.connect(":memory:")
                self._scorer.execute("SET threads = 1")
            self._scorer.register("pairs", pairs)
            try:
                return list(self._scorer.execute(self._sql).fetchall())
            finally:
                self._scorer.unregister("pairs")

    def score(
        self, record: dict[str, Any], candidates: Sequence[tuple[int, dict[str, Any]]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Match weights and probabilities of ``record`` (prepared) against each candidate."""
        if not candidates:
            return np.zeros(0), np.zeros(0)
        gammas = self.gammas(record, candidates)
        weight = np.full(len(candidates), self._prior_weight)
        for column, level_weights in enumerate(self._weights):
            weight += level_weights[gammas[:, column]]
        if self._term_columns:
            weight += self._term_weights(record, candidates, gammas)
        probability = np.exp2(weight) / (1 + np.exp2(weight))
        return weight, probability

    def frequencies(self, values: dict[str, set[str]]) -> dict[tuple[str, str], float]:
        """Term frequencies of these values per column (absent: not in the table)."""
        clauses, parameters = [], []
        for column, found in values.items():
            if found:
                marks = ", ".join(self.placeholder for _ in found)
                clauses.append(f"(column_name = {self.placeholder} AND value IN ({marks}))")
                parameters += [column, *sorted(found)]
        if not clauses:
            return {}
        cursor = self.connection.cursor()
        cursor.execute(
            f"SELECT column_name, value, frequency FROM {TERM_TABLE} "  # noqa: S608
            f"WHERE {' OR '.join(clauses)}",
            parameters,
        )
        return {(column, value): float(f) for column, value, f in cursor.fetchall()}

    def _term_weights(
        self,
        record: dict[str, Any],
        candidates: Sequence[tuple[int, dict[str, Any]]],
        gammas: np.ndarray,
    ) -> np.ndarray:
        wanted: dict[str, set[str]] = {c: set() for c in self._term_columns}
        for column in self._term_columns:
            for data in [record, *(c for _, c in candidates)]:
                if data.get(column) is not None:
                    wanted[column].add(str(data[column]))
        known = self.frequencies(wanted)
        extra = np.zeros(len(candidates))
        for comparison, per_level in enumerate(self._terms):
            for row, (_, existing) in enumerate(candidates):
                term = per_level[gammas[row, comparison]]
                if term is None:
                    continue
                values = (record.get(term.column), existing.get(term.column))
                left, right = (
                    known.get((term.column, str(v))) if v is not None else None for v in values
                )
                if left is None and right is None:
                    continue
                largest = max(f for f in (left, right, term.minimum) if f is not None)
                extra[row] += term.weight * (term.log2_u_exact - math.log2(largest))
        return extra

    def check(self, record: dict[str, Any], *, threshold: float | None = None) -> list[Candidate]:
        """Existing records that may be the same person as ``record``, most likely first."""
        cutoff = self.model.review_threshold if threshold is None else threshold
        prepared = prepare_one({**record, "unique_id": record.get("unique_id")})
        if not prepared["usable"]:
            return []
        own = record.get("unique_id")
        close_dates = self.candidates(prepared)
        candidates = [
            (record_id, data)
            for record_id, data in self.fetch(sorted(close_dates))
            if record_id != own and (not close_dates[record_id] or dates_close(prepared, data))
        ]
        weights, probabilities = self.score(prepared, candidates)
        found = [
            Candidate(record_id, float(probability), float(weight))
            for (record_id, _), weight, probability in zip(
                candidates, weights, probabilities, strict=True
            )
            if probability >= cutoff
        ]
        return sorted(found, key=lambda c: (-c.match_probability, c.unique_id))
