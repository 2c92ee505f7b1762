"""Pure rules of the consent register: who signs, and what a consent covers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

# CoMensha: from 16 the person signs; below that a legal guardian (parent or guardian).
SIGNING_AGE = 16


class ConsentLike(Protocol):
    categories: list[str]
    recipient_domains: list[str]
    purposes: list[str]


def covered(
    consents: Iterable[ConsentLike], category: str, recipient_domain: str, purpose: str
) -> bool:
    """Does any active consent cover this category, recipient domain and purpose?"""
    return any(
        category in c.categories
        and recipient_domain in c.recipient_domains
        and purpose in c.purposes
        for c in consents
    )


def _age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def age_range_on(
    *, birth_date: date | None, birth_year: int | None, precision: str, on: date
) -> tuple[int, int] | None:
    """Youngest and oldest possible age on a date; None when nothing is known."""
    if precision == "exact" and birth_date is not None:
        age = _age_on(birth_date, on)
        return age, age
    year = birth_year or (birth_date.year if birth_date else None)
    if year is None:
        return None
    youngest, oldest = _age_on(date(year, 12, 31), on), _age_on(date(year, 1, 1), on)
    if precision == "estimated":
        youngest, oldest = youngest - 2, oldest + 2
    return youngest, oldest


def required_signer(age: tuple[int, int] | None) -> str | None:
    """'person' from 16, 'guardian' below; None when the age cannot tell (either may sign)."""
    if age is None:
        return None
    youngest, oldest = age
    if youngest >= SIGNING_AGE:
        return "person"
    if oldest < SIGNING_AGE:
        return "guardian"
    return None
