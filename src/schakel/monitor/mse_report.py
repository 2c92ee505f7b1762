"""Reports on dark-number estimates: reading input, rich console tables, JSON, a chart.

Used by ``schakel estimate`` (and usable from a notebook). Kept outside the pure
``schakel.monitor.mse`` package so that package needs neither rich nor altair; nothing here
needs Django either. See docs/mse.md.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from schakel.monitor.mse import (
    BootstrapResult,
    CaptureTable,
    MSEResult,
    TableError,
    estimate,
    from_records,
    read_csv,
    split_strata,
)
from schakel.monitor.mse.steps import RuleName
from schakel.monitor.mse.table import COUNT_COLUMN

RULES: dict[str, RuleName] = {
    "uk": "uk",
    "sparse": "sparse",
    "all": "all-aic",
    "all-aic": "all-aic",
    "all-bic": "all-bic",
    "main": "main",
}
CHART_SUFFIXES = (".svg", ".png", ".html")
INTERVAL_LABELS = {
    "lognormal": "log-normal",
    "profile": "profile likelihood",
    "normal": "normal",
    "bootstrap-percentile": "bootstrap percentile",
    "bootstrap-bca": "bootstrap BCa",
}


class InputError(Exception):
    """Bad input or options; the message names the row or option and the reason."""


@dataclass(frozen=True)
class Options:
    """What to estimate and how (the command-line options)."""

    rule: RuleName = "sparse"
    n_boot: int = 0
    seed: int = 20240101
    workers: int = 1
    threshold: float | None = None


def parse_rule(name: str) -> RuleName:
    """The package's rule name for a command-line name (``all`` means all-aic)."""
    try:
        return RULES[name.strip().lower()]
    except KeyError:
        raise InputError(
            f"unknown rule {name!r}: use uk, sparse, all (all-aic), all-bic or main"
        ) from None


def parse_strata(text: str) -> list[str]:
    """``"year,gender"`` -> ``["year", "gender"]`` (empty text: no strata)."""
    return [part.strip() for part in text.split(",") if part.strip()]


def load_tables(path: Path, *, strata: Sequence[str] = ()) -> dict[str, CaptureTable]:
    """Read a CSV of counts per capture pattern (0/1 list columns then ``count``), or of
    person records (0/1 list columns, no ``count``), optionally split by stratum columns.

    Errors name the CSV line and the reason (:class:`InputError`).
    """
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            header = [name.strip() for name in next(csv.reader(handle), [])]
        if not header:
            raise InputError(f"{path}: empty file")
        missing = [name for name in strata if name not in header]
        if missing:
            raise InputError(
                f"{path}: stratum column(s) {', '.join(missing)} not in the header {header}"
            )
        if not strata and header[-1] == COUNT_COLUMN:
            return {path.stem: read_csv(path)}
        import pandas as pd

        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
        frame.columns = [str(c).strip() for c in frame.columns]
        lists = [c for c in frame.columns if c not in strata and c != COUNT_COLUMN]
        if COUNT_COLUMN in frame.columns:
            return split_strata(frame, lists=lists, strata=strata, first_row=2)
        records = _records_frame(frame, lists=lists)
        if strata:
            return split_strata(records, lists=lists, strata=strata, count_column=None)
        return {path.stem: from_records(records, lists=lists, label=path.stem)}
    except TableError as error:
        raise InputError(str(error)) from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a UTF-8 text file") from None
    except (csv.Error, ValueError) as error:
        raise InputError(f"{path}: cannot read as CSV: {error}") from None


def _records_frame(frame: Any, *, lists: Sequence[str]) -> Any:
    """Person records: list columns must hold 0 or 1; messages name the CSV line."""
    for position, row in enumerate(frame[list(lists)].itertuples(index=False), start=2):
        for name, value in zip(lists, row, strict=True):
            if str(value).strip() not in {"0", "1"}:
                raise InputError(f"row {position}: column {name!r} must be 0 or 1, got {value!r}")
    converted = frame.copy()
    for name in lists:
        converted[name] = converted[name].str.strip().astype(int)
    return converted


def run(tables: Mapping[str, CaptureTable], *, options: Options) -> dict[str, MSEResult]:
    """Estimate every table (stratum) with the same rule and bootstrap settings."""
    results: dict[str, MSEResult] = {}
    for key in tables:
        try:
            results[key] = estimate(
                tables[key],
                rule=options.rule,
                threshold=options.threshold,
                n_boot=options.n_boot,
                seed=options.seed,
                workers=options.workers,
            )
        except ValueError as error:  # e.g. an exhaustive search over too many lists
            prefix = f"stratum {key}: " if len(tables) > 1 else ""
            raise InputError(f"{prefix}{error}") from None
    return results


