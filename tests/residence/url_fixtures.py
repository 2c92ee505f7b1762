"""URL arguments for the residence rows of tests/test_authorization_table.py: a procedure in
its reflection period, followed by the police (the organisation of the table's case worker)."""

from __future__ import annotations

from schakel.accounts import services as account_services
from schakel.accounts.models import Organisation
from schakel.accounts.roles import Role
from schakel.residence.choices import ProcedureStatus
from tests.conftest import PASSWORD
from tests.residence.conftest import verified
from tests.residence.helpers import open_procedure

PROCEDURE_URLS = frozenset(
    {"residence:procedure_detail", "residence:procedure_step", "residence:procedure_correct"}
)
SHEET_URLS = frozenset({"residence:info_sheet", "residence:info_sheet_pdf"})


def url_args(name: str, police_org: Organisation) -> list[object]:
    if name not in PROCEDURE_URLS | SHEET_URLS:
        return []
    counter = iter(range(1, 100))

    def make_user(*roles: Role, organisation: Organisation) -> object:
        return account_services.user_create(
            actor=None,
            organisation=organisation,
            roles=roles,
            password=PASSWORD,
            username=f"table-residence-{next(counter)}",
        )

    worker = verified(make_user(Role.CASE_WORKER, organisation=police_org))
    procedure = open_procedure(make_user=make_user, actor=worker, status=ProcedureStatus.REFLECTION)
    return [procedure.pk, "nl"] if name in SHEET_URLS else [procedure.pk]
