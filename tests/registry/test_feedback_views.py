"""The monthly feedback report through the web: who sees which figures, CSV, PDF, audit."""

from __future__ import annotations

import csv
import io
import re
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.core.models import AuditAction, AuditEvent
from schakel.registry import services
from schakel.registry.choices import ReportStatus
from schakel.registry.feedback import Month
from schakel.registry.models import NotRegisteredReason
from tests.registry.factories import person_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def this_month() -> str:
    return str(Month.of(timezone.localdate()))


def decide(report, registrar, to_status: ReportStatus) -> None:
    report = services.report_transition(
        actor=registrar, report=report, to_status=ReportStatus.IN_REVIEW
    )
    reason = None
    if to_status == ReportStatus.NOT_REGISTERED:
        reason = NotRegisteredReason.objects.get(code="no_indications")
    services.report_transition(
        actor=registrar, report=report, to_status=to_status, not_registered_reason=reason
    )


@pytest.fixture
def reports(make_user, make_report, registrar, shelter_org):
    """Police: 2 submitted (1 registered, 1 not registered) and a draft; shelter: 1 submitted."""
    registered = make_report(person=person_input(family_name="Zwanenburg"))
    not_registered = make_report()
    decide(registered, registrar, ReportStatus.REGISTERED)
    decide(not_registered, registrar, ReportStatus.NOT_REGISTERED)
    make_report(submit=False)
    shelter_reporter = make_user(Role.REPORTER, organisation=shelter_org)
    make_report(actor=shelter_reporter)
    return shelter_reporter


def csv_values(content: bytes) -> dict[tuple[str, str], str]:
    rows = list(csv.reader(io.StringIO(content.decode())))
    assert rows[0] == ["onderdeel", "onderdeel_omschrijving", "code", "omschrijving", "waarde"]
    return {(row[0], row[2]): row[4] for row in rows[1:]}


def get_csv(client, this_month: str, **params: str) -> dict[tuple[str, str], str]:
    response = client.get(reverse("registry:feedback_csv"), {"month": this_month, **params})
    assert response.status_code == 200, response.content
    return csv_values(response.content)


def test_reporter_sees_own_organisation_exactly(
    monkeypatch, reporter, reports, verified_client_for, this_month
) -> None:
    from schakel.registry import feedback

    monkeypatch.setattr(feedback, "_providers", {})  # no app has registered a follow-up yet
    client = verified_client_for(reporter)
    page = client.get(reverse("registry:feedback"), {"month": this_month})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Politie Test" in html
    assert "Opvang Test" not in html
    assert "Zwanenburg" not in html  # counts only, never a person
    assert "Nog niet beschikbaar." in html
    values = get_csv(client, this_month)
    assert values[("status", "total")] == "2"  # the draft does not count
    assert values[("status", "registered")] == "1"
    assert values[("decision", "not_registered")] == "1"
    assert values[("reason", "no_indications")] == "1"
    assert values[("rapport", "kleine_aantallen")] == "exact"
    assert values[("time", "median")] == "0"  # decided on the day of submission


def test_organisation_never_sees_another_organisations_figures(  # noqa: PLR0917 -- fixtures
    reporter, reports, verified_client_for, shelter_org, police_org, this_month
) -> None:
    shelter_reporter = reports
    shelter_values = get_csv(verified_client_for(shelter_reporter), this_month)
    assert shelter_values[("status", "total")] == "1"
    assert shelter_values[("rapport", "organisatie")] == "Opvang Test"
    client = verified_client_for(reporter)
    for name in ("registry:feedback", "registry:feedback_csv", "registry:feedback_pdf"):
        for other in (shelter_org.pk, "national", 999_999):
            response = client.get(reverse(name), {"month": this_month, "organisation": other})
            assert response.status_code == 404, (name, other)
    # Asking for the own organisation explicitly is fine.
    own = get_csv(client, this_month, organisation=str(police_org.pk))
    assert own[("status", "total")] == "2"
    denied = AuditEvent.objects.filter(
        actor=reporter, action=AuditAction.DENIED, object_type="registry.feedback"
    )
    assert denied.count() == 9


def test_registrar_picks_any_organisation_or_national(
    registrar, reports, verified_client_for, shelter_org, this_month
) -> None:
    client = verified_client_for(registrar)
    assert get_csv(client, this_month)[("status", "total")] == "3"
    assert get_csv(client, this_month, organisation="national")[("status", "total")] == "3"
    assert get_csv(client, this_month, organisation=str(shelter_org.pk))[("status", "total")] == "1"
    page = client.get(reverse("registry:feedback"), {"month": this_month})
    assert 'name="organisation"' in page.content.decode()
    unknown = client.get(
        reverse("registry:feedback"), {"month": this_month, "organisation": "999999"}
    )
    assert unknown.status_code == 200
    assert "Kies een organisatie" in unknown.content.decode()


