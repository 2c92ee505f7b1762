"""Service and selector additions the screens need: edit-and-submit in one transaction,
finding a report by number, the registrar's own organisation list."""

from __future__ import annotations

from dataclasses import replace

import pytest

from schakel.accounts.roles import Role
from schakel.core.errors import InvalidInput, NotAllowed, NotFound, ValidationFailed
from schakel.core.models import AuditAction, AuditEvent
from schakel.core.purposes import Purpose
from schakel.registry import selectors, services
from schakel.registry.choices import ReportStatus
from schakel.registry.models import PersonRecord
from tests.registry.factories import report_input

pytestmark = pytest.mark.django_db


def verified(user):
    user.is_verified = lambda: True
    return user


def test_update_and_submit_together_and_audited(reporter, make_report) -> None:
    report = make_report(submit=False)
    services.report_update(
        actor=reporter, report=report, data=report_input(narrative="Aangevuld."), submit=True
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.narrative == "Aangevuld."
    actions = list(
        AuditEvent.objects.filter(object_id=str(report.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == [AuditAction.UPDATE, AuditAction.TRANSITION]


def test_bad_update_neither_saves_nor_submits(reporter, make_report) -> None:
    report = make_report(submit=False)
    bad = report_input(consent="not_asked")
    with pytest.raises(InvalidInput) as excinfo:
        services.report_update(actor=reporter, report=report, data=bad, submit=True)
    assert excinfo.value.errors[0][0] == "consent_not_asked_reason"
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.consent == "given"


def test_registrar_may_correct_but_not_submit_again(registrar, make_report) -> None:
    report = make_report()
    with pytest.raises(ValidationFailed) as excinfo:
        services.report_update(actor=registrar, report=report, data=report_input(), submit=True)
    assert excinfo.value.field == "status"
    services.report_update(
        actor=registrar, report=report, data=replace(report_input(), narrative="Gecorrigeerd.")
    )
    report.refresh_from_db()
    assert report.narrative == "Gecorrigeerd."
    assert report.status == ReportStatus.SUBMITTED


def test_reporter_of_another_organisation_may_not_edit_and_submit(
    make_user, shelter_org, make_report
) -> None:
    report = make_report(submit=False)
    other = make_user(Role.REPORTER, organisation=shelter_org)
    with pytest.raises(NotAllowed):
        services.report_update(actor=other, report=report, data=report_input(), submit=True)
    assert AuditEvent.objects.filter(
        action=AuditAction.DENIED, actor_id=other.pk, object_id=str(report.pk)
    ).exists()


def test_report_by_number_is_audited_and_hides_existence(
    registrar, reporter, make_user, shelter_org, make_report
) -> None:
    report = make_report()
    found = selectors.report_get_by_number(actor=verified(registrar), number=report.number.lower())
    assert found == report
    assert AuditEvent.objects.filter(
        action=AuditAction.READ, object_id=str(report.pk), actor_id=registrar.pk
    ).exists()
    other = verified(make_user(Role.REPORTER, organisation=shelter_org))
    with pytest.raises(NotFound) as not_allowed:
        selectors.report_get_by_number(actor=other, number=report.number)
    with pytest.raises(NotFound) as absent:
        selectors.report_get_by_number(actor=other, number="MH-1900-000001")
    assert str(not_allowed.value) == str(absent.value)
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor_id=other.pk).count() == 2


def test_registrar_lists_own_organisations_reports(registrar, make_report) -> None:
    own = make_report(actor=registrar, submit=False)
    make_report()
    reports, total = selectors.reports_of_own_organisation(
        actor=verified(registrar), purpose=Purpose.REGISTRATION
    )
    assert [r.pk for r in reports] == [own.pk]
    assert total == 1
    assert PersonRecord.objects.filter(report=own).exists()
