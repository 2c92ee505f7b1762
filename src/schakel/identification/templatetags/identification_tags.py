from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

CONCLUSION_LABELS = {
    "indicated": _("wijst op mensenhandel"),
    "partial": _("een deel van de criteria vervuld, niet alle"),
    "not_indicated": _("geen van de criteria vervuld"),
}


@register.filter
def conclusion_label(code: str) -> str:
    return str(CONCLUSION_LABELS.get(code, code))
