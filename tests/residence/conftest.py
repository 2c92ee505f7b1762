from __future__ import annotations

import pytest

from schakel.accounts import services as account_services
from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import OrganisationKind, Role
from tests.residence.helpers import open_procedure


def verified(user: User) -> User:
    """As if the user confirmed a second factor in this session (what the access layer asks)."""
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    return user


@pytest.fixture
def case_worker(make_user) -> User:
    return verified(make_user(Role.CASE_WORKER))


@pytest.fixture
def registrar(make_user) -> User:
    return verified(make_user(Role.REGISTRAR))


@pytest.fixture
def ind_org(db: None) -> Organisation:
    return account_services.organisation_create(
        actor=None, name="IND Test", kind=OrganisationKind.IMMIGRATION_SERVICE
    )


@pytest.fixture
def ind_worker(make_user, ind_org) -> User:
    return verified(make_user(Role.CASE_WORKER, organisation=ind_org))


@pytest.fixture
def make_procedure(make_user, case_worker):
    def factory(**kwargs):
        kwargs.setdefault("actor", case_worker)
        return open_procedure(make_user=make_user, **kwargs)

    return factory
