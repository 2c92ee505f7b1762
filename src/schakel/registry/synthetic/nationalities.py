"""Nationalities of the synthetic persons: shares, languages, forms of exploitation, names.

Plain data, no Django. Shares and tilts are plausible approximations for a demo and for
testing linkage, not statistics. Codes are ISO 3166 (countries) and ISO 639 (languages).
"""

from __future__ import annotations

from .vocabulary import FORMS, LABOUR_INSPECTORATE, MARECHAUSSEE


class Nationality:
    """How persons of one nationality are generated."""

    def __init__(
        self,
        *,
        code: str,
        share: float,
        names: str,
        languages: tuple[str, ...],
        minor_share: float,
        forms: tuple[float, float, float, float, float],
        birth_places: tuple[str, ...],
        phone_prefix: str,
    ) -> None:
        self.code = code
        self.share = share
        self.names = names  # a Faker locale, or a key of HAND_NAMES
        self.languages = languages
        self.minor_share = minor_share
        self.form_weights = dict(zip(FORMS, forms, strict=True))
        self.birth_places = birth_places
        self.phone_prefix = phone_prefix


# forms: sexual in the sex industry, sexual outside it, labour, criminal, other.
NATIONALITIES: tuple[Nationality, ...] = (
    Nationality(
        code="NL",
        share=0.36,
        names="nl_NL",
        languages=("nl",),
        minor_share=0.35,
        forms=(0.25, 0.45, 0.05, 0.20, 0.05),
        birth_places=(),
        phone_prefix="+31 6",
    ),
    Nationality(
        code="RO",
        share=0.11,
        names="ro_RO",
        languages=("ro",),
        minor_share=0.08,
        forms=(0.45, 0.10, 0.30, 0.10, 0.05),
        phone_prefix="+40 7",
        birth_places=(
            "Bucureşti",
            "Constanța",
            "Craiova",
            "Iași",
            "Timișoara",
            "Galați",
            "Brașov",
            "Slatina",
        ),
    ),
    Nationality(
        code="NG",
        share=0.10,
        names="NG",
        languages=("en", "bin"),
        minor_share=0.10,
        forms=(0.55, 0.20, 0.10, 0.05, 0.10),
        phone_prefix="+234 80",
        birth_places=("Benin City", "Lagos", "Abuja", "Port Harcourt", "Ibadan", "Enugu"),
    ),
    Nationality(
        code="PL",
        share=0.07,
        names="pl_PL",
        languages=("pl",),
        minor_share=0.03,
        forms=(0.15, 0.05, 0.70, 0.05, 0.05),
        phone_prefix="+48 5",
        birth_places=("Warszawa", "Kraków", "Łódź", "Wrocław", "Lublin", "Białystok", "Opole"),
    ),
    Nationality(
        code="HU",
        share=0.06,
        names="hu_HU",
        languages=("hu",),
        minor_share=0.08,
        forms=(0.50, 0.10, 0.30, 0.05, 0.05),
        phone_prefix="+36 30",
        birth_places=("Budapest", "Debrecen", "Miskolc", "Nyíregyháza", "Pécs", "Szeged"),
    ),
    Nationality(
        code="BG",
        share=0.06,
        names="bg_BG",
        languages=("bg",),
        minor_share=0.08,
        forms=(0.45, 0.10, 0.30, 0.10, 0.05),
        phone_prefix="+359 88",
        birth_places=("Sofia", "Plovdiv", "Varna", "Burgas", "Sliven", "Pazardzhik", "Pleven"),
    ),
    Nationality(
        code="VN",
        share=0.05,
        names="vi_VN",
        languages=("vi",),
        minor_share=0.20,
        forms=(0.10, 0.05, 0.35, 0.45, 0.05),
        phone_prefix="+84 9",
        birth_places=("Hà Nội", "Hải Phòng", "Vinh", "Hà Tĩnh", "Nghệ An", "Quảng Bình"),
    ),
    Nationality(
        code="UA",
        share=0.05,
        names="uk_UA",
        languages=("uk", "ru"),
        minor_share=0.05,
        forms=(0.30, 0.10, 0.50, 0.05, 0.05),
        phone_prefix="+380 67",
        birth_places=("Kyiv", "Kharkiv", "Lviv", "Odesa", "Dnipro", "Zaporizhzhia"),
    ),
    Nationality(
        code="ER",
        share=0.03,
        names="ER",
        languages=("ti",),
        minor_share=0.15,
        forms=(0.20, 0.20, 0.20, 0.05, 0.35),
        phone_prefix="+291 7",
        birth_places=("Asmara", "Keren", "Massawa", "Mendefera"),
    ),
    Nationality(
        code="CN",
        share=0.03,
        names="zh_CN",
        languages=("zh",),
        minor_share=0.03,
        forms=(0.40, 0.05, 0.45, 0.05, 0.05),
        phone_prefix="+86 13",
        birth_places=("Fuzhou", "Wenzhou", "Shenyang", "Harbin", "Guangzhou"),
    ),
    Nationality(
        code="BR",
        share=0.03,
        names="pt_BR",
        languages=("pt",),
        minor_share=0.03,
        forms=(0.70, 0.10, 0.15, 0.00, 0.05),
        phone_prefix="+55 11",
        birth_places=("São Paulo", "Rio de Janeiro", "Goiânia", "Belém", "Recife"),
    ),
    Nationality(
        code="IN",
        share=0.02,
        names="en_IN",
        languages=("hi", "en"),
        minor_share=0.03,
        forms=(0.05, 0.05, 0.80, 0.05, 0.05),
        phone_prefix="+91 98",
        birth_places=("Mumbai", "Delhi", "Amritsar", "Chennai", "Kolkata"),
    ),
    Nationality(
        code="MA",
        share=0.03,
        names="MA",
        languages=("ar", "nl"),
        minor_share=0.20,
        forms=(0.10, 0.20, 0.10, 0.55, 0.05),
        phone_prefix="+212 6",
        birth_places=("Casablanca", "Tanger", "Nador", "Al Hoceima", "Rabat", "Fès"),
    ),
)
# The Marechaussee sees people at the border: few Dutch nationals.
GROUP_NATIONALITY_TILT: dict[str, dict[str, float]] = {
    MARECHAUSSEE: {"NL": 0.1},
    LABOUR_INSPECTORATE: {"NL": 0.15, "PL": 2.0, "RO": 1.5, "UA": 1.5},
}
SECOND_NATIONALITY: dict[str, tuple[str, float]] = {"MA": ("NL", 0.4)}

