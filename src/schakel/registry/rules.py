"""Pure rules of the registry: age at a date, working-day deadlines, report validation.

No database, no clock: callers pass `today` and the values. Table-driven tests in
tests/registry/test_rules.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

# Imported here, not on the first call: loading the holidays package's country data takes about
# 0.3 s, which the first report of every server worker would otherwise wait for.
import holidays
import holidays.countries  # loaded now (see above)

from .choices import DatePrecision

ADULT_AGE = 18
# Estimated birth dates are taken to be uncertain by up to this many years either way.
ESTIMATE_MARGIN_YEARS = 2


def _age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def minor_on(  # noqa: PLR0911 -- one return per precision case reads best
    *, birth_date: date | None, birth_year: int | None, precision: str, on: date
) -> bool | None:
    """Was the person under 18 on ``on``? None when the birth data cannot tell.

    Art. 273f Sr: for a victim under 18 no means of coercion needs to be proven, so this
    is derived from the date of birth and never typed in by hand.
    """
    if precision == DatePrecision.EXACT and birth_date is not None:
        return _age_on(birth_date, on) < ADULT_AGE
    if precision == DatePrecision.YEAR and birth_year is not None:
        youngest = _age_on(date(birth_year, 12, 31), on)
        oldest = _age_on(date(birth_year, 1, 1), on)
        if oldest < ADULT_AGE:
            return True
        if youngest >= ADULT_AGE:
            return False
        return None
    if precision == DatePrecision.ESTIMATED and (birth_date is not None or birth_year):
        centre = birth_date or date(int(birth_year or 0), 7, 1)
        oldest = _age_on(centre, on) + ESTIMATE_MARGIN_YEARS
        youngest = _age_on(centre, on) - ESTIMATE_MARGIN_YEARS
        if oldest < ADULT_AGE:
            return True
        if youngest >= ADULT_AGE:
            return False
        return None
    return None


@cache
def _dutch_public_holidays(year: int) -> frozenset[date]:
    """Public holidays for legal deadlines in the Netherlands.

    Algemene termijnenwet art. 3(1) and the Besluit van 13 juli 1994 (Good Friday): New Year,
    Good Friday, Easter Monday, King's Day, 5 May (every year, unlike the usual day off),
    Ascension Day, Whit Monday, Christmas and Boxing Day. Sundays are never working days.
    """
    days = set(holidays.country_holidays("NL", years=year))
    days.add(date(year, 5, 5))
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _dutch_public_holidays(day.year)


def add_working_days(start: date, working_days: int) -> date:
    """The date ``working_days`` working days after ``start`` (start itself not counted)."""
    day = start
    remaining = working_days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str
