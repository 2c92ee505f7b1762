from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from schakel.core.errors import NotAllowed, ValidationFailed
from schakel.core.models import AuditEvent
from schakel.shelter import services
from schakel.shelter.choices import PlacementAction as A
from schakel.shelter.choices import PlacementStatus, PlaceStatus
from schakel.shelter.cli import run_expire
from schakel.shelter.models import Place, PlacementEvent
from tests.shelter.conftest import NOW

pytestmark = pytest.mark.django_db


def events(object_type: str, action: str) -> int:
    return AuditEvent.objects.filter(object_type=object_type, action=action).count()


def test_facility_in_unknown_municipality_is_refused_naming_the_field(make_facility) -> None:
    with pytest.raises(ValidationFailed) as refused:
        make_facility(municipality="Atlantis")
    assert refused.value.field == "municipality"


def test_availability_update_sets_statuses_and_confirms_every_place(
    staff, make_facility, make_place
) -> None:
    facility = make_facility()
    first, second = make_place(facility), make_place(facility)
    Place.objects.update(availability_confirmed_at=timezone.now() - timedelta(days=3))
    count = services.availability_update(
        actor=staff, facility_id=facility.pk, statuses={first.pk: PlaceStatus.UNAVAILABLE}
    )
    assert count == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == PlaceStatus.UNAVAILABLE
    assert second.status == PlaceStatus.FREE
    assert timezone.now() - second.availability_confirmed_at < timedelta(minutes=1)  # type: ignore[operator]
    assert events("shelter.facility", "update") == 1


def test_availability_of_another_organisation_is_refused_and_audited(
    coordinator, make_facility
) -> None:
    facility = make_facility()
    with pytest.raises(NotAllowed):
        services.availability_update(actor=coordinator, facility_id=facility.pk, statuses={})
    assert events("shelter.facility", "denied") == 1


def test_an_occupied_place_is_not_changed_by_the_availability_update(
    staff, make_place, make_placement, registrar
) -> None:
    place = make_place()
    placement = make_placement()
    services.placement_transition(
        actor=registrar, pk=placement.pk, action=A.RESERVE, place_id=place.pk
    )
    with pytest.raises(ValidationFailed) as refused:
        services.availability_update(
            actor=staff, facility_id=place.facility_id, statuses={place.pk: PlaceStatus.FREE}
        )
    assert refused.value.field == f"place_{place.pk}"
    assert "Gereserveerd" in str(refused.value.message)


def test_request_for_an_unknown_report_names_the_field(registrar) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.placement_request(
            actor=registrar,
            report_number="MH-0000-000000",
            needs={"gender": "female", "urgency": "immediate"},
        )
    assert refused.value.field == "report_number"


@pytest.mark.parametrize(
    ("needs", "field"),
    [
        ({"gender": "x", "urgency": "immediate"}, "gender"),
        ({"gender": "female", "urgency": ""}, "urgency"),
        (
            {"gender": "female", "urgency": "days", "preferred_municipality": "Atlantis"},
            "preferred_municipality",
        ),
        ({"gender": "female", "urgency": "days", "languages": "roemeens"}, "languages"),
        ({"gender": "female", "urgency": "days", "security_needed": "9"}, "security_needed"),
    ],
)
def test_bad_needs_are_refused_naming_the_field(make_placement, needs, field) -> None:
    with pytest.raises(ValidationFailed) as refused:
        make_placement(**needs)
    assert refused.value.field == field


def test_the_whole_workflow_moves_the_place_along(
    registrar, staff, make_place, make_placement
) -> None:
    place = make_place()
    placement = make_placement(preferred_municipality="den haag", languages="RO, nl")
    assert placement.preferred_municipality == "Den Haag"
    assert placement.languages == ["nl", "ro"]
    assert events("shelter.placement", "create") == 1
    steps = [
        (registrar, A.RESERVE, PlaceStatus.RESERVED),
        (staff, A.CONFIRM, PlaceStatus.RESERVED),
        (staff, A.ARRIVE, PlaceStatus.OCCUPIED),
        (staff, A.DISCHARGE, PlaceStatus.FREE),
    ]
    for actor, action, place_status in steps:
        placement = services.placement_transition(
            actor=actor,
            pk=placement.pk,
            action=action,
            place_id=place.pk,
            reason="left" if action == A.DISCHARGE else "",
        )
        place.refresh_from_db()
        assert place.status == place_status, action
    assert placement.status == PlacementStatus.DISCHARGED
    assert placement.discharge_reason == "left"
    assert placement.placed_at is not None
    assert PlacementEvent.objects.filter(placement=placement).count() == 4
    assert events("shelter.placement", "transition") == 4


