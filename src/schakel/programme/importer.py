"""Import of a plan text (the 2004 Nationaal Actieplan Mensenhandel) into the monitor.

`plan_import_preview` parses the text and compares it with what is stored: it writes
nothing and lists every change, every repair the parser made (warnings) and everything it
could not read (errors). `plan_import_apply` writes a preview in one transaction, and only
when it has no errors: an import is all or nothing, and importing the same text twice
changes nothing.

Choices, stated once:
- The plan is dated 8 December 2004. Its text speaks of 7 December 2004 as past (footnote
  19: the bill was passed by the Eerste Kamer) and of 15 December 2004 as future (the
  meeting with municipalities), so 8 December is the first day consistent with both. The
  progress notes that come with the text ("Voortgang:", "Stand van zaken:") become the
  first progress updates of their actions, dated on that day. `--plan-date` overrides it.
- A note's status: "Uitstel tot <date>" with a date later than the end date in the column
  makes the action delayed with that new date (action 60). Where the column already shows
  the postponed date (actions 50-52) the action is not delayed again; the importer says so.
  Otherwise an action with a note is on track, or ongoing when its end date is
  "doorlopend". The importer never reads completion into prose ("is gerealiseerd"):
  programme officers record that themselves.
- References cited inside the action text are stored as "in de actie"; citations in the
  prose that introduces a group of actions as "in de toelichting" for each action of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from schakel.core.models import AuditAction

from . import workflow
from .models import (
    OPEN_ENDED,
    Action,
    ActionReference,
    EndDateKind,
    Ministry,
    Plan,
    PlanKind,
    ProgressUpdate,
    ReferencePlacement,
    Theme,
    UpdateSource,
)
from .plan_model import Severity
from .plan_text import DateKind, ParsedPlan, parse_plan
from .services import _audit, ministries_ensure
from .workflow import ProgressStatus, Step

if TYPE_CHECKING:
    from schakel.accounts.models import User

SEED_FILE_NAME = "002_f3966eb89609b574.txt"
PLAN_2004_SLUG = "nationaal-actieplan-mensenhandel-2004"
PLAN_2004_TITLE = "Nationaal Actieplan Mensenhandel (2004)"
PLAN_2004_DATE = dt.date(2004, 12, 8)
PLAN_2004_ACTIONS = 68


def default_plan_text_path() -> Path:
    """The seed text beside the repository (../shared/seeds/), or $SCHAKEL_PLAN_TEXT."""
    configured = os.environ.get("SCHAKEL_PLAN_TEXT")
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR).parent / "shared" / "seeds" / SEED_FILE_NAME


@dataclass(frozen=True)
class NoteSpec:
    heading: str
    text: str
    status: ProgressStatus
    new_end_date: dt.date | None


@dataclass(frozen=True)
class ActionSpec:
    number: int
    text: str
    theme_number: str | None
    initiators: tuple[str, ...]
    initiators_text: str
    end_date_kind: EndDateKind
    end_date: dt.date | None
    end_date_text: str
    references: tuple[tuple[str, str, str], ...]  # (source, ref, placement)
    notes: tuple[NoteSpec, ...]
    source_lines: str


@dataclass(frozen=True)
class ThemeSpec:
    number: str
    title: str
    chapter_number: str
    chapter_title: str


@dataclass(frozen=True)
class Change:
    scope: str  # "plan", "thema 4.2", "actie 12"
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Finding:
    """Something the reader of the import must see: an error blocks the import."""

    severity: Severity
    line: int | None
    action: int | None
    reason: str


@dataclass
class ImportPreview:
    slug: str
    title: str
    issued_on: dt.date
    source: str
    sha256: str
    plan_exists: bool
    themes: list[ThemeSpec]
    actions: list[ActionSpec]
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def blocked(self) -> bool:
        return bool(self.errors)

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)


@dataclass(frozen=True)
class ImportResult:
    plan: Plan
    created: bool
    changes: int


# -- from the parsed text to what should be stored ----------------------------------------


_END_KIND = {
    DateKind.EXACT: EndDateKind.EXACT,
    DateKind.APPROXIMATE: EndDateKind.APPROXIMATE,
    DateKind.ONGOING: EndDateKind.ONGOING,
}


def _notes(
    *,
    action_number: int,
    parsed_action: object,
    end_kind: EndDateKind,
    end_date: dt.date | None,
    starts_on: dt.date,
    findings: list[Finding],
) -> tuple[NoteSpec, ...]:
    notes: list[NoteSpec] = []
    due = end_date
    state_status = ProgressStatus.NOT_STARTED
    for note in parsed_action.progress_notes:  # type: ignore[attr-defined]
        new_date = None
        if note.postponed_to is not None and note.postponed_to.value is not None:
            if due is None or note.postponed_to.value > due:
                new_date = note.postponed_to.value
            else:
                findings.append(
                    Finding(
                        Severity.WARNING,
                        note.line,
                        action_number,
                        (
                            f"'Uitstel tot {note.postponed_to.text}': the end date column already "
                            "shows this date; not recorded as a new delay"
                        ),
                    )
                )
        if new_date is not None:
            status = ProgressStatus.DELAYED
        elif end_kind in OPEN_ENDED:
            status = ProgressStatus.ONGOING
        else:
            status = ProgressStatus.ON_TRACK
        state = workflow.ActionState(
            status=state_status,
            due_date=due,
            has_fixed_end=end_kind not in OPEN_ENDED,
            starts_on=starts_on,
            last_reported_on=starts_on if notes else None,
        )
        refusals = workflow.check_update(
            state=state,
            status=status,
            reported_on=starts_on,
            new_end_date=new_date,
            text=note.text,
            today=starts_on,
        )
        findings.extend(
            Finding(Severity.ERROR, note.line, action_number, f"note refused: {refusal.message}")
            for refusal in refusals
        )
        notes.append(NoteSpec(note.heading, note.text, status, new_date))
        state_status = status
        due = new_date or due
    return tuple(notes)


def specs_from_parsed(
    parsed: ParsedPlan, *, starts_on: dt.date
) -> tuple[list[ThemeSpec], list[ActionSpec], list[Finding]]:
    findings = [Finding(p.severity, p.line, p.action, p.reason) for p in parsed.problems]
    themes = [
        ThemeSpec(t.number, t.title, t.chapter_number, t.chapter_title) for t in parsed.themes
    ]
    actions: list[ActionSpec] = []
    for a in parsed.actions:
        if a.end_date is None:
            continue  # reported by the parser as an error: the import is blocked
        kind = _END_KIND[a.end_date.kind]
        refs: list[tuple[str, str, str]] = []
        for placement, found in (
            (ReferencePlacement.IN_ACTION, a.references),
            (ReferencePlacement.CONTEXT, a.context_references),
        ):
            refs.extend((str(r.source), r.ref or "", str(placement)) for r in found)
        actions.append(
            ActionSpec(
                number=a.number,
                text=a.text,
                theme_number=a.theme.number if a.theme else None,
                initiators=tuple(sorted(str(m) for m in a.initiators)),
                initiators_text=a.initiators_text,
                end_date_kind=kind,
                end_date=a.end_date.value,
                end_date_text=a.end_date.text,
                references=tuple(dict.fromkeys(refs)),
                notes=_notes(
                    action_number=a.number,
                    parsed_action=a,
                    end_kind=kind,
                    end_date=a.end_date.value,
                    starts_on=starts_on,
                    findings=findings,
                ),
                source_lines=f"{a.first_line}-{a.last_line}",
            )
        )
    return themes, actions, findings


# -- comparing with what is stored ----------------------------------------------------------


def _stored_action(action: Action) -> ActionSpec:
    notes = tuple(
        NoteSpec(u.heading, u.text, ProgressStatus(u.status), u.new_end_date)
        for u in action.updates.all()
        if u.source == UpdateSource.PLAN_TEXT
    )
    return ActionSpec(
        number=action.number,
        text=action.text,
        theme_number=action.theme.number if action.theme else None,
        initiators=tuple(sorted(m.code for m in action.initiators.all())),
        initiators_text=action.initiators_text,
        end_date_kind=EndDateKind(action.end_date_kind),
        end_date=action.end_date,
        end_date_text=action.end_date_text,
        references=tuple((r.source, r.ref, r.placement) for r in action.references.all()),
        notes=notes,
        source_lines=action.source_lines,
    )


def _short(value: object, limit: int = 90) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def _compare_action(old: ActionSpec, new: ActionSpec) -> list[Change]:
    scope = f"actie {new.number}"
    changes: list[Change] = []
    pairs: list[tuple[str, object, object]] = [
        ("tekst", old.text, new.text),
        ("thema", old.theme_number, new.theme_number),
        ("initiatief", ", ".join(old.initiators), ", ".join(new.initiators)),
        (
            "einddatum",
            f"{old.end_date_text} ({old.end_date_kind}, {old.end_date})",
            f"{new.end_date_text} ({new.end_date_kind}, {new.end_date})",
        ),
        (
            "verwijzingen",
            "; ".join(" ".join(r) for r in sorted(old.references)),
            "; ".join(" ".join(r) for r in sorted(new.references)),
        ),
    ]
    for label, before, after in pairs:
        if before != after:
            changes.append(Change(scope, label, _short(before), _short(after)))
    if old.notes != new.notes:
        changes.append(
            Change(
                scope,
                "voortgang uit de plantekst",
                _short(" | ".join(f"{n.status}: {n.text}" for n in old.notes)),
                _short(" | ".join(f"{n.status}: {n.text}" for n in new.notes)),
            )
        )
    return changes


def plan_import_preview(
    *,
    text: str,
    slug: str = PLAN_2004_SLUG,
    title: str = PLAN_2004_TITLE,
    issued_on: dt.date = PLAN_2004_DATE,
    source: str = SEED_FILE_NAME,
    expected_actions: int | None = PLAN_2004_ACTIONS,
) -> ImportPreview:
    """Parse the text and say what an import would change; writes nothing."""
    parsed = parse_plan(text, expected_actions=expected_actions)
    themes, actions, findings = specs_from_parsed(parsed, starts_on=issued_on)
    preview = ImportPreview(
        slug=slug,
        title=title,
        issued_on=issued_on,
        source=source,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        plan_exists=False,
        themes=themes,
        actions=actions,
        findings=findings,
    )
    plan = Plan.objects.filter(slug=slug).first()
    if plan is None:
        preview.changes.append(
            Change(
                "plan",
                "nieuw",
                "",
                (
                    f"{title}: {len(themes)} thema's, {len(actions)} acties, "
                    f"{sum(len(a.notes) for a in actions)} voortgangsnotities"
                ),
            )
        )
        return preview
    preview.plan_exists = True
    if plan.issued_on != issued_on:
        preview.changes.append(Change("plan", "datum", str(plan.issued_on), str(issued_on)))
    stored_themes = {t.number: t for t in plan.themes.all()}
    for spec in themes:
        old = stored_themes.pop(spec.number, None)
        if old is None:
            preview.changes.append(Change(f"thema {spec.number}", "nieuw", "", spec.title))
        elif (old.title, old.chapter_title) != (spec.title, spec.chapter_title):
            preview.changes.append(Change(f"thema {spec.number}", "titel", old.title, spec.title))
    for number, theme in stored_themes.items():
        preview.changes.append(Change(f"thema {number}", "vervalt", theme.title, ""))
    stored = {
        a.number: a
        for a in plan.actions.select_related("theme").prefetch_related(
            "initiators", "references", "updates"
        )
    }
    for action_spec in actions:
        action = stored.pop(action_spec.number, None)
        if action is None:
            preview.changes.append(
                Change(f"actie {action_spec.number}", "nieuw", "", _short(action_spec.text))
            )
        else:
            preview.changes.extend(_compare_action(_stored_action(action), action_spec))
    for action_number, action in sorted(stored.items()):
        if any(u.source == UpdateSource.MANUAL for u in action.updates.all()):
            preview.findings.append(
                Finding(
                    Severity.ERROR,
                    None,
                    action_number,
                    (
                        "action is no longer in the text but has progress updates entered by "
                        "programme officers; not removed"
                    ),
                )
            )
        else:
            preview.removed.append(action_number)
            preview.changes.append(
                Change(f"actie {action_number}", "vervalt", _short(action.text), "")
            )
    return preview


# -- writing ----------------------------------------------------------------------------------


def _write_notes(action: Action, notes: tuple[NoteSpec, ...], *, plan: Plan) -> None:
    """Replace the notes that came with the plan text, then project the whole history."""
    action.updates.filter(source=UpdateSource.PLAN_TEXT).delete()
    status, due = ProgressStatus.NOT_STARTED, action.end_date
    for note in notes:
        ProgressUpdate.objects.create(
            action=action,
            reported_on=plan.issued_on,
            text=note.text,
            status=note.status,
            previous_status=status,
            new_end_date=note.new_end_date,
            previous_due_date=due,
            heading=note.heading,
            source=UpdateSource.PLAN_TEXT,
            author_name=plan.title,
        )
        status, due = note.status, note.new_end_date or due
    history = action.updates.order_by("reported_on", "id")
    action.status, action.due_date = workflow.project(
        planned_end=action.end_date,
        steps=[Step(ProgressStatus(u.status), u.new_end_date) for u in history],
    )
    action.save(update_fields=["status", "due_date"])


def plan_import_apply(*, preview: ImportPreview, actor: User | None) -> ImportResult:
    """Write the previewed import in one transaction; refuse a preview with errors."""
    if preview.blocked:
        raise ValueError("the preview has errors; nothing is written")
    from .services import full_clean_or_refuse

    ministries = ministries_ensure()
    with transaction.atomic():
        plan = Plan.objects.select_for_update().filter(slug=preview.slug).first()
        created = plan is None
        if plan is None:
            plan = Plan(slug=preview.slug, kind=PlanKind.ACTION_PLAN)
        if not created and not preview.changes:
            return ImportResult(plan, False, 0)
        plan.title, plan.issued_on, plan.source = preview.title, preview.issued_on, preview.source
        plan.source_sha256, plan.imported_at = preview.sha256, timezone.now()
        full_clean_or_refuse(plan)
        plan.save()
        themes = {t.number: t for t in plan.themes.all()}
        for position, spec in enumerate(preview.themes):
            theme = themes.pop(spec.number, None) or Theme(plan=plan, number=spec.number)
            theme.title, theme.chapter_number = spec.title, spec.chapter_number
            theme.chapter_title, theme.position = spec.chapter_title, position
            theme.save()
            themes[spec.number] = theme
        wanted = {spec.number for spec in preview.themes}
        plan.themes.exclude(number__in=wanted).delete()
        stored = {
            a.number: a
            for a in plan.actions.select_related("theme").prefetch_related(
                "initiators", "references", "updates"
            )
        }
        for action_spec in preview.actions:
            action = stored.get(action_spec.number)
            if action is not None and _stored_action(action) == action_spec:
                continue
            _write_action(plan, action, action_spec, themes, ministries)
        plan.actions.filter(number__in=preview.removed).delete()
        _audit(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            object_type="programme.plan",
            object_id=plan.pk,
            details={
                "import": preview.slug,
                "sha256": preview.sha256,
                "actions": len(preview.actions),
                "changes": len(preview.changes),
                "changed": sorted({c.scope for c in preview.changes})[:100],
            },
        )
    return ImportResult(plan, created, len(preview.changes))


def _write_action(
    plan: Plan,
    action: Action | None,
    spec: ActionSpec,
    themes: dict[str, Theme],
    ministries: dict[str, Ministry],
) -> None:
    from .services import full_clean_or_refuse

    old = _stored_action(action) if action is not None else None
    action = action or Action(plan=plan, number=spec.number)
    action.text, action.initiators_text = spec.text, spec.initiators_text
    action.theme = themes.get(spec.theme_number) if spec.theme_number else None
    action.end_date_kind, action.end_date = spec.end_date_kind, spec.end_date
    action.end_date_text, action.source_lines = spec.end_date_text, spec.source_lines
    full_clean_or_refuse(action)
    action.save()
    action.initiators.set([ministries[code] for code in spec.initiators])
    if old is None or old.references != spec.references:
        action.references.all().delete()
        ActionReference.objects.bulk_create(
            ActionReference(action=action, source=source, ref=ref, placement=placement, position=i)
            for i, (source, ref, placement) in enumerate(spec.references)
        )
    if old is None or old.notes != spec.notes or old.end_date != spec.end_date:
        _write_notes(action, spec.notes, plan=plan)


def plan_import_file(
    *, path: Path, actor: User | None, issued_on: dt.date = PLAN_2004_DATE
) -> tuple[ImportPreview, ImportResult | None]:
    """Preview and, when there are no errors, apply: for the demo and for tests."""
    preview = plan_import_preview(
        text=path.read_text(encoding="utf-8"), issued_on=issued_on, source=path.name
    )
    if preview.blocked:
        return preview, None
    return preview, plan_import_apply(preview=preview, actor=actor)
