"""The monthly feedback report as CSV, print HTML and PDF (shared by the views and the CLI).

Every format renders the same `Section`s from `feedback.present`, so the small-numbers rule
is applied once, before any format sees a number.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .selectors import FeedbackReport

CSV_HEADER = ("onderdeel", "onderdeel_omschrijving", "code", "omschrijving", "waarde")


def _cell(value: object) -> str:
    # Spreadsheets execute cells that start with these characters (CSV injection).
    text = str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def organisation_label(report: FeedbackReport) -> str:
    return report.organisation_name or _("Alle organisaties (landelijk)")


def month_label(report: FeedbackReport) -> str:
    return formats.date_format(report.month.first_day, "F Y")


def filename(report: FeedbackReport, extension: str) -> str:
    who = f"org{report.organisation_id}" if report.organisation_id else "landelijk"
    return f"terugkoppeling-{report.month}-{who}.{extension}"


def feedback_csv(report: FeedbackReport) -> str:
    """One row per figure: section, code, label, value (display value, "<5" where hidden)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    about = _("Rapport")
    writer.writerows(
        [
            ("rapport", about, "organisatie", _("Organisatie"), _cell(organisation_label(report))),
            ("rapport", about, "maand", _("Maand"), str(report.month)),
            ("rapport", about, "stand_per", _("Stand per"), report.today.isoformat()),
            (
                "rapport",
                about,
                "kleine_aantallen",
                _("Kleine aantallen"),
                _("exact") if report.exact else _("afgeschermd (1 tot 4 als <5)"),
            ),
        ]
    )
    for section in report.sections:
        title = _cell(section.title)
        if not section.available:
            writer.writerow((section.key, title, "", str(section.note), ""))
            continue
        for line in section.lines:
            writer.writerow((section.key, title, line.code, _cell(line.label), line.value))
    return out.getvalue()


def feedback_print_html(report: FeedbackReport) -> str:
    """A standalone page (no menu, inline styles) for print and PDF."""
    return render_to_string(
        "registry/feedback_print.html",
        {
            "report": report,
            "organisation": organisation_label(report),
            "month_label": month_label(report),
        },
    )


def feedback_pdf(report: FeedbackReport) -> bytes:
    from weasyprint import HTML  # imported late: it takes seconds to load

    return bytes(HTML(string=feedback_print_html(report)).write_pdf())
