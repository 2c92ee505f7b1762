"""Names fitting a nationality: Faker's locales where it has one, short hand lists otherwise.

Pools are drawn once per (seed, source) from a seeded Faker, so the names a person gets do
not depend on the order in which persons are made. Cyrillic names keep their original
spelling: a passport transliterates them one way, a Dutch officer writing by ear another,
which is one of the realistic differences between two reports about the same person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from faker import Faker

from .nationalities import EDO_NAMES, HAND_NAMES, NIGERIAN_LOCALES

# Draws per pool: enough to take in (nearly) every name of a Faker locale, with Faker's own
# frequency weights. It was 400 until 2026-11-27, which cut e.g. the Dutch family names from
# 1,130 to 329 and, at 100,000 records, made thousands of distinct persons share a full name
# (see docs/linkage.md, "The registry's generator as a test of linkage").
POOL_DRAWS = 5000
CYRILLIC_LOCALES = frozenset({"uk_UA", "bg_BG"})
PATRONYMIC_SOURCES = frozenset({"ER"})

# Ukrainian national system (2010) and Bulgarian official system (2009), as in passports.
_PASSPORT: dict[str, dict[str, str]] = {
    "uk_UA": {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "h",
        "ґ": "g",
        "д": "d",
        "е": "e",
        "є": "ie",
        "ж": "zh",
        "з": "z",
        "и": "y",
        "і": "i",
        "ї": "i",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ь": "",
        "ю": "iu",
        "я": "ia",
        "'": "",
        "’": "",
    },
    "bg_BG": {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "h",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "sht",
        "ъ": "a",
        "ь": "y",
        "ю": "yu",
        "я": "ya",
    },
}
# Dutch spelling by ear (the Taalunie's transcription of Russian, applied loosely).
_DUTCH: dict[str, dict[str, str]] = {
    "uk_UA": {
        **_PASSPORT["uk_UA"],
        "ж": "zj",
        "х": "ch",
        "ч": "tsj",
        "ш": "sj",
        "щ": "sjtsj",
        "и": "i",
        "й": "j",
        "є": "je",
        "ї": "ji",
        "ю": "joe",
        "я": "ja",
        "у": "oe",
    },
    "bg_BG": {
        **_PASSPORT["bg_BG"],
        "ж": "zj",
        "х": "ch",
        "ч": "tsj",
        "ш": "sj",
        "щ": "sjt",
        "й": "j",
        "ю": "joe",
        "я": "ja",
        "у": "oe",
        "ъ": "u",
    },
}


def transliterate(text: str, locale: str, *, dutch: bool = False) -> str:
    table = (_DUTCH if dutch else _PASSPORT).get(locale)
    if table is None:
        return text
    words = []
    for word in text.split(" "):
        latin = "".join(table.get(ch.lower(), ch) for ch in word)
        words.append(latin[:1].upper() + latin[1:])
    return " ".join(words)


@dataclass(frozen=True)
class NamePool:
    female: tuple[str, ...]
    male: tuple[str, ...]
    family_female: tuple[str, ...]
    family_male: tuple[str, ...]


def _distinct(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v.strip()))


def _faker_pool(locale: str, seed: int) -> NamePool:
    fake = Faker(locale, providers=["faker.providers.person"])  # names only: loads 10x faster
    fake.seed_instance(f"{seed}:{locale}")
    if locale == "zh_CN":
        # Chinese names as romanised in documents (pinyin), not in characters. Most given
        # names have two syllables; Faker's 23 romanised given names are the one-syllable
        # stock, so half the draws join two of them ("Weiming").
        first = [
            fake.first_romanized_name()
            + (fake.first_romanized_name().lower() if fake.random.random() < 0.5 else "")
            for _ in range(POOL_DRAWS)
        ]
        family = [fake.last_romanized_name() for _ in range(POOL_DRAWS)]
        return NamePool(_distinct(first), _distinct(first), _distinct(family), _distinct(family))
    extra_female, extra_male = EXTRA_GIVEN_NAMES.get(locale, ((), ()))
    return NamePool(
        female=_distinct([fake.first_name_female() for _ in range(POOL_DRAWS)] + [*extra_female]),
        male=_distinct([fake.first_name_male() for _ in range(POOL_DRAWS)] + [*extra_male]),
        family_female=_distinct([fake.last_name_female() for _ in range(POOL_DRAWS)]),
        family_male=_distinct([fake.last_name_male() for _ in range(POOL_DRAWS)]),
    )


def _hand_pool(names: dict[str, tuple[str, ...]], *, patronymic: bool = False) -> NamePool:
    family = names["family"]
    if patronymic:
        # Eritrean naming: the "family name" in a Dutch record is the father's given name.
        family = _distinct([*family, *names["male"]])
    return NamePool(names["female"], names["male"], family, family)


@cache
def name_pool(source: str, seed: int) -> NamePool:
    """The names of one source: a Faker locale, "NG" (Nigerian mix) or a HAND_NAMES key."""
    if source in HAND_NAMES:
        return _hand_pool(HAND_NAMES[source], patronymic=source in PATRONYMIC_SOURCES)
    if source == "NG":
        pools = [_faker_pool(locale, seed) for locale in NIGERIAN_LOCALES]
        edo = _hand_pool(EDO_NAMES)
        return NamePool(
            *(
                _distinct([name for pool in (*pools, edo, edo) for name in getattr(pool, part)])
                for part in ("female", "male", "family_female", "family_male")
            )
        )
    return _faker_pool(source, seed)


@dataclass(frozen=True)
class DrawnName:
    """A name as on the person's own documents; ``locale`` tells how to re-spell it."""

    given_names: str
    family_name: str
    locale: str


