"""URL arguments for the sharing rows of tests/test_authorization_table.py.

The table's reporter, case worker and privacy officer work for the police (tests/conftest), the
registrar for CoMensha. The scenario: a police report (the police hold it) asked for by a
shelter case worker, so the police privacy officer decides and the police case worker is of
another organisation (404 on the request)."""

from __future__ import annotations

from schakel.accounts.models import Organisation
from schakel.sharing import rights, services
from schakel.sharing.rights import ConsentInput
from tests.sharing.scenario import ask, build

REQUEST_URLS = frozenset(
    {
        "sharing:request_detail",
        "sharing:request_decide",
        "api:sharing_request_detail",
    }
)
PERSON_URLS = frozenset(
    {
        "sharing:person_rights",
        "sharing:consent_create",
        "sharing:restriction_set",
        "sharing:rectify",
        "sharing:export_json",
        "sharing:export_pdf",
        "api:sharing_person_export",
    }
)


def url_args(name: str, police_org: Organisation) -> list[object]:
    services.default_rules_ensure()
    if name in REQUEST_URLS:
        scenario = build(police_org)
        return [ask(scenario).pk]
    if name in PERSON_URLS:
        return [build(police_org).person_id]
    if name == "sharing:consent_withdraw":
        s = build(police_org)
        from datetime import date

        consent = rights.consent_record(
            actor=s.registrar,
            person_id=s.person_id,
            data=ConsentInput(
                categories=("health",),
                recipient_domains=("care_shelter",),
                purposes=("care_and_shelter",),
                given_on=date(2026, 3, 3),
                recorded_how="written",
                signed_by="person",
            ),
        )
        return [s.person_id, consent.pk]
    if name == "sharing:restriction_lift":
        s = build(police_org)
        restriction = rights.restriction_set(
            actor=s.registrar, person_id=s.person_id, reason="test"
        )
        return [s.person_id, restriction.pk]
    return []
