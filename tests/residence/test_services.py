"""Opening, steps and corrections: audited, and bad input refused naming the field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from schakel.accounts.roles import Role
from schakel.core.errors import NotAllowed, ValidationFailed
from schakel.core.models import AuditEvent
from schakel.residence import services
from schakel.residence.choices import ProcedureStatus as S
from schakel.residence.models import ProcedureEvent, ResidenceRules
from tests.residence.conftest import verified
from tests.residence.helpers import STARTED, TODAY, open_procedure, walk

pytestmark = pytest.mark.django_db


def _events(kind: str = "") -> list[AuditEvent]:
    events = AuditEvent.objects.filter(object_type="residence.procedure")
    return list(events.filter(action=kind) if kind else events)


def test_open_records_the_rules_in_force_and_audits(make_procedure) -> None:
    procedure = make_procedure()
    assert procedure.status == S.IDENTIFIED
    assert procedure.rules.reflection_period_months == 3
    assert procedure.victim_name
    assert procedure.report_number.startswith("MH-")
    created = _events("create")
    assert [e.object_id for e in created] == [str(procedure.pk)]
    assert created[0].purpose == "immigration"
    assert procedure.events.get().to_status == S.IDENTIFIED
    # the report was read through the registry's audited selector
    assert AuditEvent.objects.filter(object_type="registry.report", action="read").exists()


def test_a_newer_rules_version_applies_only_to_procedures_started_after_it(
    make_procedure,
) -> None:
    ResidenceRules.objects.create(
        valid_from=date(2025, 6, 1),
        reflection_period_months=2,
        permit_validity_months=12,
        reflection_warning_days=[14, 7, 1],
        permit_warning_days=[30],
        source="test",
    )
    old = make_procedure(status=S.REFLECTION, started_on=date(2025, 5, 31))
    new = make_procedure(status=S.REFLECTION, started_on=date(2025, 6, 1))
    assert (old.reflection_started_on, old.reflection_ends_on) == (
        date(2025, 6, 3),
        date(2025, 9, 3),
    )
    assert (new.reflection_started_on, new.reflection_ends_on) == (
        date(2025, 6, 4),
        date(2025, 8, 4),
    )


def test_a_second_procedure_while_one_runs_is_refused(make_procedure, case_worker) -> None:
    procedure = make_procedure(status=S.REFLECTION)
    with pytest.raises(ValidationFailed, match="tweede bedenktijd") as refused:
        services.procedure_open(
            actor=case_worker,
            report_number=procedure.report_number,
            started_on=STARTED,
            today=TODAY,
        )
    assert refused.value.field == "report_number"
    with pytest.raises(ValidationFailed, match="al een bedenktijd") as again:
        services.procedure_transition(
            actor=case_worker,
            procedure=procedure,
            to_status=S.REFLECTION,
            on=TODAY,
            today=TODAY,
            values={"offered_by": "x"},
        )
    assert again.value.field == "to_status"


def test_a_permit_before_a_report_is_refused_with_the_reason(make_procedure, case_worker) -> None:
    procedure = make_procedure(status=S.REFLECTION)
    with pytest.raises(ValidationFailed, match="pas worden aangevraagd na aangifte"):
        services.procedure_transition(
            actor=case_worker,
            procedure=procedure,
            to_status=S.PERMIT_APPLIED,
            on=TODAY,
            today=TODAY,
        )
    procedure.refresh_from_db()
    assert procedure.status == S.REFLECTION


@pytest.mark.parametrize(
    ("on", "field", "message"),
    [
        (STARTED - timedelta(days=1), "on", "voor het begin van de procedure"),
        (TODAY + timedelta(days=1), "on", "in de toekomst"),
    ],
)
def test_dates_before_the_start_or_in_the_future_are_refused(
    make_procedure, case_worker, on, field, message
) -> None:
    procedure = make_procedure()
    with pytest.raises(ValidationFailed, match=message) as refused:
        services.procedure_transition(
            actor=case_worker,
            procedure=procedure,
            to_status=S.REFLECTION,
            on=on,
            today=TODAY,
            values={"offered_by": "Agent"},
        )
    assert refused.value.field == field


def test_step_inputs_are_checked_naming_the_field(make_procedure, case_worker) -> None:
    procedure = make_procedure()
    cases = [
        (S.NOT_OFFERED, {}, "not_offered_reason"),
        (S.NOT_OFFERED, {"not_offered_reason": "other"}, "not_offered_note"),
        (S.NOT_OFFERED, {"not_offered_reason": "bogus"}, "not_offered_reason"),
        (S.REFLECTION, {}, "offered_by"),
        (
            S.REFLECTION,
            {"offered_by": "A", "reflection_ends_on": date(2024, 6, 1)},
            "reflection_ends_on",
        ),  # longer than 3 months after 13 January 2024
        (S.REFLECTION, {"offered_by": "A", "offered_on": date(2024, 1, 5)}, "offered_on"),
    ]
    for target, values, field in cases:
        with pytest.raises(ValidationFailed) as refused:
            services.procedure_transition(
                actor=case_worker,
                procedure=procedure,
                to_status=target,
                on=date(2024, 1, 13),
                values=values,
                today=TODAY,
            )
        assert refused.value.field == field, (target, values)
    # a date before the previous step
    moved = walk(procedure, actor=case_worker, path=[S.OFFER_DECLINED])
    with pytest.raises(ValidationFailed, match="vorige stap") as refused:
        services.procedure_transition(
            actor=case_worker,
            procedure=moved,
            to_status=S.COOPERATING,
            on=date(2024, 1, 11),
            values={"cooperation_kind": "report"},
            today=TODAY,
        )
    assert refused.value.field == "on"


def test_ind_records_its_decisions_only_once_a_permit_was_applied_for(
    make_procedure, case_worker, ind_worker
) -> None:
    procedure = make_procedure(status=S.COOPERATING)
    with pytest.raises(NotAllowed):
        services.procedure_transition(
            actor=ind_worker, procedure=procedure, to_status=S.PERMIT_APPLIED, on=TODAY, today=TODAY
        )
    applied = walk(procedure, actor=case_worker, path=[S.PERMIT_APPLIED])
    granted = services.procedure_transition(
        actor=ind_worker,
        procedure=applied,
        to_status=S.PERMIT_GRANTED,
        on=date(2024, 2, 29),
        ind_reference="IND-2024-0042",
        today=TODAY,
    )
    assert granted.permit_valid_until == date(2025, 2, 28)  # a year after a leap day
    assert granted.ind_reference == "IND-2024-0042"
    assert granted.events.last().ind_reference == "IND-2024-0042"
    renewed = services.procedure_transition(
        actor=case_worker,
        procedure=granted,
        to_status=S.PERMIT_GRANTED,
        on=date(2025, 2, 1),
        values={"permit_valid_until": date(2026, 2, 28)},
        today=TODAY,
    )
    assert (renewed.permit_renewals, renewed.permit_valid_until) == (1, date(2026, 2, 28))
    assert renewed.events.last().previous["permit_valid_until"] == "2025-02-28"
    with pytest.raises(ValidationFailed, match="later eindigen") as shorter:
        services.procedure_transition(
            actor=case_worker,
            procedure=renewed,
            to_status=S.PERMIT_GRANTED,
            on=date(2025, 3, 1),
            values={"permit_valid_until": date(2025, 12, 1)},
            today=TODAY,
        )
    assert shorter.value.field == "permit_valid_until"
    with pytest.raises(ValidationFailed) as not_ind:
        services.procedure_transition(
            actor=case_worker,
            procedure=renewed,
            to_status=S.CONTINUED_APPLIED,
            on=date(2025, 3, 1),
            ind_reference="IND-1",
            today=TODAY,
        )
    assert not_ind.value.field == "ind_reference"


def test_others_may_not_open_or_step(
    make_user, make_procedure, case_worker, registrar, shelter_org
) -> None:
    procedure = make_procedure()
    reporter = verified(make_user(Role.REPORTER))
    other = verified(make_user(Role.CASE_WORKER, organisation=shelter_org))
    with pytest.raises(NotAllowed):
        services.procedure_open(
            actor=reporter, report_number=procedure.report_number, started_on=STARTED, today=TODAY
        )
    for actor in (reporter, other, registrar):
        with pytest.raises(NotAllowed):
            services.procedure_transition(
                actor=actor,
                procedure=procedure,
                to_status=S.OFFER_DECLINED,
                on=TODAY,
                values={"offered_by": "x"},
                today=TODAY,
            )
    assert (
        AuditEvent.objects.filter(action="denied", object_type="residence.procedure").count() >= 4
    )
    # a case worker of another organisation cannot open a procedure for a report it cannot see
    with pytest.raises(ValidationFailed, match="Geen melding met dit nummer"):
        services.procedure_open(
            actor=other, report_number=procedure.report_number, started_on=STARTED, today=TODAY
        )


def test_registrar_opens_for_a_following_organisation(
    make_user, registrar, shelter_org, case_worker
) -> None:
    with pytest.raises(ValidationFailed) as missing:
        open_procedure(make_user=make_user, actor=registrar)
    assert missing.value.field == "following_organisation"
    from schakel.registry import services as registry_services
    from tests.registry.factories import report_input

    report = registry_services.report_create(actor=case_worker, data=report_input(), submit=True)
    procedure = services.procedure_open(
        actor=registrar,
        report_number=report.number,
        started_on=date(2026, 3, 3),
        following_organisation=shelter_org,
        today=date(2026, 3, 4),
    )
    assert procedure.following_organisation == shelter_org
    assert procedure.case_worker is None


def test_correcting_a_past_decision_needs_a_reason_and_keeps_the_old_value(
    make_procedure, case_worker
) -> None:
    procedure = make_procedure(status=S.NOT_OFFERED)
    with pytest.raises(ValidationFailed) as no_reason:
        services.procedure_correct(
            actor=case_worker,
            procedure=procedure,
            field="not_offered_reason",
            value="overlooked",
            reason=" ",
            today=TODAY,
        )
    assert no_reason.value.field == "reason"
    with pytest.raises(ValidationFailed) as not_yet:
        services.procedure_correct(
            actor=case_worker,
            procedure=procedure,
            field="offered_on",
            value=TODAY,
            reason="x",
            today=TODAY,
        )
    assert not_yet.value.field == "field"
    with pytest.raises(ValidationFailed) as bad_choice:
        services.procedure_correct(
            actor=case_worker,
            procedure=procedure,
            field="not_offered_reason",
            value="nonsense",
            reason="x",
            today=TODAY,
        )
    assert bad_choice.value.field == "not_offered_reason"
    corrected = services.procedure_correct(
        actor=case_worker,
        procedure=procedure,
        field="not_offered_reason",
        value="overlooked",
        reason="Navraag bij de politie: niet aan gedacht",
        today=TODAY,
    )
    assert corrected.not_offered_reason == "overlooked"
    event = ProcedureEvent.objects.filter(procedure=procedure, kind="correction").get()
    assert event.previous == {"not_offered_reason": "unreachable"}
    assert event.values == {"not_offered_reason": "overlooked"}
    assert event.reason.startswith("Navraag")
    update = _events("update")[0]
    assert update.details == {
        "field": "not_offered_reason",
        "reason": "Navraag bij de politie: niet aan gedacht",
    }
    reflection = make_procedure(status=S.REFLECTION)
    with pytest.raises(ValidationFailed, match="begin van de procedure") as early:
        services.procedure_correct(
            actor=case_worker,
            procedure=reflection,
            field="reflection_started_on",
            value=date(2023, 12, 1),
            reason="typo",
            today=TODAY,
        )
    assert early.value.field == "value"
