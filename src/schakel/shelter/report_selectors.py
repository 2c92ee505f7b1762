"""Reads behind the shelter figures. Each turns rows into the plain facts of `reports` (no
person named, no report number), checks `shelter.view_statistics`, and audits: viewing as a
read, a CSV as an export, a refusal as denied, under the statistics purpose."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import cast

from django.db.models import Q
from django.utils import timezone

from schakel.accounts.models import User
from schakel.core import audit
from schakel.core.errors import NotAllowed
from schakel.core.models import AuditAction
from schakel.core.purposes import Purpose

from . import geo, reports
from .choices import PlacementStatus
from .models import Facility, Place, Placement, PlaceStatusChange
from .policies import can_view_statistics, statistics_exact

OBJECT_TYPE = "shelter.statistics"
UNKNOWN_REGION = "?"


def region_of(municipality: str) -> str:
    """The province of a municipality: the region of the figures."""
    centre = geo.centre_of(municipality)
    return centre.province if centre else UNKNOWN_REGION


def regions() -> list[str]:
    return sorted({c.province for c in geo.centres().values()})


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _access(actor: User, name: str, details: dict[str, object], export_format: str) -> bool:
    """Check, audit, and say whether the actor sees exact figures."""
    if not can_view_statistics(actor):
        audit.audit_denied(
            actor=actor,
            object_type=OBJECT_TYPE,
            object_id=name,
            purpose=Purpose.STATISTICS,
            reason="no statistics role",
        )
        raise NotAllowed
    details = {**details, "format": export_format or "html"}
    if export_format:
        audit.audit_change(
            actor=actor,
            action=AuditAction.EXPORT,
            object_type=OBJECT_TYPE,
            object_id=name,
            purpose=Purpose.STATISTICS,
            details=details,
        )
    else:
        audit.audit_read(
            actor=actor,
            object_type=OBJECT_TYPE,
            object_id=name,
            purpose=Purpose.STATISTICS,
            details=details,
        )
    return statistics_exact(actor)


@dataclass(frozen=True)
class Selection:
    """What the reader asked for; empty kind or region means all."""

    year: int
    granularity: str = reports.Granularity.MONTH
    kind: str = ""
    region: str = ""

    def as_details(self) -> dict[str, object]:
        return {
            "year": self.year,
            "per": self.granularity,
            "kind": self.kind,
            "region": self.region,
        }


@dataclass(frozen=True)
class DischargeReport:
    selection: Selection
    exact: bool
    rows: list[reports.DischargeRow]
    shares: list[tuple[str, int, float, float | None]]
    total: int


def discharge_facts(selection: Selection) -> list[reports.DischargeFact]:
    rows = Placement.objects.filter(
        status=PlacementStatus.DISCHARGED, discharged_at__year=selection.year
    ).values_list(
        "discharged_at", "placed_at", "discharge_reason", "place__facility__kind",
        "place__facility__municipality",
    )  # fmt: skip
    facts = []
    for discharged_at, placed_at, reason, kind, municipality in rows:
        region = region_of(municipality or "")
        if (selection.kind and kind != selection.kind) or (
            selection.region and region != selection.region
        ):
            continue
        facts.append(
            reports.DischargeFact(
                # Never None: the year filter on discharged_at leaves out the empty ones.
                discharged_on=_local_date(cast(datetime, discharged_at)),
                placed_on=_local_date(placed_at) if placed_at else None,
                reason=reason,
                kind=kind or "",
                region=region,
            )
        )
    return facts


def discharge_report_for(
    *, actor: User, selection: Selection, export_format: str = ""
) -> DischargeReport:
    """Why victims leave shelter (action 39): discharges by reason with the length of stay."""
    exact = _access(actor, "discharges", selection.as_details(), export_format)
    facts = discharge_facts(selection)
    return DischargeReport(
        selection=selection,
        exact=exact,
        rows=reports.discharge_report(facts, granularity=selection.granularity),
        shares=reports.reason_shares(facts),
        total=len(facts),
    )


# -- dashboards ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OccupancyReport:
    start: date
    end: date
    weekly: bool
    kind: str
    region: str
    exact: bool
    rows: list[reports.OccupancyRow]


def _facility_groups() -> dict[int, tuple[str, str]]:
    return {
        pk: (kind, region_of(municipality))
        for pk, kind, municipality in Facility.objects.values_list("pk", "kind", "municipality")
    }


def status_changes(
    until: datetime, groups: dict[int, tuple[str, str]] | None = None
) -> list[reports.StatusChange]:
    groups = groups if groups is not None else _facility_groups()
    rows = (
        PlaceStatusChange.objects.filter(occurred_at__lt=until)
        .order_by("occurred_at", "pk")
        .values_list("place_id", "facility_id", "status", "occurred_at")
    )
    return [
        reports.StatusChange(
            place, *groups.get(facility, ("", UNKNOWN_REGION)), status, at, facility
        )
        for place, facility, status, at in rows
    ]


def occupancy_for(
    *,
    actor: User,
    start: date,
    end: date,
    weekly: bool,
    kind: str = "",
    region: str = "",
    export_format: str = "",
) -> OccupancyReport:
    details = {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "weekly": weekly,
        "kind": kind,
        "region": region,
    }
    exact = _access(actor, "occupancy", details, export_format)
    tz = timezone.get_current_timezone()
    until = datetime.combine(end + timedelta(days=1), datetime.min.time(), tz)
    changes = [
        c
        for c in status_changes(until)
        if (not kind or c.kind == kind) and (not region or c.region == region)
    ]
    rows = reports.occupancy(changes, start=start, end=end, weekly=weekly, tz=tz)
    return OccupancyReport(start, end, weekly, kind, region, exact, rows)


@dataclass(frozen=True)
class UnderOccupancyReport:
    exact: bool
    window_days: int
    free_days: int
    low_rate: float
    rows: list[reports.UnderOccupancyRow]
    facilities: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # name, kind, region


UNDER_OCCUPANCY_WINDOW_DAYS = 30
FREE_TOO_LONG_DAYS = 14
LOW_OCCUPANCY_RATE = 50.0


def under_occupancy_for(
    *, actor: User, now: datetime | None = None, export_format: str = ""
) -> UnderOccupancyReport:
    """Facilities with a place free for more than two weeks, or under half occupied on
    average over the last thirty days."""
    exact = _access(actor, "under_occupancy", {}, export_format)
    now = now or timezone.now()
    groups = _facility_groups()
    changes = status_changes(now, groups)
    last_change = {c.place_id: c.at for c in changes}
    places = [
        reports.PlaceNow(facility_id, status, last_change.get(pk, now))
        for pk, facility_id, status in Place.objects.filter(
            is_active=True, facility__is_active=True
        ).values_list("pk", "facility_id", "status")
    ]
    rates = _average_rates(changes, now)
    rows = reports.under_occupancy(
        places,
        rates,
        now=now,
        free_for=timedelta(days=FREE_TOO_LONG_DAYS),
        low_rate=LOW_OCCUPANCY_RATE,
    )
    names = dict(
        Facility.objects.filter(pk__in=[r.facility_id for r in rows]).values_list("pk", "name")
    )
    facilities = {
        r.facility_id: (names.get(r.facility_id, "?"), *groups[r.facility_id]) for r in rows
    }
    return UnderOccupancyReport(
        exact,
        UNDER_OCCUPANCY_WINDOW_DAYS,
        FREE_TOO_LONG_DAYS,
        LOW_OCCUPANCY_RATE,
        rows,
        facilities,
    )


def _average_rates(changes: list[reports.StatusChange], now: datetime) -> dict[int, float | None]:
    """Average occupancy per facility over the window: the daily occupancy replay with one
    group per facility."""
    per_facility = [
        reports.StatusChange(c.place_id, str(c.facility_id), "-", c.status, c.at, c.facility_id)
        for c in changes
    ]
    end = _local_date(now)
    start = end - timedelta(days=UNDER_OCCUPANCY_WINDOW_DAYS - 1)
    rows = reports.occupancy(per_facility, start=start, end=end, tz=timezone.get_current_timezone())
    occupied: dict[int, float] = {}
    capacity: dict[int, float] = {}
    for row in rows:
        if row.kind != reports.ALL:
            pk = int(row.kind)
            occupied[pk] = occupied.get(pk, 0.0) + row.occupied
            capacity[pk] = capacity.get(pk, 0.0) + row.capacity
    return {
        pk: round(100 * occupied[pk] / capacity[pk], 1) if capacity[pk] else None for pk in capacity
    }


@dataclass(frozen=True)
class WaitingReport:
    selection: Selection
    exact: bool
    rows: list[reports.WaitingRow]


def waiting_for(*, actor: User, selection: Selection, export_format: str = "") -> WaitingReport:
    """Hours from placement request to placement, per month (or quarter) of the request."""
    exact = _access(actor, "waiting_times", selection.as_details(), export_format)
    placements = Placement.objects.filter(created_at__year=selection.year)
    if selection.kind:
        placements = placements.filter(Q(place__facility__kind=selection.kind))
    facts = [
        reports.RequestFact(
            timezone.localtime(requested_at),
            timezone.localtime(placed_at) if placed_at else None,
            urgency,
            status,
        )
        for requested_at, placed_at, urgency, status, municipality in placements.values_list(
            "created_at", "placed_at", "urgency", "status", "place__facility__municipality"
        )
        if not selection.region or region_of(municipality or "") == selection.region
    ]
    rows = reports.waiting_times(facts, granularity=selection.granularity)
    return WaitingReport(selection, exact, rows)
