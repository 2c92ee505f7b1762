"""Request and response shapes of the reports API (also what the OpenAPI schema shows).

Input serializers only check form and type (lengths, enum values, dates); the rules of a
valid report live in `inputs.validate_report_input`, reached through the service. Output is
built by `projection.report_projection`; the output serializers here only describe it, every
field optional because a recipient sees only the data categories it is allowed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

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
    ReportStatus,
    SuspectRelation,
)
from .inputs import (
    DocumentInput,
    FormInput,
    PersonInput,
    PlaceInput,
    ReportInput,
    SuspectInput,
)

S = serializers


def _text(max_length: int, help_text: Any = "") -> S.CharField:
    return S.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", help_text=help_text
    )


def _country(help_text: Any = "") -> S.CharField:
    return S.CharField(
        min_length=2,
        max_length=2,
        required=False,
        allow_blank=True,
        default="",
        help_text=help_text or _("ISO 3166-1 alpha-2, bijvoorbeeld RO"),
    )


class DocumentInSerializer(S.Serializer[Any]):
    document_type = S.ChoiceField(choices=DocumentType.choices)
    number = _text(50)
    issuing_country = _country()


class PersonInSerializer(S.Serializer[Any]):
    given_names = _text(200)
    family_name = _text(200)
    aliases = S.ListField(
        child=S.CharField(max_length=200), max_length=20, required=False, default=list
    )
    description = _text(2000, _("Signalement, als de naam onbekend is."))
    birth_date = S.DateField(required=False, allow_null=True, default=None)
    birth_year = S.IntegerField(
        min_value=1900, max_value=2100, required=False, allow_null=True, default=None
    )
    birth_date_precision = S.ChoiceField(
        choices=DatePrecision.choices, required=False, default=DatePrecision.UNKNOWN
    )
    gender = S.ChoiceField(choices=Gender.choices, required=False, default=Gender.UNKNOWN)
    nationalities = S.ListField(
        child=S.CharField(min_length=2, max_length=2), max_length=10, required=False, default=list
    )
    birth_country = _country()
    birth_place = _text(200)
    languages = S.ListField(
        child=S.CharField(min_length=2, max_length=3),
        max_length=10,
        required=False,
        default=list,
        help_text=_("ISO 639-1 of 639-3, bijvoorbeeld ro"),
    )
    municipality_of_stay = _text(100)
    phone = _text(50)
    documents = DocumentInSerializer(many=True, required=False, max_length=10)  # type: ignore[call-arg]


class PlaceInSerializer(S.Serializer[Any]):
    kind = S.ChoiceField(choices=PlaceKind.choices)
    municipality = _text(100)
    country = _country()


class FormInSerializer(S.Serializer[Any]):
    form = S.ChoiceField(choices=ExploitationForm.choices)
    labour_sector = S.ChoiceField(
        choices=LabourSector.choices, required=False, allow_blank=True, default=""
    )
    criminal_activity = S.ChoiceField(
        choices=CriminalActivity.choices, required=False, allow_blank=True, default=""
    )


class SuspectInSerializer(S.Serializer[Any]):
    name = _text(200)
    relation = S.ChoiceField(
        choices=SuspectRelation.choices, required=False, default=SuspectRelation.UNKNOWN
    )
    notes = _text(2000)


class ReportCreateSerializer(S.Serializer[Any]):
    person = PersonInSerializer()
    reported_on = S.DateField()
    consent = S.ChoiceField(choices=ConsentStatus.choices)
    consent_not_asked_reason = _text(300)
    exploitation_status = S.ChoiceField(
        choices=ExploitationPeriodStatus.choices,
        required=False,
        default=ExploitationPeriodStatus.UNKNOWN,
    )
    exploitation_started_on = S.DateField(required=False, allow_null=True, default=None)
    exploitation_ended_on = S.DateField(required=False, allow_null=True, default=None)
    # (the stubs do not know ListSerializer's max_length; DRF does)
    places = PlaceInSerializer(many=True, required=False, max_length=20)  # type: ignore[call-arg]
    forms = FormInSerializer(many=True, required=False, max_length=10)  # type: ignore[call-arg]
    suspects = SuspectInSerializer(many=True, required=False, max_length=20)  # type: ignore[call-arg]
    needs_shelter = S.BooleanField(required=False, default=False)
    needs_medical = S.BooleanField(required=False, default=False)
    needs_safety = S.BooleanField(required=False, default=False)
    health_notes = _text(5000)
    criminal_record_notes = _text(5000)
    narrative = _text(20000)
    submit = S.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Direct indienen bij de centrale registratie; anders blijft de melding een concept."
        ),
    )


def report_input_from(validated: dict[str, Any]) -> ReportInput:
    """The service's input from a validated request body."""
    person = dict(validated["person"])
    documents = tuple(DocumentInput(**d) for d in person.pop("documents", []))
    return ReportInput(
        person=PersonInput(
            **{
                **person,
                "aliases": tuple(person["aliases"]),
                "nationalities": tuple(c.upper() for c in person["nationalities"]),
                "languages": tuple(c.lower() for c in person["languages"]),
                "documents": documents,
            }
        ),
        reported_on=validated["reported_on"],
        consent=validated["consent"],
        consent_not_asked_reason=validated["consent_not_asked_reason"],
        exploitation_status=validated["exploitation_status"],
        exploitation_started_on=validated["exploitation_started_on"],
        exploitation_ended_on=validated["exploitation_ended_on"],
        places=tuple(PlaceInput(**p) for p in validated.get("places", [])),
        forms=tuple(FormInput(**f) for f in validated.get("forms", [])),
        suspects=tuple(SuspectInput(**s) for s in validated.get("suspects", [])),
        needs_shelter=validated["needs_shelter"],
        needs_medical=validated["needs_medical"],
        needs_safety=validated["needs_safety"],
        health_notes=validated["health_notes"],
        criminal_record_notes=validated["criminal_record_notes"],
        narrative=validated["narrative"],
    )


