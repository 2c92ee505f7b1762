"""Reading the shipped indicator-list files (data/*.json) into plain values.

File format ``schakel.identification.lists/1``: ``elements`` (the six elements with kind and
names), a ``catalogue`` of indicator texts by code, and ``lists``, each with family, version,
names, population, exploitation, valid-from date, source, criteria and, per element code, a
list of ``"<indicator code>:<strength>"``. The catalogue keeps one wording per indicator, so
the four ILO sets say the same thing the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .evaluation import Criteria, ElementKind, Strength

DATA_DIR = Path(__file__).resolve().parent / "data"
FORMAT = "schakel.identification.lists/1"


@dataclass(frozen=True)
class ElementData:
    code: str
    kind: ElementKind
    name_nl: str
    name_en: str
    source_wording: str


@dataclass(frozen=True)
class IndicatorData:
    element: str
    code: str
    strength: Strength
    text_nl: str
    text_en: str
    source_wording: str


@dataclass(frozen=True)
class ListData:
    family: str
    version: int
    name_nl: str
    name_en: str
    population: str
    exploitation: str
    valid_from: date
    source: str
    criteria: dict[str, object]
    elements: tuple[ElementData, ...]
    indicators: tuple[IndicatorData, ...]


class DataFileError(ValueError):
    pass


def shipped_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.json"))


def read_lists(path: Path) -> list[ListData]:
    """Every list in one file; raises DataFileError naming the file and the problem."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataFileError(f"{path.name}: cannot read ({exc})") from exc
    if raw.get("format") != FORMAT:
        raise DataFileError(f"{path.name}: format must be {FORMAT}")
    try:
        elements = tuple(
            ElementData(
                e["code"],
                ElementKind(e["kind"]),
                e["name_nl"],
                e["name_en"],
                e.get("source_wording", ""),
            )
            for e in raw["elements"]
        )
        catalogue = raw["catalogue"]
        lists = []
        for entry in raw["lists"]:
            Criteria.from_data(entry["criteria"])  # validates the shape
            indicators = []
            for element_code, items in entry["indicators"].items():
                for item in items:
                    code, strength = item.split(":")
                    text = catalogue[code]
                    indicators.append(
                        IndicatorData(
                            element_code,
                            code,
                            Strength(strength),
                            text["nl"],
                            text["en"],
                            text.get("source_wording", ""),
                        )
                    )
            lists.append(
                ListData(
                    family=entry["family"],
                    version=int(entry["version"]),
                    name_nl=entry["name_nl"],
                    name_en=entry["name_en"],
                    population=entry["population"],
                    exploitation=entry["exploitation"],
                    valid_from=date.fromisoformat(entry["valid_from"]),
                    source=entry["source"],
                    criteria=entry["criteria"],
                    elements=elements,
                    indicators=tuple(indicators),
                )
            )
    except (KeyError, ValueError, AttributeError) as exc:
        raise DataFileError(f"{path.name}: {exc!r}") from exc
    return lists
