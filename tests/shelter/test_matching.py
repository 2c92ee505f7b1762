"""Matching is a pure function: no database."""

from __future__ import annotations

from schakel.shelter import geo, matching
from schakel.shelter.choices import FacilityKind, Gender, SecurityLevel


def candidate(place_id: int, municipality: str, **kwargs: object) -> matching.Candidate:
    values: dict[str, object] = {
        "facility_name": f"Opvang {place_id}",
        "facility_kind": FacilityKind.COSM,
        "gender_served": Gender.ANY,
        "accepts_minors": False,
        "complex_needs": False,
        "wheelchair_accessible": False,
        "security_level": SecurityLevel.STANDARD,
    }
    values.update(kwargs)
    return matching.Candidate(place_id=place_id, municipality=municipality, **values)  # type: ignore[arg-type]


def test_every_demo_and_synthetic_municipality_has_a_centre() -> None:
    from schakel.registry.synthetic.vocabulary import MUNICIPALITIES

    demo = {
        "Amersfoort",
        "Amsterdam",
        "Den Haag",
        "Haarlemmermeer",
        "Rijswijk",
        "Rotterdam",
        "Utrecht",
        "Zwolle",
    }
    missing = [m for m in set(MUNICIPALITIES) | demo if geo.centre_of(m) is None]
    assert missing == []
    assert len(geo.municipality_names()) >= 40


def test_haversine_amsterdam_rotterdam_city_centres_is_about_57_km() -> None:
    # Fixed points (Dam square, Rotterdam Centraal), not the file: the file holds area centroids,
    # and Rotterdam's lies about 12 km west of the city centre (the port to the Maasvlakte).
    amsterdam = geo.Centre("Amsterdam", "Noord-Holland", 52.3731, 4.8926)
    rotterdam = geo.Centre("Rotterdam", "Zuid-Holland", 51.9244, 4.4690)
    assert 57 < geo.haversine_km(amsterdam, rotterdam) < 58


def test_every_centre_lies_in_the_netherlands_and_says_where_it_comes_from() -> None:
    import csv

    with geo.CENTROIDS_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    assert all(50.7 < float(r["latitude"]) < 53.6 for r in rows)
    assert all(3.3 < float(r["longitude"]) < 7.3 for r in rows)
    assert {r["source"] for r in rows} == {"etdataset", "approx"}
    assert all(r["cbs_code"].startswith("GM") for r in rows if r["source"] == "etdataset")
    names = {r["municipality"] for r in rows if r["municipality"] not in geo.ALIASES}
    unsourced = {r["municipality"] for r in rows if r["source"] == "approx"}
    assert len(names) == 342
    assert len(unsourced) == 11


def test_nearest_fitting_place_ranks_first_and_each_rank_is_explained() -> None:
    needs = matching.Needs(gender=Gender.FEMALE, preferred_municipality="Utrecht")
    places = [candidate(1, "Groningen"), candidate(2, "Amersfoort"), candidate(3, "Maastricht")]
    ranked = matching.rank(needs, places)
    assert [m.candidate.place_id for m in ranked] == [2, 3, 1]  # Maastricht 150 km < Groningen
    assert ranked[0].distance_km is not None
    assert ranked[0].distance_km < 25
    assert any("km van Utrecht" in reason for reason in ranked[0].reasons)
    assert all(m.reasons for m in ranked)


def test_hard_needs_exclude_places() -> None:
    needs = matching.Needs(
        gender=Gender.FEMALE,
        minor=True,
        security_needed=SecurityLevel.SECRET_ADDRESS,
        complex_needs=True,
    )
    fits = candidate(
        1,
        "Utrecht",
        accepts_minors=True,
        complex_needs=True,
        security_level=SecurityLevel.SECRET_ADDRESS,
        facility_kind=FacilityKind.YOUTH,
    )
    male_only = candidate(2, "Utrecht", gender_served=Gender.MALE, accepts_minors=True)
    too_open = candidate(3, "Utrecht", accepts_minors=True, complex_needs=True)
    assert matching.exclusion_reason(needs, male_only) == "opvang alleen voor een ander geslacht"
    assert matching.exclusion_reason(needs, too_open) == "beveiliging te laag"
    assert [m.candidate.place_id for m in matching.rank(needs, [male_only, too_open, fits])] == [1]


def test_shared_language_and_fresh_availability_win_at_equal_distance() -> None:
    needs = matching.Needs(gender=Gender.MALE, preferred_municipality="Utrecht", languages=("ro",))
    plain = candidate(1, "Utrecht")
    speaks = candidate(2, "Utrecht", languages=("nl", "ro"))
    stale = candidate(3, "Utrecht", languages=("ro",), stale=True)
    ranked = matching.rank(needs, [plain, stale, speaks])
    assert [m.candidate.place_id for m in ranked] == [2, 3, 1]
    assert "spreekt ro" in ranked[0].reasons
    assert any("niet bevestigd" in r for r in ranked[1].reasons)
    assert "geen gedeelde taal" in ranked[2].reasons


def test_without_a_preferred_region_distance_does_not_count() -> None:
    ranked = matching.rank(matching.Needs(gender=Gender.FEMALE), [candidate(1, "Emmen")])
    assert ranked[0].distance_km is None
    assert "afstand telt niet mee" in ranked[0].reasons[0]
