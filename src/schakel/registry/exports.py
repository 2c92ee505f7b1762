"""Taking registry data out of Schakel: the HTCDS/CTDC export of registered victims.

Only the registrar may export (the person policy), or an operator at the server console
(the CLI without --as, audited as the system). Every export writes one EXPORT audit event
naming the year, the layout and the persons exported, before the data leaves.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.utils import timezone
from django.utils.crypto import salted_hmac

from schakel.accounts.models import User
from schakel.core import audit
from schakel.core.access import visible_queryset
from schakel.core.models import AuditAction
from schakel.core.purposes import Purpose

from .choices import ReportStatus
from .htcds import LAYOUT_VERSION, PersonFacts, RegisteredReport, htcds_row
from .models import Person, PersonRecord
from .policies import PERSON_POLICY

EXPORT_FORMAT = "htcds-csv"


def export_pseudonym(person: Person) -> str:
    """A keyed hash of the person's random pseudonym: stable across exports made with the same
    SECRET_KEY, meaningless without it, and never the database id."""
    return salted_hmac("schakel.registry.htcds", str(person.pseudonym)).hexdigest()[:20]


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_default_timezone()
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


def _registered_report(record: PersonRecord) -> RegisteredReport:
    report = record.report
    return RegisteredReport(
        reported_on=report.reported_on,
        gender=record.gender,
        birth_date=record.birth_date,
        birth_year=record.birth_year,
        birth_date_precision=record.birth_date_precision,
        nationalities=tuple(c.code for c in record.nationalities),
        exploitation_started_on=report.exploitation_started_on,
        forms=tuple((f.form, f.labour_sector, f.criminal_activity) for f in report.forms.all()),
        places=tuple((p.kind, p.country.code or "") for p in report.places.all()),
        suspect_relations=tuple(s.relation for s in report.suspects.all()),
    )


def registered_persons_facts(*, actor: User | None, year: int) -> list[tuple[int, PersonFacts]]:
    """Each person with a report registered (decided) in ``year``, with those reports' facts.

    ``actor`` None is the console operator; otherwise the person policy decides (registrar).
    """
    records = PersonRecord.objects.all()
    if actor is not None:
        persons = visible_queryset(actor=actor, policy=PERSON_POLICY, purpose=Purpose.REGISTRATION)
        records = records.filter(person__in=persons)
    start, end = _year_bounds(year)
    records = (
        records.filter(
            report__status=ReportStatus.REGISTERED,
            report__decided_at__gte=start,
            report__decided_at__lt=end,
        )
        .select_related("report", "person")
        .prefetch_related("report__forms", "report__places", "report__suspects")
        .order_by("person_id", "pk")
    )
    by_person: dict[int, list[PersonRecord]] = defaultdict(list)
    for record in records:
        by_person[record.person_id].append(record)
    return [
        (
            person_id,
            PersonFacts(
                person_id=export_pseudonym(group[0].person),
                year=year,
                reports=tuple(_registered_report(r) for r in group),
            ),
        )
        for person_id, group in by_person.items()
    ]


def htcds_export(*, actor: User | None, year: int) -> list[dict[str, str]]:
    """The year's registered victims, one pseudonymised row per person, audited as an EXPORT."""
    facts = registered_persons_facts(actor=actor, year=year)
    details = {
        "format": EXPORT_FORMAT,
        "layout": LAYOUT_VERSION,
        "year": year,
        "rows": len(facts),
        "person_ids": [person_id for person_id, _f in facts],
    }
    if actor is None:
        audit.audit_system(
            action=AuditAction.EXPORT,
            actor=None,
            details={**details, "object_type": "registry.person", "via": "cli"},
        )
    else:
        audit.audit_change(
            actor=actor,
            action=AuditAction.EXPORT,
            object_type="registry.person",
            object_id=f"htcds-{year}",
            purpose=Purpose.STATISTICS,
            details=details,
        )
    return [htcds_row(person) for _person_id, person in facts]
