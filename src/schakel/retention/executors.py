"""How each retention rule is carried out: through the owning app's own retention services.

A rule names another app's table (data in `RetentionRule`); this module maps its code to two
steps: `find` the rows past the cut-off (and those another app still holds), `apply` the
action to them. Nothing here touches another app's models: registry, identification,
residence and shelter each delete or pseudonymise their own rows, audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from schakel.core.models import AuditEvent
from schakel.identification import retention as identification
from schakel.linkage import retention as linkage
from schakel.registry import retention as registry
from schakel.residence import retention as residence
from schakel.shelter import retention as shelter


@dataclass(frozen=True)
class Cutoff:
    """Rows older than this are past their term: a calendar day and its first moment."""

    day: date
    moment: datetime


@dataclass(frozen=True)
class Found:
    rows: int  # rows the action applies to
    keys: list[int] = field(default_factory=list)  # what `apply` needs to do it
    held: int = 0  # past the term, but another app still refers to them (left alone)


@dataclass(frozen=True)
class Executor:
    find: Callable[[Cutoff], Found]
    apply: Callable[[Found, str], int]


def _deletable(report_ids: list[int]) -> Found:
    held = residence.report_ids_with_procedures(report_ids) | shelter.report_ids_with_placements(
        report_ids
    )
    keys = [pk for pk in report_ids if pk not in held]
    return Found(rows=len(keys), keys=keys, held=len(held))


def _delete_reports(found: Found, rule: str) -> int:
    # Assessments first, by identification's own service (audited), then the reports.
    identification.assessments_delete_for_reports(report_ids=found.keys, rule=rule)
    return registry.reports_delete(report_ids=found.keys, rule=rule)


def _assessments_found(cutoff: Cutoff) -> Found:
    report_ids = registry.registered_report_ids(decided_before=cutoff.moment)
    count = identification.assessments_with_free_text_count(report_ids=report_ids)
    return Found(rows=count, keys=report_ids if count else [])


def _procedures_found(cutoff: Cutoff) -> Found:
    keys = residence.ended_procedure_ids_to_pseudonymise(ended_before=cutoff.day)
    return Found(rows=len(keys), keys=keys)


def _placements_found(cutoff: Cutoff) -> Found:
    keys = shelter.closed_placement_ids(closed_before=cutoff.moment)
    return Found(rows=len(keys), keys=keys)


def _registered_found(cutoff: Cutoff) -> Found:
    keys = registry.report_ids_to_pseudonymise(decided_before=cutoff.moment)
    return Found(rows=len(keys), keys=keys)


def _audit_events_found(cutoff: Cutoff) -> Found:
    # Shared kernel: counting is all this rule does (docs/adr/0026).
    return Found(rows=AuditEvent.objects.filter(occurred_at__lt=cutoff.moment).count())


def _review_pairs_found(_cutoff: Cutoff) -> Found:
    keys = linkage.review_pair_ids_without_records(existing_record_ids=registry.existing_record_ids)
    return Found(rows=len(keys), keys=keys)


def _keep(_found: Found, _rule: str) -> int:
    return 0


EXECUTORS: dict[str, Executor] = {
    "shelter-placements": Executor(
        find=_placements_found,
        apply=lambda found, rule: shelter.placements_delete(placement_ids=found.keys, rule=rule),
    ),
    "residence-procedures": Executor(
        find=_procedures_found,
        apply=lambda found, rule: residence.procedures_pseudonymise(
            procedure_ids=found.keys, rule=rule
        ),
    ),
    "registry-drafts": Executor(
        find=lambda cutoff: _deletable(registry.draft_report_ids(changed_before=cutoff.moment)),
        apply=_delete_reports,
    ),
    "registry-not-registered": Executor(
        find=lambda cutoff: _deletable(
            registry.closed_unregistered_report_ids(closed_before=cutoff.moment)
        ),
        apply=_delete_reports,
    ),
    "linkage-review-pairs": Executor(
        find=_review_pairs_found,
        apply=lambda found, rule: linkage.review_pairs_delete(pair_ids=found.keys, rule=rule),
    ),
    "registry-registered": Executor(
        find=_registered_found,
        apply=lambda found, rule: registry.reports_pseudonymise(report_ids=found.keys, rule=rule),
    ),
    "identification-assessments": Executor(
        find=_assessments_found,
        apply=lambda found, rule: identification.assessments_pseudonymise_for_reports(
            report_ids=found.keys, rule=rule
        ),
    ),
    "audit-events": Executor(find=_audit_events_found, apply=_keep),
}
