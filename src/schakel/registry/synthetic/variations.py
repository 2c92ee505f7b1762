"""How two reports about the same person differ: pure functions of a random source and a value.

Each variation is one a registrar meets in practice: a typing error, another spelling of the
same sound, given and family name swapped, a Dutch particle written another way, a date of
birth missing, known only by year or with day and month swapped.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date

# Names of the variations, recorded on every generated report that has them.
TYPO = "typo"
SPELLING = "spelling"
TRANSLITERATION = "transliteration"
SWAPPED_NAMES = "swapped_names"
PARTICLE = "particle"
GIVEN_NAMES_SHORTENED = "given_names_shortened"
BIRTH_DATE_MISSING = "birth_date_missing"
BIRTH_YEAR_ONLY = "birth_year_only"
BIRTH_DAY_MONTH_SWAPPED = "birth_day_month_swapped"
BIRTH_DATE_ESTIMATED = "birth_date_estimated"
ALL_VARIATIONS = (
    TYPO,
    SPELLING,
    TRANSLITERATION,
    SWAPPED_NAMES,
    PARTICLE,
    GIVEN_NAMES_SHORTENED,
    BIRTH_DATE_MISSING,
    BIRTH_YEAR_ONLY,
    BIRTH_DAY_MONTH_SWAPPED,
    BIRTH_DATE_ESTIMATED,
)

# Neighbouring keys on a QWERTY keyboard, for substitutions and insertions.
_NEIGHBOURS = {
    "a": "qszw",
    "b": "vghn",
    "c": "xdfv",
    "d": "serfcx",
    "e": "wsdr",
    "f": "drtgvc",
    "g": "ftyhbv",
    "h": "gyujnb",
    "i": "ujko",
    "j": "huikmn",
    "k": "jiolm",
    "l": "kop",
    "m": "njk",
    "n": "bhjm",
    "o": "iklp",
    "p": "ol",
    "q": "wa",
    "r": "edft",
    "s": "awedxz",
    "t": "rfgy",
    "u": "yhji",
    "v": "cfgb",
    "w": "qase",
    "x": "zsdc",
    "y": "tghu",
    "z": "asx",
}

# Same sound, other letters: (written, also written as). Tried in random order.
_RESPELLINGS = (
    ("ij", "y"),
    ("y", "ij"),
    ("ei", "ij"),
    ("ou", "au"),
    ("au", "ou"),
    ("c", "k"),
    ("k", "c"),
    ("ph", "f"),
    ("th", "t"),
    ("dt", "t"),
    ("ee", "e"),
    ("aa", "a"),
    ("oo", "o"),
    ("ss", "s"),
    ("ll", "l"),
    ("tt", "t"),
    ("z", "s"),
    ("s", "z"),
    ("w", "v"),
    ("ie", "i"),
    ("i", "ie"),
    ("Gebre", "Ghebre"),
    ("Mohamed", "Mohammed"),
    ("sch", "s"),
    ("x", "ks"),
    ("ch", "g"),
)

# Dutch (and Arabic, Portuguese) particles before a family name, longest first.
PARTICLES = (
    "van der",
    "van den",
    "van de",
    "in 't",
    "op de",
    "van",
    "de",
    "den",
    "der",
    "ter",
    "ten",
    "te",
    "el",
    "da",
    "dos",
    "do",
)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def typo(rng: random.Random, text: str) -> str:
    """One slip of the keyboard: a letter dropped, doubled, hit next to, or two swapped."""
    # Not the first letter of a word: people rarely get that wrong.
    positions = [i for i, c in enumerate(text) if c.isalpha() and i > 0 and text[i - 1].isalpha()]
    if len(positions) < 2:
        return text
    i = rng.choice(positions)
    char = text[i].lower()
    operation = rng.choice(("drop", "double", "neighbour", "swap"))
    if operation == "drop":
        return text[:i] + text[i + 1 :]
    if operation == "double":
        return text[:i] + text[i] + text[i:]
    if operation == "neighbour" and char in _NEIGHBOURS:
        return text[:i] + rng.choice(_NEIGHBOURS[char]) + text[i + 1 :]
    if i + 1 < len(text) and text[i + 1].isalpha() and text[i + 1] != text[i]:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + text[i + 1 :]


def respell(rng: random.Random, text: str) -> str:
    """The same name spelt as it sounds: accents left off, or one letter group replaced."""
    plain = strip_accents(text)
    if plain != text and rng.random() < 0.7:
        return plain
    candidates = [(a, b) for a, b in _RESPELLINGS if a in text[1:] or text.startswith(a)]
    rng.shuffle(candidates)
    for written, alternative in candidates:
        start = text.find(written, 1) if not text.startswith(written) else 0
        if start >= 0:
            return text[:start] + alternative + text[start + len(written) :]
    return plain


def split_particle(family_name: str) -> tuple[str, str]:
    """("van der", "Meer") for "van der Meer"; ("", name) when there is no particle."""
    lowered = family_name.lower()
    for particle in PARTICLES:
        if lowered.startswith(particle + " ") and len(family_name) > len(particle) + 1:
            return family_name[: len(particle)], family_name[len(particle) + 1 :]
    return "", family_name


def has_particle(family_name: str) -> bool:
    return bool(split_particle(family_name)[0])


def particle_variant(rng: random.Random, family_name: str) -> str:
    """ "van der Meer" as others write it: "Van der Meer", "vd Meer", "Meer, van der",
    "Vandermeer" or just "Meer"."""
    particle, core = split_particle(family_name)
    if not particle:
        return family_name
    words = particle.split()
    options = [
        particle[:1].upper() + particle[1:] + " " + core,
        f"{core}, {particle}",
        core,
        (particle.replace(" ", "") + core.lower()).capitalize(),
    ]
    if len(words) > 1:
        options.append("".join(w[0] for w in words) + " " + core)
        options.append(".".join(w[0] for w in words) + ". " + core)
    return rng.choice(options)


def shorten_given_names(given_names: str, rng: random.Random) -> str:
    """Only the first given name, or initials, as a form with little space has it."""
    parts = given_names.split()
    if len(parts) < 2:
        return given_names[:1] + "." if rng.random() < 0.3 and given_names else given_names
    if rng.random() < 0.5:
        return parts[0]
    return " ".join(p[0] + "." for p in parts)


def swap_day_month(day: date) -> date | None:
    """12 March read as 3 December; None when the swap gives no other valid date."""
    if day.day > 12 or day.day == day.month:
        return None
    return date(day.year, day.day, day.month)
