"""Declarations the generated IDOR check of tests/test_authorization_table.py asks for.

Each `tests/<app>/authorization_rows.py` may define

    other_org_args(name: str, other_org: Organisation) -> list | NotOrganisationScoped | None

returning the URL arguments of an object that belongs to `other_org` (an organisation none
of the table's users is in), `NotOrganisationScoped(reason)` for a URL whose objects belong
to no organisation, or None for a URL that is not the module's. Every URL that takes an
object id must be answered by exactly one module, so a new endpoint is covered the day it is
added. `CROSS_ORGANISATION_ROLES` (url name -> roles) names roles that may legitimately reach
other organisations' objects there; the registrar always may.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NotOrganisationScoped:
    reason: str
