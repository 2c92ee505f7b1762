"""The sharing rule matrix and the disclosure request form in a real browser: reached from the
menu, filtered, a request with an unknown number shows the error next to the field; no
serious axe violations."""

from __future__ import annotations

import pytest

from schakel.accounts.roles import Role
from schakel.sharing.services import default_rules_ensure
from tests.browser.test_login_and_accessibility import _serious_violations
from tests.conftest import PASSWORD, backup_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_matrix_and_request_form_are_accessible(live_server, page, make_user) -> None:
    default_rules_ensure()
    worker = make_user(Role.CASE_WORKER, username="sanne")
    code = backup_code(worker)
    page.goto(f"{live_server.url}/accounts/login/", timeout=60_000)
    page.get_by_label("Gebruikersnaam").fill("sanne")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("link", name="Regels gegevensdeling").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Regels voor gegevensdeling"
    page.get_by_label("Doel", exact=True).select_option("investigation")
    page.get_by_label("Houder", exact=True).select_option("care_shelter")
    page.get_by_role("button", name="Tonen").click()
    table = page.get_by_role("table", name="Besluit per soort gegevens voor het doel Opsporing")
    assert table.is_visible()
    assert _serious_violations(page) == []

    page.get_by_role("link", name="Gegevens vragen").first.click()
    page.get_by_role("link", name="Nieuw verzoek").click()
    page.get_by_label("Meldingsnummer").fill("MH-1999-000001")
    page.get_by_label("Doel", exact=True).select_option("care_and_shelter")
    page.get_by_label("Waarom heeft u de gegevens nodig?").fill("Opvang regelen.")
    page.get_by_role("button", name="Verzoek indienen").click()
    assert page.get_by_role("alert").is_visible()
    assert "Geen melding met dit nummer" in page.content()
    assert _serious_violations(page) == []
