"""Every write of the registry: creating reports, moving them through the workflow, and
linking records of the same person. Authorisation is checked before the transaction opens,
so the audit event of a refusal survives; the work and its audit event commit together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime

from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.core import audit, rows
from schakel.core.errors import InvalidInput, NotAllowed, ValidationFailed
from schakel.core.models import AuditAction
from schakel.core.purposes import Purpose

from . import guards, workflow
from .choices import ReportStatus
from .inputs import ReportInput, validate_report_input
from .models import (
    DecisionTerm,
    IdentityDocument,
    NotRegisteredReason,
    Person,
    PersonRecord,
    Report,
    ReportExploitationForm,
    ReportNumberSequence,
    ReportPlace,
    ReportTransition,
    SamePersonDecision,
    Suspect,
)
from .rules import add_working_days
from .search import search_text

DEFAULT_DECISION_TERM_WORKING_DAYS = 5
REPORTING_ROLES = frozenset({Role.REPORTER, Role.CASE_WORKER, Role.REGISTRAR})


def _purpose_of(actor: User) -> Purpose:
    return Purpose.REGISTRATION if actor.has_role(Role.REGISTRAR) else Purpose.REPORTING


def _deny(actor: User, *, object_type: str, object_id: object = "", reason: str) -> NotAllowed:
    audit.audit_denied(
        actor=actor,
        object_type=object_type,
        object_id=object_id,
        purpose=_purpose_of(actor),
        reason=reason,
    )
    return NotAllowed()


def _refuse_if_restricted(actor: User, report: Report) -> None:
    """Refuse changes to a report about a person whose processing is restricted (guards)."""
    if not guards.active():
        return
    person_id = (
        PersonRecord.objects.filter(report_id=report.pk).values_list("person_id", flat=True).first()
    )
    refusal = guards.processing_refusal(person_id) if person_id else None
    if refusal:
        raise _deny(actor, object_type="registry.report", object_id=report.pk, reason=refusal)


def _next_report_number(year: int) -> str:
    # One statement that increments and returns: the row lock it takes is held until commit,
    # so it is taken late in `report_create` (numbers stay gap-free and in commit order).
    updated = rows.execute(
        f"UPDATE {ReportNumberSequence._meta.db_table} SET last_number = last_number + 1 "  # noqa: S608 -- our own table name
        "WHERE year = %s RETURNING last_number",
        [year],
    )
    if updated:
        return f"MH-{year}-{updated[0][0]:06d}"
    sequence, _ = ReportNumberSequence.objects.select_for_update().get_or_create(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"MH-{year}-{sequence.last_number:06d}"


def _write_children(report: Report, record: PersonRecord, data: ReportInput) -> None:
    documents = [
        IdentityDocument(
            person_record=record,
            document_type=d.document_type,
            number=d.number,
            issuing_country=d.issuing_country.upper(),
        )
        for d in data.person.documents
    ]
    places = [
        ReportPlace(
            report=report,
            kind=p.kind,
            municipality=p.municipality.strip(),
            country=p.country.upper(),
        )
        for p in data.places
    ]
    forms = [
        ReportExploitationForm(
            report=report,
            form=f.form,
            labour_sector=f.labour_sector,
            criminal_activity=f.criminal_activity,
        )
        for f in data.forms
    ]
    suspects = [
        Suspect(report=report, name=s.name, relation=s.relation, notes=s.notes)
        for s in data.suspects
    ]
    for rows_of_one_table in (documents, places, forms, suspects):
        rows.insert(rows_of_one_table)
    # What was just written is what a re-read would give: keep it on the objects, so the
    # caller can show the report (projection.report_projection) without reading it back.
    _remember(report, places=places, forms=forms, suspects=suspects)
    _remember(record, documents=documents)


def _remember(instance: object, **children: Sequence[object]) -> None:
    """Fill Django's prefetch cache of `instance` with children already in hand."""
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, objects in children.items():
        queryset = getattr(instance, name).all()
        queryset._result_cache = list(objects)
        queryset._prefetch_done = True
        cache[name] = queryset


