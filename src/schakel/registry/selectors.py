"""Every read of the registry, through the audited access layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import Role
from schakel.core import audit
from schakel.core.access import access_list, access_object, audit_shown, visible_queryset
from schakel.core.errors import NotAllowed, NotFound
from schakel.core.models import AuditAction
from schakel.core.purposes import Purpose

from . import workflow
from .choices import ReportStatus
from .feedback import (
    NATIONAL,
    Month,
    MonthlyFeedback,
    ReportFacts,
    feedback_access,
    follow_ups_for,
    monthly_feedback,
)
from .feedback_present import Section, present
from .models import (
    NotRegisteredReason,
    Person,
    PersonRecord,
    Report,
    ReportExploitationForm,
    ReportTransition,
)
from .policies import PERSON_POLICY, REPORT_POLICY, purpose_for
from .search import normalise


def _reports() -> QuerySet[Report]:
    return Report.objects.select_related(
        "person", "reporting_organisation", "reported_by", "not_registered_reason"
    )


# Long encrypted texts and the search column that no list shows: not read (nor decrypted)
# for the 50 rows of a page.
_NOT_IN_LISTS = (
    "narrative",
    "health_notes",
    "criminal_record_notes",
    "person__phone",
    "person__description",
    "person__search_text",
)


def _report_rows() -> QuerySet[Report]:
    """Reports as the lists (queue, search, own reports) show them."""
    return Report.objects.select_related(
        "person", "reporting_organisation", "not_registered_reason"
    ).defer(*_NOT_IN_LISTS)


def _report_detail() -> QuerySet[Report]:
    return _reports().prefetch_related(
        "places",
        "forms",
        "suspects",
        "person__documents",
        Prefetch("transitions", queryset=ReportTransition.objects.select_related("actor")),
    )


def report_get_for(*, actor: User, pk: object, purpose: Purpose | None = None) -> Report:
    return access_object(
        actor=actor,
        policy=REPORT_POLICY,
        pk=pk,
        purpose=purpose or purpose_for(actor),
        queryset=_report_detail(),
    )


def report_get_by_number(*, actor: User, number: str) -> Report:
    """A report by its number (MH-2026-000001), as `report_get_for`: audited, NotFound alike
    for absent and not allowed."""
    # Imported here so this selector does not depend on the module's other imports.
    from schakel.core import audit
    from schakel.core.errors import NotFound

    # Numbers are stored upper-case: an exact match on the upper-cased input uses the index.
    pk = Report.objects.filter(number=number.strip().upper()).values_list("pk", flat=True).first()
    if pk is None:
        audit.audit_denied(
            actor=actor,
            object_type=REPORT_POLICY.object_type,
            object_id=number.strip()[:40],
            purpose=purpose_for(actor),
            reason="does not exist",
        )
        raise NotFound
    return report_get_for(actor=actor, pk=pk)


def reports_of_own_organisation(
    *,
    actor: User,
    status: str = "",
    limit: int = 50,
    offset: int = 0,
    purpose: Purpose = Purpose.REPORTING,
) -> tuple[list[Report], int]:
    """What the actor's organisation reported, newest first, with the current status.

    The registrar, who may report too, lists the own organisation's reports under its own
    purpose (registration); the scope is the same: the organisation's reports.
    """
    queryset = _report_rows().filter(reporting_organisation_id=actor.organisation_id)
    if status:
        queryset = queryset.filter(status=status)
    return access_list(
        actor=actor,
        policy=REPORT_POLICY,
        purpose=purpose,
        queryset=queryset.order_by("-reported_on", "-pk"),
        limit=limit,
        offset=offset,
    )


def reports_visible(
    *, actor: User, status: str = "", limit: int = 50, offset: int = 0
) -> tuple[list[Report], int]:
    """Every report the actor may see (own organisation; the registrar all but other
    organisations' drafts), newest first, with what the detail view shows (for the API)."""
    queryset = _report_detail()
    if status:
        queryset = queryset.filter(status=status)
    return access_list(
        actor=actor,
        policy=REPORT_POLICY,
        purpose=purpose_for(actor),
        queryset=queryset.order_by("-reported_on", "-pk"),
        limit=limit,
        offset=offset,
    )


class Queue(StrEnum):
    NEW = "new"
    IN_REVIEW = "in_review"
    OVERDUE = "overdue"


def _queue_filter(queue: Queue, today: date) -> Q:
    if queue == Queue.NEW:
        return Q(status=ReportStatus.SUBMITTED)
    if queue == Queue.IN_REVIEW:
        return Q(status=ReportStatus.IN_REVIEW)
    return Q(status__in=workflow.OPEN_FOR_DECISION, decision_due_on__lt=today)


def registrar_queue(
    *, actor: User, queue: Queue, today: date, limit: int = 50, offset: int = 0
) -> tuple[list[Report], int]:
    """The registrar's work, oldest submission first."""
    queryset = _report_rows().filter(_queue_filter(queue, today)).order_by("submitted_at", "pk")
    return access_list(
        actor=actor,
        policy=REPORT_POLICY,
        purpose=Purpose.REGISTRATION,
        queryset=queryset,
        limit=limit,
        offset=offset,
    )


def queue_counts(*, actor: User, today: date) -> dict[Queue, int]:
    """How many reports wait in each queue; counts reveal no person, so no audit event."""
    visible = visible_queryset(actor=actor, policy=REPORT_POLICY, purpose=Purpose.REGISTRATION)
    return {queue: visible.filter(_queue_filter(queue, today)).count() for queue in Queue}


@dataclass(frozen=True)
class ReportSearch:
    name: str = ""
    birth_date: date | None = None
    number: str = ""

    @property
    def empty(self) -> bool:
        return not (self.name.strip() or self.birth_date or self.number.strip())


def reports_search(
    *, actor: User, query: ReportSearch, limit: int = 50, offset: int = 0
) -> tuple[list[Report], int]:
    """Search by name (every word must match name or alias), date of birth and number."""
    queryset = _report_rows()
    for word in normalise(query.name).split():
        queryset = queryset.filter(person__search_text__contains=word)
    if query.birth_date:
        queryset = queryset.filter(
            Q(person__birth_date=query.birth_date)
            | Q(person__birth_date__isnull=True, person__birth_year=query.birth_date.year)
        )
    if query.number.strip():
        queryset = queryset.filter(number=query.number.strip().upper())
    visible = visible_queryset(
        actor=actor,
        policy=REPORT_POLICY,
        purpose=purpose_for(actor),
        queryset=queryset.order_by("-reported_on", "-pk"),
    )
    total = visible.count()
    page = list(visible[offset : offset + limit])
    audit_shown(
        actor=actor,
        policy=REPORT_POLICY,
        purpose=purpose_for(actor),
        objects=page,
        details={
            "search": {
                "name": bool(query.name),
                "birth_date": bool(query.birth_date),
                "number": query.number,
            },
            "total": total,
        },
    )
    return page, total


def person_get_for(*, actor: User, pk: object) -> tuple[Person, list[PersonRecord]]:
    """A person with every report about them, across organisations (registrar only)."""
    person = access_object(actor=actor, policy=PERSON_POLICY, pk=pk, purpose=Purpose.REGISTRATION)
    records = list(
        PersonRecord.objects.filter(person=person)
        .select_related("report", "report__reporting_organisation")
        .order_by("report__reported_on")
    )
    return person, records


def not_registered_reasons(*, on: date) -> QuerySet[NotRegisteredReason]:
    """Reasons that may be chosen on a date (configuration, not personal data)."""
    return NotRegisteredReason.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on), valid_from__lte=on
    )


