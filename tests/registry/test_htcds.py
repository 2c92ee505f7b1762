"""HTCDS/CTDC export: one pseudonymised row per registered person, audited."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from typer.testing import CliRunner

from schakel.core.errors import NotFound
from schakel.core.models import AuditAction, AuditEvent
from schakel.registry import exports, services
from schakel.registry.choices import DatePrecision, ReportStatus
from schakel.registry.cli import registry_app
from schakel.registry.htcds import (
    COLUMNS,
    MISSING,
    PersonFacts,
    RegisteredReport,
    age_range,
    broad_age,
    htcds_row,
)
from schakel.registry.inputs import DocumentInput, FormInput
from schakel.registry.models import PersonRecord, Report
from tests.registry.factories import person_input

ON = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("birth_date", "birth_year", "precision", "expected"),
    [
        (date(2008, 3, 3), None, DatePrecision.EXACT, "9--17"),  # 17 the day before the birthday
        (date(2008, 3, 2), None, DatePrecision.EXACT, "18--20"),
        (None, 2008, DatePrecision.YEAR, MISSING),  # 17 or 18: spans two bands
        (None, 1990, DatePrecision.YEAR, "30--38"),
        (date(1992, 1, 1), None, DatePrecision.ESTIMATED, "30--38"),  # 34 ± 2
        (date(1996, 1, 1), None, DatePrecision.ESTIMATED, MISSING),  # 30 ± 2 crosses 29/30
        (None, 1950, DatePrecision.YEAR, "48+"),
        (None, None, DatePrecision.UNKNOWN, MISSING),
        (date(2024, 1, 1), None, DatePrecision.EXACT, "0--8"),
    ],
)
def test_age_band(birth_date, birth_year, precision, expected) -> None:
    ages = age_range(birth_date=birth_date, birth_year=birth_year, precision=precision, on=ON)
    assert broad_age(ages) == expected


def registered(**overrides) -> RegisteredReport:
    values = {
        "reported_on": ON,
        "gender": "female",
        "birth_date": date(2001, 5, 4),
        "birth_year": 2001,
        "birth_date_precision": DatePrecision.EXACT,
        "nationalities": ("RO",),
        "exploitation_started_on": date(2018, 6, 1),
        "forms": (("sexual_sex_industry", "", ""),),
        "places": (("nl", ""),),
        "suspect_relations": ("partner",),
    }
    values.update(overrides)
    return RegisteredReport(**values)


def test_row_maps_one_person() -> None:
    row = htcds_row(PersonFacts(person_id="p1", year=2026, reports=(registered(),)))
    assert list(row) == list(COLUMNS)
    assert row["yearOfRegistration"] == "2026"
    assert row["gender"] == "Female"
    assert row["ageBroad"] == "24--26"
    assert row["majorityStatus"] == "Adult"
    assert row["majorityStatusAtExploit"] == "Minor"  # 17 when it began
    assert row["citizenship"] == "RO"
    assert row["CountryOfExploitation"] == "NL"
    assert (row["isSexualExploit"], row["isForcedLabour"], row["typeOfSexProstitution"]) == (
        "1",
        "0",
        "1",
    )
    assert row["typeOfLabourAgriculture"] == MISSING  # no forced labour: not applicable
    assert row["typeOfExploitConcatenated"] == "Sexual exploitation"
    assert row["recruiterRelationIntimatePartner"] == "1"
    assert row["RecruiterRelationship"] == "Intimate Partner"
    assert row["meansOfControlThreats"] == MISSING  # not recorded by Schakel


def test_row_combines_the_reports_of_one_person() -> None:
    earlier = registered(
        reported_on=date(2025, 1, 5),
        gender="unknown",
        nationalities=(),
        birth_date=None,
        birth_year=None,
        birth_date_precision=DatePrecision.UNKNOWN,
        forms=(("labour", "agriculture", ""),),
        places=(("abroad", "BE"),),
        suspect_relations=("employer",),
    )
    later = registered(forms=(("criminal", "", "begging"),), suspect_relations=())
    row = htcds_row(PersonFacts(person_id="p1", year=2026, reports=(later, earlier)))
    assert row["gender"] == "Female"
    assert row["ageBroad"] == "21--23"  # best birth data, at the first report (2025)
    assert row["CountryOfExploitation"] == "BE"  # the first report's place
    assert row["isForcedLabour"] == "1"
    assert row["isSexualExploit"] == "0"
    assert row["typeOfLabourAgriculture"] == "1"
    assert row["typeOfLabourBegging"] == "1"
    assert row["typeOfLabourIllicitActivities"] == "0"
    assert row["typeOfLabourConcatenated"] == "Agriculture;Begging"
    assert row["recruiterRelationOther"] == "1"


def test_unknown_form_and_no_suspects_are_missing_not_no() -> None:
    row = htcds_row(
        PersonFacts(
            person_id="p",
            year=2026,
            reports=(
                registered(
                    forms=(("unknown", "", ""),), suspect_relations=(), nationalities=(), places=()
                ),
            ),
        )
    )
    assert row["isForcedLabour"] == MISSING
    assert row["recruiterRelationFamily"] == MISSING
    assert row["citizenship"] == "00"
    assert row["CountryOfExploitation"] == "00"


# -- the export from the database -------------------------------------------------------------


def register(report: Report, registrar) -> None:
    services.report_transition(actor=registrar, report=report, to_status=ReportStatus.IN_REVIEW)
    services.report_transition(
        actor=registrar, report=Report.objects.get(pk=report.pk), to_status=ReportStatus.REGISTERED
    )


def verified(user):
    user.is_verified = lambda: True
    return user


@pytest.fixture
def registered_reports(db, make_report, registrar):
    anna = person_input(
        given_names="Anna",
        family_name="Jansen",
        documents=(DocumentInput("passport", "NX0042", "NL"),),
    )
    first = make_report(person=anna, narrative="Geheim relaas over Anna.")
    second = make_report(person=anna, forms=(FormInput("labour", "cleaning"),))
    other = make_report(person=person_input(given_names="Bea", family_name="de Vries"))
    last_year = make_report()
    for report in (first, second, other, last_year):
        register(report, registrar)
    make_report()  # submitted, not registered: not exported
    services.persons_link_same(
        actor=registrar,
        record_a=PersonRecord.objects.get(report=first),
        record_b=PersonRecord.objects.get(report=second),
    )
    Report.objects.filter(pk=last_year.pk).update(decided_at=timezone.now() - timedelta(days=400))
    return first, second, other


def test_export_is_one_row_per_registered_person_and_audited(registrar, registered_reports) -> None:
    first, _second, other = registered_reports
    year = timezone.localdate().year
    rows = exports.htcds_export(actor=verified(registrar), year=year)
    assert len(rows) == 2  # Anna's two reports are one person; last year's is left out
    anna = PersonRecord.objects.get(report=first).person
    anna_row = next(r for r in rows if r["personId"] == exports.export_pseudonym(anna))
    assert anna_row["typeOfLabourOther"] == "1"  # from her second report (cleaning)
    assert anna_row["isSexualExploit"] == "1"  # from her first
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=registrar)
    assert event.details["year"] == year
    assert event.details["rows"] == 2
    assert sorted(event.details["person_ids"]) == sorted(
        [anna.pk, PersonRecord.objects.get(report=other).person_id]
    )


def test_export_contains_no_identifying_data(registrar, registered_reports) -> None:
    first, _second, _other = registered_reports
    buffer = io.StringIO()
    from schakel.registry.htcds import write_csv

    write_csv(
        exports.htcds_export(actor=verified(registrar), year=timezone.localdate().year), buffer
    )
    text = buffer.getvalue()
    for secret in (
        "Anna",
        "Jansen",
        "Bea",
        "Vries",
        "NX0042",
        "1999-04-12",
        "Geheim",
        "Utrecht",
        first.number,
    ):
        assert secret not in text
    person = PersonRecord.objects.get(report=first).person
    ids = [row["personId"] for row in csv.DictReader(io.StringIO(text))]
    assert str(person.pk) not in ids
    assert str(person.pseudonym) not in text


def test_only_the_registrar_may_export(reporter, registered_reports) -> None:
    with pytest.raises(NotFound):
        exports.htcds_export(actor=verified(reporter), year=timezone.localdate().year)
    assert AuditEvent.objects.filter(
        action=AuditAction.DENIED, actor=reporter, object_type="registry.person"
    ).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_download_for_the_registrar(registrar, registered_reports, verified_client_for) -> None:
    client = verified_client_for(registrar)
    url = reverse("registry:export_htcds")
    assert client.get(url).status_code == 200
    response = client.get(url, {"year": timezone.localdate().year})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0].split(",") == list(COLUMNS)
    assert len(lines) == 3
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=registrar).count() == 1
    invalid = client.get(url, {"year": timezone.localdate().year + 1})
    assert invalid.status_code == 200
    assert "utrecht-form-field-error-message" in invalid.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_download_is_forbidden_to_reporters(reporter, verified_client_for) -> None:
    response = verified_client_for(reporter).get(reverse("registry:export_htcds"), {"year": 2026})
    assert response.status_code == 403


def test_cli_export_as_registrar_and_as_system(registrar, registered_reports, tmp_path) -> None:
    year = str(timezone.localdate().year)
    runner = CliRunner()
    out = tmp_path / "htcds.csv"
    named = runner.invoke(
        registry_app,
        ["export-htcds", "--year", year, "--out", str(out), "--as", registrar.username],
    )
    assert named.exit_code == 0, named.output
    assert len(out.read_text().splitlines()) == 3
    system = runner.invoke(registry_app, ["export-htcds", "--year", year, "--out", str(out)])
    assert system.exit_code == 0, system.output
    events = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("sequence")
    assert [(e.actor_username, e.details.get("via")) for e in events] == [
        (registrar.username, None),
        ("system", "cli"),
    ]
