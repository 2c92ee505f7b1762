"""Changes in sharing: loading and publishing rule sets, asking for a disclosure and deciding it.

Every change is audited; every disclosure decision (given or refused, per category) is also
written to the disclosure log, which the holder, the registrar and the person's own export see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import Role
from schakel.core import audit
from schakel.core.errors import InvalidInput, NotAllowed, NotFound, ValidationFailed
from schakel.core.models import AuditAction
from schakel.core.purposes import Purpose
from schakel.registry import disclosure_reads

from . import consent_rules
from .datafile import DEFAULT_FILE, load
from .engine import Resolution, RuleLine, describe, resolve
from .models import (
    Consent,
    DisclosureLogEntry,
    DisclosureRequest,
    LogEvent,
    ProcessingRestriction,
    RequestKind,
    RequestStatus,
    Rule,
    RuleSet,
    RuleSetStatus,
)
from .policies import REQUEST_POLICY
from .vocabulary import SHARING_CATEGORIES, SHARING_PURPOSES, Decision, domain_of

# -- rule sets ---------------------------------------------------------------------------------


def lines_of(rule_set: RuleSet) -> list[RuleLine]:
    return [
        RuleLine(
            decision=r.decision,
            basis=r.basis,
            holders=tuple(r.holders),
            recipients=tuple(r.recipients),
            purposes=tuple(r.purposes),
            categories=tuple(r.categories),
            explanation=r.explanation,
            source=r.source,
            position=r.position,
        )
        for r in rule_set.rules.all()
    ]


@lru_cache(maxsize=8)
def _published_resolution(rule_set_id: int, language: str) -> Resolution:
    # Published rule sets never change, so their resolution is computed once per language.
    return resolve(lines_of(RuleSet.objects.get(pk=rule_set_id)))


def resolution_of(rule_set: RuleSet) -> Resolution:
    from django.utils.translation import get_language

    if rule_set.status == RuleSetStatus.PUBLISHED:
        return _published_resolution(rule_set.pk, (get_language() or "nl")[:2])
    return resolve(lines_of(rule_set))


def rule_set_load(*, path: Path = DEFAULT_FILE, actor: User | None = None) -> tuple[RuleSet, bool]:
    """Load a rule-set file as a draft; a version that exists is returned as it is."""
    data = load(path)
    existing = RuleSet.objects.filter(version=data.version).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        rule_set = RuleSet.objects.create(
            version=data.version,
            name_nl=data.name_nl,
            name_en=data.name_en,
            valid_from=data.valid_from,
            source=data.source,
        )
        Rule.objects.bulk_create(
            Rule(
                rule_set=rule_set,
                position=line.position,
                holders=list(line.holders),
                recipients=list(line.recipients),
                purposes=list(line.purposes),
                categories=list(line.categories),
                decision=line.decision,
                basis=line.basis,
                explanation_nl=line.explanation,
                explanation_en=english,
                source=line.source,
            )
            for line, english in zip(data.lines, data.explanations_en, strict=True)
        )
        audit.audit_system(
            action=AuditAction.CREATE,
            actor=actor,
            details={"object": "sharing.ruleset", "version": data.version, "file": path.name},
        )
    return rule_set, True


def rule_set_publish(*, rule_set: RuleSet, actor: User | None = None) -> RuleSet:
    """Publish a draft; refused while any combination is undecided or in conflict."""
    if rule_set.status != RuleSetStatus.DRAFT:
        raise ValidationFailed(_("Deze regelset is al gepubliceerd."), field="status")
    resolution = resolve(lines_of(rule_set))
    errors: list[tuple[str, str]] = []
    if resolution.undecided:
        errors.append(
            (
                "rules",
                _(
                    "%(count)d combinaties zonder besluit (houder / ontvanger / doel / categorie): "
                    "%(list)s"
                )
                % {"count": len(resolution.undecided), "list": describe(resolution.undecided)},
            )
        )
    if resolution.conflicts:
        conflicts = [
            f"{' / '.join(c)} (regels {a} en {b})" for c, a, b in resolution.conflicts[:12]
        ]
        errors.append(
            (
                "rules",
                _("%(count)d combinaties met tegenstrijdige regels: %(list)s")
                % {"count": len(resolution.conflicts), "list": "; ".join(conflicts)},
            )
        )
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        rule_set.status = RuleSetStatus.PUBLISHED
        rule_set.published_at = timezone.now()
        rule_set.published_by = actor
        rule_set.save(update_fields=["status", "published_at", "published_by"])
        audit.audit_system(
            action=AuditAction.TRANSITION,
            actor=actor,
            details={"object": "sharing.ruleset", "version": rule_set.version, "to": "published"},
        )
    return rule_set


def rule_set_in_force(on: date | None = None) -> RuleSet | None:
    day = on or timezone.localdate()
    return (
        RuleSet.objects.filter(status=RuleSetStatus.PUBLISHED, valid_from__lte=day)
        .order_by("-valid_from", "-version")
        .first()
    )


def default_rules_ensure() -> RuleSet:
    """The shipped rule set, loaded and published if no rule set is in force (demo, tests)."""
    in_force = rule_set_in_force()
    if in_force is not None:
        return in_force
    rule_set, _created = rule_set_load()
    if rule_set.status == RuleSetStatus.DRAFT:
        rule_set_publish(rule_set=rule_set)
    return rule_set


# -- disclosure requests -------------------------------------------------------------------------


@dataclass
class Outcome:
    """Per category what happens to a request: given now, waiting for the officer, refused."""

    rulings: dict[str, dict[str, Any]] = field(default_factory=dict)
    granted: list[str] = field(default_factory=list)
    consent: list[str] = field(default_factory=list)
    necessity: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)


def person_restricted(person_id: int) -> bool:
    return ProcessingRestriction.objects.filter(
        person_id=person_id, lifted_at__isnull=True
    ).exists()


def restricted_person_ids() -> set[int]:
    """Persons under a restriction that has not been lifted (registry.guards, bulk form)."""
    return set(
        ProcessingRestriction.objects.filter(lifted_at__isnull=True).values_list(
            "person_id", flat=True
        )
    )


def restriction_guard(person_id: int) -> str | None:
    """The registry's guard (registry.guards): refuse changes while processing is restricted."""
    return "processing restricted (GDPR art. 18)" if person_restricted(person_id) else None


