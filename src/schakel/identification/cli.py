"""`schakel identification …`: load the shipped indicator lists (or another list file)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

identification_app = typer.Typer(
    help="Identification: indicator lists and the criteria test.", no_args_is_help=True
)
console = Console()


@identification_app.command("load-lists")
def load_lists(
    paths: list[Path] | None = typer.Argument(  # noqa: B008 -- typer declares arguments so
        None, help="List files (format schakel.identification.lists/1); default: the shipped ones."
    ),
) -> None:
    """Load indicator-list versions as published; versions that exist are skipped."""
    from schakel.cli import setup_django

    setup_django()
    from schakel.identification.datafile import DataFileError
    from schakel.identification.services import lists_load

    try:
        result = lists_load(paths=paths or None)
    except DataFileError as error:
        Console(stderr=True).print(f"[red]Error:[/red] {error}", highlight=False)
        raise typer.Exit(code=2) from None
    for label in result.created:
        console.print(f"[green]loaded[/green] {label}")
    for label in result.skipped:
        console.print(f"already present: {label}")
    console.print(f"{len(result.created)} loaded, {len(result.skipped)} already present.")
