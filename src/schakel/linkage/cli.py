"""`schakel link`: train the model, run linkage over the registry, undo a change, and write
the capture table for the dark-number estimate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

link_app = typer.Typer(help="Record linkage: one person, many reports.", no_args_is_help=True)
console = Console()


def _setup() -> None:
    from schakel.cli import setup_django

    setup_django()


@link_app.command("train")
def train_command(
    out: Annotated[
        Path | None, typer.Option(help="Model file to write (default var/linkage).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed for the random sample of u.")] = 42,
) -> None:
    """Train the model by EM on the registry's person records; save it as versioned JSON."""
    _setup()
    from . import services

    model = services.train(out=out, seed=seed)
    console.print(
        f"Model trained on {model.trained_on.get('records')} records: "
        f"{out or services.default_model_path()}"
    )


@link_app.command("run")
def run_command(
    model: Annotated[
        Path | None, typer.Option(help="Model file (default var/linkage/model.json).")
    ] = None,
) -> None:
    """Cluster all person records into persons; queue uncertain pairs for the registrar."""
    _setup()
    from .engine.model import ModelFileError
    from .services import run

    try:
        result = run(model_path=model)
    except ModelFileError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(code=2) from None
    table = Table("rule", "records with key", "blocks", "largest", "capped blocks", "pairs")
    for block in result.blocks:
        table.add_row(
            block["rule"],
            str(block["records_with_key"]),
            str(block["blocks"]),
            str(block["largest_block"]),
            str(block["capped_blocks"]),
            str(block["comparisons"]),
        )
    console.print(table)
    console.print(
        f"Run {result.pk}: {result.records} records, {result.pairs_scored} pairs scored, "
        f"{result.merges} merges, {result.splits} splits, {result.review_pairs} pairs to review."
    )
    if result.unusable_records:
        console.print(
            f"[yellow]{len(result.unusable_records)} records have no identifying field and "
            f"were left unlinked[/yellow]: {result.unusable_records[:20]}"
        )


@link_app.command("index")
def index_command() -> None:
    """Rebuild the intake index from the registry (after a bulk load; `run` does it too)."""
    _setup()
    from .services import index_rebuild

    console.print(f"Intake index: {index_rebuild()} records.")


@link_app.command("undo")
def undo_command(
    change: Annotated[int, typer.Argument(help="Id of the merge or split.")],
) -> None:
    """Undo one merge or split exactly (both persons as they were)."""
    _setup()
    from schakel.core.errors import ApplicationError

    from .services import change_undo

    try:
        change_undo(change_id=change)
    except ApplicationError as error:
        console.print(f"[red]Not undone[/red]: {error}")
        raise typer.Exit(code=1) from None
    console.print(f"Change {change} undone.")


@link_app.command("capture")
def capture_command(
    out: Annotated[Path, typer.Option(help="CSV for `schakel estimate OUT --strata year`.")],
    all_lists: Annotated[
        bool, typer.Option(help="Keep reporter groups nobody is on (the estimate refuses them).")
    ] = False,
) -> None:
    """Capture patterns of persons over reporter groups per year (counts per pattern)."""
    _setup()
    from .services import capture_frame

    frame = capture_frame(drop_empty_lists=not all_lists)
    frame.to_csv(out, index=False)
    console.print(f"{int(frame['count'].sum())} person-years in {out}")
