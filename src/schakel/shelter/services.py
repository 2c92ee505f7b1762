"""Every write of the shelter app. Authorisation is checked before the transaction opens, so
the audit event of a refusal survives; the change, its history row and its audit event commit
together. A reservation locks the placement and then the place (always in that order) so a
place is never given twice."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import Role
from schakel.core import audit
from schakel.core.errors import NotAllowed, NotFound, ValidationFailed
from schakel.core.models import AuditAction
from schakel.registry import selectors as registry_selectors
from schakel.registry.policies import REPORT_POLICY

from . import geo, matching, workflow
from .choices import (
    DischargeReason,
    FacilityKind,
    Gender,
    PlacementAction,
    PlacementStatus,
    PlaceStatus,
    SecurityLevel,
    Urgency,
)
from .models import (
    RETIRED,
    CareCoordination,
    Facility,
    Place,
    Placement,
    PlacementEvent,
    PlaceStatusChange,
)
from .policies import (
    PURPOSE,
    can_maintain_coverage,
    is_shelter_staff,
    may_request,
    runs_facility,
)

PLACE_TYPE = "shelter.place"
PLACEMENT_TYPE = "shelter.placement"
SETTABLE_AVAILABILITY = frozenset({PlaceStatus.FREE, PlaceStatus.UNAVAILABLE})


def _deny(
    actor: User | None, *, object_type: str, object_id: object = "", reason: str
) -> NotAllowed:
    audit.audit_denied(
        actor=actor, object_type=object_type, object_id=object_id, purpose=PURPOSE, reason=reason
    )
    return NotAllowed()


def _record_statuses(places: list[Place], now: datetime, status: str = "") -> None:
    """History of place status (occupancy over time); inside the caller's transaction."""
    PlaceStatusChange.objects.bulk_create(
        PlaceStatusChange(
            place=p, facility_id=p.facility_id, status=status or p.status, occurred_at=now
        )
        for p in places
    )


# -- facilities and places (no personal data) -----------------------------------------------


def facility_create(
    *, actor: User | None, organisation: Organisation, name: str, municipality: str, kind: str
) -> Facility:
    """Register a facility; by a system admin (actor None: set-up and demo) or its own staff."""
    if actor is not None and not (
        actor.has_role(Role.SYSTEM_ADMIN)
        or (is_shelter_staff(actor) and actor.organisation_id == organisation.pk)
    ):
        raise _deny(actor, object_type="shelter.facility", reason="not the facility's staff")
    if kind not in FacilityKind.values:
        raise ValidationFailed(_("Kies een soort opvang."), field="kind")
    centre = geo.centre_of(municipality)
    if centre is None:
        raise ValidationFailed(
            _("Onbekende gemeente: %(m)s.") % {"m": municipality}, field="municipality"
        )
    with transaction.atomic():
        facility = Facility.objects.create(
            organisation=organisation,
            name=name.strip(),
            municipality=centre.municipality,
            kind=kind,
        )
        audit.audit_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="shelter.facility",
            object_id=facility.pk,
            purpose=PURPOSE,
            details={"kind": kind, "municipality": municipality},
        )
    return facility


def place_create(
    *,
    actor: User | None,
    facility: Facility,
    label: str,
    now: datetime | None = None,
    **attributes: Any,
) -> Place:
    if actor is not None and not runs_facility(actor, facility):
        raise _deny(actor, object_type=PLACE_TYPE, reason="not the facility's staff")
    now = now or timezone.now()
    languages = sorted({str(code).strip().lower() for code in attributes.pop("languages", [])})
    with transaction.atomic():
        place = Place.objects.create(
            facility=facility,
            label=label,
            languages=languages,
            availability_confirmed_at=now,
            **attributes,
        )
        _record_statuses([place], now)
        audit.audit_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=PLACE_TYPE,
            object_id=place.pk,
            purpose=PURPOSE,
            details={"facility": facility.pk},
        )
    return place


