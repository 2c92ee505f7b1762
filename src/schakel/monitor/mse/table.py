"""Capture tables: counts of persons per capture pattern over K named lists.

A capture table holds one count for every observable pattern (all 2^K - 1 non-empty
combinations of lists, zeros included); the all-zero cell is the unknown that multiple
systems estimation is about (Bishop, Fienberg & Holland 1975, ch. 6; International
Working Group for Disease Monitoring and Forecasting 1995).

Input comes either as a table of counts (the CSV format of the shared MSE data: one 0/1
column per list and a ``count`` column, absent patterns meaning zero) or as records with
one 0/1 membership column per list. Bad input is refused with a :class:`TableError` that
names the row and the reason.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:  # pandas is imported where used: it is slow to import
    import pandas as pd

MIN_LISTS = 2
MAX_LISTS = 10
COUNT_COLUMN = "count"


class TableError(ValueError):
    """Raised when a capture table is malformed; the message names the row and reason."""


def all_patterns(*, n_lists: int) -> NDArray[np.int8]:
    """Return every non-empty 0/1 pattern over ``n_lists`` lists.

    Row ``code - 1`` holds the pattern whose binary code is ``sum(bit_j * 2**j)``, so a
    pattern's row is found by arithmetic instead of a dictionary look-up.
    """
    codes = np.arange(1, 2**n_lists, dtype=np.int64)
    bits = (codes[:, None] >> np.arange(n_lists, dtype=np.int64)[None, :]) & 1
    return bits.astype(np.int8)


def pattern_code(pattern: Sequence[int]) -> int:
    """Binary code of a pattern (list j contributes 2**j)."""
    return int(sum(int(bit) << j for j, bit in enumerate(pattern)))


@dataclass(frozen=True)
class CaptureTable:
    """Counts for every observable capture pattern over ``lists``.

    ``patterns`` has shape (2^K - 1, K) in :func:`all_patterns` order and ``counts`` the
    matching non-negative integer counts (as floats, for the GLM).
    """

    lists: tuple[str, ...]
    counts: NDArray[np.float64]
    label: str = ""
    patterns: NDArray[np.int8] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n_lists = len(self.lists)
        if n_lists < MIN_LISTS:
            raise TableError(f"need at least {MIN_LISTS} lists, got {n_lists}")
        if n_lists > MAX_LISTS:
            raise TableError(f"at most {MAX_LISTS} lists are supported, got {n_lists}")
        if len(set(self.lists)) != n_lists:
            raise TableError(f"list names must be unique: {list(self.lists)}")
        counts = np.asarray(self.counts, dtype=np.float64)
        if counts.shape != (2**n_lists - 1,):
            raise TableError(
                f"expected {2**n_lists - 1} cell counts for {n_lists} lists, got {counts.shape}"
            )
        object.__setattr__(self, "counts", counts)
        object.__setattr__(self, "patterns", all_patterns(n_lists=n_lists))

    @property
    def n_lists(self) -> int:
        """Number of lists K."""
        return len(self.lists)

    @property
    def n_observed(self) -> int:
        """Number of distinct persons seen on at least one list."""
        return round(float(self.counts.sum()))

    def list_totals(self) -> dict[str, int]:
        """Number of persons on each list."""
        totals = self.patterns.T.astype(np.float64) @ self.counts
        return {name: round(float(t)) for name, t in zip(self.lists, totals, strict=True)}

    def overlap(self, *, first: int, second: int) -> int:
        """Number of persons on both lists ``first`` and ``second`` (indices)."""
        both = (self.patterns[:, first] == 1) & (self.patterns[:, second] == 1)
        return round(float(self.counts[both].sum()))

    def with_counts(self, *, counts: NDArray[np.float64]) -> CaptureTable:
        """Same lists and label, other counts (used by the bootstrap and jackknife)."""
        return CaptureTable(lists=self.lists, counts=counts, label=self.label)

    def to_frame(self, *, include_zeros: bool = False) -> pd.DataFrame:
        """The table in the CSV layout: one 0/1 column per list plus ``count``."""
        import pandas as pd

        frame = pd.DataFrame(self.patterns.astype(np.int64), columns=list(self.lists))
        frame[COUNT_COLUMN] = np.round(self.counts).astype(np.int64)
        if not include_zeros:
            frame = frame[frame[COUNT_COLUMN] > 0].reset_index(drop=True)
        return frame


def _parse_bit(*, value: str, row: int, column: str) -> int:
    text = value.strip()
    if text not in {"0", "1"}:
        raise TableError(f"row {row}: column {column!r} must be 0 or 1, got {value!r}")
    return int(text)


def _parse_count(*, value: object, row: int) -> int:
    try:
        number = float(str(value).strip())
    except ValueError:
        raise TableError(f"row {row}: count {value!r} is not a number") from None
    if math.isnan(number) or math.isinf(number):
        raise TableError(f"row {row}: count {value!r} is not a finite number")
    if number < 0:
        raise TableError(f"row {row}: count {value!r} is negative")
    if number != math.floor(number):
        raise TableError(f"row {row}: count {value!r} is not a whole number")
    return int(number)


def table_from_rows(
    *,
    lists: Sequence[str],
    rows: Iterable[tuple[int, Sequence[object], object]],
    label: str = "",
) -> CaptureTable:
    """Build a table from ``(row_number, pattern, count)`` triples, validating each row.

    Refuses patterns of the wrong length, values other than 0/1, negative or fractional
    counts, duplicate patterns, the all-zero pattern, and lists that nobody is on.
    """
    n_lists = len(lists)
    if n_lists < MIN_LISTS:
        raise TableError(f"need at least {MIN_LISTS} lists, got {n_lists}: {list(lists)}")
    if n_lists > MAX_LISTS:
        raise TableError(f"at most {MAX_LISTS} lists are supported, got {n_lists}")
    counts = np.zeros(2**n_lists - 1, dtype=np.float64)
    seen: dict[int, int] = {}
    for row, pattern, raw_count in rows:
        if len(pattern) != n_lists:
            raise TableError(
                f"row {row}: pattern has {len(pattern)} values, expected {n_lists} "
                f"(one per list {', '.join(lists)})"
            )
        bits = [
            _parse_bit(value=str(value), row=row, column=name)
            for value, name in zip(pattern, lists, strict=True)
        ]
        count = _parse_count(value=raw_count, row=row)
        code = pattern_code(bits)
        if code == 0:
            raise TableError(f"row {row}: the all-zero pattern cannot be observed")
        if code in seen:
            raise TableError(
                f"row {row}: pattern {''.join(map(str, bits))} duplicates row {seen[code]}"
            )
        seen[code] = row
        counts[code - 1] = count
    table = CaptureTable(lists=tuple(lists), counts=counts, label=label)
    empty = [name for name, total in table.list_totals().items() if total == 0]
    if empty:
        raise TableError(f"list(s) {', '.join(empty)}: nobody is on this list")
    return table


def read_csv(path: str | Path, *, label: str | None = None) -> CaptureTable:
    """Read a capture table in the shared CSV layout (0/1 list columns, then ``count``).

    Data rows are numbered from 2, the line number in the file, so messages point at it.
    """
    file_path = Path(path)
    with file_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        try:
            header = [name.strip() for name in next(reader)]
        except StopIteration:
            raise TableError(f"{file_path}: empty file") from None
        if not header or header[-1] != COUNT_COLUMN:
            raise TableError(f"{file_path}: the last column must be {COUNT_COLUMN!r}, got {header}")
        lists = header[:-1]
        rows: list[tuple[int, Sequence[object], object]] = []
        for number, fields in enumerate(reader, start=2):
            if not fields or all(not f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise TableError(
                    f"row {number}: has {len(fields)} fields, expected {len(header)} "
                    f"({len(lists)} list columns and {COUNT_COLUMN!r})"
                )
            rows.append((number, fields[:-1], fields[-1]))
    return table_from_rows(
        lists=lists, rows=rows, label=label if label is not None else file_path.stem
    )


def from_counts(
    frame: pd.DataFrame,
    *,
    lists: Sequence[str] | None = None,
    count_column: str = COUNT_COLUMN,
    label: str = "",
    row_numbers: Sequence[int] | None = None,
) -> CaptureTable:
    """Build a table from a data frame of counts per pattern (CSV layout).

    Messages name rows 1, 2, ... in frame order, or ``row_numbers`` (e.g. line numbers
    in the file the frame was read from) when given.
    """
    numbers = list(row_numbers) if row_numbers is not None else list(range(1, len(frame) + 1))
    if len(numbers) != len(frame):
        raise ValueError(f"{len(numbers)} row numbers for {len(frame)} rows")
    names = list(lists) if lists is not None else [c for c in frame.columns if c != count_column]
    missing = [c for c in [*names, count_column] if c not in frame.columns]
    if missing:
        raise TableError(f"missing column(s): {missing}")
    rows = (
        (
            numbers[i],
            [frame[name].iloc[i] for name in names],
            frame[count_column].iloc[i],
        )
        for i in range(len(frame))
    )
    return table_from_rows(lists=names, rows=rows, label=label)


def from_records(
    records: pd.DataFrame,
    *,
    lists: Sequence[str],
    label: str = "",
) -> CaptureTable:
    """Aggregate person records with one 0/1 (or boolean) membership column per list.

    Records on no list are refused: a person nobody saw cannot be in the data.
    """
    missing = [c for c in lists if c not in records.columns]
    if missing:
        raise TableError(f"missing list column(s): {missing}")
    if len(lists) < MIN_LISTS:
        raise TableError(f"need at least {MIN_LISTS} lists, got {len(lists)}")
    member = records[list(lists)]
    for name in lists:
        column = member[name]
        bad = ~column.isin([0, 1, True, False])
        if bool(bad.any()):
            position = int(np.flatnonzero(bad.to_numpy())[0])
            raise TableError(
                f"record {position + 1}: column {name!r} must be 0/1, got {column.iloc[position]!r}"
            )
    bits = member.astype(np.int64).to_numpy()
    codes = bits @ (1 << np.arange(len(lists), dtype=np.int64))
    if bool((codes == 0).any()):
        position = int(np.flatnonzero(codes == 0)[0])
        raise TableError(f"record {position + 1}: the person is on none of the lists")
    counts = np.bincount(codes - 1, minlength=2 ** len(lists) - 1).astype(np.float64)
    table = CaptureTable(lists=tuple(lists), counts=counts, label=label)
    empty = [name for name, total in table.list_totals().items() if total == 0]
    if empty:
        raise TableError(f"list(s) {', '.join(empty)}: nobody is on this list")
    return table


def split_strata(
    frame: pd.DataFrame,
    *,
    lists: Sequence[str],
    strata: Sequence[str],
    count_column: str | None = COUNT_COLUMN,
    first_row: int = 1,
) -> dict[str, CaptureTable]:
    """One table per stratum (e.g. year, age group, gender, form of exploitation).

    ``frame`` holds counts per pattern and stratum when ``count_column`` is given, or one
    row per person when it is ``None``. Keys are the stratum values joined by ``/``.
    Messages about a table of counts name the row's position in ``frame``, counted from
    ``first_row`` (pass 2 for a CSV file with a header line to get its line numbers).
    """
    missing = [c for c in strata if c not in frame.columns]
    if missing:
        raise TableError(f"missing stratum column(s): {missing}")
    frame = frame.reset_index(drop=True)
    tables: dict[str, CaptureTable] = {}
    for key, group in frame.groupby(list(strata), sort=True, dropna=False):
        values = key if isinstance(key, tuple) else (key,)
        name = "/".join(str(v) for v in values)
        try:
            if count_column is None:
                tables[name] = from_records(group, lists=lists, label=name)
            else:
                tables[name] = from_counts(
                    group.reset_index(drop=True),
                    lists=lists,
                    count_column=count_column,
                    label=name,
                    row_numbers=[first_row + int(i) for i in group.index],
                )
        except TableError as error:
            raise TableError(f"stratum {name}: {error}") from None
    return tables
