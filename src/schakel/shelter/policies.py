"""Who sees and changes what in the shelter registry.

- Availability of places is not personal data: the registrar, care coordination and every
  shelter's staff see it nationally.
- Shelter staff (case workers of the organisation that runs a facility) update the
  availability of their own places and confirm, receive and discharge placements there.
- Placements are personal data (they name a report), read under the care-and-shelter purpose:
  the registrar sees all, a requesting organisation's case workers theirs, and shelter staff
  those at their facilities.
- Figures (discharge reasons, occupancy, under-occupancy, waiting times) are aggregates
  without personal data: the registrar and care coordination see them exactly; analysts and
  programme officers too, with counts of 1 to 4 shown as "<5" (the registry's disclosure
  rule) and facilities named by kind and region only.
- Care-coordination coverage is public-sector contact information: every role that places
  victims or reads figures sees it; the registrar and care coordination maintain it.
"""

from __future__ import annotations

import rules
from django.db.models import Q

from schakel.accounts.models import User
from schakel.accounts.roles import OrganisationKind, Role
from schakel.core.access import PersonalDataPolicy
from schakel.core.purposes import Purpose
from schakel.registry.policies import REPORT_POLICY

from .models import Facility, Placement

PURPOSE = Purpose.CARE_AND_SHELTER
AVAILABILITY_KINDS = frozenset({OrganisationKind.CARE_COORDINATION, OrganisationKind.SHELTER})


def organisation_kind(actor: User) -> str:
    return actor.organisation.kind if actor.organisation is not None else ""


def is_shelter_staff(actor: User) -> bool:
    return (
        actor.is_authenticated
        and actor.has_role(Role.CASE_WORKER)
        and organisation_kind(actor) == OrganisationKind.SHELTER
    )


def runs_facility(actor: User, facility: Facility) -> bool:
    return is_shelter_staff(actor) and actor.organisation_id == facility.organisation_id


def may_request(actor: User) -> bool:
    return actor.is_authenticated and (
        actor.has_role(Role.REGISTRAR) or actor.has_role(Role.CASE_WORKER)
    )


def placement_scope(actor: User, purpose: Purpose) -> Q | None:
    if purpose != PURPOSE:
        return None
    if actor.has_role(Role.REGISTRAR):
        return Q()
    if actor.has_role(Role.CASE_WORKER):
        return Q(requesting_organisation_id=actor.organisation_id) | Q(
            place__facility__organisation_id=actor.organisation_id
        )
    return None


PLACEMENT_POLICY: PersonalDataPolicy[Placement] = PersonalDataPolicy(
    object_type="shelter.placement",
    model=Placement,
    scope=placement_scope,
    subject_of=lambda p: REPORT_POLICY.subject_of(p.report),
)


@rules.predicate
def can_view_availability(user: User) -> bool:
    return user.is_authenticated and (
        user.has_role(Role.REGISTRAR)
        or (user.has_role(Role.CASE_WORKER) and organisation_kind(user) in AVAILABILITY_KINDS)
    )


@rules.predicate
def can_request_placement(user: User) -> bool:
    return may_request(user)


rules.add_perm("shelter.view_availability", can_view_availability)
rules.add_perm("shelter.update_availability", rules.predicate(is_shelter_staff))
rules.add_perm("shelter.request_placement", can_request_placement)


def is_care_coordination(actor: User) -> bool:
    return (
        actor.is_authenticated
        and actor.has_role(Role.CASE_WORKER)
        and organisation_kind(actor) == OrganisationKind.CARE_COORDINATION
    )


def statistics_exact(actor: User) -> bool:
    """Exact figures and facility names; otherwise the small-numbers rule applies."""
    return actor.has_role(Role.REGISTRAR) or is_care_coordination(actor)


@rules.predicate
def can_view_statistics(user: User) -> bool:
    return user.is_authenticated and (
        statistics_exact(user) or bool(user.role_set & {Role.ANALYST, Role.PROGRAMME_OFFICER})
    )


@rules.predicate
def can_view_coverage(user: User) -> bool:
    return user.is_authenticated and (can_view_statistics(user) or may_request(user))


@rules.predicate
def can_maintain_coverage(user: User) -> bool:
    return user.is_authenticated and statistics_exact(user)


rules.add_perm("shelter.view_statistics", can_view_statistics)
rules.add_perm("shelter.view_coverage", can_view_coverage)
rules.add_perm("shelter.maintain_coverage", can_maintain_coverage)