def _record_fields(data: ReportInput) -> dict[str, object]:
    person = data.person
    return {
        "given_names": person.given_names.strip(),
        "family_name": person.family_name.strip(),
        "aliases": [a.strip() for a in person.aliases if a.strip()],
        "description": person.description.strip(),
        "birth_date": person.birth_date,
        "birth_year": person.birth_year or (person.birth_date.year if person.birth_date else None),
        "birth_date_precision": person.birth_date_precision,
        "gender": person.gender,
        "nationalities": [c.upper() for c in person.nationalities],
        "birth_country": person.birth_country.upper(),
        "birth_place": person.birth_place.strip(),
        "languages": list(person.languages),
        "municipality_of_stay": person.municipality_of_stay.strip(),
        "phone": person.phone,
        "search_text": search_text(
            given_names=person.given_names, family_name=person.family_name, aliases=person.aliases
        ),
    }


def _report_fields(data: ReportInput) -> dict[str, object]:
    return {
        "reported_on": data.reported_on,
        "consent": data.consent,
        "consent_not_asked_reason": data.consent_not_asked_reason.strip(),
        "exploitation_status": data.exploitation_status,
        "exploitation_started_on": data.exploitation_started_on,
        "exploitation_ended_on": data.exploitation_ended_on,
        "needs_shelter": data.needs_shelter,
        "needs_medical": data.needs_medical,
        "needs_safety": data.needs_safety,
        "health_notes": data.health_notes,
        "criminal_record_notes": data.criminal_record_notes,
        "narrative": data.narrative,
    }


def report_validate(*, data: ReportInput, today: date | None = None) -> None:
    errors = validate_report_input(data, today=today or timezone.localdate())
    if errors:
        raise InvalidInput([(e.field, e.message) for e in errors])


