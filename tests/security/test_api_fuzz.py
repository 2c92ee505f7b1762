"""Schemathesis against the OpenAPI schema served at /api/schema/ (issue 9, 7b).

For every operation, a few generated requests are sent as every role, each authenticated
with an API token obtained after the second factor (accounts/api_auth.py). No response may
be a server error, every documented response must match its schema, and no response to an
analyst may carry a personal-data field (registry/categories.py). `max_examples` is kept
small so the whole file stays within the default suite's time budget.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from schakel.accounts.roles import Role
from schakel.registry.categories import FIELD_CATEGORIES, DataCategory
from tests.conftest import PASSWORD, backup_code

SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
MAX_EXAMPLES = 2

PERSONAL_CATEGORIES = {
    DataCategory.IDENTITY,
    DataCategory.CONTACT_LOCATION,
    DataCategory.HEALTH,
    DataCategory.CRIMINAL,
    DataCategory.NARRATIVE,
    DataCategory.SUSPECTS,
}
# Attributes that pseudonymised statistics keep (retention ADR 22, sharing point 6).
STATISTICAL = {
    "gender",
    "nationalities",
    "birth_country",
    "languages",
    "birth_date_precision",
    "needs_shelter",
    "needs_safety",
    "needs_medical",
}
# Generic words that name personal data only inside a person, document or suspect.
AMBIGUOUS = {"name", "number", "description", "notes", "relation", "document_type"}
PERSONAL_CONTAINERS = {"person", "persons", "documents", "suspects"}
PERSONAL_FIELDS = {
    name
    for fields in FIELD_CATEGORIES.values()
    for name, category in fields.items()
    if category in PERSONAL_CATEGORIES and name not in STATISTICAL
}


def personal_fields_in(data: Any, parent: str = "") -> list[str]:
    """Keys in a JSON document that carry personal data, with their path."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            personal = key in PERSONAL_FIELDS - AMBIGUOUS or (
                key in AMBIGUOUS and parent in PERSONAL_CONTAINERS
            )
            if personal or key in PERSONAL_CONTAINERS:
                found.append(f"{parent}.{key}")
            found += personal_fields_in(value, key)
    elif isinstance(data, list):
        for item in data:
            found += personal_fields_in(item, parent)
    return found


def test_the_personal_field_check_finds_nested_names() -> None:
    report = {"results": [{"number": "2026-1", "person": {"family_name": "Visser"}}]}
    assert personal_fields_in(report) == ["results.person", "person.family_name"]
    assert personal_fields_in({"results": [{"name": "Politie", "number": 3}]}) == []


@pytest.fixture
def keep_test_connection(tokens: dict[str, str]) -> Iterator[None]:
    """Requests go through the real WSGI handler, which closes the database connection at
    the end of each request; the test's transaction must survive it (as in Django's own
    test client). After `tokens`: Django's test client reconnects the handler when done."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(make_user) -> dict[str, str]:
    """An API token per role, each obtained with password and second factor."""
    from rest_framework.throttling import AnonRateThrottle

    issued = {}
    for role in Role:
        # The token endpoint is rate limited per address; every role here comes from one.
        AnonRateThrottle.cache.clear()
        user = make_user(role)
        response = Client().post(
            "/api/v1/auth/token/",
            {"username": user.username, "password": PASSWORD, "otp": backup_code(user)},
        )
        assert response.status_code == 200, response.content
        issued[role.value] = response.json()["token"]
    return issued


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
@pytest.mark.usefixtures("keep_test_connection")
def test_api_operation_as_every_role(operation, tokens: dict[str, str]) -> None:
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case) -> None:
        for role, token in tokens.items():
            response = case.call(headers={"Authorization": f"Token {token}"})
            case.validate_response(
                response,
                checks=[
                    not_a_server_error,
                    response_schema_conformance,
                    content_type_conformance,
                ],
            )
            if role == Role.ANALYST and "json" in response.headers.get("Content-Type", [""])[0]:
                leaked = personal_fields_in(response.json())
                assert leaked == [], f"analyst got personal data from {case.path}: {leaked}"

    run()
