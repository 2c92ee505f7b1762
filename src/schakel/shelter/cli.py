"""`schakel shelter …`: housekeeping of the registry of open places. Django is set up inside
each command, so `schakel --help` stays fast."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console

shelter_app = typer.Typer(
    help="Shelter: registry of open places and placements.", no_args_is_help=True
)
console = Console()


def run_expire(at: str | None = None) -> int:
    from django.utils import timezone

    from .services import expire_reservations

    now = datetime.fromisoformat(at) if at else timezone.now()
    if timezone.is_naive(now):
        now = timezone.make_aware(now)
    return expire_reservations(now)


@shelter_app.command("expire")
def expire(
    at: Annotated[
        str | None, typer.Option(help="Run as if it were this moment (ISO 8601); default: now.")
    ] = None,
) -> None:
    """Return unconfirmed reservations past their expiry to the open queue; run often."""
    from schakel.cli import setup_django

    setup_django()
    console.print(f"{run_expire(at)} reservation(s) expired.")
