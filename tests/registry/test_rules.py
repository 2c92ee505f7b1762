from __future__ import annotations

from datetime import date

import pytest

from schakel.registry.choices import DatePrecision
from schakel.registry.rules import add_working_days, is_working_day, minor_on


@pytest.mark.parametrize(
    ("birth_date", "birth_year", "precision", "on", "expected"),
    [
        (date(2008, 5, 1), None, DatePrecision.EXACT, date(2026, 4, 30), True),
        (date(2008, 5, 1), None, DatePrecision.EXACT, date(2026, 5, 1), False),
        (None, 2010, DatePrecision.YEAR, date(2026, 6, 1), True),
        (None, 2008, DatePrecision.YEAR, date(2026, 6, 1), None),  # 17 or 18: cannot tell
        (None, 2000, DatePrecision.YEAR, date(2026, 6, 1), False),
        (date(2012, 1, 1), None, DatePrecision.ESTIMATED, date(2026, 1, 1), True),
        (date(2009, 1, 1), None, DatePrecision.ESTIMATED, date(2026, 1, 1), None),
        (date(1990, 1, 1), None, DatePrecision.ESTIMATED, date(2026, 1, 1), False),
        (None, None, DatePrecision.UNKNOWN, date(2026, 1, 1), None),
    ],
)
def test_minor_on(birth_date, birth_year, precision, on, expected) -> None:
    assert (
        minor_on(birth_date=birth_date, birth_year=birth_year, precision=precision, on=on)
        is expected
    )


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 3, 2), 5, date(2026, 3, 9)),  # Monday + 5 working days = next Monday
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # Friday + 1 skips the weekend
        (date(2026, 4, 1), 5, date(2026, 4, 10)),  # Good Friday 3 April and Easter Monday 6 April
        (date(2026, 4, 24), 2, date(2026, 4, 29)),  # King's Day, Monday 27 April
        (date(2026, 5, 4), 1, date(2026, 5, 6)),  # 5 May counts every year (Algemene termijnenwet)
        (date(2026, 12, 24), 1, date(2026, 12, 28)),  # Christmas and Boxing Day, then the weekend
    ],
)
def test_add_working_days(start, days, expected) -> None:
    assert add_working_days(start, days) == expected


def test_weekend_is_not_a_working_day() -> None:
    assert not is_working_day(date(2026, 3, 7))
    assert is_working_day(date(2026, 3, 9))
