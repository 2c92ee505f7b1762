"""From person records as the registry (or a test file) has them to the columns the model
compares and the blocking keys it joins on.

Input: a pandas DataFrame with ``unique_id`` and any of the columns in `INPUT_COLUMNS`
(missing columns count as empty). Output: one row per input row with the columns of
`PREPARED_COLUMNS`. Text is normalised once per distinct value, so a million records with
tens of thousands of distinct names take seconds, not minutes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from .normalise import first_given_name, joined, plain, sound_key, split_family_name

INPUT_COLUMNS = (
    "given_names",
    "family_name",
    "aliases",
    "birth_date",
    "birth_year",
    "gender",
    "nationality",
    "birth_place",
    "municipality",
    "document_number",
    "phone",
    "address",
    "postcode",
    "reported_on",
    "exploitation_place",
    "exploitation_form",
)
# Fields that identify a person; a record with none of them is never linked.
IDENTIFYING = ("given", "family", "alias", "dob", "document", "phone")
GENDERS = frozenset({"female", "male", "other"})
_DIGITS = re.compile(r"\D+")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})")


def _per_value(series: pd.Series, function: Callable[[Any], Any]) -> pd.Series:
    """Apply ``function`` once per distinct value (names repeat a lot)."""
    values = series.astype("object").where(series.notna(), None)
    distinct = pd.unique(values)
    lookup = {value: function(value) for value in distinct}
    return values.map(lookup)


def _empty_to_none(series: pd.Series) -> pd.Series:
    return series.where(series.astype(bool), None)


def _date_text(value: Any) -> str | None:
    """ "YYYY-MM-DD" for a date, a datetime or a date written as text; None if not a date."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    match = _DATE.match(str(value).strip())
    if not match:
        return None
    year, month, day = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        # FEBRL has impossible dates (typos); keep the year, drop the rest.
        return None
    return f"{year}-{month}-{day}"


_EPOCH = date(1970, 1, 1)


def _day_number(value: Any) -> int | None:
    """Days since 1970-01-01 of a date (or date text); None if not a date. The report date
    as a number, so that the model can compare how far apart two reports are."""
    text = _date_text(value)
    if text is None:
        return None
    try:
        return (date.fromisoformat(text) - _EPOCH).days
    except ValueError:
        return None


