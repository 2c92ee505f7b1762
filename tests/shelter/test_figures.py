"""Capacity, the history of place status, and the figures built on it: discharge reasons
(action 39), occupancy over time, under-occupancy and waiting times."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from schakel.accounts.roles import Role
from schakel.core.errors import NotAllowed, ValidationFailed
from schakel.core.models import AuditEvent
from schakel.shelter import report_selectors, reports, services
from schakel.shelter.choices import PlacementAction as A
from schakel.shelter.choices import PlaceStatus
from schakel.shelter.models import RETIRED, Place, Placement, PlaceStatusChange
from tests.shelter.conftest import NOW, later, verified

pytestmark = pytest.mark.django_db


def events(object_type: str, action: str) -> int:
    return AuditEvent.objects.filter(object_type=object_type, action=action).count()


def stay(registrar, staff, placement, place, *, arrive_after: float, leave_after: float, reason):
    """Reserve, confirm and arrive `arrive_after` hours after NOW; discharge later."""
    for actor, action, hours in [
        (registrar, A.RESERVE, arrive_after - 2),
        (staff, A.CONFIRM, arrive_after - 1),
        (staff, A.ARRIVE, arrive_after),
    ]:
        services.placement_transition(
            actor=actor, pk=placement.pk, action=action, place_id=place.pk, now=later(hours)
        )
    if leave_after:
        services.placement_transition(
            actor=staff, pk=placement.pk, action=A.DISCHARGE, reason=reason, now=later(leave_after)
        )


# -- capacity -------------------------------------------------------------------------------


def test_capacity_grows_and_shrinks_keeping_history(staff, make_facility, make_place) -> None:
    facility = make_facility()
    make_place(facility, label="1", languages=["ro"], now=NOW)
    assert services.capacity_change(actor=staff, facility_id=facility.pk, capacity=3, now=NOW) == 3
    active = Place.objects.filter(facility=facility, is_active=True)
    assert sorted(active.values_list("label", flat=True)) == ["1", "2", "3"]
    assert all(p.languages == ["ro"] for p in active)
    Place.objects.filter(label="3").update(status=PlaceStatus.UNAVAILABLE)
    services.capacity_change(actor=staff, facility_id=facility.pk, capacity="2", now=later(1))
    retired = Place.objects.get(is_active=False)
    assert retired.label == "3"  # unavailable places go first
    assert PlaceStatusChange.objects.filter(place=retired).last().status == RETIRED
    assert PlaceStatusChange.objects.filter(facility=facility).count() == 4
    assert events("shelter.facility", "update") == 2


def test_capacity_below_the_occupied_places_is_refused_with_the_reason(
    registrar, staff, make_facility, make_place, make_placement
) -> None:
    facility = make_facility()
    first, _second = make_place(facility), make_place(facility)
    stay(registrar, staff, make_placement(), first, arrive_after=2, leave_after=0, reason="")
    with pytest.raises(ValidationFailed, match="niet lager dan 1") as refused:
        services.capacity_change(actor=staff, facility_id=facility.pk, capacity=0)
    assert refused.value.field == "capacity"
    assert Place.objects.filter(is_active=True).count() == 2  # nothing half-written
    services.capacity_change(actor=staff, facility_id=facility.pk, capacity=1)
    assert list(Place.objects.filter(is_active=True)) == [first]


@pytest.mark.parametrize("capacity", ["", "twee", -1, 501])
def test_capacity_that_is_not_a_number_in_range_is_refused(staff, make_facility, capacity) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.capacity_change(actor=staff, facility_id=make_facility().pk, capacity=capacity)
    assert refused.value.field == "capacity"


def test_capacity_of_another_organisation_is_refused_and_audited(
    coordinator, make_facility
) -> None:
    with pytest.raises(NotAllowed):
        services.capacity_change(actor=coordinator, facility_id=make_facility().pk, capacity=3)
    assert events("shelter.facility", "denied") == 1


def test_capacity_form_shows_the_refusal_naming_the_field(  # noqa: PLR0917 -- fixtures
    registrar, staff, verified_client_for, make_facility, make_place, make_placement
) -> None:
    facility = make_facility()
    stay(registrar, staff, make_placement(), make_place(facility), arrive_after=2, leave_after=0,
         reason="")  # fmt: skip
    client = verified_client_for(staff)
    url = reverse("shelter:capacity_change", args=[facility.pk])
    response = client.post(url, {"capacity": "0"})
    assert response.status_code == 400
    assert "Aantal plaatsen</a>: De capaciteit kan niet lager dan 1" in response.content.decode()
    assert client.post(url, {"capacity": "4"}).status_code == 302
    assert Place.objects.filter(facility=facility, is_active=True).count() == 4


def test_retired_places_are_not_offered(registrar, staff, make_facility, make_place) -> None:
    facility = make_facility()
    make_place(facility)
    services.capacity_change(actor=staff, facility_id=facility.pk, capacity=0)
    from schakel.shelter.selectors import free_candidates

    assert free_candidates(NOW) == []


# -- history of place status ----------------------------------------------------------------


def test_every_status_change_of_a_place_is_recorded(
    registrar, staff, make_place, make_placement
) -> None:
    place = make_place(now=NOW)
    stay(registrar, staff, make_placement(), place, arrive_after=3, leave_after=30, reason="left")
    services.availability_update(
        actor=staff, facility_id=place.facility_id, statuses={place.pk: "unavailable"},
        now=later(31),
    )  # fmt: skip
    statuses = list(PlaceStatusChange.objects.filter(place=place).values_list("status", flat=True))
    # confirm keeps the place reserved: no new row
    assert statuses == ["free", "reserved", "occupied", "free", "unavailable"]


# -- discharge reasons (action 39) ------------------------------------------------------------


@pytest.fixture
def discharged(registrar, staff, make_facility, make_place, make_placement) -> None:
    """Six stays in Utrecht (COSM) and one in Groningen (women's shelter), in March 2026."""
    utrecht = make_facility(municipality="Utrecht")
    groningen = make_facility(municipality="Groningen", kind="women")
    reasons = ["moved_on", "moved_on", "moved_on", "moved_on", "moved_on", "left"]
    for number, reason in enumerate(reasons):
        stay(registrar, staff, make_placement(), make_place(utrecht), arrive_after=2,
             leave_after=2 + 24 * (10 + number), reason=reason)  # fmt: skip
    stay(registrar, staff, make_placement(), make_place(groningen), arrive_after=2,
         leave_after=2 + 24 * 3, reason="returned")  # fmt: skip


def test_discharge_report_counts_reasons_with_length_of_stay(discharged, registrar) -> None:
    report = report_selectors.discharge_report_for(
        actor=registrar, selection=report_selectors.Selection(year=2026)
    )
    assert report.exact
    assert report.total == 7
    rows = {(r.period, r.kind, r.region, r.reason): r for r in report.rows}
    moved_on = rows[("2026-03", "cosm", "Utrecht", "moved_on")]
    assert (moved_on.count, moved_on.median_stay_days, moved_on.p90_stay_days) == (5, 12, 14)
    assert rows[("2026-03", "women", "Groningen", "returned")].median_stay_days == 3
    assert rows[("2026-03", reports.ALL, reports.ALL, "moved_on")].count == 5
    shares = {reason: (count, share) for reason, count, share, _median in report.shares}
    assert shares["left"] == (1, 14.3)
    assert events("shelter.statistics", "read") == 1


def test_discharge_report_filters_kind_and_region_and_quarter(discharged, registrar) -> None:
    selection = report_selectors.Selection(year=2026, granularity="kwartaal", region="Groningen")
    report = report_selectors.discharge_report_for(actor=registrar, selection=selection)
    assert report.total == 1
    assert {r.period for r in report.rows} == {"2026-K1"}
    cosm = report_selectors.Selection(year=2026, kind="cosm")
    assert report_selectors.discharge_report_for(actor=registrar, selection=cosm).total == 6
    other_year = report_selectors.Selection(year=2025)
    assert report_selectors.discharge_report_for(actor=registrar, selection=other_year).total == 0


def test_analysts_see_small_numbers_hidden_and_csv_is_an_audited_export(
    discharged, make_user, verified_client_for
) -> None:
    analyst = verified(make_user(Role.ANALYST))
    client = verified_client_for(analyst)
    page = client.get(reverse("shelter:discharges"), {"jaar": "2026"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Op eigen initiatief vertrokken" in text
    assert "&lt;5" in text
    response = client.get(reverse("shelter:discharges_csv"), {"jaar": "2026", "per": "jaar"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["periode", "soort", "regio", "reden", "aantal"]
    moved_on = next(r for r in rows if r[3] == "Doorgestroomd" and r[1] != "Alle soorten")
    assert moved_on[4:6] == ["5", "12"]
    left = next(r for r in rows if r[3] == "Op eigen initiatief vertrokken")
    assert left[4:6] == ["<5", ""]  # no stay shown for one person
    assert events("shelter.statistics", "export") == 1


def test_bad_selection_is_refused_naming_the_field(registrar, verified_client_for) -> None:
    response = verified_client_for(registrar).get(reverse("shelter:discharges"), {"jaar": "abc"})
    assert response.status_code == 400
    assert "Jaar" in response.content.decode()


def test_figures_are_refused_to_roles_without_them_and_audited(make_user) -> None:
    police_case_worker = verified(make_user(Role.CASE_WORKER))
    with pytest.raises(NotAllowed):
        report_selectors.discharge_report_for(
            actor=police_case_worker, selection=report_selectors.Selection(year=2026)
        )
    assert events("shelter.statistics", "denied") == 1


# -- occupancy, under-occupancy, waiting -----------------------------------------------------


def test_occupancy_per_day_and_week_from_the_history(
    registrar, staff, make_facility, make_place, make_placement
) -> None:
    facility = make_facility(municipality="Utrecht")
    first = make_place(facility, now=NOW)
    make_place(facility, now=NOW)
    # 2 March: both free; 3 to 5 March: one occupied; leaves 6 March.
    stay(registrar, staff, make_placement(), first, arrive_after=26, leave_after=26 + 72,
         reason="moved_on")  # fmt: skip
    daily = report_selectors.occupancy_for(
        actor=registrar, start=date(2026, 3, 1), end=date(2026, 3, 7), weekly=False
    )
    total = {r.period: r for r in daily.rows if r.kind == reports.ALL}
    assert "2026-03-01" not in total  # no places yet
    assert (total["2026-03-02"].capacity, total["2026-03-02"].occupied) == (2, 0)
    assert total["2026-03-03"].rate == 50.0
    assert total["2026-03-06"].occupied == 0
    weekly = report_selectors.occupancy_for(
        actor=registrar, start=date(2026, 3, 2), end=date(2026, 3, 8), weekly=True
    )
    week = next(r for r in weekly.rows if r.kind == "cosm")
    assert (week.period, week.region, week.occupied) == ("2026-03-02", "Utrecht", round(3 / 7, 1))


def test_occupancy_filters_by_region(registrar, make_facility, make_place) -> None:
    make_place(make_facility(municipality="Groningen"), now=NOW)
    report = report_selectors.occupancy_for(
        actor=registrar, start=date(2026, 3, 2), end=date(2026, 3, 2), weekly=False,
        region="Utrecht",
    )  # fmt: skip
    assert report.rows == []


def test_under_occupancy_names_facilities_with_places_free_for_long(  # noqa: PLR0917 -- fixtures
    registrar, staff, make_facility, make_place, make_placement, make_user
) -> None:
    quiet = make_facility(name="Stil huis")
    make_place(quiet, now=NOW)
    busy = make_facility(name="Vol huis")
    stay(registrar, staff, make_placement(), make_place(busy, now=NOW), arrive_after=1,
         leave_after=0, reason="")  # fmt: skip
    report = report_selectors.under_occupancy_for(actor=registrar, now=later(24 * 20))
    assert [report.facilities[r.facility_id][0] for r in report.rows] == ["Stil huis"]
    row = report.rows[0]
    assert (row.free_long, row.longest_free_days, row.average_rate) == (1, 20, 0.0)
    analyst = verified(make_user(Role.ANALYST))
    from schakel.shelter.tables import under_occupancy_table

    hidden = report_selectors.under_occupancy_for(actor=analyst, now=later(24 * 20))
    assert under_occupancy_table(hidden).rows[0][0] == "(niet getoond)"


def test_waiting_time_from_request_to_placement(
    registrar, staff, make_place, make_placement
) -> None:
    for hours in (2, 4, 30):
        placement = make_placement()
        Placement.objects.filter(pk=placement.pk).update(created_at=NOW)
        stay(registrar, staff, placement, make_place(), arrive_after=hours, leave_after=0,
             reason="")  # fmt: skip
    waiting = make_placement(urgency="week")
    Placement.objects.filter(pk=waiting.pk).update(created_at=NOW)
    report = report_selectors.waiting_for(
        actor=registrar, selection=report_selectors.Selection(year=2026)
    )
    rows = {(r.period, r.urgency): r for r in report.rows}
    total = rows[("2026-03", reports.ALL)]
    assert (total.requests, total.placed, total.median_hours, total.p90_hours) == (4, 3, 4, 30)
    assert rows[("2026-03", "week")].placed == 0


def test_dashboard_pages_and_exports_for_care_coordination(
    coordinator, verified_client_for, make_place
) -> None:
    make_place(now=NOW - timedelta(days=3))
    client = verified_client_for(coordinator)
    for name in ("occupancy", "under_occupancy", "waiting"):
        assert client.get(reverse(f"shelter:{name}")).status_code == 200, name
        response = client.get(reverse(f"shelter:{name}_csv"))
        assert response.status_code == 200, name
        assert response["Content-Disposition"].startswith("attachment")
    page = client.get(reverse("shelter:occupancy"), {"van": "2026-03-01", "tot": "2026-03-08"})
    assert "<svg" in page.content.decode()
    bad = client.get(reverse("shelter:occupancy"), {"van": "2026-03-08", "tot": "2026-03-01"})
    assert bad.status_code == 400
    assert events("shelter.statistics", "export") == 3


def test_occupancy_replay_is_pure() -> None:
    changes = [
        reports.StatusChange(1, "cosm", "Utrecht", "free", later(0)),
        reports.StatusChange(1, "cosm", "Utrecht", "occupied", later(24)),
        reports.StatusChange(1, "cosm", "Utrecht", RETIRED, later(48)),
    ]
    rows = reports.occupancy(changes, start=date(2026, 3, 2), end=date(2026, 3, 4), tz=NOW.tzinfo)
    assert [(r.period, r.capacity, r.occupied) for r in rows if r.kind == reports.ALL] == [
        ("2026-03-02", 1, 0),
        ("2026-03-03", 1, 1),
    ]
