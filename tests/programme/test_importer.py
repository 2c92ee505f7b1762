"""The importer of the 2004 plan: all 68 actions with their fields; idempotent; all or
nothing; a changed text shows what would change before anything is written."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from schakel.cli import app
from schakel.core.models import AuditEvent
from schakel.programme.importer import (
    PLAN_2004_DATE,
    PLAN_2004_SLUG,
    plan_import_apply,
    plan_import_preview,
)
from schakel.programme.models import (
    Action,
    EndDateKind,
    Plan,
    ProgressUpdate,
    ReferencePlacement,
    UpdateSource,
)
from schakel.programme.plan_text import parse_plan
from schakel.programme.workflow import ProgressStatus

pytestmark = pytest.mark.django_db
D = dt.date


def _import(text: str) -> Plan:
    preview = plan_import_preview(text=text)
    assert not preview.blocked, preview.errors
    return plan_import_apply(preview=preview, actor=None).plan


def _refs(action: Action, placement: str) -> list[str]:
    return [
        f"{r.source} {r.ref}".strip() for r in action.references.all() if r.placement == placement
    ]


def test_all_68_actions_land_with_their_fields(plan_text: str) -> None:
    plan = _import(plan_text)
    actions = {
        a.number: a for a in plan.actions.prefetch_related("initiators", "references", "updates")
    }
    assert sorted(actions) == list(range(1, 69))
    for number, a in actions.items():
        assert a.text, number
        assert a.theme is not None, number
        assert list(a.initiators.all()), number
        assert a.end_date_text, number
        assert (a.end_date is None) == (a.end_date_kind == EndDateKind.ONGOING), number
    assert plan.issued_on == PLAN_2004_DATE
    assert plan.themes.count() == 22
    # every field of every action is what the parser read, nothing dropped or altered
    for parsed in parse_plan(plan_text, expected_actions=68).actions:
        stored = actions[parsed.number]
        assert stored.text == parsed.text
        assert {m.code for m in stored.initiators.all()} == {str(m) for m in parsed.initiators}
        assert stored.initiators_text == parsed.initiators_text
        assert (stored.end_date, stored.end_date_text) == (
            parsed.end_date.value,
            parsed.end_date.text,
        )
        assert stored.theme.number == parsed.theme.number
        assert _refs(stored, ReferencePlacement.IN_ACTION) == [
            f"{r.source} {r.ref or ''}".strip() for r in parsed.references
        ]
        assert len(_refs(stored, ReferencePlacement.CONTEXT)) == len(set(parsed.context_references))
        assert [u.text for u in stored.updates.all()] == [n.text for n in parsed.progress_notes]
    a1 = actions[1]
    assert a1.text.startswith("Onderzoek naar de risicomomenten voor het schenden van")
    assert a1.theme.number == "2.1"
    assert {m.code for m in a1.initiators.all()} == {"JenV", "BZ"}
    assert (a1.end_date_kind, a1.end_date) == (EndDateKind.EXACT, D(2005, 9, 1))
    assert _refs(a1, ReferencePlacement.CONTEXT)[:2] == ["NRM3 1", "OVSE III 1.1-1.8"]
    # end dates in every form the plan uses
    assert (actions[20].end_date_text, actions[20].end_date) == ("1 sept. 2005", D(2005, 9, 1))
    assert (actions[39].end_date_text, actions[39].end_date) == ("1 sept 2005", D(2005, 9, 1))
    assert (actions[67].end_date_kind, actions[67].end_date) == (
        EndDateKind.APPROXIMATE,
        D(2005, 12, 31),
    )
    assert (actions[25].end_date_text, actions[25].end_date_kind) == (
        "door1opend",
        EndDateKind.ONGOING,
    )
    # initiators: V&I is its own code; "Alle betrokken departementen" is ALL
    assert {m.code for m in actions[10].initiators.all()} == {"VenI", "SZW"}
    assert [m.code for m in actions[68].initiators.all()] == ["ALLE"]
    assert {m.code for m in actions[5].initiators.all()} == {"JenV", "SZW", "FIN"}
    # themes at chapter level and three levels deep
    assert actions[10].theme.number == "3"
    assert actions[41].theme.number == "5.2.1"
    # references: OBP in the action, the rest in the introducing prose, both kept
    assert _refs(actions[41], ReferencePlacement.IN_ACTION) == ["OBP 4.12"]
    assert _refs(actions[11], ReferencePlacement.CONTEXT) == ["OBP 6.3", "OBP 4.5"]
    assert "Unicef 29-2" in _refs(actions[2], ReferencePlacement.CONTEXT)
    assert "TdH 16" in _refs(actions[10], ReferencePlacement.CONTEXT)


def test_progress_notes_become_first_updates_with_postponements(plan_text: str) -> None:
    plan = _import(plan_text)
    notes = ProgressUpdate.objects.filter(action__plan=plan, source=UpdateSource.PLAN_TEXT)
    assert notes.count() == 24
    assert set(notes.values_list("reported_on", flat=True)) == {PLAN_2004_DATE}
    by = {a.number: a for a in plan.actions.all()}
    # 60: end date 1 januari 2005, "Uitstel tot 1 mei 2005" -> delayed with the new date
    assert (by[60].status, by[60].end_date, by[60].due_date) == (
        ProgressStatus.DELAYED,
        D(2005, 1, 1),
        D(2005, 5, 1),
    )
    # 50-52: the column already shows the postponed date -> not delayed again
    for number in (50, 51, 52):
        assert (by[number].status, by[number].due_date) == (ProgressStatus.ON_TRACK, D(2005, 5, 1))
    assert by[41].status == ProgressStatus.ONGOING  # "doorlopend" with a note
    assert by[31].updates.get().heading == "Stand van zaken"
    assert by[1].status == ProgressStatus.NOT_STARTED  # no note


def test_reimport_is_idempotent_and_audited_once(plan_text: str) -> None:
    _import(plan_text)
    events = AuditEvent.objects.filter(details__import=PLAN_2004_SLUG)
    assert events.count() == 1
    assert events.get().details["actions"] == 68
    preview = plan_import_preview(text=plan_text)
    assert preview.plan_exists
    assert preview.changes == []
    result = plan_import_apply(preview=preview, actor=None)
    assert result.changes == 0
    assert AuditEvent.objects.filter(details__import=PLAN_2004_SLUG).count() == 1


def test_changed_text_is_shown_before_it_is_written(plan_text: str) -> None:
    _import(plan_text)
    changed = plan_text.replace(
        "Justitie en BuZa 1 september 2005", "Justitie en BuZa 1 oktober 2005", 1
    )
    assert changed != plan_text
    preview = plan_import_preview(text=changed)
    assert [(c.scope, c.field) for c in preview.changes] == [("actie 1", "einddatum")]
    assert Action.objects.get(number=1).end_date == D(2005, 9, 1)  # nothing written yet
    plan_import_apply(preview=preview, actor=None)
    action = Action.objects.get(number=1)
    assert (action.end_date, action.due_date) == (D(2005, 10, 1), D(2005, 10, 1))


def test_unreadable_text_is_reported_and_nothing_is_written(plan_text: str) -> None:
    broken = plan_text.replace(
        "Justitie en BuZa 1 september 2005", "Justitie en BuZa 1 septober 2005", 1
    )
    preview = plan_import_preview(text=broken)
    assert preview.blocked
    assert any(f.action == 1 and "not readable" in f.reason for f in preview.errors)
    with pytest.raises(ValueError, match="nothing is written"):
        plan_import_apply(preview=preview, actor=None)
    assert not Plan.objects.exists()


def test_cli_import_plan_reports_and_is_idempotent(plan_text: str, tmp_path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(plan_text, encoding="utf-8")
    runner = CliRunner()
    dry = runner.invoke(app, ["programme", "import-plan", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "door1opend" in dry.output
    assert not Plan.objects.exists()
    first = runner.invoke(app, ["programme", "import-plan", str(path)])
    assert first.exit_code == 0, first.output
    assert "Imported" in first.output
    assert Action.objects.count() == 68
    again = runner.invoke(app, ["programme", "import-plan", str(path)])
    assert again.exit_code == 0
    assert "No changes" in again.output
    path.write_text(plan_text.replace("1 september 2005", "1 oktober 2005", 1), "utf-8")
    asked = runner.invoke(app, ["programme", "import-plan", str(path)])
    assert asked.exit_code == 3
    assert "--yes" in asked.output
    assert Action.objects.get(number=1).end_date == D(2005, 9, 1)
    applied = runner.invoke(app, ["programme", "import-plan", str(path), "--yes"])
    assert applied.exit_code == 0
    assert Action.objects.get(number=1).end_date == D(2005, 10, 1)
    path.write_text(plan_text.replace("1 september 2005", "1 septober 2005", 1), "utf-8")
    refused = runner.invoke(app, ["programme", "import-plan", str(path), "--yes"])
    assert refused.exit_code == 1
    assert "nothing was written" in refused.output
