"""API of the programme monitor: actions with their status, progress updates, indicators."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from schakel.accounts.helpers import request_user
from schakel.accounts.models import User
from schakel.core import audit
from schakel.core.errors import NotFound

from . import selectors, services
from .models import Action, Ministry, Plan, ProgressUpdate
from .workflow import ProgressStatus


def _require(request: Request, perm: str, obj: Any = None) -> User:
    user = request_user(request)
    if not user.has_perm(perm, obj):
        audit.audit_denied(
            actor=user,
            object_type="programme",
            object_id=request.path[:64],
            purpose=services.PURPOSE,
            reason=f"lacks {perm}",
        )
        raise PermissionDenied
    return user


class ActionSerializer(serializers.ModelSerializer[Action]):
    plan: serializers.SlugRelatedField[Plan] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    theme = serializers.SerializerMethodField()
    # What SlugRelatedField(many=True) builds, spelt out so the type checker sees it.
    initiators = serializers.ManyRelatedField(
        child_relation=serializers.SlugRelatedField[Ministry](slug_field="code", read_only=True),
        read_only=True,
    )

    class Meta:
        model = Action
        fields = (
            "id",
            "plan",
            "number",
            "title",
            "text",
            "theme",
            "initiators",
            "initiators_text",
            "end_date_kind",
            "end_date",
            "end_date_text",
            "status",
            "due_date",
        )

    def get_theme(self, action: Action) -> str | None:
        return action.theme.number if action.theme else None


class ProgressInputSerializer(serializers.Serializer[Any]):
    reported_on = serializers.DateField()
    status = serializers.ChoiceField(choices=ProgressStatus.choices)
    text = serializers.CharField(max_length=4000)
    new_end_date = serializers.DateField(required=False, allow_null=True)


class ProgressSerializer(serializers.ModelSerializer[ProgressUpdate]):
    class Meta:
        model = ProgressUpdate
        fields = (
            "id",
            "action",
            "reported_on",
            "status",
            "previous_status",
            "new_end_date",
            "text",
            "source",
            "author_name",
        )


class ActionListView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(n, str, required=False)
            for n in ("plan", "ministry", "status", "overdue")
        ],
        responses=inline_serializer(
            "ActionPage",
            {"count": serializers.IntegerField(), "results": ActionSerializer(many=True)},
        ),
    )
    def get(self, request: Request) -> Response:
        _require(request, "programme.view")
        params = request.query_params
        status = params.get("status", "")
        if status and status not in ProgressStatus.values:
            return Response(
                {
                    "detail": "invalid input",
                    "errors": {"status": [f"one of {sorted(ProgressStatus.values)}"]},
                },
                status=400,
            )
        filters = selectors.ActionFilter(
            ministry=params.get("ministry", ""),
            status=status,
            overdue=params.get("overdue") in ("1", "true"),
        )
        today = timezone.localdate()
        plans = selectors.plans_list()
        if params.get("plan"):
            plans = [selectors.plan_get(slug=params["plan"])]
        actions = [
            a for p in plans for a in selectors.actions_for(plan=p, filters=filters, today=today)
        ]
        return Response(
            {"count": len(actions), "results": ActionSerializer(actions, many=True).data}
        )


class ProgressCreateView(APIView):
    @extend_schema(request=ProgressInputSerializer, responses={201: ProgressSerializer})
    def post(self, request: Request, pk: int) -> Response:
        _require(request, "programme.view")
        action = Action.objects.select_related("plan").filter(pk=pk).first()
        if action is None:
            raise NotFound
        user = _require(request, "programme.report_progress", action)
        data = ProgressInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            update = services.progress_update_record(
                action=action,
                reported_on=values["reported_on"],
                status=ProgressStatus(values["status"]),
                text=values["text"],
                new_end_date=values.get("new_end_date"),
                actor=user,
            )
        except services.InvalidInput as exc:
            errors: dict[str, list[str]] = {}
            for field, message in exc.errors:
                errors.setdefault(field, []).append(message)
            return Response({"detail": str(exc.message), "errors": errors}, status=400)
        return Response(ProgressSerializer(update).data, status=201)


class IndicatorListView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request: Request) -> Response:
        _require(request, "programme.view")
        results = []
        for overview in selectors.indicators_overview():
            i = overview.indicator
            results.append(
                {
                    "slug": i.slug,
                    "name": i.name,
                    "unit": i.unit,
                    "kind": i.kind,
                    "direction": i.direction,
                    "tolerance_percent": i.tolerance_percent,
                    "plan": i.plan.slug if i.plan else None,
                    "years": [
                        {
                            "year": y.year,
                            "target": float(y.target.value) if y.target else None,
                            "actual": float(y.actual.value) if y.actual else None,
                            "actual_as_of": y.actual.as_of if y.actual else None,
                            "forecast": (
                                {
                                    "point": round(y.forecast.point, 1),
                                    "low": y.forecast.low,
                                    "high": y.forecast.high,
                                    "method": y.forecast.method,
                                }
                                if y.forecast
                                else None
                            ),
                            "stated_forecast": (
                                {
                                    "value": float(y.stated_forecast.value),
                                    "low": float(y.stated_forecast.low)
                                    if y.stated_forecast.low is not None
                                    else None,
                                    "high": float(y.stated_forecast.high)
                                    if y.stated_forecast.high is not None
                                    else None,
                                }
                                if y.stated_forecast
                                else None
                            ),
                            "colour": y.colour,
                        }
                        for y in overview.years
                    ],
                }
            )
        return Response({"count": len(results), "results": results})