def availability_update(
    *, actor: User, facility_id: int, statuses: Mapping[int, str], now: datetime | None = None
) -> int:
    """One action: set free/unavailable per place and confirm the availability of every place
    of the facility. Reserved and occupied places are changed only by the placement workflow."""
    now = now or timezone.now()
    facility = Facility.objects.filter(pk=facility_id).first()
    if facility is None or not runs_facility(actor, facility):
        raise _deny(
            actor,
            object_type="shelter.facility",
            object_id=facility_id,
            reason="not the facility's staff",
        )
    with transaction.atomic():
        places = {
            p.pk: p
            for p in Place.objects.select_for_update().filter(facility=facility, is_active=True)
        }
        changed: dict[str, str] = {}
        changed_places: list[Place] = []
        for place_id, status in statuses.items():
            place = places.get(int(place_id))
            if place is None:
                raise ValidationFailed(_("Onbekende plaats."), field=f"place_{place_id}")
            if status == place.status:
                continue
            if status not in SETTABLE_AVAILABILITY or place.status not in SETTABLE_AVAILABILITY:
                raise ValidationFailed(
                    _("Plaats %(label)s is %(status)s; dat verandert alleen via de plaatsing.")
                    % {"label": place.label, "status": PlaceStatus(place.status).label},
                    field=f"place_{place_id}",
                )
            place.status = status
            changed[place.label] = status
            changed_places.append(place)
        _record_statuses(changed_places, now)
        for place in places.values():
            place.availability_confirmed_at = now
        Place.objects.bulk_update(places.values(), ["status", "availability_confirmed_at"])
        audit.audit_change(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="shelter.facility",
            object_id=facility.pk,
            purpose=PURPOSE,
            details={"confirmed_places": len(places), "changed": changed},
        )
    return len(places)


MAX_CAPACITY = 500


def _next_labels(taken: set[str], count: int) -> list[str]:
    labels: list[str] = []
    number = 1
    while len(labels) < count:
        if str(number) not in taken:
            labels.append(str(number))
        number += 1
    return labels


def capacity_change(
    *, actor: User, facility_id: int, capacity: object, now: datetime | None = None
) -> int:
    """Set how many places a facility has. New places are free and copy the attributes of the
    facility's last place; removed places are taken from unavailable, then free ones, and kept
    (inactive) for their history. A capacity below the places in use is refused."""
    now = now or timezone.now()
    facility = Facility.objects.filter(pk=facility_id).first()
    if facility is None or not runs_facility(actor, facility):
        raise _deny(
            actor,
            object_type="shelter.facility",
            object_id=facility_id,
            reason="not the facility's staff",
        )
    try:
        wanted = int(str(capacity).strip())
    except ValueError:
        wanted = -1
    if not 0 <= wanted <= MAX_CAPACITY:
        raise ValidationFailed(
            _("Geef de capaciteit als een geheel getal van 0 tot en met %(max)d.")
            % {"max": MAX_CAPACITY},
            field="capacity",
        )
    with transaction.atomic():
        every = list(Place.objects.select_for_update().filter(facility=facility).order_by("pk"))
        active = [p for p in every if p.is_active]
        in_use = [p for p in active if p.status in (PlaceStatus.OCCUPIED, PlaceStatus.RESERVED)]
        if wanted < len(in_use):
            raise ValidationFailed(
                _(
                    "De capaciteit kan niet lager dan %(n)d: zoveel plaatsen zijn bezet of "
                    "gereserveerd."
                )
                % {"n": len(in_use)},
                field="capacity",
            )
        before = len(active)
        if wanted > before:
            model = active[-1] if active else None
            copied = (
                {
                    "gender_served": model.gender_served,
                    "accepts_minors": model.accepts_minors,
                    "complex_needs": model.complex_needs,
                    "wheelchair_accessible": model.wheelchair_accessible,
                    "security_level": model.security_level,
                    "languages": model.languages,
                }
                if model
                else {}
            )
            added = Place.objects.bulk_create(
                Place(facility=facility, label=label, availability_confirmed_at=now, **copied)
                for label in _next_labels({p.label for p in every}, wanted - before)
            )
            if added and added[0].pk is None:  # backends that return no ids
                added = list(
                    Place.objects.filter(facility=facility, label__in=[p.label for p in added])
                )
            _record_statuses(added, now)
        elif wanted < before:
            removable = [p for p in active if p not in in_use]
            removable.sort(key=lambda p: (p.status != PlaceStatus.UNAVAILABLE, -p.pk))
            retired = removable[: before - wanted]
            for place in retired:
                place.is_active, place.status, place.reserved_until = (
                    False,
                    PlaceStatus.UNAVAILABLE,
                    None,
                )
            Place.objects.bulk_update(retired, ["is_active", "status", "reserved_until"])
            _record_statuses(retired, now, RETIRED)
        audit.audit_change(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="shelter.facility",
            object_id=facility.pk,
            purpose=PURPOSE,
            details={"capacity_from": before, "capacity_to": wanted},
        )
    return wanted


