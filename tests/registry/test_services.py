from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection

from schakel.accounts.roles import Role
from schakel.core.errors import InvalidInput, NotAllowed, ValidationFailed
from schakel.core.models import AuditAction, AuditEvent
from schakel.registry import services, workflow
from schakel.registry.choices import ReportStatus
from schakel.registry.inputs import PersonInput
from schakel.registry.models import NotRegisteredReason, PersonRecord, Report, ReportTransition
from tests.registry.factories import person_input, report_input

# The validator works in Europe/Amsterdam; date.today() (UTC here) differs around midnight.
AMSTERDAM_TODAY = datetime.now(ZoneInfo("Europe/Amsterdam")).date()

pytestmark = pytest.mark.django_db


def test_create_report_numbers_it_and_audits(reporter) -> None:
    report = services.report_create(actor=reporter, data=report_input())
    assert report.number == "MH-2026-000001"
    assert report.status == ReportStatus.DRAFT
    assert report.reporting_organisation_id == reporter.organisation_id
    record = PersonRecord.objects.get(report=report)
    assert record.search_text
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="registry.report")
    assert event.object_id == str(report.pk)
    assert event.subject_person_id == str(record.person_id)
    assert services.report_create(actor=reporter, data=report_input()).number == "MH-2026-000002"


def test_narrative_and_suspects_are_encrypted_at_rest(reporter) -> None:
    report = services.report_create(actor=reporter, data=report_input())
    with connection.cursor() as cursor:
        cursor.execute("SELECT narrative FROM registry_report WHERE id = %s", [report.pk])
        assert "datingapp" not in cursor.fetchone()[0]
        cursor.execute("SELECT name FROM registry_suspect WHERE report_id = %s", [report.pk])
        assert "Wit" not in cursor.fetchone()[0]


def test_unidentifiable_person_is_refused(reporter) -> None:
    data = report_input(person=PersonInput(gender="female"))
    with pytest.raises(InvalidInput) as excinfo:
        services.report_create(actor=reporter, data=data)
    assert excinfo.value.errors[0][0] == "person"
    assert "naam, een alias of een signalement" in excinfo.value.errors[0][1]
    assert not Report.objects.exists()


def test_alias_alone_or_description_alone_identifies(reporter) -> None:
    services.report_create(actor=reporter, data=report_input(person=PersonInput(aliases=("Mimi",))))
    services.report_create(
        actor=reporter,
        data=report_input(
            person=PersonInput(description="Vrouw van ongeveer 20, tatoeage op pols")
        ),
    )
    assert Report.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"person": person_input(birth_date=date(2026, 3, 3))}, "person.birth_date"),
        ({"reported_on": AMSTERDAM_TODAY + timedelta(days=1)}, "reported_on"),
        (
            {
                "exploitation_started_on": AMSTERDAM_TODAY + timedelta(days=3),
                "exploitation_ended_on": None,
                "exploitation_status": "ongoing",
            },
            "exploitation_started_on",
        ),
        ({"exploitation_ended_on": date(2025, 1, 1)}, "exploitation_ended_on"),
        ({"consent": "not_asked"}, "consent_not_asked_reason"),
        ({"person": person_input(nationalities=("XX",))}, "person.nationalities[0]"),
        ({"person": person_input(languages=("zz",))}, "person.languages[0]"),
    ],
)
def test_impossible_input_is_refused_naming_the_field(reporter, overrides, field) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        services.report_create(actor=reporter, data=report_input(**overrides))
    assert field in [f for f, _m in excinfo.value.errors]
    assert not Report.objects.exists()


def test_analyst_cannot_report_and_refusal_is_audited(make_user) -> None:
    analyst = make_user(Role.ANALYST)
    with pytest.raises(NotAllowed):
        services.report_create(actor=analyst, data=report_input())
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor=analyst).exists()


def test_submit_sets_decision_due_in_working_days(reporter, make_report) -> None:
    report = make_report()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_at is not None
    assert report.decision_due_on is not None
    assert report.decision_due_on > report.submitted_at.date()


