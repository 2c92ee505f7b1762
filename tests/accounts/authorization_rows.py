"""Accounts declarations for tests/test_authorization_table.py: its rows are still in the
table itself; here the objects of another organisation for the generated IDOR check."""

from __future__ import annotations

from schakel.accounts import services
from schakel.accounts.models import Organisation
from schakel.accounts.roles import Role
from tests.conftest import PASSWORD

__all__ = ["CROSS_ORGANISATION_ROLES", "ROWS", "other_org_args"]

ROWS: dict[tuple[str, str], dict[str, int]] = {}

# System administrators manage the accounts of every organisation.
CROSS_ORGANISATION_ROLES = {"accounts:user_edit": {Role.SYSTEM_ADMIN.value}}


def other_org_args(name: str, other_org: Organisation) -> list[object] | None:
    if name != "accounts:user_edit":
        return None
    colleague_elsewhere = services.user_create(
        actor=None,
        organisation=other_org,
        roles=[Role.REPORTER],
        password=PASSWORD,
        username="elders-reporter",
    )
    return [colleague_elsewhere.pk]
