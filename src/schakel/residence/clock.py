"""The one place the residence app reads the clock, so tests can freeze it.

Rules and deadlines never call this: they take ``today`` as an argument. Views, services and the
daily job ask `today()` for the date in Europe/Amsterdam (the zone of the legal deadlines).
Tests use `frozen(...)` (a date, or an aware datetime to test the day boundary and
daylight-saving changes).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_frozen: datetime | date | None = None


def now() -> datetime:
    if isinstance(_frozen, datetime):
        return _frozen
    if isinstance(_frozen, date):
        return datetime(_frozen.year, _frozen.month, _frozen.day, 12, tzinfo=AMSTERDAM)
    return timezone.now()


def today() -> date:
    """Today's date in Amsterdam (not UTC: 00:30 on 1 April in Amsterdam is still 31 March UTC)."""
    return now().astimezone(AMSTERDAM).date()


@contextmanager
def frozen(moment: datetime | date) -> Iterator[None]:
    """Freeze the clock; an aware datetime or a date (taken as noon in Amsterdam)."""
    global _frozen  # noqa: PLW0603 -- a test-only override of one module-level clock
    if isinstance(moment, datetime) and moment.tzinfo is None:
        raise ValueError("freeze with an aware datetime")
    previous, _frozen = _frozen, moment
    try:
        yield
    finally:
        _frozen = previous