def report_data(
    results: Mapping[str, MSEResult], *, source: str, strata: Sequence[str], options: Options
) -> dict[str, object]:
    """The JSON document ``--json`` writes: options and one result per stratum."""
    return {
        "source": source,
        "rule": options.rule,
        "n_boot": options.n_boot,
        "seed": options.seed,
        "strata_columns": list(strata),
        "results": {key: result.to_dict() for key, result in results.items()},
    }


def _number(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}" if math.isfinite(value) else "—"


def _interval_text(lower: float, upper: float) -> str:
    if not (math.isfinite(lower) or math.isfinite(upper)):
        return "—"
    return f"{_number(lower)} – {_number(upper)}"


def render(console: Console, result: MSEResult, *, max_candidates: int = 20) -> None:
    """Print one estimate: figures, intervals, the chosen model, path, candidates, warnings."""
    title = result.label or "table"
    console.rule(f"[bold]{escape(title)}[/bold]")
    console.print(
        f"{len(result.lists)} lists ({escape(', '.join(result.lists))}); "
        f"{result.n_observed:,} persons observed"
    )
    console.print(f"[bold]Rule[/bold] ({result.rule}): {escape(result.rule_description)}")
    console.print(f"[bold]Chosen model[/bold]: {escape(result.model)}")

    figures = Table(title="Estimate", show_header=True)
    figures.add_column("quantity")
    figures.add_column("value", justify="right")
    if result.fit.ok:
        figures.add_row("estimated total N", _number(result.estimate))
        figures.add_row("standard error", _number(result.std_error))
        figures.add_row("dark number (N − observed)", _number(result.dark_number))
        figures.add_row("observed / estimated", f"{result.observed_ratio:.1%}")
    else:
        figures.add_row("status", result.fit.existence.status)
        figures.add_row("estimated total N", "no estimate")
    console.print(figures)
    if not result.fit.ok:
        console.print(f"[red]No estimate:[/red] {escape(result.fit.existence.message)}")

    intervals = Table(title="Intervals for N")
    for column in ("method", "level", "lower", "upper"):
        intervals.add_column(column, justify="left" if column == "method" else "right")
    for interval in result.intervals:
        intervals.add_row(
            INTERVAL_LABELS.get(interval.method, interval.method),
            f"{interval.level:.0%}",
            _number(interval.lower),
            _number(interval.upper),
        )
    console.print(intervals)

    path = Table(title="Selection path")
    for column in ("step", "term added", "AIC", "statistic", "N", "note"):
        path.add_column(column, justify="right" if column in {"step", "AIC", "N"} else "left")
    path.columns[-1].ratio = 1
    for step in result.path:
        path.add_row(
            str(step.number),
            escape(step.added or "—"),
            _number(step.aic, 2),
            f"{step.statistic:.3g}" if math.isfinite(step.statistic) else "—",
            _number(step.estimate),
            escape(step.note),
        )
    console.print(path)

    _render_candidates(console, result, max_candidates=max_candidates)
    if result.bootstrap is not None:
        _render_bootstrap(console, result.bootstrap)
    for warning in result.warnings:
        console.print(f"[yellow]Warning:[/yellow] {escape(warning)}")


def _render_candidates(console: Console, result: MSEResult, *, max_candidates: int) -> None:
    """The table of candidate models (first ``max_candidates``; all of them in JSON)."""
    shown = result.candidates[:max_candidates]
    candidates = Table(
        title=f"Candidate models ({len(result.candidates)} fitted"
        + (
            f", first {len(shown)} shown; all in --json"
            if len(shown) < len(result.candidates)
            else ""
        )
        + ")"
    )
    candidates.box = box.SIMPLE_HEAD
    criterion = "BIC" if result.rule == "all-bic" else "AIC"
    candidates.add_column("step", justify="right")
    candidates.add_column("interactions", min_width=18)
    statistic = any(math.isfinite(row.statistic) for row in shown)
    for column in (criterion, "N", "95% log-normal", *(["p-value"] if statistic else [])):
        candidates.add_column(column, justify="right", no_wrap=True)
    for row in shown:
        ok = row.status == "ok"
        cells = [
            str(row.step),
            escape(row.terms.removeprefix("main effects").removeprefix(" + ") or "—"),
            _number(row.bic if criterion == "BIC" else row.aic, 2),
            _number(row.estimate, 0) if ok else row.status.replace("_", " "),
            f"{_number(row.lower, 0)}–{_number(row.upper, 0)}" if ok else "—",
        ]
        if statistic:
            cells.append(f"{row.statistic:.3g}" if math.isfinite(row.statistic) else "—")
        candidates.add_row(*cells)
    console.print(candidates)


