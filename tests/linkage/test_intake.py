"""The intake index: one new record against the existing ones, scored like Splink's predict."""

from __future__ import annotations

import copy
import dataclasses
import sqlite3
from pathlib import Path

import duckdb
import jellyfish
import numpy as np
import pandas as pd
import pytest

from schakel.linkage.engine import intake
from schakel.linkage.engine.model import TrainedModel
from schakel.linkage.engine.prepare import prepare, prepare_one
from schakel.linkage.engine.run import predict_pairs, prepare_all, train_model
from schakel.linkage.engine.synthetic import synthetic_records

HELD_OUT = 40


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, object]:
    records = synthetic_records(2500, seed=23)
    records["unique_id"] = range(1, len(records) + 1)  # the registry's ids are integers
    return records, records.pop("person_key")


@pytest.fixture(scope="module")
def batch(data):
    records, _ = data
    prepared = prepare_all(records.drop(columns=["organisation"]))
    model = train_model(prepared, u_pairs=3e5)
    pairs = predict_pairs(prepared, model, threshold=0.0)
    return model, pairs


@pytest.fixture(scope="module")
def index(data, batch, tmp_path_factory: pytest.TempPathFactory):
    records, _ = data
    model, _ = batch
    existing = records.iloc[:-HELD_OUT].drop(columns=["organisation"])
    path = tmp_path_factory.mktemp("intake") / "index.sqlite3"
    intake.build_sqlite(str(path), prepare(existing))
    connection = sqlite3.connect(path)
    # Where the model adjusts for term frequencies: Splink's are over every record it was
    # given, the held-out ones included, so the index gets the same.
    columns = intake.term_frequency_columns(model)
    intake.write_terms(connection, prepare(records), columns, placeholder="?")
    connection.commit()
    checker = intake.IntakeIndex(connection, model, placeholder="?")
    yield checker
    checker.close()
    connection.close()


def _compare_with_splink(index, rows, pairs, excluded: set) -> int:
    compared = 0
    for row in rows:
        found = {c.unique_id: c for c in index.check(row, threshold=0.0)}
        mine = pairs[
            ((pairs.unique_id_l == row["unique_id"]) & ~pairs.unique_id_r.isin(excluded))
            | ((pairs.unique_id_r == row["unique_id"]) & ~pairs.unique_id_l.isin(excluded))
        ]
        for left, right, weight, probability in zip(
            mine.unique_id_l,
            mine.unique_id_r,
            mine.match_weight,
            mine.match_probability,
            strict=True,
        ):
            other = right if left == row["unique_id"] else left
            assert other in found, (row["unique_id"], other)
            assert found[other].match_weight == pytest.approx(weight, abs=1e-9)
            assert found[other].match_probability == pytest.approx(probability, abs=1e-12)
            compared += 1
    return compared


def test_intake_score_equals_splinks_match_probability(data, batch, index) -> None:
    """Every pair Splink's predict scores for a held-out record is found by the intake
    check with the same match weight and probability."""
    records, _ = data
    _, pairs = batch
    held = records.iloc[-HELD_OUT:]
    compared = _compare_with_splink(index, held.to_dict("records"), pairs, set(held.unique_id))
    assert compared >= 20  # the held-out records do meet existing ones


def test_an_indexed_record_is_scored_with_the_older_record_on_the_left(data, batch, index) -> None:
    """Re-checking a record that is in the index: pairs with newer records put it on the
    left, as Splink does (the "names swapped" level is one-sided)."""
    records, _ = data
    _, pairs = batch
    existing = records.iloc[:-HELD_OUT]
    rows = existing.iloc[::50].to_dict("records")
    held = set(records.unique_id.iloc[-HELD_OUT:])
    assert _compare_with_splink(index, rows, pairs, held) >= 20


