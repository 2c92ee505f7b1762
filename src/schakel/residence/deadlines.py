"""Deadlines of the B8/3 procedure: pure functions of plain values, ``today`` passed in.

Legal sources:
- Vreemdelingencirculaire 2000, B8/3 (Verblijfsregeling mensenhandel; B9 until 2011):
  a foreign victim without lawful residence is offered, at the slightest indication of human
  trafficking, a reflection period (bedenktijd) of up to 3 months to decide whether to report
  the crime or otherwise cooperate (B8/3.1). A report or cooperation leads to a temporary
  residence permit for the duration of the criminal proceedings (B8/3.2), renewable; after
  that, continued residence may be applied for (B8/3.3).
- Counting a period in months: it ends on the same date in the last month as the day it runs
  from; when that date does not exist (31 January + 1 month), on the last day of that month
  (Regulation (EEC, Euratom) No 1182/71, art. 3(2)(c), the rule Dutch practice follows).

The lengths and warning periods are versioned data (`models.ResidenceRules`); these functions
receive them as plain numbers.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

DEFAULT_REFLECTION_MONTHS = 3
DEFAULT_PERMIT_VALIDITY_MONTHS = 12
DEFAULT_REFLECTION_WARNING_DAYS = (14, 7, 1)
DEFAULT_PERMIT_WARNING_DAYS = (30,)


@dataclass(frozen=True)
class Rules:
    """One version of the parameters, as plain values."""

    valid_from: date
    reflection_period_months: int
    permit_validity_months: int
    reflection_warning_days: tuple[int, ...]
    permit_warning_days: tuple[int, ...]
    source: str = ""


def add_months(day: date, months: int) -> date:
    """The same date ``months`` later; the month's last day when that date does not exist.

    31 January + 1 = 28 February (29 in a leap year); 29 February 2024 + 12 = 28 February 2025.
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rules_in_force(versions: Iterable[Rules], *, on: date) -> Rules:
    """The newest version valid on ``on``; ValueError when none was in force yet."""
    valid = [v for v in versions if v.valid_from <= on]
    if not valid:
        raise ValueError(f"no residence rules in force on {on.isoformat()}")
    return max(valid, key=lambda v: v.valid_from)


def reflection_end(started_on: date, *, months: int) -> date:
    """Last day of a reflection period that starts on ``started_on`` (B8/3.1: up to 3 months)."""
    return add_months(started_on, months)


def planned_end_error(started_on: date, planned_end: date, *, months: int) -> str | None:
    """Why a planned end is not acceptable, or None. The period may be shorter, never longer."""
    latest = reflection_end(started_on, months=months)
    if planned_end < started_on:
        return "before_start"
    if planned_end > latest:
        return "too_long"
    return None


def permit_valid_until(granted_on: date, *, months: int) -> date:
    """Default end of a temporary permit granted on ``granted_on`` (B8/3.2: one year, renewable)."""
    return add_months(granted_on, months)


def days_left(due_on: date, *, today: date) -> int:
    """Calendar days from ``today`` to ``due_on`` (negative when passed). Dates, not hours, so
    a daylight-saving change (a 23- or 25-hour day) never shifts a deadline."""
    return (due_on - today).days


def warning_threshold(
    due_on: date, *, thresholds: Sequence[int], today: date, sent: Iterable[int] = ()
) -> int | None:
    """Which warning (days before ``due_on``) to send today, if any.

    The tightest threshold that has been reached, if it was not sent yet: a job that did not run
    for a few days sends one warning, not three; a moved deadline is a new ``due_on`` with its
    own warnings. Nothing after the deadline has passed.
    """
    left = days_left(due_on, today=today)
    if left < 0:
        return None
    reached = [t for t in thresholds if left <= t]
    if not reached:
        return None
    tightest = min(reached)
    return None if tightest in set(sent) else tightest


@dataclass(frozen=True)
class Deadline:
    kind: str  # DeadlineKind value
    due_on: date
    thresholds: tuple[int, ...]


def open_deadlines(
    *,
    status: str,
    reflection_ends_on: date | None,
    permit_valid_until: date | None,
    rules: Rules,
) -> list[Deadline]:
    """The deadlines a procedure in ``status`` has running."""
    deadlines = []
    if status == "reflection" and reflection_ends_on is not None:
        deadlines.append(
            Deadline("reflection_end", reflection_ends_on, rules.reflection_warning_days)
        )
    if status in {"permit_granted", "continued_applied"} and permit_valid_until is not None:
        deadlines.append(Deadline("permit_expiry", permit_valid_until, rules.permit_warning_days))
    return deadlines


def due_soon(deadline: Deadline, *, today: date) -> bool:
    """Within the widest warning period, or passed while the step is still open (the "due
    soon" list shows both: a reflection period that ended without a next step needs action)."""
    return days_left(deadline.due_on, today=today) <= max(deadline.thresholds, default=0)
