"""Start page per role and the audit viewer (thin views)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_otp import devices_for_user

from schakel.accounts.helpers import request_user
from schakel.accounts.roles import ROLE_LABELS_ORDER

from . import audit
from .access import second_factor_verified
from .forms import AuditFilterForm
from .navigation import ROLE_INTRODUCTIONS, items_for
from .selectors import AuditFilter, audit_events_for

PAGE_SIZE = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    roles = [r for r in ROLE_LABELS_ORDER if r in user.role_set]
    return render(
        request,
        "core/home.html",
        {
            "roles": [(role, ROLE_INTRODUCTIONS[role]) for role in roles],
            "tiles": items_for(user.role_set),
            "second_factor_verified": second_factor_verified(user),
            "has_device": any(True for _d in devices_for_user(user)),
        },
    )


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    if not actor.has_perm("core.view_audit_trail"):
        audit.audit_denied(actor=actor, object_type="core.auditevent", reason="not a system admin")
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.to_filter() if form.is_valid() else AuditFilter()
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    events, total = audit_events_for(
        actor=actor, filters=filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_list.html",
        {
            "form": form,
            "events": events,
            "total": total,
            "page": page,
            "has_next": page * PAGE_SIZE < total,
            "query": query.urlencode(),
        },
    )
