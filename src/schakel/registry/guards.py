"""Checks that other apps add to the registry's changes, without the registry importing them.

schakel.sharing registers the GDPR art. 18 restriction: while a person's processing is
restricted, their reports are neither edited nor moved through the workflow (rectification,
the art. 16 route, stays possible). A guard returns the reason for refusing, or None.

For bulk processing (linkage reads every record, retention deletes and pseudonymises by the
thousand) the same restriction comes as one set of person ids: `restricted_people()`. Their
records are left out of both: restricted data is only stored (art. 18(2)), and the data
subject may have asked for restriction instead of erasure (art. 18(1)(b)).
"""

from __future__ import annotations

from collections.abc import Callable

PersonGuard = Callable[[int], "str | None"]

_GUARDS: list[PersonGuard] = []
RestrictedPeople = Callable[[], "set[int]"]
_RESTRICTED: list[RestrictedPeople] = []


def register(guard: PersonGuard) -> None:
    if guard not in _GUARDS:
        _GUARDS.append(guard)


def active() -> bool:
    return bool(_GUARDS)


def processing_refusal(person_id: int) -> str | None:
    for guard in _GUARDS:
        reason = guard(person_id)
        if reason:
            return reason
    return None


def register_restricted_people(provider: RestrictedPeople) -> None:
    if provider not in _RESTRICTED:
        _RESTRICTED.append(provider)


def restricted_people() -> frozenset[int]:
    """Every person whose processing is restricted now, by every registered provider."""
    people: set[int] = set()
    for provider in _RESTRICTED:
        people |= provider()
    return frozenset(people)
