"""The monthly feedback page in a real browser: reachable from the menu, no axe violations."""

from __future__ import annotations

import pytest
from django.utils import timezone

from schakel.accounts.roles import Role
from schakel.registry.feedback import Month
from tests.browser.test_login_and_accessibility import _serious_violations
from tests.conftest import PASSWORD
from tests.registry.factories import report_input

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_feedback_page_is_accessible(live_server, page, make_user) -> None:
    from schakel.registry import services

    reporter = make_user(Role.REPORTER)
    services.report_create(actor=reporter, data=report_input(), submit=True)
    make_user(Role.ANALYST, username="daan")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("daan")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Terugkoppeling").first.click()
    page.get_by_role("textbox", name="Maand").fill(str(Month.of(timezone.localdate())))
    page.get_by_role("button", name="Toon").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Terugkoppeling")
    assert page.get_by_role("table", name="Status van deze meldingen").is_visible()
    assert page.get_by_text("Alle organisaties (landelijk)").first.is_visible()
    assert _serious_violations(page) == []
