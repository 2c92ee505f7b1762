from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from schakel.accounts import services as account_services
from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import OrganisationKind, Role
from schakel.registry import services as registry_services
from schakel.registry.models import Report
from schakel.shelter import services
from schakel.shelter.choices import FacilityKind, Gender
from schakel.shelter.models import Facility, Place, Placement
from tests.registry.factories import report_input

NOW = datetime.fromisoformat("2026-03-02T09:00:00+01:00")


def verified(user: User) -> User:
    """As if the user confirmed a second factor in this session (what the access layer asks)."""
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    return user


@pytest.fixture
def registrar(make_user) -> User:
    return verified(make_user(Role.REGISTRAR))


@pytest.fixture
def staff(make_user, shelter_org: Organisation) -> User:
    return verified(make_user(Role.CASE_WORKER, organisation=shelter_org))


@pytest.fixture
def care_org(db: None) -> Organisation:
    return account_services.organisation_create(
        actor=None, name="Zorgcoördinatie Test", kind=OrganisationKind.CARE_COORDINATION
    )


@pytest.fixture
def coordinator(make_user, care_org: Organisation) -> User:
    return verified(make_user(Role.CASE_WORKER, organisation=care_org))


@pytest.fixture
def report(make_user) -> Report:
    reporter = make_user(Role.REPORTER)
    return registry_services.report_create(actor=reporter, data=report_input(), submit=True)


@pytest.fixture
def make_facility(shelter_org: Organisation) -> Callable[..., Facility]:
    def factory(**kwargs: object) -> Facility:
        kwargs.setdefault("organisation", shelter_org)
        kwargs.setdefault("name", f"Opvang {Facility.objects.count() + 1}")
        kwargs.setdefault("municipality", "Utrecht")
        kwargs.setdefault("kind", FacilityKind.COSM)
        return services.facility_create(actor=None, **kwargs)  # type: ignore[arg-type]

    return factory


@pytest.fixture
def make_place(make_facility) -> Callable[..., Place]:
    def factory(facility: Facility | None = None, **kwargs: object) -> Place:
        facility = facility or make_facility()
        kwargs.setdefault("label", f"P{Place.objects.count() + 1}")
        return services.place_create(actor=None, facility=facility, **kwargs)  # type: ignore[arg-type]

    return factory


@pytest.fixture
def make_placement(registrar: User, report: Report) -> Callable[..., Placement]:
    def factory(actor: User | None = None, **needs: object) -> Placement:
        needs.setdefault("gender", Gender.FEMALE)
        needs.setdefault("urgency", "immediate")
        return services.placement_request(
            actor=actor or registrar, report_number=report.number, needs=needs
        )

    return factory


def later(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)
