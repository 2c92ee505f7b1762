"""Progress workflow rules and indicator forecasts: pure functions, table-driven."""

from __future__ import annotations

import datetime as dt

import pytest

from schakel.programme import forecast as fc
from schakel.programme.workflow import (
    ALLOWED_TRANSITIONS,
    CLOSED,
    ActionState,
    ProgressStatus,
    Step,
    check_update,
    is_overdue,
    project,
)

S = ProgressStatus
D = dt.date
TODAY = D(2021, 1, 1)


JUNE = D(2020, 6, 1)


def state(
    status: S = S.ON_TRACK, due: D | None = JUNE, *, fixed: bool = True, last: D | None = None
) -> ActionState:
    return ActionState(
        status=status,
        due_date=due,
        has_fixed_end=fixed,
        starts_on=D(2020, 1, 1),
        last_reported_on=last,
    )


@pytest.mark.parametrize(
    ("st", "status", "on", "new", "fields"),
    [
        (state(), S.ON_TRACK, D(2020, 3, 1), None, []),
        (state(S.NOT_STARTED), S.COMPLETED, D(2020, 3, 1), None, []),
        # completed before it started
        (state(S.NOT_STARTED), S.COMPLETED, D(2019, 12, 31), None, ["reported_on"]),
        # a delay without a new date, and with a date that is not later
        (state(), S.DELAYED, D(2020, 3, 1), None, ["new_end_date"]),
        (state(), S.DELAYED, D(2020, 3, 1), D(2020, 6, 1), ["new_end_date"]),
        (state(), S.DELAYED, D(2020, 3, 1), D(2020, 9, 1), []),
        (state(due=None, fixed=False), S.DELAYED, D(2020, 3, 1), D(2020, 2, 1), ["new_end_date"]),
        # a new date belongs to a delay only
        (state(), S.ON_TRACK, D(2020, 3, 1), D(2020, 9, 1), ["new_end_date"]),
        # ongoing only for actions without an end date
        (state(), S.ONGOING, D(2020, 3, 1), None, ["status"]),
        (state(due=None, fixed=False), S.ONGOING, D(2020, 3, 1), None, []),
        # final statuses, back to not started, dates in the future or before the last update
        (state(S.COMPLETED), S.ON_TRACK, D(2020, 3, 1), None, ["status"]),
        (state(S.CANCELLED), S.DELAYED, D(2020, 3, 1), D(2020, 9, 1), ["status"]),
        (state(S.ON_TRACK), S.NOT_STARTED, D(2020, 3, 1), None, ["status"]),
        (state(), S.ON_TRACK, D(2021, 1, 2), None, ["reported_on"]),
        (state(last=D(2020, 5, 1)), S.ON_TRACK, D(2020, 4, 1), None, ["reported_on"]),
    ],
)
def test_check_update(st: ActionState, status: S, on: D, new: D | None, fields: list[str]) -> None:
    refusals = check_update(
        state=st, status=status, reported_on=on, new_end_date=new, text="toelichting", today=TODAY
    )
    assert [r.field for r in refusals] == fields
    assert all(r.message for r in refusals)


def test_empty_text_is_refused() -> None:
    refusals = check_update(
        state=state(),
        status=S.ON_TRACK,
        reported_on=D(2020, 3, 1),
        new_end_date=None,
        text="  ",
        today=TODAY,
    )
    assert [r.field for r in refusals] == ["text"]


def test_transition_table_covers_every_status_and_closes_final_ones() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(S)
    for source, targets in ALLOWED_TRANSITIONS.items():
        assert targets <= set(S)
        if source in CLOSED:
            assert targets == {source}
        else:
            assert S.NOT_STARTED not in targets or source == S.NOT_STARTED


def test_project_and_overdue() -> None:
    status, due = project(
        planned_end=D(2005, 1, 1),
        steps=[Step(S.ON_TRACK, None), Step(S.DELAYED, D(2005, 5, 1)), Step(S.ON_TRACK, None)],
    )
    assert (status, due) == (S.ON_TRACK, D(2005, 5, 1))
    assert is_overdue(status=status, due_date=due, on=D(2005, 5, 2))
    assert not is_overdue(status=S.COMPLETED, due_date=due, on=D(2005, 5, 2))
    assert not is_overdue(status=S.ONGOING, due_date=None, on=D(2030, 1, 1))


def test_forecast_of_suspects_registered_by_the_prosecution_service() -> None:
    """124 until September 2020 (2020 letter, footnote 4): the letter says 160-170."""
    f = fc.forecast_count(counted=124, as_of=D(2020, 9, 30))
    assert round(f.point) == 166
    assert (f.low, f.high) == (156, 176)
    assert f.low <= 160
    assert f.high >= 170
    assert (
        fc.status_colour(forecast=f, target=190, higher_is_better=True, tolerance_percent=10)
        is fc.Colour.RED
    )
    # With a 15% tolerance the shortfall of 13% would be amber.
    assert (
        fc.status_colour(forecast=f, target=190, higher_is_better=True, tolerance_percent=15)
        is fc.Colour.AMBER
    )


@pytest.mark.parametrize(
    ("point", "low", "high", "target", "higher", "colour"),
    [
        (200, 190, 210, 190, True, fc.Colour.GREEN),
        (180, 170, 185, 190, True, fc.Colour.AMBER),  # within 10%
        (160, 150, 195, 190, True, fc.Colour.AMBER),  # the range still reaches the target
        (160, 150, 170, 190, True, fc.Colour.RED),
        (90, 80, 100, 100, False, fc.Colour.GREEN),  # lower is better
        (120, 115, 125, 100, False, fc.Colour.RED),
        (105, 95, 115, 100, False, fc.Colour.AMBER),
    ],
)
def test_status_colour_rule(  # noqa: PLR0917 -- one parameter per table column
    point: float, low: float, high: float, target: float, higher: bool, colour: fc.Colour
) -> None:
    f = fc.Forecast(point, low, high, fc.Method.EXTRAPOLATED, D(2020, 9, 30))
    assert (
        fc.status_colour(forecast=f, target=target, higher_is_better=higher, tolerance_percent=10)
        is colour
    )


def test_grey_without_target_or_figures_and_realised_years() -> None:
    f = fc.forecast_count(counted=1372, as_of=D(2019, 12, 31))
    assert (f.point, f.low, f.high, f.method) == (1372, 1372, 1372, fc.Method.REALISED)
    assert (
        fc.status_colour(forecast=f, target=None, higher_is_better=True, tolerance_percent=10)
        is fc.Colour.GREY
    )
    assert (
        fc.status_colour(forecast=None, target=10, higher_is_better=True, tolerance_percent=10)
        is fc.Colour.GREY
    )
    level = fc.forecast_level(latest=94, as_of=D(2020, 11, 30))
    assert (level.point, level.method) == (94, fc.Method.LATEST_LEVEL)
    assert (
        fc.status_colour(forecast=level, target=100, higher_is_better=True, tolerance_percent=10)
        is fc.Colour.AMBER
    )