def test_reserving_a_place_that_is_not_free_is_refused_with_the_reason(
    registrar, make_place, make_placement
) -> None:
    place = make_place()
    first, second = make_placement(), make_placement()
    services.placement_transition(actor=registrar, pk=first.pk, action=A.RESERVE, place_id=place.pk)
    with pytest.raises(ValidationFailed) as refused:
        services.placement_transition(
            actor=registrar, pk=second.pk, action=A.RESERVE, place_id=place.pk
        )
    assert refused.value.field == "place"
    assert "niet vrij" in str(refused.value.message)
    second.refresh_from_db()
    assert second.status == PlacementStatus.OPEN
    assert second.place_id is None


def test_reserving_a_place_that_does_not_fit_is_refused(
    registrar, make_place, make_placement
) -> None:
    place = make_place(gender_served="male")
    with pytest.raises(ValidationFailed, match="ander geslacht"):
        services.placement_transition(
            actor=registrar, pk=make_placement().pk, action=A.RESERVE, place_id=place.pk
        )


def test_confirming_an_expired_reservation_is_refused_and_it_expires(
    registrar, staff, make_place, make_placement
) -> None:
    place = make_place()
    placement = make_placement()
    services.placement_transition(
        actor=registrar, pk=placement.pk, action=A.RESERVE, place_id=place.pk
    )
    later = timezone.now() + timedelta(hours=5)
    with pytest.raises(ValidationFailed, match="verlopen"):
        services.placement_transition(actor=staff, pk=placement.pk, action=A.CONFIRM, now=later)
    assert services.expire_reservations(later) == 1
    placement.refresh_from_db()
    place.refresh_from_db()
    assert placement.status == PlacementStatus.OPEN
    assert placement.place_id is None
    assert place.status == PlaceStatus.FREE
    assert place.reserved_until is None
    assert PlacementEvent.objects.filter(action=A.EXPIRE, actor=None).count() == 1


def test_expire_command_runs_as_of_a_moment(registrar, make_place, make_placement) -> None:
    placement = make_placement()
    services.placement_transition(
        actor=registrar, pk=placement.pk, action=A.RESERVE, place_id=make_place().pk
    )
    assert run_expire(timezone.now().isoformat()) == 0
    assert run_expire((timezone.now() + timedelta(hours=5)).isoformat()) == 1


def test_discharging_without_an_occupied_place_or_a_reason_is_refused(
    registrar, staff, make_place, make_placement
) -> None:
    placement = make_placement()
    with pytest.raises(ValidationFailed, match="status 'Open"):
        services.placement_transition(
            actor=staff, pk=placement.pk, action=A.DISCHARGE, reason="left"
        )
    place = make_place()
    for actor, action in [(registrar, A.RESERVE), (staff, A.CONFIRM), (staff, A.ARRIVE)]:
        services.placement_transition(
            actor=actor, pk=placement.pk, action=action, place_id=place.pk
        )
    with pytest.raises(ValidationFailed) as refused:
        services.placement_transition(actor=staff, pk=placement.pk, action=A.DISCHARGE)
    assert refused.value.field == "discharge_reason"


def test_only_the_facility_confirms_and_only_the_requester_reserves(
    registrar, staff, coordinator, make_place, make_placement
) -> None:
    placement = make_placement()
    place = make_place()
    with pytest.raises(NotAllowed):
        services.placement_transition(
            actor=staff, pk=placement.pk, action=A.RESERVE, place_id=place.pk
        )
    services.placement_transition(
        actor=registrar, pk=placement.pk, action=A.RESERVE, place_id=place.pk
    )
    for actor in (registrar, coordinator):
        with pytest.raises(NotAllowed):
            services.placement_transition(actor=actor, pk=placement.pk, action=A.CONFIRM)
    assert events("shelter.placement", "denied") == 3


def test_a_request_can_be_recorded_at_a_past_time(registrar, report) -> None:
    # Recorded history (the demo data) gives the request time; the waiting-time figure counts
    # from it.
    placement = services.placement_request(
        actor=registrar,
        report_number=report.number,
        needs={"gender": "female", "urgency": "immediate"},
        now=NOW,
    )
    placement.refresh_from_db()
    assert placement.created_at == NOW
