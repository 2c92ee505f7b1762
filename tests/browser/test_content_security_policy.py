"""The Content Security Policy holds in a real browser (issue 9, 7c).

The `page` fixture fails a test on any CSP report on the console; these pages are the ones
most likely to carry inline code: the API documentation (Swagger UI) and a page with htmx.
"""

from __future__ import annotations

import pytest

from schakel.accounts.roles import Role
from tests.conftest import PASSWORD, backup_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_under_the_policy(live_server, page) -> None:
    page.goto(f"{live_server.url}/api/docs/")
    page.get_by_text("Schakel API").first.wait_for()


def test_report_form_with_htmx_under_the_policy(live_server, page, make_user) -> None:
    user = make_user(Role.REPORTER, username="ilse")
    code = backup_code(user)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("ilse")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/accounts/second-factor/**")
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/meldingen/nieuw/")
    page.get_by_role("heading", level=1).wait_for()
    assert page.evaluate("typeof window.htmx") == "object"
