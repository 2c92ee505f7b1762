"""Training and prediction on a backend (DuckDB by default, embedded; Spark for a cluster)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
from splink import Linker

from .blocking import DEFAULT_MAX_BLOCK, BlockReport, add_blocking_keys_sql
from .model import (
    MATCH_THRESHOLD,
    REVIEW_THRESHOLD,
    TrainedModel,
    comparisons_for,
    comparisons_in,
    settings_for,
    settings_in_dialect,
    train,
)
from .prepare import prepare

PAIR_COLUMNS = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
# Records EM trains on at most (a uniform sample beyond that; predict uses every record).
TRAINING_SAMPLE = 300_000


def duckdb_api(connection: Any = None) -> Any:
    from splink import DuckDBAPI

    return DuckDBAPI(connection=connection) if connection is not None else DuckDBAPI()


@dataclass
class Prepared:
    """Records ready for Splink: prepared columns and capped blocking keys, as tables
    (``records_0``, ``records_1`` …) in an embedded DuckDB connection. ``frames`` gives them
    as pandas DataFrames, built on first use (a million records stay in DuckDB)."""

    connection: Any
    tables: list[str]
    blocks: list[BlockReport]
    _frames: list[pd.DataFrame] | None = field(default=None, repr=False)

    @property
    def link_type(self) -> str:
        return "dedupe_only" if len(self.tables) == 1 else "link_only"

    @property
    def frames(self) -> list[pd.DataFrame]:
        if self._frames is None:
            self._frames = [_as_prepared_frame(self.connection.table(t).df()) for t in self.tables]
        return self._frames

    def count(self) -> int:
        return _count(self.connection, self.tables)

    def birth_dates(self) -> dict[Any, str]:
        """Usable record → its full date of birth, for those that have one (what
        `cluster.dates_conflict` compares)."""
        dates: dict[Any, str] = {}
        for table in self.tables:
            dates.update(
                self.connection.execute(
                    f"SELECT unique_id, dob FROM {table} WHERE usable AND dob IS NOT NULL"  # noqa: S608
                ).fetchall()
            )
        return dates


def _count(connection: Any, tables: Sequence[str]) -> int:
    return sum(
        int(connection.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0])  # noqa: S608
        for t in tables
    )


_INTEGER_COLUMNS = ("birth_year", "birth_month", "birth_day")


def _as_prepared_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame from DuckDB with the dtypes `prepare` gives: nullable integers, text as object
    with None for missing."""
    for column in frame.columns:
        if column in _INTEGER_COLUMNS:
            frame[column] = frame[column].astype("Int64")
        elif frame[column].dtype == object:
            frame[column] = frame[column].where(frame[column].notna(), None)
    return frame


def prepare_all(
    records: pd.DataFrame | Sequence[pd.DataFrame],
    *,
    max_block: int = DEFAULT_MAX_BLOCK,
    connection: Any = None,
) -> Prepared:
    """Prepare one table (deduplication) or several (linking); blocks are capped over all.

    Names are normalised in Python once per distinct value (`prepare`); the blocking keys
    and their caps are computed in DuckDB (`add_blocking_keys_sql`)."""
    import duckdb

    tables = [records] if isinstance(records, pd.DataFrame) else list(records)
    con = connection if connection is not None else duckdb.connect()
    con.execute("DROP TABLE IF EXISTS __prepared_all")
    for part, table in enumerate(tables):
        frame = prepare(table)
        frame["__part"] = part
        # Through Arrow: DuckDB reads Arrow strings directly; Python objects one by one.
        arrow = pa.Table.from_pandas(frame, preserve_index=False)
        del frame
        con.register("__prepared_frame", arrow)
        if part == 0:
            con.execute("CREATE TABLE __prepared_all AS SELECT * FROM __prepared_frame")
        else:
            con.execute("INSERT INTO __prepared_all BY NAME SELECT * FROM __prepared_frame")
        con.unregister("__prepared_frame")
        del arrow
    blocks = add_blocking_keys_sql(con, "__prepared_all", "__keyed_all", max_block=max_block)
    con.execute("DROP TABLE __prepared_all")
    names = []
    for part in range(len(tables)):
        name = f"records_{part}"
        con.execute(f"DROP TABLE IF EXISTS {name}")
        con.execute(
            f"CREATE TABLE {name} AS SELECT * EXCLUDE (__part) FROM __keyed_all "  # noqa: S608
            f"WHERE __part = {part}"
        )
        names.append(name)
    con.execute("DROP TABLE __keyed_all")
    return Prepared(con, names, blocks)


