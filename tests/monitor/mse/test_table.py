"""Input: the CSV layout, records with membership columns, strata, and refused bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from schakel.monitor.mse import (
    CaptureTable,
    TableError,
    from_counts,
    from_records,
    read_csv,
    split_strata,
)
from schakel.monitor.mse.table import all_patterns, pattern_code


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_uk_table_with_zeros_filled(tables: dict[str, CaptureTable]) -> None:
    table = tables["UKdat"]
    assert table.lists == ("LA", "NG", "PF", "GO", "GP", "NCA")
    assert table.n_observed == 2744
    assert len(table.counts) == 63
    assert int((table.counts > 0).sum()) == 25
    assert table.overlap(first=0, second=1) == 15 + 1 + 1 + 1
    assert table.list_totals()["LA"] == 54 + 15 + 19 + 3 + 1 + 1 + 1


def test_pattern_rows_follow_binary_codes() -> None:
    patterns = all_patterns(n_lists=3)
    for row, pattern in enumerate(patterns):
        assert pattern_code(list(pattern)) == row + 1


def test_round_trip_through_frame(tables: dict[str, CaptureTable]) -> None:
    table = tables["Ned"]
    again = from_counts(table.to_frame(), label="Ned")
    np.testing.assert_array_equal(again.counts, table.counts)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("A,B,count\n1,0,5\n0,1\n", "row 3: has 2 fields"),
        ("A,B,count\n1,0,5\n0,1,-2\n", "row 3: count '-2' is negative"),
        ("A,B,count\n1,0,5\n0,1,2.5\n", "row 3: count '2.5' is not a whole number"),
        ("A,B,count\n1,0,5\n1,0,3\n0,1,1\n", "row 3: pattern 10 duplicates row 2"),
        ("A,B,count\n1,0,5\n0,0,3\n", "row 3: the all-zero pattern"),
        ("A,count\n1,5\n", "need at least 2 lists"),
        ("A,B,C,count\n1,0,0,5\n0,1,0,3\n", "C: nobody is on this list"),
        ("A,B,count\n1,2,5\n", "row 2: column 'B' must be 0 or 1"),
        ("A,B,count\n1,0,x\n", "row 2: count 'x' is not a number"),
        ("A,B,total\n1,0,5\n", "last column must be 'count'"),
    ],
)
def test_bad_input_is_refused_with_row_and_reason(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(TableError, match=fragment.replace("(", r"\(")):
        read_csv(_write(tmp_path, text))


def test_more_than_ten_lists_refused() -> None:
    with pytest.raises(TableError, match="at most 10"):
        CaptureTable(lists=tuple("ABCDEFGHIJK"), counts=np.ones(2**11 - 1))


def test_records_are_aggregated() -> None:
    records = pd.DataFrame(
        {
            "police": [1, 1, 0, 1],
            "shelter": [0, 1, 1, True],
            "age": ["a", "b", "a", "a"],
        }
    )
    table = from_records(records, lists=["police", "shelter"])
    assert table.counts.tolist() == [1.0, 1.0, 2.0]


def test_record_on_no_list_is_refused() -> None:
    records = pd.DataFrame({"police": [1, 0], "shelter": [0, 0]})
    with pytest.raises(TableError, match="record 2: the person is on none of the lists"):
        from_records(records, lists=["police", "shelter"])


def test_strata_give_one_table_each() -> None:
    records = pd.DataFrame(
        {
            "P": [1, 0, 1, 1, 0, 1],
            "Q": [0, 1, 1, 0, 1, 1],
            "year": [2020, 2020, 2020, 2021, 2021, 2021],
        }
    )
    tables = split_strata(records, lists=["P", "Q"], strata=["year"], count_column=None)
    assert sorted(tables) == ["2020", "2021"]
    assert tables["2021"].n_observed == 3
    counts = pd.DataFrame(
        {
            "P": [1, 0, 1, 1, 0],
            "Q": [0, 1, 1, 0, 1],
            "count": [4, 5, 2, 3, 3],
            "g": list("aaabb"),
        }
    )
    by_group = split_strata(counts, lists=["P", "Q"], strata=["g"])
    assert by_group["a"].n_observed == 11
    with pytest.raises(TableError, match="stratum b: list\\(s\\) "):
        split_strata(counts.iloc[[0, 1, 2, 4]], lists=["P", "Q"], strata=["g"])
