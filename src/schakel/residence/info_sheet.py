"""The information sheet for the victim (action 22): rights and next steps with the victim's
own dates, printable, one template per language.

Adding a language is adding one file: templates/residence/info_sheet/<code>.html (it extends
_base.html and fills the text blocks); the sheet is offered in every language found there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import formats, translation

from schakel.core.pdf import html_to_pdf

from .models import Procedure

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates" / "residence" / "info_sheet"
LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "en": "English",
    "ro": "Română",
    "bg": "Български",
    "pl": "Polski",
    "uk": "Українська",
    "es": "Español",
    "fr": "Français",
}


def available_languages() -> list[tuple[str, str]]:
    """(code, name in that language) for every sheet template, Dutch and English first."""
    codes = sorted(p.stem for p in TEMPLATE_DIR.glob("*.html") if not p.stem.startswith("_"))
    ordered = [c for c in ("nl", "en") if c in codes] + [c for c in codes if c not in ("nl", "en")]
    return [(c, LANGUAGE_NAMES.get(c, c)) for c in ordered]


@dataclass(frozen=True)
class SheetDates:
    started_on: str
    offered_on: str
    reflection_started_on: str
    reflection_ends_on: str
    permit_valid_until: str
    today: str


def _format(day: date | None, language: str) -> str:
    if day is None:
        return ""
    with translation.override(language):
        return str(formats.date_format(day, "j F Y"))


def sheet_dates(procedure: Procedure, *, language: str, today: date) -> SheetDates:
    return SheetDates(
        started_on=_format(procedure.started_on, language),
        offered_on=_format(procedure.offered_on, language),
        reflection_started_on=_format(procedure.reflection_started_on, language),
        reflection_ends_on=_format(procedure.reflection_ends_on, language),
        permit_valid_until=_format(procedure.permit_valid_until, language),
        today=_format(today, language),
    )


def render_sheet(procedure: Procedure, *, language: str, today: date) -> str:
    if language not in dict(available_languages()):
        raise KeyError(language)
    return render_to_string(
        f"residence/info_sheet/{language}.html",
        {
            "procedure": procedure,
            "dates": sheet_dates(procedure, language=language, today=today),
            "language": language,
            "months": procedure.rules.reflection_period_months,
            "in_reflection": procedure.status == "reflection",
            "has_permit": procedure.permit_valid_until is not None,
        },
    )


def sheet_pdf(html: str) -> bytes:
    # The sheet links its CSS (no inline styles under the CSP); html_to_pdf reads it.
    return html_to_pdf(html)
