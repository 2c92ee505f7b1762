"""Walk the whole table: every allowed step succeeds, every other step is refused with the
reason, and status changes only through the transition service (with history and audit)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction

from schakel.core.errors import ValidationFailed
from schakel.core.models import AuditEvent
from schakel.residence import services
from schakel.residence.choices import ProcedureStatus as S
from schakel.residence.models import ProcedureEvent
from schakel.residence.workflow import ALLOWED_TRANSITIONS, FINAL, STEPS, refusal_reason
from tests.residence.helpers import STEP_VALUES, TODAY


class _Rollback(Exception):
    pass


def test_every_status_has_a_row_and_every_target_a_step() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(S)
    targets = set().union(*ALLOWED_TRANSITIONS.values())
    assert targets == set(STEPS)
    assert {S.CONTINUED_GRANTED, S.ENDED} == FINAL


@transaction.atomic
def _take_and_roll_back(procedure, actor, target: S, on) -> None:
    events_before = ProcedureEvent.objects.count()
    values = dict(STEP_VALUES.get(target, {}))
    if procedure.status == target == S.PERMIT_GRANTED:
        values["permit_valid_until"] = procedure.permit_valid_until + timedelta(days=365)
    moved = services.procedure_transition(
        actor=actor, procedure=procedure, to_status=target, on=on, values=values, today=TODAY
    )
    assert moved.status == target
    assert ProcedureEvent.objects.count() == events_before + 1
    event = AuditEvent.objects.filter(object_type="residence.procedure").first()
    assert event.action == "transition"
    assert event.details["to"] == target
    raise _Rollback


@pytest.mark.django_db
@pytest.mark.parametrize("from_status", list(S))
def test_walk_the_table(from_status: S, make_procedure, case_worker) -> None:
    procedure = make_procedure(status=from_status)
    assert procedure.status == from_status
    on = procedure.last_event_on + timedelta(days=1)
    for target in S:
        if target in ALLOWED_TRANSITIONS[from_status]:
            with pytest.raises(_Rollback):
                _take_and_roll_back(procedure, case_worker, target, on)
        else:
            with pytest.raises(ValidationFailed) as refused:
                services.procedure_transition(
                    actor=case_worker,
                    procedure=procedure,
                    to_status=target,
                    on=on,
                    values=dict(STEP_VALUES.get(target, {})),
                    today=TODAY,
                )
            assert refused.value.field == "to_status"
            assert str(refused.value.message) == refusal_reason(from_status, target)
    procedure.refresh_from_db()
    assert procedure.status == from_status


def test_status_is_assigned_only_by_the_services() -> None:
    import ast
    from pathlib import Path

    package = Path(services.__file__).parent
    offenders = []
    for path in package.rglob("*.py"):
        if path.name == "services.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            targets = getattr(node, "targets", None) or [getattr(node, "target", None)]
            offenders += [
                f"{path.name}:{node.lineno}"
                for t in targets
                if isinstance(t, ast.Attribute) and t.attr == "status"
            ]
    assert offenders == []
