"""The shelter figures and the care-coordination page in a real browser: reached from the menu,
the occupancy chart and tables show, no serious axe violations, and the CSP holds."""

from __future__ import annotations

import pytest

from schakel.accounts.roles import Role
from schakel.registry import services as registry_services
from schakel.shelter import services
from schakel.shelter.choices import PlacementAction as A
from schakel.shelter.demo import coverage_demo_load
from tests.browser.test_login_and_accessibility import _serious_violations
from tests.conftest import PASSWORD, backup_code
from tests.registry.factories import report_input
from tests.shelter.conftest import verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, username: str, code: str) -> None:
    # The first request of a fresh live server can be slow on a busy machine.
    page.goto(f"{live_server.url}/accounts/login/", timeout=60_000)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_server.url}/")


def test_registrar_figures_and_coverage_pages_are_accessible(
    live_server, page, make_user, shelter_org
) -> None:
    registrar = verified(make_user(Role.REGISTRAR, username="fenna"))
    staff = verified(make_user(Role.CASE_WORKER, organisation=shelter_org))
    facility = services.facility_create(
        actor=None, organisation=shelter_org, name="Opvang A", municipality="Utrecht", kind="cosm"
    )
    place = services.place_create(actor=None, facility=facility, label="1")
    report = registry_services.report_create(
        actor=make_user(Role.REPORTER), data=report_input(), submit=True
    )
    placement = services.placement_request(
        actor=registrar,
        report_number=report.number,
        needs={"gender": "female", "urgency": "immediate"},
    )
    for actor, action in [(registrar, A.RESERVE), (staff, A.CONFIRM), (staff, A.ARRIVE)]:
        services.placement_transition(
            actor=actor, pk=placement.pk, action=action, place_id=place.pk
        )
    services.placement_transition(actor=staff, pk=placement.pk, action=A.DISCHARGE, reason="left")
    coverage_demo_load()
    _log_in(page, live_server, "fenna", backup_code(registrar))
    page.get_by_role("link", name="Cijfers opvang").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Bezetting van de opvang"
    assert page.get_by_role("table", name="Bezetting per periode").is_visible()
    assert page.get_by_role("img").first.is_visible()  # the chart, with its text alternative
    assert _serious_violations(page) == []
    page.screenshot(path="/tmp/shelter_occupancy.png", full_page=True)  # noqa: S108 -- a look for people
    for link, heading in [
        ("Uitstroom naar reden", "Uitstroom uit de opvang naar reden"),
        ("Onderbezetting", "Onderbezetting"),
        ("Wachttijd tot plaatsing", "Wachttijd tot plaatsing"),
        ("Zorgcoördinatie per gemeente", "Zorgcoördinatie per gemeente"),
    ]:
        page.get_by_role("navigation", name="Cijfers opvang").get_by_role("link", name=link).click()
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert _serious_violations(page) == [], link
    assert "322 van 342 gemeenten (94,2%)" in page.content()
    assert page.get_by_role("img", name="Kaart van de zorgcoördinatie per gemeente").is_visible()
    page.screenshot(path="/tmp/shelter_coverage.png", full_page=True)  # noqa: S108 -- a look for people
    page.get_by_role("link", name="Zorgcoördinatie vastleggen").click()
    assert _serious_violations(page) == []
