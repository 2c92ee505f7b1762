from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.shelter.choices import PlacementStatus, PlaceStatus
from schakel.shelter.models import Place, Placement

pytestmark = pytest.mark.django_db


def test_staff_confirm_availability_in_one_action_and_stale_is_said_in_words(
    staff, verified_client_for, make_facility, make_place
) -> None:
    facility = make_facility()
    first, second = make_place(facility), make_place(facility)
    Place.objects.update(availability_confirmed_at=timezone.now() - timedelta(hours=25))
    client = verified_client_for(staff)
    url = reverse("shelter:facility_update", args=[facility.pk])
    page = client.get(url).content.decode()
    assert page.count("verouderd: langer dan 24 uur niet bevestigd") == 2
    response = client.post(url, {f"place_{first.pk}": "unavailable", f"place_{second.pk}": "free"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == PlaceStatus.UNAVAILABLE
    assert "verouderd" not in client.get(url).content.decode()


def test_request_then_ranked_matches_with_reasons_then_reserve(
    registrar, verified_client_for, report, make_facility, make_place
) -> None:
    near = make_place(make_facility(municipality="Amersfoort", name="Dichtbij"))
    make_place(make_facility(municipality="Groningen", name="Ver weg"))
    client = verified_client_for(registrar)
    response = client.post(
        reverse("shelter:placement_create"),
        {
            "report_number": report.number,
            "gender": "female",
            "urgency": "immediate",
            "security_needed": "1",
            "preferred_municipality": "Utrecht",
            "languages": "nl",
        },
    )
    placement = Placement.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("shelter:placement_detail", args=[placement.pk])).content.decode()
    assert page.index("Dichtbij") < page.index("Ver weg")
    assert "km van Utrecht" in page
    response = client.post(
        reverse("shelter:placement_transition", args=[placement.pk]),
        {"action": "reserve", "place": str(near.pk)},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.RESERVED
    assert placement.place_id == near.pk


def test_bad_request_names_the_field(registrar, verified_client_for) -> None:
    response = verified_client_for(registrar).post(
        reverse("shelter:placement_create"),
        {
            "report_number": "MH-0000-000000",
            "gender": "female",
            "urgency": "immediate",
            "security_needed": "1",
        },
    )
    assert response.status_code == 400
    assert "Geen melding met dit nummer" in response.content.decode()


def test_reserving_a_taken_place_shows_the_reason(
    registrar, verified_client_for, make_place, make_placement
) -> None:
    place = make_place()
    first, second = make_placement(), make_placement()
    client = verified_client_for(registrar)
    url = "shelter:placement_transition"
    client.post(reverse(url, args=[first.pk]), {"action": "reserve", "place": str(place.pk)})
    response = client.post(
        reverse(url, args=[second.pk]), {"action": "reserve", "place": str(place.pk)}
    )
    assert response.status_code == 400
    assert "Deze plaats is niet vrij" in response.content.decode()
