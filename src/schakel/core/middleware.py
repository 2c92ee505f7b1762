from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .request_context import reset_request_id, set_request_id

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id (or keep a well-formed X-Request-ID) for the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        token = set_request_id(incoming if _SAFE_ID.match(incoming) else None)
        try:
            from .request_context import current_request_id

            request.request_id = current_request_id()  # type: ignore[attr-defined]
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
            return response
        finally:
            reset_request_id(token)


class ApplicationErrorMiddleware:
    """Map the ApplicationError hierarchy to HTTP responses for the HTML views, in one place."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import redirect, render

        from .errors import ApplicationError, SecondFactorRequired

        if not isinstance(exception, ApplicationError):
            return None
        if isinstance(exception, SecondFactorRequired):
            return redirect(f"/accounts/second-factor/?next={request.path}")
        return render(
            request, "error.html", {"message": exception.message}, status=exception.status_code
        )


class NoStoreWhenSignedInMiddleware:
    """Pages for a signed-in user may show personal data: no browser or proxy keeps a copy
    (OWASP ASVS 8.2.1). Responses that set their own caching are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils.cache import add_never_cache_headers

        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
