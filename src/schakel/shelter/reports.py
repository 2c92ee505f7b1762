"""Shelter figures as pure functions of plain values: why victims leave shelter (action 39),
occupancy over time, under-occupancy and the waiting time from request to placement.

The selectors in `report_selectors` turn rows of the database into the facts below and pass
the period; nothing here reads the clock or the database. No fact names a person.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from schakel.registry.feedback import percentile_nearest_rank

from .choices import DischargeReason, PlaceStatus

SMALL_NUMBER_LIMIT = 5  # readers of aggregates see 1..4 as "<5" (the registry's rule)
ALL = ""  # a group key that stands for every kind or region


def shown(count: int, *, exact: bool) -> str:
    """A count as displayed: exact, or 1 to 4 hidden as "<5" for readers of aggregates."""
    if exact or count == 0 or count >= SMALL_NUMBER_LIMIT:
        return str(count)
    return f"<{SMALL_NUMBER_LIMIT}"


def median_or_none(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


# -- periods ---------------------------------------------------------------------------------


class Granularity:
    MONTH = "maand"
    QUARTER = "kwartaal"
    YEAR = "jaar"
    ALL = (MONTH, QUARTER, YEAR)


def period_of(day: date, granularity: str) -> str:
    if granularity == Granularity.YEAR:
        return f"{day.year}"
    if granularity == Granularity.QUARTER:
        return f"{day.year}-K{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


# -- discharges: why victims leave shelter (action 39) ---------------------------------------


@dataclass(frozen=True)
class DischargeFact:
    discharged_on: date
    placed_on: date | None
    reason: str
    kind: str
    region: str

    @property
    def stay_days(self) -> int | None:
        if self.placed_on is None:
            return None
        return (self.discharged_on - self.placed_on).days


@dataclass(frozen=True)
class DischargeRow:
    period: str
    kind: str  # ALL in total rows
    region: str  # ALL in total rows
    reason: str
    count: int
    median_stay_days: float | None
    p90_stay_days: int | None


def _discharge_row(key: tuple[str, str, str, str], facts: list[DischargeFact]) -> DischargeRow:
    stays = sorted(s for s in (f.stay_days for f in facts) if s is not None)
    return DischargeRow(
        *key,
        count=len(facts),
        median_stay_days=median_or_none(stays),
        p90_stay_days=percentile_nearest_rank(stays, 90) if stays else None,
    )


def discharge_report(
    facts: Iterable[DischargeFact], *, granularity: str = Granularity.MONTH
) -> list[DischargeRow]:
    """Discharges per period, facility kind, region and reason with the length of stay;
    per period a total row per reason over every kind and region (kind and region ALL)."""
    groups: dict[tuple[str, str, str, str], list[DischargeFact]] = defaultdict(list)
    for fact in facts:
        period = period_of(fact.discharged_on, granularity)
        groups[(period, fact.kind, fact.region, fact.reason)].append(fact)
        groups[(period, ALL, ALL, fact.reason)].append(fact)
    order = {r: i for i, r in enumerate(DischargeReason.values)}

    def sort_key(key: tuple[str, str, str, str]) -> tuple[object, ...]:
        period, kind, region, reason = key
        return (period, kind == ALL, kind, region, order.get(reason, 99))

    return [_discharge_row(key, groups[key]) for key in sorted(groups, key=sort_key)]


def reason_shares(facts: Sequence[DischargeFact]) -> list[tuple[str, int, float, float | None]]:
    """Per reason over the whole selection: count, share in percent, median stay in days."""
    by_reason = Counter(f.reason for f in facts)
    total = len(facts)
    rows = []
    for reason in DischargeReason.values:
        stays = [s for f in facts if f.reason == reason and (s := f.stay_days) is not None]
        count = by_reason.get(reason, 0)
        share = round(100 * count / total, 1) if total else 0.0
        rows.append((reason, count, share, median_or_none(stays)))
    return rows


# -- occupancy over time, from the history of place status -----------------------------------


@dataclass(frozen=True)
class StatusChange:
    place_id: int
    kind: str
    region: str
    status: str  # a PlaceStatus or "retired"
    at: datetime
    facility_id: int = 0


@dataclass(frozen=True)
class OccupancyRow:
    period: str  # first day of the day or ISO week
    kind: str  # ALL: every kind
    region: str  # ALL: every region
    capacity: float  # places in use (not retired), averaged over the days of the period
    occupied: float
    free: float

    @property
    def rate(self) -> float | None:
        return round(100 * self.occupied / self.capacity, 1) if self.capacity else None


def _day_ends(start: date, end: date, tz: object) -> list[tuple[date, datetime]]:
    days = []
    day = start
    while day <= end:
        days.append((day, datetime.combine(day + timedelta(days=1), datetime.min.time(), tz)))  # type: ignore[arg-type]
        day += timedelta(days=1)
    return days


def occupancy(
    changes: Iterable[StatusChange],
    *,
    start: date,
    end: date,
    weekly: bool = False,
    tz: object = None,
) -> list[OccupancyRow]:
    """Occupancy at the end of each day from `start` to `end` (inclusive), per kind and region
    and in total; per ISO week the average of its days. `changes` must be in time order and
    may begin long before `start` (the status of each place is replayed from its first row)."""
    status: dict[int, tuple[str, str, str]] = {}  # place → (kind, region, status)
    counts: Counter[tuple[str, str, str]] = Counter()  # (kind, region, status) → places
    pending = iter(changes)
    upcoming = next(pending, None)
    daily: list[tuple[date, Counter[tuple[str, str, str]]]] = []
    for day, day_end in _day_ends(start, end, tz):
        while upcoming is not None and upcoming.at < day_end:
            before = status.get(upcoming.place_id)
            if before is not None:
                counts[before] -= 1
            after = (upcoming.kind, upcoming.region, upcoming.status)
            status[upcoming.place_id] = after
            counts[after] += 1
            upcoming = next(pending, None)
        daily.append((day, counts.copy()))
    buckets: dict[str, list[Counter[tuple[str, str, str]]]] = defaultdict(list)
    for day, snapshot in daily:
        key = (day - timedelta(days=day.weekday())) if weekly else day
        buckets[key.isoformat()].append(snapshot)
    rows: list[OccupancyRow] = []
    for period, snapshots in buckets.items():
        totals: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for snapshot in snapshots:
            for (kind, region, place_status), n in snapshot.items():
                if n and place_status in PlaceStatus.values:
                    for group in ((kind, region), (ALL, ALL)):
                        totals[group]["capacity"] += n
                        totals[group][place_status] += n
        days = len(snapshots)
        for (kind, region), c in sorted(totals.items(), key=lambda kv: (kv[0][0] == ALL, kv[0])):
            rows.append(
                OccupancyRow(
                    period,
                    kind,
                    region,
                    capacity=round(c["capacity"] / days, 1),
                    occupied=round(c[PlaceStatus.OCCUPIED] / days, 1),
                    free=round(c[PlaceStatus.FREE] / days, 1),
                )
            )
    return rows


# -- under-occupancy -------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceNow:
    facility_id: int
    status: str
    since: datetime  # when the place got its current status


@dataclass(frozen=True)
class UnderOccupancyRow:
    facility_id: int
    capacity: int
    occupied: int
    free: int
    longest_free_days: int  # the longest a currently free place has stood free
    free_long: int  # free places that stood free longer than the threshold
    average_rate: float | None  # occupancy over the window, percent

    @property
    def flagged(self) -> bool:
        return self.free_long > 0


def under_occupancy(
    places: Iterable[PlaceNow],
    average_rates: dict[int, float | None],
    *,
    now: datetime,
    free_for: timedelta,
    low_rate: float,
) -> list[UnderOccupancyRow]:
    """Facilities with a place free longer than `free_for`, or an average occupancy below
    `low_rate` percent; the longest-unused first."""
    by_facility: dict[int, list[PlaceNow]] = defaultdict(list)
    for place in places:
        by_facility[place.facility_id].append(place)
    rows = []
    for facility_id, rows_of in by_facility.items():
        free = [p for p in rows_of if p.status == PlaceStatus.FREE]
        free_days = [(now - p.since).days for p in free]
        rate = average_rates.get(facility_id)
        row = UnderOccupancyRow(
            facility_id,
            capacity=len(rows_of),
            occupied=sum(p.status == PlaceStatus.OCCUPIED for p in rows_of),
            free=len(free),
            longest_free_days=max(free_days, default=0),
            free_long=sum(now - p.since > free_for for p in free),
            average_rate=rate,
        )
        if row.flagged or (rate is not None and rate < low_rate):
            rows.append(row)
    rows.sort(key=lambda r: (-r.longest_free_days, r.average_rate or 0.0, r.facility_id))
    return rows


# -- waiting time from request to placement --------------------------------------------------


@dataclass(frozen=True)
class RequestFact:
    requested_at: datetime
    placed_at: datetime | None
    urgency: str
    status: str


@dataclass(frozen=True)
class WaitingRow:
    period: str
    urgency: str  # ALL: every urgency
    requests: int
    placed: int
    median_hours: float | None
    p90_hours: int | None


def waiting_times(
    facts: Iterable[RequestFact], *, granularity: str = Granularity.MONTH
) -> list[WaitingRow]:
    """Per period of the request and urgency: requests, how many were placed, and the hours
    from request to placement (arrival at the place) as median and 90th percentile."""
    groups: dict[tuple[str, str], list[RequestFact]] = defaultdict(list)
    for fact in facts:
        period = period_of(fact.requested_at.date(), granularity)
        groups[(period, fact.urgency)].append(fact)
        groups[(period, ALL)].append(fact)
    rows = []
    for period, urgency in sorted(groups, key=lambda k: (k[0], k[1] == ALL, k[1])):
        group = groups[(period, urgency)]
        hours = sorted(
            round((f.placed_at - f.requested_at).total_seconds() / 3600)
            for f in group
            if f.placed_at is not None
        )
        rows.append(
            WaitingRow(
                period,
                urgency,
                requests=len(group),
                placed=len(hours),
                median_hours=median_or_none(hours),
                p90_hours=percentile_nearest_rank(hours, 90) if hours else None,
            )
        )
    return rows
