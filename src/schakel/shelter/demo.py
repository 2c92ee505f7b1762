"""Demo data of the shelter app, all synthetic and idempotent:

- care-coordination coverage that gives the figure of the 2020 letter to parliament (94%);
- shelter organisations with facilities of every kind spread over the country, and places;
- about six months of placements for demo reports, taken through the real workflow
  (request → reserve → confirm → arrive → discharge) with past times, so the history rows,
  the place-status history behind the occupancy figures and the audit trail are written as in
  real use, and every figure page shows plausible numbers.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from schakel.accounts import services as account_services
from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import OrganisationKind, Role
from schakel.core import audit
from schakel.core.errors import ValidationFailed
from schakel.registry import selectors as registry_selectors

from . import geo, services, workflow
from .choices import (
    DischargeReason,
    FacilityKind,
    Gender,
    PlacementAction,
    PlaceStatus,
    SecurityLevel,
    Urgency,
)
from .models import CareCoordination, Facility, Place, Placement

DEMO_VALID_FROM = date(2020, 1, 1)
DEMO_SOURCE = "Demo-gegevens (de Kamerbrief van 2020 noemt een landelijke dekking van 94%)"
# 20 of the 342 municipalities without care coordination: 322/342 = 94.2%.
DEMO_UNCOVERED = (
    "Vlieland", "Terschelling", "Ameland", "Schiermonnikoog", "Texel", "Rozendaal",
    "Renswoude", "Baarle-Nassau", "Reusel-De Mierden", "Noord-Beveland", "Urk",
    "Mook en Middelaar", "Simpelveld", "Westerwolde", "Pekela", "Opmeer", "Staphorst",
    "Oudewater", "Scherpenzeel", "Vaals",
)  # fmt: skip


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.casefold()).strip("-")


def coverage_demo_load() -> int:
    """Record coverage for every municipality that has none yet; returns how many."""
    if CareCoordination.objects.exists():
        return 0
    count = 0
    for centre in geo.municipalities():
        covered = centre.municipality not in DEMO_UNCOVERED
        services.care_coordination_record(
            actor=None,
            data={
                "municipality": centre.municipality,
                "has_coordinator": covered,
                "coordinator": f"Zorgcoördinatie mensenhandel {centre.province} (demo)",
                "contact": f"zorgcoordinatie-{_slug(centre.province)}@demo.invalid",
                "valid_from": DEMO_VALID_FROM,
                "source": DEMO_SOURCE,
            },
        )
        count += 1
    return count


# -- facilities and places ------------------------------------------------------------------

DEMO_PASSWORD = "schakel-demo-2026"  # noqa: S105 -- the same synthetic password as core.demo
# organisation, municipality, username of its case worker (the first exists in core.demo)
SHELTER_ORGANISATIONS: list[tuple[str, str, str]] = [
    ("Opvang De Haven (demo)", "Zwolle", "opvang"),
    ("Stichting Veilige Opvang Zuid (demo)", "Eindhoven", "opvang.zuid"),
    ("Jeugd- en Vrouwenopvang West (demo)", "Rotterdam", "opvang.west"),
]
HAVEN, ZUID, WEST = (org for org, _m, _u in SHELTER_ORGANISATIONS)

# name, municipality, kind, organisation, number of places
DEMO_FACILITIES: list[tuple[str, str, str, str, int]] = [
    ("COSM Amsterdam (demo)", "Amsterdam", FacilityKind.COSM, HAVEN, 4),
    ("COSM Zwolle (demo)", "Zwolle", FacilityKind.COSM, HAVEN, 4),
    ("COSM Eindhoven (demo)", "Eindhoven", FacilityKind.COSM, ZUID, 3),
    ("COSM Rotterdam (demo)", "Rotterdam", FacilityKind.COSM, WEST, 3),
    ("Vrouwenopvang Utrecht (demo)", "Utrecht", FacilityKind.WOMEN, HAVEN, 3),
    ("Vrouwenopvang Groningen (demo)", "Groningen", FacilityKind.WOMEN, HAVEN, 2),
    ("Vrouwenopvang Den Haag (demo)", "'s-Gravenhage", FacilityKind.WOMEN, WEST, 3),
    ("Vrouwenopvang Maastricht (demo)", "Maastricht", FacilityKind.WOMEN, ZUID, 2),
    ("Vrouwenopvang Arnhem (demo)", "Arnhem", FacilityKind.WOMEN, HAVEN, 2),
    ("Mannenopvang Amsterdam (demo)", "Amsterdam", FacilityKind.MEN, HAVEN, 3),
    ("Mannenopvang Leeuwarden (demo)", "Leeuwarden", FacilityKind.MEN, HAVEN, 2),
    ("Mannenopvang Tilburg (demo)", "Tilburg", FacilityKind.MEN, ZUID, 3),
    ("Mannenopvang Nijmegen (demo)", "Nijmegen", FacilityKind.MEN, ZUID, 2),
    ("Jongerenopvang Rotterdam (demo)", "Rotterdam", FacilityKind.YOUTH, WEST, 2),
    ("Jongerenopvang Enschede (demo)", "Enschede", FacilityKind.YOUTH, HAVEN, 2),
    ("Jongerenopvang Breda (demo)", "Breda", FacilityKind.YOUTH, ZUID, 2),
    ("Jongerenopvang Almere (demo)", "Almere", FacilityKind.YOUTH, WEST, 2),
    ("Beschermde opvang Noord (demo)", "Assen", FacilityKind.SAFE_HOUSE, HAVEN, 2),
    ("Beschermde opvang Zeeland (demo)", "Middelburg", FacilityKind.SAFE_HOUSE, ZUID, 2),
    ("Beschermde opvang Kennemerland (demo)", "Haarlem", FacilityKind.SAFE_HOUSE, WEST, 2),
    ("Algemene opvang Leiden (demo)", "Leiden", FacilityKind.GENERAL, WEST, 2),
    ("Algemene opvang Amersfoort (demo)", "Amersfoort", FacilityKind.GENERAL, HAVEN, 2),
    ("Algemene opvang Den Bosch (demo)", "'s-Hertogenbosch", FacilityKind.GENERAL, ZUID, 2),
    ("Algemene opvang Venlo (demo)", "Venlo", FacilityKind.GENERAL, ZUID, 2),
    ("Algemene opvang Lelystad (demo)", "Lelystad", FacilityKind.GENERAL, WEST, 2),
]

# What a place of each kind is like: who it serves, minors, security, languages.
PLACE_PROFILE: dict[str, dict[str, object]] = {
    FacilityKind.COSM: {
        "gender_served": Gender.ANY,
        "security_level": SecurityLevel.ELEVATED,
        "languages": ["nl", "en", "ro", "bg", "pl"],
    },
    FacilityKind.WOMEN: {
        "gender_served": Gender.FEMALE,
        "security_level": SecurityLevel.ELEVATED,
        "languages": ["nl", "en", "es"],
    },
    FacilityKind.MEN: {
        "gender_served": Gender.MALE,
        "security_level": SecurityLevel.STANDARD,
        "languages": ["nl", "en", "pl", "ro"],
    },
    FacilityKind.YOUTH: {
        "gender_served": Gender.ANY,
        "accepts_minors": True,
        "security_level": SecurityLevel.ELEVATED,
        "languages": ["nl", "en", "fr"],
    },
    FacilityKind.SAFE_HOUSE: {
        "gender_served": Gender.FEMALE,
        "security_level": SecurityLevel.SECRET_ADDRESS,
        "complex_needs": True,
        "languages": ["nl", "en"],
    },
    FacilityKind.GENERAL: {
        "gender_served": Gender.ANY,
        "security_level": SecurityLevel.STANDARD,
        "languages": ["nl", "en"],
    },
}

HISTORY_DAYS = 183  # about six months of placements
SEED = 2026


def _acting(user: User) -> User:
    """The demo loader acts as this user, as if they confirmed a second factor (as the
    registry's import command does)."""
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    return user


def _shelter_staff() -> dict[str, User]:
    """Each demo shelter organisation and one case worker of it, created when missing."""
    staff = {}
    for org_name, municipality, username in SHELTER_ORGANISATIONS:
        organisation = Organisation.objects.filter(name=org_name).first()
        if organisation is None:
            organisation = account_services.organisation_create(
                actor=None,
                name=org_name,
                kind=OrganisationKind.SHELTER,
                municipality=municipality,
                region=geo.centre_of(municipality).province,  # type: ignore[union-attr]
            )
        user = User.objects.filter(username=username).first()
        if user is None:
            user = account_services.user_create(
                actor=None,
                organisation=organisation,
                username=username,
                password=DEMO_PASSWORD,
                roles=(Role.CASE_WORKER,),
                first_name="Demo",
                last_name=org_name.removesuffix(" (demo)"),
                email=f"{username}@demo.invalid",
            )
        staff[org_name] = _acting(user)
    return staff


def facilities_demo_load(*, now: datetime | None = None) -> int:
    """Create the demo facilities and their places (in use from before the history starts);
    returns how many facilities were created."""
    now = now or timezone.now()
    opened = now - timedelta(days=HISTORY_DAYS + 14)
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=[HAVEN, ZUID, WEST])}
    existing = set(Facility.objects.filter(name__endswith="(demo)").values_list("name", flat=True))
    created = 0
    for index, (name, municipality, kind, org_name, capacity) in enumerate(DEMO_FACILITIES):
        if name in existing:
            continue
        facility = services.facility_create(
            actor=None,
            organisation=organisations[org_name],
            name=name,
            municipality=municipality,
            kind=kind,
        )
        for number in range(1, capacity + 1):
            attributes = dict(PLACE_PROFILE[kind])
            # Some variety: the first place of every other facility is wheelchair accessible,
            # the last of every third takes complex needs.
            attributes["wheelchair_accessible"] = number == 1 and index % 2 == 0
            if number == capacity and index % 3 == 0:
                attributes["complex_needs"] = True
            services.place_create(
                actor=None, facility=facility, label=str(number), now=opened, **attributes
            )
        created += 1
    return created


