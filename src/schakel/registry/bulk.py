"""The bulk path: many reports, with their history, written in one transaction.

For generated data only (the demo, benchmarks, linkage tests), never offered to users:
`services.report_create` costs a transaction, a sequence lock and an audit event per report
and per transition, so 300,000 reports that way take hours. This path writes the same rows
with `bulk_create` and keeps them as valid as the services do:

- every input passes `validate_report_input`, the validator of `report_create`; one bad item
  and nothing is written, with the item's index in the field name;
- every status history is walked through the workflow table (`workflow.ALLOWED_TRANSITIONS`,
  reasons where required, a reason for "not registered"), in time order;
- the fields of a report and its person record are built by the same helpers as in
  `services`; encrypted fields are encrypted by the field on the way into the database;
- numbers come from the same locked per-year sequences; decision due dates from the same
  decision term and working-day rule;
- the audit trail gets ONE event per batch (action "create", system actor) that names the
  batch, the count and the number range, instead of one per report and transition. That is
  acceptable for generated data, and it is why this path exists only for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from schakel.core import audit
from schakel.core.errors import InvalidInput
from schakel.core.models import AuditAction

from . import workflow
from .choices import ReportStatus
from .inputs import ReportInput, validate_report_input
from .models import (
    DecisionTerm,
    IdentityDocument,
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
from .services import DEFAULT_DECISION_TERM_WORKING_DAYS
from .services import _record_fields as record_fields
from .services import _report_fields as report_fields

BATCH_SIZE = 2000


@dataclass(frozen=True)
class BulkStep:
    """One transition after the draft, by ``actor_id`` at ``at`` (timezone-aware)."""

    status: str
    at: datetime
    actor_id: int
    reason: str = ""


@dataclass(frozen=True)
class BulkReport:
    data: ReportInput
    organisation_id: int
    reported_by_id: int
    history: tuple[BulkStep, ...] = ()
    not_registered_reason_id: int | None = None
    decision_note: str = ""


@dataclass(frozen=True)
class BulkLink:
    """The registrar decided that items ``first`` and ``later`` are the same person."""

    first: int
    later: int
    at: datetime
    decided_by_id: int
    reason: str = ""


def _history_errors(index: int, item: BulkReport) -> list[tuple[str, str]]:
    errors = []
    current = ReportStatus.DRAFT
    previous_at: datetime | None = None
    for step in item.history:
        target = ReportStatus(step.status)
        if not workflow.can_transition(current, target):
            errors.append((f"items[{index}].history", f"{current} → {target} is not allowed"))
        if (current, target) in workflow.REASON_REQUIRED and not step.reason.strip():
            errors.append((f"items[{index}].history", f"{current} → {target} needs a reason"))
        if previous_at is not None and step.at < previous_at:
            errors.append((f"items[{index}].history", "steps are not in time order"))
        current, previous_at = target, step.at
    if (current == ReportStatus.NOT_REGISTERED) != (item.not_registered_reason_id is not None):
        errors.append(
            (
                f"items[{index}].not_registered_reason_id",
                "a reason goes with 'not registered', and only with it",
            )
        )
    return errors


def validate_items(items: Sequence[BulkReport], *, today: date) -> None:
    """Raise InvalidInput naming every bad item; nothing is written when one is bad."""
    errors: list[tuple[str, str]] = []
    for index, item in enumerate(items):
        errors.extend(
            (f"items[{index}].{e.field}", e.message)
            for e in validate_report_input(item.data, today=today)
        )
        errors.extend(_history_errors(index, item))
    if errors:
        raise InvalidInput(errors)


def _decision_terms() -> list[tuple[date, int]]:
    return list(
        DecisionTerm.objects.order_by("-valid_from").values_list("valid_from", "working_days")
    )


def _term_on(terms: list[tuple[date, int]], day: date) -> int:
    return next(
        (days for valid_from, days in terms if valid_from <= day),
        DEFAULT_DECISION_TERM_WORKING_DAYS,
    )


def _allocate_numbers(items: Sequence[BulkReport]) -> list[str]:
    """Numbers from the per-year sequences, locked, in the order of the items."""
    per_year: dict[int, int] = defaultdict(int)
    for item in items:
        per_year[item.data.reported_on.year] += 1
    next_number: dict[int, int] = {}
    for year, count in sorted(per_year.items()):
        sequence, _ = ReportNumberSequence.objects.select_for_update().get_or_create(year=year)
        next_number[year] = sequence.last_number + 1
        sequence.last_number += count
        sequence.save(update_fields=["last_number"])
    numbers = []
    for item in items:
        year = item.data.reported_on.year
        numbers.append(f"MH-{year}-{next_number[year]:06d}")
        next_number[year] += 1
    return numbers


def _report_row(item: BulkReport, number: str, terms: list[tuple[date, int]]) -> Report:
    steps = {step.status: step for step in item.history}
    final = ReportStatus(item.history[-1].status) if item.history else ReportStatus.DRAFT
    submitted = steps.get(ReportStatus.SUBMITTED)
    submitted_on = timezone.localdate(submitted.at) if submitted else None
    return Report(
        number=number,
        status=final,
        reporting_organisation_id=item.organisation_id,
        reported_by_id=item.reported_by_id,
        submitted_at=submitted.at if submitted else None,
        decision_due_on=(
            add_working_days(submitted_on, _term_on(terms, submitted_on)) if submitted_on else None
        ),
        decided_at=item.history[-1].at if final in workflow.DECIDED else None,
        not_registered_reason_id=item.not_registered_reason_id,
        decision_note=item.decision_note.strip() if final in workflow.DECIDED else "",
        **report_fields(item.data),
    )


def _persons_for(count: int, links: Sequence[BulkLink]) -> list[int]:
    """Which person (as an index) each item belongs to: linked items share one."""
    owner = list(range(count))

    def root(i: int) -> int:
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    for link in links:
        a, b = root(link.first), root(link.later)
        owner[max(a, b)] = min(a, b)
    return [root(i) for i in range(count)]


def _children(
    items: Sequence[BulkReport], reports: list[Report], records: list[PersonRecord]
) -> None:
    documents: list[IdentityDocument] = []
    places: list[ReportPlace] = []
    forms: list[ReportExploitationForm] = []
    suspects: list[Suspect] = []
    transitions: list[ReportTransition] = []
    for item, report, record in zip(items, reports, records, strict=True):
        data = item.data
        documents += [
            IdentityDocument(
                person_record=record,
                document_type=d.document_type,
                number=d.number,
                issuing_country=d.issuing_country.upper(),
            )
            for d in data.person.documents
        ]
        places += [
            ReportPlace(
                report=report,
                kind=p.kind,
                municipality=p.municipality.strip(),
                country=p.country.upper(),
            )
            for p in data.places
        ]
        forms += [
            ReportExploitationForm(
                report=report,
                form=f.form,
                labour_sector=f.labour_sector,
                criminal_activity=f.criminal_activity,
            )
            for f in data.forms
        ]
        suspects += [
            Suspect(report=report, name=s.name, relation=s.relation, notes=s.notes)
            for s in data.suspects
        ]
        previous = ReportStatus.DRAFT
        for step in item.history:
            transitions.append(
                ReportTransition(
                    report=report,
                    from_status=previous,
                    to_status=step.status,
                    actor_id=step.actor_id,
                    occurred_at=step.at,
                    reason=step.reason.strip(),
                )
            )
            previous = ReportStatus(step.status)
    IdentityDocument.objects.bulk_create(documents, batch_size=BATCH_SIZE)
    ReportPlace.objects.bulk_create(places, batch_size=BATCH_SIZE)
    ReportExploitationForm.objects.bulk_create(forms, batch_size=BATCH_SIZE)
    Suspect.objects.bulk_create(suspects, batch_size=BATCH_SIZE)
    ReportTransition.objects.bulk_create(transitions, batch_size=BATCH_SIZE)


def reports_bulk_load(
    *,
    items: Sequence[BulkReport],
    links: Sequence[BulkLink] = (),
    batch: str,
    details: dict[str, Any] | None = None,
    today: date | None = None,
) -> list[Report]:
    """Write ``items`` (and the same-person ``links`` between them) in one transaction with
    one audit event named ``batch``. See the module docstring for what is checked."""
    validate_items(items, today=today or timezone.localdate())
    if not items:
        return []
    terms = _decision_terms()
    owners = _persons_for(len(items), links)
    with transaction.atomic():
        numbers = _allocate_numbers(items)
        reports = Report.objects.bulk_create(
            [_report_row(item, number, terms) for item, number in zip(items, numbers, strict=True)],
            batch_size=BATCH_SIZE,
        )
        distinct_owners = sorted(set(owners))
        persons = Person.objects.bulk_create(
            [Person() for _ in distinct_owners], batch_size=BATCH_SIZE
        )
        person_of = dict(zip(distinct_owners, persons, strict=True))
        records = PersonRecord.objects.bulk_create(
            [
                PersonRecord(report=report, person=person_of[owner], **record_fields(item.data))
                for item, report, owner in zip(items, reports, owners, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
        _children(items, reports, records)
        SamePersonDecision.objects.bulk_create(
            [
                SamePersonDecision(
                    record_a=min(records[link.first], records[link.later], key=lambda r: r.pk),
                    record_b=max(records[link.first], records[link.later], key=lambda r: r.pk),
                    same_person=True,
                    decided_by_id=link.decided_by_id,
                    decided_at=link.at,
                    reason=link.reason,
                    moved_records=[records[link.later].pk],
                )
                for link in links
            ],
            batch_size=BATCH_SIZE,
        )
        audit.audit_system(
            action=AuditAction.CREATE,
            actor=None,
            details={
                **(details or {}),
                "batch": batch,
                "object_type": "registry.report",
                "count": len(reports),
                "first_number": numbers[0],
                "last_number": numbers[-1],
                "same_person_links": len(links),
            },
        )
    return reports


def loaded_batches(prefix: str) -> dict[str, dict[str, Any]]:
    """Batches whose name starts with ``prefix`` that were written before, with the details
    of their audit event (the audit event is the record that a batch was loaded)."""
    from schakel.core.models import AuditEvent

    events = AuditEvent.objects.filter(
        action=AuditAction.CREATE, purpose="system", details__batch__startswith=prefix
    ).order_by("sequence")
    return {event.details["batch"]: event.details for event in events}
