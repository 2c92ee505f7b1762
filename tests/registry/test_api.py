"""The reports API: idempotent create, list, detail, transitions; errors name the field."""

from __future__ import annotations

import json
import threading
from copy import deepcopy
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.core.models import AuditAction, AuditEvent
from schakel.registry import api_serializers, intake
from schakel.registry.categories import ALL_CATEGORIES, DataCategory
from schakel.registry.choices import ReportStatus
from schakel.registry.models import IdempotencyKey, Report
from schakel.registry.projection import report_projection

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"


def api_client(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def payload(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "person": {
            "given_names": "Ioana",
            "family_name": "Popescu",
            "gender": "female",
            "birth_date": "2001-05-04",
            "birth_date_precision": "exact",
            "nationalities": ["RO"],
            "languages": ["ro"],
            "documents": [{"document_type": "passport", "number": "X123", "issuing_country": "RO"}],
        },
        "reported_on": "2026-03-02",
        "consent": "given",
        "exploitation_status": "ended",
        "exploitation_started_on": "2025-06-01",
        "exploitation_ended_on": "2026-02-01",
        "places": [{"kind": "nl", "municipality": "Utrecht"}],
        "forms": [{"form": "labour", "labour_sector": "agriculture"}],
        "suspects": [{"name": "J. de Wit", "relation": "employer"}],
        "narrative": "Werkte zeven dagen per week in de kassen.",
    }
    body.update(overrides)
    return body


def post(client: APIClient, body: Any, key: str | None = None) -> Any:
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(REPORTS, json.dumps(body), content_type="application/json", **headers)


# -- create ---------------------------------------------------------------------------------


def test_create_returns_the_projection_and_audits(reporter) -> None:
    response = post(api_client(reporter), payload(submit=True))
    assert response.status_code == 201, response.content
    body = response.json()
    report = Report.objects.get()
    assert body["id"] == report.pk
    assert body["number"] == report.number
    assert body["status"] == ReportStatus.SUBMITTED
    assert body["person"]["family_name"] == "Popescu"
    assert body["person"]["documents"] == [
        {"document_type": "passport", "number": "X123", "issuing_country": "RO"}
    ]
    assert body["forms"] == [
        {"form": "labour", "labour_sector": "agriculture", "criminal_activity": ""}
    ]
    assert body["minor_at_start_of_exploitation"] is False
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(report.pk), actor=reporter
    ).exists()


def test_same_key_same_body_returns_the_same_report(reporter) -> None:
    client = api_client(reporter)
    first = post(client, payload(), key="3f7c2a9e-key")
    reordered = dict(reversed(list(deepcopy(payload()).items())))  # same meaning, other order
    second = post(client, reordered, key="3f7c2a9e-key")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Report.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CREATE).count() == 1


def test_same_key_other_body_is_refused_naming_the_header(reporter) -> None:
    client = api_client(reporter)
    post(client, payload(), key="k-1")
    response = post(client, payload(narrative="Iets anders."), key="k-1")
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["errors"]
    assert Report.objects.count() == 1


def test_keys_are_per_user(reporter, make_user) -> None:
    colleague = make_user(Role.REPORTER)
    assert post(api_client(reporter), payload(), key="shared").status_code == 201
    assert post(api_client(colleague), payload(), key="shared").status_code == 201
    assert Report.objects.count() == 2


@pytest.mark.parametrize("key", ["", "with space", "x" * 201, "ünïcode"])
def test_malformed_key_is_refused_naming_the_header(reporter, key: str) -> None:
    response = post(api_client(reporter), payload(), key=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]
    assert not Report.objects.exists()


def test_a_retry_rolls_back_its_own_report_without_a_gap(reporter) -> None:
    """A retry makes its report, finds the key taken (INSERT … ON CONFLICT DO NOTHING) and
    rolls back: no second report, no second create event, no gap in the numbering."""
    client = api_client(reporter)
    first = post(client, payload(), key="race")
    second = post(client, payload(), key="race")
    third = post(client, payload(), key="next")
    assert (first.status_code, second.status_code, third.status_code) == (201, 200, 201)
    assert second.json()["id"] == first.json()["id"]
    assert Report.objects.count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.CREATE).count() == 2
    numbers = [int(r.json()["number"].rsplit("-", 1)[1]) for r in (first, third)]
    assert numbers[1] == numbers[0] + 1


