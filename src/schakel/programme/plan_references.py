"""References to what an action answers: "(NRM3,56; OVSE III 5.1-5.2; Unicef pag. 30)".

The plan cites recommendations of the National Rapporteur's first and third reports
(NRM1, NRM3 nr), measures of the prostitution-sector plan (OBP x.y), the OSCE action
plan (OVSE chapter in Roman numerals + item), the Unicef report (page) and the Terre des
Hommes report (nr). Each becomes a (source, reference) pair.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class RefSource(StrEnum):
    NRM1 = "NRM1"
    NRM3 = "NRM3"
    OBP = "OBP"
    OVSE = "OVSE"
    UNICEF = "Unicef"
    TDH = "TdH"


@dataclass(frozen=True)
class Reference:
    source: RefSource
    ref: str | None  # None when the text cites the source without a number ("NRM1")


# Numbers may follow directly ("OBP4.6"); letters may not ("OVSE-Actieplan" is fine).
_SOURCE_RE = re.compile(r"(?<![\w-])(NRM\s?[13](?!\d)|OBP|OVSE|Unicef|TdH)(?![A-Za-z])")
# A citation list ends at a bracket or a semicolon ("NRM3,56; OVSE ...").
_SEGMENT_END_RE = re.compile(r"[()\[\];]")
_FIRST_SEPARATOR_RE = re.compile(r"\s*[,.:]?\s*")
_NEXT_SEPARATOR_RE = re.compile(r"\s*(?:,|\ben\b|\band\b|&)\s*")

_NRM_ITEM_RE = re.compile(r"(?:3\s*[.,]\s*)?(?P<n>\d{1,2})(?!\d|[.,]\d)")
_OBP_ITEM_RE = re.compile(r"(?:par\.?\s*)?(?P<a>\d{1,2})\s*[.,]\s*(?P<b>\d{1,2})(?!\d)")
_OVSE_ITEM_RE = re.compile(
    r"(?:(?P<roman>VI|IV|V|I{1,3})(?![A-Za-z])\s*,?\s*)?"
    r"(?P<num>\d{1,2}(?:\.\d{1,2})*\.?(?:\s*-\s*\d{1,2}(?:\.\d{1,2})*)?)"
)
_UNICEF_ITEM_RE = re.compile(r"(?:pag(?:ina)?\.?\s*)?(?P<page>\d{1,3}(?:\s*-\s*\d{1,3})?)")
_TDH_ITEM_RE = re.compile(r"(?:nr\.?\s*)?(?P<n>\d{1,3})(?!\d)")


class _OvseState:
    """OVSE items inherit their chapter: "OVSE V4.2, 8.2" is V 4.2 and V 8.2."""

    def __init__(self) -> None:
        self.roman: str | None = None

    def item(self, match: re.Match[str]) -> str | None:
        if match["roman"]:
            self.roman = match["roman"]
        if self.roman is None:
            return None  # a bare number after "OVSE" is not a citation we can place
        num = re.sub(r"\s+", "", match["num"]).rstrip(".").replace(".-", "-")
        return f"{self.roman} {num}"


def _items(
    segment: str, item_re: re.Pattern[str], read: Callable[[re.Match[str]], str | None]
) -> list[str]:
    """Read a list of items from the start of a segment; stop at the first non-item."""
    found: list[str] = []
    pos = 0
    while True:
        sep_re = _FIRST_SEPARATOR_RE if not found else _NEXT_SEPARATOR_RE
        sep = sep_re.match(segment, pos)
        if sep is None:
            break
        match = item_re.match(segment, sep.end())
        if match is None:
            break
        value = read(match)
        if value is None:
            break
        found.append(value)
        pos = match.end()
    return found


def _read_segment(source: RefSource, segment: str) -> list[Reference]:
    values: list[str]
    if source in (RefSource.NRM1, RefSource.NRM3):
        values = _items(segment, _NRM_ITEM_RE, lambda m: str(int(m["n"])))
        if not values and source is RefSource.NRM1:
            return [Reference(source, None)]  # "NRM1" is cited as a whole
    elif source is RefSource.OBP:
        values = _items(segment, _OBP_ITEM_RE, lambda m: f"{int(m['a'])}.{int(m['b'])}")
    elif source is RefSource.OVSE:
        values = _items(segment, _OVSE_ITEM_RE, _OvseState().item)
    elif source is RefSource.UNICEF:
        values = _items(segment, _UNICEF_ITEM_RE, lambda m: re.sub(r"\s+", "", m["page"]))
    else:
        values = _items(segment, _TDH_ITEM_RE, lambda m: str(int(m["n"])))
    return [Reference(source, value) for value in values]


def _source_of(token: str) -> RefSource:
    token = token.replace(" ", "")
    return RefSource(token)


def parse_references(text: str) -> tuple[Reference, ...]:
    """All citations in a text, in order of appearance, without duplicates.

    Placeholders such as "(NRM3, nr.)" in the introduction yield nothing.
    """
    text = " ".join(text.split())
    matches = list(_SOURCE_RE.finditer(text))
    found: list[Reference] = []
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        end = _SEGMENT_END_RE.search(text, match.end(), stop)
        segment = text[match.end() : end.start() if end else stop]
        for reference in _read_segment(_source_of(match[1]), segment):
            if reference not in found:
                found.append(reference)
    return tuple(found)
