"""Programme declarations for tests/test_authorization_table.py: its rows are still in the
table itself; here the objects of another organisation for the generated IDOR check."""

from __future__ import annotations

from schakel.accounts.models import Organisation
from tests.authorization_hooks import NotOrganisationScoped
from tests.programme.fixtures import url_args

__all__ = ["ROWS", "other_org_args", "url_args"]

ROWS: dict[tuple[str, str], dict[str, int]] = {}

# Writing progress or values speaks for a ministry: only that ministry's organisation may.
MINISTRY_SCOPED = frozenset(
    {"programme:progress_create", "programme:indicator_value_create", "api:programme_progress"}
)


def other_org_args(
    name: str, other_org: Organisation
) -> list[object] | NotOrganisationScoped | None:
    if name in MINISTRY_SCOPED:
        # `other_org` speaks for the ministry (JenV) that owns the action and the indicator.
        return url_args(name, other_org)
    if name.startswith("programme:"):
        return NotOrganisationScoped(
            "the national action plan and its indicators are public programme information"
        )
    return None
