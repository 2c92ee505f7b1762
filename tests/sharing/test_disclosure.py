"""Disclosure requests: the rules decide per category, the holder's privacy officer decides
where a necessity assessment is needed, the requester sees exactly the granted fields; every
step is audited and logged; bad input is refused and audited."""

from __future__ import annotations

from datetime import date

import pytest

from schakel.accounts.roles import OrganisationKind, Role
from schakel.core.errors import InvalidInput, NotAllowed, NotFound
from schakel.core.models import AuditEvent
from schakel.sharing import rights, selectors, services
from schakel.sharing.models import DisclosureLogEntry, RequestStatus, RuleSet
from tests.sharing.scenario import ask, organisation, user

pytestmark = pytest.mark.django_db

NECESSITY = {"report", "identity", "contact_location", "exploitation", "narrative"}


def _denials(reason: str) -> int:
    return AuditEvent.objects.filter(action="denied", details__reason=reason).count()


def test_the_rules_decide_per_category_and_the_request_waits_for_the_officer(scenario) -> None:
    request = ask(scenario)
    assert request.status == RequestStatus.AWAITING_OFFICER
    assert set(request.necessity_categories) == NECESSITY
    assert request.refused_categories == {
        "health": "no consent",
        "criminal": "forbidden",
        "suspects": "forbidden",
    }
    assert request.rulings["identity"]["basis"] == "public_task"
    created = AuditEvent.objects.get(action="create", object_type="sharing.disclosurerequest")
    assert created.purpose == "care_and_shelter"
    assert created.subject_person_id == str(scenario.person_id)
    events = set(DisclosureLogEntry.objects.values_list("event", flat=True))
    assert events == {"requested", "refused"}


def test_nothing_is_shown_before_the_officer_decides(scenario) -> None:
    request = ask(scenario)
    disclosed = selectors.disclosed_for(actor=scenario.shelter_worker, request=request)
    assert disclosed is not None
    assert disclosed.reports == ()


