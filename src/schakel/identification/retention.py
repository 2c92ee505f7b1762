"""Retention services of identification, called by `schakel.retention` (docs/adr/0023).

Assessments go with their report: when a report is deleted, its assessments are deleted here
first (audited), not silently by the database cascade. When a report is pseudonymised, the
free text of its assessments is emptied; the conclusions and observed indicators stay for
statistics.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from schakel.core import audit
from schakel.core.models import AuditAction

from .models import Assessment, MdtAssessment, Observation


def assessments_delete_for_reports(*, report_ids: Iterable[int], rule: str) -> int:
    ids = list(report_ids)
    deleted = 0
    with transaction.atomic():
        for model, object_type in (
            (Assessment, "identification.assessment"),
            (MdtAssessment, "identification.mdt_assessment"),
        ):
            for pk in model.objects.filter(report_id__in=ids).values_list("pk", flat=True):
                model.objects.filter(pk=pk).delete()
                audit.audit_retention(
                    action=AuditAction.DELETE, object_type=object_type, object_id=pk, rule=rule
                )
                deleted += 1
    return deleted


def _with_free_text(report_ids: list[int]) -> tuple[set[int], set[int]]:
    assessments = set(
        Assessment.objects.filter(report_id__in=report_ids)
        .exclude(note="")
        .values_list("pk", flat=True)
    ) | set(
        Observation.objects.filter(assessment__report_id__in=report_ids)
        .exclude(note="")
        .values_list("assessment_id", flat=True)
    )
    mdt = set(
        MdtAssessment.objects.filter(report_id__in=report_ids)
        .exclude(reasoning="")
        .values_list("pk", flat=True)
    )
    return assessments, mdt


def assessments_with_free_text_count(*, report_ids: Iterable[int]) -> int:
    assessments, mdt = _with_free_text(list(report_ids))
    return len(assessments) + len(mdt)


def assessments_pseudonymise_for_reports(*, report_ids: Iterable[int], rule: str) -> int:
    """Empty notes and reasoning of these reports' assessments. Idempotent."""
    assessments, mdt = _with_free_text(list(report_ids))
    with transaction.atomic():
        for pk in sorted(assessments):
            Assessment.objects.filter(pk=pk).update(note="")
            Observation.objects.filter(assessment_id=pk).update(note="")
            audit.audit_retention(
                action=AuditAction.UPDATE,
                object_type="identification.assessment",
                object_id=pk,
                rule=rule,
                details={"fields_cleared": ["note", "observations.note"]},
            )
        for pk in sorted(mdt):
            MdtAssessment.objects.filter(pk=pk).update(reasoning="")
            audit.audit_retention(
                action=AuditAction.UPDATE,
                object_type="identification.mdt_assessment",
                object_id=pk,
                rule=rule,
                details={"fields_cleared": ["reasoning"]},
            )
    return len(assessments) + len(mdt)
