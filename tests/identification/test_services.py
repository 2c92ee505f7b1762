"""Services and selectors of identification: loading, versioning, assessing, MDT, and the
decision check; every write asserts its audit events, every refusal names the field."""

from __future__ import annotations

from datetime import date

import pytest

from schakel.accounts.roles import Role
from schakel.core.errors import InvalidInput, NotAllowed, NotFound, ValidationFailed
from schakel.core.models import AuditAction, AuditEvent
from schakel.identification import selectors, services
from schakel.identification.models import Assessment, IndicatorList, ListStatus
from schakel.registry import services as registry_services
from schakel.registry.choices import DatePrecision, ReportStatus
from tests.identification.conftest import ids
from tests.registry.factories import person_input

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)
STRONG_CASE = ("dr_job", "dr_wages", "ex_hours", "ex_pay", "cd_documents", "cd_debt")


def verified(user):
    user.is_verified = lambda: True
    return user


def _events(action: AuditAction, object_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_type=object_type))


def test_shipped_lists_are_loaded_and_loading_again_adds_nothing() -> None:
    services.lists_load()  # present from the data migration unless a flush removed them
    families = set(IndicatorList.objects.values_list("family", flat=True))
    assert families == {
        "ilo-2009-adults-labour",
        "ilo-2009-adults-sexual",
        "ilo-2009-children-labour",
        "ilo-2009-children-sexual",
        "nl-criminal-exploitation",
    }
    in_force = IndicatorList.objects.get(
        family="ilo-2009-adults-labour", status=ListStatus.PUBLISHED
    )
    assert (in_force.version, in_force.elements.count()) == (2, 6)
    # version 1 (written from memory) is kept, superseded by the checked transcription
    assert IndicatorList.objects.get(family="ilo-2009-adults-labour", version=1).status == (
        ListStatus.SUPERSEDED
    )
    criminal = IndicatorList.objects.get(
        family="nl-criminal-exploitation", status=ListStatus.PUBLISHED
    )
    assert criminal.version == 2
    assert {"medium": 2, "weak": 1} in criminal.criteria["element_present_if"]
    result = services.lists_load()
    assert result.created == []
    assert len(result.skipped) == 10


def test_assessment_of_a_report_is_evaluated_stored_and_audited(
    reporter, make_report, adult_labour
) -> None:
    report = make_report()
    actor = verified(reporter)
    assessment = services.assessment_create(
        actor=actor,
        report_id=report.pk,
        list_id=adult_labour.pk,
        observations=[(pk, "gezien bij intake") for pk in ids(adult_labour, *STRONG_CASE)],
        today=TODAY,
    )
    # Born 1999, exploitation from June 2025: an adult, so only the adult rule.
    assert assessment.minor is False
    assert assessment.conclusion_adult == "indicated"
    assert assessment.conclusion_child == ""
    assert assessment.observations.count() == 6
    assert assessment.observations.first().note == "gezien bij intake"
    (event,) = _events(AuditAction.CREATE, "identification.assessment")
    assert event.object_id == str(assessment.pk)
    assert event.details["conclusions"] == {"adult": "indicated"}
    assert event.subject_person_id == str(report.person.person_id)
    # Reading it back is audited too.
    selectors.assessment_get_for(actor=actor, pk=assessment.pk)
    assert _events(AuditAction.READ, "identification.assessment")


def test_age_unknown_keeps_both_outcomes(reporter, make_report, adult_labour) -> None:
    report = make_report(
        person=person_input(
            birth_date=None, birth_year=None, birth_date_precision=DatePrecision.UNKNOWN
        )
    )
    assessment = services.assessment_create(
        actor=verified(reporter),
        report_id=report.pk,
        list_id=adult_labour.pk,
        observations=[
            (pk, "") for pk in ids(adult_labour, "dr_job", "dr_wages", "ex_hours", "ex_pay")
        ],
        today=TODAY,
    )
    assert assessment.minor is None
    assert (assessment.conclusion_adult, assessment.conclusion_child) == ("partial", "indicated")
    outcomes = selectors.outcomes_of(assessment)
    assert [o.age_rule for o in outcomes] == ["adult", "child"]
    assert "Misleidende werving" in outcomes[1].carried_by


