"""Shelter rows of tests/test_authorization_table.py (see its docstring)."""

from __future__ import annotations

from schakel.accounts.models import Organisation
from tests.shelter.url_fixtures import url_args
from tests.test_authorization_table import FORBIDDEN, LOGIN_REDIRECT, OK, expect

__all__ = ["ROWS", "other_org_args", "url_args"]

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
    # capacity: only shelter staff of the facility (the table has none: 403 by permission).
    ("shelter:capacity_change", "post"): expect(FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT),
    # figures (aggregates): the registrar, analysts and programme officers (and care
    # coordination, not in the table); the table's case worker is police: 403.
    **{
        (name, "get"): expect(
            FORBIDDEN,
            LOGIN_REDIRECT,
            LOGIN_REDIRECT,
            registrar=OK,
            analyst=OK,
            programme_officer=OK,
        )
        for name in (
            "shelter:discharges",
            "shelter:discharges_csv",
            "shelter:occupancy",
            "shelter:occupancy_csv",
            "shelter:under_occupancy",
            "shelter:under_occupancy_csv",
            "shelter:waiting",
            "shelter:waiting_csv",
        )
    },
    # care-coordination coverage: public-sector contacts for everyone who places victims or
    # reads figures; maintained by the registrar and care coordination (not in the table).
    ("shelter:coverage", "get"): expect(
        FORBIDDEN,
        LOGIN_REDIRECT,
        LOGIN_REDIRECT,
        case_worker=OK,
        registrar=OK,
        analyst=OK,
        programme_officer=OK,
    ),
    ("shelter:coverage_csv", "get"): expect(
        FORBIDDEN,
        LOGIN_REDIRECT,
        LOGIN_REDIRECT,
        case_worker=OK,
        registrar=OK,
        analyst=OK,
        programme_officer=OK,
    ),
    ("shelter:coverage_edit", "get"): expect(
        FORBIDDEN, LOGIN_REDIRECT, LOGIN_REDIRECT, registrar=OK
    ),
}


def other_org_args(name: str, other_org: Organisation) -> list[object] | None:
    """A facility of a shelter organisation none of the table's users belongs to, and a
    placement for a report submitted by a reporter of `other_org`."""
    if name.startswith("shelter:"):
        return url_args(name, other_org)
    return None
