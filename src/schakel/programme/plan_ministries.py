"""Initiating ministries of the 2004 action plan, as a closed set of codes."""

from __future__ import annotations

import re
from enum import StrEnum


class Ministry(StrEnum):
    JUSTICE = "JenV"  # Justitie, now Justitie en Veiligheid
    # The Minister voor Vreemdelingenzaken en Integratie sat at Justitie in 2004 but
    # owned her own actions; kept apart so the importer can decide how to map it.
    IMMIGRATION = "VenI"
    FOREIGN_AFFAIRS = "BZ"
    INTERIOR = "BZK"
    SOCIAL_AFFAIRS = "SZW"
    HEALTH = "VWS"
    FINANCE = "FIN"
    EDUCATION = "OCW"
    ECONOMIC_AFFAIRS = "EZ"
    ALL = "ALLE"  # "Alle betrokken departementen"


MINISTRY_NAMES: dict[Ministry, str] = {
    Ministry.JUSTICE: "Ministerie van Justitie",
    Ministry.IMMIGRATION: "Minister voor Vreemdelingenzaken en Integratie",
    Ministry.FOREIGN_AFFAIRS: "Ministerie van Buitenlandse Zaken",
    Ministry.INTERIOR: "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
    Ministry.SOCIAL_AFFAIRS: "Ministerie van Sociale Zaken en Werkgelegenheid",
    Ministry.HEALTH: "Ministerie van Volksgezondheid, Welzijn en Sport",
    Ministry.FINANCE: "Ministerie van Financiën",
    Ministry.EDUCATION: "Ministerie van Onderwijs, Cultuur en Wetenschap",
    Ministry.ECONOMIC_AFFAIRS: "Ministerie van Economische Zaken",
    Ministry.ALL: "Alle betrokken departementen",
}

# Spellings seen in the plan (and a few obvious variants), folded to lower case.
_ALIASES: dict[str, Ministry] = {
    "justitie": Ministry.JUSTICE,
    "jenv": Ministry.JUSTICE,
    "j&v": Ministry.JUSTICE,
    "v&i": Ministry.IMMIGRATION,
    "veni": Ministry.IMMIGRATION,
    "buza": Ministry.FOREIGN_AFFAIRS,
    "bz": Ministry.FOREIGN_AFFAIRS,
    "bzk": Ministry.INTERIOR,
    "szw": Ministry.SOCIAL_AFFAIRS,
    "vws": Ministry.HEALTH,
    "fin": Ministry.FINANCE,
    "fin.": Ministry.FINANCE,
    "financiën": Ministry.FINANCE,
    "ocw": Ministry.EDUCATION,
    "ez": Ministry.ECONOMIC_AFFAIRS,
    "alle betrokken departementen": Ministry.ALL,
}

_ALIAS = (
    r"(?:Alle\s+betrokken\s+departementen|Justitie|JenV|J&V|V&I|BuZa|BZK|BZ|SZW|VWS"
    r"|Fin\.|Fin\b|Financiën|OCW|EZ)(?![\w&])"
)
_SEPARATOR = r"\s*(?:,|/|\ben\b)\s*"

# One or more known ministries joined by ",", "/" or "en": "Justitie, SZW, Fin.".
INITIATORS_PATTERN = rf"{_ALIAS}(?:{_SEPARATOR}{_ALIAS})*"

# Used only as a fallback, to report an initiator line naming an unknown ministry.
# Abbreviations only ("LNV", "OCenW", "Def."), so that "Per 1 oktober 2004" is text.
_ABBREVIATION = r"(?:[A-Z][A-Za-z&]*[A-Z][A-Za-z&.]*|[A-Z][a-z]{1,5}\.)"
UNKNOWN_INITIATORS_PATTERN = rf"{_ABBREVIATION}(?:{_SEPARATOR}{_ABBREVIATION})*"

_SPLIT_RE = re.compile(_SEPARATOR)


def parse_initiators(text: str) -> tuple[tuple[Ministry, ...], tuple[str, ...]]:
    """Split an initiator field into known ministries and the parts not recognised."""
    known: list[Ministry] = []
    unknown: list[str] = []
    for raw_part in _SPLIT_RE.split(" ".join(text.split())):
        part = raw_part.strip()
        if not part:
            continue
        ministry = _ALIASES.get(part.lower())
        if ministry is None:
            unknown.append(part)
        elif ministry not in known:
            known.append(ministry)
    return tuple(known), tuple(unknown)
