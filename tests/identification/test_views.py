"""The screens: checklist, list versions, MDT, and the registrar's decision form."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from schakel.accounts.roles import Role
from schakel.identification import services
from schakel.identification.models import Assessment, IndicatorList, ListStatus, MdtAssessment
from schakel.registry import services as registry_services
from schakel.registry.choices import ReportStatus
from tests.identification.conftest import ids

pytestmark = pytest.mark.django_db


def test_checklist_groups_by_element_and_saves_an_assessment(
    reporter, make_report, adult_labour, verified_client_for
) -> None:
    report = make_report()
    client = verified_client_for(reporter)
    url = reverse("identification:assessment_create", args=[report.pk])
    page = client.get(url, {"lijst": adult_labour.pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<fieldset") == 6
    assert "Misleidende werving" in html
    assert "Deceived about the nature of the job" in html  # source wording as help text
    boxes = {
        f"ind_{pk}": "on"
        for pk in ids(
            adult_labour, "dr_job", "dr_wages", "ex_hours", "ex_pay", "cd_documents", "cd_debt"
        )
    }
    first = ids(adult_labour, "dr_job")[0]
    response = client.post(
        url, {"lijst": adult_labour.pk, **boxes, f"note_{first}": "werk bleek op een ander adres"}
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("identification:assessment_detail", args=[assessment.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "wijst op mensenhandel" in detail
    assert "werk bleek op een ander adres" in detail


def test_checklist_refuses_an_indicator_of_another_version(
    reporter, registrar, make_report, adult_labour, verified_client_for
) -> None:
    report = make_report()
    draft = services.list_draft_create(actor=registrar, based_on=adult_labour)
    foreign = draft.indicators.get(code="dr_job").pk
    response = verified_client_for(reporter).post(
        reverse("identification:assessment_create", args=[report.pk]),
        {"lijst": adult_labour.pk, f"ind_{foreign}": "on"},
    )
    assert response.status_code == 400
    assert f"Onbekende indicator in het formulier: ind_{foreign}" in response.content.decode()
    assert not Assessment.objects.exists()


def test_withdrawn_report_offers_no_checklist(
    reporter, make_report, adult_labour, verified_client_for
) -> None:
    report = make_report()
    reporter.is_verified = lambda: True
    registry_services.report_transition(
        actor=reporter, report=report, to_status=ReportStatus.WITHDRAWN, reason="dubbel"
    )
    client = verified_client_for(reporter)
    page = client.get(reverse("identification:report_assessments", args=[report.pk]))
    assert "kan niet worden beoordeeld" in page.content.decode()
    response = client.post(
        reverse("identification:assessment_create", args=[report.pk]), {"lijst": adult_labour.pk}
    )
    assert response.status_code == 400
    assert "ingetrokken melding" in response.content.decode()


def test_registrar_drafts_edits_and_publishes_a_version(
    registrar, adult_labour, verified_client_for
) -> None:
    client = verified_client_for(registrar)
    response = client.post(reverse("identification:list_draft", args=[adult_labour.pk]))
    draft = IndicatorList.objects.get(family=adult_labour.family, status=ListStatus.DRAFT)
    assert response["Location"] == reverse("identification:list_edit", args=[draft.pk])
    edit = reverse("identification:list_edit", args=[draft.pk])
    bad = client.post(
        edit,
        {
            "part": "indicator",
            "indicator-element": "exploitation",
            "indicator-code": "",
            "indicator-strength": "strong",
        },
    )
    assert bad.status_code == 400
    client.post(
        edit,
        {
            "part": "indicator",
            "indicator-element": "exploitation",
            "indicator-code": "ex_no_breaks",
            "indicator-strength": "medium",
            "indicator-text_nl": "Geen pauzes",
            "indicator-text_en": "No breaks",
        },
    )
    assert draft.indicators.filter(code="ex_no_breaks").exists()
    client.post(reverse("identification:list_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == ListStatus.PUBLISHED
    diff = client.get(
        reverse("identification:list_diff"), {"van": adult_labour.pk, "naar": draft.pk}
    ).content.decode()
    assert "ex_no_breaks" in diff
    assert "toegevoegd" in diff


def test_publishing_with_an_empty_element_shows_why(
    registrar, adult_labour, verified_client_for
) -> None:
    draft = services.list_draft_create(actor=registrar, based_on=adult_labour)
    draft.indicators.filter(element__code="vulnerability_destination").delete()
    response = verified_client_for(registrar).post(
        reverse("identification:list_publish", args=[draft.pk])
    )
    assert response.status_code == 400
    assert "heeft geen indicatoren" in response.content.decode()


def test_mdt_form_records_an_assessment(
    make_user, make_report, police_org, shelter_org, verified_client_for
) -> None:
    report = make_report()
    client = verified_client_for(make_user(Role.CASE_WORKER))
    url = reverse("identification:mdt_create", args=[report.pk])
    bad = client.post(
        url,
        {
            "organisations": [police_org.pk],
            "met_on": "2026-03-01",
            "conclusion": "victim",
            "reasoning": "x",
        },
    )
    assert bad.status_code == 400
    assert "Kies ten minste twee organisaties." in bad.content.decode()
    client.post(
        url,
        {
            "organisations": [police_org.pk, shelter_org.pk],
            "met_on": "2026-03-01",
            "conclusion": "victim",
            "reasoning": "Eensgezind.",
        },
    )
    assert MdtAssessment.objects.filter(report=report).count() == 1


def test_decision_form_shows_assessment_and_requires_reason_when_departing(
    registrar, reporter, make_report, adult_labour, verified_client_for
) -> None:
    report = make_report()
    registrar.is_verified = lambda: True
    reporter.is_verified = lambda: True
    registry_services.report_transition(
        actor=registrar, report=report, to_status=ReportStatus.IN_REVIEW
    )
    services.assessment_create(
        actor=reporter,
        report_id=report.pk,
        list_id=adult_labour.pk,
        observations=[(pk, "") for pk in ids(adult_labour, "ex_hours")],
        today=date(2026, 3, 10),
    )
    client = verified_client_for(registrar)
    page = client.get(reverse("registry:report_detail", args=[report.pk])).content.decode()
    assert "Beoordeling met de criteria" in page
    assert "geen van de criteria vervuld" in page
    url = reverse("registry:report_transition", args=[report.pk])
    refused = client.post(url, {"action": "register"})
    assert refused.status_code == 400
    assert "Licht toe waarom u toch registreert" in refused.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    accepted = client.post(
        url, {"action": "register", "register-decision_note": "Het relaas is overtuigend."}
    )
    assert accepted.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.REGISTERED


def test_diff_of_the_shipped_versions_shows_the_corrected_rule_and_strengths(
    registrar, adult_labour, verified_client_for
) -> None:
    client = verified_client_for(registrar)
    first = IndicatorList.objects.get(family=adult_labour.family, version=1)
    page = client.get(
        reverse("identification:list_diff"), {"van": first.pk, "naar": adult_labour.pk}
    ).content.decode()
    assert "De criteria zijn gewijzigd." in page
    assert "2 middel + 1 zwak" in page  # the combination version 1 lacked
    for changed in ("cr_inform", "vr_travel", "vd_cultural"):
        assert changed in page
    assert "Bron gewijzigd" in page


def test_new_diff_strings_have_english_in_the_app_catalogue() -> None:
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("Bron gewijzigd") == "Source changed"
        assert translation.gettext("Regel voor kinderen") == "Rule for children"
