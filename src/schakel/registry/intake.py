"""Reports that arrive from partner systems: the API's idempotent create and file imports.

Both end in `services.report_create`, so a report made here is the same as one typed in the
web form (same validation, numbering and audit event). Authorisation is checked before any
transaction opens, so the audit event of a refusal is never rolled back with the work.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import User
from schakel.core import audit, rows
from schakel.core.errors import ApplicationError, NotAllowed

from . import services
from .inputs import ReportInput
from .models import IdempotencyKey, Report
from .policies import purpose_for

# models.py: an Idempotency-Key is kept 7 days; after that the same key starts afresh.
IDEMPOTENCY_KEY_LIFETIME = timedelta(days=7)
IDEMPOTENCY_HEADER = "Idempotency-Key"


class IdempotencyKeyReused(ApplicationError):
    """The same key came with a different request: the client has a bug, not a retry."""

    status_code = 422
    default_message = _(
        "Deze Idempotency-Key is al gebruikt voor een ander verzoek. Gebruik per nieuwe "
        "melding een nieuwe sleutel; herhaal een verzoek alleen ongewijzigd."
    )


def authorise_report_create(*, actor: User) -> None:
    """Refuse (audited) an actor who may not report; the same rule as the web form."""
    if actor.has_perm("registry.add_report") and actor.organisation_id is not None:
        return
    audit.audit_denied(
        actor=actor,
        object_type="registry.report",
        purpose=purpose_for(actor),
        reason="no reporting role",
    )
    raise NotAllowed


def request_fingerprint(*, data: ReportInput, submit: bool) -> str:
    """A hash of what was asked, independent of key order or spelling of the JSON."""
    payload = json.dumps(
        {"data": services.report_input_as_dict(data), "submit": submit},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _earlier_answer(*, actor: User, key: str, fingerprint: str) -> Report | None:
    row = IdempotencyKey.objects.filter(user=actor, key=key).select_related("report").first()
    if row is None:
        return None
    if row.created_at < timezone.now() - IDEMPOTENCY_KEY_LIFETIME:
        row.delete()
        return None
    if row.request_fingerprint != fingerprint:
        raise IdempotencyKeyReused(field=IDEMPOTENCY_HEADER)
    return row.report


def _claim_key(*, actor: User, key: str, report: Report, fingerprint: str) -> bool:
    """Store the key for ``report``; False when the key is already taken (or is being taken
    by a transaction not yet committed: the insert waits for it, then sees the conflict)."""
    table = IdempotencyKey._meta.db_table
    claimed = rows.execute(
        f"INSERT INTO {table} (key, user_id, request_fingerprint, report_id, created_at) "  # noqa: S608 -- our own table name
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (user_id, key) DO NOTHING RETURNING id",
        [
            key,
            actor.pk,
            fingerprint,
            report.pk,
            connection.ops.adapt_datetimefield_value(timezone.now()),
        ],
    )
    return bool(claimed)


class _KeyTaken(Exception):
    """Rolls back a report made for a key that turned out to be taken."""


def report_create_idempotent(
    *, actor: User, data: ReportInput, submit: bool, key: str, today: date | None = None
) -> tuple[Report, bool]:
    """Create a report once per (actor, key); a retry returns the first report.

    Returns the report and whether it was created now. The report and its key are written in
    one transaction, the key last with ``INSERT … ON CONFLICT DO NOTHING`` on the unique
    (user, key): when the key is taken, the report just made (its number, its audit events)
    is rolled back and the first request's report is returned, or 422 if that request was a
    different one. A first request pays no extra look-up; a retry pays a rolled-back create.
    """
    authorise_report_create(actor=actor)
    fingerprint = request_fingerprint(data=data, submit=submit)
    while True:  # again only when the key's row had expired (and was deleted) meanwhile
        try:
            # The outer audit batch writes the report's events after the key is claimed: the
            # audit chain's head lock is then held only for the events and the commit, and a
            # retry rolls back without having written any.
            with transaction.atomic(), audit.batch():
                report = services.report_create(actor=actor, data=data, submit=submit, today=today)
                if not _claim_key(actor=actor, key=key, report=report, fingerprint=fingerprint):
                    raise _KeyTaken
            return report, True
        except _KeyTaken:
            earlier = _earlier_answer(actor=actor, key=key, fingerprint=fingerprint)
            if earlier is not None:
                return earlier, False


# -- file import -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str  # the header as written in the file; "" for the whole row or file
    message: str


@dataclass(frozen=True)
class ImportOutcome:
    errors: list[RowError]
    numbers: list[str]

    @property
    def imported(self) -> bool:
        return not self.errors


def reports_import(
    *, actor: User, rows: Sequence[tuple[int, ReportInput]], submit: bool, today: date | None = None
) -> ImportOutcome:
    """Create one report per parsed row, all in one transaction: every row, or none.

    ``rows`` have passed `importer.parse_file` (pure checks). Should a row still be refused
    here, everything is rolled back and that row is named.
    """
    authorise_report_create(actor=actor)
    numbers: list[str] = []
    current_row = 0
    try:
        with transaction.atomic():
            for row_number, data in rows:
                current_row = row_number
                numbers.append(
                    services.report_create(
                        actor=actor, data=data, submit=submit, today=today
                    ).number
                )
    except ApplicationError as exc:
        return ImportOutcome(
            errors=[RowError(current_row, exc.field or "", str(exc.message))], numbers=[]
        )
    return ImportOutcome(errors=[], numbers=numbers)
