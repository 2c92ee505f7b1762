"""Sharing rows of tests/test_authorization_table.py (see its docstring and url_fixtures).

The matrix is public to every signed-in user. Case workers ask; the table's case worker is of
the police, not of the asking shelter, so the request is 404 for them; the police privacy
officer (the holder's) and the registrar see it. Empty POSTs are bad input (400). The person's
rights are the registrar's; the pseudonymised analysis the analyst's.
"""

from __future__ import annotations

from schakel.accounts.models import Organisation
from tests.sharing.url_fixtures import url_args
from tests.test_authorization_table import FORBIDDEN, LOGIN_REDIRECT, OK, expect

__all__ = ["ROWS", "other_org_args", "url_args"]

NOT_FOUND, BAD = 404, 400
WEB = (FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT)
API = (FORBIDDEN, FORBIDDEN, FORBIDDEN)

ROWS: dict[tuple[str, str], dict[str, int]] = {
    ("sharing:matrix", "get"): expect(OK, LOGIN_REDIRECT, LOGIN_REDIRECT),
    ("sharing:request_list", "get"): expect(*WEB, case_worker=OK, privacy_officer=OK, registrar=OK),
    ("sharing:request_create", "get"): expect(*WEB, case_worker=OK),
    ("sharing:request_detail", "get"): expect(
        *WEB, case_worker=NOT_FOUND, privacy_officer=OK, registrar=OK
    ),
    ("sharing:request_decide", "post"): expect(*WEB, privacy_officer=BAD),
    ("sharing:log", "get"): expect(*WEB, privacy_officer=OK, registrar=OK),
    ("sharing:person_rights", "get"): expect(*WEB, registrar=OK),
    ("sharing:consent_create", "post"): expect(*WEB, registrar=BAD),
    ("sharing:consent_withdraw", "post"): expect(*WEB, registrar=BAD),
    ("sharing:restriction_set", "post"): expect(*WEB, registrar=BAD),
    ("sharing:restriction_lift", "post"): expect(*WEB, registrar=BAD),
    ("sharing:rectify", "post"): expect(*WEB, registrar=BAD),
    ("sharing:export_json", "get"): expect(*WEB, registrar=OK),
    ("sharing:export_pdf", "get"): expect(*WEB, registrar=OK),
    ("sharing:analysis", "get"): expect(*WEB, analyst=OK),
    ("api:sharing_rules", "get"): expect(OK, FORBIDDEN, FORBIDDEN),
    ("api:sharing_requests", "get"): expect(*API, case_worker=OK, privacy_officer=OK, registrar=OK),
    ("api:sharing_requests", "post"): expect(*API, case_worker=BAD),
    ("api:sharing_request_detail", "get"): expect(
        *API, case_worker=NOT_FOUND, privacy_officer=OK, registrar=OK
    ),
    ("api:sharing_analysis", "get"): expect(*API, analyst=OK),
    ("api:sharing_person_export", "get"): expect(*API, registrar=OK),
}


def other_org_args(name: str, other_org: Organisation) -> list[object] | None:
    """Requests about a report held by `other_org` (asked by a shelter), and persons reported
    by it: none of the table's users (police) may reach them but the registrar."""
    if name.startswith(("sharing:", "api:sharing_")):
        return url_args(name, other_org)
    return None
