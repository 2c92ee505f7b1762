"""Retention services of shelter placements, called by `schakel.retention` (docs/adr/0025).

A closed placement (discharged or cancelled) is deleted with its history once its term has
passed; places and facilities stay. Open placements are never touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Max, Q

from schakel.core import audit
from schakel.core.models import AuditAction

from .choices import PlacementStatus
from .models import Placement

CLOSED = (PlacementStatus.DISCHARGED, PlacementStatus.CANCELLED)


def closed_placement_ids(*, closed_before: datetime) -> list[int]:
    return list(
        Placement.objects.filter(status__in=CLOSED)
        .annotate(last_event=Max("events__occurred_at"))
        .filter(
            Q(last_event__lt=closed_before)
            | Q(last_event__isnull=True, created_at__lt=closed_before)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def report_ids_with_placements(report_ids: Iterable[int]) -> set[int]:
    """Reports a placement still refers to: the registry may not delete them."""
    return set(
        Placement.objects.filter(report_id__in=list(report_ids)).values_list("report_id", flat=True)
    )


def placements_delete(*, placement_ids: Iterable[int], rule: str) -> int:
    deleted = 0
    with transaction.atomic():
        for placement in Placement.objects.filter(pk__in=list(placement_ids)).order_by("pk"):
            pk = placement.pk
            _total, per_table = placement.delete()
            audit.audit_retention(
                action=AuditAction.DELETE,
                object_type="shelter.placement",
                object_id=pk,
                rule=rule,
                details={"rows_deleted": {k.lower(): v for k, v in per_table.items() if v}},
            )
            deleted += 1
    return deleted
