"""The monitoring point as a table, CSV and PDF: every format renders the same `monitor_table`,
so the small-numbers rule is applied once, before any format sees a number."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import NotOfferedReason
from .monitoring import shown

if TYPE_CHECKING:
    from .selectors import MonitorReport

COLUMNS: tuple[tuple[str, str | Promise], ...] = (
    ("eligible", gettext_lazy("Slachtoffers die in aanmerking komen")),
    ("offered", gettext_lazy("Bedenktijd aangeboden")),
    ("accepted", gettext_lazy("Aanvaard")),
    ("declined", gettext_lazy("Afgewezen")),
    ("not_offered", gettext_lazy("Niet aangeboden")),
    ("undecided", gettext_lazy("Nog niet beslist")),
)


@dataclass(frozen=True)
class TableRow:
    organisation: str
    is_total: bool
    counts: list[str]
    median_days: str
    reasons: list[tuple[str, str]]


def _cell(value: object) -> str:
    # Spreadsheets execute cells that start with these characters (CSV injection).
    text = str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def monitor_table(report: MonitorReport) -> list[TableRow]:
    rows = []
    for row in report.rows:
        name = (
            report.organisation_names.get(row.organisation_id, "?")
            if row.organisation_id
            else _("Alle organisaties")
        )
        median = "—"
        if row.median_days_to_offer is not None and (report.exact or row.offered >= 5):
            median = f"{row.median_days_to_offer:g}"
        rows.append(
            TableRow(
                organisation=name,
                is_total=row.organisation_id is None,
                counts=[shown(getattr(row, key), exact=report.exact) for key, _label in COLUMNS],
                median_days=median,
                reasons=[
                    (str(NotOfferedReason(code).label), shown(n, exact=report.exact))
                    for code, n in row.not_offered_by_reason.items()
                ],
            )
        )
    return rows


def monitor_csv(report: MonitorReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    reason_codes = [r.value for r in NotOfferedReason]
    writer.writerow(
        [
            "jaar",
            "organisatie",
            *(k for k, _l in COLUMNS),
            "mediaan_dagen_melding_tot_aanbod",
            *(f"niet_aangeboden_{c}" for c in reason_codes),
        ]
    )
    for table_row, row in zip(monitor_table(report), report.rows, strict=True):
        by_reason = {c: shown(n, exact=report.exact) for c, n in row.not_offered_by_reason.items()}
        writer.writerow(
            [
                report.year,
                _cell(table_row.organisation),
                *table_row.counts,
                table_row.median_days if table_row.median_days != "—" else "",
                *(by_reason.get(c, "0") for c in reason_codes),
            ]
        )
    return out.getvalue()


def monitor_pdf(report: MonitorReport) -> bytes:
    from weasyprint import HTML  # imported late: it takes seconds to load

    html = render_to_string(
        "residence/monitor_print.html",
        {"report": report, "table": monitor_table(report), "columns": [c[1] for c in COLUMNS]},
    )
    return bytes(HTML(string=html).write_pdf())
