"""Retention services of the residence procedure, called by `schakel.retention`
(docs/adr/0024). An ended procedure keeps its dates and statuses (the B8/3 monitoring counts
them) and loses the victim's name and the free text, in the procedure and in its history.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q

from schakel.core import audit
from schakel.core.models import AuditAction

from .models import Procedure, ProcedureEvent

PROCEDURE_FIELDS_CLEARED = (
    "victim_name",
    "offered_by",
    "not_offered_note",
    "safety_dossier_note",
    "end_reason",
    "ind_reference",
)
_STILL_IDENTIFYING = (
    ~Q(victim_name="")
    | ~Q(offered_by="")
    | ~Q(not_offered_note="")
    | ~Q(safety_dossier_note="")
    | ~Q(end_reason="")
    | ~Q(ind_reference="")
)


def ended_procedure_ids_to_pseudonymise(*, ended_before: date) -> list[int]:
    return list(
        Procedure.objects.filter(_STILL_IDENTIFYING, ended_on__lt=ended_before)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def report_ids_with_procedures(report_ids: Iterable[int]) -> set[int]:
    """Reports a procedure still refers to: the registry may not delete them."""
    return set(
        Procedure.objects.filter(report_id__in=list(report_ids)).values_list("report_id", flat=True)
    )


def _scrub(values: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in values.items() if k not in PROCEDURE_FIELDS_CLEARED}


def procedures_pseudonymise(*, procedure_ids: Iterable[int], rule: str) -> int:
    done = 0
    with transaction.atomic():
        for procedure in Procedure.objects.filter(pk__in=list(procedure_ids)).order_by("pk"):
            for name in PROCEDURE_FIELDS_CLEARED:
                setattr(procedure, name, "")
            procedure.save(update_fields=[*PROCEDURE_FIELDS_CLEARED, "updated_at"])
            for event in ProcedureEvent.objects.filter(procedure=procedure):
                event.values = _scrub(event.values)
                event.previous = _scrub(event.previous)
                event.reason = ""
                event.ind_reference = ""
                event.save(update_fields=["values", "previous", "reason", "ind_reference"])
            audit.audit_retention(
                action=AuditAction.UPDATE,
                object_type="residence.procedure",
                object_id=procedure.pk,
                rule=rule,
                details={"fields_cleared": list(PROCEDURE_FIELDS_CLEARED)},
            )
            done += 1
    return done