# -- placements (personal data: they name a report) -----------------------------------------


def _clean_needs(data: Mapping[str, Any]) -> dict[str, Any]:
    gender = data.get("gender", "")
    if gender not in Gender.values:
        raise ValidationFailed(_("Kies het geslacht waarvoor opvang nodig is."), field="gender")
    urgency = data.get("urgency", "")
    if urgency not in Urgency.values:
        raise ValidationFailed(_("Kies de urgentie."), field="urgency")
    try:
        security = int(data.get("security_needed") or SecurityLevel.STANDARD)
    except (TypeError, ValueError):
        security = 0
    if security not in SecurityLevel.values:
        raise ValidationFailed(_("Kies een veiligheidsniveau."), field="security_needed")
    municipality = str(data.get("preferred_municipality") or "").strip()
    if municipality and geo.centre_of(municipality) is None:
        raise ValidationFailed(
            _("Onbekende gemeente: %(m)s.") % {"m": municipality}, field="preferred_municipality"
        )
    languages = data.get("languages") or []
    if isinstance(languages, str):
        languages = languages.replace(";", ",").split(",")
    codes = sorted({c.strip().lower() for c in languages if c.strip()})
    if any(len(c) != 2 or not c.isalpha() for c in codes):
        raise ValidationFailed(
            _("Geef talen als tweeletterige codes, bijvoorbeeld nl, en, ro."), field="languages"
        )
    centre = geo.centre_of(municipality)
    return {
        "gender": gender,
        "urgency": urgency,
        "security_needed": security,
        "minor": bool(data.get("minor")),
        "complex_needs": bool(data.get("complex_needs")),
        "needs_wheelchair_access": bool(data.get("needs_wheelchair_access")),
        "preferred_municipality": centre.municipality if centre else "",
        "languages": codes,
    }


def placement_request(
    *,
    actor: User,
    report_number: str,
    needs: Mapping[str, Any],
    now: datetime | None = None,
) -> Placement:
    """Open a placement request for the victim of a report the actor may see. ``now`` is when
    it was requested (a past time only for recorded history, such as the demo data)."""
    if not may_request(actor):
        raise _deny(actor, object_type=PLACEMENT_TYPE, reason="may not request placements")
    organisation_id = actor.organisation_id
    if organisation_id is None:  # only the bootstrap superuser has none
        raise _deny(actor, object_type=PLACEMENT_TYPE, reason="no organisation")
    try:
        report = registry_selectors.report_get_by_number(actor=actor, number=report_number)
    except NotFound:
        raise ValidationFailed(
            _("Geen melding met dit nummer gevonden, of u heeft er geen toegang toe."),
            field="report_number",
        ) from None
    values = _clean_needs(needs)
    with transaction.atomic():
        placement = Placement.objects.create(
            report=report,
            requested_by=actor,
            requesting_organisation_id=organisation_id,
            **values,
        )
        if now is not None:  # created_at is set on insert; a given request time replaces it
            placement.created_at = now
            Placement.objects.filter(pk=placement.pk).update(created_at=now)
        audit.audit_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=PLACEMENT_TYPE,
            object_id=placement.pk,
            purpose=PURPOSE,
            subject_person_id=REPORT_POLICY.subject_of(report),
            details={"report": report.number, "urgency": values["urgency"]},
        )
    return placement


def needs_of(placement: Placement) -> matching.Needs:
    return matching.Needs(
        gender=placement.gender,
        minor=placement.minor,
        security_needed=placement.security_needed,
        complex_needs=placement.complex_needs,
        needs_wheelchair_access=placement.needs_wheelchair_access,
        preferred_municipality=placement.preferred_municipality,
        languages=tuple(placement.languages),
    )


def candidate_of(place: Place, now: datetime) -> matching.Candidate:
    confirmed = place.availability_confirmed_at
    return matching.Candidate(
        place_id=place.pk,
        facility_name=place.facility.name,
        facility_kind=place.facility.kind,
        municipality=place.facility.municipality,
        gender_served=place.gender_served,
        accepts_minors=place.accepts_minors,
        complex_needs=place.complex_needs,
        wheelchair_accessible=place.wheelchair_accessible,
        security_level=place.security_level,
        languages=tuple(place.languages),
        stale=confirmed is None or now - confirmed > workflow.STALE_AFTER,
    )


