"""Reads of user accounts, through the audited access layer."""

from __future__ import annotations

from django.db.models import QuerySet

from schakel.core.access import access_list, access_object
from schakel.core.purposes import Purpose

from .models import Organisation, User
from .policies import USER_POLICY


def user_get_for(*, actor: User, pk: object) -> User:
    return access_object(
        actor=actor,
        policy=USER_POLICY,
        pk=pk,
        purpose=Purpose.ACCOUNT_MANAGEMENT,
        queryset=User.objects.select_related("organisation"),
    )


def users_list_for(
    *, actor: User, limit: int = 50, offset: int = 0, search: str = ""
) -> tuple[list[User], int]:
    queryset: QuerySet[User] = (
        User.objects.select_related("organisation")
        .prefetch_related("roles")
        .order_by("organisation__name", "username")
    )
    if search:
        queryset = queryset.filter(username__icontains=search) | queryset.filter(
            last_name__icontains=search
        )
    return access_list(
        actor=actor,
        policy=USER_POLICY,
        purpose=Purpose.ACCOUNT_MANAGEMENT,
        queryset=queryset,
        limit=limit,
        offset=offset,
    )


def organisations_for_user_management(*, actor: User) -> QuerySet[Organisation]:
    """Organisation names are not personal data; admins pick from those they manage."""
    from .roles import Role

    if actor.has_role(Role.SYSTEM_ADMIN):
        return Organisation.objects.filter(is_active=True)
    if actor.organisation_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(id=actor.organisation_id)
