"""The actions a screen offers follow the workflow table; the derived minor flag."""

from __future__ import annotations

from datetime import date

import pytest

from schakel.accounts.roles import Role
from schakel.registry import workflow
from schakel.registry.actions import (
    TARGET_STATUS,
    Action,
    available_actions,
    minor_at_exploitation_start,
)
from schakel.registry.choices import ReportStatus as S

REPORTER = frozenset({Role.REPORTER})
REGISTRAR = frozenset({Role.REGISTRAR})
ANALYST = frozenset({Role.ANALYST})


@pytest.mark.parametrize(
    ("roles", "own", "status", "expected"),
    [
        (REPORTER, True, S.DRAFT, [Action.EDIT, Action.SUBMIT, Action.WITHDRAW]),
        (REPORTER, False, S.DRAFT, []),
        (REPORTER, True, S.SUBMITTED, [Action.WITHDRAW]),
        (REPORTER, True, S.IN_REVIEW, []),
        (REPORTER, True, S.REGISTERED, []),
        (REGISTRAR, False, S.DRAFT, []),
        (REGISTRAR, True, S.DRAFT, [Action.SUBMIT, Action.WITHDRAW]),
        (REGISTRAR, False, S.SUBMITTED, [Action.EDIT, Action.START_REVIEW, Action.WITHDRAW]),
        (
            REGISTRAR,
            False,
            S.IN_REVIEW,
            [Action.EDIT, Action.REGISTER, Action.NOT_REGISTER, Action.WITHDRAW],
        ),
        (REGISTRAR, False, S.REGISTERED, [Action.REOPEN]),
        (REGISTRAR, False, S.NOT_REGISTERED, [Action.REOPEN]),
        (REGISTRAR, False, S.WITHDRAWN, [Action.REOPEN]),
        (ANALYST, True, S.DRAFT, []),
    ],
)
def test_available_actions(roles, own, status, expected) -> None:
    assert available_actions(roles=roles, own_organisation=own, status=status) == expected


def test_every_allowed_transition_is_offered_to_someone() -> None:
    offered = set()
    for status in S:
        for roles in (REPORTER, REGISTRAR):
            for action in available_actions(roles=roles, own_organisation=True, status=status):
                if action != Action.EDIT:
                    offered.add((status, TARGET_STATUS[action]))
    allowed = {(a, b) for a, targets in workflow.ALLOWED_TRANSITIONS.items() for b in targets}
    assert offered == allowed


@pytest.mark.parametrize(
    ("birth_date", "birth_year", "precision", "started", "reported", "expected"),
    [
        (date(2009, 5, 1), None, "exact", date(2026, 1, 1), date(2026, 3, 1), True),
        (date(2000, 5, 1), None, "exact", date(2026, 1, 1), date(2026, 3, 1), False),
        # 18th birthday on the day the exploitation began: no longer a minor.
        (date(2008, 1, 1), None, "exact", date(2026, 1, 1), date(2026, 3, 1), False),
        (None, 2008, "year", date(2026, 1, 1), date(2026, 3, 1), None),
        (None, 2010, "year", date(2026, 1, 1), date(2026, 3, 1), True),
        (None, None, "unknown", date(2026, 1, 1), date(2026, 3, 1), None),
        # No start date: a minor at the report date was a minor when it began.
        (date(2010, 5, 1), None, "exact", None, date(2026, 3, 1), True),
        (date(2000, 5, 1), None, "exact", None, date(2026, 3, 1), None),
    ],
)
def test_minor_at_exploitation_start(  # noqa: PLR0917 -- one parameter per table column
    birth_date, birth_year, precision, started, reported, expected
) -> None:
    assert (
        minor_at_exploitation_start(
            birth_date=birth_date,
            birth_year=birth_year,
            precision=precision,
            exploitation_started_on=started,
            reported_on=reported,
        )
        is expected
    )