class TransitionSerializer(S.Serializer[Any]):
    to_status = S.ChoiceField(choices=ReportStatus.choices)
    reason = _text(1000, _("Verplicht bij heropenen en intrekken na indienen."))
    not_registered_reason = S.SlugField(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Code van de reden; verplicht bij 'not_registered'."),
    )
    decision_note = _text(2000)


class ReportListQuerySerializer(S.Serializer[Any]):
    status = S.ChoiceField(
        choices=ReportStatus.choices, required=False, allow_blank=True, default=""
    )
    limit = S.IntegerField(min_value=1, max_value=200, required=False, default=50)
    offset = S.IntegerField(min_value=0, required=False, default=0)


# -- output (description only; the data comes from projection.report_projection) ----------


def _out(field: S.Field) -> S.Field:  # type: ignore[type-arg]
    field.required = False
    return field


class OrganisationOutSerializer(S.Serializer[Any]):
    id = S.IntegerField()
    name = S.CharField()


class DocumentOutSerializer(S.Serializer[Any]):
    document_type = _out(S.ChoiceField(choices=DocumentType.choices))
    number = _out(S.CharField())
    issuing_country = _out(S.CharField())


class PersonOutSerializer(S.Serializer[Any]):
    given_names = _out(S.CharField())
    family_name = _out(S.CharField())
    aliases = _out(S.ListField(child=S.CharField()))
    description = _out(S.CharField())
    birth_date = _out(S.DateField(allow_null=True))
    birth_year = _out(S.IntegerField(allow_null=True))
    birth_date_precision = _out(S.ChoiceField(choices=DatePrecision.choices))
    gender = _out(S.ChoiceField(choices=Gender.choices))
    nationalities = _out(S.ListField(child=S.CharField()))
    birth_country = _out(S.CharField())
    birth_place = _out(S.CharField())
    languages = _out(S.ListField(child=S.CharField()))
    municipality_of_stay = _out(S.CharField())
    phone = _out(S.CharField())
    documents = _out(DocumentOutSerializer(many=True))


class PlaceOutSerializer(PlaceInSerializer):
    pass


class FormOutSerializer(FormInSerializer):
    pass


class SuspectOutSerializer(S.Serializer[Any]):
    name = _out(S.CharField())
    relation = _out(S.ChoiceField(choices=SuspectRelation.choices))
    notes = _out(S.CharField())


class ReportOutSerializer(S.Serializer[Any]):
    id = S.IntegerField()
    number = _out(S.CharField())
    status = _out(S.ChoiceField(choices=ReportStatus.choices))
    reporting_organisation = _out(OrganisationOutSerializer())
    reported_by = _out(S.CharField(help_text=_("Gebruikersnaam van de melder")))
    reported_on = _out(S.DateField())
    submitted_at = _out(S.DateTimeField(allow_null=True))
    decided_at = _out(S.DateTimeField(allow_null=True))
    decision_due_on = _out(S.DateField(allow_null=True))
    pseudonymised_at = _out(
        S.DateTimeField(
            allow_null=True,
            help_text=_("Wanneer de bewaartermijn de persoonsgegevens verving door een pseudoniem"),
        )
    )
    not_registered_reason = _out(S.CharField(allow_null=True))
    decision_note = _out(S.CharField())
    consent = _out(S.ChoiceField(choices=ConsentStatus.choices))
    consent_not_asked_reason = _out(S.CharField())
    exploitation_status = _out(S.ChoiceField(choices=ExploitationPeriodStatus.choices))
    exploitation_started_on = _out(S.DateField(allow_null=True))
    exploitation_ended_on = _out(S.DateField(allow_null=True))
    places = _out(PlaceOutSerializer(many=True))
    forms = _out(FormOutSerializer(many=True))
    suspects = _out(SuspectOutSerializer(many=True))
    needs_shelter = _out(S.BooleanField())
    needs_safety = _out(S.BooleanField())
    needs_medical = _out(S.BooleanField())
    health_notes = _out(S.CharField())
    criminal_record_notes = _out(S.CharField())
    narrative = _out(S.CharField())
    person = _out(PersonOutSerializer())
    minor_at_start_of_exploitation = _out(
        S.BooleanField(
            allow_null=True, help_text=_("Afgeleid uit de geboortedatum; null als dat niet kan.")
        )
    )
    created_at = _out(S.DateTimeField())
    updated_at = _out(S.DateTimeField())


class ReportPageSerializer(S.Serializer[Any]):
    count = S.IntegerField()
    next = S.CharField(allow_null=True)
    previous = S.CharField(allow_null=True)
    results = ReportOutSerializer(many=True)
