"""Deadlines are pure functions of dates: month ends, leap years, daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from schakel.residence import clock
from schakel.residence.deadlines import (
    Rules,
    add_months,
    days_left,
    due_soon,
    open_deadlines,
    permit_valid_until,
    planned_end_error,
    reflection_end,
    rules_in_force,
    warning_threshold,
)

RULES = Rules(date(2001, 4, 1), 3, 12, (14, 7, 1), (30,))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 3, date(2026, 4, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # month end, common year
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # month end, leap year
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # across the year into a leap February
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2024, 2, 29), 3, date(2024, 5, 29)),  # from 29 February
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # a year after 29 February
        (date(2025, 10, 31), 3, date(2026, 1, 31)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
    ],
)
def test_add_months_keeps_the_date_or_takes_the_month_end(start, months, expected) -> None:
    assert add_months(start, months) == expected


def test_reflection_period_is_three_months_and_may_be_shorter_not_longer() -> None:
    start = date(2023, 11, 30)
    assert reflection_end(start, months=3) == date(2024, 2, 29)
    assert planned_end_error(start, date(2024, 2, 29), months=3) is None
    assert planned_end_error(start, date(2024, 1, 15), months=3) is None
    assert planned_end_error(start, date(2024, 3, 1), months=3) == "too_long"
    assert planned_end_error(start, date(2023, 11, 29), months=3) == "before_start"
    assert permit_valid_until(date(2024, 2, 29), months=12) == date(2025, 2, 28)


def test_the_rules_in_force_on_the_start_date_apply() -> None:
    newer = Rules(date(2025, 1, 1), 2, 12, (14, 7, 1), (30,))
    assert rules_in_force([RULES, newer], on=date(2024, 12, 31)) == RULES
    assert rules_in_force([RULES, newer], on=date(2025, 1, 1)) == newer
    with pytest.raises(ValueError, match="no residence rules"):
        rules_in_force([RULES], on=date(2001, 3, 31))


@pytest.mark.parametrize(
    ("today", "sent", "expected"),
    [
        (date(2024, 2, 14), (), None),  # 15 days before the end of 29 February
        (date(2024, 2, 15), (), 14),
        (date(2024, 2, 16), (14,), None),
        (date(2024, 2, 22), (14,), 7),
        (date(2024, 2, 28), (14, 7), 1),
        (date(2024, 2, 29), (14, 7, 1), None),  # the last day: everything sent
        (date(2024, 2, 29), (14,), 1),  # the job missed days: one warning, the tightest
        (date(2024, 3, 1), (), None),  # passed: no more warnings
    ],
)
def test_warning_thresholds_over_a_leap_day(today, sent, expected) -> None:
    assert (
        warning_threshold(date(2024, 2, 29), thresholds=(14, 7, 1), today=today, sent=sent)
        == expected
    )


def test_permit_warning_30_days_before_across_a_month_end() -> None:
    due = date(2026, 3, 31)
    assert warning_threshold(due, thresholds=(30,), today=date(2026, 2, 28)) is None
    assert warning_threshold(due, thresholds=(30,), today=date(2026, 3, 1)) == 30


def test_open_deadlines_and_due_soon() -> None:
    reflection = open_deadlines(
        status="reflection",
        reflection_ends_on=date(2026, 4, 15),
        permit_valid_until=None,
        rules=RULES,
    )
    assert [d.kind for d in reflection] == ["reflection_end"]
    assert not due_soon(reflection[0], today=date(2026, 3, 31))
    assert due_soon(reflection[0], today=date(2026, 4, 1))
    assert due_soon(reflection[0], today=date(2026, 4, 20))  # passed, step still open
    assert (
        open_deadlines(
            status="cooperating",
            reflection_ends_on=date(2026, 4, 15),
            permit_valid_until=None,
            rules=RULES,
        )
        == []
    )
    permit = open_deadlines(
        status="permit_granted",
        reflection_ends_on=None,
        permit_valid_until=date(2027, 1, 1),
        rules=RULES,
    )
    assert [(d.kind, d.thresholds) for d in permit] == [("permit_expiry", (30,))]


@pytest.mark.parametrize(
    ("utc", "amsterdam_date"),
    [
        # Summer time starts 29 March 2026 at 02:00 CET (01:00 UTC).
        (datetime(2026, 3, 28, 22, 59, tzinfo=UTC), date(2026, 3, 28)),
        (datetime(2026, 3, 28, 23, 0, tzinfo=UTC), date(2026, 3, 29)),
        (datetime(2026, 3, 29, 21, 59, tzinfo=UTC), date(2026, 3, 29)),
        (datetime(2026, 3, 29, 22, 0, tzinfo=UTC), date(2026, 3, 30)),  # now UTC+2
        # Summer time ends 25 October 2026 at 03:00 CEST (01:00 UTC).
        (datetime(2026, 10, 24, 21, 59, tzinfo=UTC), date(2026, 10, 24)),
        (datetime(2026, 10, 24, 22, 0, tzinfo=UTC), date(2026, 10, 25)),
        (datetime(2026, 10, 25, 22, 59, tzinfo=UTC), date(2026, 10, 25)),  # UTC+1 again
        (datetime(2026, 10, 25, 23, 0, tzinfo=UTC), date(2026, 10, 26)),
        # New Year's Eve and a leap day at midnight Amsterdam time.
        (datetime(2025, 12, 31, 23, 0, tzinfo=UTC), date(2026, 1, 1)),
        (datetime(2024, 2, 28, 23, 30, tzinfo=UTC), date(2024, 2, 29)),
    ],
)
def test_the_clock_gives_the_amsterdam_date(utc, amsterdam_date) -> None:
    with clock.frozen(utc):
        assert clock.today() == amsterdam_date


def test_days_left_counts_dates_not_hours_across_daylight_saving() -> None:
    # 28 March to 4 April 2026 contains a 23-hour day; still 7 days, and the warning fires.
    assert days_left(date(2026, 4, 4), today=date(2026, 3, 28)) == 7
    assert (
        warning_threshold(
            date(2026, 4, 4), thresholds=(14, 7, 1), today=date(2026, 3, 28), sent=(14,)
        )
        == 7
    )
    # 24 to 31 October 2026 contains a 25-hour day.
    assert days_left(date(2026, 10, 31), today=date(2026, 10, 24)) == 7


def test_frozen_clock_refuses_naive_datetimes_and_restores() -> None:
    with pytest.raises(ValueError, match="aware"), clock.frozen(datetime(2026, 1, 1)):
        pass
    with clock.frozen(date(2024, 2, 29)):
        assert clock.today() == date(2024, 2, 29)
    assert clock._frozen is None
