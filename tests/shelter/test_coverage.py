"""Care-coordination coverage: dated records, the national percentage, the map and the form."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from schakel.accounts.roles import Role
from schakel.core.errors import NotAllowed, ValidationFailed
from schakel.core.models import AuditEvent
from schakel.shelter import coverage, geo, selectors, services
from schakel.shelter.demo import DEMO_UNCOVERED, coverage_demo_load
from tests.shelter.conftest import verified

pytestmark = pytest.mark.django_db

RECORD = {
    "municipality": "Utrecht",
    "has_coordinator": True,
    "coordinator": "Zorgcoördinatie Utrecht",
    "contact": "zorgcoordinatie@utrecht.example",
    "valid_from": "2024-01-01",
    "source": "Convenant 2024",
}


def test_every_municipality_of_2024_is_shipped_once() -> None:
    names = [c.municipality for c in geo.municipalities()]
    assert len(names) == len(set(names)) == 342
    assert geo.municipality_of("Den Haag").municipality == "'s-Gravenhage"
    assert {c.province for c in geo.municipalities()} >= {"Groningen", "Zeeland", "Limburg"}


def test_demo_coverage_gives_the_figure_of_the_2020_letter(registrar) -> None:
    assert coverage_demo_load() == 342
    assert coverage_demo_load() == 0  # idempotent
    result = selectors.coverage_for(actor=registrar)
    assert (result.covered, result.total, result.percentage) == (322, 342, 94.2)
    assert {r.centre.municipality for r in result.uncovered} == set(DEMO_UNCOVERED)


def test_records_are_versioned_by_date(coordinator) -> None:
    services.care_coordination_record(actor=coordinator, data=RECORD)
    ended = {**RECORD, "has_coordinator": False, "valid_from": "2025-07-01", "source": "Brief"}
    services.care_coordination_record(actor=coordinator, data=ended)
    on = {
        day: next(
            r
            for r in selectors.coverage_for(actor=coordinator, on=day).rows
            if r.centre.municipality == "Utrecht"
        )
        for day in (date(2023, 12, 31), date(2024, 6, 1), date(2025, 7, 1))
    }
    assert on[date(2023, 12, 31)].record is None
    assert on[date(2024, 6, 1)].covered
    assert on[date(2024, 6, 1)].record.coordinator == "Zorgcoördinatie Utrecht"
    assert not on[date(2025, 7, 1)].covered
    assert on[date(2025, 7, 1)].record.coordinator == ""
    assert (
        AuditEvent.objects.filter(object_type="shelter.care_coordination", action="create").count()
        == 2
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"municipality": "Atlantis"}, "municipality"),
        ({"coordinator": ""}, "coordinator"),
        ({"source": " "}, "source"),
        ({"valid_from": "gisteren"}, "valid_from"),
        ({"valid_from": "1999-12-31"}, "valid_from"),
        ({"contact": "x" * 201}, "contact"),
    ],
)
def test_bad_records_are_refused_naming_the_field(registrar, change, field) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.care_coordination_record(actor=registrar, data={**RECORD, **change})
    assert refused.value.field == field


def test_only_registrar_and_care_coordination_maintain_it(staff, make_user) -> None:
    analyst = verified(make_user(Role.ANALYST))
    for actor in (staff, analyst):
        with pytest.raises(NotAllowed):
            services.care_coordination_record(actor=actor, data=RECORD)
    assert (
        AuditEvent.objects.filter(object_type="shelter.care_coordination", action="denied").count()
        == 2
    )
    assert selectors.coverage_for(actor=analyst).total == 342  # but they may read it


def test_map_marks_uncovered_by_shape_and_says_the_figures_in_words() -> None:
    centres = geo.municipalities()[:3]
    records = [coverage.Record(centres[0].municipality, True, "Org", "", date(2020, 1, 1), "s")]
    svg = coverage.map_svg(coverage.coverage_on(centres, records, on=date(2024, 1, 1)))
    assert 'role="img"' in svg
    assert "1 van de 3 gemeenten hebben zorgcoördinatie (33,3%)" in svg
    assert svg.count("<circle") == 2  # one municipality and the legend
    assert svg.count("<rect") == 3  # two municipalities and the legend


def test_page_form_and_csv(coordinator, verified_client_for) -> None:
    client = verified_client_for(coordinator)
    page = client.get(reverse("shelter:coverage"))
    assert page.status_code == 200
    assert "0 van 342 gemeenten" in page.content.decode()
    bad = client.post(reverse("shelter:coverage_edit"), {**RECORD, "coordinator": ""})
    assert bad.status_code == 400
    assert "Noem de organisatie" in bad.content.decode()
    good = client.post(reverse("shelter:coverage_edit"), {**RECORD, "has_coordinator": "on"})
    assert good.status_code == 302
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("shelter:coverage_csv")).content.decode()))
    )
    utrecht = next(r for r in rows if r[0] == "Utrecht")
    assert utrecht[2:4] == ["ja", "Zorgcoördinatie Utrecht"]
    assert client.get(reverse("shelter:coverage"), {"peildatum": "2023-01-01"}).status_code == 200
    assert "1 van 342" in client.get(reverse("shelter:coverage")).content.decode()
