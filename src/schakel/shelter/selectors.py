"""Every read of the shelter app. Availability is open to the roles that place victims;
placements go through the audited access layer. Read paths first expire overdue
reservations, so nobody sees a place as reserved after its reservation ran out."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from django.db import connection
from django.db.models import BooleanField, Case, F, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import Combinable, RawSQL
from django.db.models.functions import Cast, StrIndex
from django.db.models.lookups import GreaterThan
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
    if actor.organisation_id is None:  # only the bootstrap superuser, who runs no facility
        return Facility.objects.none()
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


def _place_fits(needs: matching.Needs) -> Q:
    """The hard needs of `matching.fits` that concern the place itself, as a filter."""
    fitting = Q(security_level__gte=needs.security_needed)
    if needs.gender != Gender.ANY:
        fitting &= Q(gender_served__in=[Gender.ANY, needs.gender])
    if needs.minor:
        fitting &= Q(accepts_minors=True)
    if needs.complex_needs:
        fitting &= Q(complex_needs=True)
    if needs.needs_wheelchair_access:
        fitting &= Q(wheelchair_accessible=True)
    return fitting


def _fitting(needs: matching.Needs) -> Q:
    """The hard needs of `matching.fits` as a filter, so the database returns only places that
    can take the person (the ranking checks them again)."""
    fitting = _place_fits(needs)
    if not needs.minor:
        fitting &= ~Q(facility__kind=FacilityKind.YOUTH)
    return fitting


def _stale(stale_before: datetime) -> Case:
    return Case(
        When(
            Q(availability_confirmed_at__isnull=True)
            | Q(availability_confirmed_at__lt=stale_before),
            then=Value(True),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )


# A place's own columns in the order of matching.Candidate's fields after the facility's.
_PLACE_COLUMNS = (
    "gender_served",
    "accepts_minors",
    "complex_needs",
    "wheelchair_accessible",
    "security_level",
    "languages_text",
    "stale",
)


def _for_matching(places: QuerySet[Place], now: datetime) -> QuerySet[Place]:
    """``places`` with their languages as text and their staleness decided by the database."""
    return places.annotate(
        languages_text=Cast("languages", output_field=TextField()),
        stale=_stale(now - workflow.STALE_AFTER),
    )


def free_candidates(now: datetime, needs: matching.Needs | None = None) -> list[matching.Candidate]:
    """Every free place as plain values (no model instances); with `needs`, only those that
    fit. The straightforward path: `best_candidates` gives the same ranking reading far less."""
    places = Place.objects.filter(status=PlaceStatus.FREE, is_active=True, facility__is_active=True)
    if needs is not None:
        places = places.filter(_fitting(needs))
    # Staleness is decided by the database and languages come as text decoded once per distinct
    # list: parsing a timestamp and a JSON array per place was most of the time (bench_shelter).
    rows = _for_matching(places, now).values_list(
        "pk", "facility__name", "facility__kind", "facility__municipality", *_PLACE_COLUMNS
    )
    # The columns in the order of Candidate's fields.
    return [
        matching.Candidate(*row[:9], _languages(row[9]), row[10])  # type: ignore[call-arg]  # row is 11 values
        for row in rows
    ]


@lru_cache(maxsize=4096)
def _languages(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


# -- the best places, ranked in the database --------------------------------------------------
#
# The database scores every fitting place in whole units of 1/UNITS point, from exactly the
# terms of `matching._quick_score` (distance per facility comes from Python: the centroid file
# is not in the database). Python rounds each score to 0.1 point, so a place's database score
# is close to its real score: a place more than MARGIN units below the `limit`-th database
# score is below `limit` places in the real ranking as well. Only the places above that line
# leave the database (the best `limit` and those that may tie with the last of them after
# rounding), and `matching.rank` orders and explains them exactly as it would every place.

UNITS = 20  # per point: every bonus and penalty is a whole number of units
# A database score is off the real one by at most the real score's rounding to 0.1 point
# (0.05 point) plus the rounding of the distance term to a whole unit (0.5 unit; none while
# KM_PER_POINT is 2). A place more than twice that below the `limit`-th cannot reach it.
MARGIN = math.ceil(2 * (0.05 * UNITS + 0.5))


def _units(points: float) -> int:
    units = points * UNITS
    if units != int(units):  # pragma: no cover -- guards a change of the constants
        raise ValueError(f"{points} points is not a whole number of 1/{UNITS} point")
    return int(units)


@lru_cache(maxsize=65536)
def _distance_units(origin: str, municipality: str) -> int:
    """The distance term of the score in units (`matching.rank`: distance rounded to 0.1 km,
    then KM_PER_POINT km per point; an unknown centre costs UNKNOWN_DISTANCE_PENALTY)."""
    start, target = geo.centre_of(origin), geo.centre_of(municipality)
    if start is None:
        return 0
    if target is None:
        return _units(matching.UNKNOWN_DISTANCE_PENALTY)
    distance = round(geo.haversine_km(start, target), 1)
    return round(distance / matching.KM_PER_POINT * UNITS)


def _facility_units(needs: matching.Needs) -> dict[int, tuple[int, tuple[str, str, str]]]:
    """Active facilities that may take the person → (distance and kind terms of the score in
    units, (name, kind, municipality))."""
    suited = matching.suited_kinds(needs)
    facilities = Facility.objects.filter(is_active=True)
    if not needs.minor:
        facilities = facilities.exclude(kind=FacilityKind.YOUTH)
    return {
        pk: (
            (_units(matching.KIND_BONUS) if kind in suited else 0)
            - _distance_units(needs.preferred_municipality, municipality),
            (name, kind, municipality),
        )
        for pk, name, kind, municipality in facilities.order_by().values_list(
            "pk", "name", "kind", "municipality"
        )
    }


def _shares_language(codes: list[str]) -> Q:
    """Places whose languages include one of these plain codes. PostgreSQL asks the jsonb
    array itself (`?|`); elsewhere (SQLite, where the column is JSON text) the text holds
    `"nl"` exactly when "nl" is one of the codes (codes are written lowercased by the
    services, without quotes). A test checks both give the ranking of `matching`."""
    if connection.vendor == "postgresql":
        return Q(languages__has_any_keys=codes)
    shared = Q()
    for code in codes:
        shared |= Q(
            GreaterThan(
                StrIndex(Cast("languages", output_field=TextField()), Value(json.dumps(code))), 0
            )
        )
    return shared


def _place_units(needs: matching.Needs, now: datetime) -> Combinable:
    """The place's own terms of the score in units: shared language, extra security, stale."""
    units = (F("security_level") - needs.security_needed) * Value(
        -_units(matching.EXTRA_SECURITY_PENALTY)
    )
    if needs.languages:
        shared = _shares_language(sorted(set(needs.languages)))
        units += Case(When(shared, then=Value(_units(matching.LANGUAGE_BONUS))), default=Value(0))
    stale = Q(availability_confirmed_at__isnull=True) | Q(
        availability_confirmed_at__lt=now - workflow.STALE_AFTER
    )
    return units - Case(When(stale, then=Value(_units(matching.STALE_PENALTY))), default=Value(0))


