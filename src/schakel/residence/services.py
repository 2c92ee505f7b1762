"""Every write of the residence app: opening a procedure, taking a step, correcting a past
decision. Authorisation is checked before the transaction opens, so the audit event of a
refusal survives; the work, its history row and its audit event commit together."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import Role
from schakel.core import audit
from schakel.core.errors import NotAllowed, ValidationFailed
from schakel.core.models import AuditAction
from schakel.registry import selectors as registry_selectors

from . import clock, deadlines, workflow
from .choices import CooperationKind, EventKind, NotOfferedReason, ProcedureStatus, RouteKind
from .models import Procedure, ProcedureEvent, ResidenceRules
from .policies import PURPOSE, is_following_case_worker, is_immigration_service

OBJECT_TYPE = "residence.procedure"
CHOICES: dict[str, Any] = {
    "not_offered_reason": NotOfferedReason,
    "cooperation_kind": CooperationKind,
    "route_kind": RouteKind,
}
# Ends of periods lie in the future; every other date is a fact that already happened.
FUTURE_DATES = frozenset({"reflection_ends_on", "permit_valid_until"})
CLOSED_REPORT_STATUSES = frozenset({"draft", "withdrawn"})


def _deny(actor: User, *, object_id: object = "", reason: str) -> NotAllowed:
    audit.audit_denied(
        actor=actor, object_type=OBJECT_TYPE, object_id=object_id, purpose=PURPOSE, reason=reason
    )
    return NotAllowed()


def _as_json(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def rules_as_values(row: ResidenceRules) -> deadlines.Rules:
    return deadlines.Rules(
        valid_from=row.valid_from,
        reflection_period_months=row.reflection_period_months,
        permit_validity_months=row.permit_validity_months,
        reflection_warning_days=tuple(int(d) for d in row.reflection_warning_days),
        permit_warning_days=tuple(int(d) for d in row.permit_warning_days),
        source=row.source,
    )


def _rules_on(day: date) -> ResidenceRules:
    row = ResidenceRules.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if row is None:
        raise ValidationFailed(
            _("Voor deze datum zijn geen regels van de verblijfsregeling vastgelegd."),
            field="started_on",
        )
    return row


# -- opening --------------------------------------------------------------------------------


def _report_by_number(*, actor: User, number: str) -> Any:
    """The report with this number, if the actor may see it (both reads audited by the
    registry); one message for "absent" and "not yours", so existence does not leak."""
    found, _total = registry_selectors.reports_search(
        actor=actor, query=registry_selectors.ReportSearch(number=number.strip()), limit=1
    )
    if not number.strip() or not found:
        raise ValidationFailed(
            _("Geen melding met dit nummer gevonden, of u heeft er geen toegang toe."),
            field="report_number",
        )
    return registry_selectors.report_get_for(actor=actor, pk=found[0].pk)


def procedure_open(
    *,
    actor: User,
    report_number: str,
    started_on: date,
    following_organisation: Organisation | None = None,
    case_worker: User | None = None,
    today: date | None = None,
) -> Procedure:
    """Open the B8/3 procedure for the victim of a report the actor may see.

    Case workers open it for their own organisation; the registrar names the organisation
    that follows the victim. The rules in force on ``started_on`` (the date of the first
    indication) apply to the whole procedure.
    """
    today = today or clock.today()
    if actor.has_role(Role.REGISTRAR):
        if following_organisation is None:
            raise ValidationFailed(
                _("Kies de organisatie die het slachtoffer begeleidt."),
                field="following_organisation",
            )
    elif is_following_case_worker(actor) and actor.organisation is not None:
        following_organisation = actor.organisation
    else:
        raise _deny(actor, reason="may not open a residence procedure")
    report = _report_by_number(actor=actor, number=report_number)
    if report.status in CLOSED_REPORT_STATUSES:
        raise ValidationFailed(
            _("Voor een concept of ingetrokken melding wordt geen procedure geopend."),
            field="report_number",
        )
    if started_on > today:
        raise ValidationFailed(_("De datum ligt in de toekomst."), field="started_on")
    if case_worker is not None and case_worker.organisation_id != following_organisation.pk:
        raise ValidationFailed(
            _("De casusbehandelaar werkt niet bij de begeleidende organisatie."),
            field="case_worker",
        )
    rules = _rules_on(started_on)
    with transaction.atomic():
        running = Procedure.objects.select_for_update().filter(report_id=report.pk)
        if running.exclude(status__in=list(workflow.FINAL)).exists():
            raise ValidationFailed(
                _(
                    "Voor deze melding loopt al een procedure; een tweede bedenktijd kan niet "
                    "worden gestart."
                ),
                field="report_number",
            )
        record = getattr(report, "person", None)
        procedure = Procedure(
            report_id=report.pk,
            reporting_organisation_id=report.reporting_organisation_id,
            first_reported_on=report.reported_on,
            report_number=report.number,
            victim_name=record.display_name if record is not None else "",
            subject_person_id=record.person_id if record is not None else None,
            following_organisation=following_organisation,
            case_worker=case_worker or (actor if actor.has_role(Role.CASE_WORKER) else None),
            rules=rules,
            started_on=started_on,
            status=ProcedureStatus.IDENTIFIED,
            last_event_on=started_on,
        )
        procedure.full_clean(exclude=["report", "rules"])
        procedure.save()
        ProcedureEvent.objects.create(
            procedure=procedure,
            kind=EventKind.TRANSITION,
            from_status="",
            to_status=ProcedureStatus.IDENTIFIED,
            event_on=started_on,
            actor=actor,
            occurred_at=clock.now(),
            values={
                "started_on": started_on.isoformat(),
                "rules_valid_from": str(rules.valid_from),
            },
        )
        audit.audit_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=OBJECT_TYPE,
            object_id=procedure.pk,
            purpose=PURPOSE,
            subject_person_id=procedure.subject_person_id or "",
            details={"report": report.number, "rules_valid_from": str(rules.valid_from)},
        )
    return procedure


# -- steps ------------------------------------------------------------------------------------


def _authorise_step(*, actor: User, procedure: Procedure, to_status: ProcedureStatus) -> None:
    follows = (
        is_following_case_worker(actor)
        and actor.organisation_id == procedure.following_organisation_id
    )
    ind = is_immigration_service(actor) and procedure.permit_applied_on is not None
    allowed = follows or (to_status in workflow.IND_DECISIONS and ind)
    if not allowed:
        raise _deny(actor, object_id=procedure.pk, reason=f"may not take step to {to_status}")


def _check_date(
    procedure: Procedure, field: str, value: date, *, today: date, future_ok: bool = False
) -> None:
    if value < procedure.started_on:
        raise ValidationFailed(
            _("De datum ligt voor het begin van de procedure (%(start)s).")
            % {"start": procedure.started_on.strftime("%d-%m-%Y")},
            field=field,
        )
    if not (future_ok or field in FUTURE_DATES) and value > today:
        raise ValidationFailed(_("De datum ligt in de toekomst."), field=field)


def _check_choice(field: str, value: object) -> None:
    choices = CHOICES.get(field)
    if choices is not None and value not in choices.values:
        raise ValidationFailed(_("Kies een van de mogelijkheden."), field=field)


def _step_values(  # noqa: PLR0912 -- one branch per step, read top to bottom
    *,
    procedure: Procedure,
    to_status: ProcedureStatus,
    on: date,
    values: dict[str, Any],
    today: date,
) -> dict[str, Any]:
    """The fields a step sets, validated; ValidationFailed names the field."""
    step = workflow.STEPS[to_status]
    for name in step.required:
        if values.get(name) in (None, ""):
            raise ValidationFailed(_("Dit veld is verplicht voor deze stap."), field=name)
    result = {k: v for k, v in values.items() if k in step.required + step.optional}
    for name, value in result.items():
        _check_choice(name, value)
        if isinstance(value, date):
            _check_date(procedure, name, value, today=today)
    if step.date_field:
        result[step.date_field] = on
    rules = rules_as_values(procedure.rules)
    if to_status == ProcedureStatus.REFLECTION:
        offered_on = result.get("offered_on") or on
        if offered_on > on:
            raise ValidationFailed(
                _("De bedenktijd kan niet beginnen voordat ze is aangeboden."), field="offered_on"
            )
        result["offered_on"] = offered_on
        end = result.get("reflection_ends_on") or deadlines.reflection_end(
            on, months=rules.reflection_period_months
        )
        problem = deadlines.planned_end_error(on, end, months=rules.reflection_period_months)
        if problem:
            raise ValidationFailed(
                _(
                    "Het einde van de bedenktijd ligt uiterlijk %(months)d maanden na het begin "
                    "(%(latest)s) en niet ervoor."
                )
                % {
                    "months": rules.reflection_period_months,
                    "latest": deadlines.reflection_end(
                        on, months=rules.reflection_period_months
                    ).strftime("%d-%m-%Y"),
                },
                field="reflection_ends_on",
            )
        result["reflection_ends_on"] = end
    other_reason = result.get("not_offered_reason") == NotOfferedReason.OTHER
    if other_reason and not str(result.get("not_offered_note", "")).strip():
        raise ValidationFailed(_("Licht de andere reden toe."), field="not_offered_note")
    if to_status == ProcedureStatus.PERMIT_GRANTED:
        until = result.get("permit_valid_until") or deadlines.permit_valid_until(
            on, months=rules.permit_validity_months
        )
        if until <= on:
            raise ValidationFailed(
                _("De vergunning moet na de datum van het besluit nog geldig zijn."),
                field="permit_valid_until",
            )
        renewal = procedure.status == ProcedureStatus.PERMIT_GRANTED
        if renewal and procedure.permit_valid_until and until <= procedure.permit_valid_until:
            raise ValidationFailed(
                _("Een verlenging moet later eindigen dan de huidige vergunning (%(until)s).")
                % {"until": procedure.permit_valid_until.strftime("%d-%m-%Y")},
                field="permit_valid_until",
            )
        result["permit_valid_until"] = until
        if renewal:
            result["permit_renewals"] = procedure.permit_renewals + 1
    if to_status == ProcedureStatus.ENDED:
        result["end_reason"] = str(result["end_reason"]).strip()
    return result


def procedure_transition(
    *,
    actor: User,
    procedure: Procedure,
    to_status: ProcedureStatus,
    on: date,
    values: dict[str, Any] | None = None,
    ind_reference: str = "",
    today: date | None = None,
) -> Procedure:
    """The only way a procedure's status changes: checked against the workflow table, the
    dates checked against the start and the previous step, history and audit written."""
    today = today or clock.today()
    _authorise_step(actor=actor, procedure=procedure, to_status=to_status)
    from_status = ProcedureStatus(procedure.status)
    if not workflow.can_transition(from_status, to_status):
        raise ValidationFailed(workflow.refusal_reason(from_status, to_status), field="to_status")
    _check_date(procedure, "on", on, today=today)
    if on < procedure.last_event_on:
        raise ValidationFailed(
            _("De datum ligt voor de vorige stap (%(last)s).")
            % {"last": procedure.last_event_on.strftime("%d-%m-%Y")},
            field="on",
        )
    changes = _step_values(
        procedure=procedure, to_status=to_status, on=on, values=values or {}, today=today
    )
    if ind_reference and to_status not in workflow.IND_DECISIONS:
        raise ValidationFailed(
            _("Een kenmerk van de IND hoort bij een besluit van de IND."), field="ind_reference"
        )
    with transaction.atomic():
        locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
        if locked.status != procedure.status:
            raise ValidationFailed(
                _("De procedure is intussen gewijzigd; laad haar opnieuw."), field="to_status"
            )
        previous = {name: _as_json(getattr(locked, name)) for name in changes}
        for name, value in changes.items():
            setattr(locked, name, value)
        if ind_reference:
            previous["ind_reference"] = locked.ind_reference
            locked.ind_reference = ind_reference.strip()
        locked.status = to_status
        locked.last_event_on = on
        locked.full_clean(exclude=["report", "rules"])
        locked.save()
        ProcedureEvent.objects.create(
            procedure=locked,
            kind=EventKind.TRANSITION,
            from_status=from_status,
            to_status=to_status,
            event_on=on,
            actor=actor,
            occurred_at=clock.now(),
            values={k: _as_json(v) for k, v in changes.items()},
            previous=previous,
            ind_reference=ind_reference.strip(),
        )
        audit.audit_change(
            actor=actor,
            action=AuditAction.TRANSITION,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            purpose=PURPOSE,
            subject_person_id=locked.subject_person_id or "",
            details={
                "from": from_status,
                "to": to_status,
                "on": on.isoformat(),
                "ind_reference": ind_reference.strip(),
            },
        )
    return locked


# -- corrections ------------------------------------------------------------------------------


def procedure_correct(
    *,
    actor: User,
    procedure: Procedure,
    field: str,
    value: Any,
    reason: str,
    today: date | None = None,
) -> Procedure:
    """Change a past decision: a reason is required and the old value stays in the history."""
    today = today or clock.today()
    follows = (
        is_following_case_worker(actor)
        and actor.organisation_id == procedure.following_organisation_id
    )
    if not follows:
        raise _deny(actor, object_id=procedure.pk, reason="may not correct this procedure")
    if field not in workflow.CORRECTABLE_FIELDS:
        raise ValidationFailed(_("Dit gegeven kan niet worden gecorrigeerd."), field="field")
    if not reason.strip():
        raise ValidationFailed(_("Geef een reden voor de correctie."), field="reason")
    old = getattr(procedure, field)
    if old in (None, "") and field != "safety_dossier_complete":
        raise ValidationFailed(
            _("Dit besluit is nog niet vastgelegd; neem daarvoor de stap in de procedure."),
            field="field",
        )
    if field in workflow.DATE_FIELDS:
        if not isinstance(value, date):
            raise ValidationFailed(_("Vul een datum in."), field="value")
        _check_date(procedure, "value", value, today=today, future_ok=field in FUTURE_DATES)
    _check_choice(field, value)
    if field == "reflection_ends_on" and procedure.reflection_started_on:
        months = procedure.rules.reflection_period_months
        if deadlines.planned_end_error(procedure.reflection_started_on, value, months=months):
            raise ValidationFailed(
                _("Het einde van de bedenktijd ligt uiterlijk %(months)d maanden na het begin.")
                % {"months": months},
                field="value",
            )
    if value == old:
        raise ValidationFailed(_("Dit is de huidige waarde al."), field="value")
    with transaction.atomic():
        locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
        setattr(locked, field, value)
        locked.full_clean(exclude=["report", "rules"])
        locked.save()
        ProcedureEvent.objects.create(
            procedure=locked,
            kind=EventKind.CORRECTION,
            from_status=locked.status,
            to_status=locked.status,
            event_on=today,
            actor=actor,
            occurred_at=clock.now(),
            values={field: _as_json(value)},
            previous={field: _as_json(old)},
            reason=reason.strip(),
        )
        audit.audit_change(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            purpose=PURPOSE,
            subject_person_id=locked.subject_person_id or "",
            details={"field": field, "reason": reason.strip()},
        )
    return locked
