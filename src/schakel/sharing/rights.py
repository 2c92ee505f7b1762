"""The person's rights, exercised through the registrar: the consent register, restriction of
processing (GDPR art. 18) and rectification (art. 16) with history. Exports (art. 15) are in
`export.py`. Every change is audited with the person as subject."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.core import audit
from schakel.core.errors import InvalidInput, NotAllowed, ValidationFailed
from schakel.core.models import AuditAction
from schakel.core.purposes import Purpose
from schakel.registry import disclosure_reads
from schakel.registry import selectors as registry_selectors
from schakel.registry.rectification import person_record_rectify

from . import consent_rules
from .models import Consent, ProcessingRestriction, RecordedHow, Rectification, SignedBy
from .policies import CONSENT_POLICY, RESTRICTION_POLICY
from .vocabulary import SHARING_CATEGORIES, SHARING_PURPOSES, Domain


def _require_registrar(actor: User, object_type: str, object_id: object = "") -> None:
    if not actor.has_role(Role.REGISTRAR):
        audit.audit_denied(
            actor=actor,
            object_type=object_type,
            object_id=object_id,
            purpose=Purpose.REGISTRATION,
            reason="the person's rights are kept by the registrar",
        )
        raise NotAllowed


@dataclass(frozen=True)
class ConsentInput:
    categories: tuple[str, ...]
    recipient_domains: tuple[str, ...]
    purposes: tuple[str, ...]
    given_on: date | None
    recorded_how: str
    signed_by: str
    guardian_name: str = ""
    guardian_relation: str = ""


def signing_age(person_id: int, on: date) -> tuple[int, int] | None:
    """The narrowest age range the person's records agree on (None if nothing is known)."""
    ranges = [
        r
        for facts in disclosure_reads.birth_facts(person_id)
        if (
            r := consent_rules.age_range_on(
                birth_date=facts.birth_date,
                birth_year=facts.birth_year,
                precision=facts.precision,
                on=on,
            )
        )
    ]
    if not ranges:
        return None
    return min(ranges, key=lambda r: r[1] - r[0])


def _consent_errors(
    data: ConsentInput, age: tuple[int, int] | None, today: date
) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    vocab = (
        ("categories", data.categories, {str(c) for c in SHARING_CATEGORIES}),
        ("recipient_domains", data.recipient_domains, set(Domain.values)),
        ("purposes", data.purposes, {str(p) for p in SHARING_PURPOSES}),
    )
    for name, values, known in vocab:
        if not values:
            errors.append((name, _("Kies ten minste één.")))
        elif set(values) - known:
            errors.append(
                (name, _("Onbekende waarde: %(v)s") % {"v": ", ".join(sorted(set(values) - known))})
            )
    if data.given_on is None:
        errors.append(("given_on", _("Geef de datum van de toestemming.")))
    elif data.given_on > today:
        errors.append(("given_on", _("De datum ligt in de toekomst.")))
    if data.recorded_how not in RecordedHow.values:
        errors.append(("recorded_how", _("Kies hoe de toestemming is vastgelegd.")))
    if data.signed_by not in SignedBy.values:
        errors.append(("signed_by", _("Kies wie ondertekende.")))
    required = consent_rules.required_signer(age)
    if required == SignedBy.PERSON and data.signed_by == SignedBy.GUARDIAN:
        errors.append(("signed_by", _("De persoon is 16 jaar of ouder en tekent zelf.")))
    if required == SignedBy.GUARDIAN and data.signed_by == SignedBy.PERSON:
        errors.append(
            ("signed_by", _("De persoon is jonger dan 16: de wettelijk vertegenwoordiger tekent."))
        )
    if data.signed_by == SignedBy.GUARDIAN:
        if not data.guardian_name.strip():
            errors.append(("guardian_name", _("Geef de naam van de vertegenwoordiger.")))
        if not data.guardian_relation.strip():
            errors.append(("guardian_relation", _("Geef de relatie (ouder, voogd).")))
    return errors


def consent_record(
    *, actor: User, person_id: int, data: ConsentInput, today: date | None = None
) -> Consent:
    _require_registrar(actor, CONSENT_POLICY.object_type)
    person, _records = registry_selectors.person_get_for(actor=actor, pk=person_id)
    day = today or timezone.localdate()
    age = signing_age(person.pk, data.given_on or day)
    errors = _consent_errors(data, age, day)
    given_on = data.given_on
    if errors or given_on is None:  # a missing date is among the errors
        raise InvalidInput(errors)
    with transaction.atomic():
        consent = Consent.objects.create(
            person_id=person.pk,
            categories=sorted(set(data.categories)),
            recipient_domains=sorted(set(data.recipient_domains)),
            purposes=sorted(set(data.purposes)),
            given_on=given_on,
            recorded_how=data.recorded_how,
            signed_by=data.signed_by,
            guardian_name=data.guardian_name.strip() if data.signed_by == SignedBy.GUARDIAN else "",
            guardian_relation=data.guardian_relation.strip()
            if data.signed_by == SignedBy.GUARDIAN
            else "",
            age_at_signing=age[0] if age and age[0] == age[1] else None,
            recorded_by=actor,
        )
        audit.audit_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=CONSENT_POLICY.object_type,
            object_id=consent.pk,
            purpose=Purpose.REGISTRATION,
            subject_person_id=person.pk,
            details={"signed_by": data.signed_by, "scope": len(consent.categories)},
        )
    return consent


