"""The engine end to end on small generated data, the model file and the clustering."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from schakel.linkage.engine.blocking import RULES, add_blocking_keys
from schakel.linkage.engine.cluster import cluster
from schakel.linkage.engine.model import MODEL_FORMAT_VERSION, ModelFileError, TrainedModel
from schakel.linkage.engine.prepare import prepare
from schakel.linkage.engine.run import pair_metrics, predict_pairs, prepare_all, train_model
from schakel.linkage.engine.synthetic import synthetic_records, true_pairs


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return synthetic_records(3000, seed=7)


@pytest.fixture(scope="module")
def trained(records: pd.DataFrame) -> tuple[object, TrainedModel]:
    prepared = prepare_all(records.drop(columns=["person_key"]))
    return prepared, train_model(prepared, u_pairs=3e5)


def test_model_links_generated_reports_to_their_person(records, trained) -> None:
    prepared, model = trained
    pairs = predict_pairs(prepared, model, threshold=model.match_threshold)
    found = set(zip(pairs.unique_id_l, pairs.unique_id_r, strict=True))
    metrics = pair_metrics(found, true_pairs(records))
    assert metrics["precision"] >= 0.9
    assert metrics["recall"] >= 0.8


def test_model_file_round_trips_and_predicts_the_same(tmp_path: Path, trained) -> None:
    prepared, model = trained
    path = model.save(tmp_path / "model.json")
    again = TrainedModel.load(path)
    assert again.to_json() == model.to_json()
    first = predict_pairs(prepared, model, threshold=0.9)
    second = predict_pairs(prepared, again, threshold=0.9)
    assert len(first) == len(second)


def test_model_file_of_another_version_is_refused(tmp_path: Path, trained) -> None:
    _, model = trained
    data = model.to_json()
    data["schakel_model_format"] = MODEL_FORMAT_VERSION + 1
    path = tmp_path / "new.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ModelFileError, match="model format version"):
        TrainedModel.load(path)
    path.write_text(json.dumps({"something": "else"}))
    with pytest.raises(ModelFileError, match="not a Schakel"):
        TrainedModel.load(path)


def test_blocks_are_capped_so_namesakes_cannot_explode() -> None:
    # 50 different people with the same name and no date of birth.
    frame = pd.DataFrame(
        [
            {"unique_id": i, "given_names": "Thi", "family_name": "Nguyen", "gender": "female"}
            for i in range(50)
        ]
    )
    keyed, blocks = add_blocking_keys(prepare(frame), max_block=20)
    report = {b.rule: b for b in blocks}["names_gender"]
    assert report.capped_records == 50
    assert report.comparisons == 0
    assert keyed["bk_names_gender"].isna().all()
    assert {b.rule for b in blocks} == {r.name for r in RULES}


def test_records_without_identifying_fields_get_no_blocking_keys() -> None:
    frame = pd.DataFrame(
        [{"unique_id": 1, "gender": "male", "nationality": "NL", "municipality": "Utrecht"}]
    )
    keyed, _ = add_blocking_keys(prepare(frame))
    assert keyed.filter(like="bk_").isna().all(axis=None)


def test_registrar_decisions_override_the_model() -> None:
    pairs = [(1, 2, 0.99), (2, 3, 0.98), (4, 5, 0.2)]
    result = cluster([1, 2, 3, 4, 5], pairs, threshold=0.9, same=[(4, 5)], different=[(1, 3)])
    # 1-2 joined first; 2-3 would bring 1 and 3 together, which the registrar rejected.
    assert result.cluster_of[1] == result.cluster_of[2]
    assert result.cluster_of[3] != result.cluster_of[1]
    assert result.cluster_of[4] == result.cluster_of[5] == 4
    assert result.blocked_joins == [(2, 3)]
