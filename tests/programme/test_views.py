"""The pages and the API of the programme monitor, through the HTTP stack."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.programme.datafile import programme_data_load
from schakel.programme.workflow import ProgressStatus
from tests.programme.fixtures import link, make_action, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(make_user, police_org, verified_client_for):
    link("JenV", police_org)
    return verified_client_for(make_user(Role.PROGRAMME_OFFICER))


def test_officer_reports_progress_through_the_form(officer_client) -> None:
    action = make_action(make_plan())
    url = reverse("programme:progress_create", args=["testplan", 1])
    today = timezone.localdate()
    refused = officer_client.post(
        url, {"reported_on": today.isoformat(), "status": "delayed", "text": "Later."}
    )
    assert refused.status_code == 200
    assert "Een vertraging heeft een nieuwe einddatum nodig." in refused.content.decode()
    later = (max(today, action.end_date) + dt.timedelta(days=30)).isoformat()
    done = officer_client.post(
        url,
        {
            "reported_on": today.isoformat(),
            "status": "delayed",
            "new_end_date": later,
            "text": "Later.",
        },
    )
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.status == ProgressStatus.DELAYED
    page = officer_client.get(reverse("programme:action_detail", args=["testplan", 1]))
    assert "Later." in page.content.decode()
    assert "Voortgang melden" in page.content.decode()


def test_plan_filters_and_deadlines(officer_client) -> None:
    plan = make_plan()
    make_action(plan, 1, codes=("JenV",))
    make_action(plan, 2, codes=("VWS",))
    page = officer_client.get(
        reverse("programme:plan_detail", args=["testplan"]), {"ministry": "VWS"}
    )
    body = page.content.decode()
    assert "Actie 2 uitvoeren" in body
    assert "Actie 1 uitvoeren" not in body
    deadlines = officer_client.get(reverse("programme:deadlines"), {"days": "30"})
    assert "Actie 1 uitvoeren" in deadlines.content.decode()


def test_report_page_and_indicators(officer_client) -> None:
    programme_data_load(actor=None)
    page = officer_client.get(
        reverse("programme:report"),
        {
            "plan": "samen-tegen-mensenhandel",
            "period_start": "2020-01-01",
            "period_end": "2020-12-31",
        },
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Handreiking gegevensdeling mensenhandel" in body
    assert "Afgerond" in body
    bad = officer_client.get(
        reverse("programme:report"), {"period_start": "2020-12-31", "period_end": "2020-01-01"}
    )
    assert "De einddatum ligt voor de begindatum." in bad.content.decode()
    indicators = officer_client.get(reverse("programme:indicator_list")).content.decode()
    assert "166 (156–176)" in indicators
    assert "Rood: doel wordt niet gehaald" in indicators


def test_api_progress_refusal_names_fields(officer_client) -> None:
    action = make_action(make_plan())
    url = reverse("api:programme_progress", args=[action.pk])
    response = officer_client.post(
        url,
        {"reported_on": "2020-03-01", "status": "delayed", "text": "Later."},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "new_end_date" in response.json()["errors"]
    ok = officer_client.post(
        url,
        {"reported_on": "2020-03-01", "status": "on_track", "text": "Loopt."},
        content_type="application/json",
    )
    assert ok.status_code == 201
    assert ok.json()["status"] == "on_track"
    listed = officer_client.get(reverse("api:programme_actions"), {"status": "on_track"})
    assert [a["number"] for a in listed.json()["results"]] == [1]
    assert (
        officer_client.get(reverse("api:programme_actions"), {"status": "nonsense"}).status_code
        == 400
    )


def test_api_indicators_give_forecast_and_colour(officer_client) -> None:
    programme_data_load(actor=None)
    data = officer_client.get(reverse("api:programme_indicators")).json()
    om = next(i for i in data["results"] if i["slug"] == "om-verdachten")
    year = next(y for y in om["years"] if y["year"] == 2020)
    assert (year["target"], year["actual"], year["colour"]) == (190, 124, "red")
    assert (year["forecast"]["low"], year["forecast"]["high"]) == (156, 176)
