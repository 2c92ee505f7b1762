"""The `schakel` command: batch work over the same services the web app uses."""

from __future__ import annotations

import os
import sys
from pathlib import Path

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
from schakel.identification.cli import identification_app  # noqa: E402 -- sub-app

app.add_typer(identification_app, name="identification")
from schakel.programme.cli import programme_app  # noqa: E402 -- sub-app beside the others

app.add_typer(programme_app, name="programme")
from schakel.registry.cli import registry_app  # noqa: E402 -- sub-app beside the others

app.add_typer(registry_app, name="registry")
from schakel.shelter.cli import shelter_app  # noqa: E402 -- sub-app beside the others

app.add_typer(shelter_app, name="shelter")
from schakel.retention.cli import retention_app  # noqa: E402 -- sub-app beside the others

app.add_typer(retention_app, name="retention")
from schakel.linkage.cli import link_app  # noqa: E402 -- sub-app beside the others

app.add_typer(link_app, name="link")
from schakel.sharing.cli import sharing_app  # noqa: E402 -- sub-app beside the others

app.add_typer(sharing_app, name="sharing")
import schakel.registry.cli_feedback  # noqa: E402, F401 -- adds "registry feedback"

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
    years: int | None = typer.Option(
        None,
        min=1,
        help="Load this many years of synthetic reports at the published volume "
        "(about 1,400 persons a year). Without it: a small slice of about 150 reports.",
    ),
    seed: int = typer.Option(2019, help="Seed of the synthetic reports: same seed, same data."),
    truth: Path | None = typer.Option(  # noqa: B008 -- typer declares options so
        None,
        help="Write which report numbers are about the same person (CSV, for linkage "
        "tests); covers the reports loaded by this run.",
    ),
    link: bool = typer.Option(
        True,
        help="Once: train a linkage model on the synthetic generator and run linkage over "
        "the demo reports (review queue, intake check).",
    ),
) -> None:
    """Load the synthetic demo organisations, users and reports (idempotent: running it again
    adds nothing) and print the logins."""
    setup_django()
    from schakel.core.demo import DEMO_PASSWORD, demo_load, demo_reports_load
    from schakel.registry.synthetic.load import write_truth

    logins = demo_load()
    result = demo_reports_load(years=years, seed=seed, keep_truth=truth is not None)
    console.print(
        f"Synthetic reports: {result.created} loaded in {result.seconds:.1f} s"
        + (
            f" ({len(result.batches_skipped)} batch(es) were loaded before)"
            if result.batches_skipped
            else ""
        )
    )
    if truth is not None:
        write_truth(truth, result.truth)
        console.print(f"Linkage truth for {len(result.truth)} reports written to {truth}")
    if link:
        from schakel.linkage.services import demo_link

        linked = demo_link()
        if linked is not None:
            console.print(
                f"Linkage: {linked.merges} merge(s), {linked.splits} split(s), "
                f"{linked.review_pairs} pair(s) for the registrar to review"
            )
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


@app.command("estimate")
def estimate_command(
    *,
    table: str = typer.Argument(
        ...,
        help="CSV with one 0/1 column per list and a `count` column (persons per capture "
        "pattern), or one row per person without `count`.",
    ),
    rule: str = typer.Option(
        "sparse",
        help="Model selection: uk (forward AIC with Wald stop), sparse (SparseMSE stepwise), "
        "all (all two-way models by AIC, at most 6 lists), all-bic, or main (main effects).",
    ),
    boot: int = typer.Option(
        0, min=0, help="Bootstrap replicates re-running the selection, e.g. 1000 (0: none)."
    ),
    seed: int = typer.Option(20240101, help="Seed of the bootstrap: same seed, same intervals."),
    strata: str = typer.Option(
        "", help="Comma-separated stratum columns (e.g. year,gender): one estimate each."
    ),
    workers: int = typer.Option(1, min=1, help="Processes for the bootstrap."),
    threshold: float | None = typer.Option(
        None, help="Threshold of the rule's p-value (uk: 0.05, sparse: 0.02)."
    ),
    json_path: str | None = typer.Option(None, "--json", help="Write the full results as JSON."),
    chart: str | None = typer.Option(
        None, help="Draw the estimates with their intervals per stratum: .svg, .png or .html."
    ),
) -> None:
    """Estimate the dark number by multiple systems estimation (no database needed)."""
    import json
    from pathlib import Path

    from rich.markup import escape

    from schakel.monitor import mse_report as report

    errors = Console(stderr=True)
    try:
        if boot and boot < 10:
            raise report.InputError("--boot: use 0 or at least 10 replicates")
        if chart and Path(chart).suffix.lower() not in report.CHART_SUFFIXES:
            raise report.InputError(f"--chart {chart}: use a name ending in .svg, .png or .html")
        source = Path(table)
        if not source.is_file():
            raise report.InputError(f"{table}: no such file")
        columns = report.parse_strata(strata)
        options = report.Options(report.parse_rule(rule), boot, seed, workers, threshold)
        results = report.run(report.load_tables(source, strata=columns), options=options)
        for result in results.values():
            report.render(console, result)
        if len(results) > 1:
            report.render_overview(console, results)
        if json_path:
            data = report.report_data(results, source=table, strata=columns, options=options)
            Path(json_path).write_text(json.dumps(data, indent=2, allow_nan=False) + "\n")
            console.print(f"JSON written to {json_path}")
        if chart:
            report.save_chart(results, Path(chart), title=f"Estimated total: {source.stem}")
            console.print(f"Chart written to {chart}")
    except report.InputError as error:
        errors.print(f"[red]Error:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=2) from None


@app.command("deadlines")
def deadlines_command(
    today: str | None = typer.Option(
        None, help="Run as if it were this date (YYYY-MM-DD); default: today in Amsterdam."
    ),
) -> None:
    """Send the residence (B8/3) deadline warnings that are due; run daily, sends each once."""
    setup_django()
    from schakel.residence.cli import run_deadlines

    lines = run_deadlines(today)
    for line in lines:
        console.print(line)
    console.print(f"{len(lines)} warning(s) sent.")


if __name__ == "__main__":
    app()
