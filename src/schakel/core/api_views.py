from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from schakel.accounts.helpers import request_user

from . import audit
from .forms import AuditFilterForm
from .models import AuditEvent
from .selectors import audit_events_for


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = (
            "sequence",
            "occurred_at",
            "actor_username",
            "organisation_id",
            "action",
            "object_type",
            "object_id",
            "subject_person_id",
            "purpose",
            "outcome",
            "request_id",
            "details",
            "previous_hash",
            "event_hash",
        )


class AuditEventPageSerializer(serializers.Serializer[Any]):
    """One page of the audit trail: the total and the events (the shape the view returns)."""

    count = serializers.IntegerField()
    results = AuditEventSerializer(many=True)


class AuditEventListView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(name, str, required=False)
            for name in (
                "person",
                "user",
                "organisation",
                "date_from",
                "date_to",
                "outcome",
                "action",
                "limit",
                "offset",
            )
        ],
        responses=AuditEventPageSerializer,
    )
    def get(self, request: Request) -> Response:
        actor = request_user(request)
        if not actor.has_perm("core.view_audit_trail"):
            audit.audit_denied(
                actor=actor, object_type="core.auditevent", reason="not a system admin"
            )
            raise PermissionDenied
        form = AuditFilterForm(request.query_params)
        errors: dict[str, Any] = {}
        if not form.is_valid():
            errors.update({k: [str(m) for m in v] for k, v in form.errors.items()})
        limit = _int_param(request, "limit", 100, errors)
        offset = _int_param(request, "offset", 0, errors)
        if errors:
            return Response({"detail": "invalid input", "errors": errors}, status=400)
        events, total = audit_events_for(
            actor=actor, filters=form.to_filter(), limit=min(limit, 1000), offset=offset
        )
        return Response({"count": total, "results": AuditEventSerializer(events, many=True).data})


def _int_param(request: Request, name: str, default: int, errors: dict[str, Any]) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        errors[name] = ["must be a whole number"]
        return default
    if value < 0:
        errors[name] = ["must not be negative"]
    return value
