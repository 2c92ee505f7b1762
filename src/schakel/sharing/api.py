"""The sharing API: the rule set, disclosure requests (with exactly the disclosed fields), the
analysts' pseudonymised rows and the person's export. Thin views: parse → one selector or
service → serialise. Serializers filter once more by data category, so a field outside the
granted categories cannot reach a response even if a projection were wrong."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers as S  # noqa: N812 -- short, as in the registry
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from schakel.accounts.helpers import request_user
from schakel.accounts.models import User
from schakel.core import audit
from schakel.core.api import ErrorSerializer, validated
from schakel.core.purposes import Purpose
from schakel.registry.categories import FIELD_CATEGORIES, DataCategory

from . import export, selectors, services
from .models import DisclosureRequest, RequestKind
from .pseudonymise import ANALYST_FIELDS
from .vocabulary import SHARING_PURPOSES

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=_("Ongeldige invoer; per veld de reden.")),
    403: OpenApiResponse(ErrorSerializer, description=_("Geen toestemming.")),
}


def _require(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        audit.audit_denied(
            actor=actor,
            object_type="sharing",
            purpose=Purpose.REGISTRATION,
            reason=f"lacks {permission}",
        )
        raise PermissionDenied


# -- the rules ---------------------------------------------------------------------------------


class RuleLineSerializer(S.Serializer[Any]):
    position = S.IntegerField()
    holders = S.ListField(child=S.CharField())
    recipients = S.ListField(child=S.CharField())
    purposes = S.ListField(child=S.CharField())
    categories = S.ListField(child=S.CharField())
    decision = S.CharField()
    basis = S.CharField()
    explanation = S.CharField()
    # DRF's serializer metaclass takes declared fields off the class, so this does not
    # replace Field.source as drf-stubs assume.
    source = S.CharField()  # type: ignore[assignment]


class RuleSetSerializer(S.Serializer[Any]):
    version = S.IntegerField()
    name = S.CharField()
    valid_from = S.DateField()
    source = S.CharField()  # type: ignore[assignment]  # as in RuleLineSerializer
    rules = RuleLineSerializer(many=True)


class RuleSetView(APIView):
    @extend_schema(
        operation_id="sharing_rules",
        responses={200: RuleSetSerializer, 404: OpenApiResponse(ErrorSerializer)},
        description=_(
            "De regelset die nu geldt: per regel de combinaties, het besluit, de grondslag "
            "en de bron."
        ),
    )
    def get(self, request: Request) -> Response:
        request_user(request)
        rule_set = services.rule_set_in_force()
        if rule_set is None:
            return Response({"detail": _("Geen regelset van kracht.")}, status=404)
        return Response(
            RuleSetSerializer(
                {
                    "version": rule_set.version,
                    "name": rule_set.name,
                    "valid_from": rule_set.valid_from,
                    "source": rule_set.source,
                    "rules": selectors.rules_explained(rule_set),
                }
            ).data
        )


# -- disclosure requests -----------------------------------------------------------------------


def _category_of(key: str) -> str | None:
    for label in ("registry.report", "registry.personrecord"):
        if key in FIELD_CATEGORIES[label]:
            return str(FIELD_CATEGORIES[label][key])
    return None


# Keys the projection adds for lists and derived values, by the category they belong to.
_DERIVED = {
    "places": DataCategory.EXPLOITATION,
    "forms": DataCategory.EXPLOITATION,
    "suspects": DataCategory.SUSPECTS,
    "documents": DataCategory.IDENTITY,
    "decision_due_on": DataCategory.REPORT,
}


class DisclosedReportSerializer(S.Serializer[Any]):
    """A disclosed report: only keys whose data category is in ``context['categories']``."""

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        allowed = set(self.context["categories"])

        def keep(key: str) -> bool:
            category = _DERIVED.get(key) or _category_of(key)
            return category is not None and str(category) in allowed

        result: dict[str, Any] = {}
        for key, value in instance.items():
            if key == "person" and isinstance(value, dict):
                person = {k: v for k, v in value.items() if keep(k)}
                if person:
                    result["person"] = person
            elif key == "minor_at_start_of_exploitation":
                if {"identity", "exploitation"} <= allowed:
                    result[key] = value
            elif keep(key):
                result[key] = value
        return result


class RequestInSerializer(S.Serializer[Any]):
    kind = S.ChoiceField(choices=RequestKind.choices, default=RequestKind.REPORT)
    # Free text on purpose: the service refuses and audits an unknown or missing purpose.
    purpose = S.CharField(allow_blank=True, default="", max_length=40)
    report_number = S.CharField(max_length=20)
    justification = S.CharField(allow_blank=True, default="", max_length=4000)
    holder_organisation = S.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2_147_483_647
    )


class RequestOutSerializer(S.Serializer[Any]):
    id = S.IntegerField()
    status = S.CharField()
    kind = S.CharField()
    purpose = S.CharField()
    requesting_organisation = S.IntegerField()
    holder_organisation = S.IntegerField()
    rule_set_version = S.IntegerField()
    rulings = S.DictField(child=S.DictField())
    granted_categories = S.ListField(child=S.CharField())
    refused_categories = S.DictField(child=S.CharField())
    necessity_categories = S.ListField(child=S.CharField())
    disclosed_categories = S.ListField(child=S.CharField(), required=False)
    disclosed = S.ListField(child=S.DictField(), required=False)


class RequestPageSerializer(S.Serializer[Any]):
    count = S.IntegerField()
    results = RequestOutSerializer(many=True)


def _out(
    request: DisclosureRequest, disclosed: selectors.Disclosed | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": request.pk,
        "status": request.status,
        "kind": request.kind,
        "purpose": request.purpose,
        "requesting_organisation": request.requesting_organisation_id,
        "holder_organisation": request.holder_organisation_id,
        "rule_set_version": request.rule_set.version,
        "rulings": request.rulings,
        "granted_categories": request.granted_categories,
        "refused_categories": request.refused_categories,
        "necessity_categories": request.necessity_categories,
    }
    if disclosed is not None:
        body["disclosed_categories"] = list(disclosed.categories)
        serializer = DisclosedReportSerializer(
            list(disclosed.reports), many=True, context={"categories": disclosed.categories}
        )
        body["disclosed"] = serializer.data
    return body


class RequestListCreateView(APIView):
    @extend_schema(
        operation_id="sharing_requests_list",
        responses={200: RequestPageSerializer, **ERRORS},
        description=_("Verzoeken van of aan uw organisatie; de registrator ziet alle verzoeken."),
    )
    def get(self, request: Request) -> Response:
        actor = request_user(request)
        _require(actor, "sharing.view_requests")
        page, total = selectors.requests_visible(actor=actor)
        return Response({"count": total, "results": [_out(r) for r in page]})

    @extend_schema(
        operation_id="sharing_requests_create",
        request=RequestInSerializer,
        responses={201: RequestOutSerializer, **ERRORS, 404: OpenApiResponse(ErrorSerializer)},
        description=_(
            "Vraag de houder van een melding (of van alle meldingen over een persoon) om "
            "gegevens voor een doel."
        )
        + " "
        + ", ".join(str(p) for p in SHARING_PURPOSES),
    )
    def post(self, request: Request) -> Response:
        actor = request_user(request)
        _require(actor, "sharing.request_disclosure")
        body = validated(RequestInSerializer(data=request.data))
        created = services.disclosure_request_create(
            actor=actor,
            data=services.RequestInput(
                kind=body["kind"],
                purpose=body["purpose"],
                report_number=body["report_number"],
                justification=body["justification"],
                holder_organisation_id=body.get("holder_organisation"),
            ),
        )
        shown = selectors.request_get(actor=actor, pk=created.pk)
        return Response(
            _out(shown, selectors.disclosed_for(actor=actor, request=shown)), status=201
        )


class RequestDetailView(APIView):
    @extend_schema(
        operation_id="sharing_requests_retrieve",
        responses={200: RequestOutSerializer, **ERRORS, 404: OpenApiResponse(ErrorSerializer)},
        description=_(
            "Het verzoek; voor de vragende organisatie ook de verstrekte gegevens, alleen in de "
            "soorten die nu mogen (toestemming ingetrokken of beperking: niet meer)."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        _require(actor, "sharing.view_requests")
        shown = selectors.request_get(actor=actor, pk=pk)
        return Response(_out(shown, selectors.disclosed_for(actor=actor, request=shown)))


# -- analysts ---------------------------------------------------------------------------------


class AnalysisRowSerializer(S.Serializer[Any]):
    person_key = S.CharField()
    report_key = S.CharField()
    year_reported = S.IntegerField()
    year_exploitation_started = S.IntegerField(allow_null=True)
    age_band = S.CharField()
    gender = S.CharField()
    nationalities = S.ListField(child=S.CharField())
    forms = S.ListField(child=S.CharField())
    place_kinds = S.ListField(child=S.CharField())
    countries_abroad = S.ListField(child=S.CharField())
    reporting_organisation_kind = S.CharField()
    status = S.CharField()


assert set(AnalysisRowSerializer().fields) == ANALYST_FIELDS  # noqa: S101 -- one list of fields


class AnalysisQuerySerializer(S.Serializer[Any]):
    limit = S.IntegerField(min_value=1, max_value=1000, default=100)
    offset = S.IntegerField(min_value=0, max_value=10_000_000, default=0)


class AnalysisPageSerializer(S.Serializer[Any]):
    count = S.IntegerField()
    results = AnalysisRowSerializer(many=True)


class AnalysisView(APIView):
    @extend_schema(
        operation_id="sharing_analysis",
        parameters=[AnalysisQuerySerializer],
        responses={200: AnalysisPageSerializer, **ERRORS},
        description=_(
            "Geregistreerde meldingen, gepseudonimiseerd: gehashte sleutels, leeftijdsklassen, "
            "alleen jaren. Voor analisten."
        ),
    )
    def get(self, request: Request) -> Response:
        actor = request_user(request)
        _require(actor, "sharing.analyse")
        query = validated(AnalysisQuerySerializer(data=request.query_params))
        rows, total = selectors.analysis_rows(
            actor=actor, limit=query["limit"], offset=query["offset"]
        )
        return Response({"count": total, "results": AnalysisRowSerializer(rows, many=True).data})


# -- the person's export -----------------------------------------------------------------------


class PersonExportView(APIView):
    @extend_schema(
        operation_id="sharing_person_export",
        responses={
            200: OpenApiResponse(description=_("De inzagebundel (AVG art. 15) als JSON.")),
            **ERRORS,
            404: OpenApiResponse(ErrorSerializer),
        },
        description=_(
            "Alles over één persoon, met verstrekkingslog en wie de gegevens inzag. Registrator."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        _require(actor, "sharing.manage_rights")
        return Response(export.person_export(actor=actor, person_id=pk))