# -- monthly feedback to reporting organisations (action 65) ------------------------------------
# Viewing the figures writes no READ/LIST event: they are counts, no person is shown, and the
# own organisation and the registrar may open every counted report anyway (as queue_counts).
# Analysts get national totals with small counts hidden (feedback_present). Taking figures
# out of Schakel (CSV, PDF, the CLI) is an EXPORT event naming organisation, month and format,
# so the trail shows where figures went.


@dataclass(frozen=True)
class FeedbackReport:
    month: Month
    today: date
    organisation_id: int | None  # None: national totals
    organisation_name: str
    exact: bool
    feedback: MonthlyFeedback
    sections: list[Section]


FEEDBACK_ROLES = frozenset({Role.REPORTER, Role.CASE_WORKER, Role.REGISTRAR, Role.ANALYST})


def _feedback_purpose(actor: User) -> Purpose:
    if actor.has_role(Role.REGISTRAR):
        return Purpose.REGISTRATION
    if actor.role_set & {Role.REPORTER, Role.CASE_WORKER}:
        return Purpose.REPORTING
    return Purpose.STATISTICS


def _month_bounds(month: Month) -> tuple[datetime, datetime]:
    tz = timezone.get_default_timezone()
    return (
        datetime.combine(month.first_day, time.min, tzinfo=tz),
        datetime.combine(month.next().first_day, time.min, tzinfo=tz),
    )


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localdate(moment, timezone.get_default_timezone()) if moment else None