def test_an_expired_key_starts_afresh(reporter) -> None:
    client = api_client(reporter)
    first = post(client, payload(), key="old")
    IdempotencyKey.objects.update(
        created_at=timezone.now() - intake.IDEMPOTENCY_KEY_LIFETIME - timedelta(minutes=1)
    )
    again = post(client, payload(narrative="Een nieuwe melding."), key="old")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["id"] != first.json()["id"]
    assert IdempotencyKey.objects.get().report_id == again.json()["id"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")
def test_concurrent_retries_create_one_report(reporter) -> None:
    token = Token.objects.create(user=reporter).key
    barrier = threading.Barrier(4)
    results: list[tuple[int, int]] = []

    def send() -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        barrier.wait()
        try:
            response = post(client, payload(), key="concurrent")
            results.append((response.status_code, response.json()["id"]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _id in results) == [200, 200, 200, 201]
    assert len({report_id for _status, report_id in results}) == 1
    assert Report.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


# -- bad input: always 400/422 JSON naming the field, never 500 ----------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**payload(), "reported_on": 12}, "reported_on"),
        ({**payload(), "reported_on": "2026-02-30"}, "reported_on"),
        ({**payload(), "consent": "maybe"}, "consent"),
        ({**payload(), "person": "Ioana"}, "person"),
        ({**payload(), "person": {**payload()["person"], "gender": "vrouwtje"}}, "person.gender"),
        (
            {**payload(), "person": {**payload()["person"], "family_name": "x" * 201}},
            "person.family_name",
        ),
        ({**payload(), "person": {**payload()["person"], "aliases": "Mimi"}}, "person.aliases"),
        (
            {**payload(), "person": {**payload()["person"], "nationalities": ["ROU"]}},
            "person.nationalities[0]",
        ),
        ({**payload(), "places": [{"kind": "moon"}]}, "places[0].kind"),
        (
            {**payload(), "forms": [{"form": "labour", "labour_sector": "mining"}]},
            "forms[0].labour_sector",
        ),
        ({**payload(), "narrative": "x" * 20001}, "narrative"),
        ({**payload(), "needs_shelter": "perhaps"}, "needs_shelter"),
        ({**payload(), "person": {"gender": "female"}}, "person"),  # unidentifiable
        (
            {**payload(), "person": {**payload()["person"], "birth_date": "2026-05-01"}},
            "person.birth_date",
        ),  # born after the report
        ({**payload(), "exploitation_started_on": "2999-01-01"}, "exploitation_started_on"),
        (
            {**payload(), "person": {**payload()["person"], "nationalities": ["XX"]}},
            "person.nationalities[0]",
        ),
        ([payload()], "non_field_errors"),
    ],
)
def test_bad_body_is_400_naming_the_field(reporter, body: Any, field: str) -> None:
    response = post(api_client(reporter), body)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert not Report.objects.exists()


def test_malformed_json_is_400(reporter) -> None:
    response = api_client(reporter).post(REPORTS, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_analyst_may_not_create_and_is_audited(make_user) -> None:
    analyst = make_user(Role.ANALYST)
    response = post(api_client(analyst), payload())
    assert response.status_code == 403
    assert AuditEvent.objects.filter(
        action=AuditAction.DENIED, actor=analyst, object_type="registry.report"
    ).exists()


# -- list and detail --------------------------------------------------------------------------


@pytest.fixture
def reports_of_two_organisations(make_user, shelter_org, make_report):
    own = [make_report(), make_report(submit=False)]
    other = make_report(actor=make_user(Role.REPORTER, organisation=shelter_org))
    return own, other


def test_list_shows_the_own_organisation_only_and_audits(
    reporter, reports_of_two_organisations
) -> None:
    own, _other = reports_of_two_organisations
    response = api_client(reporter).get(REPORTS)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {r["id"] for r in body["results"]} == {r.pk for r in own}
    listed = AuditEvent.objects.get(action=AuditAction.LIST, actor=reporter)
    assert sorted(listed.details["ids"]) == sorted(str(r.pk) for r in own)


def test_registrar_lists_all_submitted_and_filters_and_pages(
    registrar, reports_of_two_organisations
) -> None:
    own, other = reports_of_two_organisations
    client = api_client(registrar)
    body = client.get(REPORTS, {"status": "submitted"}).json()
    assert {r["id"] for r in body["results"]} == {own[0].pk, other.pk}
    first_page = client.get(REPORTS, {"limit": 1}).json()
    assert first_page["count"] == 2
    assert len(first_page["results"]) == 1
    assert first_page["previous"] is None
    assert "offset=1" in first_page["next"]
    second_page = client.get(first_page["next"]).json()
    assert second_page["next"] is None
    assert second_page["previous"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "many"}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"status": "lost"}, "status"),
    ],
)
def test_bad_list_parameters_name_the_field(reporter, params, field) -> None:
    response = api_client(reporter).get(REPORTS, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_detail_of_another_organisation_is_404_and_audited(
    reporter, reports_of_two_organisations
) -> None:
    own, other = reports_of_two_organisations
    client = api_client(reporter)
    assert client.get(f"{REPORTS}{own[0].pk}/").json()["number"] == own[0].number
    assert AuditEvent.objects.filter(action=AuditAction.READ, object_id=str(own[0].pk)).exists()
    assert client.get(f"{REPORTS}{other.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, object_id=str(other.pk)).exists()


# -- transitions ------------------------------------------------------------------------------


def test_registrar_reviews_and_decides(registrar, make_report) -> None:
    report = make_report()
    client = api_client(registrar)
    url = f"{REPORTS}{report.pk}/transitions/"
    assert client.post(url, {"to_status": "in_review"}, format="json").status_code == 200
    missing = client.post(url, {"to_status": "not_registered"}, format="json")
    assert missing.status_code == 400
    assert "not_registered_reason" in missing.json()["errors"]
    unknown = client.post(
        url, {"to_status": "not_registered", "not_registered_reason": "bogus"}, format="json"
    )
    assert unknown.status_code == 400
    assert "not_registered_reason" in unknown.json()["errors"]
    decided = client.post(
        url,
        {
            "to_status": "not_registered",
            "not_registered_reason": "duplicate",
            "decision_note": "Zie MH-2026-000001.",
        },
        format="json",
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "not_registered"
    assert decided.json()["not_registered_reason"] == "duplicate"
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.TRANSITION, actor=registrar, object_id=str(report.pk)
        ).count()
        == 2
    )


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"to_status": "registered"}, 400, "status"),  # not allowed from submitted
        ({"to_status": "withdrawn"}, 400, "reason"),  # a reason is required
        ({"to_status": "lost"}, 400, "to_status"),
        ({"to_status": "in_review"}, 403, None),  # only the registrar reviews
        ({"to_status": "withdrawn", "reason": "x" * 1001}, 400, "reason"),
    ],
)
def test_reporter_transition_errors(reporter, make_report, body, status, field) -> None:
    report = make_report()
    response = api_client(reporter).post(f"{REPORTS}{report.pk}/transitions/", body, format="json")
    assert response.status_code == status, response.content
    if field:
        assert field in response.json()["errors"]


