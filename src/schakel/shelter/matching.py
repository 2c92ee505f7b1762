"""Ranking free places for a placement request: a pure function over plain values.

Hard requirements exclude a place (wrong gender, no minors, too little security, no complex
needs care, not accessible). The remaining places are ranked by a score in which distance to
the preferred municipality weighs most, then shared languages and a facility kind that suits
the request. Every rank carries the reasons, in Dutch, that produced it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import geo
from .choices import FacilityKind, Gender, SecurityLevel

UNKNOWN_DISTANCE_PENALTY = 50.0  # points: a place whose distance is unknown ranks low, not out
KM_PER_POINT = 2.0  # 100 km costs 50 points
LANGUAGE_BONUS = 20.0
KIND_BONUS = 15.0
STALE_PENALTY = 10.0
EXTRA_SECURITY_PENALTY = 5.0  # per level above the need: keep the safest places for those at risk


@dataclass(frozen=True)
class Needs:
    gender: str
    minor: bool = False
    security_needed: int = SecurityLevel.STANDARD
    complex_needs: bool = False
    needs_wheelchair_access: bool = False
    preferred_municipality: str = ""
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    place_id: int
    facility_name: str
    facility_kind: str
    municipality: str
    gender_served: str
    accepts_minors: bool
    complex_needs: bool
    wheelchair_accessible: bool
    security_level: int
    languages: tuple[str, ...] = ()
    stale: bool = False  # availability not confirmed in the last 24 hours


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    score: float
    distance_km: float | None
    reasons: tuple[str, ...] = field(default=())


WRONG_GENDER = gettext_lazy("opvang alleen voor een ander geslacht")
NO_MINORS = gettext_lazy("neemt geen minderjarigen op")
MINORS_ONLY = gettext_lazy("alleen voor minderjarigen")
TOO_LITTLE_SECURITY = gettext_lazy("beveiliging te laag")
NO_COMPLEX_NEEDS = gettext_lazy("geen plaats voor complexe problematiek")
NOT_ACCESSIBLE = gettext_lazy("niet rolstoeltoegankelijk")


def _minors_mismatch(needs: Needs, place: Candidate) -> str | None:
    if needs.minor and not place.accepts_minors:
        return str(NO_MINORS)
    if not needs.minor and place.facility_kind == FacilityKind.YOUTH:
        return str(MINORS_ONLY)
    return None


def exclusion_reason(needs: Needs, place: Candidate) -> str | None:
    """Why a place cannot take this person at all, or None when it can."""
    if needs.gender != Gender.ANY and place.gender_served not in (Gender.ANY, needs.gender):
        return str(WRONG_GENDER)
    minors = _minors_mismatch(needs, place)
    if minors:
        return minors
    if place.security_level < needs.security_needed:
        return str(TOO_LITTLE_SECURITY)
    if needs.complex_needs and not place.complex_needs:
        return str(NO_COMPLEX_NEEDS)
    if needs.needs_wheelchair_access and not place.wheelchair_accessible:
        return str(NOT_ACCESSIBLE)
    return None


def fits(needs: Needs, place: Candidate) -> bool:
    """`exclusion_reason(...) is None` without building the words: the hot path of ranking."""
    if needs.gender != Gender.ANY and place.gender_served not in (Gender.ANY, needs.gender):
        return False
    if needs.minor and not place.accepts_minors:
        return False
    if not needs.minor and place.facility_kind == FacilityKind.YOUTH:
        return False
    return (
        place.security_level >= needs.security_needed
        and (place.complex_needs or not needs.complex_needs)
        and (place.wheelchair_accessible or not needs.needs_wheelchair_access)
    )


def suited_kinds(needs: Needs) -> set[str]:
    kinds = {FacilityKind.COSM.value}
    if needs.minor:
        kinds.add(FacilityKind.YOUTH.value)
    if needs.security_needed >= SecurityLevel.SECRET_ADDRESS:
        kinds.add(FacilityKind.SAFE_HOUSE.value)
    if needs.gender == Gender.FEMALE:
        kinds.add(FacilityKind.WOMEN.value)
    if needs.gender == Gender.MALE:
        kinds.add(FacilityKind.MEN.value)
    return kinds


def score_place(needs: Needs, place: Candidate, origin: geo.Centre | None) -> Match:
    reasons: list[str] = []
    score = 100.0
    distance: float | None = None
    target = geo.centre_of(place.municipality)
    if origin is not None and target is not None:
        distance = geo.haversine_km(origin, target)
        score -= distance / KM_PER_POINT
        reasons.append(
            _("%(km).0f km van %(origin)s") % {"km": distance, "origin": origin.municipality}
        )
    elif origin is not None:
        score -= UNKNOWN_DISTANCE_PENALTY
        reasons.append(
            _("afstand onbekend (gemeente %(m)s niet in het bestand)") % {"m": place.municipality}
        )
    else:
        reasons.append(_("geen voorkeursregio opgegeven: afstand telt niet mee"))
    shared = sorted(set(needs.languages) & set(place.languages))
    if shared:
        score += LANGUAGE_BONUS
        reasons.append(_("spreekt %(languages)s") % {"languages": ", ".join(shared)})
    elif needs.languages:
        reasons.append(_("geen gedeelde taal"))
    if place.facility_kind in suited_kinds(needs):
        score += KIND_BONUS
        reasons.append(_("soort opvang past bij het verzoek"))
    surplus = place.security_level - needs.security_needed
    if surplus > 0:
        score -= surplus * EXTRA_SECURITY_PENALTY
        reasons.append(_("zwaarder beveiligd dan nodig"))
    if place.stale:
        score -= STALE_PENALTY
        reasons.append(_("beschikbaarheid langer dan 24 uur niet bevestigd: eerst navragen"))
    return Match(
        place, round(score, 1), None if distance is None else round(distance, 1), tuple(reasons)
    )


def _quick_score(  # noqa: PLR0917 -- hot loop: precomputed values passed in
    needs: Needs,
    place: Candidate,
    distance: float | None,
    origin_known: bool,
    languages: frozenset[str],
    suited: set[str],
) -> float:
    """The score of `score_place` without the words: ranking thousands of places stays fast,
    and only the places shown are explained."""
    score = 100.0
    if distance is not None:
        score -= distance / KM_PER_POINT
    elif origin_known:
        score -= UNKNOWN_DISTANCE_PENALTY
    if not languages.isdisjoint(place.languages):
        score += LANGUAGE_BONUS
    if place.facility_kind in suited:
        score += KIND_BONUS
    score -= max(place.security_level - needs.security_needed, 0) * EXTRA_SECURITY_PENALTY
    if place.stale:
        score -= STALE_PENALTY
    return round(score, 1)


def rank(needs: Needs, places: Iterable[Candidate], limit: int = 20) -> list[Match]:
    """Free places that can take this person, best first; ties by distance, then place id."""
    origin = geo.centre_of(needs.preferred_municipality)
    distances: dict[str, float | None] = {}
    languages, suited = frozenset(needs.languages), suited_kinds(needs)
    scored: list[tuple[float, float, int, Candidate]] = []
    for place in places:
        if not fits(needs, place):
            continue
        if place.municipality not in distances:
            target = geo.centre_of(place.municipality)
            distances[place.municipality] = (
                round(geo.haversine_km(origin, target), 1) if origin and target else None
            )
        distance = distances[place.municipality]
        score = _quick_score(needs, place, distance, origin is not None, languages, suited)
        scored.append((-score, distance or 0.0, place.place_id, place))
    scored.sort(key=lambda row: row[:3])
    return [score_place(needs, row[3], origin) for row in scored[:limit]]
