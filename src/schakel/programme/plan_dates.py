"""End dates as the 2004 action plan writes them: "1 mei 2005", "Eind 2005" etc.

Pure Python: no Django import, so the parser can be used and tested on its own.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class DateKind(StrEnum):
    EXACT = "exact"  # a calendar day: "1 mei 2005"
    APPROXIMATE = "approximate"  # end of a period: "Eind 2005", "sept 2005"
    ONGOING = "ongoing"  # no end: "doorlopend"


@dataclass(frozen=True)
class EndDate:
    kind: DateKind
    value: dt.date | None  # None only for ONGOING
    text: str  # the original text, kept for display and for re-import diffs


MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1,
    "februari": 2, "febr": 2, "feb": 2,
    "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

# Longest names first so "sept" is not read as "sep" followed by garbage.
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PERIOD = r"(?:eind|begin|medio|[12]e\s+helft)"
_ONGOING = r"door[l1|I]opend"

# A date as it may end an "initiators + end date" line; used by the layout parser.
DATE_PATTERN = (
    rf"(?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
    rf"|(?:{_PERIOD}\s+)?(?:{_MONTH}\s+)?\d{{4}}"
    rf"|{_ONGOING})"
)

_EXACT_RE = re.compile(rf"(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\s+(?P<year>\d{{4}})")
_PERIOD_RE = re.compile(
    rf"(?:(?P<period>{_PERIOD})\s+)?(?:(?P<month>{_MONTH})\s+)?(?P<year>\d{{4}})"
)
_POSTPONEMENT_RE = re.compile(rf"uitstel\s+tot\s+(?P<date>{DATE_PATTERN})", re.IGNORECASE)

# Scanned text writes "l" as "1" ("door1opend"); a digit between letters is never meant.
_OCR_ONE_RE = re.compile(r"(?<=[a-z])[1|I](?=[a-z])")
_OCR_ZERO_RE = re.compile(r"(?<=[a-z])0(?=[a-z])")


def fix_ocr_letters(text: str) -> str:
    """Undo the usual scan errors inside words: "door1opend" -> "doorlopend"."""
    return _OCR_ZERO_RE.sub("o", _OCR_ONE_RE.sub("l", text))


def _normalise(text: str) -> str:
    return " ".join(fix_ocr_letters(text.strip()).lower().split()).rstrip(".")


def _month_number(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _approximate_day(period: str | None, month: int | None, year: int) -> dt.date:
    """The latest day the period can mean, so an end date is never brought forward."""
    if month is not None:
        if period == "begin":
            return dt.date(year, month, 10)
        if period == "medio":
            return dt.date(year, month, 20)
        return _end_of_month(year, month)
    if period == "begin":
        return dt.date(year, 3, 31)
    if period in ("medio", "1e helft"):
        return dt.date(year, 6, 30)
    return dt.date(year, 12, 31)  # "eind", "2e helft" or a bare year


def parse_end_date(text: str) -> EndDate | None:
    """Read one end date; None when the whole text is not a date we understand."""
    norm = _normalise(text)
    original = " ".join(text.split())
    if re.fullmatch(_ONGOING, norm):
        return EndDate(DateKind.ONGOING, None, original)
    if m := _EXACT_RE.fullmatch(norm):
        try:
            day = dt.date(int(m["year"]), _month_number(m["month"]), int(m["day"]))
        except ValueError:  # "31 februari 2005": refuse rather than roll over
            return None
        return EndDate(DateKind.EXACT, day, original)
    if m := _PERIOD_RE.fullmatch(norm):
        period = " ".join(m["period"].split()) if m["period"] else None
        month = _month_number(m["month"]) if m["month"] else None
        value = _approximate_day(period, month, int(m["year"]))
        return EndDate(DateKind.APPROXIMATE, value, original)
    return None


def find_postponement(note: str) -> tuple[str, EndDate | None] | None:
    """Find "Uitstel tot <date>" in a note: (date text, parsed date or None)."""
    match = _POSTPONEMENT_RE.search(note)
    if match is None:
        if re.search(r"uitstel\s+tot", note, re.IGNORECASE):
            # Present but unreadable: the caller reports it.
            tail = note[note.lower().index("uitstel") :]
            return tail[:40], None
        return None
    date_text = match["date"]
    return date_text, parse_end_date(date_text)
