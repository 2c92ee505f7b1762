"""The registrar's workspace: queues, decisions, search, and the person view."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from schakel.accounts.roles import Role
from schakel.core.models import AuditAction, AuditEvent
from schakel.registry.choices import ReportStatus
from schakel.registry.models import NotRegisteredReason, PersonRecord, Report
from tests.registry.factories import person_input

pytestmark = pytest.mark.django_db


def last_list_event(actor) -> AuditEvent:
    return (
        AuditEvent.objects.filter(action=AuditAction.LIST, actor_id=actor.pk)
        .order_by("sequence")
        .last()
    )


QUEUE = reverse("registry:queue")
SEARCH = reverse("registry:search")


@pytest.fixture
def client(registrar, verified_client_for):
    return verified_client_for(registrar)


def _transition(client, report: Report, action: str, **fields: str):
    data = {"action": action, **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(reverse("registry:report_transition", args=[report.pk]), data)


def test_queue_counts_oldest_first_and_overdue_in_words(client, registrar, make_report) -> None:
    first, second = make_report(), make_report()
    Report.objects.filter(pk=first.pk).update(decision_due_on=date.today() - timedelta(days=1))
    response = client.get(QUEUE)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'Nieuw <span class="schakel-count">(2)</span>' in html
    assert 'Termijn verstreken <span class="schakel-count">(1)</span>' in html
    assert html.index(first.number) < html.index(second.number)
    assert "termijn verstreken</strong>" in html  # not by colour alone
    event = last_list_event(registrar)
    assert set(event.details["ids"]) == {str(first.pk), str(second.pk)}
    overdue = client.get(QUEUE + "?wachtrij=overdue").content.decode()
    assert first.number in overdue
    assert second.number not in overdue


def test_drafts_are_not_in_the_queue(client, make_report) -> None:
    draft = make_report(submit=False)
    assert draft.number not in client.get(QUEUE).content.decode()


def test_review_and_register(client, make_report, reporter, verified_client_for) -> None:
    report = make_report()
    assert _transition(client, report, "start_review").status_code == 302
    response = _transition(client, report, "register", decision_note="Voldoet aan de criteria.")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.REGISTERED
    assert report.decided_at
    html = verified_client_for(reporter).get(reverse("registry:report_list")).content.decode()
    assert "Geregistreerd" in html


def test_not_registered_needs_a_reason_from_the_list(client, make_report) -> None:
    report = make_report()
    _transition(client, report, "start_review")
    response = _transition(client, report, "not_register", not_registered_reason="")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_not_register-not_registered_reason_error"' in html
    reason = NotRegisteredReason.objects.get(code="no_indications")
    response = _transition(
        client,
        report,
        "not_register",
        not_registered_reason=str(reason.pk),
        decision_note="Geen dwang gebleken.",
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.NOT_REGISTERED
    assert report.not_registered_reason == reason


def test_reopen_needs_a_reason_and_is_in_the_history(client, make_report) -> None:
    report = make_report()
    _transition(client, report, "start_review")
    _transition(client, report, "register")
    response = _transition(client, report, "reopen", reason="")
    assert response.status_code == 400
    assert 'id="id_reopen-reason_error"' in response.content.decode()
    assert _transition(client, report, "reopen", reason="Nieuwe informatie").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    html = client.get(reverse("registry:report_detail", args=[report.pk])).content.decode()
    assert "Nieuwe informatie" in html
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.TRANSITION, object_id=str(report.pk), details__to="in_review"
        ).count()
        == 2
    )


def test_an_action_the_status_does_not_allow_is_refused(client, make_report) -> None:
    report = make_report()
    response = _transition(client, report, "register")
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_search_by_name_birth_date_and_number(client, registrar, make_report) -> None:
    anna = make_report(
        person=person_input(
            given_names="Anna", family_name="Kowalska", birth_date=date(1999, 4, 12)
        )
    )
    other = make_report(
        person=person_input(given_names="Maria", family_name="Popescu", birth_date=date(1990, 1, 1))
    )
    by_name = client.get(SEARCH, {"name": "kowalska"}).content.decode()
    assert anna.number in by_name
    assert other.number not in by_name
    by_date = client.get(SEARCH, {"birth_date": "1990-01-01"}).content.decode()
    assert other.number in by_date
    assert anna.number not in by_date
    by_number = client.get(SEARCH, {"number": anna.number.lower()}).content.decode()
    assert anna.number in by_number
    assert other.number not in by_number
    event = last_list_event(registrar)
    assert event.details["search"]["number"] == anna.number.lower()


def test_empty_search_reads_nothing_and_bad_date_names_the_field(client, registrar) -> None:
    client.get(SEARCH)
    assert not AuditEvent.objects.filter(action=AuditAction.LIST, actor_id=registrar.pk).exists()
    response = client.get(SEARCH, {"birth_date": "12-13-1999"})
    assert response.status_code == 400
    assert 'id="id_birth_date_error"' in response.content.decode()


def test_person_view_link_same_and_mark_different(
    client, registrar, make_report, make_user, shelter_org
) -> None:
    police = make_report()
    shelter = make_report(actor=make_user(Role.REPORTER, organisation=shelter_org))
    person_id = PersonRecord.objects.get(report=police).person_id
    url = reverse("registry:person_detail", args=[person_id])
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.READ, object_type="registry.person", object_id=str(person_id)
    ).exists()

    response = client.post(
        reverse("registry:person_link", args=[person_id]),
        {"same-number": shelter.number, "same-reason": "Zelfde paspoort"},
    )
    assert response.status_code == 302
    records = PersonRecord.objects.filter(report__in=[police, shelter])
    assert len({r.person_id for r in records}) == 1
    survivor = records[0].person_id
    html = client.get(reverse("registry:person_detail", args=[survivor])).content.decode()
    assert police.number in html
    assert shelter.number in html

    police_record = PersonRecord.objects.get(report=police)
    response = client.post(
        reverse("registry:person_unlink", args=[survivor]),
        {
            "different-record": str(police_record.pk),
            "different-number": shelter.number,
            "different-reason": "Andere geboortedatum na controle",
        },
    )
    assert response.status_code == 302
    records = PersonRecord.objects.filter(report__in=[police, shelter])
    assert len({r.person_id for r in records}) == 2


def test_link_with_unknown_number_or_no_reason_names_the_field(client, make_report) -> None:
    report = make_report()
    person_id = PersonRecord.objects.get(report=report).person_id
    url = reverse("registry:person_link", args=[person_id])
    response = client.post(url, {"same-number": "MH-1999-999999", "same-reason": "x"})
    assert response.status_code == 400
    assert "Geen melding met dit nummer" in response.content.decode()
    response = client.post(url, {"same-number": report.number, "same-reason": ""})
    assert response.status_code == 400
    assert 'id="id_same-reason_error"' in response.content.decode()


def test_reporter_has_no_workspace(reporter, verified_client_for, make_report) -> None:
    report = make_report()
    client = verified_client_for(reporter)
    person_id = PersonRecord.objects.get(report=report).person_id
    assert client.get(QUEUE).status_code == 403
    assert client.get(reverse("registry:person_detail", args=[person_id])).status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor_id=reporter.pk).exists()
