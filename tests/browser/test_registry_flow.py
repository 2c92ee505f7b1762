"""A reporter reports and submits a possible victim, a registrar registers the person; axe-core
finds no serious or critical violation on the form, the queue and the report page."""

from __future__ import annotations

import re

import pytest

from schakel.accounts.roles import Role
from tests.browser.test_login_and_accessibility import _serious_violations
from tests.conftest import PASSWORD, backup_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base_url: str, username: str, code: str) -> None:
    # The first request imports every app; give it longer than an ordinary page.
    page.goto(f"{base_url}/accounts/login/", timeout=60_000)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{base_url}/")


def test_report_submit_and_register(live_server, page, make_user) -> None:
    reporter = make_user(Role.REPORTER, username="rita")
    registrar = make_user(Role.REGISTRAR, username="gert")
    base = live_server.url

    _log_in(page, base, "rita", backup_code(reporter))
    page.get_by_role("link", name="Nieuwe melding").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Nieuwe melding"
    assert _serious_violations(page) == []

    # Submitting without anyone to identify: the summary names the field and links to it.
    page.get_by_label("Toestemming gegeven").check()
    page.get_by_role("button", name="Indienen bij de centrale registratie").click()
    summary = page.locator("#error-summary")
    assert "niet te identificeren" in summary.inner_text()
    assert page.locator("#id_given_names").get_attribute("aria-invalid") == "true"
    assert _serious_violations(page) == []

    page.get_by_label("Voornamen").fill("Anna")
    page.get_by_label("Achternaam").fill("Kowalska")
    page.get_by_label("Exacte datum").check()
    page.get_by_label("Geboortedatum").fill("2008-04-12")
    page.get_by_label("Beëindigd").check()
    page.get_by_label("Begin van de uitbuiting").fill("2025-06-01")
    page.get_by_label("Einde van de uitbuiting").fill("2026-02-01")
    page.locator("#id_places-0-municipality").fill("Utrecht")
    # A second place: htmx swaps in the new row (without JavaScript the page reloads).
    page.get_by_role("button", name="Nog een plaats toevoegen").click()
    page.locator("#id_places-1-country").wait_for()
    assert page.evaluate("document.activeElement.id") == "id_places-1-kind"
    assert page.get_by_label("Voornamen").input_value() == "Anna"  # nothing else was lost
    page.locator("#id_places-1-country").select_option("PL")
    page.locator("#id_forms-0-form").select_option("sexual_other")
    page.get_by_role("button", name="Indienen bij de centrale registratie").click()

    page.wait_for_url(re.compile(r".*/meldingen/\d+/$"))
    number = page.get_by_role("heading", level=1).inner_text().removeprefix("Melding ")
    assert page.get_by_text("is ingediend bij de centrale registratie").is_visible()
    facts = page.locator("#person-heading + dl").inner_text()
    assert "Minderjarig bij begin uitbuiting\nja" in facts.replace("\t", "\n")
    assert _serious_violations(page) == []
    page.get_by_role("button", name="Uitloggen").click()

    _log_in(page, base, "gert", backup_code(registrar))
    page.get_by_role("link", name="Werkvoorraad meldingen").first.click()
    assert page.get_by_role("link", name=number).is_visible()
    assert _serious_violations(page) == []
    page.get_by_role("link", name=number).click()
    assert _serious_violations(page) == []
    page.get_by_role("button", name="Beoordeling starten").click()
    page.get_by_label("Toelichting bij het besluit").first.fill("Voldoet aan de criteria.")
    page.get_by_role("button", name="Registreren", exact=True).click()
    assert page.get_by_text("is geregistreerd").is_visible()
    assert "Geregistreerd" in page.locator("#status-heading + dl").inner_text()
    assert _serious_violations(page) == []
