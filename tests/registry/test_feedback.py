"""The monthly feedback report's pure parts: months, working days, counts, small numbers,
the access rule and the follow-up extension point (no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from schakel.accounts.roles import Role
from schakel.registry.feedback import (
    NATIONAL,
    FeedbackAccess,
    FollowUpLine,
    FollowUpTopic,
    Month,
    ReportFacts,
    feedback_access,
    follow_ups_for,
    last_complete_month,
    monthly_feedback,
    percentile_nearest_rank,
    register_follow_up_provider,
    unregister_follow_up_provider,
    working_days_between,
)
from schakel.registry.feedback_present import (
    COMPLEMENTARY_LABEL,
    SMALL_COUNT_LABEL,
    present,
    suppress_group,
)
from schakel.registry.rules import add_working_days

MARCH = Month(2026, 3)
APRIL = Month(2026, 4)
TODAY = date(2026, 4, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03", Month(2026, 3)),
        (" 2026-12 ", Month(2026, 12)),
        ("2026-1", Month(2026, 1)),
    ],
)
def test_month_parse(text: str, expected: Month) -> None:
    assert Month.parse(text) == expected


@pytest.mark.parametrize("text", ["", "2026", "2026-13", "2026-00", "26-03", "maart", "2026-03-01"])
def test_month_parse_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="month"):
        Month.parse(text)


def test_month_arithmetic() -> None:
    assert str(Month(2026, 12).next()) == "2027-01"
    assert Month(2026, 1).previous() == Month(2025, 12)
    assert Month(2024, 2).last_day == date(2024, 2, 29)
    assert date(2026, 3, 31) in MARCH
    assert date(2026, 4, 1) not in MARCH
    assert None not in MARCH
    assert last_complete_month(date(2026, 1, 1)) == Month(2025, 12)


@pytest.mark.parametrize(
    ("start", "end", "expected", "why"),
    [
        (date(2026, 3, 2), date(2026, 3, 2), 0, "same day"),
        (date(2026, 3, 2), date(2026, 3, 9), 5, "one ordinary week"),
        (date(2026, 3, 6), date(2026, 3, 9), 1, "Friday to Monday"),
        (date(2026, 3, 7), date(2026, 3, 8), 0, "a weekend only"),
        (date(2026, 4, 2), date(2026, 4, 7), 1, "Good Friday and Easter Monday"),
        (date(2026, 5, 4), date(2026, 5, 6), 1, "5 May (Liberation Day) is not a working day"),
        (date(2026, 4, 24), date(2026, 4, 28), 1, "King's Day on Monday 27 April"),
        (date(2025, 12, 24), date(2026, 1, 2), 4, "Christmas, New Year, across the year"),
        (date(2026, 3, 9), date(2026, 3, 2), 0, "end before start"),
    ],
)
def test_working_days_between(start: date, end: date, expected: int, why: str) -> None:
    assert working_days_between(start, end) == expected, why


def test_working_days_between_inverts_add_working_days() -> None:
    start = date(2025, 12, 1)
    for offset in range(0, 200, 3):
        day = start + timedelta(days=offset)
        for n in (0, 1, 5, 12):
            assert working_days_between(day, add_working_days(day, n)) == n


@pytest.mark.parametrize(
    ("values", "percent", "expected"),
    [
        ([7], 90, 7),
        ([1, 2], 50, 1),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9),
        ([10, 1, 5, 3, 2, 8, 4, 9, 6, 7, 11], 90, 10),
        ([3, 3, 3], 90, 3),
    ],
)
def test_percentile_nearest_rank(values: list[int], percent: int, expected: int) -> None:
    assert percentile_nearest_rank(values, percent) == expected


def facts(
    report_id: int,
    status: str,
    submitted: date | None,
    decided: date | None = None,
    *,
    due: date | None = None,
    reason: str = "",
    forms: tuple[str, ...] = (),
) -> ReportFacts:
    return ReportFacts(
        report_id=report_id,
        status=status,
        submitted_on=submitted,
        decided_on=decided,
        decision_due_on=due,
        not_registered_reason=reason,
        forms=forms,
    )


ROWS = [
    # Submitted in March, decided in March: 5 working days, on the due date.
    facts(
        1,
        "registered",
        date(2026, 3, 2),
        date(2026, 3, 9),
        due=date(2026, 3, 9),
        forms=("labour", "criminal"),
    ),
    # Submitted in March, not registered in April across Easter: 3 working days, late.
    facts(
        2,
        "not_registered",
        date(2026, 3, 31),
        date(2026, 4, 7),
        due=date(2026, 4, 2),
        reason="no_indications",
        forms=("labour",),
    ),
    # Submitted in March, still open, overdue by TODAY.
    facts(3, "in_review", date(2026, 3, 16), due=date(2026, 3, 23), forms=("sexual_other",)),
    # Submitted in March, open, not yet due.
    facts(4, "submitted", date(2026, 3, 31), due=date(2026, 4, 30)),
    # Submitted in February, registered in March: 1 working day.
    facts(5, "registered", date(2026, 2, 27), date(2026, 3, 2), due=date(2026, 3, 6)),
    # Withdrawn after submission in March.
    facts(6, "withdrawn", date(2026, 3, 20)),
    # A report outside both months: ignored.
    facts(7, "registered", date(2026, 1, 5), date(2026, 1, 6)),
]


def test_march_counts() -> None:
    result = monthly_feedback(ROWS, month=MARCH, today=TODAY)
    assert result.submitted == 5
    assert result.by_status == {
        "submitted": 1,
        "in_review": 1,
        "registered": 1,
        "not_registered": 1,
        "withdrawn": 1,
    }
    assert result.by_form["labour"] == 2
    assert result.by_form["criminal"] == 1
    assert result.by_form["sexual_other"] == 1
    assert result.by_form["unknown"] == 0
    assert result.open_overdue == 1
    assert result.decisions == {"registered": 2, "not_registered": 0}
    assert result.times.decided == 2
    assert result.times.within_term == 2
    assert result.times.median_working_days == 3.0  # 5 and 1 working days
    assert result.times.p90_working_days == 5
    assert result.not_registered_by_reason == {}
    assert result.submitted_report_ids == frozenset({1, 2, 3, 4, 6})


def test_april_counts_decision_across_easter() -> None:
    result = monthly_feedback(ROWS, month=APRIL, today=TODAY)
    assert result.submitted == 0
    assert result.decisions == {"registered": 0, "not_registered": 1}
    assert result.not_registered_by_reason == {"no_indications": 1}
    # 31 March → 7 April: 1, 2 April are working days; 3 (Good Friday) and 6 (Easter Monday)
    # are not; 7 April is. So 3 working days, and late (due 2 April).
    assert result.times.median_working_days == 3.0
    assert result.times.p90_working_days == 3
    assert result.times.within_term == 0


def test_empty_month() -> None:
    result = monthly_feedback([], month=Month(2026, 2), today=TODAY)
    assert result.submitted == 0
    assert result.open_overdue == 0
    assert set(result.by_status.values()) == {0}
    assert "draft" not in result.by_status
    assert set(result.by_form.values()) == {0}
    assert result.times.decided == 0
    assert result.times.median_working_days is None
    assert result.times.p90_working_days is None
    sections = present(result, exact=False, reason_labels={})
    time_lines = next(s for s in sections if s.key == "time").lines
    assert [line.value for line in time_lines] == ["—", "—"]


@pytest.mark.parametrize(
    ("counts", "exact", "expected"),
    [
        ({"a": 3, "b": 10}, True, {"a": "3", "b": "10"}),
        ({"a": 0, "b": 5, "c": 12}, False, {"a": "0", "b": "5", "c": "12"}),
        ({"a": 2, "b": 3, "c": 12}, False, {"a": "<5", "b": "<5", "c": "12"}),
        # One hidden cell: the smallest other cell of 5 or more is hidden too.
        (
            {"total": 20, "a": 4, "b": 6, "c": 10},
            False,
            {"total": "20", "a": "<5", "b": "×", "c": "10"},
        ),
        ({"a": 1}, False, {"a": "<5"}),
    ],
)
def test_small_numbers(counts: dict[str, int], exact: bool, expected: dict[str, str]) -> None:
    assert suppress_group(counts, exact=exact) == expected
    assert SMALL_COUNT_LABEL == "<5"
    assert COMPLEMENTARY_LABEL == "×"


def test_present_hides_times_of_few_decisions_for_outsiders() -> None:
    result = monthly_feedback(ROWS, month=MARCH, today=TODAY)
    outsider = {s.key: s for s in present(result, exact=False, reason_labels={})}
    own = {s.key: s for s in present(result, exact=True, reason_labels={})}
    assert [line.value for line in outsider["time"].lines] == ["—", "—"]
    assert [line.value for line in own["time"].lines] == ["3", "5"]
    assert {line.code: line.value for line in outsider["status"].lines}["total"] == "5"
    assert {line.code: line.value for line in outsider["status"].lines}["registered"] == "<5"


def test_present_labels_reasons() -> None:
    result = monthly_feedback(ROWS, month=APRIL, today=TODAY)
    sections = {
        s.key: s
        for s in present(result, exact=True, reason_labels={"no_indications": "Geen signalen"})
    }
    assert [(line.label, line.value) for line in sections["reason"].lines] == [
        ("Geen signalen", "1")
    ]


POLICE, SHELTER = 10, 20


@pytest.mark.parametrize(
    ("roles", "requested", "expected"),
    [
        ({Role.REPORTER}, None, FeedbackAccess(POLICE, exact=True)),
        ({Role.CASE_WORKER}, POLICE, FeedbackAccess(POLICE, exact=True)),
        ({Role.REPORTER}, SHELTER, None),
        ({Role.REPORTER}, NATIONAL, None),
        ({Role.REGISTRAR}, None, FeedbackAccess(None, exact=True)),
        ({Role.REGISTRAR}, SHELTER, FeedbackAccess(SHELTER, exact=True)),
        ({Role.ANALYST}, None, FeedbackAccess(None, exact=False)),
        ({Role.ANALYST}, NATIONAL, FeedbackAccess(None, exact=False)),
        ({Role.ANALYST}, POLICE, None),
        ({Role.REPORTER, Role.ANALYST}, NATIONAL, FeedbackAccess(None, exact=False)),
        ({Role.PROGRAMME_OFFICER}, None, None),
        ({Role.ORGANISATION_ADMIN}, None, None),
        ({Role.SYSTEM_ADMIN}, None, None),
        (set(), None, None),
    ],
)
def test_feedback_access(
    roles: set[Role], requested: int | str | None, expected: FeedbackAccess | None
) -> None:
    assert (
        feedback_access(roles=frozenset(roles), own_organisation_id=POLICE, requested=requested)
        == expected
    )


@pytest.fixture
def no_providers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start from an empty provider registry (apps such as residence register one at start-up)."""
    from schakel.registry import feedback

    monkeypatch.setattr(feedback, "_providers", {})


