"""Every read of the residence app, through the audited access layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import Role
from schakel.core import audit
from schakel.core.access import access_list, access_object, audit_shown, visible_queryset
from schakel.core.errors import NotAllowed
from schakel.core.models import AuditAction
from schakel.core.purposes import Purpose

from . import deadlines, monitoring
from .choices import DeadlineKind, ProcedureStatus
from .models import Procedure, ResidenceRules
from .policies import PROCEDURE_POLICY, PURPOSE
from .services import rules_as_values

RUNNING = (
    ProcedureStatus.REFLECTION,
    ProcedureStatus.PERMIT_GRANTED,
    ProcedureStatus.CONTINUED_APPLIED,
)


def _procedures() -> QuerySet[Procedure]:
    return Procedure.objects.select_related(
        "following_organisation", "reporting_organisation", "case_worker", "rules"
    )


def procedure_get_for(*, actor: User, pk: object) -> Procedure:
    """One procedure with its history, audited; NotFound alike for absent and not allowed."""
    return access_object(
        actor=actor,
        policy=PROCEDURE_POLICY,
        pk=pk,
        purpose=PURPOSE,
        queryset=_procedures().prefetch_related("events__actor"),
    )


def procedures_list(
    *, actor: User, status: str = "", limit: int = 50, offset: int = 0
) -> tuple[list[Procedure], int]:
    queryset = _procedures()
    if status:
        queryset = queryset.filter(status=status)
    return access_list(
        actor=actor,
        policy=PROCEDURE_POLICY,
        purpose=PURPOSE,
        queryset=queryset,
        limit=limit,
        offset=offset,
    )


# -- due soon ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    procedure: Procedure
    kind: DeadlineKind
    due_on: date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def _widest_warning(rules: list[deadlines.Rules]) -> int:
    return max([*(d for r in rules for d in r.reflection_warning_days + r.permit_warning_days), 0])


def due_items(procedures: list[Procedure], *, today: date) -> list[DueItem]:
    """The running deadlines of these procedures that are due soon or passed, soonest first."""
    items = [
        DueItem(
            procedure,
            DeadlineKind(deadline.kind),
            deadline.due_on,
            deadlines.days_left(deadline.due_on, today=today),
        )
        for procedure in procedures
        for deadline in deadlines.open_deadlines(
            status=procedure.status,
            reflection_ends_on=procedure.reflection_ends_on,
            permit_valid_until=procedure.permit_valid_until,
            rules=rules_as_values(procedure.rules),
        )
        if deadlines.due_soon(deadline, today=today)
    ]
    return sorted(items, key=lambda i: (i.due_on, i.procedure.pk))


def running_with_deadline_before(horizon: date) -> Q:
    return Q(status=ProcedureStatus.REFLECTION, reflection_ends_on__lte=horizon) | Q(
        status__in=[ProcedureStatus.PERMIT_GRANTED, ProcedureStatus.CONTINUED_APPLIED],
        permit_valid_until__lte=horizon,
    )


def due_soon_for(*, actor: User, today: date, mine: bool = False) -> list[DueItem]:
    """The "due soon" list of the actor's organisation (or only the actor's own procedures)."""
    widest = _widest_warning([rules_as_values(r) for r in ResidenceRules.objects.all()])
    queryset = _procedures().filter(running_with_deadline_before(today + timedelta(days=widest)))
    if mine:
        queryset = queryset.filter(case_worker=actor)
    visible = visible_queryset(
        actor=actor, policy=PROCEDURE_POLICY, purpose=PURPOSE, queryset=queryset
    )
    items = due_items(list(visible[:500]), today=today)
    audit_shown(
        actor=actor,
        policy=PROCEDURE_POLICY,
        purpose=PURPOSE,
        objects=[i.procedure for i in items],
        details={"list": "due_soon", "mine": mine},
    )
    return items


# -- the monitoring point (aggregates only) ---------------------------------------------------


@dataclass(frozen=True)
class MonitorReport:
    year: int
    exact: bool
    rows: list[monitoring.MonitorRow]
    organisation_names: dict[int, str]
    years: list[int]


def _facts() -> list[monitoring.ProcedureFacts]:
    return [
        monitoring.ProcedureFacts(org, first, offered, started, reason)
        for org, first, offered, started, reason in Procedure.objects.values_list(
            "reporting_organisation_id",
            "first_reported_on",
            "offered_on",
            "reflection_started_on",
            "not_offered_reason",
        )
    ]


def monitor_for(*, actor: User, year: int, export_format: str = "") -> MonitorReport:
    """The monitoring point for a year: exact for the registrar, small numbers hidden for
    analysts. Viewing is audited as a read, taking it out of Schakel as an export."""
    if not actor.has_perm("residence.view_monitor"):
        audit.audit_denied(
            actor=actor,
            object_type="residence.monitor",
            object_id=year,
            purpose=Purpose.STATISTICS,
            reason="no monitoring role",
        )
        raise NotAllowed
    facts = _facts()
    rows = monitoring.monitoring_point(facts, year=year)
    names = dict(
        Organisation.objects.filter(
            pk__in=[r.organisation_id for r in rows if r.organisation_id]
        ).values_list("pk", "name")
    )
    years = sorted({f.first_reported_on.year for f in facts} | {year}, reverse=True)
    details = {"year": year, "format": export_format or "html"}
    if export_format:
        audit.audit_change(
            actor=actor,
            action=AuditAction.EXPORT,
            object_type="residence.monitor",
            object_id=year,
            purpose=Purpose.STATISTICS,
            details=details,
        )
    else:
        audit.audit_read(
            actor=actor,
            object_type="residence.monitor",
            object_id=year,
            purpose=Purpose.STATISTICS,
            details=details,
        )
    return MonitorReport(
        year=year,
        exact=actor.has_role(Role.REGISTRAR),
        rows=rows,
        organisation_names=names,
        years=years,
    )


def reflection_counts_for_reports(*, report_ids: frozenset[int]) -> tuple[int, int]:
    """How many of these reports led to an offered / a started reflection period (counts for
    the registry's feedback report; no person is shown)."""
    procedures = Procedure.objects.filter(report_id__in=report_ids)
    offered = procedures.filter(offered_on__isnull=False).values("report_id").distinct().count()
    started = (
        procedures.filter(reflection_started_on__isnull=False)
        .values("report_id")
        .distinct()
        .count()
    )
    return offered, started


# -- choices for forms (no personal data) -----------------------------------------------------


def following_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).order_by("name")


def rules_versions() -> list[deadlines.Rules]:
    return [rules_as_values(r) for r in ResidenceRules.objects.order_by("valid_from")]