def roles_towards(actor: User | None, placement: Placement) -> set[str]:
    if actor is None:
        return {workflow.Actor.SYSTEM}
    who: set[str] = set()
    if actor.has_role(Role.REGISTRAR) or (
        actor.has_role(Role.CASE_WORKER)
        and actor.organisation_id == placement.requesting_organisation_id
    ):
        who.add(workflow.Actor.REQUESTER)
    if placement.place is not None and runs_facility(actor, placement.place.facility):
        who.add(workflow.Actor.SHELTER)
    return who


def _refuse(message: str, field: str = "action") -> ValidationFailed:
    return ValidationFailed(message, field=field)


def _reserve(placement: Placement, place_id: int | None, now: datetime) -> Place:
    if place_id is None:
        raise _refuse(_("Kies een plaats om te reserveren."), "place")
    # The lock: a second reservation of this place waits here until the first commits, and
    # then sees the place is no longer free.
    place = Place.objects.select_for_update().select_related("facility").filter(pk=place_id).first()
    if place is None or not place.facility.is_active or not place.is_active:
        raise _refuse(_("Deze plaats bestaat niet."), "place")
    if place.status != PlaceStatus.FREE:
        raise _refuse(
            _("Deze plaats is niet vrij (%(status)s).")
            % {"status": PlaceStatus(place.status).label},
            "place",
        )
    excluded = matching.exclusion_reason(needs_of(placement), candidate_of(place, now))
    if excluded:
        raise _refuse(_("Deze plaats past niet bij het verzoek: %(r)s.") % {"r": excluded}, "place")
    placement.place = place
    placement.reserved_until = now + timedelta(hours=workflow.RESERVATION_HOURS)
    return place


def _check_timing_and_reason(placement: Placement, action: str, reason: str, now: datetime) -> None:
    expired = (
        placement.status == PlacementStatus.RESERVED
        and placement.reserved_until is not None
        and placement.reserved_until <= now
    )
    if expired and action != PlacementAction.EXPIRE:
        raise _refuse(_("De reservering is verlopen; reserveer opnieuw."))
    if action == PlacementAction.EXPIRE and not expired:
        raise _refuse(_("De reservering is nog niet verlopen."))
    if action == PlacementAction.DISCHARGE and reason not in DischargeReason.values:
        raise _refuse(_("Kies een reden van uitstroom."), "discharge_reason")


