"""The same model and rules on Splink's Spark backend (local pyspark, a small data set)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from schakel.linkage.engine.run import predict_pairs, prepare_all, train_model
from schakel.linkage.engine.synthetic import synthetic_records

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="local pyspark needs Java (17)"),
]


def test_spark_finds_the_pairs_duckdb_finds(tmp_path: Path) -> None:
    from pyspark.sql import SparkSession
    from splink import SparkAPI
    from splink.backends.spark import similarity_jar_location

    records = synthetic_records(400, seed=5).drop(columns=["person_key", "organisation"])
    prepared = prepare_all(records)
    model = train_model(prepared, u_pairs=1e5)
    on_duckdb = predict_pairs(prepared, model, threshold=0.5)

    spark = (
        SparkSession.builder.master("local[1]")
        .appName("schakel-linkage-test")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        # Splink's Jaro-Winkler and Damerau-Levenshtein for Spark SQL.
        .config("spark.jars", similarity_jar_location())
        .getOrCreate()
    )
    spark.sparkContext.setCheckpointDir(str(tmp_path / "checkpoints"))
    try:
        api = SparkAPI(spark_session=spark)
        on_spark = predict_pairs(prepared, model, db_api=api, threshold=0.5)
    finally:
        spark.stop()
    duck = {
        tuple(sorted(p)) for p in zip(on_duckdb.unique_id_l, on_duckdb.unique_id_r, strict=True)
    }
    spark_pairs = {
        tuple(sorted(p)) for p in zip(on_spark.unique_id_l, on_spark.unique_id_r, strict=True)
    }
    assert len(duck) > 20
    # Jaro-Winkler and Damerau-Levenshtein come from another implementation on Spark; the
    # pairs above the threshold agree all but a handful.
    assert len(duck ^ spark_pairs) <= max(2, len(duck) // 50)