def active_consents(person_id: int, on: date) -> list[Consent]:
    return list(
        Consent.objects.filter(person_id=person_id, given_on__lte=on).exclude(withdrawn_on__lte=on)
    )


def decide_categories(
    *,
    rule_set: RuleSet,
    holder_domain: str,
    recipient_domain: str,
    purpose: str,
    person_id: int,
    on: date,
) -> Outcome:
    """Apply the rule set, the consent register and restriction flags to every category."""
    resolution = resolution_of(rule_set)
    consents = active_consents(person_id, on)
    restricted = person_restricted(person_id)
    outcome = Outcome()
    for category in SHARING_CATEGORIES:
        ruling = resolution.rulings[(holder_domain, recipient_domain, purpose, str(category))]
        key = str(category)
        outcome.rulings[key] = {
            "decision": str(ruling.decision),
            "basis": str(ruling.basis),
            "rule": ruling.line.position,
        }
        if restricted:
            outcome.refused[key] = "restricted"
        elif ruling.decision == Decision.ALLOWED:
            outcome.granted.append(key)
        elif ruling.decision == Decision.CONSENT:
            if consent_rules.covered(consents, key, recipient_domain, purpose):
                outcome.granted.append(key)
                outcome.consent.append(key)
            else:
                outcome.refused[key] = "no consent"
        elif ruling.decision == Decision.NECESSITY:
            outcome.necessity.append(key)
        else:
            outcome.refused[key] = "forbidden"
    return outcome


