"""The shelter figures as tables of strings: the page and the CSV render the same table, so the
small-numbers rule is applied once, before any format sees a number."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import reports
from .choices import DischargeReason, FacilityKind, Urgency
from .report_selectors import (
    DischargeReport,
    OccupancyReport,
    UnderOccupancyReport,
    WaitingReport,
)


@dataclass
class Table:
    columns: list[tuple[str, str | Promise]]  # (CSV header, column heading)
    rows: list[list[str]] = field(default_factory=list)
    total_rows: set[int] = field(default_factory=set)  # indexes of rows that are totals

    @property
    def headings(self) -> list[str]:
        return [str(label) for _key, label in self.columns]

    def body(self) -> list[tuple[bool, list[str]]]:
        return [(i in self.total_rows, row) for i, row in enumerate(self.rows)]


def _cell(value: object) -> str:
    # Spreadsheets execute cells that start with these characters (CSV injection).
    text = str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([key for key, _label in table.columns])
    for row in table.rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def kind_label(kind: str) -> str:
    if kind == reports.ALL:
        return _("Alle soorten")
    return str(FacilityKind(kind).label) if kind in FacilityKind.values else kind


def region_label(region: str) -> str:
    return _("Alle regio's") if region == reports.ALL else region


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _stay(value: float | None, count: int, exact: bool) -> str:
    # A median over fewer than five stays says too much about one person's stay.
    if value is None or not (exact or count >= reports.SMALL_NUMBER_LIMIT):
        return ""
    return f"{value:g}"


DISCHARGE_COLUMNS = [
    ("periode", gettext_lazy("Periode")),
    ("soort", gettext_lazy("Soort opvang")),
    ("regio", gettext_lazy("Regio (provincie)")),
    ("reden", gettext_lazy("Reden van uitstroom")),
    ("aantal", gettext_lazy("Aantal")),
    ("mediaan_verblijf_dagen", gettext_lazy("Mediane verblijfsduur (dagen)")),
    ("p90_verblijf_dagen", gettext_lazy("90e percentiel verblijfsduur (dagen)")),
]


def discharge_table(report: DischargeReport) -> Table:
    table = Table(list(DISCHARGE_COLUMNS))
    for row in report.rows:
        if row.kind == reports.ALL:
            table.total_rows.add(len(table.rows))
        table.rows.append(
            [
                row.period,
                kind_label(row.kind),
                region_label(row.region),
                str(DischargeReason(row.reason).label)
                if row.reason in DischargeReason.values
                else row.reason,
                reports.shown(row.count, exact=report.exact),
                _stay(row.median_stay_days, row.count, report.exact),
                _stay(row.p90_stay_days, row.count, report.exact),
            ]
        )
    return table


def discharge_share_table(report: DischargeReport) -> Table:
    table = Table(
        [
            ("reden", gettext_lazy("Reden van uitstroom")),
            ("aantal", gettext_lazy("Aantal")),
            ("aandeel_procent", gettext_lazy("Aandeel (%)")),
            ("mediaan_verblijf_dagen", gettext_lazy("Mediane verblijfsduur (dagen)")),
        ]
    )
    for reason, count, share, median in report.shares:
        hidden = not report.exact and 0 < count < reports.SMALL_NUMBER_LIMIT
        table.rows.append(
            [
                str(DischargeReason(reason).label),
                reports.shown(count, exact=report.exact),
                "" if hidden else f"{share:g}",
                _stay(median, count, report.exact),
            ]
        )
    return table


OCCUPANCY_COLUMNS = [
    ("periode", gettext_lazy("Periode (eerste dag)")),
    ("soort", gettext_lazy("Soort opvang")),
    ("regio", gettext_lazy("Regio (provincie)")),
    ("capaciteit", gettext_lazy("Plaatsen")),
    ("bezet", gettext_lazy("Bezet")),
    ("vrij", gettext_lazy("Vrij")),
    ("bezetting_procent", gettext_lazy("Bezetting (%)")),
]


def occupancy_table(report: OccupancyReport) -> Table:
    """Places are not persons: occupancy is shown exactly to every reader of figures."""
    table = Table(list(OCCUPANCY_COLUMNS))
    for row in report.rows:
        if row.kind == reports.ALL:
            table.total_rows.add(len(table.rows))
        table.rows.append(
            [
                row.period,
                kind_label(row.kind),
                region_label(row.region),
                _number(row.capacity),
                _number(row.occupied),
                _number(row.free),
                _number(row.rate),
            ]
        )
    return table


def under_occupancy_table(report: UnderOccupancyReport) -> Table:
    table = Table(
        [
            ("locatie", gettext_lazy("Locatie")),
            ("soort", gettext_lazy("Soort opvang")),
            ("regio", gettext_lazy("Regio (provincie)")),
            ("plaatsen", gettext_lazy("Plaatsen")),
            ("bezet", gettext_lazy("Bezet")),
            ("vrij", gettext_lazy("Vrij")),
            ("langer_vrij", gettext_lazy("Langer dan de drempel vrij")),
            ("langst_vrij_dagen", gettext_lazy("Langst vrij (dagen)")),
            ("gemiddelde_bezetting_procent", gettext_lazy("Gemiddelde bezetting (%)")),
        ]
    )
    for row in report.rows:
        name, kind, region = report.facilities[row.facility_id]
        table.rows.append(
            [
                name if report.exact else _("(niet getoond)"),
                kind_label(kind),
                region_label(region),
                str(row.capacity),
                str(row.occupied),
                str(row.free),
                str(row.free_long),
                str(row.longest_free_days),
                _number(row.average_rate),
            ]
        )
    return table


def waiting_table(report: WaitingReport) -> Table:
    table = Table(
        [
            ("periode", gettext_lazy("Periode van het verzoek")),
            ("urgentie", gettext_lazy("Urgentie")),
            ("verzoeken", gettext_lazy("Verzoeken")),
            ("geplaatst", gettext_lazy("Geplaatst")),
            ("mediaan_uren", gettext_lazy("Mediane wachttijd (uren)")),
            ("p90_uren", gettext_lazy("90e percentiel wachttijd (uren)")),
        ]
    )
    for row in report.rows:
        if row.urgency == reports.ALL:
            table.total_rows.add(len(table.rows))
        urgency = (
            _("Alle urgenties")
            if row.urgency == reports.ALL
            else str(Urgency(row.urgency).label)
            if row.urgency in Urgency.values
            else row.urgency
        )
        table.rows.append(
            [
                row.period,
                urgency,
                reports.shown(row.requests, exact=report.exact),
                reports.shown(row.placed, exact=report.exact),
                _stay(row.median_hours, row.placed, report.exact),
                _stay(row.p90_hours, row.placed, report.exact),
            ]
        )
    return table
