"""The database filter of free places gives exactly the places the ranking finds fitting, and
the best places ranked in the database rank and read as when every place is ranked in Python."""

from __future__ import annotations

import itertools
import random
from datetime import timedelta

import pytest

from schakel.shelter import geo, matching, selectors, services
from schakel.shelter.choices import FacilityKind, PlaceStatus
from schakel.shelter.models import Facility, Place
from tests.shelter.conftest import NOW

pytestmark = pytest.mark.django_db


def test_sql_prefilter_agrees_with_the_ranking(make_facility, make_place) -> None:
    facilities = [make_facility(kind=kind) for kind in (FacilityKind.COSM, FacilityKind.YOUTH)]
    for facility, gender, minors, complex_needs, wheelchair, security in itertools.product(
        facilities, ["female", "male", "any"], [False, True], [False, True], [False, True], [1, 3]
    ):
        make_place(
            facility,
            gender_served=gender,
            accepts_minors=minors,
            complex_needs=complex_needs,
            wheelchair_accessible=wheelchair,
            security_level=security,
            languages=["nl"],
        )
    every = selectors.free_candidates(NOW)
    for gender, minor, security, complex_needs, wheelchair in itertools.product(
        ["female", "male", "any"], [False, True], [1, 2, 3], [False, True], [False, True]
    ):
        needs = matching.Needs(
            gender=gender,
            minor=minor,
            security_needed=security,
            complex_needs=complex_needs,
            needs_wheelchair_access=wheelchair,
        )
        expected = {c.place_id for c in every if matching.exclusion_reason(needs, c) is None}
        assert {c.place_id for c in selectors.free_candidates(NOW, needs)} == expected, needs
        assert {c.place_id for c in every if matching.fits(needs, c)} == expected, needs


def _explained(ranked: list[matching.Match]) -> list[tuple[object, ...]]:
    return [(m.candidate, m.score, m.distance_km, m.reasons) for m in ranked]


def _reference(needs: matching.Needs, limit: int) -> list[matching.Match]:
    """The straightforward path: every free place as a model instance, ranked in Python."""
    places = Place.objects.filter(
        status=PlaceStatus.FREE, is_active=True, facility__is_active=True
    ).select_related("facility")
    return matching.rank(needs, [services.candidate_of(p, NOW) for p in places], limit=limit)


def _random_places(rng: random.Random, make_facility, make_place) -> None:
    """Facilities of every kind, several in the same towns and in towns close together (many
    equal and nearly equal scores), one in a town the centroid file does not know, one
    inactive; places with random attributes, a third of them stale."""
    towns = ["Utrecht", "Utrecht", "Amersfoort", "Nieuwegein", "Zeist", "De Bilt", "Houten"]
    towns += ["Amsterdam", "Groningen", "Maastricht", "Rotterdam", "Zwolle", "Zwolle"]
    facilities = [
        make_facility(municipality=town, kind=rng.choice(FacilityKind.values)) for town in towns
    ]
    facilities.append(
        Facility.objects.create(
            organisation=facilities[0].organisation,
            name="Opvang buiten het bestand",
            municipality="Atlantis",
            kind=FacilityKind.COSM,
        )
    )
    closed = make_facility(municipality="Utrecht", name="Gesloten")
    Facility.objects.filter(pk=closed.pk).update(is_active=False)
    for facility in [*facilities, closed]:
        for _ in range(rng.randint(2, 9)):
            make_place(
                facility,
                gender_served=rng.choice(["female", "male", "any"]),
                accepts_minors=rng.random() < 0.4,
                complex_needs=rng.random() < 0.4,
                wheelchair_accessible=rng.random() < 0.5,
                security_level=rng.choice([1, 2, 3]),
                languages=rng.sample(["nl", "en", "ro", "bg", "ar"], rng.randint(0, 3)),
                now=NOW - timedelta(hours=rng.choice([1, 5, 30])),
            )
    taken = Place.objects.order_by("pk")[:5]
    Place.objects.filter(pk__in=[p.pk for p in taken]).update(status=PlaceStatus.OCCUPIED)


