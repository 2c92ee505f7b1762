"""Identification declarations for tests/test_authorization_table.py: its rows are still in
the table itself; here the objects of another organisation for the generated IDOR check."""

from __future__ import annotations

from schakel.accounts.models import Organisation
from tests.authorization_hooks import NotOrganisationScoped
from tests.identification.url_fixtures import DRAFT_URLS, LIST_URLS, url_args

__all__ = ["ROWS", "other_org_args", "url_args"]

ROWS: dict[tuple[str, str], dict[str, int]] = {}


def other_org_args(
    name: str, other_org: Organisation
) -> list[object] | NotOrganisationScoped | None:
    """A report (and its assessment) of a reporter in `other_org`; lists are national."""
    if not name.startswith("identification:"):
        return None
    if name in LIST_URLS | DRAFT_URLS:
        return NotOrganisationScoped(
            "indicator lists are national reference data, the same for every organisation"
        )
    return url_args(name, other_org)
