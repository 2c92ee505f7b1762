"""Running the retention rules: `schakel retention run [--dry-run]`.

Idempotent: every rule selects only rows that are past their term *and* still hold what the
action removes, so a second run on the same day finds nothing to do. A dry run reads and
counts and writes nothing, not even an audit event. A real run writes one system audit event
per rule it executed (with the counts), beside the per-row events of the owning apps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from schakel.core import audit
from schakel.core.models import AuditAction

from .executors import EXECUTORS, Cutoff
from .models import RetentionAction, RetentionRule
from .selectors import rules_in_force

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_AUDIT_ACTION = {
    RetentionAction.DELETE: AuditAction.DELETE,
    RetentionAction.PSEUDONYMISE: AuditAction.UPDATE,
    # Counting the rows past their term is a read; nothing changes.
    RetentionAction.KEEP: AuditAction.READ,
}


@dataclass(frozen=True)
class RuleOutcome:
    code: str
    table: str
    action: str
    term_days: int
    valid_from: date
    cutoff: date
    rows: int  # rows the action applied to (or, in a dry run, would apply to)
    held: int  # past the term but still needed by another app, left alone
    dry_run: bool


def cutoff_for(rule: RetentionRule, today: date) -> Cutoff:
    day = today - timedelta(days=rule.term_days)
    return Cutoff(day=day, moment=datetime.combine(day, time.min, tzinfo=AMSTERDAM))


def retention_run(*, today: date, dry_run: bool) -> list[RuleOutcome]:
    outcomes = []
    for rule in rules_in_force(today):
        executor = EXECUTORS[rule.code]
        cutoff = cutoff_for(rule, today)
        with transaction.atomic():
            found = executor.find(cutoff)
            rows = found.rows
            if not dry_run:
                applied = executor.apply(found, rule.code) if found.rows else 0
                rows = found.rows if rule.action == RetentionAction.KEEP else applied
                audit.audit_system(
                    action=_AUDIT_ACTION[RetentionAction(rule.action)],
                    actor=None,
                    details={
                        "retention_rule": rule.code,
                        "valid_from": rule.valid_from.isoformat(),
                        "table": rule.table,
                        "action": rule.action,
                        "term_days": rule.term_days,
                        "cutoff": cutoff.day.isoformat(),
                        "rows": rows,
                        "held": found.held,
                    },
                )
        outcomes.append(
            RuleOutcome(
                code=rule.code,
                table=rule.table,
                action=rule.action,
                term_days=rule.term_days,
                valid_from=rule.valid_from,
                cutoff=cutoff.day,
                rows=rows,
                held=found.held,
                dry_run=dry_run,
            )
        )
    return outcomes
