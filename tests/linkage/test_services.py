"""`schakel link` over the registry: merges, splits, undo, decisions first, review, capture."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from schakel.accounts import services as account_services
from schakel.accounts.roles import OrganisationKind, Role
from schakel.core.errors import InvalidInput, NotAllowed
from schakel.linkage import services
from schakel.linkage.engine.model import TrainedModel
from schakel.linkage.engine.run import prepare_all, train_model
from schakel.linkage.engine.synthetic import synthetic_records
from schakel.linkage.models import (
    ChangeKind,
    ClusterChange,
    IntakeKey,
    IntakeRecord,
    IntakeTerm,
    LinkageRun,
    ReviewPair,
    ReviewStatus,
)
from schakel.registry import guards
from schakel.registry import services as registry_services
from schakel.registry.bulk import BulkReport, BulkStep, reports_bulk_load
from schakel.registry.choices import DatePrecision
from schakel.registry.inputs import DocumentInput
from schakel.registry.models import Person, PersonRecord, Report
from tests.registry.factories import person_input, report_input
from tests.shelter.conftest import verified


@pytest.fixture(scope="module")
def model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = synthetic_records(1500, seed=11).drop(columns=["person_key"])
    model = train_model(prepare_all(records), u_pairs=2e5)
    return model.save(tmp_path_factory.mktemp("model") / "model.json")


@pytest.fixture
def linkage_dir(settings, tmp_path: Path, model_file: Path) -> Path:
    settings.LINKAGE_DIR = str(tmp_path)
    (tmp_path / "model.json").write_bytes(model_file.read_bytes())
    return tmp_path


PEOPLE = {
    "anna_police": {"given_names": "Anna", "family_name": "van der Meer"},
    "anna_care": {"given_names": "Anna", "family_name": "Meer, van der"},
    "ioana": {
        "given_names": "Ioana",
        "family_name": "Popescu",
        "birth_date": date(2001, 7, 3),
    },
    "blessing": {
        "given_names": "Blessing",
        "family_name": "Okafor",
        "birth_date": date(1995, 1, 20),
        "nationalities": ("NG",),
    },
}


SUBMITTED_AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _submitted(person: dict[str, Any], *, organisation: Any, reporter: Any) -> BulkReport:
    """A bulk-loaded report about ``person`` (fields of `person_input`), submitted."""
    return BulkReport(
        data=report_input(person=person_input(**person)),
        organisation_id=organisation.pk,
        reported_by_id=reporter.pk,
        history=(BulkStep("submitted", SUBMITTED_AT, reporter.pk),),
    )


@pytest.fixture
def records(db, police_org, registrar_org, make_user) -> dict[str, int]:
    care = account_services.organisation_create(
        actor=None, name="Zorg Test", kind=OrganisationKind.CARE_COORDINATION
    )
    reporter = make_user(Role.REPORTER)
    items = []
    names = []
    for name, fields in PEOPLE.items():
        organisation = care if name == "anna_care" else police_org
        items.append(_submitted(fields, organisation=organisation, reporter=reporter))
        names.append(name)
    # A record with only a description: nothing to link on.
    nothing = {
        "given_names": "",
        "family_name": "",
        "birth_date": None,
        "birth_date_precision": DatePrecision.UNKNOWN,
        "description": "Jonge vrouw, lang donker haar.",
    }
    items.append(_submitted(nothing, organisation=police_org, reporter=reporter))
    names.append("unknown")
    reports = reports_bulk_load(items=items, batch="linkage-test", today=date(2026, 3, 3))
    return {n: r.person.pk for n, r in zip(names, reports, strict=True)}


def _person(record_id: int) -> int:
    return PersonRecord.objects.get(pk=record_id).person_id


def test_run_merges_the_same_person_and_leaves_unusable_records_alone(
    linkage_dir: Path, records: dict[str, int]
) -> None:
    run = services.run()
    assert _person(records["anna_police"]) == _person(records["anna_care"])
    assert len({_person(records[n]) for n in ("anna_police", "ioana", "blessing")}) == 3
    assert run.unusable_records == [records["unknown"]]
    assert run.merges == 1
    # The intake index holds every usable record, not the one without identifying fields.
    indexed = set(IntakeRecord.objects.values_list("record_id", flat=True))
    assert indexed == {r for n, r in records.items() if n != "unknown"}


def test_the_demo_trains_on_the_generator_and_links_once(
    settings, tmp_path: Path, records: dict[str, int]
) -> None:
    settings.LINKAGE_DIR = str(tmp_path)
    run = services.demo_link(training_records=1500, seed=11)
    assert run is not None
    assert run.merges == 1  # the two Anna van der Meers
    model = TrainedModel.load(tmp_path / "model.json")
    assert model.trained_on["source"] == "synthetic generator (demo only)"
    assert IntakeRecord.objects.count() == 4
    assert services.demo_link(training_records=1500, seed=11) is None  # once
    assert LinkageRun.objects.count() == 1


def test_undo_restores_both_persons_exactly(linkage_dir: Path, records: dict[str, int]) -> None:
    before = {p.pk: (p.pseudonym, p.created_at) for p in Person.objects.all()}
    owners = {r: _person(r) for r in records.values()}
    services.run()
    change = ClusterChange.objects.get(kind=ChangeKind.MERGE)
    services.change_undo(change_id=change.pk)
    assert {p.pk: (p.pseudonym, p.created_at) for p in Person.objects.all()} == before
    assert {r: _person(r) for r in records.values()} == owners
    with pytest.raises(InvalidInput):
        services.change_undo(change_id=change.pk)


def test_a_rejected_pair_is_never_merged_by_the_model(
    linkage_dir: Path, records: dict[str, int], make_user
) -> None:
    registrar = make_user(Role.REGISTRAR)
    registry_services.persons_mark_different(
        actor=registrar,
        record_a=PersonRecord.objects.get(pk=records["anna_police"]),
        record_b=PersonRecord.objects.get(pk=records["anna_care"]),
    )
    services.run()
    services.run()
    assert _person(records["anna_police"]) != _person(records["anna_care"])


def test_a_confirmed_pair_stays_together_against_the_model(
    linkage_dir: Path, records: dict[str, int], make_user
) -> None:
    registrar = make_user(Role.REGISTRAR)
    registry_services.persons_link_same(
        actor=registrar,
        record_a=PersonRecord.objects.get(pk=records["ioana"]),
        record_b=PersonRecord.objects.get(pk=records["blessing"]),
    )
    services.run()
    assert _person(records["ioana"]) == _person(records["blessing"])


def test_review_decision_is_stored_as_a_registry_decision(
    linkage_dir: Path, records: dict[str, int], make_user
) -> None:
    run = services.run()
    low, high = sorted((records["ioana"], records["blessing"]))
    pair = ReviewPair.objects.create(
        run=run, record_a=low, record_b=high, match_probability=0.7, match_weight=1.2
    )
    with pytest.raises(NotAllowed):
        services.review_decide(actor=make_user(Role.REPORTER), pair_id=pair.pk, same_person=True)
    registrar = verified(make_user(Role.REGISTRAR))
    decided = services.review_decide(actor=registrar, pair_id=pair.pk, same_person=True)
    assert decided.status == ReviewStatus.CONFIRMED
    assert _person(low) == _person(high)
    services.run()  # the model does not undo the registrar
    assert _person(low) == _person(high)


def test_intake_check_names_the_existing_person(
    linkage_dir: Path, records: dict[str, int], make_user
) -> None:
    services.run()
    registrar = make_user(Role.REGISTRAR)
    new = {
        "unique_id": -1,
        "given_names": "Ioana",
        "family_name": "Popesku",
        "birth_date": date(2001, 7, 3),
        "gender": "female",
        "nationality": "RO",
    }
    found = services.possible_same_persons(actor=registrar, record=new)
    assert [f["person_id"] for f in found] == [_person(records["ioana"])]
    assert services.possible_same_persons(actor=make_user(Role.REPORTER), record=new) == []


MIHAI = {"given_names": "Mihai", "family_name": "Ionescu", "birth_date": date(1988, 11, 2)}
PROBE = {
    "unique_id": None,
    "given_names": "Mihai",
    "family_name": "Ionesku",
    "birth_date": date(1988, 11, 2),
}


def test_a_report_is_in_the_intake_index_as_soon_as_it_is_committed(
    linkage_dir: Path, records: dict[str, int], make_user, django_capture_on_commit_callbacks
) -> None:
    services.run()
    registrar, reporter = make_user(Role.REGISTRAR), make_user(Role.REPORTER)
    assert services.possible_same_persons(actor=registrar, record=PROBE) == []
    with django_capture_on_commit_callbacks(execute=True):
        draft = registry_services.report_create(
            actor=reporter, data=report_input(person=person_input(**MIHAI))
        )
    # A draft is not a report yet: not in the index.
    assert not IntakeRecord.objects.filter(record_id=draft.person.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        report = registry_services.report_create(
            actor=reporter, data=report_input(person=person_input(**MIHAI)), submit=True
        )
    record = report.person
    assert IntakeRecord.objects.filter(record_id=record.pk).exists()
    found = services.possible_same_persons(actor=registrar, record=PROBE)
    assert [(f["person_id"], f["record_id"]) for f in found] == [(record.person_id, record.pk)]
    # Merged into another person since: the check names the person the record is in now.
    registry_services.persons_link_same(
        actor=registrar,
        record_a=PersonRecord.objects.get(pk=records["ioana"]),
        record_b=PersonRecord.objects.get(pk=record.pk),
    )
    found = services.possible_same_persons(actor=registrar, record=PROBE)
    assert [f["person_id"] for f in found] == [_person(record.pk)]
    # Deleted (as retention does): out of the index when the deletion commits.
    with django_capture_on_commit_callbacks(execute=True):
        PersonRecord.objects.get(pk=record.pk).report.delete()
    assert not IntakeRecord.objects.filter(record_id=record.pk).exists()
    assert services.possible_same_persons(actor=registrar, record=PROBE) == []


def test_the_index_is_rebuilt_after_a_bulk_load(
    linkage_dir: Path, records: dict[str, int], make_user
) -> None:
    """Bulk loads send no signals: `schakel link index` writes the whole index."""
    assert not IntakeRecord.objects.exists()
    assert services.index_rebuild() == 4  # the record without identifying fields is left out
    registrar = make_user(Role.REGISTRAR)
    probe = {
        **PROBE,
        "given_names": "Blessing",
        "family_name": "Okafor",
        "birth_date": date(1995, 1, 20),
        # In an index of four records every name is common (a quarter of them), so the
        # name alone weighs little: the probe says what the record says.
        "nationality": "NG",
    }
    found = services.possible_same_persons(actor=registrar, record=probe)
    assert [f["record_id"] for f in found] == [records["blessing"]]


def test_term_frequencies_are_written_with_the_index_and_used(
    linkage_dir: Path, records: dict[str, int], make_user
) -> None:
    model = TrainedModel.load(linkage_dir / "model.json")
    for comparison in model.settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level["sql_condition"].replace('"', "") == "given_l = given_r":
                level["tf_adjustment_column"] = "given"
                level["tf_adjustment_weight"] = 1.0
    model.save(linkage_dir / "model.json")
    services.run()
    terms = dict(IntakeTerm.objects.filter(column_name="given").values_list("value", "frequency"))
    # Share of the records with a given name (the fifth record has none).
    assert terms == {"anna": 0.5, "ioana": 0.25, "blessing": 0.25}
    probe = {
        "unique_id": None,
        "given_names": "Ioana",
        "family_name": "Popesku",
        "birth_date": date(2001, 7, 3),
        "gender": "female",
        "nationality": "RO",
    }
    found = services.possible_same_persons(actor=make_user(Role.REGISTRAR), record=probe)
    assert [f["person_id"] for f in found] == [_person(records["ioana"])]


def test_the_intake_check_leaves_restricted_persons_out(
    linkage_dir: Path, records: dict[str, int], make_user, monkeypatch
) -> None:
    """Art. 18: a restricted person is never suggested, and their own report not checked."""
    services.run()
    registrar = make_user(Role.REGISTRAR)
    probe = {
        "unique_id": None,
        "given_names": "Ioana",
        "family_name": "Popesku",
        "birth_date": date(2001, 7, 3),
        "gender": "female",
        "nationality": "RO",
    }
    ioana = _person(records["ioana"])
    assert [
        f["person_id"] for f in services.possible_same_persons(actor=registrar, record=probe)
    ] == [ioana]
    monkeypatch.setattr(guards, "_RESTRICTED", [lambda: {ioana}])
    assert services.possible_same_persons(actor=registrar, record=probe) == []
    blessing = {
        "unique_id": records["blessing"],
        "person_id": _person(records["blessing"]),
        "given_names": "Blessing",
        "family_name": "Okafor",
        "birth_date": date(1995, 1, 20),
    }
    monkeypatch.setattr(guards, "_RESTRICTED", [lambda: {blessing["person_id"]}])
    assert services.possible_same_persons(actor=registrar, record=blessing) == []


def test_capture_table_is_readable_by_the_estimate(
    linkage_dir: Path, records: dict[str, int], tmp_path: Path
) -> None:
    services.run()
    table = services.capture_frame()
    assert list(table.columns) == [
        "year",
        "police",
        "marechaussee",
        "labour_inspectorate",
        "care_coordination",
        "shelter",
        "other",
        "count",
    ]
    # Anna was seen by police and care coordination: one person, one pattern with both.
    both = table[(table.police == 1) & (table.care_coordination == 1)]
    assert int(both["count"].sum()) == 1
    assert int(table["count"].sum()) == 4  # five records, four persons
    from schakel.monitor.mse_report import load_tables

    path = tmp_path / "capture.csv"
    services.capture_frame(drop_empty_lists=True).to_csv(path, index=False)
    tables = load_tables(path, strata=["year"])
    assert sum(int(t.counts.sum()) for t in tables.values()) == 4


VARIED_PEOPLE = [
    {"given_names": "Anna Maria", "family_name": "van der Meer", "aliases": ("Annie",)},
    {"given_names": "Anna", "family_name": "Meer, van der", "birth_date": None, "birth_year": 1990},
    {"given_names": "Jan-Willem", "family_name": "de Vries-Bakker", "birth_date": None},
    {"given_names": "Huu Cuong", "family_name": "Nguyen", "aliases": ("Cuong", "Nguyen Huu")},
    {"given_names": "Thi Lan", "family_name": "Vu Van Dinh", "gender": "unknown"},
    {"given_names": "", "family_name": "El Amrani", "phone": "+31 6 1234 5678"},
    {"given_names": "Zoë", "family_name": "D'Hondt", "birth_date": None, "birth_year": None},
    {"given_names": "Ioana", "family_name": "Popescu", "nationalities": ("RO", "MD")},
    {
        "given_names": "Blessing",
        "family_name": "Okafor",
        "birth_place": "Benin City",
        "municipality_of_stay": "'s-Hertogenbosch",
    },
    {"given_names": "", "family_name": "", "aliases": ("Mimi",), "birth_date": None},
    {"given_names": "Olena", "family_name": "ter Horst", "document": "ab-123 456"},
    {"given_names": "", "family_name": "", "birth_date": None, "description": "Jonge man."},
]


def _index_rows() -> dict[int, tuple[str, list[int]]]:
    keys: dict[int, list[int]] = {}
    for key, record in IntakeKey.objects.values_list("key_hash", "record_id"):
        keys.setdefault(record, []).append(key)
    return {
        r: (data, sorted(keys.get(r, [])))
        for r, data in IntakeRecord.objects.values_list("record_id", "data")
    }


def test_refreshing_a_record_writes_the_rows_a_full_index_writes(
    db, police_org, make_user, monkeypatch
) -> None:
    """The per-save refresh (`prepare_one`, plain Python) and `schakel link index` (pandas)
    give each record the same data and keys: particles, missing dates, aliases, documents."""
    reporter = make_user(Role.REPORTER)
    items = []
    for person in VARIED_PEOPLE:
        fields = dict(person)
        document = fields.pop("document", None)
        if fields.get("birth_date", date(1999, 4, 12)) is None:
            fields["birth_date_precision"] = (
                DatePrecision.YEAR if fields.get("birth_year") else DatePrecision.UNKNOWN
            )
        if document:
            fields["documents"] = (DocumentInput(document_type="passport", number=document),)
        items.append(_submitted(fields, organisation=police_org, reporter=reporter))
    reports = reports_bulk_load(items=items, batch="intake-test", today=date(2026, 3, 3))
    ids = [r.person.pk for r in reports]
    assert services.index_rebuild() == len(ids) - 1  # the last one has nothing identifying
    full = _index_rows()
    assert sum(1 for _, keys in full.values() if keys) >= len(ids) - 3
    IntakeKey.objects.all().delete()
    IntakeRecord.objects.all().delete()
    for record_id in ids[::2]:
        services.intake_refresh([record_id])
    services.intake_refresh([], [r.pk for r in reports[1::2]])
    assert _index_rows() == full
    # Refreshing again replaces (no duplicate keys), and a record that became a draft leaves.
    services.intake_refresh(ids)
    assert _index_rows() == full
    PersonRecord.objects.filter(pk=ids[0]).update(given_names="Anneke")
    services.intake_refresh([ids[0]])
    changed = _index_rows()
    assert changed[ids[0]] != full[ids[0]]
    services.index_rebuild()
    assert _index_rows() == changed
    # Restricted (art. 18) or back to a draft: out of the index at the next refresh.
    restricted = PersonRecord.objects.get(pk=ids[2]).person_id
    monkeypatch.setattr(guards, "_RESTRICTED", [lambda: {restricted}])
    Report.objects.filter(pk=reports[3].pk).update(status="draft")
    services.intake_refresh([ids[2]], [reports[3].pk])
    assert set(_index_rows()) == set(changed) - {ids[2], ids[3]}


@pytest.mark.django_db(transaction=True)
def test_a_failed_refresh_is_logged_and_keeps_the_report(
    linkage_dir: Path, records: dict[str, int], make_user, monkeypatch, caplog
) -> None:
    """Committed for real (transaction=True): Django runs the robust callback and logs."""
    services.index_rebuild()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(services, "intake_refresh", broken)
    with transaction.atomic():
        report = registry_services.report_create(
            actor=make_user(Role.REPORTER),
            data=report_input(person=person_input(**MIHAI)),
            submit=True,
        )
    assert PersonRecord.objects.filter(pk=report.person.pk).exists()
    assert not IntakeRecord.objects.filter(record_id=report.person.pk).exists()
    assert "index unavailable" in caplog.text
