"""Training and prediction on a backend (DuckDB by default, embedded; Spark for a cluster)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from splink import Linker

from .blocking import DEFAULT_MAX_BLOCK, BlockReport, add_blocking_keys
from .model import TrainedModel, comparisons_for, settings_for, settings_in_dialect, train
from .prepare import prepare

PAIR_COLUMNS = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]


def duckdb_api(connection: Any = None) -> Any:
    from splink import DuckDBAPI

    return DuckDBAPI(connection=connection) if connection is not None else DuckDBAPI()


@dataclass
class Prepared:
    """Records ready for Splink: prepared columns and capped blocking keys."""

    frames: list[pd.DataFrame]
    blocks: list[BlockReport]

    @property
    def link_type(self) -> str:
        return "dedupe_only" if len(self.frames) == 1 else "link_only"


def prepare_all(
    records: pd.DataFrame | Sequence[pd.DataFrame], *, max_block: int = DEFAULT_MAX_BLOCK
) -> Prepared:
    """Prepare one table (deduplication) or several (linking); blocks are capped over all."""
    tables = [records] if isinstance(records, pd.DataFrame) else list(records)
    prepared = [prepare(t) for t in tables]
    if len(prepared) == 1:
        frame, blocks = add_blocking_keys(prepared[0], max_block=max_block)
        return Prepared([frame], blocks)
    lengths = [len(p) for p in prepared]
    stacked = pd.concat(prepared, ignore_index=True)
    frame, blocks = add_blocking_keys(stacked, max_block=max_block)
    frames, start = [], 0
    for length in lengths:
        frames.append(frame.iloc[start : start + length].reset_index(drop=True))
        start += length
    return Prepared(frames, blocks)


def _linker(prepared: Prepared, settings: Any, db_api: Any) -> Linker:
    tables = [
        db_api.register(frame, dataset_display_name=f"records_{i}")
        for i, frame in enumerate(prepared.frames)
    ]
    return Linker(tables if len(tables) > 1 else tables[0], settings, log_level=None)


def train_model(
    prepared: Prepared,
    *,
    exclude: Sequence[str] = (),
    db_api: Any = None,
    u_pairs: float = 2e6,
    seed: int = 42,
    match_threshold: float = 0.9,
    review_threshold: float = 0.5,
    max_block: int = DEFAULT_MAX_BLOCK,
    trained_on: dict[str, Any] | None = None,
) -> TrainedModel:
    """Train by EM on ``prepared`` (comparisons chosen by which columns have values)."""
    sample = pd.concat(prepared.frames, ignore_index=True)
    comparisons = comparisons_for(sample, exclude)
    settings = settings_for(comparisons, link_type=prepared.link_type)
    linker = _linker(prepared, settings, db_api or duckdb_api())
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
        trained_on={**(trained_on or {}), "records": len(sample), "seed": seed},
    )


def predict_pairs(
    prepared: Prepared,
    model: TrainedModel,
    *,
    db_api: Any = None,
    threshold: float | None = None,
) -> pd.DataFrame:
    """Scored pairs at or above ``threshold`` (default: the model's review threshold)."""
    api = db_api or duckdb_api()
    settings = settings_in_dialect(model, api.sql_dialect.sql_dialect_str)
    linker = _linker(prepared, settings, api)
    cutoff = model.review_threshold if threshold is None else threshold
    predictions = linker.inference.predict(threshold_match_probability=cutoff)
    pairs = predictions.as_pandas_dataframe()
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
