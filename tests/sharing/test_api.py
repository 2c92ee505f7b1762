"""The sharing API: serializers filter by category; bad input names the field."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schakel.sharing import services
from tests.conftest import verified_client
from tests.sharing.scenario import ask

pytestmark = pytest.mark.django_db


def test_the_requester_gets_only_granted_fields(scenario) -> None:
    request = ask(scenario)
    services.disclosure_decide(actor=scenario.officer, request=request, approve=True, text="Nodig.")
    client = verified_client(scenario.shelter_worker)
    body = client.get(reverse("api:sharing_request_detail", args=[request.pk])).json()
    assert set(body["disclosed_categories"]) == set(body["granted_categories"])
    report = body["disclosed"][0]
    assert "suspects" not in report
    assert "criminal_record_notes" not in report
    assert "health_notes" not in report
    assert "id" not in report
    assert report["narrative"]


def test_an_unknown_purpose_is_a_400_naming_the_field(scenario) -> None:
    client = verified_client(scenario.shelter_worker)
    response = client.post(
        reverse("api:sharing_requests"),
        {"purpose": "curiosity", "report_number": scenario.police_report.number},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "purpose" in response.json()["errors"]


def test_the_holders_officer_sees_the_decision_but_no_copy(scenario) -> None:
    request = ask(scenario)
    client = verified_client(scenario.officer)
    body = client.get(reverse("api:sharing_request_detail", args=[request.pk])).json()
    assert "disclosed" not in body


def test_the_rules_are_readable(scenario) -> None:
    client = verified_client(scenario.shelter_worker)
    body = client.get(reverse("api:sharing_rules")).json()
    assert body["version"] == 1
    assert len(body["rules"]) > 30


def test_the_matrix_page_filters(scenario) -> None:
    client = verified_client(scenario.shelter_worker)
    page = client.get(
        reverse("sharing:matrix"), {"doel": "investigation", "houder": "care_shelter"}
    )
    assert page.status_code == 200
    assert page.content.decode().count('scope="row"') == 6 * 2  # six recipients, two row headers


def test_the_form_without_a_purpose_is_refused_and_audited(scenario) -> None:
    from schakel.core.models import AuditEvent

    client = verified_client(scenario.shelter_worker)
    response = client.post(
        reverse("sharing:request_create"),
        {"kind": "report", "report_number": scenario.police_report.number, "purpose": ""},
    )
    assert response.status_code == 400
    assert AuditEvent.objects.filter(action="denied", details__reason="no purpose").exists()


def test_the_analysis_api_gives_only_pseudonymised_fields(scenario, police_org) -> None:
    from schakel.accounts.roles import Role
    from schakel.registry import services as registry_services
    from schakel.registry.choices import ReportStatus
    from schakel.sharing.pseudonymise import ANALYST_FIELDS
    from tests.sharing.scenario import user

    report = scenario.police_report
    for status in (ReportStatus.IN_REVIEW, ReportStatus.REGISTERED):
        report = registry_services.report_transition(
            actor=scenario.registrar, report=report, to_status=status
        )
    analyst = user(police_org, Role.ANALYST)
    body = verified_client(analyst).get(reverse("api:sharing_analysis")).json()
    assert body["count"] == 1
    assert scenario.police_report.number not in str(body)
    assert all(set(row) == ANALYST_FIELDS for row in body["results"])
