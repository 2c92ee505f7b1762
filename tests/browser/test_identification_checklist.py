"""The identification checklist in a real browser: tablet-sized, keyboard-only, axe-clean."""

from __future__ import annotations

import pytest

from schakel.accounts.roles import Role
from schakel.identification.models import Assessment, IndicatorList
from schakel.identification.services import lists_load
from tests.browser.test_login_and_accessibility import _serious_violations
from tests.conftest import PASSWORD, backup_code
from tests.registry.factories import report_input

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_checklist_on_a_tablet_with_the_keyboard(live_server, browser, make_user) -> None:
    from schakel.registry import services

    reporter = make_user(Role.REPORTER, username="sanne")
    report = services.report_create(actor=reporter, data=report_input(), submit=True)
    lists_load()  # the flush between transactional tests removes what the migration loaded
    adult_labour = IndicatorList.objects.get(family="ilo-2009-adults-labour", version=1)
    code = backup_code(reporter)
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 1024, "height": 768}, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(60_000)  # the first page load can be slow on a busy machine
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("sanne")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/identificatie/meldingen/{report.pk}/")
    assert _serious_violations(page) == []
    page.get_by_role("link", name=adult_labour.name_nl).click()
    assert page.get_by_role("group", name="Misleidende werving").is_visible()
    assert _serious_violations(page) == []

    # Keyboard only: focus the first indicator, tick it with Space, tab on and tick more.
    first = page.get_by_role(
        "checkbox", name="Misleid over het soort werk, de werkplek of de werkgever"
    )
    first.focus()
    page.keyboard.press("Space")
    assert first.is_checked()
    for name in (
        "Misleid over loon of verdiensten",
        "Buitensporig lange werkdagen of werkweken",
        "Weinig of geen loon",
        "Identiteitspapieren afgepakt",
        "Een schuld gebruikt om de persoon vast te houden",
    ):
        box = page.get_by_role("checkbox", name=name, exact=True)
        box.focus()
        page.keyboard.press("Space")
    # The source wording is the checkbox's accessible description.
    assert "Deceived about the nature of the job" in first.evaluate(
        "el => document.getElementById(el.getAttribute('aria-describedby')).textContent"
    )
    page.get_by_role("button", name="Beoordeling opslaan").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/identificatie/beoordelingen/**")
    assert page.get_by_text("wijst op mensenhandel").first.is_visible()
    assert _serious_violations(page) == []
    assert Assessment.objects.get().conclusion_adult == "indicated"
    context.close()
