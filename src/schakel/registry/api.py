"""The reports API: partner systems create reports (idempotently), list and read what they may
see, and move reports through the workflow. Thin views: parse → one service or selector →
project the result onto the data categories the caller may see."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from schakel.accounts.helpers import request_user
from schakel.accounts.models import User
from schakel.core import audit
from schakel.core.api import ErrorSerializer, parsed
from schakel.core.errors import InvalidInput

from . import selectors, services
from .api_serializers import (
    ReportCreateSerializer,
    ReportListQuerySerializer,
    ReportOutSerializer,
    ReportPageSerializer,
    TransitionSerializer,
    report_input_from,
)
from .categories import ALL_CATEGORIES
from .choices import ReportStatus
from .intake import IDEMPOTENCY_HEADER, report_create_idempotent
from .models import Report
from .policies import purpose_for
from .projection import report_projection

# Printable ASCII without spaces, as the IETF draft on the Idempotency-Key header suggests.
_KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,200}$")

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    name=IDEMPOTENCY_HEADER,
    type=str,
    location=OpenApiParameter.HEADER,
    required=False,
    description=_(
        "Unieke sleutel per nieuwe melding (bijvoorbeeld een UUID, hoogstens 200 tekens). Een "
        "herhaald verzoek met dezelfde sleutel en dezelfde inhoud geeft dezelfde melding terug "
        "(200) in plaats van een tweede; dezelfde sleutel met andere inhoud geeft 422. "
        "Sleutels gelden per gebruiker en 7 dagen."
    ),
)
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=_("Ongeldige invoer; per veld de reden.")),
    403: OpenApiResponse(ErrorSerializer, description=_("Geen toestemming.")),
}


def _require(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        audit.audit_denied(
            actor=actor,
            object_type="registry.report",
            purpose=purpose_for(actor),
            reason=f"lacks {permission}",
        )
        raise PermissionDenied


def _shown(report: Report) -> dict[str, Any]:
    # The reporting organisation and the registrar see every category (issue 3); the sharing
    # app will pass fewer categories to other recipients.
    return report_projection(report, ALL_CATEGORIES)


class ReportListCreateView(APIView):
    @extend_schema(
        operation_id="reports_list",
        parameters=[ReportListQuerySerializer],
        responses={200: ReportPageSerializer, **ERRORS},
        description=_(
            "De meldingen die u mag zien: van uw eigen organisatie, of als "
            "registrator alle ingediende meldingen. Nieuwste eerst."
        ),
    )
    def get(self, request: Request) -> Response:
        actor = request_user(request)
        _require(actor, "registry.view_reports")
        query = parsed(ReportListQuerySerializer, request.query_params)
        reports, total = selectors.reports_visible(
            actor=actor, status=query["status"], limit=query["limit"], offset=query["offset"]
        )
        return Response(
            {
                "count": total,
                "next": _page_url(request, query, query["offset"] + query["limit"], total),
                "previous": _page_url(request, query, query["offset"] - query["limit"], total),
                "results": [_shown(r) for r in reports],
            }
        )

    @extend_schema(
        operation_id="reports_create",
        request=ReportCreateSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={
            201: OpenApiResponse(ReportOutSerializer, description=_("Melding aangemaakt.")),
            200: OpenApiResponse(
                ReportOutSerializer,
                description=_(
                    "Herhaald verzoek met dezelfde Idempotency-Key: de eerder aangemaakte melding."
                ),
            ),
            **ERRORS,
            422: OpenApiResponse(
                ErrorSerializer,
                description=_("Idempotency-Key al gebruikt voor een ander verzoek."),
            ),
        },
    )
    def post(self, request: Request) -> Response:
        actor = request_user(request)
        _require(actor, "registry.add_report")
        body = parsed(ReportCreateSerializer, request.data)
        data = report_input_from(body)
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if key is None:
            report, created = (
                services.report_create(actor=actor, data=data, submit=body["submit"]),
                True,
            )
        else:
            if not _KEY_PATTERN.match(key):
                raise InvalidInput(
                    [
                        (
                            IDEMPOTENCY_HEADER,
                            _(
                                "1 tot 200 zichtbare ASCII-tekens zonder spaties, "
                                "bijvoorbeeld een UUID."
                            ),
                        )
                    ]
                )
            report, created = report_create_idempotent(
                actor=actor, data=data, submit=body["submit"], key=key
            )
        if not created:  # the first answer, read back as any read is: checked and audited
            report = selectors.report_get_for(actor=actor, pk=report.pk)
        # A new report is shown from the objects just written (report_create returns it with
        # its children); its audit event "create" covers what the creator is shown back.
        return Response(_shown(report), status=201 if created else 200)


def _page_url(request: Request, query: dict[str, Any], offset: int, total: int) -> str | None:
    if offset < 0 and query["offset"] > 0:
        offset = 0
    if offset < 0 or offset >= total or offset == query["offset"]:
        return None
    params = request.query_params.copy()
    params["offset"] = str(offset)
    params["limit"] = str(query["limit"])
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


class ReportDetailView(APIView):
    @extend_schema(
        operation_id="reports_retrieve",
        responses={200: ReportOutSerializer, **ERRORS, 404: OpenApiResponse(ErrorSerializer)},
    )
    def get(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        _require(actor, "registry.view_reports")
        return Response(_shown(selectors.report_get_for(actor=actor, pk=pk)))


class ReportTransitionView(APIView):
    @extend_schema(
        operation_id="reports_transition",
        request=TransitionSerializer,
        responses={200: ReportOutSerializer, **ERRORS, 404: OpenApiResponse(ErrorSerializer)},
        description=_(
            "Verplaats de melding in de workflow: concept → ingediend → in "
            "beoordeling → geregistreerd | niet geregistreerd | ingetrokken."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        _require(actor, "registry.view_reports")
        report = selectors.report_get_for(actor=actor, pk=pk)
        body = parsed(TransitionSerializer, request.data)
        reason = None
        if body["not_registered_reason"]:
            reason = (
                selectors.not_registered_reasons(on=timezone.localdate())
                .filter(code=body["not_registered_reason"])
                .first()
            )
            if reason is None:
                raise InvalidInput(
                    [
                        (
                            "not_registered_reason",
                            _("Onbekende of niet meer geldige reden '%(code)s'.")
                            % {"code": body["not_registered_reason"]},
                        )
                    ]
                )
        services.report_transition(
            actor=actor,
            report=report,
            to_status=ReportStatus(body["to_status"]),
            reason=body["reason"],
            not_registered_reason=reason,
            decision_note=body["decision_note"],
        )
        return Response(_shown(selectors.report_get_for(actor=actor, pk=pk)))
