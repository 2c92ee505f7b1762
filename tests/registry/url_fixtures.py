"""URL arguments for the registry's rows of tests/test_authorization_table.py: a report that a
police reporter submitted (so the police reporter, the police case worker and the registrar
may see it), and the person it is about."""

from __future__ import annotations

from schakel.accounts import services as account_services
from schakel.accounts.models import Organisation
from schakel.accounts.roles import Role
from schakel.registry import services
from schakel.registry.models import PersonRecord
from tests.conftest import PASSWORD
from tests.registry.factories import report_input

REPORT_URLS = frozenset(
    {"registry:report_detail", "registry:report_edit", "registry:report_transition"}
)
PERSON_URLS = frozenset(
    {"registry:person_detail", "registry:person_link", "registry:person_unlink"}
)


def url_args(name: str, police_org: Organisation) -> list[object]:
    if name not in REPORT_URLS | PERSON_URLS:
        return []
    reporter = account_services.user_create(
        actor=None,
        organisation=police_org,
        roles=[Role.REPORTER],
        password=PASSWORD,
        username="table-reporter",
    )
    report = services.report_create(actor=reporter, data=report_input(), submit=True)
    if name in REPORT_URLS:
        return [report.pk]
    return [PersonRecord.objects.get(report=report).person_id]
