"""Reading a rule-set file (format ``schakel.sharing.rules/1``, data/*.json) into plain values.

The file names the rule set (version, names, valid-from, source) and lists its lines; each line
has holders, recipients, purposes and categories (empty list: all), a decision, a legal basis,
a Dutch and English explanation and its source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .engine import RuleLine, line_errors

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_FILE = DATA_DIR / "default_2020.json"
FORMAT = "schakel.sharing.rules/1"


class DataFileError(ValueError):
    pass


@dataclass(frozen=True)
class RuleSetData:
    version: int
    name_nl: str
    name_en: str
    valid_from: date
    source: str
    lines: tuple[RuleLine, ...]
    explanations_en: tuple[str, ...]


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise DataFileError(f"{where}: expected a list of words")
    return tuple(raw)


def parse(document: dict[str, Any], *, origin: str = "rule file") -> RuleSetData:
    if document.get("format") != FORMAT:
        raise DataFileError(f"{origin}: format must be {FORMAT!r}")
    try:
        valid_from = date.fromisoformat(str(document["valid_from"]))
        version = int(document["version"])
        lines, english = [], []
        for position, raw in enumerate(document["rules"], start=1):
            where = f"{origin}, line {position}"
            line = RuleLine(
                decision=str(raw["decision"]),
                basis=str(raw["basis"]),
                holders=_strings(raw.get("holders", []), where),
                recipients=_strings(raw.get("recipients", []), where),
                purposes=_strings(raw.get("purposes", []), where),
                categories=_strings(raw.get("categories", []), where),
                explanation=str(raw["explanation_nl"]),
                source=str(raw["source"]),
                position=position,
            )
            errors = line_errors(line)
            if errors:
                raise DataFileError(f"{origin}: {'; '.join(errors)}")
            lines.append(line)
            english.append(str(raw["explanation_en"]))
        return RuleSetData(
            version=version,
            name_nl=str(document["name_nl"]),
            name_en=str(document["name_en"]),
            valid_from=valid_from,
            source=str(document["source"]),
            lines=tuple(lines),
            explanations_en=tuple(english),
        )
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, DataFileError):
            raise
        raise DataFileError(f"{origin}: missing or invalid {error}") from None


def load(path: Path = DEFAULT_FILE) -> RuleSetData:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise DataFileError(f"{path.name}: {error}") from None
    return parse(document, origin=path.name)
