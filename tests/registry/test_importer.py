"""File import: one report per row, all or nothing per file, errors name row, column, reason."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import Workbook
from typer.testing import CliRunner

from schakel.accounts.roles import Role
from schakel.core.errors import InvalidInput, NotAllowed
from schakel.core.models import AuditAction, AuditEvent
from schakel.registry import services
from schakel.registry.choices import ExploitationForm, ReportStatus
from schakel.registry.cli import registry_app
from schakel.registry.importer import BY_HEADER, COLUMNS, import_file, parse_file
from schakel.registry.models import Report

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).parent / "data" / "reports_example.csv"
TODAY = date(2026, 3, 10)


def example_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(EXAMPLE.read_text(encoding="utf-8")), delimiter=";"))


def as_csv(rows: list[list[str]], delimiter: str = ";", bom: bool = False) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def as_xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(actor, content: bytes, filename: str = "meldingen.csv", submit: bool = False):
    return import_file(actor=actor, content=content, filename=filename, submit=submit, today=TODAY)


def test_every_column_has_a_dutch_and_an_english_header() -> None:
    assert len(BY_HEADER) == 2 * len(COLUMNS)


def test_example_file_imports_every_row(reporter) -> None:
    outcome = run(reporter, EXAMPLE.read_bytes(), submit=True)
    assert outcome.errors == []
    assert outcome.numbers == ["MH-2026-000001", "MH-2026-000002", "MH-2026-000003"]
    reports = {r.number: r for r in Report.objects.select_related("person")}
    assert all(r.status == ReportStatus.SUBMITTED for r in reports.values())
    mimi = reports["MH-2026-000002"]
    assert mimi.person.aliases == ["Mimi"]
    assert mimi.consent_not_asked_reason == "Persoon was niet aanspreekbaar"
    assert {(p.kind, p.municipality, p.country.code or "") for p in mimi.places.all()} == {
        ("nl", "Amsterdam", ""),
        ("abroad", "", "BE"),
    }
    piotr = reports["MH-2026-000003"]
    assert piotr.reported_on == date(2026, 3, 4)  # DD-MM-YYYY is read too
    assert piotr.person.birth_year == 1988
    assert piotr.person.birth_date_precision == "year"
    assert piotr.person.gender == "male"  # the Dutch label "man"
    assert {(f.form, f.labour_sector, f.criminal_activity) for f in piotr.forms.all()} == {
        (ExploitationForm.LABOUR, "agriculture", ""),
        (ExploitationForm.CRIMINAL, "", "drugs"),
    }
    assert [(s.name, s.relation) for s in piotr.suspects.order_by("pk")] == [
        ("K. Nowak", "employer"),
        ("B. Smit", "recruiter"),
    ]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, actor=reporter).count() == 3


def test_english_headers_comma_and_bom(reporter) -> None:
    rows = example_rows()
    english = {c.dutch: c.name for c in COLUMNS}
    rows[0] = [english[h] for h in rows[0]]
    outcome = run(reporter, as_csv(rows, delimiter=",", bom=True))
    assert outcome.errors == []
    assert len(outcome.numbers) == 3


def test_xlsx_with_date_cells(reporter) -> None:
    rows: list[list[object]] = [list(r) for r in example_rows()]
    rows[1][rows[0].index("geboortedatum")] = date(2001, 5, 4)
    rows[3][rows[0].index("geboortejaar")] = 1988  # a number cell
    outcome = run(reporter, as_xlsx(rows), filename="meldingen.xlsx")
    assert outcome.errors == []
    assert len(outcome.numbers) == 3
    assert Report.objects.filter(person__birth_date=date(2001, 5, 4)).exists()


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("geboortedatum", "31-02-1990", "geen datum"),
        ("geboortedatum", "2026-05-01", "na de datum van de melding"),  # born after the report
        ("geslacht", "vrouwtje", "Onbekende waarde 'vrouwtje'"),
        ("vormen_uitbuiting", "labour|flying", "Onbekende waarde 'flying'"),
        ("nationaliteiten", "XX", "ISO 3166"),
        ("opvang_nodig", "misschien", "geen ja of nee"),
        ("datum_melding", "", "Verplicht"),
        ("achternaam", "x" * 201, "Langer dan 200"),
    ],
)
def test_one_bad_row_imports_nothing_and_names_row_column_reason(
    reporter, column, value, reason
) -> None:
    rows = example_rows()
    rows[3][rows[0].index(column)] = value  # the third report: row 4 of the sheet
    outcome = run(reporter, as_csv(rows))
    assert outcome.numbers == []
    assert {e.row for e in outcome.errors} == {4}
    assert outcome.errors[0].column == column
    assert reason in outcome.errors[0].message
    assert not Report.objects.exists()


def test_unidentifiable_person_names_the_identity_columns(reporter) -> None:
    rows = example_rows()
    rows[2][rows[0].index("aliassen")] = ""  # Mimi has no name either
    outcome = run(reporter, as_csv(rows))
    assert len(outcome.errors) == 1
    assert outcome.errors[0].row == 3
    assert "voornamen" in outcome.errors[0].column
    assert "aliassen" in outcome.errors[0].column


def test_refusal_by_the_service_rolls_back_earlier_rows(reporter, monkeypatch) -> None:
    real = services.report_create
    calls = []

    def refuse_second(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise InvalidInput([("person.birth_date", "geweigerd")])
        return real(**kwargs)

    monkeypatch.setattr(services, "report_create", refuse_second)
    outcome = run(reporter, EXAMPLE.read_bytes())
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "geboortedatum")]
    assert not Report.objects.exists()  # the first row was rolled back too


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leeg"),
        (b"   \n", "leeg"),
        (b"voornamen;achternaam;datum_melding;toestemming\n", "geen meldingen"),
        (
            "voornamen;achternaam;datum_melding;toestemming\nJosé;Pérez;2026-03-01;given\n".encode(
                "latin-1"
            ),
            "UTF-8",
        ),
        (b"PK\x03\x04 not really a workbook", "XLSX"),
    ],
)
def test_file_level_errors(reporter, content: bytes, message: str) -> None:
    outcome = run(reporter, content)
    assert len(outcome.errors) == 1
    assert outcome.errors[0].row == 0
    assert message in outcome.errors[0].message


def test_duplicate_unknown_and_missing_headers_are_named(reporter) -> None:
    content = b"voornamen;given_names;leeftijd;datum_melding\nA;B;30;2026-03-01\n"
    errors = parse_file(content, today=TODAY).errors
    assert {(e.row, e.column) for e in errors} == {
        (1, "given_names"),
        (1, "leeftijd"),
        (1, "toestemming / consent"),
    }
    assert any("twee keer" in e.message for e in errors)
    assert any("Onbekende kolom" in e.message for e in errors)


def test_extra_cells_in_a_row_are_an_error(reporter) -> None:
    content = b"voornamen;datum_melding;toestemming\nAna;2026-03-01;given;oeps\n"
    errors = parse_file(content, today=TODAY).errors
    assert [(e.row, e.column) for e in errors] == [(2, "")]


def test_analyst_may_not_import_and_is_audited(make_user) -> None:
    analyst = make_user(Role.ANALYST)
    with pytest.raises(NotAllowed):
        run(analyst, EXAMPLE.read_bytes())
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor=analyst).exists()


# -- entry points -----------------------------------------------------------------------------


def test_upload_page_imports_a_good_file(reporter, verified_client_for) -> None:
    client = verified_client_for(reporter)
    upload = io.BytesIO(EXAMPLE.read_bytes())
    upload.name = "meldingen.csv"
    response = client.post(reverse("registry:import"), {"file": upload, "submit": "on"})
    assert response.status_code == 200
    assert "MH-2026-000003" in response.content.decode()
    assert Report.objects.filter(status=ReportStatus.SUBMITTED).count() == 3


def test_upload_page_lists_the_bad_rows(reporter, verified_client_for) -> None:
    rows = example_rows()
    rows[1][rows[0].index("geslacht")] = "vrouwtje"
    upload = io.BytesIO(as_csv(rows))
    upload.name = "meldingen.csv"
    response = verified_client_for(reporter).post(reverse("registry:import"), {"file": upload})
    page = response.content.decode()
    assert "Er is niets geïmporteerd" in page
    assert '<td class="utrecht-table__cell">geslacht</td>' in page
    assert not Report.objects.exists()


def test_cli_imports_and_reports_bad_rows(reporter, tmp_path) -> None:
    runner = CliRunner()
    good = runner.invoke(registry_app, ["import", str(EXAMPLE), "--as", reporter.username])
    assert good.exit_code == 0, good.output
    assert "Imported 3 reports" in good.output
    rows = example_rows()
    rows[1][rows[0].index("geslacht")] = "vrouwtje"
    bad_file = tmp_path / "bad.csv"
    bad_file.write_bytes(as_csv(rows))
    bad = runner.invoke(registry_app, ["import", str(bad_file), "--as", reporter.username])
    assert bad.exit_code == 1
    assert "Nothing was imported" in bad.output
    assert Report.objects.count() == 3
