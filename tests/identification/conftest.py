from __future__ import annotations

from collections.abc import Callable

import pytest

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.identification.models import IndicatorList, ListStatus
from schakel.identification.services import lists_load
from schakel.registry import services as registry_services
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
        return registry_services.report_create(
            actor=actor or reporter, data=report_input(**overrides), submit=submit
        )

    return factory


@pytest.fixture
def adult_labour(db: None) -> IndicatorList:
    # The data migration loads the lists, but a transactional test (browser) flushes them.
    lists_load()
    return IndicatorList.objects.get(family="ilo-2009-adults-labour", status=ListStatus.PUBLISHED)


def ids(indicator_list: IndicatorList, *codes: str) -> list[int]:
    found = dict(indicator_list.indicators.filter(code__in=codes).values_list("code", "pk"))
    return [found[c] for c in codes]
