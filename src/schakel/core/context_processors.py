from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(user, "role_set"):
        return {"nav_items": []}
    return {"nav_items": items_for(user.role_set)}
