"""Rectification (GDPR art. 16) of what a report says about a person: one field at a time,
audited, the old value returned to the caller so it can keep the history (schakel.sharing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.core import audit
from schakel.core.errors import InvalidInput, NotAllowed
from schakel.core.models import AuditAction
from schakel.core.purposes import Purpose

from .models import PersonRecord
from .search import search_text

# Fields a person may have corrected; free-text and simple values. Birth date precision and the
# derived search text follow automatically.
RECTIFIABLE_FIELDS: tuple[str, ...] = (
    "given_names",
    "family_name",
    "birth_date",
    "birth_place",
    "municipality_of_stay",
    "phone",
    "description",
)


@dataclass(frozen=True)
class RectifiedField:
    record_id: int
    person_id: int
    field_name: str
    old_value: str
    new_value: str


def _parsed(field_name: str, value: str) -> str | date | None:
    if field_name != "birth_date":
        return value.strip()
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput([("new_value", _("Geen geldige datum (JJJJ-MM-DD)."))]) from None


def person_record_rectify(
    *, actor: User, record_id: int, field_name: str, new_value: str, reason: str
) -> RectifiedField:
    """Correct one field of one person record; registrar only; audited with the reason."""
    if not actor.has_role(Role.REGISTRAR):
        audit.audit_denied(
            actor=actor,
            object_type="registry.personrecord",
            object_id=record_id,
            purpose=Purpose.REGISTRATION,
            reason="rectification is the registrar's",
        )
        raise NotAllowed
    errors: list[tuple[str, str]] = []
    if field_name not in RECTIFIABLE_FIELDS:
        errors.append(("field_name", _("Dit veld kan niet worden gerectificeerd.")))
    if not reason.strip():
        errors.append(("reason", _("Geef de reden van de rectificatie.")))
    if errors:
        raise InvalidInput(errors)
    value = _parsed(field_name, new_value)
    with transaction.atomic():
        record = PersonRecord.objects.select_for_update().get(pk=record_id)
        old = getattr(record, field_name)
        setattr(record, field_name, value)
        if field_name == "birth_date" and isinstance(value, date):
            record.birth_year = value.year
            record.birth_date_precision = "exact"
        record.search_text = search_text(
            given_names=record.given_names, family_name=record.family_name, aliases=record.aliases
        )
        record.save()
        audit.audit_change(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="registry.personrecord",
            object_id=record.pk,
            purpose=Purpose.REGISTRATION,
            subject_person_id=record.person_id,
            details={"rectified": field_name, "reason": reason.strip()},
        )
    return RectifiedField(
        record_id=record.pk,
        person_id=record.person_id,
        field_name=field_name,
        old_value="" if old is None else str(old),
        new_value="" if value is None else str(value),
    )
