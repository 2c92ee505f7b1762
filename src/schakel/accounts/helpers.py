"""Small helpers for views of every app."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import User


def request_user(request: HttpRequest) -> User:
    """The signed-in user of a request whose view requires login."""
    from django.core.exceptions import PermissionDenied

    from .models import User

    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