def _term_frequencies_on_given_names(model: TrainedModel, *, on: bool) -> TrainedModel:
    """The model with Splink's term-frequency adjustment on the exact given-name levels
    only (``on``), or on no level at all."""
    settings = copy.deepcopy(model.settings)
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            level.pop("tf_adjustment_column", None)
            level.pop("tf_adjustment_weight", None)
            condition = level["sql_condition"].replace('"', "")
            for column in ("given", "given_all"):
                if on and condition == f"{column}_l = {column}_r":
                    level["tf_adjustment_column"] = column
                    level["tf_adjustment_weight"] = 1.0
    return dataclasses.replace(model, settings=settings)


def test_term_frequency_adjustments_equal_splinks(data, batch, tmp_path: Path) -> None:
    records, _ = data
    model = _term_frequencies_on_given_names(batch[0], on=True)
    assert intake.term_frequency_columns(model) == ["given_all", "given"]
    prepared = prepare_all(records.drop(columns=["organisation"]))
    pairs = predict_pairs(prepared, model, threshold=0.0)
    path = tmp_path / "index.sqlite3"
    held = records.iloc[-HELD_OUT:]
    intake.build_sqlite(str(path), prepare(records.iloc[:-HELD_OUT].drop(columns=["organisation"])))
    connection = sqlite3.connect(path)
    # Splink's frequencies are over every record it was given, the held-out ones included.
    intake.write_terms(connection, prepare(records), ["given_all", "given"], placeholder="?")
    connection.commit()
    checker = intake.IntakeIndex(connection, model, placeholder="?")
    rows = held.to_dict("records")
    assert _compare_with_splink(checker, rows, pairs, set(held.unique_id)) >= 20
    plain_model = _term_frequencies_on_given_names(batch[0], on=False)
    without = intake.IntakeIndex(connection, plain_model, placeholder="?")
    adjusted = [c.match_weight for r in rows for c in checker.check(r, threshold=0.0)]
    plain = [c.match_weight for r in rows for c in without.check(r, threshold=0.0)]
    assert adjusted != plain  # the adjustment did change weights
    checker.close()
    without.close()
    connection.close()


def test_python_levels_decide_as_duckdb_does(data, index) -> None:
    """The compiled level conditions against the model's SQL run by DuckDB, on every
    candidate of many records, names with typos and swapped names included."""
    records, _ = data
    rng = np.random.default_rng(3)
    sides = []
    for row in records.sample(300, random_state=1).to_dict("records"):
        if rng.random() < 0.5 and row["family_name"]:
            name = str(row["family_name"])
            i = int(rng.integers(0, max(len(name) - 1, 1)))
            row["family_name"] = name[:i] + name[i + 1 :] + "e"
        if rng.random() < 0.2:
            row["given_names"], row["family_name"] = row["family_name"], row["given_names"]
        prepared = prepare_one({**row, "unique_id": None})
        candidates = index.fetch(index.candidate_ids(prepared))
        for _, existing in candidates:
            sides += [(existing, prepared), (prepared, existing)]
    assert len(sides) > 500
    assert index._python is not None
    python = [[gamma(left, right) for gamma in index._python] for left, right in sides]
    duck = [list(row) for row in index._duckdb_gammas(sides)]
    assert python == duck
    # The levels of model format 3 are among them: names swapped with a typo (a
    # Jaro-Winkler across two columns) and the report date's distance (abs of a difference).
    comparisons = index.model.settings["comparisons"]
    hit: set[str] = set()
    for position, comparison in enumerate(comparisons):
        # Splink's gamma: -1 for the null level, then counting down to 0 for "else".
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        labels = {
            len(levels) - 1 - i: level.get("label_for_charts", "") for i, level in enumerate(levels)
        }
        hit.update(labels.get(row[position], "") for row in python)
    assert "verwisseld, bijna gelijk" in hit
    assert {"meldingen ≤ 2 weken uit elkaar", "meldingen ≤ 2 jaar uit elkaar"} <= hit


