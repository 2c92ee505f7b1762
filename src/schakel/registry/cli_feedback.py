"""`schakel registry feedback`: one organisation's monthly feedback report as a file.

Meant for the registrar's office to send the report to an organisation (or to archive it), so
the figures are exact (see `feedback` for the small-numbers rule); the export is audited as
a system event naming organisation, month and format.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .cli import registry_app

console = Console()


class FeedbackFormat(StrEnum):
    CSV = "csv"
    PDF = "pdf"
    HTML = "html"


@registry_app.command("feedback")
def feedback(
    organisation: Annotated[
        str,
        typer.Option(
            "--organisation", help="Organisation id, or 'national' for the totals of all."
        ),
    ],
    month: Annotated[str, typer.Option("--month", help="The month, YYYY-MM.")],
    out: Annotated[Path, typer.Option("--out", dir_okay=False, help="File to write.")],
    output_format: Annotated[
        FeedbackFormat, typer.Option("--format", case_sensitive=False, help="csv, pdf or html.")
    ] = FeedbackFormat.PDF,
    today: Annotated[
        str,
        typer.Option("--today", help="Date the statuses are taken at (YYYY-MM-DD); default today."),
    ] = "",
) -> None:
    """Write the monthly feedback report of one organisation (action 65)."""
    from schakel.cli import setup_django

    setup_django()
    from django.utils import timezone

    from schakel.core.errors import NotFound

    from . import feedback_export
    from .feedback import NATIONAL, Month
    from .selectors import feedback_for_system

    try:
        chosen = Month.parse(month)
    except ValueError:
        console.print(f"[red]--month: '{month}' is not a month like 2026-03.[/red]")
        raise typer.Exit(code=2) from None
    try:
        as_of = dt.date.fromisoformat(today) if today else timezone.localdate()
    except ValueError:
        console.print(f"[red]--today: '{today}' is not a date like 2026-04-01.[/red]")
        raise typer.Exit(code=2) from None
    if chosen > Month.of(as_of):
        console.print(f"[red]--month: {chosen} has not begun on {as_of}.[/red]")
        raise typer.Exit(code=2)
    if organisation != NATIONAL and not organisation.isdigit():
        console.print(f"[red]--organisation: '{organisation}' is not an id or 'national'.[/red]")
        raise typer.Exit(code=2)
    organisation_id = None if organisation == NATIONAL else int(organisation)
    try:
        report = feedback_for_system(
            organisation_id=organisation_id,
            month=chosen,
            today=as_of,
            export_format=output_format.value,
        )
    except NotFound:
        console.print(f"[red]--organisation: no organisation with id {organisation}.[/red]")
        raise typer.Exit(code=2) from None
    if output_format == FeedbackFormat.CSV:
        out.write_text(feedback_export.feedback_csv(report), encoding="utf-8")
    elif output_format == FeedbackFormat.HTML:
        out.write_text(feedback_export.feedback_print_html(report), encoding="utf-8")
    else:
        out.write_bytes(feedback_export.feedback_pdf(report))
    console.print(
        f"Feedback {chosen} for {feedback_export.organisation_label(report)} "
        f"written to {out} ({output_format.value}, {out.stat().st_size} bytes)."
    )
