"""Keeping the intake index current as reports arrive and change.

Any save of a person record or a report, and any deletion of a person record, marks that
record; when the transaction commits, the marked records are read again through the
registry (`registry.clustering.linkage_rows_changed`, audited) and their rows in the index
replaced (`services.intake_refresh`: `prepare_one` and a few statements, no DataFrame, as
it runs after every saved report): a submitted report is in the index for the next check, a
corrected name is looked up under its new keys, and a record that is deleted, back to
draft or restricted leaves the index. Bulk loads (`registry.bulk`, ``bulk_create``) send no
signals: `schakel link run` (or `schakel link index`) rebuilds the whole index.

The refresh runs right after the commit (``transaction.on_commit``), not inside the
transaction: a report's identity documents are written after its person record, so only
the committed state is complete. A refresh that fails is logged and does not undo the
report (``robust``); the next run rebuilds the index. Nothing is done before the first
linkage run has built an index.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)
_local = threading.local()


def _pending() -> tuple[set[int], set[int]]:
    if not hasattr(_local, "records"):
        _local.records, _local.reports = set(), set()
    return _local.records, _local.reports


def _flush() -> None:
    records, reports = _pending()
    if not records and not reports:
        return  # an earlier callback of the same transaction did the work
    record_ids, report_ids = sorted(records), sorted(reports)
    records.clear()
    reports.clear()
    from . import services

    if not services.index_built():
        return  # no index yet: the first run builds it
    services.intake_refresh(record_ids, report_ids)


def _mark(*, record: int | None = None, report: int | None = None) -> None:
    records, reports = _pending()
    if record is not None:
        records.add(record)
    if report is not None:
        reports.add(report)
    transaction.on_commit(_flush, robust=True)


def record_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    _mark(record=instance.pk)


def report_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    _mark(report=instance.pk)


def connect() -> None:
    """Called from the app config; the senders by label (linkage never imports the
    registry's models)."""
    post_save.connect(record_changed, sender="registry.PersonRecord", dispatch_uid="linkage-r")
    post_delete.connect(record_changed, sender="registry.PersonRecord", dispatch_uid="linkage-d")
    post_save.connect(report_changed, sender="registry.Report", dispatch_uid="linkage-s")
