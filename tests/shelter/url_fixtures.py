"""URL arguments for the shelter rows of tests/test_authorization_table.py: a facility with one
place run by a shelter organisation, and a placement requested by a registrar for a report
submitted by the police (the organisation of the table's reporter and case worker)."""

from __future__ import annotations

from schakel.accounts import services as account_services
from schakel.accounts.models import Organisation
from schakel.accounts.roles import OrganisationKind, Role
from schakel.registry import services as registry_services
from schakel.shelter import services
from tests.conftest import PASSWORD
from tests.registry.factories import report_input
from tests.shelter.conftest import verified

FACILITY_URLS = frozenset({"shelter:facility_update", "shelter:capacity_change"})
PLACEMENT_URLS = frozenset({"shelter:placement_detail", "shelter:placement_transition"})


def url_args(name: str, police_org: Organisation) -> list[object]:
    if name not in FACILITY_URLS | PLACEMENT_URLS:
        return []
    shelter_org = account_services.organisation_create(
        actor=None, name="Opvang Tabel", kind=OrganisationKind.SHELTER
    )
    facility = services.facility_create(
        actor=None,
        organisation=shelter_org,
        name="Opvang Tabel",
        municipality="Utrecht",
        kind="cosm",
    )
    services.place_create(actor=None, facility=facility, label="A")
    if name in FACILITY_URLS:
        return [facility.pk]
    registrar_org = Organisation.objects.filter(kind=OrganisationKind.CENTRAL_REGISTRAR).first()
    registrar = verified(
        account_services.user_create(
            actor=None,
            organisation=registrar_org,
            roles=[Role.REGISTRAR],
            password=PASSWORD,
            username="ovt-r1",
        )
    )
    reporter = account_services.user_create(
        actor=None,
        organisation=police_org,
        roles=[Role.REPORTER],
        password=PASSWORD,
        username="ovt-m1",
    )
    report = registry_services.report_create(actor=reporter, data=report_input(), submit=True)
    placement = services.placement_request(
        actor=registrar,
        report_number=report.number,
        needs={"gender": "female", "urgency": "immediate"},
    )
    return [placement.pk]