def _log(
    *,
    request: DisclosureRequest | None,
    event: LogEvent,
    actor: User,
    holder_id: int,
    recipient_id: int,
    person_id: int | None,
    purpose: str,
    categories: list[str],
    reasons: dict[str, str],
) -> None:
    DisclosureLogEntry.objects.create(
        request=request,
        occurred_at=timezone.now(),
        event=event,
        actor=actor,
        holder_organisation_id=holder_id,
        recipient_organisation_id=recipient_id,
        person_id=person_id,
        purpose=purpose,
        categories=categories,
        reasons=reasons,
    )


def _log_decision(request: DisclosureRequest, actor: User, granted: list[str]) -> None:
    rulings = request.rulings

    def log(event: LogEvent, categories: list[str], reasons: dict[str, str]) -> None:
        _log(
            request=request,
            event=event,
            actor=actor,
            holder_id=request.holder_organisation_id,
            recipient_id=request.requesting_organisation_id,
            person_id=request.person_id,
            purpose=request.purpose,
            categories=categories,
            reasons=reasons,
        )

    if granted:
        log(LogEvent.GRANTED, granted, {c: rulings[c]["basis"] for c in granted})
    refused = request.refused_categories
    if refused:
        log(LogEvent.REFUSED, sorted(refused), refused)


def _refuse(actor: User, reason: str, *, object_id: object = "", purpose: str = "") -> None:
    audit.audit_denied(
        actor=actor,
        object_type="sharing.disclosurerequest",
        object_id=object_id,
        purpose=purpose,
        reason=reason,
    )


NOT_FOUND_MESSAGE = _lazy("Geen melding met dit nummer waarover u mag vragen.")


@dataclass(frozen=True)
class RequestInput:
    kind: str
    purpose: str
    report_number: str
    justification: str
    holder_organisation_id: int | None = None


def request_input_refused(actor: User, *, purpose: str) -> None:
    """Audit a request refused for its input before it reached the rules."""
    purpose = purpose[:32]
    if not purpose:
        reason = "no purpose"
    elif purpose not in {str(p) for p in SHARING_PURPOSES}:
        reason = "unknown purpose"
    else:
        reason = "invalid request"
    _refuse(actor, reason, purpose=purpose)


def _validate_request(actor: User, data: RequestInput) -> None:
    errors: list[tuple[str, str]] = []
    if not data.purpose:
        errors.append(("purpose", _("Geef het doel waarvoor u de gegevens nodig heeft.")))
    elif data.purpose not in {str(p) for p in SHARING_PURPOSES}:
        errors.append(
            (
                "purpose",
                _("Onbekend doel '%(purpose)s': de regels kennen het niet.")
                % {"purpose": data.purpose[:40]},
            )
        )
    if data.kind not in RequestKind.values:
        errors.append(("kind", _("Kies een melding of een persoon.")))
    if not data.report_number.strip():
        errors.append(("report_number", _("Geef een meldingsnummer.")))
    if not data.justification.strip():
        errors.append(("justification", _("Leg uit waarom u de gegevens nodig heeft.")))
    if data.kind == RequestKind.PERSON and not data.holder_organisation_id:
        errors.append(("holder_organisation", _("Kies de organisatie die de gegevens heeft.")))
    if errors:
        request_input_refused(actor, purpose=data.purpose)
        raise InvalidInput(errors)


