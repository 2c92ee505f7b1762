"""Shelter rows of tests/test_authorization_table.py (see its docstring)."""

from __future__ import annotations

from tests.shelter.url_fixtures import url_args
from tests.test_authorization_table import FORBIDDEN, LOGIN_REDIRECT, OK, expect

__all__ = ["ROWS", "url_args"]

ROWS: dict[tuple[str, str], dict[str, int]] = {
    # shelter (issue 6): case workers and the registrar request placements; availability is
    # for the registrar, care coordination and shelter staff (the table's case worker is
    # police: 403); only shelter staff update a facility. The test placement was requested by
    # the registrar (tests/shelter/url_fixtures), so the police case worker gets 404; an empty
    # POST is bad input.
    ("shelter:overview", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, case_worker=OK, registrar=OK
    ),
    ("shelter:availability", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=OK
    ),
    ("shelter:facility_update", "get"): expect(FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT),
    ("shelter:placement_create", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, case_worker=OK, registrar=OK
    ),
    ("shelter:placement_detail", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, case_worker=404, registrar=OK
    ),
    ("shelter:placement_transition", "post"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, case_worker=404, registrar=400
    ),
}
