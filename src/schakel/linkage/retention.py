"""Retention services of linkage, called by `schakel.retention` (docs/adr/0027).

A review pair names two person records by id (no database relation), so when a retention
rule deletes a record the pair would point at nothing. Such pairs are deleted here, audited
with ids only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from schakel.core import audit
from schakel.core.models import AuditAction

from .models import ReviewPair


def review_pair_ids_without_records(
    *, existing_record_ids: Callable[[Iterable[int]], set[int]]
) -> list[int]:
    pairs = list(ReviewPair.objects.order_by("pk").values_list("pk", "record_a", "record_b"))
    existing = existing_record_ids({r for _pk, a, b in pairs for r in (a, b)})
    return [pk for pk, a, b in pairs if a not in existing or b not in existing]


def review_pairs_delete(*, pair_ids: Iterable[int], rule: str) -> int:
    deleted = 0
    with transaction.atomic():
        for pk in ReviewPair.objects.filter(pk__in=list(pair_ids)).values_list("pk", flat=True):
            ReviewPair.objects.filter(pk=pk).delete()
            audit.audit_retention(
                action=AuditAction.DELETE, object_type="linkage.reviewpair", object_id=pk, rule=rule
            )
            deleted += 1
    return deleted