def _target(
    actor: User, data: RequestInput
) -> tuple[disclosure_reads.ReportRef, Organisation, list[int]]:
    """The holder and its reports a request is about; the same NotFound for whatever is
    absent or not the requester's to name."""
    ref = disclosure_reads.report_ref_by_number(data.report_number)
    not_found = NotFound(
        _("Geen melding met dit nummer waarover u mag vragen."), field="report_number"
    )
    if ref is None:
        _refuse(
            actor, "report does not exist", object_id=data.report_number[:20], purpose=data.purpose
        )
        raise not_found
    if data.kind == RequestKind.REPORT:
        if ref.organisation_id == actor.organisation_id:
            raise InvalidInput(
                [("report_number", _("Dit is een melding van uw eigen organisatie."))]
            )
        holder_id, report_ids = ref.organisation_id, [ref.report_id]
    else:
        # The requester names its own report about the person, and the holder it asks.
        if ref.organisation_id != actor.organisation_id:
            _refuse(
                actor,
                "anchor report is not the requester's",
                object_id=ref.report_id,
                purpose=data.purpose,
            )
            raise not_found
        holder_id = int(data.holder_organisation_id or 0)
        if holder_id == actor.organisation_id:
            raise InvalidInput(
                [("holder_organisation", _("Kies een andere organisatie dan uw eigen."))]
            )
        report_ids = disclosure_reads.report_ids_held(
            organisation_id=holder_id, person_id=ref.person_id
        )
    holder = Organisation.objects.filter(pk=holder_id).first()
    if holder is None or not report_ids:
        _refuse(
            actor,
            "holder has no report about the person",
            object_id=ref.report_id,
            purpose=data.purpose,
        )
        raise not_found
    return ref, holder, report_ids


def disclosure_request_create(
    *, actor: User, data: RequestInput, today: date | None = None
) -> DisclosureRequest:
    """Ask the holder of a report (or of every report about a person) for a disclosure.

    Refused, audited, when the purpose is missing or unknown, when the requester's
    organisation has no report of its own about the person, or when no rule set is in force.
    An unknown number and a person without relation give the same NotFound.
    """
    if not actor.has_perm("sharing.request_disclosure"):
        _refuse(actor, "lacks sharing.request_disclosure", purpose=data.purpose[:32])
        raise NotAllowed
    _validate_request(actor, data)
    day = today or timezone.localdate()
    organisation = actor.organisation
    recipient_domain = domain_of(organisation.kind) if organisation else None
    if organisation is None or recipient_domain is None:
        _refuse(actor, "requesting organisation has no sharing domain", purpose=data.purpose)
        raise NotAllowed(_("Uw organisatie valt buiten de domeinen van de regels."))
    rule_set = rule_set_in_force(day)
    if rule_set is None:
        _refuse(actor, "no rule set in force", purpose=data.purpose)
        raise ValidationFailed(_("Er zijn geen geldende regels voor gegevensdeling."))
    ref, holder, report_ids = _target(actor, data)
    if not disclosure_reads.organisation_relates_to_person(
        organisation_id=organisation.pk, person_id=ref.person_id
    ) and not actor.has_role(Role.REGISTRAR):
        with transaction.atomic():
            _refuse(
                actor, "no relation to the person", object_id=ref.report_id, purpose=data.purpose
            )
            _log(
                request=None,
                event=LogEvent.REFUSED,
                actor=actor,
                holder_id=holder.pk,
                recipient_id=organisation.pk,
                person_id=ref.person_id,
                purpose=data.purpose,
                categories=[],
                reasons={"request": "no relation to the person"},
            )
        raise NotFound(NOT_FOUND_MESSAGE, field="report_number")
    holder_domain = domain_of(holder.kind)
    with transaction.atomic():
        if holder_domain is None:
            outcome = Outcome(
                refused={str(c): "holder outside the rules" for c in SHARING_CATEGORIES}
            )
        else:
            outcome = decide_categories(
                rule_set=rule_set,
                holder_domain=holder_domain,
                recipient_domain=recipient_domain,
                purpose=data.purpose,
                person_id=ref.person_id,
                on=day,
            )
        if outcome.necessity:
            status = RequestStatus.AWAITING_OFFICER
        elif outcome.granted:
            status = RequestStatus.PARTLY_GRANTED if outcome.refused else RequestStatus.GRANTED
        else:
            status = RequestStatus.REFUSED
        request = DisclosureRequest.objects.create(
            requester=actor,
            requesting_organisation_id=organisation.pk,
            holder_organisation=holder,
            kind=data.kind,
            asked_number=data.report_number.strip().upper()[:20],
            report_ids=report_ids,
            person_id=ref.person_id,
            purpose=data.purpose,
            justification=data.justification.strip(),
            rule_set=rule_set,
            status=status,
            rulings=outcome.rulings,
            granted_categories=outcome.granted,
            consent_categories=outcome.consent,
            refused_categories=outcome.refused,
            necessity_categories=outcome.necessity,
        )
        audit.audit_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=REQUEST_POLICY.object_type,
            object_id=request.pk,
            purpose=Purpose(data.purpose),
            subject_person_id=ref.person_id,
            details={"status": status, "holder": holder.pk, "rule_set": rule_set.version},
        )
        _log(
            request=request,
            event=LogEvent.REQUESTED,
            actor=actor,
            holder_id=holder.pk,
            recipient_id=organisation.pk,
            person_id=ref.person_id,
            purpose=data.purpose,
            categories=outcome.necessity,
            reasons={"justification": request.justification},
        )
        _log_decision(request, actor, outcome.granted)
    return request


