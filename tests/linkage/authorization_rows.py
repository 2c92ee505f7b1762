"""Linkage rows of tests/test_authorization_table.py (see its docstring).

Only the central registrar works the review queue (issue 10); every other role gets 403,
also for a pair that exists. An empty POST of a decision is bad input (400).
"""

from __future__ import annotations

from tests.linkage.url_fixtures import url_args
from tests.test_authorization_table import FORBIDDEN, LOGIN_REDIRECT, OK, expect

__all__ = ["ROWS", "url_args"]

ROWS: dict[tuple[str, str], dict[str, int]] = {
    ("linkage:review_queue", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=OK
    ),
    ("linkage:review_pair", "get"): expect(FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=OK),
    ("linkage:review_decide", "post"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=400
    ),
}
