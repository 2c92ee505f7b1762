"""Who sees a residence procedure and who may take which step.

- Case workers see the procedures their organisation follows (the organisation that guides the
  victim) and take the steps.
- The registrar (central registration) sees every procedure and may open one for any report,
  naming the organisation that follows the victim.
- The immigration service (IND: case workers of an organisation of that kind) sees the
  procedures in which a permit was applied for, and records its decisions.
- Analysts see no procedure: only the monitoring point's aggregates, as do registrars.
Every read is for one purpose: residence under aliens law (Purpose.IMMIGRATION).
"""

from __future__ import annotations

import rules
from django.db.models import Q

from schakel.accounts.models import User
from schakel.accounts.roles import OrganisationKind, Role
from schakel.core.access import PersonalDataPolicy
from schakel.core.purposes import Purpose

from .models import Procedure

PURPOSE = Purpose.IMMIGRATION


def is_immigration_service(actor: User) -> bool:
    return (
        actor.is_authenticated
        and actor.has_role(Role.CASE_WORKER)
        and actor.organisation is not None
        and actor.organisation.kind == OrganisationKind.IMMIGRATION_SERVICE
    )


def is_following_case_worker(actor: User) -> bool:
    return (
        actor.is_authenticated
        and actor.has_role(Role.CASE_WORKER)
        and not is_immigration_service(actor)
    )


def procedure_scope(actor: User, purpose: Purpose) -> Q | None:
    if purpose != PURPOSE:
        return None
    if actor.has_role(Role.REGISTRAR):
        return Q()
    if is_immigration_service(actor):
        return Q(permit_applied_on__isnull=False) | Q(continued_applied_on__isnull=False)
    if actor.has_role(Role.CASE_WORKER):
        return Q(following_organisation_id=actor.organisation_id)
    return None


PROCEDURE_POLICY: PersonalDataPolicy[Procedure] = PersonalDataPolicy(
    object_type="residence.procedure",
    model=Procedure,
    scope=procedure_scope,
    subject_of=lambda p: p.subject_person_id or "",
)


@rules.predicate
def can_view_procedures(user: User) -> bool:
    return user.is_authenticated and bool(user.role_set & {Role.CASE_WORKER, Role.REGISTRAR})


@rules.predicate
def can_open_procedure(user: User) -> bool:
    return user.is_authenticated and (
        user.has_role(Role.REGISTRAR) or is_following_case_worker(user)
    )


@rules.predicate
def can_view_monitor(user: User) -> bool:
    return user.is_authenticated and bool(user.role_set & {Role.REGISTRAR, Role.ANALYST})


rules.add_perm("residence.view_procedures", can_view_procedures)
rules.add_perm("residence.open_procedure", can_open_procedure)
rules.add_perm("residence.view_monitor", can_view_monitor)
