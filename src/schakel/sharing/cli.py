"""`schakel sharing …`: check, load and publish sharing rule sets."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

sharing_app = typer.Typer(help="Sharing: rule sets for information sharing.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


@sharing_app.command("check-rules")
def check_rules(
    path: Path | None = typer.Argument(  # noqa: B008 -- typer declares arguments so
        None, help="Rule file; default: the shipped one."
    ),
) -> None:
    """Resolve a rule file without a database: undecided and conflicting combinations."""
    from schakel.sharing.datafile import DEFAULT_FILE, DataFileError, load
    from schakel.sharing.engine import describe, resolve

    try:
        data = load(path or DEFAULT_FILE)
    except DataFileError as error:
        errors.print(f"[red]Error:[/red] {error}", highlight=False)
        raise typer.Exit(code=2) from None
    resolution = resolve(data.lines)
    console.print(f"{len(data.lines)} lines, {len(resolution.rulings)} combinations decided.")
    if resolution.undecided:
        errors.print(f"undecided ({len(resolution.undecided)}): {describe(resolution.undecided)}")
    if resolution.conflicts:
        errors.print(f"conflicts ({len(resolution.conflicts)}): {resolution.conflicts[:5]}")
    if not resolution.complete:
        raise typer.Exit(code=1)


@sharing_app.command("load-rules")
def load_rules(
    path: Path | None = typer.Argument(None, help="Rule file; default: the shipped one."),  # noqa: B008
    publish: bool = typer.Option(False, help="Publish the loaded draft at once."),
) -> None:
    """Load a rule file as a draft (a version that exists is left alone); optionally publish."""
    from schakel.cli import setup_django

    setup_django()
    from schakel.core.errors import InvalidInput, ValidationFailed
    from schakel.sharing.datafile import DEFAULT_FILE, DataFileError
    from schakel.sharing.services import rule_set_load, rule_set_publish

    try:
        rule_set, created = rule_set_load(path=path or DEFAULT_FILE)
        console.print(f"{'loaded' if created else 'already present'}: version {rule_set.version}")
        if publish and rule_set.status == "draft":
            rule_set_publish(rule_set=rule_set)
            console.print(f"published version {rule_set.version}")
    except DataFileError as error:
        errors.print(f"[red]Error:[/red] {error}", highlight=False)
        raise typer.Exit(code=2) from None
    except (InvalidInput, ValidationFailed) as error:
        pairs = error.errors if isinstance(error, InvalidInput) else [(error.field, error.message)]
        for field, message in pairs:
            errors.print(f"[red]Not published:[/red] {field}: {message}", highlight=False)
        raise typer.Exit(code=1) from None
