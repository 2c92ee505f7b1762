from __future__ import annotations

from collections.abc import Callable

import pytest

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.registry import services
from schakel.registry.models import Report
from tests.registry.factories import report_input


@pytest.fixture
def reporter(make_user) -> User:
    return make_user(Role.REPORTER)


@pytest.fixture
def registrar(make_user) -> User:
    return make_user(Role.REGISTRAR)


@pytest.fixture
def make_report(reporter: User) -> Callable[..., Report]:
    def factory(*, actor: User | None = None, submit: bool = True, **overrides: object) -> Report:
        return services.report_create(
            actor=actor or reporter, data=report_input(**overrides), submit=submit
        )

    return factory
