"""The database filter of free places gives exactly the places the ranking finds fitting."""

from __future__ import annotations

import itertools

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