def best_candidates(
    now: datetime, needs: matching.Needs, limit: int = 20
) -> list[matching.Candidate]:
    """The fitting free places that can rank among the best `limit`, scored and cut off in the
    database (see above); `matching.rank(needs, result, limit)` equals
    `matching.rank(needs, free_candidates(now, needs), limit)`, in one statement that returns
    about `limit` rows."""
    if not all(code.isascii() and code.isalnum() for code in needs.languages):
        # Not a plain code (the form allows letters only): rank every fitting place.
        return free_candidates(now, needs)
    facilities = _facility_units(needs)
    if not facilities:
        return []
    fitting = (
        Place.objects.filter(status=PlaceStatus.FREE, is_active=True)
        .filter(_place_fits(needs))
        .annotate(units=_place_units(needs, now))
        .order_by()
        .values_list("pk", "facility_id", "units")
    )
    inner, params = fitting.query.sql_with_params()
    # Facility ids and units are integers made here: written into the statement as numbers.
    units = ", ".join(f"({int(pk)}, {int(units)})" for pk, (units, _n) in facilities.items())
    best = RawSQL(  # noqa: S611 -- see above
        f"WITH facility_units (facility_id, units) AS (VALUES {units}), "  # noqa: S608
        f"scored AS (SELECT q.pk AS pk, q.units + f.units AS score FROM ({inner}) q "
        "INNER JOIN facility_units f ON f.facility_id = q.facility_id) "
        "SELECT pk FROM scored WHERE score >= COALESCE("
        "(SELECT score FROM scored ORDER BY score DESC LIMIT 1 OFFSET %s) - %s, %s)",
        (*params, limit - 1, MARGIN, -(10**9)),
    )
    rows = (
        _for_matching(Place.objects.filter(pk__in=best), now)
        .order_by()
        .values_list("pk", "facility_id", *_PLACE_COLUMNS)
    )
    # The place's columns and its facility's in the order of Candidate's fields.
    candidates = []
    for pk, facility, gender, minors, complex_needs, wheelchair, security, languages, stale in rows:
        name, kind, municipality = facilities[facility][1]
        candidates.append(
            matching.Candidate(
                pk,
                name,
                kind,
                municipality,
                gender,
                minors,
                complex_needs,
                wheelchair,
                security,
                _languages(languages),
                stale,
            )
        )
    return candidates


def matches_for(
    *, actor: User, placement: Placement, now: datetime | None = None, limit: int = 20
) -> list[matching.Match]:
    """Ranked free places for a placement the actor has already been given (placement_get)."""
    _require_availability_reader(actor)
    now = now or timezone.now()
    needs = needs_of(placement)
    return matching.rank(needs, best_candidates(now, needs, limit), limit=limit)


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