# -- placement history --------------------------------------------------------------------------

REASON_WEIGHTS = (
    (DischargeReason.MOVED_ON, 50),
    (DischargeReason.LEFT, 22),
    (DischargeReason.RETURNED, 16),
    (DischargeReason.OTHER, 12),
)
URGENCY_WEIGHTS = ((Urgency.IMMEDIATE, 45), (Urgency.DAYS, 35), (Urgency.WEEK, 20))
# Facilities that take one stay per place early on and then stay empty: the under-occupancy
# page lists them (free for more than two weeks).
QUIET_FACILITIES = frozenset({"Algemene opvang Venlo (demo)", "Mannenopvang Leeuwarden (demo)"})


@dataclass
class _Reports:
    """Demo reports by date, each handed out once (while they last)."""

    numbers: list[tuple[date, str]]
    used: set[str]

    def before(self, day: date, rng: random.Random) -> str | None:
        fitting = [n for d, n in self.numbers if d <= day and n not in self.used]
        if not fitting:
            fitting = [n for d, n in self.numbers if d <= day]
        if not fitting:
            return None
        number = rng.choice(fitting[-40:])  # a recent report, as placement follows soon
        self.used.add(number)
        return number


_T = TypeVar("_T")


def _weighted(rng: random.Random, weights: Sequence[tuple[_T, int]]) -> _T:
    """One value drawn with the given weights (a table of value, weight pairs)."""
    return rng.choices([value for value, _ in weights], [weight for _, weight in weights])[0]