# -- projection and schema --------------------------------------------------------------------


def _keys(serializer: Any) -> set[str]:
    return set(serializer().fields)


def test_projection_with_every_category_matches_the_documented_shape(make_report) -> None:
    from schakel.registry.selectors import _report_detail

    report = _report_detail().get(pk=make_report().pk)
    shown = report_projection(report, ALL_CATEGORIES)
    assert set(shown) == _keys(api_serializers.ReportOutSerializer)
    assert set(shown["person"]) == _keys(api_serializers.PersonOutSerializer)


def test_projection_leaves_out_categories_not_allowed(make_report) -> None:
    from schakel.registry.selectors import _report_detail

    report = _report_detail().get(pk=make_report().pk)
    shown = report_projection(report, {DataCategory.REPORT, DataCategory.EXPLOITATION})
    assert "person" not in shown
    assert "narrative" not in shown
    assert "suspects" not in shown
    assert "health_notes" not in shown
    assert "minor_at_start_of_exploitation" not in shown
    assert shown["places"] == [{"kind": "nl", "municipality": "Utrecht", "country": ""}]
    identity_only = report_projection(report, {DataCategory.IDENTITY})
    assert set(identity_only) == {"id", "person"}
    assert "municipality_of_stay" not in identity_only["person"]


def test_schema_describes_the_reports_api(client) -> None:
    schema = client.get(reverse("schema"), {"format": "json"}).json()
    create = schema["paths"]["/api/v1/reports/"]["post"]
    headers = [p for p in create["parameters"] if p["in"] == "header"]
    assert [h["name"] for h in headers] == ["Idempotency-Key"]
    assert set(create["responses"]) >= {"200", "201", "400", "403", "422"}
    assert "ReportCreate" in schema["components"]["schemas"]
    listing = schema["paths"]["/api/v1/reports/"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"status", "limit", "offset"}
    assert "/api/v1/reports/{id}/transitions/" in schema["paths"]


def test_a_create_costs_a_fixed_number_of_statements(reporter) -> None:
    """The create path is the API's hot path (issue 3 point 9, docs/benchmarks.md): pin its
    statements so that a repeated query shows up here, not in the benchmark."""
    from django.test.utils import CaptureQueriesContext

    client = api_client(reporter)
    assert post(client, payload(submit=True), key="warm-up").status_code == 201
    with CaptureQueriesContext(connection) as queries:
        response = post(client, payload(submit=True), key="pinned")
    assert response.status_code == 201, response.content
    # token look-up; savepoint and its release (the test's transaction); decision term; person;
    # report number; report, record, document, place, form, suspect, transition (one INSERT
    # each); idempotency key; audit chain head read, events insert, head update.
    assert len(queries) == 17, [q["sql"][:80] for q in queries.captured_queries]
