"""The database filter of free places gives exactly the places the ranking finds fitting."""

from __future__ import annotations

import itertools
import random
from datetime import timedelta

import pytest

from schakel.shelter import matching, selectors
from schakel.shelter.choices import FacilityKind
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


def test_places_out_of_reach_are_left_out_without_changing_the_ranking(
    make_facility, make_place
) -> None:
    rng = random.Random(6)  # noqa: S311 -- test data
    towns = ["Utrecht", "Groningen", "Maastricht", "Amsterdam", "Vlissingen", "Enschede"]
    towns += ["Den Helder", "Zwolle", "Eindhoven", "Leeuwarden", "Rotterdam", "Nijmegen"]
    for town in towns:
        facility = make_facility(municipality=town)
        for _ in range(4):
            make_place(
                facility,
                gender_served=rng.choice(["female", "any"]),
                security_level=rng.choice([1, 2, 3]),
                languages=rng.sample(["nl", "en", "ro"], 1),
                now=NOW - timedelta(hours=rng.choice([1, 30])),
            )
    for town in ("Utrecht", "Maastricht", "Groningen", ""):
        needs = matching.Needs(gender="female", preferred_municipality=town, languages=("ro",))
        pruned = selectors.free_candidates(NOW, needs, best=5)
        full = selectors.free_candidates(NOW, needs)
        assert [(m.candidate.place_id, m.score) for m in matching.rank(needs, pruned, 5)] == [
            (m.candidate.place_id, m.score) for m in matching.rank(needs, full, 5)
        ], town
        if town == "Maastricht":
            assert len(pruned) < len(full)  # Groningen and Leeuwarden are out of reach
