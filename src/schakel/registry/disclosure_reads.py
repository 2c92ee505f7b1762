"""Reads of the registry for the sharing app (schakel.sharing), which decides and audits them.

A disclosure crosses organisations, so the registry's own scopes (own organisation, the
registrar) do not apply: the sharing app decides per request which categories a recipient may
see, writes the audit event and the disclosure log, and projects the reports onto those
categories with `projection.report_projection`. Nothing here is for other callers. Statistics
reads go through the access layer (analysts, purpose statistics).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from schakel.accounts.models import User
from schakel.core.access import access_list
from schakel.core.purposes import Purpose

from .choices import ReportStatus
from .models import PersonRecord, Report
from .policies import REPORT_POLICY
from .selectors import _report_detail

if TYPE_CHECKING:
    from django.db.models import QuerySet


@dataclass(frozen=True)
class ReportRef:
    """Who holds a report and whom it is about: keys only, no personal data."""

    report_id: int
    organisation_id: int
    person_id: int
    status: str


def _ref(queryset: QuerySet[Report]) -> ReportRef | None:
    row = (
        queryset.exclude(status=ReportStatus.DRAFT)
        .values_list("pk", "reporting_organisation_id", "person__person_id", "status")
        .first()
    )
    return ReportRef(*row) if row else None


def report_ref_by_number(number: str) -> ReportRef | None:
    """A submitted report by its number; drafts are nobody's to disclose."""
    return _ref(Report.objects.filter(number=number.strip().upper()))


def report_ref(pk: int) -> ReportRef | None:
    return _ref(Report.objects.filter(pk=pk))


def organisation_relates_to_person(*, organisation_id: int, person_id: int) -> bool:
    """Has the organisation itself submitted a report about this person?"""
    return (
        Report.objects.filter(
            reporting_organisation_id=organisation_id, person__person_id=person_id
        )
        .exclude(status=ReportStatus.DRAFT)
        .exists()
    )


def report_ids_held(*, organisation_id: int, person_id: int) -> list[int]:
    return list(
        Report.objects.filter(
            reporting_organisation_id=organisation_id, person__person_id=person_id
        )
        .exclude(status=ReportStatus.DRAFT)
        .order_by("reported_on", "pk")
        .values_list("pk", flat=True)
    )


def reports_for_disclosure(report_ids: list[int]) -> list[Report]:
    """The reports as the projection expects them (children prefetched)."""
    return list(_report_detail().filter(pk__in=report_ids).order_by("reported_on", "pk"))


@dataclass(frozen=True)
class BirthFacts:
    birth_date: date | None
    birth_year: int | None
    precision: str


def birth_facts(person_id: int) -> list[BirthFacts]:
    """What the reports about a person say about the date of birth (for consent age checks)."""
    return [
        BirthFacts(*row)
        for row in PersonRecord.objects.filter(person_id=person_id).values_list(
            "birth_date", "birth_year", "birth_date_precision"
        )
    ]


def reports_for_statistics(
    *, actor: User, limit: int = 100, offset: int = 0
) -> tuple[list[Report], int]:
    """Registered reports for analysts, through the access layer (purpose statistics).

    Callers must pseudonymise before showing anything (schakel.sharing.pseudonymise).
    """
    return access_list(
        actor=actor,
        policy=REPORT_POLICY,
        purpose=Purpose.STATISTICS,
        queryset=_report_detail().order_by("reported_on", "pk"),
        limit=limit,
        offset=offset,
    )
