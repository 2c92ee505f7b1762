"""The monitoring point of the residence scheme (actions 20 and 24 of the Nationaal Actieplan
Mensenhandel 2004: research whether the reflection period was offered; a central point that
monitors the application of the scheme).

Pure functions of plain values. Per year (of the first report) and per reporting organisation:
- eligible victims: every procedure opened (a foreign victim without lawful residence with an
  indication of trafficking);
- offered: the reflection period was offered (accepted or declined; a late offer counts);
- accepted: the reflection period started;
- not offered: recorded as not offered and never offered later, with the reasons;
- no decision yet: neither offered nor recorded as not offered;
- median days from the first report to the offer (negative when the offer came first).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

SMALL_NUMBER_LIMIT = 5  # analysts see 1..4 as "<5" (the registry's disclosure rule)


@dataclass(frozen=True)
class ProcedureFacts:
    organisation_id: int
    first_reported_on: date
    offered_on: date | None = None
    reflection_started_on: date | None = None
    not_offered_reason: str = ""


@dataclass(frozen=True)
class MonitorRow:
    organisation_id: int | None  # None: all organisations
    eligible: int
    offered: int
    accepted: int
    declined: int
    not_offered: int
    undecided: int
    median_days_to_offer: float | None
    not_offered_by_reason: dict[str, int] = field(default_factory=dict)


def _row(organisation_id: int | None, facts: list[ProcedureFacts]) -> MonitorRow:
    offered = [f for f in facts if f.offered_on is not None]
    accepted = [f for f in offered if f.reflection_started_on is not None]
    not_offered = [f for f in facts if f.offered_on is None and f.not_offered_reason]
    days = [(f.offered_on - f.first_reported_on).days for f in offered if f.offered_on]
    return MonitorRow(
        organisation_id=organisation_id,
        eligible=len(facts),
        offered=len(offered),
        accepted=len(accepted),
        declined=len(offered) - len(accepted),
        not_offered=len(not_offered),
        undecided=len(facts) - len(offered) - len(not_offered),
        median_days_to_offer=float(statistics.median(days)) if days else None,
        not_offered_by_reason=dict(
            sorted(Counter(f.not_offered_reason for f in not_offered).items())
        ),
    )


def monitoring_point(rows: Iterable[ProcedureFacts], *, year: int) -> list[MonitorRow]:
    """One row per reporting organisation with procedures in ``year``, then the total."""
    in_year = [r for r in rows if r.first_reported_on.year == year]
    by_org: dict[int, list[ProcedureFacts]] = {}
    for fact in in_year:
        by_org.setdefault(fact.organisation_id, []).append(fact)
    return [_row(org, by_org[org]) for org in sorted(by_org)] + [_row(None, in_year)]


def shown(count: int, *, exact: bool) -> str:
    """A count as displayed: exact, or 1 to 4 hidden as "<5" for readers of aggregates."""
    if exact or count == 0 or count >= SMALL_NUMBER_LIMIT:
        return str(count)
    return f"<{SMALL_NUMBER_LIMIT}"