def test_best_places_ranked_in_the_database_equal_the_straightforward_ranking(
    make_facility, make_place
) -> None:
    rng = random.Random(6)  # noqa: S311 -- test data
    _random_places(rng, make_facility, make_place)
    towns = ["Utrecht", "Zeist", "Amsterdam", "Maastricht", "Groningen", "Atlantis", ""]
    cut = 0
    for n in range(120):
        needs = matching.Needs(
            gender=rng.choice(["female", "male", "any"]),
            minor=rng.random() < 0.2,
            security_needed=rng.choice([1, 1, 2, 3]),
            complex_needs=rng.random() < 0.15,
            needs_wheelchair_access=rng.random() < 0.15,
            preferred_municipality=rng.choice(towns),
            languages=tuple(rng.sample(["nl", "en", "ro", "ti"], rng.randint(0, 2))),
        )
        limit = rng.choice([1, 2, 3, 5, 8, 20])
        best = selectors.best_candidates(NOW, needs, limit)
        expected = _reference(needs, limit)
        assert _explained(matching.rank(needs, best, limit)) == _explained(expected), (n, needs)
        fitting = selectors.free_candidates(NOW, needs)
        assert _explained(matching.rank(needs, fitting, limit)) == _explained(expected), n
        cut += len(best) < len(fitting)
    assert cut > 60  # most requests leave places in the database


def test_a_language_that_is_not_a_plain_code_ranks_every_fitting_place(
    make_facility, make_place
) -> None:
    facility = make_facility()
    make_place(facility, languages=["nl"])
    make_place(facility, languages=["ü"])
    needs = matching.Needs(gender="female", preferred_municipality="Utrecht", languages=("ü",))
    best = selectors.best_candidates(NOW, needs, 1)
    assert len(best) == 2
    ranked = matching.rank(needs, best, 1)
    assert _explained(ranked) == _explained(_reference(needs, 1))
    assert ranked[0].candidate.languages == ("ü",)


def test_no_facility_that_may_take_the_person_gives_nothing(make_facility, make_place) -> None:
    make_place(make_facility(kind=FacilityKind.YOUTH), accepts_minors=True)
    assert selectors.best_candidates(NOW, matching.Needs(gender="female"), 20) == []


def _rounding_tie(origin: str) -> tuple[str, str]:
    """Two towns, the nearer one's database score one unit below the farther one's, whose real
    scores round to the same figure: the nearer place then ranks first (ties go by distance)."""
    towns = [c.municipality for c in geo.municipalities()]
    units = {town: selectors._distance_units(origin, town) for town in towns}
    for near, far in itertools.permutations(towns, 2):
        # One security level more for the near place: 5 points = 100 units.
        if units[far] - units[near] != 100 - 1:
            continue
        places = [
            matching.Candidate(1, "a", FacilityKind.MEN, near, "any", False, False, False, 2),
            matching.Candidate(2, "b", FacilityKind.MEN, far, "any", False, False, False, 1),
        ]
        ranked = matching.rank(matching.Needs("female", preferred_municipality=origin), places)
        if ranked[0].candidate.place_id == 1 and ranked[0].score == ranked[1].score:
            return near, far
    raise AssertionError("no such towns")  # pragma: no cover


def test_a_place_just_below_the_cut_that_ties_after_rounding_is_read(
    make_facility, make_place
) -> None:
    near, far = _rounding_tie("Utrecht")
    make_place(make_facility(municipality=far, kind=FacilityKind.MEN), security_level=1)
    make_place(make_facility(municipality=near, kind=FacilityKind.MEN), security_level=2)
    needs = matching.Needs("female", preferred_municipality="Utrecht")
    best = selectors.best_candidates(NOW, needs, 1)
    assert len(best) == 2  # the database's best alone would lose the nearer place
    ranked = matching.rank(needs, best, 1)
    assert ranked[0].candidate.municipality == near
    assert _explained(ranked) == _explained(_reference(needs, 1))
