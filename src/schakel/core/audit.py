"""Writing and verifying the audit trail.

Events are written by the service or selector that does the work, inside its transaction, so
a failed audit write rolls the work back. One constructor per kind of event keeps the closed
vocabulary of `AuditAction` in one place.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from . import rows
from .models import AuditAction, AuditChainHead, AuditEvent, AuditOutcome
from .purposes import Purpose
from .request_context import current_request_id

if TYPE_CHECKING:
    from schakel.accounts.models import User

GENESIS_HASH = "0" * 64


def compute_event_hash(
    *,
    previous_hash: str,
    sequence: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_username: str,
    organisation_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    subject_person_id: str,
    purpose: str,
    outcome: str,
    request_id: str,
    details: dict[str, Any],
) -> str:
    """SHA-256 over the previous hash and a canonical JSON of every stored field."""
    payload = json.dumps(
        [
            sequence,
            occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            actor_id,
            actor_username,
            organisation_id,
            action,
            object_type,
            object_id,
            subject_person_id,
            purpose,
            outcome,
            request_id,
            details,
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(f"{previous_hash}|{payload}".encode()).hexdigest()


_pending = threading.local()


@contextmanager
def batch() -> Iterator[None]:
    """Write the events recorded inside the block together, at its end, in one chain step.

    Every event takes the single chain-head row lock until its transaction commits, so all
    audited writes queue on it. A service that records several events (a report created and
    submitted) wraps them in `batch()` inside its transaction: the lock is taken once, as late
    as possible, and held only for the rest of the commit. The events keep their order and
    their own timestamps. If the block raises, nothing of it is written.
    """
    if getattr(_pending, "events", None) is not None:
        yield  # already inside a batch: the outer one writes
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.batch() must run inside the transaction it audits")
    _pending.events = []
    try:
        yield
        events: list[AuditEvent] = _pending.events
    finally:
        _pending.events = None
    if events:
        _write(events)


def _write(events: list[AuditEvent]) -> None:
    """Chain and store events: one head lock, one insert, one head update."""
    with transaction.atomic(savepoint=False):
        last_sequence, last_hash = _lock_head()
        for event in events:
            event.sequence = last_sequence + 1
            event.previous_hash = last_hash
            event.event_hash = compute_event_hash(
                previous_hash=last_hash,
                **{name: getattr(event, name) for name in _HASHED_FIELDS},
            )
            last_sequence, last_hash = event.sequence, event.event_hash
        rows.insert(events)
        rows.execute(
            f"UPDATE {_HEAD_TABLE} SET last_sequence = %s, last_hash = %s WHERE id = 1",  # noqa: S608 -- our own table name
            [last_sequence, last_hash],
        )


# Every audited write passes here, so the head is read and moved with plain statements
# rather than through the ORM's query building (docs/benchmarks.md, issue 3).
_HEAD_TABLE = AuditChainHead._meta.db_table


def _lock_head() -> tuple[int, str]:
    """The chain head's sequence and hash, its row locked until the transaction ends."""
    lock = " FOR UPDATE" if transaction.get_connection().features.has_select_for_update else ""
    found = rows.execute(f"SELECT last_sequence, last_hash FROM {_HEAD_TABLE} WHERE id = 1{lock}")  # noqa: S608 -- our own table name
    if not found:  # the very first event
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        return head.last_sequence, head.last_hash
    return int(found[0][0]), str(found[0][1])


_HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_username",
    "organisation_id",
    "action",
    "object_type",
    "object_id",
    "subject_person_id",
    "purpose",
    "outcome",
    "request_id",
    "details",
)


def _record(
    *,
    action: AuditAction,
    outcome: AuditOutcome,
    actor: User | None,
    object_type: str = "",
    object_id: object = "",
    subject_person_id: object = "",
    purpose: Purpose | str = "",
    details: dict[str, Any] | None = None,
    actor_username: str = "",
) -> AuditEvent:
    # Round-trip the details through JSON so the hashed form equals what is read back later.
    clean_details: dict[str, Any] = json.loads(json.dumps(details or {}, default=str))
    user = actor if actor is not None and actor.is_authenticated else None
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor_id=user.pk if user is not None else None,
        actor_username=user.get_username() if user is not None else actor_username,
        organisation_id=getattr(user, "organisation_id", None) if user is not None else None,
        action=str(action),
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        subject_person_id=str(subject_person_id) if subject_person_id != "" else "",
        purpose=str(purpose),
        outcome=str(outcome),
        request_id=current_request_id(),
        details=clean_details,
    )
    pending = getattr(_pending, "events", None)
    if pending is not None:
        pending.append(event)  # sequence and hash are given when the batch is written
    else:
        _write([event])
    return event


# -- one constructor per event -----------------------------------------------------------------


