"""A synthetic person (the truth) and how each report describes them (a noisy view)."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import date, timedelta

from . import variations as v
from .names import CYRILLIC_LOCALES, DrawnName, draw_name, written_name
from .nationalities import SECOND_NATIONALITY, Nationality
from .records import SyntheticDocument, SyntheticPerson
from .sampling import chance, pick
from .vocabulary import (
    ALIAS_SHARE,
    ALIASES,
    BIRTH_PLACE_SHARE,
    BIRTH_PRECISION_WEIGHTS,
    DOCUMENT_SHARE_DUTCH,
    DOCUMENT_SHARE_FOREIGN,
    GENDER_BY_FORM,
    LABOUR,
    MUNICIPALITIES,
    NAME_UNKNOWN_SHARE,
    PHONE_SHARE,
    SECOND_GIVEN_NAME_SHARE,
)

EXPLOITATION_BEFORE_REPORT_MEAN_DAYS = 240
MIN_AGE_AT_START = 12
SECOND_GIVEN_NAME_SOURCES = frozenset({"nl_NL", "ro_RO", "pl_PL", "hu_HU", "pt_BR"})
HAIR = (
    "donker lang haar",
    "blond haar",
    "kort zwart haar",
    "rood geverfd haar",
    "bruin krullend haar",
)

# How often a later report about the same person differs from the truth in each way.
LATER_NAME_VARIATION_SHARES = {
    v.TRANSLITERATION: 0.5,
    v.SPELLING: 0.15,
    v.TYPO: 0.18,
    v.PARTICLE: 0.45,
    v.GIVEN_NAMES_SHORTENED: 0.08,
    v.SWAPPED_NAMES: 0.06,
}
NAME_VARIATIONS = frozenset(LATER_NAME_VARIATION_SHARES)
SWAPPED_NAMES_SHARE_VIETNAMESE = 0.30  # family name first in Vietnamese usage
DAY_MONTH_SWAP_SHARE = 0.06
ESTIMATE_SPREAD_YEARS = 2


@dataclass(frozen=True)
class Truth:
    name: DrawnName
    gender: str
    birth_date: date
    exploitation_started: date
    minor_at_start: bool
    nationality: Nationality
    nationalities: tuple[str, ...]
    birth_place: str
    municipality: str
    phone: str
    document: SyntheticDocument | None
    alias: str


def _phone(rng: random.Random, prefix: str) -> str:
    return f"{prefix} {rng.randrange(10_000_000):07d}"


def _document(rng: random.Random, nationality: Nationality) -> SyntheticDocument | None:
    dutch = nationality.code == "NL"
    if not chance(rng, DOCUMENT_SHARE_DUTCH if dutch else DOCUMENT_SHARE_FOREIGN):
        return None
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(2))
    number = f"{letters}{rng.randrange(10_000_000):07d}"
    kind = "id_card" if dutch or chance(rng, 0.2) else "passport"
    return SyntheticDocument(kind, number, nationality.code)


def make_truth(
    rng: random.Random, *, seed: int, nationality: Nationality, form: str, first_reported_on: date
) -> Truth:
    female_share, male_share, other_share = GENDER_BY_FORM[form]
    gender = pick(rng, {"female": female_share, "male": male_share, "other": other_share})
    minor_share = nationality.minor_share * (0.3 if form == LABOUR else 1.0)
    minor = chance(rng, minor_share)
    started = first_reported_on - timedelta(
        days=int(rng.expovariate(1 / EXPLOITATION_BEFORE_REPORT_MEAN_DAYS))
    )
    age = rng.uniform(MIN_AGE_AT_START, 17.95) if minor else min(60.0, 18 + rng.gammavariate(2, 5))
    birth_date = started - timedelta(days=int(age * 365.25))
    female = gender == "female" or (gender == "other" and chance(rng, 0.5))
    name = draw_name(
        rng,
        source=nationality.names,
        seed=seed,
        female=female,
        second_given_share=SECOND_GIVEN_NAME_SHARE
        if nationality.names in SECOND_GIVEN_NAME_SOURCES
        else 0.03,
    )
    nationalities: tuple[str, ...] = (nationality.code,)
    if nationality.code in SECOND_NATIONALITY:
        other, share = SECOND_NATIONALITY[nationality.code]
        if chance(rng, share):
            nationalities = (*nationalities, other)
    birth_place = (
        rng.choice(list(MUNICIPALITIES))
        if nationality.code == "NL"
        else rng.choice(nationality.birth_places)
    )
    return Truth(
        name=name,
        gender=gender,
        birth_date=birth_date,
        exploitation_started=started,
        minor_at_start=minor,
        nationality=nationality,
        nationalities=nationalities,
        birth_place=birth_place,
        municipality=pick(rng, MUNICIPALITIES),
        phone=_phone(rng, nationality.phone_prefix),
        document=_document(rng, nationality),
        alias=rng.choice(ALIASES) if chance(rng, ALIAS_SHARE) else "",
    )


def _written_names(
    rng: random.Random, truth: Truth, *, later: bool, found: list[str]
) -> tuple[str, str]:
    shares = LATER_NAME_VARIATION_SHARES if later else {}
    by_ear = truth.name.locale in CYRILLIC_LOCALES and chance(
        rng, shares.get(v.TRANSLITERATION, 0.0)
    )
    given, family = written_name(truth.name, dutch_by_ear=by_ear)
    if by_ear:
        found.append(v.TRANSLITERATION)
    if chance(rng, shares.get(v.SPELLING, 0.0)):
        if chance(rng, 0.6):
            family = v.respell(rng, family)
        else:
            given = v.respell(rng, given)
        found.append(v.SPELLING)
    if chance(rng, shares.get(v.TYPO, 0.0)):
        if chance(rng, 0.6):
            family = v.typo(rng, family)
        else:
            given = v.typo(rng, given)
        found.append(v.TYPO)
    if v.has_particle(family) and chance(rng, shares.get(v.PARTICLE, 0.0)):
        family = v.particle_variant(rng, family)
        found.append(v.PARTICLE)
    if chance(rng, shares.get(v.GIVEN_NAMES_SHORTENED, 0.0)):
        given = v.shorten_given_names(given, rng)
        found.append(v.GIVEN_NAMES_SHORTENED)
    swap_share = (
        SWAPPED_NAMES_SHARE_VIETNAMESE
        if truth.name.locale == "vi_VN"
        else shares.get(v.SWAPPED_NAMES, 0.0)
    )
    if later and chance(rng, swap_share):
        given, family = family, given
        found.append(v.SWAPPED_NAMES)
    return given, family


def _birth(
    rng: random.Random, truth: Truth, *, later: bool, found: list[str]
) -> tuple[date | None, int | None, str]:
    precision = pick(rng, BIRTH_PRECISION_WEIGHTS)
    if precision == "exact":
        swapped = v.swap_day_month(truth.birth_date)
        if later and swapped is not None and chance(rng, DAY_MONTH_SWAP_SHARE):
            found.append(v.BIRTH_DAY_MONTH_SWAPPED)
            return swapped, swapped.year, precision
        return truth.birth_date, truth.birth_date.year, precision
    if precision == "year":
        found.append(v.BIRTH_YEAR_ONLY)
        return None, truth.birth_date.year, precision
    if precision == "estimated":
        found.append(v.BIRTH_DATE_ESTIMATED)
        spread = rng.randint(-ESTIMATE_SPREAD_YEARS, ESTIMATE_SPREAD_YEARS)
        return None, truth.birth_date.year + spread, precision
    found.append(v.BIRTH_DATE_MISSING)
    return None, None, precision


def _description(rng: random.Random, truth: Truth, on: date) -> str:
    age = (on - truth.birth_date).days // 365
    who = {"female": "Vrouw", "male": "Man"}.get(truth.gender, "Persoon")
    return f"{who} van ongeveer {age} jaar, {rng.choice(HAIR)}."


def person_view(
    rng: random.Random, truth: Truth, *, index: int, reported_on: date
) -> tuple[SyntheticPerson, tuple[str, ...]]:
    """The person as report number ``index`` (0: the first) describes them, and how that
    description differs from the truth."""
    later = index > 0
    found: list[str] = []
    given, family = _written_names(rng, truth, later=later, found=found)
    birth_date, birth_year, precision = _birth(rng, truth, later=later, found=found)
    aliases = (truth.alias,) if truth.alias and chance(rng, 0.7) else ()
    description = ""
    if chance(rng, NAME_UNKNOWN_SHARE / (2 if later else 1)):
        # Only a street name and what the person looks like: identifiable, but barely.
        given, family = "", ""
        # No name written: the ways the name differed no longer describe this record.
        found = [f for f in found if f not in NAME_VARIATIONS]
        aliases = (truth.alias or rng.choice(ALIASES),)
        description = _description(rng, truth, reported_on)
    document = truth.document if truth.document and chance(rng, 0.75) else None
    municipality = truth.municipality if chance(rng, 0.8) else pick(rng, MUNICIPALITIES)
    person = SyntheticPerson(
        given_names=given,
        family_name=family,
        aliases=aliases,
        description=description,
        birth_date=birth_date,
        birth_year=birth_year,
        birth_date_precision=precision,
        gender=truth.gender if chance(rng, 0.97) else "unknown",
        nationalities=truth.nationalities if chance(rng, 0.92) else (),
        birth_country=truth.nationality.code if chance(rng, 0.6) else "",
        birth_place=truth.birth_place if chance(rng, BIRTH_PLACE_SHARE) else "",
        languages=truth.nationality.languages if chance(rng, 0.8) else (),
        municipality_of_stay=municipality,
        phone=truth.phone if chance(rng, PHONE_SHARE) else "",
        documents=(document,) if document else (),
    )
    return person, tuple(found)
