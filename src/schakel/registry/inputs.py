"""What a report says, as plain typed values: the one input shape for the web form, the API
and the file importer, validated by one pure function."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pycountry
from django.utils.translation import gettext as _
from django_countries import countries

from .choices import (
    ConsentStatus,
    CriminalActivity,
    DatePrecision,
    DocumentType,
    ExploitationForm,
    ExploitationPeriodStatus,
    Gender,
    LabourSector,
    PlaceKind,
    SuspectRelation,
)
from .rules import FieldError


@dataclass(frozen=True)
class DocumentInput:
    document_type: str
    number: str = ""
    issuing_country: str = ""


@dataclass(frozen=True)
class PersonInput:
    given_names: str = ""
    family_name: str = ""
    aliases: tuple[str, ...] = ()
    description: str = ""
    birth_date: date | None = None
    birth_year: int | None = None
    birth_date_precision: str = DatePrecision.UNKNOWN
    gender: str = Gender.UNKNOWN
    nationalities: tuple[str, ...] = ()
    birth_country: str = ""
    birth_place: str = ""
    languages: tuple[str, ...] = ()
    municipality_of_stay: str = ""
    phone: str = ""
    documents: tuple[DocumentInput, ...] = ()


@dataclass(frozen=True)
class PlaceInput:
    kind: str
    municipality: str = ""
    country: str = ""


@dataclass(frozen=True)
class FormInput:
    form: str
    labour_sector: str = ""
    criminal_activity: str = ""


@dataclass(frozen=True)
class SuspectInput:
    name: str = ""
    relation: str = SuspectRelation.UNKNOWN
    notes: str = ""


@dataclass(frozen=True)
class ReportInput:
    person: PersonInput
    reported_on: date
    consent: str
    consent_not_asked_reason: str = ""
    exploitation_status: str = ExploitationPeriodStatus.UNKNOWN
    exploitation_started_on: date | None = None
    exploitation_ended_on: date | None = None
    places: tuple[PlaceInput, ...] = ()
    forms: tuple[FormInput, ...] = ()
    suspects: tuple[SuspectInput, ...] = ()
    needs_shelter: bool = False
    needs_medical: bool = False
    needs_safety: bool = False
    health_notes: str = ""
    criminal_record_notes: str = ""
    narrative: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _choice(
    errors: list[FieldError], name: str, value: str, choices: type, *, blank: bool = False
) -> None:
    if blank and value == "":
        return
    if value not in choices.values:  # type: ignore[attr-defined]
        allowed = ", ".join(choices.values)  # type: ignore[attr-defined]
        errors.append(
            FieldError(
                name,
                _("onbekende waarde '%(value)s'; toegestaan: %(allowed)s")
                % {"value": value, "allowed": allowed},
            )
        )


def _country(errors: list[FieldError], name: str, code: str) -> None:
    if code and code.upper() not in countries:
        errors.append(FieldError(name, _("'%(code)s' is geen ISO 3166-landcode") % {"code": code}))


def validate_report_input(  # noqa: PLR0912, PLR0915 -- one flat list of independent checks
    data: ReportInput, *, today: date
) -> list[FieldError]:
    """Every problem with a report, each naming its field. Empty list: the report is valid."""
    errors: list[FieldError] = []
    person = data.person
    if not (
        person.given_names.strip()
        or person.family_name.strip()
        or any(a.strip() for a in person.aliases)
        or person.description.strip()
    ):
        errors.append(
            FieldError(
                "person",
                _(
                    "De persoon is niet te identificeren: vul een naam, een alias of een "
                    "signalement in."
                ),
            )
        )
    if data.reported_on > today:
        errors.append(FieldError("reported_on", _("De datum van de melding ligt in de toekomst.")))
    _choice(errors, "person.birth_date_precision", person.birth_date_precision, DatePrecision)
    _choice(errors, "person.gender", person.gender, Gender)
    if person.birth_date_precision in (DatePrecision.EXACT,) and person.birth_date is None:
        errors.append(FieldError("person.birth_date", _("Een exacte geboortedatum ontbreekt.")))
    if person.birth_date_precision == DatePrecision.YEAR and person.birth_year is None:
        errors.append(FieldError("person.birth_year", _("Het geboortejaar ontbreekt.")))
    if person.birth_date is not None and person.birth_date > data.reported_on:
        errors.append(
            FieldError("person.birth_date", _("De geboortedatum ligt na de datum van de melding."))
        )
    if person.birth_year is not None and not 1900 <= person.birth_year <= data.reported_on.year:
        errors.append(FieldError("person.birth_year", _("Het geboortejaar is onmogelijk.")))
    for i, code in enumerate(person.nationalities):
        _country(errors, f"person.nationalities[{i}]", code)
    _country(errors, "person.birth_country", person.birth_country)
    for i, code in enumerate(person.languages):
        if (
            pycountry.languages.get(alpha_2=code) is None
            and pycountry.languages.get(alpha_3=code) is None
        ):
            errors.append(
                FieldError(
                    f"person.languages[{i}]",
                    _("'%(code)s' is geen ISO 639-taalcode") % {"code": code},
                )
            )
    for i, doc in enumerate(person.documents):
        _choice(errors, f"person.documents[{i}].document_type", doc.document_type, DocumentType)
        _country(errors, f"person.documents[{i}].issuing_country", doc.issuing_country)

    _choice(errors, "consent", data.consent, ConsentStatus)
    if data.consent == ConsentStatus.NOT_ASKED and not data.consent_not_asked_reason.strip():
        errors.append(
            FieldError(
                "consent_not_asked_reason", _("Geef aan waarom geen toestemming is gevraagd.")
            )
        )
    _choice(errors, "exploitation_status", data.exploitation_status, ExploitationPeriodStatus)
    for name, value in (
        ("exploitation_started_on", data.exploitation_started_on),
        ("exploitation_ended_on", data.exploitation_ended_on),
    ):
        if value is not None and value > today:
            errors.append(FieldError(name, _("De uitbuiting kan niet in de toekomst liggen.")))
    if (
        data.exploitation_started_on
        and data.exploitation_ended_on
        and data.exploitation_ended_on < data.exploitation_started_on
    ):
        errors.append(
            FieldError(
                "exploitation_ended_on", _("Het einde van de uitbuiting ligt voor het begin.")
            )
        )
    if data.exploitation_status == ExploitationPeriodStatus.ONGOING and data.exploitation_ended_on:
        errors.append(
            FieldError(
                "exploitation_ended_on", _("Een uitbuiting die voortduurt heeft geen einddatum.")
            )
        )
    if (
        person.birth_date
        and data.exploitation_started_on
        and data.exploitation_started_on < person.birth_date
    ):
        errors.append(
            FieldError("exploitation_started_on", _("De uitbuiting begint voor de geboortedatum."))
        )

    for i, place in enumerate(data.places):
        _choice(errors, f"places[{i}].kind", place.kind, PlaceKind)
        if place.kind == PlaceKind.NETHERLANDS and not place.municipality.strip():
            errors.append(FieldError(f"places[{i}].municipality", _("Vul de gemeente in.")))
        if place.kind == PlaceKind.ABROAD:
            if not place.country:
                errors.append(FieldError(f"places[{i}].country", _("Vul het land in.")))
            elif place.country.upper() == "NL":
                errors.append(
                    FieldError(f"places[{i}].country", _("Kies voor Nederland een gemeente."))
                )
            else:
                _country(errors, f"places[{i}].country", place.country)
    seen_forms: set[str] = set()
    for i, form in enumerate(data.forms):
        _choice(errors, f"forms[{i}].form", form.form, ExploitationForm)
        if form.form in seen_forms:
            errors.append(FieldError(f"forms[{i}].form", _("Deze vorm staat er al.")))
        seen_forms.add(form.form)
        _choice(errors, f"forms[{i}].labour_sector", form.labour_sector, LabourSector, blank=True)
        _choice(
            errors,
            f"forms[{i}].criminal_activity",
            form.criminal_activity,
            CriminalActivity,
            blank=True,
        )
        if form.labour_sector and form.form != ExploitationForm.LABOUR:
            errors.append(
                FieldError(
                    f"forms[{i}].labour_sector", _("Een sector hoort alleen bij arbeidsuitbuiting.")
                )
            )
        if form.criminal_activity and form.form != ExploitationForm.CRIMINAL:
            errors.append(
                FieldError(
                    f"forms[{i}].criminal_activity",
                    _("Een activiteit hoort alleen bij criminele uitbuiting."),
                )
            )
    for i, suspect in enumerate(data.suspects):
        _choice(errors, f"suspects[{i}].relation", suspect.relation, SuspectRelation)
    return errors