@pytest.mark.usefixtures("no_providers")
def test_follow_ups_not_yet_available_without_providers() -> None:
    results = follow_ups_for(frozenset({1, 2}))
    assert [r.topic.key for r in results] == ["shelter", "reflection_period"]
    assert not any(r.available for r in results)
    sections = present(
        monthly_feedback([], month=MARCH, today=TODAY),
        exact=True,
        reason_labels={},
        follow_ups=results,
    )
    shelter = next(s for s in sections if s.key == "follow_up:shelter")
    assert not shelter.available
    assert str(shelter.note) == "Nog niet beschikbaar."


@pytest.mark.usefixtures("no_providers")
def test_follow_up_provider_counts_for_the_months_reports() -> None:
    seen: list[frozenset[int]] = []

    def placements(report_ids: frozenset[int]) -> list[FollowUpLine]:
        seen.append(report_ids)
        return [
            FollowUpLine("placed", "Geplaatst", len(report_ids & {1, 2})),
            FollowUpLine("no_place", "Geen plaats gevonden", 0),
        ]

    topic = FollowUpTopic("shelter", "Plaatsing in de opvang")
    register_follow_up_provider(topic, placements)
    try:
        register_follow_up_provider(topic, placements)  # the same provider again: harmless
        with pytest.raises(ValueError, match="already registered"):
            register_follow_up_provider(topic, lambda ids: [])
        result = monthly_feedback(ROWS, month=MARCH, today=TODAY)
        follow_ups = follow_ups_for(result.submitted_report_ids)
        sections = {
            s.key: s for s in present(result, exact=True, reason_labels={}, follow_ups=follow_ups)
        }
    finally:
        unregister_follow_up_provider("shelter")
    assert seen == [frozenset({1, 2, 3, 4, 6})]
    assert sections["follow_up:shelter"].available
    assert [(line.code, line.value) for line in sections["follow_up:shelter"].lines] == [
        ("placed", "2"),
        ("no_place", "0"),
    ]
    assert not sections["follow_up:reflection_period"].available
    assert not follow_ups_for(frozenset())[0].available  # unregistered again
