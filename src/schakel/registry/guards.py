"""Checks that other apps add to the registry's changes, without the registry importing them.

schakel.sharing registers the GDPR art. 18 restriction: while a person's processing is
restricted, their reports are neither edited nor moved through the workflow (rectification,
the art. 16 route, stays possible). A guard returns the reason for refusing, or None.
"""

from __future__ import annotations

from collections.abc import Callable

PersonGuard = Callable[[int], "str | None"]

_GUARDS: list[PersonGuard] = []


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