def test_full_workflow_with_history_audit_and_mail(
    reporter, registrar, make_report, django_capture_on_commit_callbacks
) -> None:
    reporter.email = "melder@example.org"
    reporter.save()
    report = make_report()
    report = services.report_transition(
        actor=registrar, report=report, to_status=ReportStatus.IN_REVIEW
    )
    reason = NotRegisteredReason.objects.get(code="no_indications")
    with pytest.raises(ValidationFailed) as excinfo:
        services.report_transition(
            actor=registrar, report=report, to_status=ReportStatus.NOT_REGISTERED
        )
    assert excinfo.value.field == "not_registered_reason"
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_transition(
            actor=registrar,
            report=report,
            to_status=ReportStatus.NOT_REGISTERED,
            not_registered_reason=reason,
            decision_note="Geen signalen",
        )
    assert report.decided_at is not None
    with pytest.raises(ValidationFailed):
        services.report_transition(actor=registrar, report=report, to_status=ReportStatus.IN_REVIEW)
    report = services.report_transition(
        actor=registrar, report=report, to_status=ReportStatus.IN_REVIEW, reason="Nieuwe informatie"
    )
    assert report.decided_at is None
    assert report.not_registered_reason is None
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_transition(
            actor=registrar, report=report, to_status=ReportStatus.REGISTERED
        )
    history = list(
        ReportTransition.objects.filter(report=report).values_list("from_status", "to_status")
    )
    assert history == [
        ("draft", "submitted"),
        ("submitted", "in_review"),
        ("in_review", "not_registered"),
        ("not_registered", "in_review"),
        ("in_review", "registered"),
    ]
    assert (
        AuditEvent.objects.filter(action=AuditAction.TRANSITION, object_id=str(report.pk)).count()
        == 5
    )
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 2
    assert all(report.number in s for s in subjects)
    assert all(reporter.last_name not in m.body for m in mail.outbox)


def test_reporter_cannot_decide_and_other_organisation_cannot_withdraw(
    make_user, shelter_org, make_report
) -> None:
    report = make_report()
    reporter = report.reported_by
    with pytest.raises(NotAllowed):
        services.report_transition(actor=reporter, report=report, to_status=ReportStatus.IN_REVIEW)
    stranger = make_user(Role.REPORTER, organisation=shelter_org)
    with pytest.raises(NotAllowed):
        services.report_transition(
            actor=stranger, report=report, to_status=ReportStatus.WITHDRAWN, reason="x"
        )
    assert AuditEvent.objects.filter(action=AuditAction.DENIED).count() == 2
    services.report_transition(
        actor=reporter, report=report, to_status=ReportStatus.WITHDRAWN, reason="Dubbel ingevoerd"
    )


@pytest.mark.parametrize(
    ("from_status", "to_status"), [(f, t) for f in ReportStatus for t in ReportStatus]
)
def test_workflow_table_is_enforced(registrar, make_report, from_status, to_status) -> None:
    """Walk the whole table: allowed pairs succeed for an allowed role, others are refused."""
    report = make_report(actor=registrar, submit=False)
    Report.objects.filter(pk=report.pk).update(status=from_status)  # test set-up only
    report.refresh_from_db()
    allowed = workflow.can_transition(from_status, to_status)
    reason = NotRegisteredReason.objects.first()
    kwargs = {"reason": "test", "not_registered_reason": reason}
    if allowed:
        services.report_transition(actor=registrar, report=report, to_status=to_status, **kwargs)
        report.refresh_from_db()
        assert report.status == to_status
    else:
        with pytest.raises(ValidationFailed):
            services.report_transition(
                actor=registrar, report=report, to_status=to_status, **kwargs
            )


def test_update_draft_replaces_children(reporter) -> None:
    report = services.report_create(actor=reporter, data=report_input())
    services.report_update(
        actor=reporter,
        report=report,
        data=report_input(
            suspects=(), places=(), person=replace(person_input(), family_name="Jansen")
        ),
    )
    report.refresh_from_db()
    assert report.suspects.count() == 0
    assert report.person.family_name == "Jansen"
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(report.pk)).exists()


def test_submitted_report_is_not_editable_by_reporter(reporter, make_report) -> None:
    report = make_report()
    with pytest.raises(NotAllowed):
        services.report_update(actor=reporter, report=report, data=report_input())


def test_link_and_split_persons(registrar, make_report) -> None:
    a, b, c = make_report(), make_report(), make_report()
    ra, rb, rc = (PersonRecord.objects.get(report=r) for r in (a, b, c))
    services.persons_link_same(actor=registrar, record_a=ra, record_b=rb, reason="zelfde paspoort")
    services.persons_link_same(actor=registrar, record_a=rc, record_b=rb)
    persons = set(PersonRecord.objects.values_list("person_id", flat=True))
    assert len(persons) == 1
    services.persons_mark_different(
        actor=registrar, record_a=ra, record_b=rc, reason="andere moeder"
    )
    assert (
        PersonRecord.objects.get(pk=rc.pk).person_id != PersonRecord.objects.get(pk=ra.pk).person_id
    )
    assert AuditEvent.objects.filter(object_type="registry.person").count() == 3


def test_only_registrar_links(reporter, make_report) -> None:
    a, b = make_report(), make_report()
    with pytest.raises(NotAllowed):
        services.persons_link_same(actor=reporter, record_a=a.person, record_b=b.person)