def test_analyst_sees_national_totals_with_small_numbers_hidden(
    make_user, reports, verified_client_for, police_org, this_month
) -> None:
    client = verified_client_for(make_user(Role.ANALYST))
    values = get_csv(client, this_month)
    assert values[("rapport", "organisatie")] == "Alle organisaties (landelijk)"
    assert values[("rapport", "kleine_aantallen")].startswith("afgeschermd")
    assert values[("status", "total")] == "<5"
    assert values[("status", "registered")] == "<5"
    assert values[("status", "withdrawn")] == "0"
    assert values[("time", "median")] == "—"
    page = client.get(reverse("registry:feedback"), {"month": this_month}).content.decode()
    assert "&lt;5" in page
    assert "Kleine aantallen" in page
    response = client.get(
        reverse("registry:feedback"), {"month": this_month, "organisation": police_org.pk}
    )
    assert response.status_code == 404


def test_viewing_writes_no_read_event_but_export_is_audited(
    reporter, reports, verified_client_for, this_month
) -> None:
    client = verified_client_for(reporter)
    before = AuditEvent.objects.count()
    client.get(reverse("registry:feedback"), {"month": this_month})
    assert not AuditEvent.objects.filter(
        pk__gt=before, action__in=[AuditAction.READ, AuditAction.LIST, AuditAction.EXPORT]
    ).exists()
    client.get(reverse("registry:feedback_csv"), {"month": this_month})
    export = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert export.actor == reporter
    assert export.object_type == "registry.feedback"
    assert export.object_id == str(reporter.organisation_id)
    assert export.details == {"month": this_month, "format": "csv", "exact": True}
    assert export.subject_person_id == ""


def _pdf_page_count(pdf: bytes) -> int:
    """Count page objects, also inside compressed object streams."""
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            pages += len(re.findall(rb"/Type\s*/Page\b", zlib.decompress(match.group(1))))
        except zlib.error:
            continue
    return pages


def test_pdf_is_a_real_pdf(reporter, reports, verified_client_for, this_month) -> None:
    response = verified_client_for(reporter).get(
        reverse("registry:feedback_pdf"), {"month": this_month}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"terugkoppeling-{this_month}-org" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    assert _pdf_page_count(response.content) >= 1
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, details__format="pdf").count() == 1


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("maart", "Vul een maand in"),
        ("2026-13", "Vul een maand in"),
        ("2999-01", "nog niet begonnen"),
    ],
)
def test_bad_month_names_the_field(reporter, verified_client_for, month: str, message: str) -> None:
    client = verified_client_for(reporter)
    page = client.get(reverse("registry:feedback"), {"month": month})
    assert page.status_code == 200
    html = page.content.decode()
    assert message in html
    assert 'href="#id_month">Maand</a>' in html
    for name in ("registry:feedback_csv", "registry:feedback_pdf"):
        response = client.get(reverse(name), {"month": month})
        assert response.status_code == 400
        assert response.content.decode().startswith("Maand: ")


def test_default_is_the_last_complete_month(reporter, verified_client_for) -> None:
    response = verified_client_for(reporter).get(reverse("registry:feedback_csv"))
    values = csv_values(response.content)
    assert values[("rapport", "maand")] == str(Month.of(timezone.localdate()).previous())
    assert values[("status", "total")] == "0"


def test_follow_up_provider_gets_only_the_organisations_reports(
    monkeypatch, reporter, reports, verified_client_for, this_month
) -> None:
    from schakel.registry import feedback
    from schakel.registry.feedback import FollowUpLine, FollowUpTopic

    monkeypatch.setattr(feedback, "_providers", {})
    seen: list[frozenset[int]] = []

    def placements(report_ids: frozenset[int]) -> list[FollowUpLine]:
        seen.append(report_ids)
        return [FollowUpLine("placed", "Geplaatst", len(report_ids))]

    feedback.register_follow_up_provider(FollowUpTopic("shelter", "Opvang"), placements)
    police = get_csv(verified_client_for(reporter), this_month)
    shelter = get_csv(verified_client_for(reports), this_month)
    assert police[("follow_up:shelter", "placed")] == "2"
    assert shelter[("follow_up:shelter", "placed")] == "1"
    assert not seen[0] & seen[1]
    assert police[("follow_up:reflection_period", "")] == ""  # not yet available
