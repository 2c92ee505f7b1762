"""The placement workflow as one table: (status, action) → new status, and who acts.

reserve → confirm → arrive (occupied) → discharge with a reason. A reservation that is not
confirmed in time expires and the request is open again; the requester may release a
reservation or cancel an open request.
"""

from __future__ import annotations

from datetime import timedelta

from .choices import PlacementAction as A
from .choices import PlacementStatus as S
from .choices import PlaceStatus

RESERVATION_HOURS = 4  # a shelter answers a reservation within a working morning
STALE_AFTER = timedelta(hours=24)


class Actor:
    REQUESTER = "requester"  # the registrar or the requesting organisation's case worker
    SHELTER = "shelter"  # case workers of the organisation that runs the place
    SYSTEM = "system"


TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    # (from, action): (to, who may do it)
    (S.OPEN, A.RESERVE): (S.RESERVED, Actor.REQUESTER),
    (S.OPEN, A.CANCEL): (S.CANCELLED, Actor.REQUESTER),
    (S.RESERVED, A.CONFIRM): (S.CONFIRMED, Actor.SHELTER),
    (S.RESERVED, A.RELEASE): (S.OPEN, Actor.REQUESTER),
    (S.RESERVED, A.EXPIRE): (S.OPEN, Actor.SYSTEM),
    (S.CONFIRMED, A.ARRIVE): (S.OCCUPIED, Actor.SHELTER),
    (S.CONFIRMED, A.RELEASE): (S.OPEN, Actor.REQUESTER),
    (S.OCCUPIED, A.DISCHARGE): (S.DISCHARGED, Actor.SHELTER),
}

# What the place becomes when a placement enters each status.
PLACE_STATUS_FOR: dict[str, str] = {
    S.OPEN: PlaceStatus.FREE,
    S.RESERVED: PlaceStatus.RESERVED,
    S.CONFIRMED: PlaceStatus.RESERVED,
    S.OCCUPIED: PlaceStatus.OCCUPIED,
    S.DISCHARGED: PlaceStatus.FREE,
}

LIVE = (S.RESERVED, S.CONFIRMED, S.OCCUPIED)


def actions_from(status: str, who: set[str]) -> list[str]:
    return [a for (s, a), (_to, by) in TRANSITIONS.items() if s == status and by in who]
