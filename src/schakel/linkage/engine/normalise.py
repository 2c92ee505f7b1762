"""Names as a registrar means them: accents, case, punctuation and Dutch particles set aside.

"van der Meer", "Van der Meer", "Meer, van der", "v.d. Meer" and "vd Meer" all give the core
"meer" with the particle in its own column ("vandermeer" as the whole, for "Vandermeer"
written as one word). Pure Python, no Django: the engine runs without a database.
"""

from __future__ import annotations

import re
import unicodedata

from schakel.registry.synthetic.variations import PARTICLES

# Abbreviations of particles as forms with little space write them.
PARTICLE_ABBREVIATIONS = {
    "vd": "van der",
    "v.d.": "van der",
    "v/d": "van der",
    "vd.": "van der",
    "v.": "van",
    "v": "van",
    "i.t.": "in 't",
    "it": "in 't",
    "'t": "'t",
}
# Every particle written in lower case, longest first, so "van der" wins over "van".
_PARTICLES = tuple(sorted({*PARTICLES, "van het", "in het", "'t", "ten", "op den"}, key=len))[::-1]
_NOT_LETTERS = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")


def plain(text: str | None) -> str:
    """Lower case, accents off, only letters and single spaces ("Ştefan-Ioan" → "stefan ioan")."""
    if not text:
        return ""
    text = str(text)
    if text.isascii():  # most names: no decomposition needed, same result
        return _SPACES.sub(" ", _NOT_LETTERS.sub(" ", text.lower())).strip()
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    ascii_text = ascii_text.replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("đ", "d")
    return _SPACES.sub(" ", _NOT_LETTERS.sub(" ", ascii_text)).strip()


_PLAIN_PARTICLES = tuple(p for p in (plain(particle) for particle in _PARTICLES) if p)


def split_family_name(family_name: str | None) -> tuple[str, str]:
    """(particle, core) of a family name, both plain; the particle is "" when there is none.

    Handles "van der Meer", "Meer, van der", "v.d. Meer" and "vd Meer". A name that is only a
    particle ("de") is kept as the core: it is all there is.
    """
    if not family_name:
        return "", ""
    text = str(family_name).strip()
    if "," in text:  # "Meer, van der": core first, particle after the comma
        core_part, _, particle_part = text.partition(",")
        particle = plain(particle_part)
        if particle in _PARTICLES or particle in PARTICLE_ABBREVIATIONS:
            return PARTICLE_ABBREVIATIONS.get(particle, particle), plain(core_part)
        text = f"{particle_part} {core_part}"
    words = text.lower().split()
    if len(words) > 1 and words[0] in PARTICLE_ABBREVIATIONS:
        return PARTICLE_ABBREVIATIONS[words[0]], plain(" ".join(words[1:]))
    lowered = plain(text)
    if " " not in lowered:  # one word: no particle to split off
        return "", lowered
    for prefix in _PLAIN_PARTICLES:
        if lowered.startswith(prefix + " ") and len(lowered) > len(prefix) + 1:
            return prefix, lowered[len(prefix) + 1 :]
    return "", lowered


def joined(text: str) -> str:
    """Without spaces: "van der meer" → "vandermeer" (compares with "Vandermeer")."""
    return text.replace(" ", "")


# Letter groups that sound alike in the languages of the registry's reports (Dutch spelling,
# transliterated Cyrillic, Arabic and West African names), longest first.
_SOUND_ALIKE = (
    ("sch", "s"),
    ("tsj", "c"),
    ("tch", "c"),
    ("ch", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dt", "t"),
    ("ck", "k"),
    ("kh", "g"),
    ("ij", "y"),
    ("ei", "y"),
    ("ie", "i"),
    ("oe", "u"),
    ("ou", "u"),
    ("au", "u"),
    ("dzj", "j"),
    ("zh", "j"),
    ("sh", "s"),
    ("q", "k"),
    ("c", "k"),
    ("z", "s"),
    ("w", "v"),
    ("x", "ks"),
    ("j", "y"),
)
_VOWELS = frozenset("aeiouy")
_DOUBLED = re.compile(r"(.)\1+")


def sound_key(name: str, length: int = 4) -> str:
    """A short phonetic key: first sound, then consonants, doubled letters once.

    "Mohammed" and "Mohamed" → "mhmd"; "Jekaterina" and "Ekaterina" differ only in the
    first letter (that case is caught by the date-of-birth blocks). Empty for no name.
    """
    text = joined(plain(name))
    if not text:
        return ""
    for written, sound in _SOUND_ALIKE:
        text = text.replace(written, sound)
    text = _DOUBLED.sub(r"\1", text)
    first = "a" if text[0] in _VOWELS else text[0]
    return (first + "".join(c for c in text[1:] if c not in _VOWELS and c != "h"))[:length]


def first_given_name(given_names: str | None) -> str:
    """The first given name, plain ("Anna Maria" → "anna"; "A. M." → "a")."""
    words = plain(given_names).split()
    return words[0] if words else ""
