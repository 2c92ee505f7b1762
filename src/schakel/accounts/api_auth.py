"""API authentication: a session with a confirmed second factor, or a token that was only
issued after one (and expires)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

from schakel.core import audit
from schakel.core.access import second_factor_verified

if TYPE_CHECKING:
    from rest_framework.authtoken.models import Token


def token_lifetime() -> timedelta:
    return timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS)


class SecondFactorTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        # As DRF's own, with the organisation in the same query: every API call needs it.
        # drf-stubs type get_model() as any model; without a `model` attribute it is DRF's Token.
        model = cast("type[Token]", self.get_model())
        try:
            token = model.objects.select_related("user__organisation").get(key=key)
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Ongeldig token.")) from None
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("Gebruiker inactief of verwijderd."))
        if token.created < timezone.now() - token_lifetime():
            token.delete()
            raise exceptions.AuthenticationFailed(_("Token verlopen; vraag een nieuw token aan."))
        # Tokens are only handed out after password and second factor (see api.token_obtain).
        user.is_verified = lambda: True
        return user, token


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
