"""The residence main page in a real browser: reached from the menu, the due-soon list shows the
procedure whose reflection period ends soon, the procedure page works, no axe violations."""

from __future__ import annotations

from datetime import date

import pytest

from schakel.accounts.roles import Role
from schakel.residence import clock, services
from schakel.residence.choices import ProcedureStatus
from tests.browser.test_login_and_accessibility import _serious_violations
from tests.conftest import PASSWORD, backup_code
from tests.residence.conftest import verified
from tests.residence.helpers import TODAY, open_procedure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_case_worker_due_soon_page_is_accessible(live_server, page, make_user) -> None:
    worker = make_user(Role.CASE_WORKER, username="noor")
    procedure = open_procedure(make_user=make_user, actor=verified(worker))
    services.procedure_transition(
        actor=worker,
        procedure=procedure,
        to_status=ProcedureStatus.REFLECTION,
        on=date(2024, 1, 12),
        values={"offered_by": "AVIM Utrecht"},
        today=TODAY,
    )
    code = backup_code(worker)
    with clock.frozen(date(2024, 4, 5)):  # 7 days before the end on 12 April 2024
        # The first request of a fresh live server can be slow on a busy machine.
        page.goto(f"{live_server.url}/accounts/login/", timeout=60_000)
        page.get_by_label("Gebruikersnaam").fill("noor")
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Bevestigen").click()
        page.wait_for_url(f"{live_server.url}/")
        page.get_by_role("link", name="Verblijfsregeling (B8/3)").first.click()
        assert page.get_by_role("heading", level=1).inner_text() == "Verblijfsregeling (B8/3)"
        due = page.get_by_role("table", name="Einde bedenktijd binnen 14 dagen")
        assert due.get_by_role("cell", name="7", exact=True).is_visible()
        assert _serious_violations(page) == []
        page.screenshot(path="/tmp/residence_due_soon.png", full_page=True)  # noqa: S108 -- a look for people
        due.get_by_role("link", name=procedure.reference).click()
        assert page.get_by_role("heading", level=1).inner_text().endswith(procedure.reference)
        assert _serious_violations(page) == []
