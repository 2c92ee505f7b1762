from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from schakel.core import audit
from schakel.core.audit import verify_chain
from schakel.core.models import AuditAction, AuditEvent, AuditOutcome
from schakel.core.purposes import Purpose
from schakel.core.request_context import reset_request_id, set_request_id

pytestmark = pytest.mark.django_db


def _write_events(user: object, count: int) -> list[AuditEvent]:
    return [
        audit.audit_read(
            actor=user,
            object_type="test.thing",
            object_id=i,  # type: ignore[arg-type]
            purpose=Purpose.REGISTRATION,
            subject_person_id=f"p{i}",
        )
        for i in range(count)
    ]


def test_events_form_a_chain_that_verifies(make_user) -> None:
    user = make_user()
    token = set_request_id("req-12345678")
    try:
        events = _write_events(user, 3)
    finally:
        reset_request_id(token)
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[0].previous_hash == "0" * 64
    assert events[1].previous_hash == events[0].event_hash
    assert events[2].request_id == "req-12345678"
    assert events[2].organisation_id == user.organisation_id
    report = verify_chain()
    assert report.intact
    assert report.checked == 3


def test_a_failed_operation_rolls_back_its_audit_event(make_user) -> None:
    user = make_user()

    def failing_operation() -> None:
        with transaction.atomic():
            _write_events(user, 1)
            raise RuntimeError("the work failed")

    with pytest.raises(RuntimeError):
        failing_operation()
    assert AuditEvent.objects.count() == 0
    assert verify_chain().intact


def test_change_constructor_accepts_only_changes(make_user) -> None:
    with pytest.raises(ValueError, match="not a change"):
        audit.audit_change(
            actor=make_user(),
            action=AuditAction.READ,
            object_type="x",
            object_id=1,
            purpose=Purpose.REGISTRATION,
        )


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL refuses the edit itself")
def test_verify_names_the_first_edited_event_in_sqlite(make_user) -> None:
    _write_events(make_user(), 5)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET outcome = %s WHERE sequence = 3", [AuditOutcome.DENIED]
        )
    report = verify_chain()
    assert not report.intact
    assert report.first_break is not None
    assert report.first_break.sequence == 3
    assert "hash mismatch" in report.first_break.reason


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="PostgreSQL refuses the delete itself"
)
def test_verify_names_a_deleted_event_in_sqlite(make_user) -> None:
    _write_events(make_user(), 4)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE sequence = 2")
    report = verify_chain()
    assert report.first_break is not None
    assert report.first_break.sequence == 2
    assert "missing" in report.first_break.reason


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists in PostgreSQL")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditevent SET outcome = 'denied' WHERE sequence = 1",
        "DELETE FROM core_auditevent WHERE sequence = 1",
    ],
)
def test_postgresql_refuses_update_and_delete(make_user, statement: str) -> None:
    _write_events(make_user(), 2)
    with (
        pytest.raises(DatabaseError, match="audit_append_only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert verify_chain().intact


def test_cli_verify_reports_intact_and_broken(make_user) -> None:
    from typer.testing import CliRunner

    from schakel.cli import app

    _write_events(make_user(), 2)
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 0
    assert "2 events verified" in result.output
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditevent SET object_id = 'x' WHERE sequence = 2")
        result = CliRunner().invoke(app, ["audit", "verify"])
        assert result.exit_code == 1
        assert "broken at event #2" in result.output
