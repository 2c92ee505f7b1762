"""The demo data fills every shelter figure page, through the services, and loads once."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from schakel.accounts.models import User
from schakel.core.demo import demo_load, demo_reports_load
from schakel.shelter import report_selectors
from schakel.shelter.choices import FacilityKind, PlacementStatus
from schakel.shelter.models import (
    CareCoordination,
    Facility,
    Place,
    Placement,
    PlacementEvent,
    PlaceStatusChange,
)
from tests.shelter.conftest import verified


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            CareCoordination,
            Facility,
            Place,
            Placement,
            PlacementEvent,
            PlaceStatusChange,
            User,
        )
    }


def test_demo_fills_every_figure_and_loads_once(db) -> None:
    demo_load(codes_per_user=1)
    demo_reports_load()
    now = timezone.now()
    today = timezone.localdate()
    assert set(Facility.objects.values_list("kind", flat=True)) == set(FacilityKind.values)
    assert 20 <= Facility.objects.count() <= 30
    statuses = set(Placement.objects.values_list("status", flat=True))
    assert {PlacementStatus.DISCHARGED, PlacementStatus.OCCUPIED, PlacementStatus.OPEN} <= statuses
    # History written by the workflow, in the past six months.
    assert PlacementEvent.objects.filter(occurred_at__lt=now - timedelta(days=90)).exists()
    assert Placement.objects.filter(created_at__lt=now - timedelta(days=90)).exists()

    registrar = verified(User.objects.get(username="registrator"))
    years = sorted({today.year, (today - timedelta(days=183)).year})
    discharged = [
        report_selectors.discharge_report_for(
            actor=registrar, selection=report_selectors.Selection(year=year)
        )
        for year in years
    ]
    assert sum(r.total for r in discharged) > 0
    assert len({reason for r in discharged for reason, *_ in r.shares}) >= 3
    occupancy = report_selectors.occupancy_for(
        actor=registrar, start=today - timedelta(days=150), end=today, weekly=True
    )
    assert any(row.occupied > 0 for row in occupancy.rows)
    assert report_selectors.under_occupancy_for(actor=registrar).rows
    waiting = [
        report_selectors.waiting_for(
            actor=registrar, selection=report_selectors.Selection(year=year)
        )
        for year in years
    ]
    assert any(row.placed > 0 for r in waiting for row in r.rows)

    before = _counts()
    demo_load(codes_per_user=1)
    demo_reports_load()
    assert _counts() == before
