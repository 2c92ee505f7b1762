"""Linkage rows of tests/test_authorization_table.py (see its docstring).

Only the central registrar works the review queue (issue 10); every other role gets 403,
also for a pair that exists. An empty POST of a decision is bad input (400).
"""

from __future__ import annotations

from schakel.accounts.models import Organisation
from tests.linkage.url_fixtures import url_args
from tests.test_authorization_table import FORBIDDEN, LOGIN_REDIRECT, OK, expect

__all__ = ["ROWS", "other_org_args", "url_args"]

ROWS: dict[tuple[str, str], dict[str, int]] = {
    ("linkage:review_queue", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=OK
    ),
    ("linkage:review_pair", "get"): expect(FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=OK),
    ("linkage:report_matches", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=OK
    ),
    ("linkage:review_decide", "post"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=400
    ),
}


def other_org_args(name: str, other_org: Organisation) -> list[object] | None:
    """A review pair of two reports submitted by a reporter of `other_org` (generated IDOR
    check of tests/test_authorization_table.py; only the registrar may open it)."""
    if name.startswith("linkage:"):
        return url_args(name, other_org)
    return None
