"""Visibility per role, enforced in the selectors: own organisation, registrar all, analyst none."""

from __future__ import annotations

from datetime import date

import pytest

from schakel.accounts.roles import Role
from schakel.core.errors import NotFound, SecondFactorRequired
from schakel.core.models import AuditAction, AuditEvent
from schakel.registry import selectors, services
from schakel.registry.choices import ReportStatus
from schakel.registry.selectors import Queue, ReportSearch
from tests.registry.factories import person_input

pytestmark = pytest.mark.django_db


def verified(user):
    user.is_verified = lambda: True
    return user


@pytest.fixture
def two_reports(make_user, shelter_org, make_report):
    police = make_report()
    shelter_reporter = make_user(Role.REPORTER, organisation=shelter_org)
    shelter = make_report(actor=shelter_reporter)
    return police, shelter, shelter_reporter


def test_reporter_sees_own_organisation_only(reporter, two_reports) -> None:
    police, shelter, _ = two_reports
    actor = verified(reporter)
    assert selectors.report_get_for(actor=actor, pk=police.pk) == police
    with pytest.raises(NotFound) as excinfo:
        selectors.report_get_for(actor=actor, pk=shelter.pk)
    with pytest.raises(NotFound) as absent:
        selectors.report_get_for(actor=actor, pk=99999)
    assert str(excinfo.value) == str(absent.value)  # existence does not leak
    reports, total = selectors.reports_of_own_organisation(actor=actor)
    assert [r.pk for r in reports] == [police.pk]
    assert total == 1


def test_registrar_sees_all_but_other_organisations_drafts(
    registrar, reporter, make_report, two_reports
) -> None:
    _police, shelter, _ = two_reports
    draft = make_report(submit=False)
    actor = verified(registrar)
    assert selectors.report_get_for(actor=actor, pk=shelter.pk) == shelter
    with pytest.raises(NotFound):
        selectors.report_get_for(actor=actor, pk=draft.pk)


def test_analyst_sees_no_personal_data(make_user, two_reports) -> None:
    police, _, _ = two_reports
    analyst = verified(make_user(Role.ANALYST))
    with pytest.raises(NotFound):
        selectors.report_get_for(actor=analyst, pk=police.pk)
    with pytest.raises(NotFound):
        selectors.reports_search(actor=analyst, query=ReportSearch(name="a"))
    assert AuditEvent.objects.filter(actor=analyst, action=AuditAction.DENIED).count() == 2


def test_no_second_factor_no_report(reporter, two_reports) -> None:
    with pytest.raises(SecondFactorRequired):
        selectors.report_get_for(actor=reporter, pk=two_reports[0].pk)


def test_read_is_audited_with_the_person(reporter, two_reports) -> None:
    police = two_reports[0]
    selectors.report_get_for(actor=verified(reporter), pk=police.pk)
    event = AuditEvent.objects.get(action=AuditAction.READ)
    assert event.subject_person_id == str(police.person.person_id)


def test_queues_and_search(registrar, make_report) -> None:
    actor = verified(registrar)
    anna = make_report(
        person=person_input(
            given_names="Anna", family_name="van der Berg", birth_date=date(2001, 2, 3)
        )
    )
    other = make_report(person=person_input(given_names="Ilse", family_name="Bos"))
    services.report_transition(actor=registrar, report=other, to_status=ReportStatus.IN_REVIEW)
    new, _ = selectors.registrar_queue(actor=actor, queue=Queue.NEW, today=date(2026, 1, 1))
    assert [r.pk for r in new] == [anna.pk]
    far_future = date(2099, 1, 1)
    overdue, _ = selectors.registrar_queue(actor=actor, queue=Queue.OVERDUE, today=far_future)
    assert {r.pk for r in overdue} == {anna.pk, other.pk}
    counts = selectors.queue_counts(actor=actor, today=far_future)
    assert counts == {Queue.NEW: 1, Queue.IN_REVIEW: 1, Queue.OVERDUE: 2}
    found, _ = selectors.reports_search(actor=actor, query=ReportSearch(name="berg ANNA"))
    assert [r.pk for r in found] == [anna.pk]
    found, _ = selectors.reports_search(
        actor=actor, query=ReportSearch(birth_date=date(2001, 2, 3))
    )
    assert [r.pk for r in found] == [anna.pk]
    found, _ = selectors.reports_search(
        actor=actor, query=ReportSearch(number=other.number.lower())
    )
    assert [r.pk for r in found] == [other.pk]


def test_person_view_lists_linked_reports(registrar, make_report) -> None:
    a, b = make_report(), make_report()
    services.persons_link_same(actor=registrar, record_a=a.person, record_b=b.person)
    a.person.refresh_from_db()
    _person, records = selectors.person_get_for(actor=verified(registrar), pk=a.person.person_id)
    assert {r.report_id for r in records} == {a.pk, b.pk}
