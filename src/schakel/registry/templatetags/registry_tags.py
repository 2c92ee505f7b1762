"""Small display helpers for the registry's pages."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def yes_no_unknown(value: bool | None) -> str:
    """ja / nee / onbekend: a derived fact that may be undecidable."""
    if value is None:
        return _("onbekend")
    return _("ja") if value else _("nee")


@register.filter
def language_names(codes: list[str]) -> str:
    """ISO 639 codes as names in the active language (unknown codes as they are)."""
    from schakel.registry.form_rows import language_choices

    names = dict(language_choices())
    return ", ".join(names.get(code, code) for code in codes or [])


@register.filter
def birth_display(record: object) -> str:
    """The date of birth as precisely as it is known, saying how precise that is."""
    birth_date: date | None = getattr(record, "birth_date", None)
    birth_year: int | None = getattr(record, "birth_year", None)
    precision = getattr(record, "birth_date_precision", "unknown")
    if precision == "exact" and birth_date:
        return birth_date.strftime("%d-%m-%Y")
    if precision == "year" and birth_year:
        return _("%(year)s (alleen het jaar is bekend)") % {"year": birth_year}
    if precision == "estimated" and (birth_date or birth_year):
        shown = birth_date.strftime("%d-%m-%Y") if birth_date else str(birth_year)
        return _("%(date)s (geschat)") % {"date": shown}
    return _("onbekend")
