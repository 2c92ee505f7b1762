"""A programme officer reports progress in a real browser; axe-core finds no serious or
critical violation on the programme pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from schakel.accounts.roles import Role
from schakel.programme.datafile import programme_data_load
from tests.conftest import PASSWORD
from tests.programme.fixtures import link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


def _serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def test_programme_officer_reports_progress(live_server, page, make_user, police_org) -> None:
    programme_data_load(actor=None)
    link("JenV", police_org)
    make_user(Role.PROGRAMME_OFFICER, username="lotte")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("lotte")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Actieplannen").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Actieplannen en programma's"
    assert _serious_violations(page) == []

    page.get_by_role("link", name="Programma Samen tegen mensenhandel").click()
    page.get_by_label("Status").select_option("not_started")
    page.get_by_role("button", name="Filteren").click()
    assert _serious_violations(page) == []
    page.get_by_role(
        "link", name="Internationaal vergelijkend onderzoek naar prostitutiemodellen"
    ).click()
    assert _serious_violations(page) == []

    page.get_by_role("link", name="Voortgang melden").click()
    page.get_by_label("Status").select_option("delayed")
    page.get_by_label("Toelichting").fill("Start verschoven.")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_role("alert").is_visible()
    assert "nieuwe einddatum nodig" in page.get_by_role("alert").inner_text()
    assert _serious_violations(page) == []

    for name in ("Indicatoren", "Voortgangsrapportage", "Termijnen"):
        page.get_by_role("link", name=name).first.click()
        assert _serious_violations(page) == [], name
