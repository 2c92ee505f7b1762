"""The `schakel` command: batch work over the same services the web app uses."""

from __future__ import annotations

import os
import sys

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="Schakel: information system of the chain against human trafficking.", no_args_is_help=True
)
audit_app = typer.Typer(help="The audit trail.", no_args_is_help=True)
keys_app = typer.Typer(help="Field-encryption keys.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")
app.add_typer(keys_app, name="keys")
from schakel.programme.cli import programme_app  # noqa: E402 -- sub-app beside the others

app.add_typer(programme_app, name="programme")
console = Console()


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings.local")
    import django

    django.setup()


@audit_app.command("verify")
def audit_verify() -> None:
    """Recompute the hash chain of the audit trail and name the first broken link."""
    setup_django()
    from schakel.core.audit import verify_chain

    report = verify_chain()
    if report.intact:
        console.print(f"[green]Audit chain intact[/green]: {report.checked} events verified.")
        return
    broken = report.first_break
    if broken is None:  # pragma: no cover -- intact handled above
        return
    console.print(
        f"[red]Audit chain broken at event #{broken.sequence}[/red]: "
        f"{broken.reason} ({report.checked} events before it are intact)."
    )
    raise typer.Exit(code=1)


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Re-encrypt all encrypted fields with the active (first) key."""
    setup_django()
    from schakel.core.services import keys_rotate as rotate

    counts = rotate(actor=None)
    table = Table("field", "re-encrypted")
    for label, count in counts.items():
        table.add_row(label, str(count))
    console.print(table)


@app.command("demo")
def demo(
    codes: bool = typer.Option(True, help="Print demo logins with one-time backup codes."),
) -> None:
    """Load the synthetic demo organisations and users (idempotent) and print the logins."""
    setup_django()
    from schakel.core.demo import DEMO_PASSWORD, demo_load

    logins = demo_load()
    if not codes:
        return
    table = Table(
        "user",
        "role",
        "organisation",
        "backup codes (one-time)",
        title=f"Demo logins — password for all: {DEMO_PASSWORD}",
    )
    for login in logins:
        table.add_row(login.username, login.role_label, login.organisation, " ".join(login.codes))
    console.print(table)


@app.command("manage", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command (migrate, runserver, …)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line([f"{sys.argv[0]} manage", *ctx.args])


if __name__ == "__main__":
    app()