def test_indicator_of_another_version_and_unknown_id_are_refused(
    registrar, reporter, make_report, adult_labour
) -> None:
    report = make_report()
    draft = services.list_draft_create(actor=verified(registrar), based_on=adult_labour)
    other_version = draft.indicators.get(code="dr_job").pk
    with pytest.raises(InvalidInput) as refused:
        services.assessment_create(
            actor=verified(reporter),
            report_id=report.pk,
            list_id=adult_labour.pk,
            observations=[(other_version, ""), (999999, ""), ("x", "")],
            today=TODAY,
        )
    messages = [m for _f, m in refused.value.errors]
    assert refused.value.field == "indicators"
    assert any("andere lijstversie" in m for m in messages)
    assert sum("Onbekende indicator" in m for m in messages) == 2
    assert not Assessment.objects.exists()


def test_assessment_on_a_withdrawn_report_is_refused(reporter, make_report, adult_labour) -> None:
    report = make_report()
    registry_services.report_transition(
        actor=verified(reporter), report=report, to_status=ReportStatus.WITHDRAWN, reason="dubbel"
    )
    with pytest.raises(ValidationFailed) as refused:
        services.assessment_create(
            actor=verified(reporter),
            report_id=report.pk,
            list_id=adult_labour.pk,
            observations=[],
            today=TODAY,
        )
    assert refused.value.field == "report"
    assert "ingetrokken" in str(refused.value.message)
    assert _events(AuditAction.DENIED, "identification.assessment")


def test_other_organisations_cannot_assess_or_see(
    make_user, shelter_org, make_report, adult_labour, reporter
) -> None:
    report = make_report()
    outsider = verified(make_user(Role.REPORTER, organisation=shelter_org))
    with pytest.raises(NotFound):
        services.assessment_create(
            actor=outsider,
            report_id=report.pk,
            list_id=adult_labour.pk,
            observations=[],
            today=TODAY,
        )
    assessment = services.assessment_create(
        actor=verified(reporter),
        report_id=report.pk,
        list_id=adult_labour.pk,
        observations=[],
        today=TODAY,
    )
    with pytest.raises(NotFound):
        selectors.assessment_get_for(actor=outsider, pk=assessment.pk)
    analyst = verified(make_user(Role.ANALYST))
    with pytest.raises(NotAllowed):
        services.assessment_create(
            actor=analyst,
            report_id=report.pk,
            list_id=adult_labour.pk,
            observations=[],
            today=TODAY,
        )


def test_draft_publish_supersede_and_diff(registrar, adult_labour) -> None:
    actor = verified(registrar)
    draft = services.list_draft_create(actor=actor, based_on=adult_labour)
    assert (draft.version, draft.status) == (adult_labour.version + 1, ListStatus.DRAFT)
    with pytest.raises(ValidationFailed):
        services.list_draft_create(actor=actor, based_on=adult_labour)  # one draft at a time
    services.indicator_save(
        actor=actor,
        draft=draft,
        element_code="exploitation",
        code="ex_no_breaks",
        strength="medium",
        text_nl="Geen pauzes",
        text_en="No breaks",
    )
    services.indicator_save(
        actor=actor,
        draft=draft,
        element_code="exploitation",
        code="ex_pay",
        strength="strong",
        text_nl="Geen loon",
        text_en="No pay",
    )
    services.indicator_remove(actor=actor, draft=draft, code="dr_education")
    services.list_publish(actor=actor, draft=draft)
    adult_labour.refresh_from_db()
    assert adult_labour.status == ListStatus.SUPERSEDED
    assert IndicatorList.objects.get(pk=draft.pk).status == ListStatus.PUBLISHED
    diff = selectors.list_diff(actor=actor, old_pk=adult_labour.pk, new_pk=draft.pk)
    assert {(c.kind, c.code) for c in diff.changes} == {
        ("added", "ex_no_breaks"),
        ("strength", "ex_pay"),
        ("text", "ex_pay"),
        ("removed", "dr_education"),
    }
    assert len(_events(AuditAction.CREATE, "identification.indicatorlist")) == 2
    assert len(_events(AuditAction.UPDATE, "identification.indicatorlist")) == 1
    assert len(_events(AuditAction.DELETE, "identification.indicatorlist")) == 1
    assert len(_events(AuditAction.TRANSITION, "identification.indicatorlist")) == 1
    with pytest.raises(ValidationFailed):  # published versions never change
        services.indicator_remove(actor=actor, draft=draft, code="ex_pay")


