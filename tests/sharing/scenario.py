"""A disclosure scenario for tests: the police (holder) and a shelter (recipient) each reported
the same person (linked by the registrar); the default rules are published."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from schakel.accounts import services as account_services
from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import OrganisationKind, Role
from schakel.registry import services as registry_services
from schakel.registry.models import PersonRecord, Report
from schakel.sharing import services
from schakel.sharing.models import DisclosureRequest
from tests.conftest import PASSWORD
from tests.registry.factories import report_input

_serial = count(1)


def verified(user: User) -> User:
    """As if the user confirmed a second factor in this session (what the access layer asks)."""
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    return user


def user(organisation: Organisation, *roles: Role) -> User:
    return verified(
        account_services.user_create(
            actor=None,
            organisation=organisation,
            roles=roles,
            password=PASSWORD,
            username=f"sh{next(_serial)}-{roles[0].value}",
        )
    )


def organisation(name: str, kind: OrganisationKind) -> Organisation:
    found = Organisation.objects.filter(name=name).first()
    return found or account_services.organisation_create(actor=None, name=name, kind=kind)


@dataclass
class Scenario:
    police_org: Organisation
    shelter_org: Organisation
    registrar: User
    police_reporter: User
    officer: User
    shelter_worker: User
    police_report: Report
    shelter_report: Report
    person_id: int


def build(police_org: Organisation) -> Scenario:
    services.default_rules_ensure()
    shelter_org = organisation("Opvang Scenario", OrganisationKind.SHELTER)
    registrar_org = organisation("CoMensha Scenario", OrganisationKind.CENTRAL_REGISTRAR)
    registrar = user(registrar_org, Role.REGISTRAR)
    police_reporter = user(police_org, Role.REPORTER)
    officer = user(police_org, Role.PRIVACY_OFFICER)
    shelter_worker = user(shelter_org, Role.CASE_WORKER)
    police_report = registry_services.report_create(
        actor=police_reporter, data=report_input(), submit=True
    )
    shelter_report = registry_services.report_create(
        actor=shelter_worker, data=report_input(), submit=True
    )
    a = PersonRecord.objects.get(report=police_report)
    b = PersonRecord.objects.get(report=shelter_report)
    registry_services.persons_link_same(actor=registrar, record_a=a, record_b=b, reason="test")
    person_id = PersonRecord.objects.get(report=police_report).person_id
    return Scenario(
        police_org,
        shelter_org,
        registrar,
        police_reporter,
        officer,
        shelter_worker,
        police_report,
        shelter_report,
        person_id,
    )


def ask(s: Scenario, purpose: str = "care_and_shelter", **overrides: object) -> DisclosureRequest:
    data = {
        "kind": "report",
        "purpose": purpose,
        "report_number": s.police_report.number,
        "justification": "Plaatsing in de opvang voorbereiden.",
        **overrides,
    }
    return services.disclosure_request_create(
        actor=s.shelter_worker,
        data=services.RequestInput(**data),  # type: ignore[arg-type]
    )
