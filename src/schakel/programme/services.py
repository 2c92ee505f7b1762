"""Writes of the programme monitor: progress, indicator figures, ministry links, reminders.

Every write is a keyword-only function with an ``actor`` (None only for the installer and
batch commands), runs in one transaction, validates with full_clean and writes its audit
event in that transaction. Plan imports are in importer.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.core import audit
from schakel.core.errors import NotAllowed, ValidationFailed
from schakel.core.models import AuditAction
from schakel.core.purposes import Purpose

from . import workflow
from .models import (
    Action,
    Indicator,
    IndicatorValue,
    Ministry,
    MinistryOrganisation,
    ProgressUpdate,
    UpdateSource,
    ValueKind,
)
from .workflow import ProgressStatus

if TYPE_CHECKING:
    from schakel.accounts.models import Organisation, User


class InvalidInput(ValidationFailed):
    """Several refusals at once, each a (field, message) pair; the first is the headline."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__(errors[0][1], field=errors[0][0])


# Programme data is policy monitoring: its changes are audited under this purpose.
PURPOSE = Purpose.STATISTICS


def full_clean_or_refuse(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        errors = [
            (field, str(message))
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
        raise InvalidInput(errors) from exc


def _audit(
    *,
    actor: User | None,
    action: AuditAction,
    object_type: str,
    object_id: object,
    details: dict[str, Any],
) -> None:
    if actor is None:
        audit.audit_system(
            action=action, actor=None, details={"object": f"{object_type}:{object_id}", **details}
        )
    else:
        audit.audit_change(
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            purpose=PURPOSE,
            details=details,
        )


def _refuse_unless(
    *, allowed: bool, actor: User | None, object_type: str, object_id: object, reason: str
) -> None:
    """Batch work (actor None) is trusted; a person needs the permission."""
    if actor is None or allowed:
        return
    audit.audit_denied(
        actor=actor, object_type=object_type, object_id=object_id, purpose=PURPOSE, reason=reason
    )
    raise NotAllowed


def action_state(action: Action) -> workflow.ActionState:
    last = (
        action.updates.order_by("-reported_on", "-id").values_list("reported_on", flat=True).first()
    )
    return workflow.ActionState(
        status=ProgressStatus(action.status),
        due_date=action.due_date,
        has_fixed_end=action.has_fixed_end,
        starts_on=action.effective_start,
        last_reported_on=last,
    )


def progress_update_record(
    *,
    action: Action,
    reported_on: dt.date,
    status: ProgressStatus,
    text: str,
    new_end_date: dt.date | None = None,
    actor: User | None,
    source: UpdateSource = UpdateSource.MANUAL,
    heading: str = "",
    author_name: str = "",
    today: dt.date | None = None,
) -> ProgressUpdate:
    """Record progress on an action: the one transition service of the progress workflow.

    Refuses, naming the field and the reason, an update that contradicts the action
    (see workflow.check_update): a completion before the action started, a delay without a
    (later) new date, a status the action cannot move to.
    """
    _refuse_unless(
        allowed=actor is not None and actor.has_perm("programme.report_progress", action),
        actor=actor,
        object_type="programme.action",
        object_id=action.pk,
        reason="not a programme officer of an initiating ministry",
    )
    today = today or timezone.localdate()
    with transaction.atomic():
        action = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
        state = action_state(action)
        refusals = workflow.check_update(
            state=state,
            status=status,
            reported_on=reported_on,
            new_end_date=new_end_date,
            text=text,
            today=today,
        )
        if refusals:
            raise InvalidInput([(r.field, r.message) for r in refusals])
        update = ProgressUpdate(
            action=action,
            reported_on=reported_on,
            text=text.strip(),
            status=status,
            previous_status=state.status,
            new_end_date=new_end_date,
            previous_due_date=state.due_date,
            heading=heading,
            source=source,
            author=actor,
            author_name=author_name
            or (actor.get_full_name() or actor.get_username() if actor is not None else ""),
        )
        full_clean_or_refuse(update)
        update.save()
        action.status = status
        if new_end_date is not None:
            action.due_date = new_end_date
        full_clean_or_refuse(action)
        action.save(update_fields=["status", "due_date"])
        _audit(
            actor=actor,
            action=AuditAction.TRANSITION,
            object_type="programme.action",
            object_id=action.pk,
            details={
                "update": update.pk,
                "from": state.status,
                "to": status,
                "reported_on": reported_on.isoformat(),
                "new_end_date": new_end_date.isoformat() if new_end_date else None,
                "source": source,
            },
        )
    return update


# -- indicators ---------------------------------------------------------------------------


def indicator_value_record(
    *,
    indicator: Indicator,
    year: int,
    kind: ValueKind,
    value: Decimal,
    as_of: dt.date | None = None,
    low: Decimal | None = None,
    high: Decimal | None = None,
    source: str = "",
    note: str = "",
    actor: User | None,
) -> IndicatorValue:
    """Add or correct one figure (target, actual or a stated forecast) for a year."""
    _refuse_unless(
        allowed=actor is not None and actor.has_perm("programme.record_indicator_value", indicator),
        actor=actor,
        object_type="programme.indicator",
        object_id=indicator.pk,
        reason="not a programme officer of the indicator's ministry",
    )
    as_of = as_of or dt.date(year, 12, 31)
    errors: list[tuple[str, str]] = []
    if as_of.year != year:
        errors.append(
            ("as_of", _("De peildatum moet in het jaar %(year)s liggen.") % {"year": year})
        )
    if value < 0:
        errors.append(("value", _("Een waarde kan niet negatief zijn.")))
    if (low is None) != (high is None):
        errors.append(("low", _("Geef een bandbreedte met onder- én bovengrens, of geen.")))
    elif low is not None and high is not None and not low <= value <= high:
        errors.append(("low", _("De waarde moet binnen de bandbreedte liggen.")))
    if kind == ValueKind.TARGET and as_of != dt.date(year, 12, 31):
        errors.append(("as_of", _("Een doel geldt voor het hele jaar (peildatum 31 december).")))
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        existing = (
            IndicatorValue.objects.select_for_update()
            .filter(indicator=indicator, year=year, kind=kind, as_of=as_of)
            .first()
        )
        before = str(existing.value) if existing else None
        obj = existing or IndicatorValue(indicator=indicator, year=year, kind=kind, as_of=as_of)
        obj.value, obj.low, obj.high, obj.source, obj.note = value, low, high, source, note
        obj.recorded_by, obj.recorded_at = actor, timezone.now()
        full_clean_or_refuse(obj)
        obj.save()
        _audit(
            actor=actor,
            action=AuditAction.UPDATE if existing else AuditAction.CREATE,
            object_type="programme.indicatorvalue",
            object_id=obj.pk,
            details={
                "indicator": indicator.slug,
                "year": year,
                "kind": kind,
                "as_of": as_of.isoformat(),
                "before": before,
                "after": str(value),
            },
        )
    return obj


# -- ministries ----------------------------------------------------------------------------

# The initiating ministries the plans name (codes of plan_ministries.Ministry). Migration 0002
# stores them; this keeps them present after a database flush (transactional tests).
KNOWN_MINISTRIES: tuple[tuple[str, str, bool], ...] = (
    ("JenV", "Ministerie van Justitie en Veiligheid (in 2004: Justitie)", False),
    ("VenI", "Minister voor Vreemdelingenzaken en Integratie (2004, bij Justitie)", False),
    ("BZ", "Ministerie van Buitenlandse Zaken", False),
    ("BZK", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", False),
    ("SZW", "Ministerie van Sociale Zaken en Werkgelegenheid", False),
    ("VWS", "Ministerie van Volksgezondheid, Welzijn en Sport", False),
    ("FIN", "Ministerie van Financiën", False),
    ("OCW", "Ministerie van Onderwijs, Cultuur en Wetenschap", False),
    ("EZ", "Ministerie van Economische Zaken", False),
    ("ALLE", "Alle betrokken departementen", True),
)


def ministries_ensure() -> dict[str, Ministry]:
    """The known ministries by code, created when missing (idempotent, no audit: fixed data)."""
    found = {m.code: m for m in Ministry.objects.all()}
    for code, name, is_all in KNOWN_MINISTRIES:
        if code not in found:
            found[code] = Ministry.objects.create(code=code, name=name, is_all=is_all)
    return found


def ministry_link(
    *, ministry: Ministry, organisation: Organisation, actor: User | None
) -> MinistryOrganisation:
    """Let the programme officers of ``organisation`` report for ``ministry``."""
    from schakel.accounts.roles import OrganisationKind

    _refuse_unless(
        allowed=actor is not None and actor.has_perm("programme.manage_ministries"),
        actor=actor,
        object_type="programme.ministry",
        object_id=ministry.pk,
        reason="not a system admin",
    )
    if organisation.kind != OrganisationKind.MINISTRY:
        raise ValidationFailed(
            _("Alleen een organisatie van de soort ministerie kan voor een ministerie spreken."),
            field="organisation",
        )
    with transaction.atomic():
        link, created = MinistryOrganisation.objects.get_or_create(
            ministry=ministry, organisation=organisation
        )
        if created:
            _audit(
                actor=actor,
                action=AuditAction.CREATE,
                object_type="programme.ministryorganisation",
                object_id=link.pk,
                details={"ministry": ministry.code, "organisation": organisation.pk},
            )
    return link


def ministry_unlink(*, link: MinistryOrganisation, actor: User) -> None:
    _refuse_unless(
        allowed=actor.has_perm("programme.manage_ministries"),
        actor=actor,
        object_type="programme.ministryorganisation",
        object_id=link.pk,
        reason="not a system admin",
    )
    with transaction.atomic():
        details = {"ministry": link.ministry.code, "organisation": link.organisation_id}
        pk = link.pk
        link.delete()
        _audit(
            actor=actor,
            action=AuditAction.DELETE,
            object_type="programme.ministryorganisation",
            object_id=pk,
            details=details,
        )
