"""API of accounts: token issue after the second factor, the current user, users, organisations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import match_token
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from schakel.core import audit
from schakel.core.models import AuditAction, AuditOutcome

from . import selectors
from .api_auth import token_lifetime
from .helpers import request_user
from .models import Organisation, User


class TokenRequestSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, style={"input_type": "password"})
    otp = serializers.CharField(
        max_length=16, help_text=_("Code uit de authenticator-app of back-upcode.")
    )


class TokenResponseSerializer(serializers.Serializer[Any]):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ("id", "name", "kind", "municipality", "region")


class UserSerializer(serializers.ModelSerializer[User]):
    roles = serializers.SerializerMethodField()
    organisation = OrganisationSerializer(read_only=True)

    class Meta:
        model = User
        fields = (
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "organisation",
            "roles",
        )

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.role_set)


class TokenThrottle(AnonRateThrottle):
    rate = "20/min"


class TokenObtainView(APIView):
    """Exchange username, password and a second-factor code for an API token."""

    authentication_classes = ()
    permission_classes = (permissions.AllowAny,)
    throttle_classes = (TokenThrottle,)

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer})
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = authenticate(
                request._request,
                username=data.validated_data["username"],
                password=data.validated_data["password"],
            )
        except PermissionDenied:
            user = None
        if user is None:
            audit.audit_authentication(
                action=AuditAction.LOGIN_FAILED,
                actor=None,
                username=data.validated_data["username"][:150],
                outcome=AuditOutcome.FAILED,
                details={"via": "api"},
            )
            return Response(
                {
                    "detail": str(_("Gebruikersnaam of wachtwoord is onjuist.")),
                    "errors": {"password": [str(_("onjuist"))]},
                },
                status=400,
            )
        if match_token(user, data.validated_data["otp"].strip()) is None:
            audit.audit_authentication(
                action=AuditAction.SECOND_FACTOR_FAILED,
                actor=user,
                outcome=AuditOutcome.FAILED,
                details={"via": "api"},
            )
            return Response(
                {
                    "detail": str(_("De code van de tweede factor klopt niet.")),
                    "errors": {"otp": [str(_("onjuist of al gebruikt"))]},
                },
                status=400,
            )
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        audit.audit_authentication(action=AuditAction.LOGIN, actor=user, details={"via": "api"})
        return Response(
            {"token": token.key, "expires_at": timezone.localtime(token.created + token_lifetime())}
        )


class MeView(APIView):
    @extend_schema(responses=UserSerializer)
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(request_user(request._request)).data)


class UserListView(APIView):
    @extend_schema(
        responses=inline_serializer(
            "UserPage",
            {"count": serializers.IntegerField(), "results": UserSerializer(many=True)},
        )
    )
    def get(self, request: Request) -> Response:
        actor = request_user(request)
        if not actor.has_perm("accounts.manage_users"):
            audit.audit_denied(
                actor=actor, object_type="accounts.user", reason="not a user manager"
            )
            raise PermissionDenied
        try:
            limit = min(int(request.query_params.get("limit", 50)), 500)
            offset = max(int(request.query_params.get("offset", 0)), 0)
        except ValueError:
            return Response(
                {
                    "detail": "invalid input",
                    "errors": {"limit": [str(_("moet een geheel getal zijn"))]},
                },
                status=400,
            )
        users, total = selectors.users_list_for(actor=actor, limit=limit, offset=offset)
        return Response({"count": total, "results": UserSerializer(users, many=True).data})


class OrganisationListView(APIView):
    @extend_schema(responses=OrganisationSerializer(many=True))
    def get(self, request: Request) -> Response:
        organisations = Organisation.objects.filter(is_active=True)
        return Response(OrganisationSerializer(organisations, many=True).data)
