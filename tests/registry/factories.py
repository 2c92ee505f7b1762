"""Synthetic report inputs for tests (Dutch names from Faker nl_NL; no real person)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from faker import Faker

from schakel.registry.choices import ConsentStatus, DatePrecision, ExploitationForm, Gender
from schakel.registry.inputs import FormInput, PersonInput, PlaceInput, ReportInput, SuspectInput

fake = Faker("nl_NL")


def person_input(**overrides: Any) -> PersonInput:
    base = PersonInput(
        given_names=fake.first_name_female(),
        family_name=fake.last_name(),
        birth_date=date(1999, 4, 12),
        birth_date_precision=DatePrecision.EXACT,
        gender=Gender.FEMALE,
        nationalities=("RO",),
        languages=("ro",),
        municipality_of_stay="Utrecht",
    )
    return replace(base, **overrides)


def report_input(**overrides: Any) -> ReportInput:
    person = overrides.pop("person", None) or person_input()
    base = ReportInput(
        person=person,
        reported_on=date(2026, 3, 2),
        consent=ConsentStatus.GIVEN,
        exploitation_status="ended",
        exploitation_started_on=date(2025, 6, 1),
        exploitation_ended_on=date(2026, 2, 1),
        places=(PlaceInput(kind="nl", municipality="Utrecht"),),
        forms=(FormInput(form=ExploitationForm.SEXUAL_SEX_INDUSTRY),),
        suspects=(SuspectInput(name="J. de Wit", relation="partner"),),
        narrative="Zij werd via een datingapp geronseld.",
    )
    return replace(base, **overrides)
