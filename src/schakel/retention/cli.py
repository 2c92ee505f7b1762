"""`schakel retention …`: apply the retention rules. Django is set up inside each command."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

retention_app = typer.Typer(
    help="Retention: delete or pseudonymise personal data past its term.", no_args_is_help=True
)
console = Console()


def _today(value: str | None) -> date:
    from django.utils import timezone

    return date.fromisoformat(value) if value else timezone.localdate()


@retention_app.command("run")
def run(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only report what would happen; change nothing.")
    ] = False,
    today: Annotated[
        str | None, typer.Option(help="Run as if it were this day (YYYY-MM-DD); default: today.")
    ] = None,
) -> None:
    """Apply every retention rule in force; safe to run again (run it daily)."""
    from schakel.cli import setup_django

    setup_django()
    from .services import retention_run

    day = _today(today)
    outcomes = retention_run(today=day, dry_run=dry_run)
    title = f"Retention {'dry run' if dry_run else 'run'} on {day.isoformat()}"
    table = Table(title=title)
    for column in ("rule", "table", "action", "term (days)", "cut-off", "rows", "held"):
        table.add_column(column, no_wrap=column in {"rule", "cut-off"})
    for o in outcomes:
        table.add_row(
            o.code,
            o.table,
            o.action if not dry_run else f"would {o.action}",
            str(o.term_days),
            o.cutoff.isoformat(),
            str(o.rows),
            str(o.held),
        )
    console.print(table)
    if dry_run:
        console.print("Dry run: nothing was changed.")


@retention_app.command("rules")
def rules() -> None:
    """List every version of every retention rule, with its source."""
    from schakel.cli import setup_django

    setup_django()
    from .selectors import rule_history

    table = Table(title="Retention rules")
    for column in ("rule", "valid from", "action", "term (days)", "source"):
        table.add_column(column)
    for rule in rule_history():
        table.add_row(
            rule.code, rule.valid_from.isoformat(), rule.action, str(rule.term_days), rule.source
        )
    console.print(table)
