"""Retention services of the registry: which reports are past their term, and deleting or
pseudonymising them. Called by `schakel.retention` (the rules and their terms live there, as
versioned data); every change is audited here, in the same transaction, without keeping the
deleted personal data in the audit event (identifiers and counts only).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from schakel.core import audit
from schakel.core.models import AuditAction

from . import guards
from .choices import DatePrecision, ReportStatus
from .models import IdentityDocument, Person, PersonRecord, Report, Suspect

# Fields emptied by pseudonymisation; what statistics need stays (status, dates, organisation,
# exploitation facts, places, forms, needs, consent, gender, birth year, nationalities, birth
# country, languages, the suspects' relation). See docs/adr/0022.
REPORT_FIELDS_CLEARED = ("narrative", "health_notes", "criminal_record_notes", "decision_note")
RECORD_FIELDS_CLEARED = (
    "given_names",
    "family_name",
    "aliases",
    "description",
    "birth_date",
    "birth_place",
    "municipality_of_stay",
    "phone",
)
SUSPECT_FIELDS_CLEARED = ("name", "notes")
# A free-text reason is required when consent was not asked (a database constraint).
CONSENT_REASON_PLACEHOLDER = "(gepseudonimiseerd)"


def draft_report_ids(*, changed_before: datetime) -> list[int]:
    """Drafts nobody touched since the cut-off (never submitted, so never in the registry)."""
    return list(
        Report.objects.filter(status=ReportStatus.DRAFT, updated_at__lt=changed_before)
        .exclude(person__person_id__in=guards.restricted_people())  # art. 18: only stored
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def closed_unregistered_report_ids(*, closed_before: datetime) -> list[int]:
    """Reports decided 'not registered', or withdrawn, before the cut-off."""
    closed = Q(decided_at__lt=closed_before) | Q(
        decided_at__isnull=True, updated_at__lt=closed_before
    )
    return list(
        Report.objects.filter(
            closed, status__in=[ReportStatus.NOT_REGISTERED, ReportStatus.WITHDRAWN]
        )
        .exclude(person__person_id__in=guards.restricted_people())  # art. 18: only stored
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def registered_report_ids(*, decided_before: datetime) -> list[int]:
    """Registered reports decided before the cut-off (pseudonymised or not)."""
    return list(
        Report.objects.filter(status=ReportStatus.REGISTERED, decided_at__lt=decided_before)
        .exclude(person__person_id__in=guards.restricted_people())  # art. 18: only stored
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def report_ids_to_pseudonymise(*, decided_before: datetime) -> list[int]:
    """Registered reports decided before the cut-off that still hold identifying data."""
    return list(
        Report.objects.filter(
            status=ReportStatus.REGISTERED,
            decided_at__lt=decided_before,
            pseudonymised_at__isnull=True,
        )
        .exclude(person__person_id__in=guards.restricted_people())  # art. 18: only stored
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def reports_delete(*, report_ids: Iterable[int], rule: str) -> int:
    """Delete reports with everything that hangs from them, and persons left without records.

    Callers first remove rows other apps keep about these reports (identification), and
    leave out reports another app still needs (residence, shelter: PROTECT).
    """
    deleted = 0
    with transaction.atomic():
        for report in Report.objects.filter(pk__in=list(report_ids)).order_by("pk"):
            person_id = (
                PersonRecord.objects.filter(report=report).values_list("person_id", flat=True)
            ).first()
            report_pk = report.pk
            _total, per_table = report.delete()
            removed: Counter[str] = Counter({k.lower(): v for k, v in per_table.items() if v})
            if (
                person_id is not None
                and not PersonRecord.objects.filter(person_id=person_id).exists()
            ):
                Person.objects.filter(pk=person_id).delete()
                removed["registry.person"] += 1
            # Identifiers and counts only: the event must not keep what was deleted.
            audit.audit_retention(
                action=AuditAction.DELETE,
                object_type="registry.report",
                object_id=report_pk,
                rule=rule,
                details={"rows_deleted": dict(sorted(removed.items()))},
            )
            deleted += 1
    return deleted


def reports_pseudonymise(*, report_ids: Iterable[int], rule: str) -> int:
    """Empty the identifying fields of reports; keep what statistics need. Idempotent."""
    now = timezone.now()
    done = 0
    with transaction.atomic():
        reports = Report.objects.filter(pk__in=list(report_ids), pseudonymised_at__isnull=True)
        for report in reports.select_related("person").order_by("pk"):
            for name in REPORT_FIELDS_CLEARED:
                setattr(report, name, "")
            if report.consent_not_asked_reason:
                report.consent_not_asked_reason = CONSENT_REASON_PLACEHOLDER
            report.pseudonymised_at = now
            report.save(
                update_fields=[
                    *REPORT_FIELDS_CLEARED,
                    "consent_not_asked_reason",
                    "pseudonymised_at",
                    "updated_at",
                ]
            )
            documents = 0
            record = getattr(report, "person", None)
            if record is not None:
                _pseudonymise_record(record)
                documents, _ = IdentityDocument.objects.filter(person_record=record).delete()
            suspects = Suspect.objects.filter(report=report).update(name="", notes="")
            audit.audit_retention(
                action=AuditAction.UPDATE,
                object_type="registry.report",
                object_id=report.pk,
                rule=rule,
                details={
                    "pseudonymised": True,
                    "fields_cleared": [
                        *REPORT_FIELDS_CLEARED,
                        *(f"person.{f}" for f in RECORD_FIELDS_CLEARED),
                        *(f"suspects.{f}" for f in SUSPECT_FIELDS_CLEARED),
                    ],
                    "documents_deleted": documents,
                    "suspects_cleared": suspects,
                },
            )
            done += 1
    return done


def _pseudonymise_record(record: PersonRecord) -> None:
    # Keep the year of birth (age bands in statistics), drop the exact date.
    if record.birth_date is not None:
        record.birth_year = record.birth_year or record.birth_date.year
        if record.birth_date_precision == DatePrecision.EXACT:
            record.birth_date_precision = DatePrecision.YEAR
    record.given_names = ""
    record.family_name = ""
    record.aliases = []
    record.description = ""
    record.birth_date = None
    record.birth_place = ""
    record.municipality_of_stay = ""
    record.phone = ""
    record.search_text = ""
    record.save()


def pseudonymised_report_count() -> int:
    return Report.objects.filter(pseudonymised_at__isnull=False).count()


def existing_record_ids(record_ids: Iterable[int]) -> set[int]:
    """Which of these person-record ids still exist (other apps keep ids, not relations)."""
    return set(PersonRecord.objects.filter(pk__in=list(record_ids)).values_list("pk", flat=True))
