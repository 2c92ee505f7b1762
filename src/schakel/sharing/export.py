"""Everything Schakel holds about one person (GDPR art. 15), as a JSON bundle and a PDF.

The bundle holds every report about the person (all categories), the consent register,
restrictions, rectifications with old and new values, the disclosure log, and the audit trail
of who read or changed the person's data. Made by the registrar on the person's request; the
export itself is audited.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from schakel.accounts.models import User
from schakel.core import audit
from schakel.core.models import AuditAction
from schakel.core.purposes import Purpose
from schakel.registry.categories import ALL_CATEGORIES
from schakel.registry.projection import report_projection

from . import selectors

FORMAT = "schakel.sharing.person-export/1"


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


def person_export(*, actor: User, person_id: object) -> dict[str, Any]:
    with transaction.atomic():
        rights = selectors.person_rights(actor=actor, person_id=person_id)
        person = rights.person
        reports = selectors.person_reports(actor=actor, records=rights.records)
        reads = selectors.reads_of_person(actor=actor, person_id=person.pk)
        bundle = {
            "format": FORMAT,
            "made_at": timezone.now().isoformat(),
            "person": {"reference": str(person.pseudonym)},
            "reports": [report_projection(r, ALL_CATEGORIES) for r in reports],
            "consents": [
                {
                    "given_on": _iso(c.given_on),
                    "categories": c.categories,
                    "recipient_domains": c.recipient_domains,
                    "purposes": c.purposes,
                    "recorded_how": c.recorded_how,
                    "signed_by": c.signed_by,
                    "guardian_name": c.guardian_name,
                    "guardian_relation": c.guardian_relation,
                    "withdrawn_on": _iso(c.withdrawn_on),
                }
                for c in rights.consents
            ],
            "restrictions": [
                {
                    "reason": r.reason,
                    "set_at": _iso(r.set_at),
                    "lifted_at": _iso(r.lifted_at),
                    "lift_reason": r.lift_reason,
                }
                for r in rights.restrictions
            ],
            "rectifications": [
                {
                    "field": r.field_name,
                    "old_value": r.old_value,
                    "new_value": r.new_value,
                    "reason": r.reason,
                    "at": _iso(r.occurred_at),
                }
                for r in rights.rectifications
            ],
            "disclosure_log": [
                {
                    "at": _iso(e.occurred_at),
                    "event": e.event,
                    "holder": e.holder_organisation.name,
                    "recipient": e.recipient_organisation.name,
                    "purpose": e.purpose,
                    "categories": e.categories,
                    "reasons": e.reasons,
                }
                for e in rights.log
            ],
            "reads": [
                {
                    "at": _iso(e.occurred_at),
                    "action": e.action,
                    "outcome": e.outcome,
                    "organisation_id": e.organisation_id,
                    "user": e.actor_username,
                    "purpose": e.purpose,
                    "object": e.object_type,
                }
                for e in reads
            ],
        }
        audit.audit_change(
            actor=actor,
            action=AuditAction.EXPORT,
            object_type="registry.person",
            object_id=person.pk,
            purpose=Purpose.REGISTRATION,
            subject_person_id=person.pk,
            details={"format": FORMAT, "reports": len(reports)},
        )
    return bundle


def person_export_pdf(bundle: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported late: it takes seconds to load

    html = render_to_string("sharing/person_export_print.html", {"bundle": bundle})
    return bytes(HTML(string=html).write_pdf())
