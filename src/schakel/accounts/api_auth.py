"""API authentication: a session with a confirmed second factor, or a token that was only
issued after one (and expires)."""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

from schakel.core import audit, rows
from schakel.core.access import second_factor_verified

from .roles import Role

if TYPE_CHECKING:
    from rest_framework.authtoken.models import Token

    from .models import User


def token_lifetime() -> timedelta:
    return timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS)


class SecondFactorTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        # As DRF's own, with the user's organisation and roles in the same statement: every
        # API call needs them (docs/benchmarks.md, issue 3).
        token = _token_with_user(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Ongeldig token."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("Gebruiker inactief of verwijderd."))
        if token.created < timezone.now() - token_lifetime():
            token.delete()
            raise exceptions.AuthenticationFailed(_("Token verlopen; vraag een nieuw token aan."))
        # Tokens are only handed out after password and second factor (see api.token_obtain).
        user.is_verified = lambda: True
        return user, token


def _token_with_user(key: str) -> Token | None:
    """DRF's token with its user, the user's organisation and roles: one (prepared) statement."""
    from rest_framework.authtoken.models import Token

    from .models import Organisation, User

    found = rows.execute(_token_statement(connection.vendor), [key])
    if not found:
        return None
    row = found[0]
    token_end = len(Token._meta.concrete_fields)
    user_end = token_end + len(User._meta.concrete_fields)
    token = cast("Token", rows.instance(Token, row[:token_end]))
    user = cast("User", rows.instance(User, row[token_end:user_end]))
    organisation = rows.instance(Organisation, row[user_end:-1]) if row[user_end] else None
    User._meta.get_field("organisation").set_cached_value(user, organisation)
    Token._meta.get_field("user").set_cached_value(token, user)
    user._role_cache = frozenset(Role(r) for r in (row[-1] or "").split(",") if r)
    return token


@functools.cache
def _token_statement(vendor: str) -> str:
    from rest_framework.authtoken.models import Token

    from .models import Organisation, User, UserRole

    roles = "string_agg(r.role, ',')" if vendor == "postgresql" else "group_concat(r.role, ',')"
    return (
        f"SELECT {rows.columns(Token, 't')}, {rows.columns(User, 'u')}, "  # noqa: S608 -- model metadata
        f"{rows.columns(Organisation, 'o')}, "
        f"(SELECT {roles} FROM {UserRole._meta.db_table} r WHERE r.user_id = u.id) "
        f"FROM {Token._meta.db_table} t JOIN {User._meta.db_table} u ON u.id = t.user_id "
        f"LEFT JOIN {Organisation._meta.db_table} o ON o.id = u.organisation_id "
        "WHERE t.key = %s"
    )


class IsVerifiedUser(permissions.BasePermission):
    message = _("Inloggen met een tweede factor is vereist.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not second_factor_verified(user):
            audit.audit_denied(
                actor=user,
                object_type="api",
                object_id=request.path[:64],
                reason="second factor not verified",
            )
            return False
        return True
