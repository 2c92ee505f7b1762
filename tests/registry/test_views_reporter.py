"""The reporter's screens: the report form, the own organisation's list, the report page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schakel.accounts.roles import Role
from schakel.core.models import AuditAction, AuditEvent
from schakel.registry.choices import ReportStatus
from schakel.registry.models import PersonRecord, Report
from tests.registry.factories import person_input
from tests.registry.form_data import report_post

pytestmark = pytest.mark.django_db


def last_list_event(actor) -> AuditEvent:
    return (
        AuditEvent.objects.filter(action=AuditAction.LIST, actor_id=actor.pk)
        .order_by("sequence")
        .last()
    )


CREATE = reverse("registry:report_create")


@pytest.fixture
def client(reporter, verified_client_for):
    return verified_client_for(reporter)


def _errors_for(response, field_id: str) -> str:
    """The error text rendered next to the input with this id."""
    html = response.content.decode()
    marker = f'id="{field_id}_error"'
    assert marker in html, f"no error shown next to {field_id}"
    start = html.index(marker)
    return html[start : html.index("</div>", start)]


def test_form_has_a_label_for_every_input(client) -> None:
    html = client.get(CREATE).content.decode()
    for name in (
        "given_names",
        "birth_date",
        "nationalities",
        "languages",
        "phone",
        "consent_not_asked_reason",
        "places-0-municipality",
        "forms-0-labour_sector",
        "documents-0-number",
        "suspects-0-name",
    ):
        assert f'for="id_{name}"' in html, name
    assert "Minderjarig bij begin uitbuiting" in html


def test_save_as_draft_and_audit(client, reporter) -> None:
    response = client.post(
        CREATE,
        report_post(
            rows={
                "suspects": [{"name": "J. de Wit", "relation": "partner"}],
                "documents": [
                    {"document_type": "passport", "number": "X123", "issuing_country": "RO"}
                ],
            }
        ),
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("registry:report_detail", args=[report.pk])
    assert report.status == ReportStatus.DRAFT
    assert report.reporting_organisation_id == reporter.organisation_id
    record = PersonRecord.objects.get(report=report)
    assert record.aliases == ["Ania", "Anka"]
    assert record.languages == ["ro", "en"]
    assert [c.code for c in record.nationalities] == ["RO"]
    assert record.documents.get().number == "X123"
    assert report.suspects.get().relation == "partner"
    assert report.forms.get().labour_sector == "agriculture"
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(report.pk), actor_id=reporter.pk
    ).exists()


def test_submit_sets_the_decision_due_date(client) -> None:
    client.post(CREATE, report_post(action="submit"))
    report = Report.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    assert report.decision_due_on is not None


def test_unidentifiable_person_is_shown_next_to_the_name_and_in_the_summary(client) -> None:
    response = client.post(CREATE, report_post(given_names="", family_name="", aliases=""))
    assert response.status_code == 400
    assert "naam, een alias of een signalement" in _errors_for(response, "id_given_names")
    assert 'href="#id_given_names"' in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "rows", "field_id", "text"),
    [
        ({"birth_date": "2026-05-01"}, None, "id_birth_date", "na de datum van de melding"),
        ({"consent": "not_asked"}, None, "id_consent_not_asked_reason", "waarom"),
        (
            {"exploitation_ended_on": "2025-01-01"},
            None,
            "id_exploitation_ended_on",
            "voor het begin",
        ),
        ({}, {"places": [{"kind": "nl"}]}, "id_places-0-municipality", "gemeente"),
        (
            {},
            {"places": [{}, {"kind": "abroad", "country": "NL"}]},
            "id_places-1-country",
            "Nederland",
        ),
        (
            {},
            {"forms": [{"form": "sexual_other", "labour_sector": "construction"}]},
            "id_forms-0-labour_sector",
            "arbeidsuitbuiting",
        ),
        ({"birth_date_precision": "unknown"}, None, "id_birth_date_precision", "zeker"),
        ({"reported_on": "2026-02-30"}, None, "id_reported_on", "geldige datum"),
    ],
)
def test_bad_input_names_the_field(client, overrides, rows, field_id, text) -> None:
    response = client.post(CREATE, report_post(rows=rows, **overrides))
    assert response.status_code == 400
    assert text in _errors_for(response, field_id).lower() or text in _errors_for(
        response, field_id
    )
    assert f'href="#{field_id}' in response.content.decode()
    assert not Report.objects.exists()


def test_error_in_a_later_row_lands_on_that_row(client) -> None:
    # The empty first row is skipped; the service's places[0] is the page's row 2.
    response = client.post(CREATE, report_post(rows={"places": [{}, {"kind": "nl"}]}))
    assert "gemeente" in _errors_for(response, "id_places-1-municipality").lower()


def test_adding_a_row_saves_nothing_and_shows_no_errors(client) -> None:
    response = client.post(CREATE, report_post(given_names="", add_row="suspects"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="suspects-TOTAL_FORMS" value="2"' in html
    assert "autofocus" in html.split('id="suspects-row-1"')[1].split("</fieldset>")[0]
    assert "Fout:" not in html
    assert not Report.objects.exists()


def test_list_shows_own_reports_with_decision_and_audits(
    client, reporter, make_user, shelter_org, make_report
) -> None:
    own = make_report()
    other = make_report(actor=make_user(Role.REPORTER, organisation=shelter_org))
    response = client.get(reverse("registry:report_list"))
    html = response.content.decode()
    assert own.number in html
    assert other.number not in html
    assert "Ingediend" in html
    event = last_list_event(reporter)
    assert event.details["ids"] == [str(own.pk)]


def test_list_shows_reason_and_date_when_not_registered(client, make_report, registrar) -> None:
    from schakel.registry import services
    from schakel.registry.models import NotRegisteredReason

    report = make_report()
    services.report_transition(actor=registrar, report=report, to_status=ReportStatus.IN_REVIEW)
    report.refresh_from_db()
    services.report_transition(
        actor=registrar,
        report=report,
        to_status=ReportStatus.NOT_REGISTERED,
        not_registered_reason=NotRegisteredReason.objects.get(code="insufficient_information"),
        decision_note="Geen contact mogelijk.",
    )
    html = client.get(reverse("registry:report_list") + "?status=not_registered").content.decode()
    assert "Onvoldoende informatie om te beoordelen" in html
    assert "Geen contact mogelijk." in html
    assert "Niet geregistreerd" in html


def test_detail_is_audited_and_shows_the_derived_minor_flag(client, reporter, make_report) -> None:
    from datetime import date

    report = make_report(person=person_input(birth_date=date(2009, 1, 10)))
    response = client.get(reverse("registry:report_detail", args=[report.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Minderjarig bij begin uitbuiting</dt><dd>ja" in html
    assert AuditEvent.objects.filter(
        action=AuditAction.READ, object_id=str(report.pk), actor_id=reporter.pk
    ).exists()


def test_other_organisations_report_is_not_found(
    client, make_user, shelter_org, make_report
) -> None:
    other = make_report(actor=make_user(Role.REPORTER, organisation=shelter_org))
    assert client.get(reverse("registry:report_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("registry:report_detail", args=[99999])).status_code == 404


def test_edit_a_draft_and_submit_in_one_step(client, make_report) -> None:
    report = make_report(submit=False)
    url = reverse("registry:report_edit", args=[report.pk])
    form_html = client.get(url).content.decode()
    assert 'value="Utrecht"' in form_html  # the stored place is pre-filled
    response = client.post(url, report_post(family_name="Jansen", action="submit"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert PersonRecord.objects.get(report=report).family_name == "Jansen"


def test_edit_keeps_everything_it_does_not_show_changed(client, make_report) -> None:
    from datetime import date

    from schakel.registry.inputs import DocumentInput

    report = make_report(
        submit=False,
        health_notes="Astma",
        person=person_input(
            birth_date=date(2001, 2, 3),
            documents=(DocumentInput(document_type="passport", number="P1", issuing_country="RO"),),
        ),
    )
    url = reverse("registry:report_edit", args=[report.pk])
    response = client.get(url)
    form = response.context["bundle"]
    data = {**form.form.initial}
    assert data["health_notes"] == "Astma"
    assert form.formsets["documents"].initial[0]["number"] == "P1"


def test_submitted_report_cannot_be_edited_by_the_reporter(client, make_report) -> None:
    report = make_report()
    response = client.get(reverse("registry:report_edit", args=[report.pk]))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, object_id=str(report.pk)).exists()


def test_withdraw_needs_a_reason(client, make_report) -> None:
    report = make_report()
    url = reverse("registry:report_transition", args=[report.pk])
    response = client.post(url, {"action": "withdraw", "withdraw-reason": ""})
    assert response.status_code == 400
    assert "Geef een reden op" in _errors_for(response, "id_withdraw-reason")
    response = client.post(url, {"action": "withdraw", "withdraw-reason": "Dubbel gemeld"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.WITHDRAWN
    detail = client.get(reverse("registry:report_detail", args=[report.pk])).content.decode()
    assert "Dubbel gemeld" in detail
    assert "Ingetrokken" in detail


def test_reporter_cannot_register(client, make_report) -> None:
    report = make_report()
    response = client.post(
        reverse("registry:report_transition", args=[report.pk]), {"action": "start_review"}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("role", [Role.ANALYST, Role.PROGRAMME_OFFICER])
def test_roles_without_reporting_get_no_registry_pages(
    role, make_user, verified_client_for, make_report
) -> None:
    client = verified_client_for(make_user(role))
    report = make_report()
    for url in (
        CREATE,
        reverse("registry:report_list"),
        reverse("registry:report_detail", args=[report.pk]),
    ):
        assert client.get(url).status_code == 403
