"""The daily job: each warning once, by e-mail (no personal data), idempotent."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from typer.testing import CliRunner

from schakel.core.models import AuditEvent
from schakel.residence import services
from schakel.residence.choices import ProcedureStatus as S
from schakel.residence.models import DeadlineWarning
from schakel.residence.notify import deadline_warnings_send
from tests.residence.helpers import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_reflection(make_procedure, case_worker):
    case_worker.email = "casus@example.org"
    case_worker.save()
    procedure = make_procedure()  # started 10 January 2024
    return services.procedure_transition(
        actor=case_worker,
        procedure=procedure,
        to_status=S.REFLECTION,
        on=date(2024, 1, 10),
        values={"offered_by": "AVIM", "reflection_ends_on": date(2024, 2, 29)},
        today=TODAY,
    )


def _run(day: date) -> list[tuple[str, int]]:
    with django_capture_on_commit():
        sent = deadline_warnings_send(today=day)
    return [(w.kind, w.days_before) for w in sent]


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_reflection_warnings_at_14_7_and_1_days_each_once(in_reflection) -> None:
    assert in_reflection.reflection_ends_on == date(2024, 2, 29)
    assert _run(date(2024, 2, 14)) == []
    assert _run(date(2024, 2, 15)) == [("reflection_end", 14)]
    assert _run(date(2024, 2, 15)) == []  # a second run the same day sends nothing
    assert _run(date(2024, 2, 16)) == []
    assert _run(date(2024, 2, 22)) == [("reflection_end", 7)]
    assert _run(date(2024, 2, 28)) == [("reflection_end", 1)]
    assert _run(date(2024, 2, 29)) == []
    assert _run(date(2024, 3, 1)) == []
    assert len(mail.outbox) == 3
    message = mail.outbox[-1]
    assert message.to == ["casus@example.org"]
    assert in_reflection.reference in message.subject
    assert "29-02-2024" in message.subject
    assert in_reflection.victim_name not in message.body + message.subject
    assert DeadlineWarning.objects.count() == 3
    runs = AuditEvent.objects.filter(details__job="residence deadlines")
    assert runs.count() == 8


def test_a_moved_end_brings_new_warnings(in_reflection, case_worker) -> None:
    assert _run(date(2024, 2, 22)) == [("reflection_end", 7)]
    services.procedure_correct(
        actor=case_worker,
        procedure=in_reflection,
        field="reflection_ends_on",
        value=date(2024, 3, 1),
        reason="Afspraak verschoven",
        today=date(2024, 2, 22),
    )
    assert _run(date(2024, 2, 23)) == [("reflection_end", 7)]


def test_permit_warning_30_days_before_and_without_case_worker_to_the_organisation(
    make_procedure, case_worker, make_user
) -> None:
    from schakel.accounts.roles import Role

    colleague = make_user(Role.CASE_WORKER)
    colleague.email = "team@example.org"
    colleague.save()
    procedure = make_procedure(status=S.PERMIT_APPLIED)
    granted = services.procedure_transition(
        actor=case_worker,
        procedure=procedure,
        to_status=S.PERMIT_GRANTED,
        on=date(2024, 3, 31),
        values={"permit_valid_until": date(2025, 3, 31)},
        today=TODAY,
    )
    type(granted).objects.filter(pk=granted.pk).update(case_worker=None)
    assert _run(date(2025, 2, 28)) == []
    assert _run(date(2025, 3, 1)) == [("permit_expiry", 30)]
    assert mail.outbox[-1].to == ["team@example.org"]


def test_the_cli_command(in_reflection) -> None:
    from schakel.cli import app

    result = CliRunner().invoke(app, ["deadlines", "--today", "2024-02-28"])
    assert result.exit_code == 0, result.output
    assert "1 warning(s) sent." in result.output
    assert in_reflection.reference in result.output
    again = CliRunner().invoke(app, ["deadlines", "--today", "2024-02-28"])
    assert "0 warning(s) sent." in again.output
