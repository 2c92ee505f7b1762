"""Session rules: idle timeout, and no personal data before the second factor."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from schakel.core import audit
from schakel.core.access import second_factor_verified

# Paths a signed-in user may reach before confirming the second factor.
_OPEN_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/second-factor/",
    "/static/",
    "/i18n/",
    "/api/schema/",
    "/api/docs/",
    "/api/v1/auth/",
)
_LAST_SEEN = "schakel_last_seen"
LAST_SEEN_GRANULARITY = 30  # seconds; the idle timeout is exact to within this


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            last_seen = request.session.get(_LAST_SEEN)
            limit = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
            if last_seen is not None and now - float(last_seen) > limit:
                logout(request)
                messages.info(request, _("U was te lang inactief en bent uitgelogd."))
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Sessie verlopen.")}, status=401)
                return redirect(settings.LOGIN_URL)
            # Written at most every LAST_SEEN_GRANULARITY seconds: a session write on every
            # request would cost a database UPDATE per page for a 15-minute rule.
            if last_seen is None or now - float(last_seen) >= LAST_SEEN_GRANULARITY:
                request.session[_LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Users whose roles reach personal data must confirm a second factor first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "needs_second_factor", False)
            and not second_factor_verified(user)
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            audit.audit_denied(
                actor=user,
                object_type="request",
                object_id=request.path[:64],
                reason="second factor not verified",
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Tweede factor vereist.")}, status=403)
            return redirect("accounts:second_factor")
        return self.get_response(request)
