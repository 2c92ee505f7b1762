"""Every read of the shelter app. Availability is open to the roles that place victims;
placements go through the audited access layer. Read paths first expire overdue
reservations, so nobody sees a place as reserved after its reservation ran out."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from django.db.models import BooleanField, Case, Count, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from schakel.accounts.models import User
from schakel.core import audit
from schakel.core.access import access_object, audit_shown, visible_queryset
from schakel.core.errors import NotAllowed, NotFound

from . import coverage, geo, matching, workflow
from .choices import FacilityKind, Gender, PlaceStatus
from .models import CareCoordination, Facility, Place, Placement
from .policies import (
    PLACEMENT_POLICY,
    PURPOSE,
    can_view_availability,
    can_view_coverage,
    runs_facility,
)
from .services import expire_reservations, needs_of


@dataclass(frozen=True)
class PlaceRow:
    place: Place
    stale: bool

    @property
    def hours_since_confirmed(self) -> int | None:
        confirmed = self.place.availability_confirmed_at
        return (
            None if confirmed is None else int((timezone.now() - confirmed).total_seconds() // 3600)
        )


def _is_stale(place: Place, now: datetime) -> bool:
    confirmed = place.availability_confirmed_at
    return confirmed is None or now - confirmed > workflow.STALE_AFTER


def _require_availability_reader(actor: User) -> None:
    if not can_view_availability(actor):
        audit.audit_denied(
            actor=actor,
            object_type="shelter.place",
            purpose=PURPOSE,
            reason="may not view availability",
        )
        raise NotAllowed


def availability(
    *, actor: User, now: datetime | None = None, kind: str = "", municipality: str = ""
) -> list[tuple[Facility, list[PlaceRow]]]:
    """Every active facility with its places, nationally (not personal data)."""
    _require_availability_reader(actor)
    now = now or timezone.now()
    expire_reservations(now)
    facilities = Facility.objects.filter(is_active=True).select_related("organisation")
    if kind:
        facilities = facilities.filter(kind=kind)
    if municipality:
        facilities = facilities.filter(municipality__iexact=municipality)
    places = Place.objects.filter(facility__in=facilities, is_active=True).order_by(
        "facility_id", "label"
    )
    by_facility: dict[int, list[PlaceRow]] = {}
    for place in places:
        by_facility.setdefault(place.facility_id, []).append(PlaceRow(place, _is_stale(place, now)))
    return [(f, by_facility.get(f.pk, [])) for f in facilities]


def facilities_run_by(*, actor: User) -> QuerySet[Facility]:
    return Facility.objects.filter(organisation_id=actor.organisation_id, is_active=True)


def facility_for_update(
    *, actor: User, pk: int, now: datetime | None = None
) -> tuple[Facility, list[PlaceRow]]:
    facility = Facility.objects.filter(pk=pk, is_active=True).first()
    if facility is None or not runs_facility(actor, facility):
        audit.audit_denied(
            actor=actor,
            object_type="shelter.facility",
            object_id=pk,
            purpose=PURPOSE,
            reason="not the facility's staff",
        )
        raise NotFound
    now = now or timezone.now()
    expire_reservations(now)
    rows = [
        PlaceRow(p, _is_stale(p, now))
        for p in facility.places.filter(is_active=True).order_by("label")
    ]
    return facility, rows


def _placements() -> QuerySet[Placement]:
    return Placement.objects.select_related("report", "place__facility", "requesting_organisation")


def placement_get(*, actor: User, pk: object) -> Placement:
    expire_reservations()
    return access_object(
        actor=actor, policy=PLACEMENT_POLICY, pk=pk, purpose=PURPOSE, queryset=_placements()
    )


def placements_visible(*, actor: User, limit: int = 50) -> list[Placement]:
    expire_reservations()
    rows = list(
        visible_queryset(
            actor=actor, policy=PLACEMENT_POLICY, purpose=PURPOSE, queryset=_placements()
        )[:limit]
    )
    audit_shown(actor=actor, policy=PLACEMENT_POLICY, purpose=PURPOSE, objects=rows)
    return rows


def _fitting(needs: matching.Needs) -> Q:
    """The hard needs of `matching.fits` as a filter, so the database returns only places that
    can take the person (the ranking checks them again)."""
    fitting = Q(security_level__gte=needs.security_needed)
    if needs.gender != Gender.ANY:
        fitting &= Q(gender_served__in=[Gender.ANY, needs.gender])
    if needs.minor:
        fitting &= Q(accepts_minors=True)
    else:
        fitting &= ~Q(facility__kind=FacilityKind.YOUTH)
    if needs.complex_needs:
        fitting &= Q(complex_needs=True)
    if needs.needs_wheelchair_access:
        fitting &= Q(wheelchair_accessible=True)
    return fitting


# The most a place can score above, and below, what its distance alone gives (+1 for rounding).
SCORE_ABOVE_DISTANCE = matching.LANGUAGE_BONUS + matching.KIND_BONUS
SCORE_BELOW_DISTANCE = (
    matching.STALE_PENALTY + 2 * matching.EXTRA_SECURITY_PENALTY + 1  # security 3 for a 1
)


def _within_reach(places: QuerySet[Place], needs: matching.Needs, limit: int) -> list[str] | None:
    """The municipalities that can hold a place of the best `limit`, or None (no pruning).

    The nearest municipalities holding `limit` fitting places, the farthest of them at d km,
    guarantee that many places scoring at least 100 - d/2 - below; a place farther than
    d + 2 × (above + below) km scores less than that and cannot be among them."""
    origin = geo.centre_of(needs.preferred_municipality)
    if origin is None:
        return None
    counts = places.order_by().values_list("facility__municipality").annotate(n=Count("pk"))
    distances = []
    for municipality, count in counts:
        target = geo.centre_of(municipality)
        if target is None:  # unknown distance: ranked low but not out; keep everything
            return None
        distances.append((geo.haversine_km(origin, target), municipality, count))
    distances.sort()
    seen, farthest = 0, None
    for distance, _municipality, count in distances:
        seen += count
        if seen >= limit:
            farthest = distance
            break
    if farthest is None:
        return None  # fewer fitting places than asked: all of them are shown
    reach = farthest + matching.KM_PER_POINT * (SCORE_ABOVE_DISTANCE + SCORE_BELOW_DISTANCE)
    return [municipality for distance, municipality, _count in distances if distance <= reach]


def free_candidates(
    now: datetime, needs: matching.Needs | None = None, *, best: int | None = None
) -> list[matching.Candidate]:
    """Free places as plain values (no model instances: thousands are read per request); with
    `needs`, only those that fit; with `best` as well, only those that can rank among the best
    `best` (`_within_reach`): the ranking of the result equals that of every fitting place."""
    places = Place.objects.filter(status=PlaceStatus.FREE, is_active=True, facility__is_active=True)
    if needs is not None:
        places = places.filter(_fitting(needs))
        if best:
            reach = _within_reach(places, needs, best)
            if reach is not None:
                places = places.filter(facility__municipality__in=reach)
    stale_before = now - workflow.STALE_AFTER
    # Staleness is decided by the database and languages come as text decoded once per distinct
    # list: parsing a timestamp and a JSON array per place was most of the time (bench_shelter).
    rows = places.annotate(
        languages_text=Cast("languages", output_field=TextField()),
        stale=Case(
            When(
                Q(availability_confirmed_at__isnull=True)
                | Q(availability_confirmed_at__lt=stale_before),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).values_list(
        "pk",
        "facility__name",
        "facility__kind",
        "facility__municipality",
        "gender_served",
        "accepts_minors",
        "complex_needs",
        "wheelchair_accessible",
        "security_level",
        "languages_text",
        "stale",
    )
    # The columns in the order of Candidate's fields.
    return [matching.Candidate(*row[:9], _languages(row[9]), row[10]) for row in rows]


@lru_cache(maxsize=4096)
def _languages(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


def matches_for(
    *, actor: User, placement: Placement, now: datetime | None = None, limit: int = 20
) -> list[matching.Match]:
    """Ranked free places for a placement the actor has already been given (placement_get)."""
    _require_availability_reader(actor)
    now = now or timezone.now()
    needs = needs_of(placement)
    return matching.rank(needs, free_candidates(now, needs, best=limit), limit=limit)


def placement_counts_for_reports(*, report_ids: frozenset[int]) -> tuple[int, int]:
    """How many of these reports led to a placement request / to a placement (arrival at a
    place); counts for the registry's feedback report, no person is shown."""
    placements = Placement.objects.filter(report_id__in=report_ids)
    requested = placements.values("report_id").distinct().count()
    placed = placements.filter(placed_at__isnull=False).values("report_id").distinct().count()
    return requested, placed


# -- care coordination -----------------------------------------------------------------------


def _require_coverage_reader(actor: User) -> None:
    if not can_view_coverage(actor):
        audit.audit_denied(
            actor=actor,
            object_type="shelter.care_coordination",
            purpose=PURPOSE,
            reason="may not view care coordination",
        )
        raise NotAllowed


def coverage_records() -> list[coverage.Record]:
    return [
        coverage.Record(*values)
        for values in CareCoordination.objects.order_by("valid_from", "pk").values_list(
            "municipality", "has_coordinator", "coordinator", "contact", "valid_from", "source"
        )
    ]


def coverage_for(*, actor: User, on: date | None = None) -> coverage.Coverage:
    """Which municipalities have a care coordinator on a date (not personal data)."""
    _require_coverage_reader(actor)
    return coverage.coverage_on(
        geo.municipalities(), coverage_records(), on=on or timezone.localdate()
    )