def _needs(kind: str, rng: random.Random) -> dict[str, object]:
    gender_of_kind: dict[str, Gender] = {
        FacilityKind.WOMEN: Gender.FEMALE,
        FacilityKind.SAFE_HOUSE: Gender.FEMALE,
        FacilityKind.MEN: Gender.MALE,
    }
    gender = gender_of_kind.get(kind) or rng.choice([Gender.FEMALE, Gender.FEMALE, Gender.MALE])
    return {
        "gender": gender,
        "urgency": _weighted(rng, URGENCY_WEIGHTS),
        "minor": kind == FacilityKind.YOUTH,
        "security_needed": SecurityLevel.SECRET_ADDRESS
        if kind == FacilityKind.SAFE_HOUSE
        else SecurityLevel.STANDARD,
        "languages": rng.choice([["nl"], ["en"], ["ro"], ["en", "pl"], []]),
    }


def _stay(
    *,
    requester: User,
    shelter: User,
    place: Place,
    number: str,
    requested: datetime,
    until: datetime,
    rng: random.Random,
    quiet: bool,
) -> datetime:
    """One request taken as far through the workflow as `until` allows; returns when the
    place is free again."""
    needs = _needs(place.facility.kind, rng)
    placement = services.placement_request(
        actor=requester, report_number=number, needs=needs, now=requested
    )
    step = requested + timedelta(hours=rng.choice([1, 2, 3, 6, 20, 30, 50, 75, 120]))
    if step >= until:
        return until
    move = services.placement_transition

    def act(actor: User | None, action: str, at: datetime, reason: str = "") -> None:
        move(actor=actor, pk=placement.pk, action=action, place_id=place.pk, reason=reason, now=at)

    act(requester, PlacementAction.RESERVE, step)
    if rng.random() < 0.06:  # not confirmed in time: expires, then reserved again next day
        expiry = step + timedelta(hours=workflow.RESERVATION_HOURS, minutes=5)
        step = expiry + timedelta(hours=18)
        if step >= until:
            return until
        act(None, PlacementAction.EXPIRE, expiry)
        act(requester, PlacementAction.RESERVE, step)
    step += timedelta(hours=rng.uniform(0.5, 3))
    if step >= until:
        return until
    act(shelter, PlacementAction.CONFIRM, step)
    step += timedelta(hours=rng.uniform(2, 30))
    if step >= until:
        return until
    act(shelter, PlacementAction.ARRIVE, step)
    step += timedelta(days=rng.uniform(30, 140))
    if step >= until:
        return until
    reason = _weighted(rng, REASON_WEIGHTS)
    act(shelter, PlacementAction.DISCHARGE, step, reason)
    # A quiet facility takes no one after its first stays, so it shows as under-occupied.
    return until if quiet else step + timedelta(days=rng.uniform(2, 16))


