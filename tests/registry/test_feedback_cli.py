"""`schakel registry feedback`: one organisation's monthly report as a file, audited."""

from __future__ import annotations

import pytest
from django.utils import timezone
from typer.testing import CliRunner

from schakel.cli import app
from schakel.core.models import AuditAction, AuditEvent
from schakel.registry.feedback import Month

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_csv_for_one_organisation(reporter, make_report, police_org, tmp_path) -> None:
    make_report()
    make_report()
    month = str(Month.of(timezone.localdate()))
    out = tmp_path / "feedback.csv"
    result = runner.invoke(
        app,
        [
            "registry",
            "feedback",
            "--organisation",
            str(police_org.pk),
            "--month",
            month,
            "--format",
            "csv",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "status,Status van deze meldingen,total,Totaal ingediend,2" in text
    assert "rapport,Rapport,organisatie,Organisatie,Politie Test" in text
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.purpose == "system"
    assert event.details == {
        "object_type": "registry.feedback",
        "organisation": police_org.pk,
        "month": month,
        "format": "csv",
    }


def test_html_national(make_report, tmp_path) -> None:
    make_report()
    out = tmp_path / "feedback.html"
    result = runner.invoke(
        app,
        [
            "registry",
            "feedback",
            "--organisation",
            "national",
            "--month",
            "2026-03",
            "--today",
            "2026-04-02",
            "--format",
            "html",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<h1>Terugkoppeling maart 2026</h1>" in html
    assert "Alle organisaties (landelijk)" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organisation", "1", "--month", "maart"], "--month"),
        (["--organisation", "1", "--month", "2026-05", "--today", "2026-04-30"], "--month"),
        (["--organisation", "1", "--month", "2026-03", "--today", "gisteren"], "--today"),
        (["--organisation", "politie", "--month", "2026-03"], "--organisation"),
        (["--organisation", "999999", "--month", "2026-03"], "--organisation"),
    ],
)
def test_bad_options_name_the_option(db, tmp_path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["registry", "feedback", *args, "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "x.pdf").exists()
