"""Writes of the shared kernel: key rotation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models, transaction
from django.db.models.functions import Cast

from . import audit
from .crypto import PREFIX, encrypted_fields, key_ring
from .models import AuditAction

if TYPE_CHECKING:
    from schakel.accounts.models import User


def keys_rotate(*, actor: User | None = None, batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt every value not yet under the active key. Safe to run again (idempotent).

    Returns the number of values re-encrypted per ``model.field``.
    """
    ring = key_ring()
    active_prefix = f"{PREFIX}{ring.active_key_id}:"
    counts: dict[str, int] = {}
    for model, field in encrypted_fields():
        label = f"{model._meta.label_lower}.{field.name}"
        stale = (
            model._base_manager.annotate(_raw=Cast(field.name, models.TextField()))
            .exclude(_raw__isnull=True)
            .exclude(_raw="")
            .exclude(_raw__startswith=active_prefix)
            .values_list("pk", "_raw")
        )
        done = 0
        while True:
            batch = list(stale[:batch_size])
            if not batch:
                break
            with transaction.atomic():
                for pk, raw in batch:
                    plain = ring.decrypt(raw, associated_data=label)
                    # update() encrypts again through the field, now with the active key.
                    model._base_manager.filter(pk=pk).update(**{field.name: plain})
            done += len(batch)
        counts[label] = done
    audit.audit_system(
        action=AuditAction.KEY_ROTATION,
        actor=actor,
        details={"active_key": ring.active_key_id, "rotated": counts},
    )
    return counts