def disclosure_decide(
    *, actor: User, request: DisclosureRequest, approve: bool, text: str
) -> DisclosureRequest:
    """The holder's privacy officer approves (with the necessity assessment) or refuses (with a
    reason) the categories that need a documented necessity assessment."""
    if not (
        actor.has_role(Role.PRIVACY_OFFICER)
        and request.holder_organisation_id == actor.organisation_id
    ):
        _refuse(
            actor, "not the holder's privacy officer", object_id=request.pk, purpose=request.purpose
        )
        raise NotAllowed
    if not text.strip():
        message = (
            _("Leg de noodzaaktoets vast: waarom is verstrekking noodzakelijk en evenredig?")
            if approve
            else _("Geef de reden van de weigering.")
        )
        raise InvalidInput([("text", message)])
    with transaction.atomic():
        locked = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RequestStatus.AWAITING_OFFICER:
            raise ValidationFailed(_("Over dit verzoek is al besloten."), field="status")
        necessity = list(locked.necessity_categories)
        refused = dict(locked.refused_categories)
        granted = list(locked.granted_categories)
        newly: list[str] = []
        if locked.person_id and person_restricted(locked.person_id):
            refused.update(dict.fromkeys(necessity, "restricted"))
        elif approve:
            granted.extend(necessity)
            newly = necessity
            locked.necessity_assessment = text.strip()
        else:
            refused.update(dict.fromkeys(necessity, "refused by the privacy officer"))
            locked.officer_reason = text.strip()
        locked.granted_categories = granted
        locked.refused_categories = refused
        if granted:
            locked.status = RequestStatus.PARTLY_GRANTED if refused else RequestStatus.GRANTED
        else:
            locked.status = RequestStatus.REFUSED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save()
        audit.audit_change(
            actor=actor,
            action=AuditAction.TRANSITION,
            object_type=REQUEST_POLICY.object_type,
            object_id=locked.pk,
            purpose=Purpose(locked.purpose),
            subject_person_id=locked.person_id or "",
            details={"approve": approve, "status": locked.status},
        )
        # Log only what this decision changed: the necessity categories.
        decided = DisclosureRequest(
            pk=locked.pk,
            holder_organisation_id=locked.holder_organisation_id,
            requesting_organisation_id=locked.requesting_organisation_id,
            person_id=locked.person_id,
            purpose=locked.purpose,
            rulings=locked.rulings,
            refused_categories={c: refused[c] for c in necessity if c in refused},
        )
        _log_decision(decided, actor, newly)
    return locked


def log_view(*, actor: User, request: DisclosureRequest, categories: list[str]) -> None:
    """Each look at disclosed data is itself a disclosure: logged for the holder."""
    _log(
        request=request,
        event=LogEvent.VIEWED,
        actor=actor,
        holder_id=request.holder_organisation_id,
        recipient_id=request.requesting_organisation_id,
        person_id=request.person_id,
        purpose=request.purpose,
        categories=categories,
        reasons={c: request.rulings.get(c, {}).get("basis", "") for c in categories},
    )
