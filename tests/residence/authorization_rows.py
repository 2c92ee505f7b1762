"""Residence declarations for tests/test_authorization_table.py: its rows are still in the
table itself; here the objects of another organisation for the generated IDOR check."""

from __future__ import annotations

from schakel.accounts.models import Organisation
from tests.residence.url_fixtures import url_args

__all__ = ["ROWS", "other_org_args", "url_args"]

ROWS: dict[tuple[str, str], dict[str, int]] = {}


def other_org_args(name: str, other_org: Organisation) -> list[object] | None:
    """A procedure followed by a case worker of `other_org`."""
    if name.startswith("residence:"):
        return url_args(name, other_org)
    return None