def test_after_approval_the_requester_sees_exactly_the_granted_fields(scenario) -> None:
    request = ask(scenario)
    services.disclosure_decide(
        actor=scenario.officer, request=request, approve=True, text="Acute opvang nodig."
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.PARTLY_GRANTED
    assert request.necessity_assessment == "Acute opvang nodig."
    shown = selectors.request_get(actor=scenario.shelter_worker, pk=request.pk)
    disclosed = selectors.disclosed_for(actor=scenario.shelter_worker, request=shown)
    assert disclosed is not None
    assert len(disclosed.reports) == 1
    report = disclosed.reports[0]
    for withheld in ("suspects", "criminal_record_notes", "health_notes", "needs_medical", "id"):
        assert withheld not in report
    assert report["narrative"] == "Zij werd via een datingapp geronseld."
    assert report["person"]["given_names"]
    assert report["number"] == scenario.police_report.number
    read = AuditEvent.objects.filter(
        action="read", object_type="registry.report", object_id=str(scenario.police_report.pk)
    ).last()
    assert read.purpose == "care_and_shelter"
    assert read.details["disclosure_request"] == request.pk
    assert DisclosureLogEntry.objects.filter(event="viewed", request=request).count() == 1
    granted = DisclosureLogEntry.objects.get(event="granted", request=request)
    assert set(granted.categories) == NECESSITY


def test_the_officer_refuses_with_a_reason(scenario) -> None:
    request = ask(scenario)
    with pytest.raises(InvalidInput) as error:
        services.disclosure_decide(actor=scenario.officer, request=request, approve=False, text="")
    assert error.value.errors[0][0] == "text"
    services.disclosure_decide(
        actor=scenario.officer, request=request, approve=False, text="Niet noodzakelijk."
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED
    assert request.refused_categories["identity"] == "refused by the privacy officer"
    assert AuditEvent.objects.filter(action="transition", object_id=str(request.pk)).exists()


def test_only_the_holders_privacy_officer_decides(scenario) -> None:
    request = ask(scenario)
    other_officer = user(scenario.shelter_org, Role.PRIVACY_OFFICER)
    with pytest.raises(NotAllowed):
        services.disclosure_decide(actor=other_officer, request=request, approve=True, text="x")
    assert _denials("not the holder's privacy officer") == 1


def test_another_organisation_cannot_read_the_request(scenario) -> None:
    request = ask(scenario)
    stranger = user(organisation("Andere Opvang", OrganisationKind.SHELTER), Role.CASE_WORKER)
    with pytest.raises(NotFound):
        selectors.request_get(actor=stranger, pk=request.pk)
    police_worker = user(scenario.police_org, Role.CASE_WORKER)
    with pytest.raises(NotFound):
        selectors.request_get(actor=police_worker, pk=request.pk)


@pytest.mark.parametrize(
    ("purpose", "reason"), [("", "no purpose"), ("curiosity", "unknown purpose")]
)
def test_a_request_without_a_known_purpose_is_refused_and_audited(
    scenario, purpose: str, reason: str
) -> None:
    with pytest.raises(InvalidInput) as error:
        ask(scenario, purpose=purpose)
    assert "purpose" in dict(error.value.errors)
    assert _denials(reason) == 1


def test_a_request_about_a_person_without_relation_is_refused_and_audited(scenario) -> None:
    outsider = user(
        organisation("Opvang Zonder Relatie", OrganisationKind.SHELTER), Role.CASE_WORKER
    )
    with pytest.raises(NotFound):
        services.disclosure_request_create(
            actor=outsider,
            data=services.RequestInput(
                kind="report",
                purpose="care_and_shelter",
                report_number=scenario.police_report.number,
                justification="x",
            ),
        )
    assert _denials("no relation to the person") == 1
    entry = DisclosureLogEntry.objects.get(event="refused", request=None)
    assert entry.holder_organisation == scenario.police_org


def test_an_unknown_number_looks_like_no_relation(scenario) -> None:
    with pytest.raises(NotFound) as error:
        ask(scenario, report_number="MH-1999-000001")
    assert error.value.field == "report_number"


def test_a_person_request_covers_all_reports_of_the_holder(scenario) -> None:
    request = ask(
        scenario,
        kind="person",
        report_number=scenario.shelter_report.number,
        holder_organisation_id=scenario.police_org.pk,
    )
    assert request.report_ids == [scenario.police_report.pk]


def test_consent_grants_and_withdrawal_blocks_future_disclosures(scenario) -> None:
    consent = rights.consent_record(
        actor=scenario.registrar,
        person_id=scenario.person_id,
        data=rights.ConsentInput(
            categories=("health",),
            recipient_domains=("care_shelter",),
            purposes=("care_and_shelter",),
            given_on=date(2026, 3, 3),
            recorded_how="written",
            signed_by="person",
        ),
    )
    request = ask(scenario)
    assert "health" in request.granted_categories
    assert "health" in request.consent_categories
    assert AuditEvent.objects.filter(action="create", object_type="sharing.consent").exists()
    rights.consent_withdraw(
        actor=scenario.registrar,
        person_id=scenario.person_id,
        consent_id=consent.pk,
        withdrawn_on=date(2026, 3, 4),
        how="verbal",
    )
    shown, withheld = selectors.categories_shown_now(request)
    assert "health" not in shown
    assert withheld["health"] == "consent withdrawn"
    assert ask(scenario).refused_categories["health"] == "no consent"


def test_a_restriction_blocks_every_disclosure(scenario) -> None:
    rights.restriction_set(actor=scenario.registrar, person_id=scenario.person_id, reason="Bezwaar")
    request = ask(scenario)
    assert request.status == RequestStatus.REFUSED
    assert set(request.refused_categories.values()) == {"restricted"}


def test_publishing_a_rule_set_with_gaps_names_the_missing_combinations(db) -> None:
    from schakel.sharing.models import Rule

    rule_set = RuleSet.objects.create(
        version=77, name_nl="x", name_en="x", valid_from=date(2026, 1, 1), source="test"
    )
    Rule.objects.create(
        rule_set=rule_set,
        position=1,
        holders=["investigation"],
        decision="forbidden",
        basis="none",
        explanation_nl="x",
        explanation_en="x",
        source="x",
    )
    with pytest.raises(InvalidInput) as error:
        services.rule_set_publish(rule_set=rule_set)
    message = str(error.value.errors[0][1])
    assert "1680" in message
    assert "care_shelter / care_shelter / care_and_shelter" in message
    rule_set.refresh_from_db()
    assert rule_set.status == "draft"


def test_a_restriction_also_stops_the_registry_from_moving_the_report_on(scenario) -> None:
    from schakel.registry import services as registry_services
    from schakel.registry.choices import ReportStatus

    rights.restriction_set(actor=scenario.registrar, person_id=scenario.person_id, reason="Bezwaar")
    with pytest.raises(NotAllowed):
        registry_services.report_transition(
            actor=scenario.registrar,
            report=scenario.police_report,
            to_status=ReportStatus.IN_REVIEW,
        )
    assert _denials("processing restricted (GDPR art. 18)") == 1
