from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from schakel.accounts.roles import Role
from schakel.core.models import AuditAction, AuditEvent
from tests.conftest import PASSWORD, backup_code

pytestmark = pytest.mark.django_db


@override_settings(OTP_STATIC_THROTTLE_FACTOR=0)  # no back-off after the deliberate wrong code
def test_token_needs_password_and_second_factor(make_user) -> None:
    user = make_user(Role.REGISTRAR)
    code = backup_code(user)
    client = APIClient()
    response = client.post(
        reverse("api:token"), {"username": user.username, "password": PASSWORD, "otp": "12345678"}
    )
    assert response.status_code == 400
    assert "otp" in response.json()["errors"]
    response = client.post(
        reverse("api:token"), {"username": user.username, "password": PASSWORD, "otp": code}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get(reverse("api:me"))
    assert me.status_code == 200
    assert me.json()["roles"] == [Role.REGISTRAR]


def test_wrong_password_gives_400_naming_the_field_and_is_audited(make_user) -> None:
    user = make_user(Role.REPORTER)
    response = APIClient().post(
        reverse("api:token"), {"username": user.username, "password": "nope", "otp": "1"}
    )
    assert response.status_code == 400
    assert "password" in response.json()["errors"]
    assert AuditEvent.objects.filter(
        action=AuditAction.LOGIN_FAILED, actor_username=user.username
    ).exists()


@pytest.mark.parametrize(
    "payload", [{}, {"username": "x"}, {"username": "x" * 500, "password": "y", "otp": "1"}]
)
def test_malformed_token_request_names_the_field(payload) -> None:
    response = APIClient().post(reverse("api:token"), payload, format="json")
    assert response.status_code == 400
    assert response.json()  # DRF names each bad field


def test_non_json_body_is_400_not_500() -> None:
    response = APIClient().post(reverse("api:token"), "{not json", content_type="application/json")
    assert response.status_code == 400


def test_expired_token_is_refused(make_user) -> None:
    user = make_user(Role.REGISTRAR)
    token = Token.objects.create(user=user)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=2))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(reverse("api:me"))
    assert response.status_code in (401, 403)
    assert "verlopen" in response.json()["detail"]


def test_session_without_second_factor_is_refused_and_audited(make_user) -> None:
    user = make_user(Role.ANALYST)  # may use the UI without 2FA, never the API
    client = Client()
    client.force_login(user)
    response = client.get(reverse("api:me"))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(
        action=AuditAction.DENIED, actor=user, object_type="api"
    ).exists()


def test_audit_events_api_validates_filters(make_user, verified_client_for) -> None:
    client = verified_client_for(make_user(Role.SYSTEM_ADMIN))
    response = client.get(reverse("api:audit_events"), {"date_from": "gisteren", "limit": "veel"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"date_from", "limit"}
    response = client.get(reverse("api:audit_events"), {"outcome": "denied"})
    assert response.status_code == 200


def test_openapi_schema_is_served() -> None:
    response = Client().get(reverse("schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/auth/token/" in paths
    assert "/api/v1/audit-events/" in paths


def test_token_look_up_is_one_statement_with_organisation_and_roles(
    make_user, django_assert_num_queries
) -> None:
    from schakel.accounts.api_auth import SecondFactorTokenAuthentication

    user = make_user(Role.REPORTER, Role.CASE_WORKER)
    token = Token.objects.create(user=user)
    with django_assert_num_queries(1):
        found, found_token = SecondFactorTokenAuthentication().authenticate_credentials(token.key)
        assert found.organisation.name == user.organisation.name
        assert found.role_set == frozenset({Role.REPORTER, Role.CASE_WORKER})
    assert (found.pk, found.username, found.is_active) == (user.pk, user.username, True)
    assert found.check_password(PASSWORD)
    assert (found_token.key, found_token.created) == (token.key, token.created)
    assert found_token.user is found


def test_token_of_a_user_without_organisation_or_roles(django_user_model) -> None:
    from schakel.accounts.api_auth import SecondFactorTokenAuthentication

    admin = django_user_model.objects.create_superuser("beheer", password=PASSWORD)
    token = Token.objects.create(user=admin)
    found, _ = SecondFactorTokenAuthentication().authenticate_credentials(token.key)
    assert found.organisation is None
    assert found.role_set == frozenset()
