"""Who sees and changes what in the shelter registry.

- Availability of places is not personal data: the registrar, care coordination and every
  shelter's staff see it nationally.
- Shelter staff (case workers of the organisation that runs a facility) update the
  availability of their own places and confirm, receive and discharge placements there.
- Placements are personal data (they name a report), read under the care-and-shelter purpose:
  the registrar sees all, a requesting organisation's case workers theirs, and shelter staff
  those at their facilities.
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
