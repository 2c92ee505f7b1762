"""The shelter's part of the registry's monthly feedback report: what followed the reports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schakel.registry import feedback
from schakel.shelter import services
from schakel.shelter.choices import PlacementAction as A
from schakel.shelter.follow_up import TOPIC_KEY

pytestmark = pytest.mark.django_db


def test_follow_up_counts_reports_with_a_request_and_with_a_placement(
    registrar, staff, report, make_place, make_placement
) -> None:
    make_placement()  # cancelled later: still a request
    placed = make_placement()
    place = make_place()
    for actor, action in [(registrar, A.RESERVE), (staff, A.CONFIRM), (staff, A.ARRIVE)]:
        services.placement_transition(actor=actor, pk=placed.pk, action=action, place_id=place.pk)
    results = {r.topic.key: r for r in feedback.follow_ups_for(frozenset({report.pk}))}
    assert results[TOPIC_KEY].available
    assert {line.code: line.count for line in results[TOPIC_KEY].lines} == {
        "requested": 1,  # one report, two requests
        "placed": 1,
    }
    other = {r.topic.key: r for r in feedback.follow_ups_for(frozenset({report.pk + 1000}))}
    assert {line.code: line.count for line in other[TOPIC_KEY].lines} == {
        "requested": 0,
        "placed": 0,
    }


def test_feedback_page_shows_the_shelter_lines(
    registrar, report, make_placement, verified_client_for
) -> None:
    make_placement()
    month = report.submitted_at.astimezone().strftime("%Y-%m")
    page = verified_client_for(registrar).get(reverse("registry:feedback"), {"month": month})
    assert page.status_code == 200
    assert "Meldingen waarvoor opvang is aangevraagd" in page.content.decode()