def _first(value: Any) -> str:
    """The first element of a list, or the first part of "a|b" or "a,b" text."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, list | tuple | np.ndarray):
        return str(value[0]) if len(value) else ""
    return re.split(r"[|,]", str(value))[0]


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype="object")


def _full_name(given: pd.Series, family: pd.Series) -> pd.Series:
    """ "given|family" where both are known: the name as one value, so that its frequency is
    that of the whole name (given and family names are not independent: "Thi" goes with
    "Nguyen"), see model._name_comparison."""
    both = given.notna() & family.notna()
    return (given.astype("object") + "|" + family.astype("object")).where(both, None)


def _add_names(out: pd.DataFrame, records: pd.DataFrame) -> None:
    """The name columns of `prepare`, added to ``out``."""
    given_all = _per_value(_column(records, "given_names"), plain)
    out["given"] = _empty_to_none(_per_value(given_all, first_given_name))
    out["given_all"] = _empty_to_none(given_all)
    # All given names without spaces: "huu cuong" meets the family name "Huucuong" of a
    # record that swapped the names (Vietnamese usage writes the family name first).
    out["given_joined"] = _empty_to_none(given_all.map(joined))
    split = _per_value(_column(records, "family_name"), split_family_name)
    particle = split.map(lambda pc: pc[0] if pc else "")
    core = split.map(lambda pc: pc[1] if pc else "")
    out["particle"] = _empty_to_none(particle)
    out["family"] = _empty_to_none(core.map(joined))
    out["family_whole"] = _empty_to_none((particle + core).map(joined))
    out["full_name"] = _full_name(out["given_all"], out["family"])
    out["first_and_family"] = _full_name(out["given"], out["family"])


def prepare(records: pd.DataFrame) -> pd.DataFrame:
    """The records with normalised comparison columns and sound keys (see module docstring)."""
    if "unique_id" not in records.columns:
        raise ValueError("the records need a unique_id column")
    out = pd.DataFrame(index=records.index)
    out["unique_id"] = records["unique_id"]
    if "source_dataset" in records.columns:
        out["source_dataset"] = records["source_dataset"]

    _add_names(out, records)
    out["alias"] = _empty_to_none(
        _per_value(_per_value(_column(records, "aliases"), _first), plain)
    )

    dob_text = _per_value(_column(records, "birth_date"), _date_text)
    out["dob"] = dob_text.where(dob_text.notna(), None)
    year_from_date = pd.to_numeric(dob_text.str.slice(0, 4), errors="coerce")
    raw_dates = _column(records, "birth_date").astype("object")
    year_from_raw = pd.to_numeric(
        raw_dates.map(lambda v: str(v)[:4] if v is not None and str(v)[:4].isdigit() else None),
        errors="coerce",
    )
    birth_year = pd.to_numeric(_column(records, "birth_year"), errors="coerce")
    out["birth_year"] = birth_year.fillna(year_from_date).fillna(year_from_raw).astype("Int64")
    out["birth_month"] = pd.to_numeric(dob_text.str.slice(5, 7), errors="coerce").astype("Int64")
    out["birth_day"] = pd.to_numeric(dob_text.str.slice(8, 10), errors="coerce").astype("Int64")

    gender = _column(records, "gender").astype("object")
    out["gender"] = gender.where(gender.isin(GENDERS), None)
    nationality = _per_value(_column(records, "nationality"), lambda v: _first(v).strip().upper())
    out["nationality"] = _empty_to_none(nationality)
    out["place"] = _empty_to_none(_per_value(_column(records, "birth_place"), plain))
    out["municipality"] = _empty_to_none(_per_value(_column(records, "municipality"), plain))
    document = _per_value(
        _column(records, "document_number"), lambda v: _NOT_ALNUM.sub("", str(v or "").upper())
    )
    out["document"] = _empty_to_none(document)
    out["phone"] = _empty_to_none(
        _per_value(_column(records, "phone"), lambda v: _DIGITS.sub("", str(v or "")))
    )
    out["address"] = _empty_to_none(_per_value(_column(records, "address"), plain))
    out["postcode"] = _empty_to_none(
        _per_value(_column(records, "postcode"), lambda v: _NOT_ALNUM.sub("", str(v or "").upper()))
    )

    out["family_key"] = _empty_to_none(_per_value(out["family"], lambda v: sound_key(v or "")))
    out["given_key"] = _empty_to_none(_per_value(out["given"], lambda v: sound_key(v or "")))
    out["given_initial"] = out["given"].str.slice(0, 1)
    out["family_initial"] = out["family"].str.slice(0, 1)
    out["given_joined_key"] = _empty_to_none(
        _per_value(out["given_joined"], lambda v: sound_key(v or ""))
    )
    # The whole family name ("Van Dinh" → "vandinh"): what a record that swapped given and
    # family name has as given names ("van dinh"); the core alone ("dinh") would miss it.
    out["family_whole_key"] = _empty_to_none(
        _per_value(out["family_whole"], lambda v: sound_key(v or ""))
    )
    out["family_whole_initial"] = out["family_whole"].str.slice(0, 1)
    # First word of the street without vowels: "holden ctescent" still meets "holden crescent".
    out["address_key"] = _empty_to_none(
        _per_value(out["address"], lambda v: sound_key((v or "").split(" ")[-2:][0], 5))
    )
    # When the report was made: reports about one person by different organisations tend to
    # come within weeks of each other; namesakes are spread over the years.
    out["reported_day"] = pd.to_numeric(
        _per_value(_column(records, "reported_on"), _day_number), errors="coerce"
    ).astype("Int64")
    # Where and how the person was exploited (first Dutch place, first form): every report
    # about the person tells it again.
    out["exploitation_place"] = _empty_to_none(
        _per_value(_column(records, "exploitation_place"), plain)
    )
    out["exploitation_form"] = _empty_to_none(
        _per_value(_column(records, "exploitation_form"), plain)
    )
    out["usable"] = out[list(IDENTIFYING)].notna().any(axis=1)
    return out.reset_index(drop=True)


PREPARED_COLUMNS = (
    "unique_id",
    "given",
    "given_all",
    "given_joined",
    "particle",
    "family",
    "family_whole",
    "full_name",
    "first_and_family",
    "alias",
    "dob",
    "birth_year",
    "birth_month",
    "birth_day",
    "gender",
    "nationality",
    "place",
    "municipality",
    "document",
    "phone",
    "address",
    "postcode",
    "family_key",
    "given_key",
    "given_initial",
    "family_initial",
    "given_joined_key",
    "family_whole_key",
    "family_whole_initial",
    "address_key",
    "reported_day",
    "exploitation_place",
    "exploitation_form",
    "usable",
)


def _none_if_empty(value: Any) -> Any:
    return value if value not in ("", None) else None


def _int_or_none(value: Any) -> int | None:
    try:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return None
        return int(value)
    except (TypeError, ValueError):
        return None


def prepare_one(record: dict[str, Any]) -> dict[str, Any]:
    """`prepare` for one record in plain Python (the intake check runs per request, where a
    DataFrame costs more than the whole look-up). Tested to give the same values."""
    given_all = plain(record.get("given_names"))
    particle, core = (
        split_family_name(record.get("family_name")) if record.get("family_name") else ("", "")
    )
    dob = _date_text(record.get("birth_date"))
    raw = record.get("birth_date")
    raw_year = str(raw)[:4] if raw is not None and str(raw)[:4].isdigit() else None
    year = _int_or_none(record.get("birth_year"))
    if year is None:
        year = _int_or_none(dob[:4]) if dob else _int_or_none(raw_year)
    gender = record.get("gender")
    out: dict[str, Any] = {
        "unique_id": record.get("unique_id"),
        "given": _none_if_empty(first_given_name(given_all)),
        "given_all": _none_if_empty(given_all),
        "given_joined": _none_if_empty(joined(given_all)),
        "particle": _none_if_empty(particle),
        "family": _none_if_empty(joined(core)),
        "family_whole": _none_if_empty(joined(particle + core)),
        "alias": _none_if_empty(plain(_first(record.get("aliases")))),
        "dob": dob,
        "birth_year": year,
        "birth_month": int(dob[5:7]) if dob else None,
        "birth_day": int(dob[8:10]) if dob else None,
        "gender": gender if gender in GENDERS else None,
        "nationality": _none_if_empty(_first(record.get("nationality")).strip().upper()),
        "place": _none_if_empty(plain(record.get("birth_place"))),
        "municipality": _none_if_empty(plain(record.get("municipality"))),
        "document": _none_if_empty(
            _NOT_ALNUM.sub("", str(record.get("document_number") or "").upper())
        ),
        "phone": _none_if_empty(_DIGITS.sub("", str(record.get("phone") or ""))),
        "address": _none_if_empty(plain(record.get("address"))),
        "postcode": _none_if_empty(_NOT_ALNUM.sub("", str(record.get("postcode") or "").upper())),
    }
    both = out["family"] is not None
    out["full_name"] = f"{out['given_all']}|{out['family']}" if both and out["given_all"] else None
    out["first_and_family"] = f"{out['given']}|{out['family']}" if both and out["given"] else None
    out["family_key"] = _none_if_empty(sound_key(out["family"] or ""))
    out["given_key"] = _none_if_empty(sound_key(out["given"] or ""))
    out["given_initial"] = out["given"][:1] if out["given"] else None
    out["family_initial"] = out["family"][:1] if out["family"] else None
    out["given_joined_key"] = _none_if_empty(sound_key(out["given_joined"] or ""))
    out["family_whole_key"] = _none_if_empty(sound_key(out["family_whole"] or ""))
    out["family_whole_initial"] = out["family_whole"][:1] if out["family_whole"] else None
    out["address_key"] = _none_if_empty(sound_key((out["address"] or "").split(" ")[-2:][0], 5))
    out["reported_day"] = _day_number(record.get("reported_on"))
    out["exploitation_place"] = _none_if_empty(plain(record.get("exploitation_place")))
    out["exploitation_form"] = _none_if_empty(plain(record.get("exploitation_form")))
    out["usable"] = any(out[c] is not None for c in IDENTIFYING)
    return out