def placement_transition(
    *,
    actor: User | None,
    pk: int,
    action: str,
    place_id: int | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> Placement:
    """Take one step of the workflow table; refusals name the reason."""
    now = now or timezone.now()
    current = Placement.objects.select_related("place__facility").filter(pk=pk).first()
    if current is None:
        raise NotFound
    if action not in PlacementAction.values:
        raise _refuse(_("Onbekende handeling."))
    step = workflow.TRANSITIONS.get((current.status, action))
    if step is not None and step[1] not in roles_towards(actor, current):
        raise _deny(
            actor,
            object_type=PLACEMENT_TYPE,
            object_id=pk,
            reason=f"may not {action} as {sorted(roles_towards(actor, current))}",
        )
    with transaction.atomic():
        placement = Placement.objects.select_for_update().get(pk=pk)
        from_status = placement.status
        step = workflow.TRANSITIONS.get((from_status, action))
        if step is None:
            raise _refuse(
                _("Dit kan niet bij een verzoek met status '%(status)s'.")
                % {"status": PlacementStatus(from_status).label}
            )
        to_status = step[0]
        _check_timing_and_reason(placement, action, reason, now)
        place: Place | None = None
        if action == PlacementAction.RESERVE:
            place = _reserve(placement, place_id, now)
        elif placement.place_id is not None:
            place = Place.objects.select_for_update().get(pk=placement.place_id)
        if place is not None:
            previous_place_status = place.status
            place.status = workflow.PLACE_STATUS_FOR[to_status]
            reserved = place.status == PlaceStatus.RESERVED
            place.reserved_until = placement.reserved_until if reserved else None
            place.save(update_fields=["status", "reserved_until"])
            if place.status != previous_place_status:
                _record_statuses([place], now)
        placement.status = to_status
        if to_status == PlacementStatus.OCCUPIED:
            placement.placed_at = now
        if to_status == PlacementStatus.DISCHARGED:
            placement.discharged_at, placement.discharge_reason = now, reason
        if to_status == PlacementStatus.OPEN:
            placement.place, placement.reserved_until = None, None
        placement.save()
        PlacementEvent.objects.create(
            placement=placement,
            action=action,
            from_status=from_status,
            to_status=to_status,
            place=place,
            actor=actor,
            reason=reason,
            occurred_at=now,
        )
        audit.audit_change(
            actor=actor,
            action=AuditAction.TRANSITION,
            object_type=PLACEMENT_TYPE,
            object_id=placement.pk,
            purpose=PURPOSE,
            details={
                "action": action,
                "from": from_status,
                "to": to_status,
                "place": place.pk if place else None,
                "reason": reason,
            },
        )
    return placement


def expire_reservations(now: datetime | None = None) -> int:
    """Return every unconfirmed reservation past its expiry to the open queue; run on read
    paths and by `schakel shelter expire`. Safe to run concurrently."""
    now = now or timezone.now()
    due = Placement.objects.filter(status=PlacementStatus.RESERVED, reserved_until__lte=now)
    expired = 0
    for pk in due.values_list("pk", flat=True):
        try:
            placement_transition(actor=None, pk=pk, action=PlacementAction.EXPIRE, now=now)
        except ValidationFailed:  # confirmed or expired by someone else meanwhile
            continue
        expired += 1
    return expired


# -- care coordination (no personal data: organisations and their function addresses) --------

COVERAGE_TYPE = "shelter.care_coordination"
EARLIEST_VALID_FROM = date(2000, 1, 1)
LATEST_VALID_FROM_AHEAD = timedelta(days=366)


def _text(data: Mapping[str, Any], name: str, limit: int = 200) -> str:
    value = str(data.get(name) or "").strip()
    if len(value) > limit:
        raise ValidationFailed(
            _("Ten hoogste %(n)d tekens.") % {"n": limit},
            field=name,
        )
    return value


def _valid_from(value: object, today: date) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise ValidationFailed(
                _("Geef een datum, bijvoorbeeld 2026-01-01."), field="valid_from"
            ) from None
    if not EARLIEST_VALID_FROM <= value <= today + LATEST_VALID_FROM_AHEAD:
        raise ValidationFailed(
            _("Kies een datum tussen 2000 en een jaar vooruit."), field="valid_from"
        )
    return value


def care_coordination_record(
    *, actor: User | None, data: Mapping[str, Any], today: date | None = None
) -> CareCoordination:
    """Record from a date whether a municipality has a care coordinator, and who. Nothing is
    overwritten: the new record supersedes earlier ones from its date. By the registrar or
    care coordination (actor None: set-up and demo)."""
    if actor is not None and not can_maintain_coverage(actor):
        raise _deny(actor, object_type=COVERAGE_TYPE, reason="may not maintain coverage")
    today = today or timezone.localdate()
    centre = geo.municipality_of(str(data.get("municipality") or "").strip())
    if centre is None:
        raise ValidationFailed(_("Kies een gemeente uit de lijst."), field="municipality")
    has_coordinator = bool(data.get("has_coordinator"))
    coordinator = _text(data, "coordinator")
    if has_coordinator and not coordinator:
        raise ValidationFailed(
            _("Noem de organisatie die de zorgcoördinatie doet."), field="coordinator"
        )
    source = _text(data, "source")
    if not source:
        raise ValidationFailed(
            _("Noem de bron (bijvoorbeeld een convenant of een brief)."), field="source"
        )
    valid_from = _valid_from(data.get("valid_from"), today)
    values = {
        "municipality": centre.municipality,
        "has_coordinator": has_coordinator,
        "coordinator": coordinator if has_coordinator else "",
        "contact": _text(data, "contact") if has_coordinator else "",
        "valid_from": valid_from,
        "source": source,
    }
    with transaction.atomic():
        record = CareCoordination.objects.create(recorded_by=actor, **values)
        audit.audit_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=COVERAGE_TYPE,
            object_id=record.pk,
            purpose=PURPOSE,
            details={**values, "valid_from": valid_from.isoformat()},
        )
    return record
