"""`schakel programme …`: import the plan text, load the 2020 programme, send reminders.

Kept apart from schakel/cli.py so the programme's commands live with the programme; Django
is set up inside each command, so `schakel --help` stays fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

programme_app = typer.Typer(
    help="The programme monitor: action plans, progress, reminders.", no_args_is_help=True
)
console = Console()


def _setup() -> None:
    from schakel.cli import setup_django

    setup_django()


def _print_findings(preview: object) -> None:
    findings = preview.findings  # type: ignore[attr-defined]
    if not findings:
        console.print("The parser read everything; nothing was repaired.")
        return
    table = Table("severity", "line", "action", "what", title="Read with repairs, or not read")
    for f in sorted(findings, key=lambda f: (f.severity != "error", f.line or 0)):
        colour = "red" if f.severity == "error" else "yellow"
        table.add_row(
            f"[{colour}]{f.severity}[/{colour}]", str(f.line or "—"), str(f.action or "—"), f.reason
        )
    console.print(table)


def _print_changes(preview: object) -> None:
    changes = preview.changes  # type: ignore[attr-defined]
    if not changes:
        console.print("[green]No changes[/green]: the stored plan already matches this text.")
        return
    table = Table("where", "what", "stored", "in the text", title="What the import changes")
    for c in changes:
        table.add_row(c.scope, c.field, c.old, c.new)
    console.print(table)


@programme_app.command("import-plan")
def import_plan(
    path: Path | None = typer.Argument(  # noqa: B008 -- typer declares arguments so
        None,
        help="The plan text; default: "
        "../shared/seeds/002_f3966eb89609b574.txt beside the "
        "repository, or $SCHAKEL_PLAN_TEXT.",
    ),
    plan_date: str = typer.Option(
        "2004-12-08",
        help="Date of the plan; its progress notes are dated on it (see programme/importer.py).",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change; write nothing."),
    yes: bool = typer.Option(
        False, "--yes", "-y", help="Apply changes to a stored plan without asking."
    ),
) -> None:
    """Import the 2004 action plan: all or nothing, idempotent, with a report of what the
    parser repaired or could not read. Changes to a stored plan are shown first."""
    _setup()
    from schakel.programme.importer import (
        default_plan_text_path,
        plan_import_apply,
        plan_import_preview,
    )

    source = path or default_plan_text_path()
    if not source.is_file():
        console.print(f"[red]Plan text not found[/red]: {source}")
        raise typer.Exit(code=2)
    try:
        issued_on = dt.date.fromisoformat(plan_date)
    except ValueError:
        console.print(f"[red]--plan-date[/red] {plan_date!r} is not a date (YYYY-MM-DD).")
        raise typer.Exit(code=2) from None
    preview = plan_import_preview(
        text=source.read_text(encoding="utf-8"), issued_on=issued_on, source=source.name
    )
    console.print(
        f"{source}: {len(preview.actions)} actions, {len(preview.themes)} themes, "
        f"{sum(len(a.notes) for a in preview.actions)} progress notes, "
        f"{sum(len(a.references) for a in preview.actions)} references."
    )
    _print_findings(preview)
    if preview.blocked:
        console.print(
            f"[red]Not imported[/red]: {len(preview.errors)} error(s) above; nothing was written."
        )
        raise typer.Exit(code=1)
    _print_changes(preview)
    if dry_run or not preview.changes:
        return
    if preview.plan_exists and not yes:
        if not sys.stdin.isatty():
            console.print(
                "[yellow]The stored plan would change[/yellow]; run again with --yes to apply."
            )
            raise typer.Exit(code=3)
        if not typer.confirm("Apply these changes?"):
            raise typer.Exit(code=3)
    result = plan_import_apply(preview=preview, actor=None)
    verb = "Imported" if result.created else "Updated"
    console.print(f"[green]{verb}[/green] {result.plan.title} ({result.changes} change(s)).")


@programme_app.command("load-programme")
def load_programme(
    path: Path | None = typer.Argument(  # noqa: B008 -- typer declares arguments so
        None,
        help="A programme data file (JSON); default: the 2020 programme Samen tegen mensenhandel.",
    ),
) -> None:
    """Load a programme entered as a data file (idempotent)."""
    _setup()
    from schakel.programme.datafile import PROGRAMME_2020, programme_data_load

    plan = programme_data_load(path=path or PROGRAMME_2020, actor=None)
    if plan is None:
        console.print("Already loaded; nothing changed.")
    else:
        console.print(
            f"[green]Loaded[/green] {plan.title}: {plan.actions.count()} parts, "
            f"{plan.indicators.count()} indicators."
        )


@programme_app.command("reminders")
def reminders(
    days: int = typer.Option(30, help="Remind this many days before an end date."),
    today: str = typer.Option("", help="Pretend it is this day (YYYY-MM-DD)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="List, send nothing."),
) -> None:
    """E-mail programme officers about end dates that approach or have passed (once each)."""
    _setup()
    from django.utils import timezone

    from schakel.programme.reminders import reminders_due, reminders_send

    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    found = (
        reminders_due(today=day, days_ahead=days)
        if dry_run
        else reminders_send(today=day, days_ahead=days)
    )
    table = Table("plan", "action", "due", "kind", "to", title=f"Reminders on {day}")
    for r in found:
        table.add_row(
            r.action.plan.slug,
            str(r.action.number),
            str(r.due_date),
            str(r.kind),
            ", ".join(u.get_username() for u in r.recipients) or "[red]nobody[/red]",
        )
    console.print(table)
    console.print(
        ("Would send" if dry_run else "Sent")
        + f" {sum(1 for r in found if r.recipients)} reminder(s); "
        f"{sum(1 for r in found if not r.recipients)} without a linked ministry."
    )
