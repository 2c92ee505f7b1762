"""Who may see and manage which user accounts (users are personal data too)."""

from __future__ import annotations

import rules
from django.db.models import Q

from schakel.core.access import PersonalDataPolicy
from schakel.core.purposes import Purpose

from .models import User
from .roles import Role


@rules.predicate
def is_system_admin(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.SYSTEM_ADMIN)


@rules.predicate
def is_organisation_admin(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ORGANISATION_ADMIN)


can_manage_users = is_system_admin | is_organisation_admin
can_view_audit_trail = is_system_admin


def user_scope(actor: User, purpose: Purpose) -> Q | None:
    """System admins see every account; organisation admins the accounts of their own."""
    if purpose not in {Purpose.ACCOUNT_MANAGEMENT, Purpose.AUDIT}:
        return None
    if actor.has_role(Role.SYSTEM_ADMIN):
        return Q()
    if actor.has_role(Role.ORGANISATION_ADMIN) and purpose == Purpose.ACCOUNT_MANAGEMENT:
        return Q(organisation_id=actor.organisation_id)
    return None


USER_POLICY: PersonalDataPolicy[User] = PersonalDataPolicy(
    object_type="accounts.user", model=User, scope=user_scope
)

rules.add_perm("accounts.manage_users", can_manage_users)
rules.add_perm("core.view_audit_trail", can_view_audit_trail)
