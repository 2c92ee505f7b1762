"""Services of the programme monitor: who may write, what is refused, what is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from schakel.accounts import services as account_services
from schakel.accounts.roles import OrganisationKind, Role
from schakel.core.errors import NotAllowed, ValidationFailed
from schakel.core.models import AuditAction, AuditEvent, AuditOutcome
from schakel.programme import services
from schakel.programme.models import Indicator, IndicatorKind, MinistryOrganisation
from schakel.programme.services import InvalidInput, ministries_ensure
from schakel.programme.workflow import ProgressStatus
from tests.programme.fixtures import link, make_action, make_plan

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2021, 1, 1)


@pytest.fixture
def officer(make_user, police_org):
    link("JenV", police_org)
    return make_user(Role.PROGRAMME_OFFICER)


def _events(action: AuditAction, object_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_type=object_type))


def test_officer_of_an_initiating_ministry_records_progress(officer) -> None:
    action = make_action(make_plan())
    update = services.progress_update_record(
        action=action,
        reported_on=D(2020, 3, 1),
        status=ProgressStatus.ON_TRACK,
        text="Gestart.",
        actor=officer,
        today=TODAY,
    )
    delay = services.progress_update_record(
        action=action,
        reported_on=D(2020, 5, 1),
        status=ProgressStatus.DELAYED,
        new_end_date=D(2020, 9, 1),
        text="Later klaar.",
        actor=officer,
        today=TODAY,
    )
    action.refresh_from_db()
    assert (action.status, action.due_date, action.end_date) == (
        ProgressStatus.DELAYED,
        D(2020, 9, 1),
        D(2020, 6, 1),
    )
    assert (delay.previous_status, delay.previous_due_date) == (
        ProgressStatus.ON_TRACK,
        D(2020, 6, 1),
    )
    assert update.author == officer
    assert update.author_name == "Test Gebruiker"
    events = _events(AuditAction.TRANSITION, "programme.action")
    assert [(e.details["from"], e.details["to"], e.actor_id) for e in events] == [
        ("on_track", "delayed", officer.pk),
        ("not_started", "on_track", officer.pk),
    ]


def test_officer_of_another_ministry_is_refused_and_it_is_audited(officer) -> None:
    action = make_action(make_plan(), codes=("VWS",))
    with pytest.raises(NotAllowed):
        services.progress_update_record(
            action=action,
            reported_on=D(2020, 3, 1),
            status=ProgressStatus.ON_TRACK,
            text="x",
            actor=officer,
            today=TODAY,
        )
    denied = AuditEvent.objects.get(outcome=AuditOutcome.DENIED)
    assert denied.object_type == "programme.action"
    assert denied.actor_id == officer.pk
    assert action.updates.count() == 0


def test_actions_of_all_ministries_are_open_to_every_linked_officer(officer) -> None:
    action = make_action(make_plan(), codes=("ALLE",))
    services.progress_update_record(
        action=action,
        reported_on=D(2020, 3, 1),
        status=ProgressStatus.ON_TRACK,
        text="x",
        actor=officer,
        today=TODAY,
    )
    assert action.updates.count() == 1


def test_analyst_and_unlinked_officer_may_not_report(make_user, shelter_org) -> None:
    action = make_action(make_plan())
    for user in (
        make_user(Role.ANALYST),
        make_user(Role.PROGRAMME_OFFICER, organisation=shelter_org),
    ):
        with pytest.raises(NotAllowed):
            services.progress_update_record(
                action=action,
                reported_on=D(2020, 3, 1),
                status=ProgressStatus.ON_TRACK,
                text="x",
                actor=user,
                today=TODAY,
            )


@pytest.mark.parametrize(
    ("status", "on", "new", "field", "reason"),
    [
        (ProgressStatus.COMPLETED, D(2019, 6, 1), None, "reported_on", "voordat zij begon"),
        (ProgressStatus.DELAYED, D(2020, 3, 1), None, "new_end_date", "nieuwe einddatum nodig"),
        (ProgressStatus.DELAYED, D(2020, 3, 1), D(2020, 5, 1), "new_end_date", "later"),
        (ProgressStatus.ONGOING, D(2020, 3, 1), None, "status", "Doorlopend"),
    ],
)
def test_contradicting_updates_are_refused_with_the_reason(  # noqa: PLR0917 -- parameters
    officer, status, on, new, field, reason
) -> None:
    action = make_action(make_plan())
    with pytest.raises(InvalidInput) as refused:
        services.progress_update_record(
            action=action,
            reported_on=on,
            status=status,
            new_end_date=new,
            text="x",
            actor=officer,
            today=TODAY,
        )
    assert refused.value.field == field
    assert reason in str(refused.value.message)
    assert action.updates.count() == 0
    assert not _events(AuditAction.TRANSITION, "programme.action")


def test_indicator_values_are_recorded_corrected_and_audited(officer) -> None:
    indicator = Indicator.objects.create(
        slug="om",
        name="OM",
        unit="verdachten",
        kind=IndicatorKind.COUNT,
        ministry=ministries_ensure()["JenV"],
    )
    services.indicator_value_record(
        indicator=indicator,
        year=2020,
        kind="actual",
        value=Decimal(120),
        as_of=D(2020, 9, 30),
        actor=officer,
    )
    value = services.indicator_value_record(
        indicator=indicator,
        year=2020,
        kind="actual",
        value=Decimal(124),
        as_of=D(2020, 9, 30),
        actor=officer,
    )
    assert indicator.values.get() == value
    assert value.value == 124
    events = _events(AuditAction.CREATE, "programme.indicatorvalue") + _events(
        AuditAction.UPDATE, "programme.indicatorvalue"
    )
    assert [(e.action, e.details["before"], e.details["after"]) for e in events] == [
        ("create", None, "120"),
        ("update", "120.00", "124"),
    ]
    with pytest.raises(InvalidInput) as refused:
        services.indicator_value_record(
            indicator=indicator,
            year=2020,
            kind="target",
            value=Decimal(190),
            as_of=D(2021, 1, 1),
            actor=officer,
        )
    assert {f for f, _m in refused.value.errors} == {"as_of"}


def test_ministry_links_only_ministries_and_is_audited(make_user) -> None:
    admin = make_user(Role.SYSTEM_ADMIN)
    ministry_org = account_services.organisation_create(
        actor=None, name="Ministerie Test", kind=OrganisationKind.MINISTRY
    )
    jenv = ministries_ensure()["JenV"]
    linked = services.ministry_link(ministry=jenv, organisation=ministry_org, actor=admin)
    assert (
        services.ministry_link(ministry=jenv, organisation=ministry_org, actor=admin) == linked
    )  # idempotent
    assert len(_events(AuditAction.CREATE, "programme.ministryorganisation")) == 1
    with pytest.raises(ValidationFailed):
        services.ministry_link(ministry=jenv, organisation=admin.organisation, actor=admin)
    with pytest.raises(NotAllowed):
        services.ministry_link(
            ministry=jenv, organisation=ministry_org, actor=make_user(Role.PROGRAMME_OFFICER)
        )
    services.ministry_unlink(link=linked, actor=admin)
    assert not MinistryOrganisation.objects.exists()
    assert len(_events(AuditAction.DELETE, "programme.ministryorganisation")) == 1