def _linker(
    prepared: Prepared, settings: Any, db_api: Any, tables: Sequence[str] | None = None
) -> Linker:
    if getattr(db_api, "duckdb_con", None) is prepared.connection:
        inputs = [
            db_api.register(table, dataset_display_name=f"records_{i}")
            for i, table in enumerate(tables or prepared.tables)
        ]
    else:
        inputs = [
            db_api.register(frame, dataset_display_name=f"records_{i}")
            for i, frame in enumerate(prepared.frames)
        ]
    return Linker(inputs if len(inputs) > 1 else inputs[0], settings, log_level=None)


def _sample_tables(prepared: Prepared, size: int, seed: int) -> list[str]:
    """A reproducible random sample of about ``size`` records over all tables (each table in
    proportion). A uniform sample of records keeps every pair with the same chance, matches
    and non-matches alike, so EM's estimates are not biased by it."""
    total = prepared.count()
    if size <= 0 or total <= size:
        return list(prepared.tables)
    share = size / total
    names = []
    for table in prepared.tables:
        name = f"{table}_sample"
        prepared.connection.execute(f"DROP TABLE IF EXISTS {name}")
        drawn = f"hash(CAST(unique_id AS VARCHAR) || ':{int(seed)}') % 1000000"
        prepared.connection.execute(
            f"CREATE TABLE {name} AS SELECT * FROM {table} "  # noqa: S608
            f"WHERE {drawn} < {int(share * 1_000_000)}"
        )
        names.append(name)
    return names


def train_model(
    prepared: Prepared,
    *,
    exclude: Sequence[str] = (),
    db_api: Any = None,
    u_pairs: float = 2e6,
    seed: int = 42,
    match_threshold: float = MATCH_THRESHOLD,
    review_threshold: float = REVIEW_THRESHOLD,
    max_block: int = DEFAULT_MAX_BLOCK,
    trained_on: dict[str, Any] | None = None,
    sample: int = TRAINING_SAMPLE,
) -> TrainedModel:
    """Train by EM on ``prepared`` (comparisons chosen by which columns have values); on
    more than ``sample`` records, on a reproducible random sample of that many."""
    api = db_api or duckdb_api(prepared.connection)
    if getattr(api, "duckdb_con", None) is prepared.connection:
        tables = _sample_tables(prepared, sample, seed)
        comparisons = comparisons_in(prepared.connection, tables, exclude)
    else:
        tables = None
        comparisons = comparisons_for(pd.concat(prepared.frames, ignore_index=True), exclude)
    settings = settings_for(comparisons, link_type=prepared.link_type)
    linker = _linker(prepared, settings, api, tables)
    trained_records = _count(prepared.connection, tables) if tables else prepared.count()
    model_dict = train(
        linker, comparisons, link_type=prepared.link_type, u_pairs=u_pairs, seed=seed
    )
    return TrainedModel(
        settings=model_dict,
        comparisons=list(comparisons),
        link_type=prepared.link_type,
        match_threshold=match_threshold,
        review_threshold=review_threshold,
        max_block=max_block,
        trained_on={
            **(trained_on or {}),
            "records": prepared.count(),
            "trained_on_records": trained_records,
            "seed": seed,
        },
    )


def predict_pairs(
    prepared: Prepared,
    model: TrainedModel,
    *,
    db_api: Any = None,
    threshold: float | None = None,
) -> pd.DataFrame:
    """Scored pairs at or above ``threshold`` (default: the model's review threshold)."""
    api = db_api or duckdb_api(prepared.connection)
    settings = settings_in_dialect(model, api.sql_dialect.sql_dialect_str)
    linker = _linker(prepared, settings, api)
    cutoff = model.review_threshold if threshold is None else threshold
    predictions = linker.inference.predict(threshold_match_probability=cutoff)
    pairs: pd.DataFrame = predictions.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    return pairs[PAIR_COLUMNS + [c for c in ("source_dataset_l", "source_dataset_r") if c in pairs]]


def pair_metrics(predicted: set[tuple[Any, Any]], truth: set[tuple[Any, Any]]) -> dict[str, float]:
    """Precision, recall and F1 of predicted pairs against true pairs (unordered)."""
    norm_pred = {tuple(sorted(p)) for p in predicted}
    norm_true = {tuple(sorted(p)) for p in truth}
    hits = len(norm_pred & norm_true)
    precision = hits / len(norm_pred) if norm_pred else 0.0
    recall = hits / len(norm_true) if norm_true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": len(norm_true),
        "predicted_pairs": len(norm_pred),
        "correct_pairs": hits,
    }
