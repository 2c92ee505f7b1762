"""The engine end to end on small generated data, the model file and the clustering."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from schakel.linkage.engine.blocking import RULES, add_blocking_keys, splink_blocking_rules
from schakel.linkage.engine.cluster import cluster, dates_conflict
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


def test_a_common_whole_name_weighs_less_than_a_rare_one_with_equally_common_parts(
    trained,
) -> None:
    # "Thi" and "Anna" are equally common given names here, "Nguyen" and "Jansen" equally
    # common family names; but "Thi Nguyen" is a common whole name and "Anna Jansen" a rare
    # one. Two frequencies multiplied would weigh both pairs alike (model format 4).
    _, model = trained
    names = (
        [("Thi", "Nguyen")] * 4
        + [("Anna", "Jansen")] * 2
        + [("Anna", "Bakker")] * 2
        + [("Mai", "Jansen")] * 2
    )
    frame = pd.DataFrame(
        [{"unique_id": i, "given_names": g, "family_name": f} for i, (g, f) in enumerate(names)]
    )
    pairs = predict_pairs(prepare_all(frame), model, threshold=0.0)
    weight = {
        (names[a], names[b]): w
        for a, b, w in zip(pairs.unique_id_l, pairs.unique_id_r, pairs.match_weight, strict=True)
    }
    common = weight[(("Thi", "Nguyen"), ("Thi", "Nguyen"))]
    rare = weight[(("Anna", "Jansen"), ("Anna", "Jansen"))]
    assert rare - common == pytest.approx(1.0, abs=0.01)  # frequency 4/10 against 2/10


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
    report = {b.rule: b for b in blocks}["names"]
    assert report.capped_records == 50
    assert report.comparisons == 0
    assert keyed["bk_names"].isna().all()
    assert {b.rule for b in blocks} == {r.name for r in RULES}


def test_an_over_cap_name_block_is_split_by_birth_year() -> None:
    # 60 namesakes: 30 born in 1980, 30 in 1981; the name block (60) is over the cap (40),
    # each birth-year sub-block (30) is not, so they meet their own year's namesakes.
    frame = pd.DataFrame(
        [
            {
                "unique_id": i,
                "given_names": "Thi",
                "family_name": "Nguyen",
                "birth_year": 1980 + i % 2,
            }
            for i in range(60)
        ]
    )
    keyed, _ = add_blocking_keys(prepare(frame), max_block=40)
    assert keyed["bk_names"].notna().all()
    assert keyed.groupby("bk_names").size().tolist() == [30, 30]
    assert {k.rsplit("|", 1)[1] for k in keyed["bk_names"]} == {"1980", "1981"}


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


def test_a_record_joins_a_person_only_with_direct_evidence() -> None:
    # 3 has only a name: it scores high against 1 and against 2, two namesakes with different
    # dates of birth who score low against each other. A chain would make one person of all
    # three; with direct evidence 3 joins its best match only.
    dates = dates_conflict({1: "1990-04-12", 2: "1987-11-30"})
    pairs = [(1, 3, 0.99), (2, 3, 0.98)]
    result = cluster([1, 2, 3], pairs, threshold=0.95, support=0.5, conflicts=dates)
    assert result.cluster_of[3] == result.cluster_of[1] == 1
    assert result.cluster_of[2] == 2
    assert result.blocked_joins == [(2, 3)]
    # With evidence between 1 and 2 as well, all three are one person... unless their dates
    # of birth contradict each other outright: then only the registrar can join them.
    result = cluster([1, 2, 3], [*pairs, (1, 2, 0.7)], threshold=0.95, support=0.5)
    assert set(result.cluster_of.values()) == {1}
    result = cluster([1, 2, 3], [*pairs, (1, 2, 0.7)], threshold=0.95, support=0.5, conflicts=dates)
    assert result.cluster_of[2] == 2
    result = cluster([1, 2, 3], pairs, threshold=0.95, conflicts=dates, same=[(1, 2)])
    assert set(result.cluster_of.values()) == {1}


def test_a_third_record_joins_on_evidence_against_one_of_two() -> None:
    # 1 and 2 are one person; 3 shares a typo with 1 only and was never compared with 2
    # (no shared key). Without any contradiction it joins: 1 of the 2 cross pairs is enough.
    pairs = [(1, 2, 0.99), (1, 3, 0.97)]
    result = cluster([1, 2, 3], pairs, threshold=0.95, support=0.5)
    assert set(result.cluster_of.values()) == {1}
    # Two against two need two of the four cross pairs.
    pairs = [(1, 2, 0.99), (3, 4, 0.99), (2, 3, 0.96)]
    assert len(set(cluster([1, 2, 3, 4], pairs, threshold=0.95).cluster_of.values())) == 2
    pairs.append((1, 4, 0.6))
    assert (
        len(set(cluster([1, 2, 3, 4], pairs, threshold=0.95, support=0.5).cluster_of.values())) == 1
    )


@pytest.mark.parametrize(
    ("first", "second", "conflict"),
    [
        ("1990-04-12", "1990-04-12", False),
        ("1990-04-12", "1990-04-13", False),  # one typo
        ("1990-04-12", "1990-12-04", False),  # day and month swapped
        ("1990-04-12", "1991-05-12", True),
        ("1990-04-12", None, False),  # only a year, or nothing: no contradiction
    ],
)
def test_dates_of_birth_conflict_only_beyond_the_forgiven_typos(
    first: str, second: str | None, conflict: bool
) -> None:
    assert dates_conflict({"a": first, "b": second})("a", "b") is conflict


def test_swapped_vietnamese_names_are_compared_and_blocked(records, trained) -> None:
    # "Huu Cuong Nguyen" against "Nguyen Huucuong": all given names against the family name.
    _, model = trained
    frame = pd.DataFrame(
        [
            {"unique_id": "a", "given_names": "Huu Cuong", "family_name": "Nguyen"},
            {"unique_id": "b", "given_names": "Nguyen", "family_name": "Huucuong"},
        ]
    )
    keyed, _ = add_blocking_keys(prepare(frame))
    a, b = keyed.iloc[0], keyed.iloc[1]
    assert a["bk_names_swapped"] == b["bk_names_swapped_r"]
    family = next(c for c in model.settings["comparisons"] if c["output_column_name"] == "family")
    swapped = [lv for lv in family["comparison_levels"] if "verwisseld" in lv["label_for_charts"]]
    assert "given_joined_r" in swapped[0]["sql_condition"]


def test_prepare_all_keeps_tables_in_duckdb_and_gives_the_same_frames(records) -> None:
    small = records.drop(columns=["person_key"]).head(400)
    prepared = prepare_all(small)
    expected, _ = add_blocking_keys(prepare(small))
    pd.testing.assert_frame_equal(
        prepared.frames[0][list(expected.columns)], expected, check_dtype=False
    )
    assert prepared.count() == len(small)


def test_training_on_a_sample_is_reproducible(records) -> None:
    prepared = prepare_all(records.drop(columns=["person_key"]))
    first = train_model(prepared, u_pairs=2e5, sample=1500, seed=3)
    second = train_model(prepared, u_pairs=2e5, sample=1500, seed=3)
    assert first.trained_on["records"] == len(records)
    assert 1000 < first.trained_on["trained_on_records"] < 2000

    # Same sample, same estimates (up to the last bits of parallel sums in DuckDB).
    def estimates(model: TrainedModel) -> list[float]:
        values = [model.settings["probability_two_random_records_match"]]
        for comparison in model.settings["comparisons"]:
            for level in comparison["comparison_levels"]:
                values += [level.get("m_probability", 0.0), level.get("u_probability", 0.0)]
        return values

    assert estimates(first) == pytest.approx(estimates(second), rel=1e-6)


def test_name_only_blocks_skip_pairs_whose_dates_of_birth_contradict() -> None:
    rules = dict(zip((r.name for r in RULES), splink_blocking_rules(), strict=True))
    assert "levenshtein(l.dob, r.dob) <= 2" in rules["names"]
    assert "dob" not in rules["document"].replace("bk_document", "")
