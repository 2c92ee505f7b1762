"""The yearly progress report to parliament: per plan a status table of every action or
programme part with its explanation, the overdue actions, the changes since the previous
report (the state at the day before the period compared with the state at its end) and
the indicators; as HTML, PDF (WeasyPrint), XLSX (openpyxl) and CSV, always in Dutch.

Everything is computed from the dated progress history, so a report for a past period
shows what was known at its end, whatever was recorded later.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schakel.core import audit
from schakel.core.errors import NotAllowed
from schakel.core.models import AuditAction

from . import forecast as fc
from .models import Action, Plan, ProgressUpdate
from .selectors import (
    ActionState,
    IndicatorOverview,
    indicators_overview,
    overdue_on,
    state_on,
)
from .services import PURPOSE
from .workflow import ProgressStatus

if TYPE_CHECKING:
    from schakel.accounts.models import User


@dataclass(frozen=True)
class ReportRow:
    action: Action
    state: ActionState
    overdue: bool
    changed: bool

    @property
    def status_label(self) -> str:
        return str(self.state.status.label)

    @property
    def explanation(self) -> str:
        return self.state.last_update.text if self.state.last_update else ""

    @property
    def explained_on(self) -> dt.date | None:
        return self.state.last_update.reported_on if self.state.last_update else None

    @property
    def initiators(self) -> str:
        return ", ".join(m.code for m in self.action.initiators.all())

    @property
    def theme(self) -> str:
        theme = self.action.theme
        return f"{theme.number} {theme.title}" if theme else ""


@dataclass(frozen=True)
class ReportChange:
    action: Action
    before: ActionState
    after: ActionState
    updates: list[ProgressUpdate]


@dataclass
class PlanSection:
    plan: Plan
    rows: list[ReportRow] = field(default_factory=list)
    changes: list[ReportChange] = field(default_factory=list)
    indicators: list[IndicatorOverview] = field(default_factory=list)

    @property
    def overdue(self) -> list[ReportRow]:
        return [row for row in self.rows if row.overdue]

    @property
    def counts(self) -> list[tuple[str, int]]:
        found = [
            (str(s.label), sum(1 for r in self.rows if r.state.status == s)) for s in ProgressStatus
        ]
        return [(label, n) for label, n in found if n]


@dataclass
class ProgressReport:
    period_start: dt.date
    period_end: dt.date
    generated_at: dt.datetime
    sections: list[PlanSection]
    rule_text: str = ""

    @property
    def title(self) -> str:
        return _("Voortgangsrapportage aanpak mensenhandel %(start)s – %(end)s") % {
            "start": self.period_start.strftime("%d-%m-%Y"),
            "end": self.period_end.strftime("%d-%m-%Y"),
        }


def report_build(
    *, plans: list[Plan], period_start: dt.date, period_end: dt.date
) -> ProgressReport:
    before_period = period_start - dt.timedelta(days=1)
    sections = []
    for plan in plans:
        section = PlanSection(plan)
        actions = (
            plan.actions.select_related("theme")
            .prefetch_related(
                "initiators",
                Prefetch("updates", ProgressUpdate.objects.order_by("reported_on", "id")),
            )
            .order_by("number")
        )
        for action in actions:
            updates = list(action.updates.all())
            before = state_on(action, updates, before_period)
            after = state_on(action, updates, period_end)
            changed = (before.status, before.due_date) != (after.status, after.due_date)
            section.rows.append(
                ReportRow(action, after, overdue_on(action, after, period_end), changed)
            )
            if changed:
                in_period = [u for u in updates if period_start <= u.reported_on <= period_end]
                section.changes.append(ReportChange(action, before, after, in_period))
        section.indicators = indicators_overview(
            plan=plan, until=period_end, years=range(period_start.year - 1, period_end.year + 1)
        )
        sections.append(section)
    return ProgressReport(period_start, period_end, timezone.now(), sections, str(fc.RULE_TEXT))


# -- rendering --------------------------------------------------------------------------------


def render_pdf(report: ProgressReport) -> bytes:
    from weasyprint import HTML

    html = render_to_string("programme/report_print.html", {"report": report})
    return bytes(HTML(string=html).write_pdf())


def _fmt_date(value: dt.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def _status_rows(report: ProgressReport) -> list[list[str]]:
    rows = []
    for section in report.sections:
        for row in section.rows:
            action = row.action
            rows.append(
                [
                    section.plan.title,
                    str(action.number),
                    action.label,
                    row.theme,
                    row.initiators,
                    action.end_date_display,
                    _fmt_date(row.state.due_date),
                    row.status_label,
                    _("ja") if row.overdue else _("nee"),
                    _("ja") if row.changed else _("nee"),
                    row.explanation,
                    _fmt_date(row.explained_on),
                ]
            )
    return rows


def _status_header() -> list[str]:
    return [
        _("Plan"),
        _("Nr."),
        _("Actie"),
        _("Thema"),
        _("Initiatief"),
        _("Einddatum volgens plan"),
        _("Einddatum na uitstel"),
        _("Status"),
        _("Over tijd"),
        _("Gewijzigd in de periode"),
        _("Toelichting"),
        _("Datum toelichting"),
    ]


def render_csv(report: ProgressReport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_status_header())
    writer.writerows(_status_rows(report))
    # A BOM so spreadsheet programs read the accents as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(report: ProgressReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    summary = book.active
    summary.title = _("Samenvatting")[:31]
    summary.append([report.title])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append(
        [_("Gemaakt op"), timezone.localtime(report.generated_at).strftime("%d-%m-%Y %H:%M")]
    )
    summary.append([])
    summary.append([_("Plan"), _("Status"), _("Aantal")])
    for section in report.sections:
        for label, count in section.counts:
            summary.append([section.plan.title, label, count])
        summary.append([section.plan.title, _("Over tijd"), len(section.overdue)])

    def sheet(
        title: str, header: list[str], rows: Sequence[Sequence[object]], widths: dict[int, int]
    ) -> None:
        ws = book.create_sheet(title[:31])
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
        ws.freeze_panes = "A2"
        for column, width in widths.items():
            ws.column_dimensions[get_column_letter(column)].width = width
            for cells in ws.iter_cols(min_col=column, max_col=column, min_row=2):
                for cell in cells:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")

    sheet(_("Status per actie"), _status_header(), list(_status_rows(report)), {3: 60, 11: 80})
    overdue = [
        [
            s.plan.title,
            r.action.number,
            r.action.label,
            r.initiators,
            _fmt_date(r.state.due_date),
            r.status_label,
        ]
        for s in report.sections
        for r in s.overdue
    ]
    sheet(
        _("Over tijd"),
        [_("Plan"), _("Nr."), _("Actie"), _("Initiatief"), _("Einddatum"), _("Status")],
        overdue,
        {3: 60},
    )
    changes = [
        [
            s.plan.title,
            c.action.number,
            c.action.label,
            str(c.before.status.label),
            str(c.after.status.label),
            _fmt_date(c.before.due_date),
            _fmt_date(c.after.due_date),
            " | ".join(f"{_fmt_date(u.reported_on)}: {u.text}" for u in c.updates),
        ]
        for s in report.sections
        for c in s.changes
    ]
    sheet(
        _("Wijzigingen"),
        [
            _("Plan"),
            _("Nr."),
            _("Actie"),
            _("Status vorige rapportage"),
            _("Status nu"),
            _("Einddatum vorige rapportage"),
            _("Einddatum nu"),
            _("Meldingen in de periode"),
        ],
        changes,
        {3: 50, 8: 80},
    )
    indicators = []
    for s in report.sections:
        for overview in s.indicators:
            for y in overview.years:
                f = y.forecast
                indicators.append(
                    [
                        overview.indicator.name,
                        y.year,
                        float(y.target.value) if y.target else None,
                        float(y.actual.value) if y.actual else None,
                        _fmt_date(y.actual.as_of) if y.actual else "",
                        round(f.point) if f else None,
                        round(f.low) if f else None,
                        round(f.high) if f else None,
                        y.colour_label,
                    ]
                )
    sheet(
        _("Indicatoren"),
        [
            _("Indicator"),
            _("Jaar"),
            _("Doel"),
            _("Realisatie"),
            _("Peildatum"),
            _("Prognose"),
            _("Prognose laag"),
            _("Prognose hoog"),
            _("Status"),
        ],
        indicators,
        {1: 50, 9: 30},
    )
    rule = book.create_sheet(_("Regel statuskleur")[:31])
    rule.append([report.rule_text])
    rule["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    rule.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FORMATS = {
    "pdf": ("application/pdf", render_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", render_xlsx),
    "csv": ("text/csv; charset=utf-8", render_csv),
}


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    filename: str


def report_export(
    *, plans: list[Plan], period_start: dt.date, period_end: dt.date, fmt: str, actor: User
) -> Export:
    """Render the report as a file, in Dutch, and record the export in the audit trail."""
    if not actor.has_perm("programme.view"):
        audit.audit_denied(
            actor=actor,
            object_type="programme.report",
            purpose=PURPOSE,
            reason="not a programme reader",
        )
        raise NotAllowed
    content_type, render = FORMATS[fmt]
    with translation.override("nl"):
        report = report_build(plans=plans, period_start=period_start, period_end=period_end)
        content = render(report)
    audit.audit_change(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="programme.report",
        object_id=",".join(p.slug for p in plans)[:64],
        purpose=PURPOSE,
        details={
            "format": fmt,
            "period_start": period_start.isoformat(),
            "period_end": period_end.isoformat(),
            "plans": [p.slug for p in plans],
            "bytes": len(content),
        },
    )
    slug = plans[0].slug if len(plans) == 1 else "alle-plannen"
    filename = f"voortgangsrapportage-{slug}-{period_start:%Y%m%d}-{period_end:%Y%m%d}.{fmt}"
    return Export(content, content_type, filename)
