"""Registered victims in the field layout of the Counter Trafficking Data Collaborative (CTDC).

Pure functions: plain facts about one person in, one CSV row out. The layout, its source and
every mapping from Schakel's vocabulary are documented in docs/htcds-export.md. One row per
person (the `Person` cluster), never per report; no names, exact dates, document numbers or
narrative; age only as a broad band. Small cells are not suppressed here (CTDC applies
k-anonymisation with k=11 before publication): the file is not fit for publication as is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .choices import (
    CriminalActivity,
    DatePrecision,
    ExploitationForm,
    Gender,
    LabourSector,
    PlaceKind,
    SuspectRelation,
)
from .rules import minor_on

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

LAYOUT_VERSION = "CTDC Global Dataset codebook v6 (November 2017)"
MISSING = "-99"  # the CTDC dataset's code for "not known / not recorded"
UNKNOWN_COUNTRY = "00"
DATASOURCE = "Case Management"

MEANS_OF_CONTROL = (
    "DebtBondage",
    "TakesEarnings",
    "RestrictsFinancialAccess",
    "Threats",
    "PsychologicalAbuse",
    "PhysicalAbuse",
    "SexualAbuse",
    "FalsePromises",
    "PsychoactiveSubstances",
    "RestrictsMovement",
    "RestrictsMedicalCare",
    "ExcessiveWorkingHours",
    "UsesChildren",
    "ThreatOfLawEnforcement",
    "WithholdsNecessities",
    "WithholdsDocuments",
    "Other",
    "NotSpecified",
)
LABOUR_TYPES: dict[str, str] = {
    "Agriculture": "Agriculture",
    "Aquafarming": "Aquafarming",
    "Begging": "Begging",
    "Construction": "Construction",
    "DomesticWork": "Domestic work",
    "Hospitality": "Hospitality",
    "IllicitActivities": "Illicit activities",
    "Manufacturing": "Manufacturing",
    "MiningOrDrilling": "Mining or drilling",
    "Peddling": "Peddling",
    "Transportation": "Transportation",
    "Other": "Other",
    "NotSpecified": "Not specified",
}
SEX_TYPES: dict[str, str] = {
    "Prostitution": "Prostitution",
    "Pornography": "Pornography",
    "RemoteInteractiveServices": "Remote interactive services",
    "PrivateSexualServices": "Private sexual services",
}
RECRUITER_RELATIONS: dict[str, str] = {
    "IntimatePartner": "Intimate Partner",
    "Friend": "Friend",
    "Family": "Family",
    "Other": "Other",
    "Unknown": "Unknown",
}

# Column order of the CTDC Global Dataset; `personId` (first) is Schakel's own addition.
COLUMNS: tuple[str, ...] = (
    "personId",
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "majorityEntry",
    "citizenship",
    *(f"meansOfControl{m}" for m in MEANS_OF_CONTROL),
    "meansOfControlConcatenated",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",
    "typeOfExploitConcatenated",
    *(f"typeOfLabour{t}" for t in LABOUR_TYPES),
    "typeOfLabourConcatenated",
    *(f"typeOfSex{t}" for t in SEX_TYPES),
    "typeOfSexConcatenated",
    "isAbduction",
    "RecruiterRelationship",
    "CountryOfExploitation",
    *(f"recruiterRelation{r}" for r in RECRUITER_RELATIONS),
)

GENDERS = {Gender.FEMALE: "Female", Gender.MALE: "Male", Gender.OTHER: "Transgender/NonConforming"}
SECTOR_TYPES: dict[str, str] = {
    LabourSector.AGRICULTURE: "Agriculture",
    LabourSector.MEAT_PROCESSING: "Manufacturing",
    LabourSector.CONSTRUCTION: "Construction",
    LabourSector.HOSPITALITY: "Hospitality",
    LabourSector.CLEANING: "Other",
    LabourSector.LOGISTICS: "Transportation",
    LabourSector.DOMESTIC_WORK: "DomesticWork",
    LabourSector.BEAUTY: "Other",
    LabourSector.RETAIL: "Other",
    LabourSector.MANUFACTURING: "Manufacturing",
    LabourSector.SHIPPING: "Transportation",
    LabourSector.OTHER: "Other",
}
RELATION_TYPES: dict[str, str] = {
    SuspectRelation.PARTNER: "IntimatePartner",
    SuspectRelation.ACQUAINTANCE: "Friend",
    SuspectRelation.FAMILY: "Family",
    SuspectRelation.EMPLOYER: "Other",
    SuspectRelation.RECRUITER: "Other",
    SuspectRelation.OTHER: "Other",
    SuspectRelation.UNKNOWN: "Unknown",
}
AGE_BANDS: tuple[tuple[int, str], ...] = (
    (8, "0--8"),
    (17, "9--17"),
    (20, "18--20"),
    (23, "21--23"),
    (26, "24--26"),
    (29, "27--29"),
    (38, "30--38"),
    (47, "39--47"),
)
ESTIMATE_MARGIN_YEARS = 2
PRECISION_RANK: dict[str, int] = {
    DatePrecision.EXACT: 3,
    DatePrecision.YEAR: 2,
    DatePrecision.ESTIMATED: 1,
}


@dataclass(frozen=True)
class RegisteredReport:
    """What one registered report says about the person, as plain values."""

    reported_on: date
    gender: str
    birth_date: date | None
    birth_year: int | None
    birth_date_precision: str
    nationalities: tuple[str, ...]
    exploitation_started_on: date | None
    forms: tuple[tuple[str, str, str], ...]  # (form, labour sector, criminal activity)
    places: tuple[tuple[str, str], ...]  # (kind, country)
    suspect_relations: tuple[str, ...]


@dataclass(frozen=True)
class PersonFacts:
    person_id: str  # already pseudonymised
    year: int
    reports: tuple[RegisteredReport, ...]


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def age_range(
    *, birth_date: date | None, birth_year: int | None, precision: str, on: date
) -> tuple[int, int] | None:
    """Youngest and oldest the person can have been on ``on``; None when nothing is known."""
    if precision == DatePrecision.EXACT and birth_date is not None:
        age = _age(birth_date, on)
        return age, age
    if precision == DatePrecision.YEAR and birth_year:
        return _age(date(birth_year, 12, 31), on), _age(date(birth_year, 1, 1), on)
    if precision == DatePrecision.ESTIMATED and (birth_date or birth_year):
        age = _age(birth_date or date(int(birth_year or 0), 7, 1), on)
        return age - ESTIMATE_MARGIN_YEARS, age + ESTIMATE_MARGIN_YEARS
    return None


def age_band(age: int) -> str:
    for upper, label in AGE_BANDS:
        if age <= upper:
            return label
    return "48+"


def broad_age(ages: tuple[int, int] | None) -> str:
    """The CTDC band, or MISSING when the uncertainty spans two bands."""
    if ages is None:
        return MISSING
    youngest, oldest = max(ages[0], 0), max(ages[1], 0)
    band = age_band(youngest)
    return band if age_band(oldest) == band else MISSING


def _majority(minor: bool | None) -> str:
    return MISSING if minor is None else ("Minor" if minor else "Adult")


def _best_birth(reports: tuple[RegisteredReport, ...]) -> RegisteredReport:
    """The report with the most precise birth data (the latest one among equals)."""
    return max(
        reports, key=lambda r: (PRECISION_RANK.get(r.birth_date_precision, 0), r.reported_on)
    )


def _flag(value: bool, known: bool = True) -> str:
    if not known:
        return MISSING
    return "1" if value else "0"


def _concatenated(labels: Iterable[str]) -> str:
    joined = ";".join(labels)
    return joined or MISSING


def _exploitation(forms: set[tuple[str, str, str]]) -> dict[str, str]:
    kinds = {form for form, _sector, _activity in forms}
    known = bool(kinds - {ExploitationForm.UNKNOWN})
    labour = bool(kinds & {ExploitationForm.LABOUR, ExploitationForm.CRIMINAL})
    sexual = bool(kinds & {ExploitationForm.SEXUAL_SEX_INDUSTRY, ExploitationForm.SEXUAL_OTHER})
    other = ExploitationForm.OTHER in kinds
    organ = ExploitationForm.ORGAN_REMOVAL in kinds
    labour_types: set[str] = set()
    for form, sector, activity in forms:
        if form == ExploitationForm.LABOUR:
            labour_types.add(SECTOR_TYPES.get(sector, "NotSpecified"))
        elif form == ExploitationForm.CRIMINAL:
            labour_types.add(
                "Begging" if activity == CriminalActivity.BEGGING else "IllicitActivities"
            )
    sex_types = {
        t
        for form, t in (
            (ExploitationForm.SEXUAL_SEX_INDUSTRY, "Prostitution"),
            (ExploitationForm.SEXUAL_OTHER, "PrivateSexualServices"),
        )
        if form in kinds
    }
    row = {
        "isForcedLabour": _flag(labour, known),
        "isSexualExploit": _flag(sexual, known),
        "isOtherExploit": _flag(other, known),
        "isSexAndLabour": _flag(sexual and labour, known),
        "isOrganRemoval": _flag(organ, known),
        "typeOfExploitConcatenated": _concatenated(
            label
            for present, label in (
                (labour, "Forced labour"),
                (sexual, "Sexual exploitation"),
                (other, "Other"),
                (organ, "Organ removal"),
            )
            if present
        ),
    }
    for key in LABOUR_TYPES:
        row[f"typeOfLabour{key}"] = _flag(key in labour_types, labour)
    row["typeOfLabourConcatenated"] = _concatenated(
        label for key, label in LABOUR_TYPES.items() if key in labour_types
    )
    for key in SEX_TYPES:
        row[f"typeOfSex{key}"] = _flag(key in sex_types, sexual)
    row["typeOfSexConcatenated"] = _concatenated(
        label for key, label in SEX_TYPES.items() if key in sex_types
    )
    return row


def _recruiters(relations: set[str]) -> dict[str, str]:
    kinds = {RELATION_TYPES.get(r, "Unknown") for r in relations}
    known = bool(relations)
    row = {f"recruiterRelation{key}": _flag(key in kinds, known) for key in RECRUITER_RELATIONS}
    row["RecruiterRelationship"] = _concatenated(
        label for key, label in RECRUITER_RELATIONS.items() if key in kinds
    )
    return row


def _country_of_exploitation(reports: tuple[RegisteredReport, ...]) -> str:
    for report in reports:
        for kind, country in report.places:
            if kind == PlaceKind.NETHERLANDS:
                return "NL"
            if country:
                return country
    return UNKNOWN_COUNTRY


def htcds_row(person: PersonFacts) -> dict[str, str]:
    """One person's row; facts from several reports are combined (earliest report first)."""
    reports = tuple(sorted(person.reports, key=lambda r: r.reported_on))
    first = reports[0]
    birth = _best_birth(reports)
    genders = [r.gender for r in reports if r.gender in GENDERS]
    nationalities = [r.nationalities[0] for r in reversed(reports) if r.nationalities]
    starts = [r.exploitation_started_on for r in reports if r.exploitation_started_on]
    minor_at_exploit = (
        minor_on(
            birth_date=birth.birth_date,
            birth_year=birth.birth_year,
            precision=birth.birth_date_precision,
            on=min(starts),
        )
        if starts
        else None
    )
    row = dict.fromkeys(COLUMNS, MISSING)
    row.update(
        {
            "personId": person.person_id,
            "yearOfRegistration": str(person.year),
            "Datasource": DATASOURCE,
            "gender": GENDERS[Gender(genders[-1])] if genders else MISSING,
            "ageBroad": broad_age(
                age_range(
                    birth_date=birth.birth_date,
                    birth_year=birth.birth_year,
                    precision=birth.birth_date_precision,
                    on=first.reported_on,
                )
            ),
            "majorityStatus": _majority(
                minor_on(
                    birth_date=birth.birth_date,
                    birth_year=birth.birth_year,
                    precision=birth.birth_date_precision,
                    on=first.reported_on,
                )
            ),
            "majorityStatusAtExploit": _majority(minor_at_exploit),
            "citizenship": nationalities[0] if nationalities else UNKNOWN_COUNTRY,
            "CountryOfExploitation": _country_of_exploitation(reports),
        }
    )
    row.update(_exploitation({f for r in reports for f in r.forms}))
    row.update(_recruiters({s for r in reports for s in r.suspect_relations}))
    return row


def write_csv(rows: Iterable[dict[str, str]], stream: SupportsWrite[str]) -> None:
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
