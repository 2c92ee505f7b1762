"""Loading synthetic data: the bulk path writes valid, audited, encrypted rows, and the demo
loader (`schakel demo`) is idempotent."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from typer.testing import CliRunner

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.cli import app
from schakel.core.audit import verify_chain
from schakel.core.errors import InvalidInput
from schakel.core.models import AuditEvent
from schakel.registry import selectors
from schakel.registry.bulk import BulkReport, BulkStep, reports_bulk_load
from schakel.registry.choices import ReportStatus
from schakel.registry.models import PersonRecord, Report, SamePersonDecision
from schakel.registry.selectors import ReportSearch
from schakel.registry.synthetic import GeneratorConfig
from schakel.registry.synthetic.load import load
from tests.registry.factories import person_input, report_input

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


@pytest.fixture
def actors(make_user, shelter_org):
    """A police reporter, a shelter reporter and a registrar: what `find_actors` needs."""
    make_user(Role.REPORTER)
    make_user(Role.CASE_WORKER, organisation=shelter_org)
    return make_user(Role.REGISTRAR)


@pytest.fixture
def loaded(actors):
    config = GeneratorConfig(today=TODAY, seed=4, years=1, scale=0.1)
    return load(config=config, key="test", keep_truth=True)


def test_bulk_rows_follow_the_workflow(loaded) -> None:
    assert loaded.created == Report.objects.count() > 100
    for report in Report.objects.prefetch_related("transitions"):
        transitions = list(report.transitions.all())
        if report.status == ReportStatus.DRAFT:
            assert transitions == []
            assert report.submitted_at is None
            continue
        assert transitions[-1].to_status == report.status
        assert transitions[0].from_status == ReportStatus.DRAFT
        assert report.submitted_at is not None
        assert report.decision_due_on is not None
        assert (report.decided_at is not None) == (
            report.status in {"registered", "not_registered"}
        )
        assert (report.not_registered_reason_id is not None) == (
            report.status == ReportStatus.NOT_REGISTERED
        )
        assert report.submitted_at <= timezone.now()
    numbers = list(Report.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)


def test_bulk_load_is_audited_once_per_batch_and_the_chain_holds(loaded) -> None:
    events = AuditEvent.objects.filter(details__batch__startswith="test:")
    assert events.count() == len(loaded.batches_loaded) >= 1
    assert sum(e.details["count"] for e in events) == loaded.created
    assert all(e.action == "create" and e.purpose == "system" for e in events)
    assert verify_chain().intact


def test_sensitive_fields_are_encrypted_in_the_database(loaded) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT narrative FROM registry_report WHERE narrative <> ''")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored
    assert all(value.startswith("enc:v1:") for value in stored)
    assert Report.objects.exclude(narrative="").first().narrative.endswith(".")


def test_linked_records_share_a_person_and_the_truth_is_kept(loaded, tmp_path) -> None:
    decisions = SamePersonDecision.objects.select_related("record_a", "record_b")
    for decision in decisions:
        assert decision.record_a.person_id == decision.record_b.person_id
    truth = {number: person for number, person, _index, _variations in loaded.truth}
    assert set(truth) == set(Report.objects.values_list("number", flat=True))
    persons_in_truth = len(set(truth.values()))
    assert persons_in_truth < len(truth), "some persons were reported more than once"
    for decision in decisions:
        assert truth[decision.record_a.report.number] == truth[decision.record_b.report.number]


def test_generated_reports_are_found_by_the_registrar(loaded, actors) -> None:
    record = (
        PersonRecord.objects.exclude(family_name="")
        .exclude(report__status=ReportStatus.DRAFT)
        .first()
    )
    actors.is_verified = lambda: True
    found, total = selectors.reports_search(
        actor=actors, query=ReportSearch(name=record.family_name)
    )
    assert record.report in found or total > len(found)


def test_bulk_refuses_bad_items_naming_them_and_writes_nothing(actors) -> None:
    reporter = User.objects.get(roles__role=Role.REPORTER)
    good = BulkReport(
        data=report_input(), organisation_id=reporter.organisation_id, reported_by_id=reporter.pk
    )
    nameless = replace(good, data=report_input(person=person_input(given_names="", family_name="")))
    now = timezone.now()
    skipping = replace(good, history=(BulkStep("registered", now, actors.pk),))
    with pytest.raises(InvalidInput) as excinfo:
        reports_bulk_load(items=[good, nameless, skipping], batch="bad", today=TODAY)
    fields = {field for field, _message in excinfo.value.errors}
    assert {"items[1].person", "items[2].history"} <= fields
    assert Report.objects.count() == 0
    assert not AuditEvent.objects.filter(details__batch="bad").exists()


def test_bulk_numbers_continue_the_service_sequence(actors, make_report) -> None:
    first = make_report()
    reporter = first.reported_by
    submitted = timezone.now() - timedelta(hours=1)
    item = BulkReport(
        data=report_input(reported_on=first.reported_on),
        organisation_id=reporter.organisation_id,
        reported_by_id=reporter.pk,
        history=(BulkStep("submitted", submitted, reporter.pk),),
    )
    [bulk] = reports_bulk_load(items=[item], batch="one", today=TODAY)
    year = first.reported_on.year
    assert (first.number, bulk.number) == (f"MH-{year}-000001", f"MH-{year}-000002")
    assert make_report().number == f"MH-{year}-000003"


def test_schakel_demo_loads_the_slice_once(db, tmp_path) -> None:
    runner = CliRunner()
    truth = tmp_path / "truth.csv"
    # Linkage of the demo has its own test (tests/linkage/test_services.py).
    first = runner.invoke(
        app, ["demo", "--no-codes", "--no-link", "--seed", "8", "--truth", str(truth)]
    )
    assert first.exit_code == 0, first.output
    count = Report.objects.count()
    assert 100 <= count <= 220
    assert set(Report.objects.values_list("reporting_organisation__name", flat=True)) <= set(
        Report.objects.values_list("reported_by__organisation__name", flat=True)
    )
    assert all(
        name.endswith("(demo)")
        for name in Report.objects.values_list("reporting_organisation__name", flat=True)
    )
    with truth.open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == count
    again = runner.invoke(app, ["demo", "--no-codes", "--no-link", "--seed", "8"])
    assert again.exit_code == 0, again.output
    assert "0 loaded" in again.output
    assert Report.objects.count() == count