def test_jellyfish_similarities_are_duckdbs() -> None:
    rng = np.random.default_rng(8)
    names = synthetic_records(800, seed=5)[["given_names", "family_name"]].stack().tolist()
    words = [str(n).lower() for n in names if n] + ["a", "ab", "ba", "x", "abcdef", "badcfe"]
    pairs = []
    for _ in range(4000):
        a = words[int(rng.integers(len(words)))]
        b = words[int(rng.integers(len(words)))]
        if rng.random() < 0.5 and len(a) > 2:
            i = int(rng.integers(0, len(a) - 1))
            b = a[:i] + a[i + 1] + a[i] + a[i + 2 :]
        pairs.append((a, b))
    frame = pd.DataFrame(pairs, columns=["a", "b"])
    connection = duckdb.connect()
    connection.register("frame", frame)
    expected = connection.execute(
        "SELECT jaro_winkler_similarity(a, b), damerau_levenshtein(a, b), levenshtein(a, b) "
        "FROM frame"
    ).fetchall()
    for (a, b), (jw, dl, lv) in zip(pairs, expected, strict=True):
        assert jellyfish.jaro_winkler_similarity(a, b) == pytest.approx(jw, abs=1e-15)
        assert jellyfish.damerau_levenshtein_distance(a, b) == dl
        assert jellyfish.levenshtein_distance(a, b) == lv


def test_a_namesake_block_larger_than_the_cap_is_not_read(tmp_path: Path, batch) -> None:
    model, _ = batch
    people = pd.DataFrame(
        {
            "unique_id": range(1, 13),
            "given_names": ["Thi"] * 12,
            "family_name": ["Nguyen"] * 12,
            "birth_date": [f"19{80 + i}-01-0{1 + i % 9}" for i in range(12)],
        }
    )
    path = tmp_path / "index.sqlite3"
    assert intake.build_sqlite(str(path), prepare(people)) == 12
    connection = sqlite3.connect(path)
    new = prepare(people.head(1).assign(unique_id=99)).iloc[0].to_dict()
    new = {k: intake._plain(v) for k, v in new.items()}
    wide = intake.IntakeIndex(connection, model, placeholder="?", max_block=400)
    narrow = intake.IntakeIndex(connection, model, placeholder="?", max_block=5)
    assert len(wide.candidate_ids(new)) == 12
    # Only the keys with the date of birth are small enough: the name keys are capped.
    assert narrow.candidate_ids(new) == [1]
    connection.close()


def test_records_are_replaced_and_removed(tmp_path: Path, batch) -> None:
    model, _ = batch
    path = tmp_path / "index.sqlite3"
    connection = sqlite3.connect(path)
    for statement in (*intake.SQLITE_SCHEMA, *intake.KEY_INDEXES):
        connection.execute(statement)
    ana = {"unique_id": 1, "given_names": "Ana", "family_name": "Lungu", "birth_date": "1990-02-03"}
    intake.write_index(connection, prepare(pd.DataFrame([ana])), placeholder="?", replace=False)
    checker = intake.IntakeIndex(connection, model, placeholder="?")
    probe = {**ana, "unique_id": 2}
    assert [c.unique_id for c in checker.check(probe)] == [1]
    renamed = {**ana, "family_name": "Ceban", "given_names": "Maria", "birth_date": "1971-09-09"}
    intake.write_index(connection, prepare(pd.DataFrame([renamed])), placeholder="?", replace=False)
    assert checker.check(probe) == []
    assert [c.unique_id for c in checker.check({**renamed, "unique_id": 3})] == [1]
    intake.remove_records(connection, [1], placeholder="?")
    assert checker.check({**renamed, "unique_id": 3}) == []
    assert connection.execute(f"SELECT count(*) FROM {intake.KEY_TABLE}").fetchone() == (0,)
    checker.close()
    connection.close()


def test_without_compiled_levels_duckdb_scores_the_same(data, index) -> None:
    records, _ = data
    rows = records.iloc[-HELD_OUT:].to_dict("records")
    compiled = [index.check(r, threshold=0.0) for r in rows]
    python, index._python = index._python, None
    try:
        in_duckdb = [index.check(r, threshold=0.0) for r in rows]
    finally:
        index._python = python
    assert in_duckdb == compiled
