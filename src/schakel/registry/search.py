"""Normalised text for name search: lower case, accents and Dutch particles kept as words."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in stripped.lower())
    return " ".join(cleaned.split())


def search_text(*, given_names: str, family_name: str, aliases: Iterable[str]) -> str:
    return normalise(" ".join([given_names, family_name, *aliases]))