def consent_withdraw(
    *,
    actor: User,
    person_id: int,
    consent_id: int,
    withdrawn_on: date | None,
    how: str,
    today: date | None = None,
) -> Consent:
    """Withdrawal blocks every later disclosure that rests on this consent."""
    _require_registrar(actor, CONSENT_POLICY.object_type, consent_id)
    day = today or timezone.localdate()
    errors: list[tuple[str, str]] = []
    if withdrawn_on is None:
        errors.append(("withdrawn_on", _("Geef de datum van intrekking.")))
    elif withdrawn_on > day:
        errors.append(("withdrawn_on", _("De datum ligt in de toekomst.")))
    if how not in RecordedHow.values:
        errors.append(("how", _("Kies hoe de intrekking is vastgelegd.")))
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update().filter(pk=consent_id, person_id=person_id).first()
        )
        if consent is None:
            audit.audit_denied(
                actor=actor,
                object_type=CONSENT_POLICY.object_type,
                object_id=consent_id,
                purpose=Purpose.REGISTRATION,
                reason="does not exist",
            )
            from schakel.core.errors import NotFound

            raise NotFound
        if consent.withdrawn_on is not None:
            raise ValidationFailed(_("Deze toestemming is al ingetrokken."), field="withdrawn_on")
        if withdrawn_on < consent.given_on:  # type: ignore[operator]
            raise InvalidInput([("withdrawn_on", _("Intrekking ligt vóór de toestemming."))])
        consent.withdrawn_on = withdrawn_on
        consent.withdrawal_how = how
        consent.withdrawal_recorded_by = actor
        consent.save(update_fields=["withdrawn_on", "withdrawal_how", "withdrawal_recorded_by"])
        audit.audit_change(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type=CONSENT_POLICY.object_type,
            object_id=consent.pk,
            purpose=Purpose.REGISTRATION,
            subject_person_id=consent.person_id,
            details={"withdrawn_on": withdrawn_on},
        )
    return consent


def restriction_set(*, actor: User, person_id: int, reason: str) -> ProcessingRestriction:
    _require_registrar(actor, RESTRICTION_POLICY.object_type)
    person, _records = registry_selectors.person_get_for(actor=actor, pk=person_id)
    if not reason.strip():
        raise InvalidInput([("reason", _("Geef de reden van de beperking."))])
    with transaction.atomic():
        restriction = ProcessingRestriction.objects.create(
            person_id=person.pk, reason=reason.strip(), set_by=actor, set_at=timezone.now()
        )
        audit.audit_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=RESTRICTION_POLICY.object_type,
            object_id=restriction.pk,
            purpose=Purpose.REGISTRATION,
            subject_person_id=person.pk,
        )
    return restriction


def restriction_lift(
    *, actor: User, person_id: int, restriction_id: int, reason: str
) -> ProcessingRestriction:
    _require_registrar(actor, RESTRICTION_POLICY.object_type, restriction_id)
    if not reason.strip():
        raise InvalidInput([("reason", _("Geef de reden van het opheffen."))])
    with transaction.atomic():
        restriction = (
            ProcessingRestriction.objects.select_for_update()
            .filter(pk=restriction_id, person_id=person_id, lifted_at__isnull=True)
            .first()
        )
        if restriction is None:
            raise ValidationFailed(_("Geen actieve beperking."), field="reason")
        restriction.lifted_at = timezone.now()
        restriction.lifted_by = actor
        restriction.lift_reason = reason.strip()
        restriction.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        audit.audit_change(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type=RESTRICTION_POLICY.object_type,
            object_id=restriction.pk,
            purpose=Purpose.REGISTRATION,
            subject_person_id=restriction.person_id,
            details={"lifted": True},
        )
    return restriction


def rectify(
    *, actor: User, person_id: int, record_id: int, field_name: str, new_value: str, reason: str
) -> Rectification:
    """Correct one field of one of the person's records; the old value stays as history."""
    _require_registrar(actor, "registry.personrecord", record_id)
    _person, records = registry_selectors.person_get_for(actor=actor, pk=person_id)
    if record_id not in {r.pk for r in records}:
        raise InvalidInput([("record", _("Deze melding gaat niet over deze persoon."))])
    with transaction.atomic():
        changed = person_record_rectify(
            actor=actor,
            record_id=record_id,
            field_name=field_name,
            new_value=new_value,
            reason=reason,
        )
        return Rectification.objects.create(
            person_id=changed.person_id,
            person_record_id=changed.record_id,
            field_name=changed.field_name,
            old_value=changed.old_value,
            new_value=changed.new_value,
            reason=reason.strip(),
            actor=actor,
            occurred_at=timezone.now(),
        )
