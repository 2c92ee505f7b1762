"""URL arguments for identification's rows of tests/test_authorization_table.py: a report that
a police reporter submitted and assessed (so the police reporter and case worker and the
registrar may see it), a published list and a draft version of it."""

from __future__ import annotations

from datetime import date

from schakel.accounts import services as account_services
from schakel.accounts.models import Organisation
from schakel.accounts.roles import Role
from schakel.identification import services
from schakel.identification.models import IndicatorList, ListStatus
from schakel.registry import services as registry_services
from tests.conftest import PASSWORD
from tests.registry.factories import report_input

REPORT_URLS = frozenset(
    {
        "identification:report_assessments",
        "identification:assessment_create",
        "identification:mdt_create",
    }
)
DRAFT_URLS = frozenset({"identification:list_edit", "identification:list_publish"})
LIST_URLS = frozenset({"identification:list_detail", "identification:list_draft"})


def url_args(name: str, police_org: Organisation) -> list[object]:
    services.lists_load()  # idempotent; a transactional test may have flushed the migration's
    published = IndicatorList.objects.get(
        family="ilo-2009-adults-labour", status=ListStatus.PUBLISHED
    )
    if name in LIST_URLS:
        return [published.pk]
    if name in DRAFT_URLS:
        registrar = account_services.user_create(
            actor=None,
            organisation=police_org,
            roles=[Role.REGISTRAR],
            password=PASSWORD,
            username="table-list-editor",
        )
        return [services.list_draft_create(actor=registrar, based_on=published).pk]
    if name not in REPORT_URLS | {"identification:assessment_detail"}:
        return []
    reporter = account_services.user_create(
        actor=None,
        organisation=police_org,
        roles=[Role.REPORTER],
        password=PASSWORD,
        username="table-assessor",
    )
    report = registry_services.report_create(actor=reporter, data=report_input(), submit=True)
    if name in REPORT_URLS:
        return [report.pk]
    reporter.is_verified = lambda: True  # type: ignore[attr-defined]
    assessment = services.assessment_create(
        actor=reporter,
        report_id=report.pk,
        list_id=published.pk,
        observations=[],
        today=date(2026, 3, 10),
    )
    return [assessment.pk]