def report_create(
    *, actor: User, data: ReportInput, submit: bool = False, today: date | None = None
) -> Report:
    """Record a report of a possible victim for the actor's organisation (draft or submitted).

    The returned report carries its children, its person record and its transitions, as
    `selectors.report_get_for` would return them. Everything that needs no lock (validation,
    building the rows, the decision term) happens before the report number and the audit
    chain are locked, so concurrent creators hold those row locks only for the inserts.
    """
    if not actor.role_set & REPORTING_ROLES or actor.organisation_id is None:
        raise _deny(actor, object_type="registry.report", reason="no reporting role")
    report_validate(data=data, today=today)
    report = Report(
        number="",
        reporting_organisation=actor.organisation,
        reported_by=actor,
        **_report_fields(data),
    )
    # Input rules were checked by report_validate, the two relations are the actor's own and
    # the check constraints are the database's: only the field checks are left to run here.
    report.full_clean(
        exclude=["number", "reporting_organisation", "reported_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    now = timezone.now()
    if submit:  # stored as submitted at once; the history still shows the step from draft
        _apply_status(
            report, to_status=ReportStatus.SUBMITTED, now=now, submission=_submission_fields(now)
        )
    # No savepoint when called inside a caller's transaction (the idempotent API): a failure
    # here fails the caller's transaction as a whole, which is what it wants anyway.
    with transaction.atomic(savepoint=False), audit.batch():
        person = Person()
        rows.insert([person])  # before the number: its row lock is held until commit
        report.number = _next_report_number(data.reported_on.year)
        rows.insert([report])
        record = PersonRecord(report=report, person=person, **_record_fields(data))
        rows.insert([record])
        _write_children(report, record, data)
        audit.audit_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="registry.report",
            object_id=report.pk,
            purpose=_purpose_of(actor),
            subject_person_id=person.pk,
            details={"number": report.number},
        )
        transitions = []
        if submit:
            transitions.append(
                _record_transition(
                    actor=actor,
                    report=report,
                    from_status=ReportStatus.DRAFT,
                    to_status=ReportStatus.SUBMITTED,
                    now=now,
                    reason="",
                    person_id=person.pk,
                )
            )
        _remember(report, transitions=transitions)
    return report


def report_update(
    *,
    actor: User,
    report: Report,
    data: ReportInput,
    today: date | None = None,
    submit: bool = False,
) -> Report:
    """Replace what a report says. Reporters edit their drafts; registrars reports under review.

    ``submit`` also submits the draft, in the same transaction: saved and submitted, or neither.
    """
    own = actor.organisation_id == report.reporting_organisation_id
    may_edit = (
        actor.role_set & workflow.REPORTER_ROLES
        and own
        and report.status in workflow.EDITABLE_BY_REPORTER
    ) or (actor.has_role(Role.REGISTRAR) and report.status in workflow.EDITABLE_BY_REGISTRAR)
    if not may_edit:
        raise _deny(
            actor,
            object_type="registry.report",
            object_id=report.pk,
            reason=f"may not edit a report with status {report.status}",
        )
    _refuse_if_restricted(actor, report)
    if submit:
        _authorise_transition(actor=actor, report=report, to_status=ReportStatus.SUBMITTED)
    report_validate(data=data, today=today)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status != report.status:
            raise ValidationFailed(
                _("De melding is intussen gewijzigd; laad haar opnieuw."), field="status"
            )
        for name, value in _report_fields(data).items():
            setattr(locked, name, value)
        locked.full_clean(validate_unique=False)
        locked.save()
        record = PersonRecord.objects.get(report=locked)
        for name, value in _record_fields(data).items():
            setattr(record, name, value)
        record.save()
        record.documents.all().delete()
        for related in (locked.places, locked.forms, locked.suspects):
            related.all().delete()
        _write_children(locked, record, data)
        audit.audit_change(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="registry.report",
            object_id=locked.pk,
            purpose=_purpose_of(actor),
            subject_person_id=record.person_id,
        )
        if submit:
            _transition(actor=actor, report=locked, to_status=ReportStatus.SUBMITTED)
    return locked


# -- workflow -------------------------------------------------------------------------------


def _decision_term_on(day: date) -> int:
    # Read on every submission (one plain statement: core.rows): a term entered today counts
    # from the next report on.
    found = rows.execute(
        f"SELECT working_days FROM {DecisionTerm._meta.db_table} WHERE valid_from <= %s "  # noqa: S608 -- our own table name
        "ORDER BY valid_from DESC LIMIT 1",
        [connection.ops.adapt_datefield_value(day)],
    )
    return int(found[0][0]) if found else DEFAULT_DECISION_TERM_WORKING_DAYS


def _authorise_transition(*, actor: User, report: Report, to_status: ReportStatus) -> None:
    from_status = ReportStatus(report.status)
    if not workflow.can_transition(from_status, to_status):
        raise ValidationFailed(
            _("Een melding met status '%(from)s' kan niet naar '%(to)s'.")
            % {"from": from_status.label, "to": to_status.label},
            field="status",
        )
    roles = workflow.TRANSITION_ROLES[(from_status, to_status)]
    own = actor.organisation_id == report.reporting_organisation_id
    if from_status in workflow.OWN_ORGANISATION_ONLY:
        allowed = own and bool(actor.role_set & roles)
    else:
        allowed = actor.has_role(Role.REGISTRAR) and Role.REGISTRAR in roles
        if not allowed and actor.role_set & roles & workflow.REPORTER_ROLES:
            allowed = own
    if not allowed:
        raise _deny(
            actor,
            object_type="registry.report",
            object_id=report.pk,
            reason=f"may not move report from {from_status} to {to_status}",
        )


def _transition(
    *,
    actor: User,
    report: Report,
    to_status: ReportStatus,
    reason: str = "",
    not_registered_reason: NotRegisteredReason | None = None,
    decision_note: str = "",
) -> ReportTransition:
    """Move a stored report one step and record it; returns the history row."""
    from_status = ReportStatus(report.status)
    now = timezone.now()
    _apply_status(
        report,
        to_status=to_status,
        now=now,
        reason=reason,
        not_registered_reason=not_registered_reason,
        decision_note=decision_note,
    )
    report.save(
        update_fields=[
            "status",
            "submitted_at",
            "decision_due_on",
            "decided_at",
            "not_registered_reason",
            "decision_note",
            "updated_at",
        ]
    )
    person_id = (
        PersonRecord.objects.filter(report=report).values_list("person_id", flat=True).first()
    )
    return _record_transition(
        actor=actor,
        report=report,
        from_status=from_status,
        to_status=to_status,
        now=now,
        reason=reason,
        person_id=person_id,
    )


def _apply_status(
    report: Report,
    *,
    to_status: ReportStatus,
    now: datetime,
    reason: str = "",
    not_registered_reason: NotRegisteredReason | None = None,
    decision_note: str = "",
    submission: dict[str, object] | None = None,
) -> None:
    """The one place a report's status is assigned (saving is the caller's)."""
    from_status = ReportStatus(report.status)
    if (from_status, to_status) in workflow.REASON_REQUIRED and not reason.strip():
        raise ValidationFailed(_("Geef een reden op."), field="reason")
    if to_status == ReportStatus.NOT_REGISTERED and not_registered_reason is None:
        raise ValidationFailed(
            _("Kies een reden waarom de persoon niet wordt geregistreerd."),
            field="not_registered_reason",
        )
    report.status = to_status
    if to_status == ReportStatus.SUBMITTED:
        for name, value in (submission or _submission_fields(now)).items():
            setattr(report, name, value)
    if to_status in workflow.DECIDED:
        report.decided_at = now
        report.not_registered_reason = not_registered_reason
        report.decision_note = decision_note.strip()
    if from_status in workflow.DECIDED or from_status == ReportStatus.WITHDRAWN:
        report.decided_at = None
        report.not_registered_reason = None


def _record_transition(
    *,
    actor: User,
    report: Report,
    from_status: ReportStatus,
    to_status: ReportStatus,
    now: datetime,
    reason: str,
    person_id: int | None,
) -> ReportTransition:
    """The history row and the audit event of a step already applied to `report`."""
    transition = ReportTransition(
        report=report,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        occurred_at=now,
        reason=reason.strip(),
    )
    rows.insert([transition])
    audit.audit_change(
        actor=actor,
        action=AuditAction.TRANSITION,
        object_type="registry.report",
        object_id=report.pk,
        purpose=_purpose_of(actor),
        subject_person_id=person_id or "",
        details={"from": from_status, "to": to_status, "reason": reason.strip()},
    )
    if to_status in workflow.DECIDED:
        transaction.on_commit(lambda: _notify_reporter_of_decision(report.pk))
    return transition


def _submission_fields(now: datetime) -> dict[str, object]:
    """The bookkeeping of a submission at `now`: when, and the decision due date."""
    submitted_on = timezone.localdate(now)
    return {
        "submitted_at": now,
        "decision_due_on": add_working_days(submitted_on, _decision_term_on(submitted_on)),
    }


def report_transition(
    *,
    actor: User,
    report: Report,
    to_status: ReportStatus,
    reason: str = "",
    not_registered_reason: NotRegisteredReason | None = None,
    decision_note: str = "",
) -> Report:
    """The only way a report's status changes: checked against the workflow table, audited."""
    _refuse_if_restricted(actor, report)
    _authorise_transition(actor=actor, report=report, to_status=to_status)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status != report.status:
            raise ValidationFailed(
                _("De melding is intussen gewijzigd; laad haar opnieuw."), field="status"
            )
        _transition(
            actor=actor,
            report=locked,
            to_status=to_status,
            reason=reason,
            not_registered_reason=not_registered_reason,
            decision_note=decision_note,
        )
    return locked


def _notify_reporter_of_decision(report_id: int) -> None:
    """Tell the reporter what became of the report (action 65); no personal data in the mail."""
    report = Report.objects.select_related("reported_by").get(pk=report_id)
    if not report.reported_by.email:
        return
    send_mail(
        subject=_("Schakel: besluit over melding %(number)s") % {"number": report.number},
        message=_(
            "Over uw melding %(number)s is besloten: %(status)s. Log in bij Schakel voor "
            "de toelichting."
        )
        % {"number": report.number, "status": ReportStatus(report.status).label},
        from_email=None,
        recipient_list=[report.reported_by.email],
        fail_silently=True,
    )


# -- same person ------------------------------------------------------------------------------


def _require_registrar(actor: User, object_id: object) -> None:
    if not actor.has_role(Role.REGISTRAR):
        raise _deny(
            actor,
            object_type="registry.person",
            object_id=object_id,
            reason="only the registrar links persons",
        )


def _ordered(a: PersonRecord, b: PersonRecord) -> tuple[PersonRecord, PersonRecord]:
    if a.pk == b.pk:
        raise ValidationFailed(_("Kies twee verschillende meldingen."), field="record_b")
    return (a, b) if a.pk < b.pk else (b, a)


def _current_persons(first: PersonRecord, second: PersonRecord) -> list[int]:
    """The persons the two records belong to now, locked (the objects passed may be stale)."""
    rows = dict(
        PersonRecord.objects.select_for_update()
        .filter(pk__in=[first.pk, second.pk])
        .values_list("pk", "person_id")
    )
    first.person_id, second.person_id = rows[first.pk], rows[second.pk]
    return [rows[first.pk], rows[second.pk]]


def persons_link_same(
    *, actor: User, record_a: PersonRecord, record_b: PersonRecord, reason: str = ""
) -> SamePersonDecision:
    """Merge the persons of two records: every report of both now counts as one person."""
    _require_registrar(actor, record_a.person_id)
    first, second = _ordered(record_a, record_b)
    with transaction.atomic():
        current = _current_persons(first, second)
        survivor, absorbed = sorted(current)
        moved = (
            list(PersonRecord.objects.filter(person_id=absorbed).values_list("pk", flat=True))
            if survivor != absorbed
            else []
        )
        PersonRecord.objects.filter(pk__in=moved).update(person_id=survivor)
        if moved:
            Person.objects.filter(pk=absorbed).delete()
        decision = SamePersonDecision.objects.create(
            record_a=first,
            record_b=second,
            same_person=True,
            decided_by=actor,
            decided_at=timezone.now(),
            reason=reason.strip(),
            moved_records=moved,
        )
        audit.audit_change(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="registry.person",
            object_id=survivor,
            purpose=Purpose.REGISTRATION,
            subject_person_id=survivor,
            details={"merged_person": absorbed, "moved_records": moved, "decision": decision.pk},
        )
    return decision


def persons_mark_different(
    *, actor: User, record_a: PersonRecord, record_b: PersonRecord, reason: str = ""
) -> SamePersonDecision:
    """Record that two records are different people; split them if they were together."""
    _require_registrar(actor, record_a.person_id)
    first, second = _ordered(record_a, record_b)
    with transaction.atomic():
        split_to = None
        if len(set(_current_persons(first, second))) == 1:
            split_to = Person.objects.create()
            PersonRecord.objects.filter(pk=second.pk).update(person=split_to)
        decision = SamePersonDecision.objects.create(
            record_a=first,
            record_b=second,
            same_person=False,
            decided_by=actor,
            decided_at=timezone.now(),
            reason=reason.strip(),
            moved_records=[second.pk] if split_to else [],
        )
        audit.audit_change(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="registry.person",
            object_id=first.person_id,
            purpose=Purpose.REGISTRATION,
            subject_person_id=first.person_id,
            details={
                "different_from_record": second.pk,
                "split_to_person": split_to.pk if split_to else None,
                "decision": decision.pk,
            },
        )
    return decision


def report_input_as_dict(data: ReportInput) -> dict[str, object]:
    """A JSON-able form of the input, for fingerprints of idempotent API requests."""
    return asdict(data)