def _render_bootstrap(console: Console, boot: BootstrapResult) -> None:
    """How often each model was chosen in the bootstrap replicates."""
    models = Table(title=f"Models chosen in {boot.n_boot} bootstrap replicates (seed {boot.seed})")
    models.add_column("model")
    models.add_column("replicates", justify="right")
    for model, count in sorted(boot.models.items(), key=lambda item: -item[1])[:10]:
        models.add_row(escape(model), str(count))
    console.print(models)


def render_overview(console: Console, results: Mapping[str, MSEResult]) -> None:
    """One row per stratum: observed, estimate, the 95% intervals, the chosen terms."""
    table = Table(title="Estimates per stratum")
    for column in ("stratum", "observed", "N", "dark number", "observed/N", "95% log-normal"):
        table.add_column(column, justify="left" if column == "stratum" else "right")
    table.add_column("95% profile", justify="right")
    table.add_column("95% BCa", justify="right")
    table.add_column("terms")
    for key, result in results.items():
        cells = {i.method: i for i in result.intervals if math.isclose(i.level, 0.95)}
        table.add_row(
            escape(key),
            f"{result.n_observed:,}",
            _number(result.estimate) if result.fit.ok else "no estimate",
            _number(result.dark_number),
            f"{result.observed_ratio:.1%}" if result.fit.ok else "—",
            *(
                _interval_text(cells[m].lower, cells[m].upper) if m in cells else "—"
                for m in ("lognormal", "profile", "bootstrap-bca")
            ),
            escape(", ".join(result.terms) or "main effects"),
        )
    console.print(table)


def chart_rows(results: Mapping[str, MSEResult]) -> list[dict[str, object]]:
    """One row per stratum and interval (finite bounds only), with the point estimate."""
    rows: list[dict[str, object]] = []
    for key, result in results.items():
        if not result.fit.ok:
            continue
        for interval in result.intervals:
            if not (math.isfinite(interval.lower) and math.isfinite(interval.upper)):
                continue
            label = INTERVAL_LABELS.get(interval.method, interval.method)
            rows.append(
                {
                    "stratum": key,
                    "interval": f"{label} {interval.level:.0%}",
                    "lower": round(interval.lower, 1),
                    "upper": round(interval.upper, 1),
                    "estimate": round(result.estimate, 1),
                    "observed": result.n_observed,
                    "rule": result.rule,
                }
            )
    return rows


def build_chart(results: Mapping[str, MSEResult], *, title: str = "") -> Any:
    """An altair chart: per stratum the estimate (point), the observed count (tick) and
    each interval (a bar, offset by kind)."""
    import altair as alt
    import pandas as pd

    rows = chart_rows(results)
    if not rows:
        raise InputError("nothing to draw: no stratum has an estimate")
    base = alt.Chart(pd.DataFrame(rows))
    y = alt.Y("stratum:N", title="stratum" if len(results) > 1 else None)
    intervals = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("lower:Q", title="number of persons (N)", scale=alt.Scale(zero=False)),
        x2="upper:Q",
        y=y,
        yOffset="interval:N",
        color=alt.Color("interval:N", title="interval"),
        tooltip=["stratum:N", "interval:N", "lower:Q", "upper:Q"],
    )
    point = base.mark_point(filled=True, size=90, color="black").encode(
        x="estimate:Q",
        y=y,
        tooltip=["stratum:N", "estimate:Q", "observed:Q", "rule:N"],
    )
    observed = base.mark_tick(color="grey", thickness=2).encode(
        x="observed:Q", y=y, tooltip=["stratum:N", "observed:Q"]
    )
    heading = title or "Estimated number of persons (dark number included)"
    return (
        alt.layer(intervals, observed, point)
        .properties(
            title=alt.TitleParams(
                heading,
                subtitle="point: estimate N; grey tick: persons observed; bars: intervals",
            ),
            description=(
                "Estimated total number of persons per stratum with its confidence "
                "intervals and the number observed"
            ),
            width=520,
        )
        .configure_axis(labelLimit=240)
    )


def save_chart(results: Mapping[str, MSEResult], path: Path, *, title: str = "") -> None:
    """Write the chart as SVG, PNG (vl-convert) or a self-contained HTML page."""
    if path.suffix.lower() not in CHART_SUFFIXES:
        raise InputError(f"--chart {path}: use a file name ending in .svg, .png or .html")
    chart = build_chart(results, title=title)
    if path.suffix.lower() == ".png":
        chart.save(str(path), scale_factor=2)
    else:
        chart.save(str(path))
