"""The person's rights: consent signer by age, rectification with history, the art. 15 export,
and the analysts' pseudonymised view."""

from __future__ import annotations

import json
from datetime import date

import pytest

from schakel.core.errors import InvalidInput, NotAllowed, NotFound
from schakel.core.models import AuditEvent
from schakel.registry import services as registry_services
from schakel.registry.choices import ReportStatus
from schakel.registry.models import PersonRecord
from schakel.sharing import export, rights, selectors, services
from schakel.sharing.consent_rules import age_range_on, required_signer
from schakel.sharing.pseudonymise import ANALYST_FIELDS, age_band
from tests.sharing.scenario import ask, user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("birth", "on", "signer"),
    [
        (date(2010, 5, 1), date(2026, 5, 1), "person"),  # 16 today
        (date(2010, 5, 2), date(2026, 5, 1), "guardian"),  # 15
        (None, date(2026, 5, 1), None),
    ],
)
def test_who_signs_depends_on_age(birth, on, signer) -> None:
    age = age_range_on(birth_date=birth, birth_year=None, precision="exact", on=on)
    assert required_signer(age) == signer


def _consent(**overrides: object) -> rights.ConsentInput:
    base = {
        "categories": ("identity",),
        "recipient_domains": ("care_shelter",),
        "purposes": ("care_and_shelter",),
        "given_on": date(2026, 3, 3),
        "recorded_how": "written",
        "signed_by": "person",
    }
    return rights.ConsentInput(**{**base, **overrides})  # type: ignore[arg-type]


def test_an_adult_signs_and_a_guardian_is_refused(scenario) -> None:
    with pytest.raises(InvalidInput) as error:
        rights.consent_record(
            actor=scenario.registrar,
            person_id=scenario.person_id,
            data=_consent(signed_by="guardian", guardian_name="", guardian_relation=""),
        )
    fields = dict(error.value.errors)
    assert "signed_by" in fields
    assert "guardian_name" in fields


def test_below_sixteen_the_guardian_signs(scenario) -> None:
    PersonRecord.objects.filter(person_id=scenario.person_id).update(birth_date=date(2014, 1, 1))
    with pytest.raises(InvalidInput):
        rights.consent_record(
            actor=scenario.registrar, person_id=scenario.person_id, data=_consent()
        )
    consent = rights.consent_record(
        actor=scenario.registrar,
        person_id=scenario.person_id,
        data=_consent(signed_by="guardian", guardian_name="M. Jansen", guardian_relation="voogd"),
    )
    assert consent.age_at_signing == 12


def test_only_the_registrar_keeps_the_consent_register(scenario) -> None:
    with pytest.raises(NotAllowed):
        rights.consent_record(
            actor=scenario.shelter_worker, person_id=scenario.person_id, data=_consent()
        )


def test_rectification_keeps_the_old_value_and_is_audited(scenario) -> None:
    record = PersonRecord.objects.get(report=scenario.police_report)
    old = record.family_name
    with pytest.raises(InvalidInput):
        rights.rectify(
            actor=scenario.registrar,
            person_id=scenario.person_id,
            record_id=record.pk,
            field_name="family_name",
            new_value="Jansen",
            reason="",
        )
    rectification = rights.rectify(
        actor=scenario.registrar,
        person_id=scenario.person_id,
        record_id=record.pk,
        field_name="family_name",
        new_value="Jansen",
        reason="Verzoek van de persoon, paspoort gezien.",
    )
    record.refresh_from_db()
    assert record.family_name == "Jansen"
    assert "jansen" in record.search_text
    assert rectification.old_value == old
    event = AuditEvent.objects.get(action="update", object_type="registry.personrecord")
    assert event.details["rectified"] == "family_name"


def test_the_export_holds_reports_consents_disclosure_log_and_reads(scenario) -> None:
    request = services.disclosure_decide(
        actor=scenario.officer, request=ask(scenario), approve=True, text="Nodig."
    )
    selectors.disclosed_for(actor=scenario.shelter_worker, request=request)
    rights.consent_record(actor=scenario.registrar, person_id=scenario.person_id, data=_consent())
    bundle = export.person_export(actor=scenario.registrar, person_id=scenario.person_id)
    assert len(bundle["reports"]) == 2
    assert {e["event"] for e in bundle["disclosure_log"]} >= {"requested", "granted", "viewed"}
    assert any(
        e["action"] == "read" and e["purpose"] == "care_and_shelter" for e in bundle["reads"]
    )
    assert bundle["consents"][0]["categories"] == ["identity"]
    json.dumps(bundle)  # JSON-ready
    assert AuditEvent.objects.filter(action="export", object_type="registry.person").exists()
    pdf = export.person_export_pdf(bundle)
    assert pdf.startswith(b"%PDF")


def test_the_export_is_the_registrars(scenario) -> None:
    with pytest.raises(NotFound):
        export.person_export(actor=scenario.shelter_worker, person_id=scenario.person_id)


@pytest.mark.parametrize(
    ("age", "band"),
    [((15, 15), "12-15"), ((16, 17), "16-17"), ((17, 18), "unknown"), (None, "unknown")],
)
def test_age_bands(age, band) -> None:
    assert age_band(age) == band


def test_analysts_see_no_direct_identifier(scenario, police_org) -> None:
    from schakel.accounts.roles import Role

    for report in (scenario.police_report, scenario.shelter_report):
        registry_services.report_transition(
            actor=scenario.registrar, report=report, to_status=ReportStatus.IN_REVIEW
        )
        report.refresh_from_db()
        registry_services.report_transition(
            actor=scenario.registrar, report=report, to_status=ReportStatus.REGISTERED
        )
    analyst = user(police_org, Role.ANALYST)
    rows, total = selectors.analysis_rows(actor=analyst)
    assert total == 2
    assert len(rows) == 2
    assert rows[0]["person_key"] == rows[1]["person_key"]  # one person, one key
    text = json.dumps(rows)
    records = PersonRecord.objects.filter(person_id=scenario.person_id)
    forbidden = {scenario.police_report.number, scenario.shelter_report.number, "Utrecht"}
    for record in records:
        forbidden |= {record.given_names, record.family_name, record.birth_date.isoformat()}
    forbidden |= {"datingapp", "J. de Wit", police_org.name}
    assert not [value for value in forbidden if value and value in text]
    assert all(set(row) == ANALYST_FIELDS for row in rows)
    assert rows[0]["age_band"] == "23-29"


def test_other_roles_get_no_statistics_rows(scenario) -> None:
    with pytest.raises(NotFound):
        selectors.analysis_rows(actor=scenario.shelter_worker)
