"""`schakel retention run` on a frozen clock: each rule, dry run, idempotency, no orphans,
statistics fields kept, audit events without the deleted data (issue 9, point 5)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from typer.testing import CliRunner

from schakel.cli import app as cli_app
from schakel.core.models import AuditEvent
from schakel.identification.models import Assessment, IndicatorList, ListStatus
from schakel.registry.choices import DatePrecision, ReportStatus
from schakel.registry.models import (
    IdentityDocument,
    Person,
    PersonRecord,
    Report,
    ReportExploitationForm,
    ReportPlace,
    ReportTransition,
    Suspect,
)
from schakel.retention.executors import EXECUTORS
from schakel.retention.models import RetentionRule
from schakel.retention.selectors import rules_in_force
from schakel.retention.services import retention_run
from tests.retention.conftest import FROZEN

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
# Five years and a day after the scenario: every term has passed.
LATER = FROZEN.date() + timedelta(days=1827)
PERSONAL_STRINGS = ("Anna", "Visser", "Bea", "NX12345678", "datingapp", "de Wit", "Astma")
CHILD_MODELS = (
    PersonRecord,
    IdentityDocument,
    ReportPlace,
    ReportExploitationForm,
    Suspect,
    ReportTransition,
    Assessment,
)


def _assess(report: Report, user) -> Assessment:
    indicator_list = IndicatorList.objects.filter(status=ListStatus.PUBLISHED).first()
    return Assessment.objects.create(
        report=report,
        indicator_list=indicator_list,
        assessed_by=user,
        organisation=user.organisation,
        assessed_on=FROZEN.date(),
        explanation={},
        note="Toelichting over Anna",
    )


@pytest.fixture
def scenario(make_report, registrar, frozen_clock) -> dict[str, Report]:
    reports = {
        status: make_report(status, name=f"Anna Visser{i}")
        for i, status in enumerate(
            [
                ReportStatus.DRAFT,
                ReportStatus.WITHDRAWN,
                ReportStatus.NOT_REGISTERED,
                ReportStatus.REGISTERED,
            ]
        )
    }
    for report in reports.values():
        _assess(report, registrar)
    # A report registered recently: no term has passed for it.
    frozen_clock(datetime.combine(LATER - timedelta(days=10), FROZEN.timetz()))
    reports["recent"] = make_report(ReportStatus.REGISTERED, name="Bea Jansen")
    return reports


def _snapshot() -> dict[str, Any]:
    labels = ["registry", "identification", "residence", "shelter"]
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label in labels
    }


def test_every_rule_in_force_has_an_executor_a_source_and_an_adr() -> None:
    rules = rules_in_force(date(2026, 6, 1))
    assert {r.code for r in rules} == set(EXECUTORS)
    for rule in rules:
        assert rule.source
        assert rule.valid_from <= date(2026, 6, 1)
        assert (ROOT / rule.adr).is_file(), rule.adr


def test_a_newer_version_of_a_rule_applies_from_its_valid_from() -> None:
    current = RetentionRule.objects.get(code="registry-drafts")
    RetentionRule.objects.create(
        code=current.code,
        table=current.table,
        action=current.action,
        term_days=30,
        counted_from=current.counted_from,
        description=current.description,
        valid_from=date(2027, 1, 1),
        source="Besluit verwerkingsverantwoordelijke (test)",
        adr=current.adr,
        order=current.order,
    )

    def term_on(day: date) -> int:
        return next(r.term_days for r in rules_in_force(day) if r.code == "registry-drafts")

    assert term_on(date(2026, 12, 31)) == 90
    assert term_on(date(2027, 1, 1)) == 30
    assert RetentionRule.objects.filter(code="registry-drafts").count() == 2


def test_no_rule_acts_before_its_term(scenario) -> None:
    before = _snapshot()
    outcomes = retention_run(today=FROZEN.date() + timedelta(days=30), dry_run=False)
    assert {o.code: o.rows for o in outcomes if o.code != "audit-events"} == dict.fromkeys(
        set(EXECUTORS) - {"audit-events"}, 0
    )
    assert _snapshot() == before


def test_dry_run_reports_and_changes_nothing(scenario) -> None:
    before, events = _snapshot(), AuditEvent.objects.count()
    outcomes = retention_run(today=LATER, dry_run=True)
    rows = {o.code: o.rows for o in outcomes}
    assert rows["registry-drafts"] == 1
    assert rows["registry-not-registered"] == 2  # withdrawn and not registered
    assert rows["registry-registered"] == 1  # not the recent one
    assert rows["identification-assessments"] == 1
    assert rows["audit-events"] > 0
    assert _snapshot() == before
    assert AuditEvent.objects.count() == events


def test_run_applies_each_rule_once_and_a_second_run_finds_nothing(scenario) -> None:
    first = {o.code: o.rows for o in retention_run(today=LATER, dry_run=False)}
    assert first["registry-drafts"] == 1
    assert first["registry-not-registered"] == 2
    assert first["registry-registered"] == 1
    assert first["identification-assessments"] == 1
    after_first = _snapshot()

    second = {o.code: o.rows for o in retention_run(today=LATER, dry_run=False)}
    assert {code: n for code, n in second.items() if code != "audit-events"} == dict.fromkeys(
        set(EXECUTORS) - {"audit-events"}, 0
    )
    assert _snapshot() == after_first
    # One system event per rule executed, per run.
    system = AuditEvent.objects.filter(purpose="system", details__has_key="retention_rule")
    system = [e for e in system if e.actor_username == "system" and "term_days" in e.details]
    assert len(system) == 2 * len(EXECUTORS)


def test_deleted_reports_leave_no_orphans(scenario) -> None:
    kept = {scenario[ReportStatus.REGISTERED].pk, scenario["recent"].pk}
    deleted = [r.pk for key, r in scenario.items() if r.pk not in kept]
    persons = list(
        PersonRecord.objects.filter(report_id__in=deleted).values_list("person_id", flat=True)
    )
    retention_run(today=LATER, dry_run=False)

    assert set(Report.objects.values_list("pk", flat=True)) == kept
    for model in CHILD_MODELS:
        report_field = "person_record__report_id" if model is IdentityDocument else "report_id"
        assert not model.objects.filter(**{f"{report_field}__in": deleted}).exists(), model
    assert not Person.objects.filter(pk__in=persons).exists()
    assert not Person.objects.filter(records__isnull=True).exists()
    # Encrypted columns: no row anywhere still holds a deleted report's text.
    from schakel.core.crypto import encrypted_fields

    for model, field in encrypted_fields():
        for value in model._default_manager.values_list(field.name, flat=True):
            assert "Visser0" not in (value or "")
            assert "Visser1" not in (value or "")


def test_pseudonymised_report_keeps_statistics_fields(scenario) -> None:
    report = scenario[ReportStatus.REGISTERED]
    places = list(ReportPlace.objects.filter(report=report).values("kind", "municipality"))
    forms = list(ReportExploitationForm.objects.filter(report=report).values("form"))
    retention_run(today=LATER, dry_run=False)

    report.refresh_from_db()
    record = PersonRecord.objects.get(report=report)
    assert report.pseudonymised_at is not None
    assert report.status == ReportStatus.REGISTERED
    assert report.reported_on == date(2026, 3, 2)
    assert report.reporting_organisation_id is not None
    assert (report.narrative, report.health_notes, report.decision_note) == ("", "", "")
    assert (record.given_names, record.family_name, record.phone) == ("", "", "")
    assert record.birth_date is None
    assert record.birth_year == 1999
    assert record.birth_date_precision == DatePrecision.YEAR
    assert record.gender == "female"
    assert [str(c) for c in record.nationalities] == ["RO"]
    assert record.search_text == ""
    assert not IdentityDocument.objects.filter(person_record=record).exists()
    suspect = Suspect.objects.get(report=report)
    assert (suspect.name, suspect.notes, suspect.relation) == ("", "", "partner")
    assert list(ReportPlace.objects.filter(report=report).values("kind", "municipality")) == places
    assert list(ReportExploitationForm.objects.filter(report=report).values("form")) == forms
    assert Assessment.objects.get(report=report).note == ""
    # The recent registration is untouched.
    recent = PersonRecord.objects.get(report=scenario["recent"])
    assert recent.family_name == "Jansen"


def test_retention_audit_events_keep_no_personal_data(scenario) -> None:
    start = AuditEvent.objects.order_by("-sequence").first().sequence
    retention_run(today=LATER, dry_run=False)
    events = AuditEvent.objects.filter(sequence__gt=start)
    deletions = events.filter(action="delete", object_type="registry.report")
    assert deletions.count() == 3
    dumped = json.dumps([[e.object_id, e.subject_person_id, e.details] for e in events])
    for text in PERSONAL_STRINGS:
        assert text not in dumped


def test_cli_dry_run_prints_the_report_and_changes_nothing(scenario) -> None:
    before = _snapshot()
    result = CliRunner().invoke(
        cli_app, ["retention", "run", "--dry-run", "--today", LATER.isoformat()]
    )
    assert result.exit_code == 0, result.output
    assert "registry-drafts" in result.output
    assert "would" in result.output
    assert "nothing was changed" in result.output
    assert _snapshot() == before


def test_review_pairs_of_deleted_records_go_with_them(scenario) -> None:
    from schakel.linkage.models import LinkageRun, ReviewPair

    run = LinkageRun.objects.create(
        started_at=FROZEN,
        model_file="model.json",
        model_sha256="0" * 64,
        match_threshold=0.9,
        review_threshold=0.5,
    )

    def pair(a: Report, b: Report) -> ReviewPair:
        low, high = sorted([a.person.pk, b.person.pk])
        return ReviewPair.objects.create(
            run=run, record_a=low, record_b=high, match_probability=0.7, match_weight=1.0
        )

    orphaned = pair(scenario[ReportStatus.WITHDRAWN], scenario["recent"])
    kept = pair(scenario[ReportStatus.REGISTERED], scenario["recent"])
    dry = {o.code: o.rows for o in retention_run(today=LATER, dry_run=True)}
    assert dry["linkage-review-pairs"] == 0  # the record still exists before the run

    first = {o.code: o.rows for o in retention_run(today=LATER, dry_run=False)}
    assert first["linkage-review-pairs"] == 1
    assert not ReviewPair.objects.filter(pk=orphaned.pk).exists()
    assert ReviewPair.objects.filter(pk=kept.pk).exists()
    assert AuditEvent.objects.filter(
        object_type="linkage.reviewpair", object_id=str(orphaned.pk), action="delete"
    ).exists()
