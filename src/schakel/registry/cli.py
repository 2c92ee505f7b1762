"""`schakel registry …`: import reports from a file, export registered victims (HTCDS).

Kept apart from schakel/cli.py so the registry's commands live with the registry; Django is
set up inside each command, so `schakel --help` stays fast. The console operator acts in the
name of a user (`--as`), whose roles decide what is allowed and who is in the audit trail.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from schakel.accounts.models import User

registry_app = typer.Typer(
    help="The central registration of (possible) victims.", no_args_is_help=True
)
console = Console()


def _setup() -> None:
    from schakel.cli import setup_django

    setup_django()


def _user(username: str) -> User:
    from schakel.accounts.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        console.print(f"[red]No active user '{username}'.[/red]")
        raise typer.Exit(code=2)
    # Shell access to the server is itself a strong authentication: like an API token issued
    # after the second factor, the console counts as verified for the access layer.
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    return user


@registry_app.command("import")
def import_reports(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            help="CSV (UTF-8, ; or ,) or XLSX; see docs/registry-import.md",
        ),
    ],
    as_user: Annotated[str, typer.Option("--as", help="Username of the reporter or registrar.")],
    submit: Annotated[bool, typer.Option("--submit", help="Submit the reports at once.")] = False,
) -> None:
    """Import one report per row; if any row is bad nothing is imported and each is named."""
    _setup()
    from schakel.core.errors import NotAllowed
    from schakel.registry.importer import import_file

    try:
        outcome = import_file(
            actor=_user(as_user), content=file.read_bytes(), filename=file.name, submit=submit
        )
    except NotAllowed as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(code=1) from exc
    if outcome.errors:
        table = Table("row", "column", "reason", title="Nothing was imported")
        for error in outcome.errors:
            table.add_row(str(error.row or "file"), error.column or "—", error.message)
        console.print(table)
        raise typer.Exit(code=1)
    console.print(
        f"[green]Imported {len(outcome.numbers)} reports[/green]: " + ", ".join(outcome.numbers)
    )


@registry_app.command("export-htcds")
def export_htcds(
    year: Annotated[int, typer.Option("--year", help="Year of registration (decision).")],
    out: Annotated[Path, typer.Option("--out", dir_okay=False, help="CSV file to write.")],
    as_user: Annotated[
        str,
        typer.Option(
            "--as",
            help="Registrar in whose name to export; without it the export is recorded "
            "as the system's.",
        ),
    ] = "",
) -> None:
    """Registered victims of a year, one pseudonymised row per person (CTDC layout)."""
    _setup()
    from schakel.core.errors import ApplicationError
    from schakel.registry import exports, htcds

    try:
        rows = exports.htcds_export(actor=_user(as_user) if as_user else None, year=year)
    except ApplicationError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(code=1) from exc
    with out.open("w", encoding="utf-8", newline="") as stream:
        htcds.write_csv(rows, stream)
    console.print(
        f"Wrote {len(rows)} persons registered in {year} to {out} "
        f"({htcds.LAYOUT_VERSION}). Small cells are not suppressed."
    )
