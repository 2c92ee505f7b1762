"""No double booking: 50 reservations at once, each on its own database connection, aimed at
three places. Each place must be given once; every other request is refused with a reason
and left open, none lost or half-done. PostgreSQL only: SQLite has no row locks."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from schakel.core.errors import ValidationFailed
from schakel.shelter import services
from schakel.shelter.choices import PlacementAction, PlacementStatus, PlaceStatus
from schakel.shelter.models import Place, Placement, PlacementEvent

REQUESTS, PLACES = 50, 3

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_fifty_concurrent_reservations_give_each_place_once(
    registrar, make_place, make_placement
) -> None:
    places = [make_place() for _ in range(PLACES)]
    placements = [make_placement() for _ in range(REQUESTS)]
    start = threading.Barrier(REQUESTS)
    outcomes: dict[int, str] = {}

    def reserve(index: int) -> None:
        placement, place = placements[index], places[index % PLACES]
        try:
            start.wait()
            services.placement_transition(
                actor=registrar, pk=placement.pk, action=PlacementAction.RESERVE, place_id=place.pk
            )
            outcomes[placement.pk] = "reserved"
        except ValidationFailed as refused:
            outcomes[placement.pk] = f"refused: {refused.message}"
        except Exception as error:
            outcomes[placement.pk] = f"error: {error!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reserve, args=(i,)) for i in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == REQUESTS, "a request was lost"
    reserved = [pk for pk, outcome in outcomes.items() if outcome == "reserved"]
    refused = [o for o in outcomes.values() if o.startswith("refused")]
    assert len(reserved) == PLACES
    assert len(refused) == REQUESTS - PLACES
    assert all("niet vrij" in o for o in refused)
    # The database agrees with the outcomes: one live placement per place, no half-done rows.
    for place in Place.objects.filter(pk__in=[p.pk for p in places]):
        assert place.status == PlaceStatus.RESERVED
        assert place.reserved_until is not None
        assert Placement.objects.filter(place=place, status=PlacementStatus.RESERVED).count() == 1
    assert set(
        Placement.objects.filter(status=PlacementStatus.RESERVED).values_list("pk", flat=True)
    ) == set(reserved)
    assert Placement.objects.filter(status=PlacementStatus.OPEN, place__isnull=True).count() == (
        REQUESTS - PLACES
    )
    assert PlacementEvent.objects.filter(action=PlacementAction.RESERVE).count() == PLACES