def placements_demo_load(*, now: datetime | None = None, seed: int = SEED) -> int:
    """About six months of placements at the demo facilities for demo reports; returns how
    many requests were made (0 when they were loaded before or there are no reports)."""
    now = now or timezone.now()
    requester = User.objects.filter(username="registrator").first()
    staff = {
        u.organisation_id: u for u in _shelter_staff().values() if u.organisation_id is not None
    }
    places = list(
        Place.objects.filter(facility__name__endswith="(demo)", is_active=True)
        .select_related("facility")
        .order_by("facility__name", "pk")
    )
    if requester is None or not places:
        return 0
    if Placement.objects.filter(place__in=places).exists():
        return 0  # loaded before
    requester = _acting(requester)
    found, _total = registry_selectors.reports_visible(actor=requester, limit=1000)
    reports = _Reports(sorted((r.reported_on, r.number) for r in found if r.number), set())
    if not reports.numbers:
        return 0
    rng = random.Random(seed)  # noqa: S311 -- synthetic demo data, not security
    start = now - timedelta(days=HISTORY_DAYS)
    made = 0
    # One transaction; the audit events are chained in one step at its end (audit.batch),
    # each keeping its own timestamp.
    with transaction.atomic(), audit.batch():
        for place in places:
            quiet = place.facility.name in QUIET_FACILITIES
            shelter = staff[place.facility.organisation_id]
            free_from = start + timedelta(days=rng.uniform(0, 25))
            while free_from < now:
                number = reports.before(timezone.localtime(free_from).date(), rng)
                if number is None:
                    free_from += timedelta(days=7)
                    continue
                free_from = _stay(
                    requester=requester,
                    shelter=shelter,
                    place=place,
                    number=number,
                    requested=free_from,
                    until=now,
                    rng=rng,
                    quiet=quiet,
                )
                made += 1
        made += _open_and_cancelled(requester, reports, now, rng)
        _confirm_availability(places, staff, now)
    return made


def _open_and_cancelled(
    requester: User, reports: _Reports, now: datetime, rng: random.Random
) -> int:
    """A few requests still looking for a place, and a few withdrawn ones."""
    made = 0
    for days_ago, cancel in ((40, True), (75, True), (2, False), (1, False), (0.2, False)):
        at = now - timedelta(days=days_ago)
        number = reports.before(timezone.localtime(at).date(), rng)
        if number is None:
            continue
        placement = services.placement_request(
            actor=requester, report_number=number, needs=_needs(FacilityKind.COSM, rng), now=at
        )
        if cancel:
            services.placement_transition(
                actor=requester,
                pk=placement.pk,
                action=PlacementAction.CANCEL,
                now=at + timedelta(days=3),
            )
        made += 1
    return made


def _confirm_availability(places: list[Place], staff: dict[int, User], now: datetime) -> None:
    """Each facility confirms its availability today; a few free places are out of use
    (maintenance), as in real life."""
    by_facility: dict[int, list[Place]] = {}
    for place in places:
        by_facility.setdefault(place.facility_id, []).append(place)
    for index, (facility_id, facility_places) in enumerate(sorted(by_facility.items())):
        current = dict(Place.objects.filter(facility_id=facility_id).values_list("pk", "status"))
        free = [p.pk for p in facility_places if current.get(p.pk) == PlaceStatus.FREE]
        statuses = {free[-1]: PlaceStatus.UNAVAILABLE} if free and index % 5 == 0 else {}
        try:
            services.availability_update(
                actor=staff[facility_places[0].facility.organisation_id],
                facility_id=facility_id,
                statuses=statuses,
                now=now,
            )
        except ValidationFailed:  # a place changed meanwhile; the confirmation can wait
            continue


def shelter_demo_load() -> None:
    """Coverage, shelter organisations, facilities and places. The placement history needs
    the demo reports: `placements_demo_load` runs after them (core.demo)."""
    coverage_demo_load()
    _shelter_staff()
    facilities_demo_load()