def test_an_assessment_keeps_its_version_after_a_new_one_is_published(
    registrar, reporter, make_report, adult_labour
) -> None:
    report = make_report()
    assessment = services.assessment_create(
        actor=verified(reporter),
        report_id=report.pk,
        list_id=adult_labour.pk,
        observations=[(pk, "") for pk in ids(adult_labour, *STRONG_CASE)],
        today=TODAY,
    )
    draft = services.list_draft_create(actor=verified(registrar), based_on=adult_labour)
    services.list_publish(actor=verified(registrar), draft=draft)
    assessment.refresh_from_db()
    assert assessment.indicator_list_id == adult_labour.pk
    assert assessment.conclusion_adult == "indicated"
    with pytest.raises(ValidationFailed) as refused:  # a superseded version takes no new ones
        services.assessment_create(
            actor=verified(reporter),
            report_id=report.pk,
            list_id=adult_labour.pk,
            observations=[],
            today=TODAY,
        )
    assert refused.value.field == "list"


def test_publishing_an_empty_element_or_an_unknown_rule_element_is_refused(
    registrar, adult_labour
) -> None:
    actor = verified(registrar)
    draft = services.list_draft_create(actor=actor, based_on=adult_labour)
    for indicator in draft.indicators.filter(element__code="vulnerability_destination"):
        services.indicator_remove(actor=actor, draft=draft, code=indicator.code)
    criteria = {**draft.criteria, "adult_rule": [*draft.criteria["adult_rule"], ["ghost"]]}
    services.list_draft_update(
        actor=actor, draft=draft, valid_from=TODAY, source="test", criteria=criteria
    )
    with pytest.raises(InvalidInput) as refused:
        services.list_publish(actor=actor, draft=draft)
    fields = {f for f, _m in refused.value.errors}
    messages = " ".join(m for _f, m in refused.value.errors)
    assert fields == {"elements", "adult_rule"}
    assert "heeft geen indicatoren" in messages
    assert "ghost" in messages
    draft.refresh_from_db()
    assert draft.status == ListStatus.DRAFT


def test_reporters_cannot_manage_lists(reporter, adult_labour) -> None:
    with pytest.raises(NotAllowed):
        services.list_draft_create(actor=verified(reporter), based_on=adult_labour)
    assert _events(AuditAction.DENIED, "identification.indicatorlist")


def test_mdt_assessment_is_recorded_visible_to_registrar_and_audited(
    make_user, registrar, make_report, police_org, shelter_org
) -> None:
    report = make_report()
    case_worker = verified(make_user(Role.CASE_WORKER))
    with pytest.raises(InvalidInput) as refused:
        services.mdt_assessment_create(
            actor=case_worker,
            report_id=report.pk,
            organisations=[police_org],
            met_on=date(2030, 1, 1),
            conclusion="maybe",
            reasoning=" ",
            today=TODAY,
        )
    assert {f for f, _m in refused.value.errors} == {
        "organisations",
        "met_on",
        "conclusion",
        "reasoning",
    }
    mdt = services.mdt_assessment_create(
        actor=case_worker,
        report_id=report.pk,
        organisations=[police_org, shelter_org],
        met_on=TODAY,
        conclusion="victim",
        reasoning="Het team is eensgezind.",
        today=TODAY,
    )
    assert _events(AuditAction.CREATE, "identification.mdtassessment")[0].object_id == str(mdt.pk)
    seen = selectors.mdt_assessments_for_report(actor=verified(registrar), report_id=report.pk)
    assert [m.pk for m in seen] == [mdt.pk]
    assert _events(AuditAction.LIST, "identification.mdtassessment")


def test_decision_reason_required_when_departing(
    registrar, reporter, make_report, adult_labour
) -> None:
    report = make_report()
    actor = verified(registrar)
    assert (
        selectors.decision_reason_problem(
            actor=actor, report_id=report.pk, to_status="registered", reason=""
        )
        is None
    )
    services.assessment_create(
        actor=verified(reporter),
        report_id=report.pk,
        list_id=adult_labour.pk,
        observations=[(pk, "") for pk in ids(adult_labour, "ex_hours")],
        today=TODAY,
    )
    problem = selectors.decision_reason_problem(
        actor=actor, report_id=report.pk, to_status="registered", reason=""
    )
    assert problem is not None
    assert "toch" in problem
    assert (
        selectors.decision_reason_problem(
            actor=actor,
            report_id=report.pk,
            to_status="registered",
            reason="Relaas is overtuigend.",
        )
        is None
    )
    assert (
        selectors.decision_reason_problem(
            actor=actor, report_id=report.pk, to_status="not_registered", reason=""
        )
        is None
    )
    summary = selectors.assessment_summary_for_report(actor=actor, report_id=report.pk)
    assert summary is not None
    assert summary.departs(registering=True)
