"""Shared fixtures: organisations, a user per role, and clients that passed the second factor."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from schakel.accounts import services
from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import OrganisationKind, Role

PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture
def police_org(db: None) -> Organisation:
    return services.organisation_create(
        actor=None, name="Politie Test", kind=OrganisationKind.POLICE
    )


@pytest.fixture
def registrar_org(db: None) -> Organisation:
    return services.organisation_create(
        actor=None, name="CoMensha Test", kind=OrganisationKind.CENTRAL_REGISTRAR
    )


@pytest.fixture
def shelter_org(db: None) -> Organisation:
    return services.organisation_create(
        actor=None, name="Opvang Test", kind=OrganisationKind.SHELTER
    )


@pytest.fixture
def make_user(
    db: None, police_org: Organisation, registrar_org: Organisation
) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def factory(
        *roles: Role, organisation: Organisation | None = None, username: str | None = None
    ) -> User:
        if organisation is None:
            registrar_roles = {Role.REGISTRAR, Role.SYSTEM_ADMIN}
            organisation = registrar_org if set(roles) & registrar_roles else police_org
        return services.user_create(
            actor=None,
            organisation=organisation,
            roles=roles,
            password=PASSWORD,
            username=username or f"user{next(counter)}",
            first_name="Test",
            last_name="Gebruiker",
        )

    return factory


def backup_code(user: User) -> str:
    return services.backup_codes_issue(user=user, count=1)[0]


def verified_client(user: User) -> Client:
    """A client logged in as ``user`` that has confirmed a second factor in this session."""
    client = Client()
    client.force_login(user)
    services.backup_codes_issue(user=user, count=1)
    device = StaticDevice.objects.get(user=user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def verified_client_for() -> Callable[[User], Client]:
    return verified_client


DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the second (PostgreSQL) pass, run only tests that touch the database.

    scripts/test-all.sh sets SCHAKEL_TESTS_DATABASE_ONLY for that pass: pure tests (rules,
    estimation, parsing) have already run once and would only repeat themselves.
    """
    import os

    if not os.environ.get("SCHAKEL_TESTS_DATABASE_ONLY"):
        return
    selected, deselected = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or bool(
            DB_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        (selected if uses_db else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
