"""A person logs in with the second factor; axe-core finds no serious or critical violation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from schakel.accounts.roles import Role
from tests.conftest import PASSWORD, backup_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


def _serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def test_login_with_second_factor_and_accessible_start_page(live_server, page, make_user) -> None:
    user = make_user(Role.REGISTRAR, username="fenna")
    code = backup_code(user)

    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    assert _serious_violations(page) == []

    page.get_by_label("Gebruikersnaam").fill("fenna")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/accounts/second-factor/**")
    assert _serious_violations(page) == []

    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welkom")
    assert page.get_by_text("U bent ingelogd met een tweede factor.").is_visible()
    assert _serious_violations(page) == []

    # Keyboard users: the first Tab reaches the skip link, which moves focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_english_switch_and_accessible_audit_viewer(live_server, page, make_user) -> None:
    user = make_user(Role.SYSTEM_ADMIN, username="eva")
    code = backup_code(user)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="English").click()
    page.get_by_label("Username").fill("eva")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name="Audit trail").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Audit trail"
    assert page.locator("html").get_attribute("lang") == "en"
    assert _serious_violations(page) == []