# Names for nationalities without a Faker locale (Latin spellings as used in Dutch records).
HAND_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "ER": {
        "female": (
            "Semhar",
            "Helen",
            "Saba",
            "Senait",
            "Lidia",
            "Yordanos",
            "Mebrat",
            "Rahwa",
            "Winta",
            "Selam",
            "Tsega",
            "Feven",
            "Eden",
            "Luwam",
        ),
        "male": (
            "Yonas",
            "Dawit",
            "Tesfay",
            "Samuel",
            "Filmon",
            "Biniam",
            "Merhawi",
            "Robel",
            "Habtom",
            "Kidane",
            "Awet",
            "Henok",
        ),
        "family": (
            "Haile",
            "Tesfamariam",
            "Gebremedhin",
            "Kidane",
            "Berhane",
            "Tekle",
            "Weldemariam",
            "Gebreyesus",
            "Asfaha",
            "Mehari",
            "Teklehaimanot",
            "Abraha",
            "Gebremichael",
            "Yohannes",
            "Ghirmay",
        ),
    },
    "MA": {
        "female": (
            "Fatima",
            "Khadija",
            "Samira",
            "Naima",
            "Nadia",
            "Salma",
            "Imane",
            "Sanae",
            "Hajar",
            "Souad",
            "Yasmina",
            "Loubna",
        ),
        "male": (
            "Mohamed",
            "Ahmed",
            "Youssef",
            "Said",
            "Rachid",
            "Mustafa",
            "Karim",
            "Hamza",
            "Ayoub",
            "Bilal",
            "Anouar",
            "Redouan",
        ),
        "family": (
            "El Amrani",
            "Benali",
            "El Idrissi",
            "Bouzid",
            "Ait Lahcen",
            "El Khattabi",
            "Azzouzi",
            "Boukhari",
            "Chaouki",
            "Haddou",
            "El Ouardi",
            "Tahiri",
            "El Hamdaoui",
            "Bouchtaoui",
            "Ouali",
        ),
    },
}
# Nigeria: Faker has Yoruba, Igbo and Nigerian-English locales; Edo names are added by hand
# because most Nigerian victims in the Netherlands come from Edo State.
NIGERIAN_LOCALES = ("en_NG", "yo_NG", "ig_NG")
EDO_NAMES: dict[str, tuple[str, ...]] = {
    "female": (
        "Osarugue",
        "Efe",
        "Ivie",
        "Eghosa",
        "Osasu",
        "Blessing",
        "Joy",
        "Precious",
        "Favour",
        "Gift",
    ),
    "male": ("Osaze", "Eghosa", "Osagie", "Nosa", "Iyobosa", "Godwin", "Friday", "Sunday"),
    "family": (
        "Osagie",
        "Omoregie",
        "Igbinedion",
        "Ehigiator",
        "Aigbe",
        "Obaseki",
        "Edosomwan",
        "Osayande",
        "Ogbebor",
        "Iyamu",
    ),
}