def audit_read(
    *,
    actor: User,
    object_type: str,
    object_id: object,
    purpose: Purpose,
    subject_person_id: object = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    return _record(
        action=AuditAction.READ,
        outcome=AuditOutcome.ALLOWED,
        actor=actor,
        object_type=object_type,
        object_id=object_id,
        purpose=purpose,
        subject_person_id=subject_person_id,
        details=details,
    )


def audit_list(
    *,
    actor: User,
    object_type: str,
    object_ids: Iterable[object],
    purpose: Purpose,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    ids = [str(i) for i in object_ids]
    return _record(
        action=AuditAction.LIST,
        outcome=AuditOutcome.ALLOWED,
        actor=actor,
        object_type=object_type,
        purpose=purpose,
        details={**(details or {}), "ids": ids, "count": len(ids)},
    )


def audit_change(
    *,
    actor: User | None,
    action: AuditAction,
    object_type: str,
    object_id: object,
    purpose: Purpose,
    subject_person_id: object = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    if action not in {
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.DELETE,
        AuditAction.TRANSITION,
        AuditAction.EXPORT,
    }:
        raise ValueError(f"{action} is not a change")
    return _record(
        action=action,
        outcome=AuditOutcome.ALLOWED,
        actor=actor,
        object_type=object_type,
        object_id=object_id,
        purpose=purpose,
        subject_person_id=subject_person_id,
        details=details,
    )


def audit_denied(
    *,
    actor: User | None,
    object_type: str,
    object_id: object = "",
    purpose: Purpose | str = "",
    reason: str,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    return _record(
        action=AuditAction.DENIED,
        outcome=AuditOutcome.DENIED,
        actor=actor,
        object_type=object_type,
        object_id=object_id,
        purpose=purpose,
        details={**(details or {}), "reason": reason},
    )


def audit_authentication(
    *,
    action: AuditAction,
    actor: User | None,
    username: str = "",
    outcome: AuditOutcome = AuditOutcome.ALLOWED,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    if action not in {
        AuditAction.LOGIN,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOCKOUT,
        AuditAction.LOGOUT,
        AuditAction.SECOND_FACTOR_VERIFIED,
        AuditAction.SECOND_FACTOR_FAILED,
        AuditAction.SECOND_FACTOR_ENROLLED,
    }:
        raise ValueError(f"{action} is not an authentication event")
    return _record(
        action=action,
        outcome=outcome,
        actor=actor,
        actor_username=username,
        object_type="accounts.user",
        details=details,
    )


def audit_system(
    *, action: AuditAction, actor: User | None, details: dict[str, Any] | None = None
) -> AuditEvent:
    return _record(
        action=action,
        outcome=AuditOutcome.ALLOWED,
        actor=actor,
        purpose=Purpose.SYSTEM,
        actor_username="system",
        details=details,
    )


def audit_retention(
    *,
    action: AuditAction,
    object_type: str,
    object_id: object = "",
    rule: str,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """A change made by a retention rule (schakel.retention), by the system, not a person.

    The caller passes identifiers and counts only: the event of a deletion must not keep the
    personal data that was deleted.
    """
    if action not in {AuditAction.DELETE, AuditAction.UPDATE}:
        raise ValueError(f"{action} is not a retention change")
    return _record(
        action=action,
        outcome=AuditOutcome.ALLOWED,
        actor=None,
        actor_username="system",
        object_type=object_type,
        object_id=object_id,
        purpose=Purpose.SYSTEM,
        details={"retention_rule": rule, **(details or {})},
    )


# -- verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    reason: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_break: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def _events_in_order(batch_size: int = 5000) -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("sequence").iterator(chunk_size=batch_size)


def verify_chain() -> ChainReport:
    """Recompute every hash in order and name the first event that does not fit."""
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    for event in _events_in_order():
        if event.sequence != expected_sequence:
            return ChainReport(
                checked,
                ChainBreak(
                    expected_sequence,
                    f"event #{expected_sequence} is missing (next is #{event.sequence})",
                ),
            )
        if event.previous_hash != expected_previous:
            return ChainReport(
                checked,
                ChainBreak(
                    event.sequence, "previous-hash does not match the hash of the event before it"
                ),
            )
        recomputed = compute_event_hash(
            previous_hash=event.previous_hash,
            sequence=event.sequence,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            actor_username=event.actor_username,
            organisation_id=event.organisation_id,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            subject_person_id=event.subject_person_id,
            purpose=event.purpose,
            outcome=event.outcome,
            request_id=event.request_id,
            details=event.details,
        )
        if recomputed != event.event_hash:
            return ChainReport(
                checked,
                ChainBreak(
                    event.sequence, "content was changed after it was written (hash mismatch)"
                ),
            )
        expected_previous = event.event_hash
        expected_sequence += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_sequence != checked:
        return ChainReport(
            checked,
            ChainBreak(
                checked + 1, f"the chain ends at #{checked} but its head says #{head.last_sequence}"
            ),
        )
    return ChainReport(checked, None)