def draw_name(
    rng: random.Random, *, source: str, seed: int, female: bool, second_given_share: float
) -> DrawnName:
    pool = name_pool(source, seed)
    firsts = pool.female if female else pool.male
    given = rng.choice(firsts)
    if rng.random() < second_given_share:
        second = rng.choice(firsts)
        if second != given:
            given = f"{given} {second}"
    family = rng.choice(pool.family_female if female else pool.family_male)
    if source == "vi_VN":
        # Vietnamese: family name first in speech; the middle name belongs to the given names
        # in Dutch records. Thị (women) and Văn (men) are the most common middle names, not
        # the only ones: half the persons get one of Faker's other Vietnamese middle names.
        middle = ("Thị" if female else "Văn") if rng.random() < 0.5 else rng.choice(VI_MIDDLE)
        given = f"{middle} {given}"
    return DrawnName(given, family, source)


# Given names where Faker's list is far shorter than a real population's (Faker has 15
# Vietnamese women's names). Family names stay Faker's: real Vietnamese family names are even
# more concentrated (Nguyễn alone about 38 %) than Faker's ten drawn evenly.
EXTRA_GIVEN_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "vi_VN": (
        (
            "Trang",
            "Hoa",
            "Thu",
            "Nga",
            "Nhung",
            "Phương",
            "Thủy",
            "Hạnh",
            "Hằng",
            "Loan",
            "Oanh",
            "Quyên",
            "Tâm",
            "Thơ",
            "Trinh",
            "Uyên",
            "Hà",
            "Huyền",
            "Diệp",
            "Giang",
            "Hiền",
            "Khánh",
            "Liên",
            "My",
            "Nhi",
            "Như",
            "Quỳnh",
            "Tuyết",
            "Vy",
            "Thanh",
            "Thúy",
            "Diễm",
            "Kiều",
            "Ly",
            "Hậu",
        ),
        (
            "Tuấn",
            "Hải",
            "Long",
            "Hùng",
            "Cường",
            "Đức",
            "Hiếu",
            "Khánh",
            "Lâm",
            "Lộc",
            "Nghĩa",
            "Phong",
            "Sơn",
            "Tài",
            "Thắng",
            "Thịnh",
            "Tiến",
            "Toàn",
            "Trí",
            "Việt",
            "Vinh",
            "Bình",
            "Công",
            "Đạt",
            "Định",
            "Hòa",
            "Kiên",
            "Lực",
            "Mạnh",
            "Nhân",
            "Phát",
            "Quân",
            "Sang",
            "Thái",
            "Hiệp",
        ),
    ),
}

# Faker's Vietnamese middle names other than Thị and Văn.
VI_MIDDLE = (
    "Quang",
    "Đức",
    "Trí",
    "Xuân",
    "Hoàng",
    "Hải",
    "Thế",
    "Tấn",
    "Phú",
    "Hữu",
    "Bảo",
    "Mai",
    "Ngọc",
    "Minh",
    "Thanh",
    "Kim",
)


def written_name(name: DrawnName, *, dutch_by_ear: bool = False) -> tuple[str, str]:
    """The name in Latin script: as in a passport, or as a Dutch officer heard it."""
    if name.locale in CYRILLIC_LOCALES:
        return (
            transliterate(name.given_names, name.locale, dutch=dutch_by_ear),
            transliterate(name.family_name, name.locale, dutch=dutch_by_ear),
        )
    return name.given_names, name.family_name