def _report_facts(*, organisation_id: int | None, month: Month) -> list[ReportFacts]:
    start, end = _month_bounds(month)
    reports = Report.objects.exclude(status=ReportStatus.DRAFT).filter(
        Q(submitted_at__gte=start, submitted_at__lt=end)
        | Q(decided_at__gte=start, decided_at__lt=end)
    )
    if organisation_id is not None:
        reports = reports.filter(reporting_organisation_id=organisation_id)
    forms: dict[int, list[str]] = {}
    for report_id, form in ReportExploitationForm.objects.filter(report__in=reports).values_list(
        "report_id", "form"
    ):
        forms.setdefault(report_id, []).append(form)
    return [
        ReportFacts(
            report_id=pk,
            status=status,
            submitted_on=_local_date(submitted_at),
            decided_on=_local_date(decided_at),
            decision_due_on=due,
            not_registered_reason=reason or "",
            forms=tuple(forms.get(pk, ())),
        )
        for pk, status, submitted_at, decided_at, due, reason in reports.values_list(
            "pk",
            "status",
            "submitted_at",
            "decided_at",
            "decision_due_on",
            "not_registered_reason__code",
        )
    ]


def _feedback_report(
    *, organisation_id: int | None, month: Month, today: date, exact: bool
) -> FeedbackReport:
    name = ""
    if organisation_id is not None:
        name = (
            Organisation.objects.filter(pk=organisation_id).values_list("name", flat=True).first()
            or ""
        )
        if not name:
            raise NotFound
    feedback = monthly_feedback(
        _report_facts(organisation_id=organisation_id, month=month), month=month, today=today
    )
    reasons = {r.code: str(r) for r in NotRegisteredReason.objects.all()}
    sections = present(
        feedback,
        exact=exact,
        reason_labels=reasons,
        follow_ups=follow_ups_for(feedback.submitted_report_ids),
    )
    return FeedbackReport(
        month=month,
        today=today,
        organisation_id=organisation_id,
        organisation_name=name,
        exact=exact,
        feedback=feedback,
        sections=sections,
    )


def feedback_for(
    *,
    actor: User,
    month: Month,
    today: date,
    organisation: int | str | None = None,
    export_format: str = "",
) -> FeedbackReport:
    """One month's feedback report for an organisation (or national totals) as the actor may
    see it; ``export_format`` (csv, pdf) records that the figures leave Schakel."""
    purpose = _feedback_purpose(actor)
    access = feedback_access(
        roles=actor.role_set, own_organisation_id=actor.organisation_id, requested=organisation
    )
    if access is None:
        has_role = bool(actor.role_set & FEEDBACK_ROLES)
        audit.audit_denied(
            actor=actor,
            object_type="registry.feedback",
            object_id=organisation or "",
            purpose=purpose,
            reason="other organisation" if has_role else "no feedback role",
        )
        raise NotFound if has_role else NotAllowed
    report = _feedback_report(
        organisation_id=access.organisation_id, month=month, today=today, exact=access.exact
    )
    if export_format:
        audit.audit_change(
            actor=actor,
            action=AuditAction.EXPORT,
            object_type="registry.feedback",
            object_id=access.organisation_id or NATIONAL,
            purpose=purpose,
            details={"month": str(month), "format": export_format, "exact": access.exact},
        )
    return report


def feedback_for_system(
    *, organisation_id: int | None, month: Month, today: date, export_format: str
) -> FeedbackReport:
    """The CLI's report for one organisation (exact: it is meant for that organisation)."""
    report = _feedback_report(organisation_id=organisation_id, month=month, today=today, exact=True)
    audit.audit_system(
        action=AuditAction.EXPORT,
        actor=None,
        details={
            "object_type": "registry.feedback",
            "organisation": organisation_id or NATIONAL,
            "month": str(month),
            "format": export_format,
        },
    )
    return report


def feedback_organisations(*, actor: User) -> list[tuple[int, str]]:
    """Organisations the registrar may pick (names are not personal data); others: none."""
    if not actor.has_role(Role.REGISTRAR):
        return []
    return list(Organisation.objects.order_by("name").values_list("pk", "name"))
