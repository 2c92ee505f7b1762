"""Forms of the shelter screens; the services validate again and name the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import geo
from .choices import DischargeReason, Gender, SecurityLevel, Urgency


class PlacementRequestForm(forms.Form):
    report_number = forms.CharField(
        label=_("Meldingsnummer"), max_length=40, help_text=_("Bijvoorbeeld MH-2026-000123.")
    )
    gender = forms.ChoiceField(label=_("Opvang voor"), choices=Gender.choices)
    minor = forms.BooleanField(label=_("Minderjarig"), required=False)
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=Urgency.choices)
    security_needed = forms.TypedChoiceField(
        label=_("Veiligheid"), coerce=int, choices=SecurityLevel.choices
    )
    complex_needs = forms.BooleanField(label=_("Complexe problematiek"), required=False)
    needs_wheelchair_access = forms.BooleanField(
        label=_("Rolstoeltoegankelijk nodig"), required=False
    )
    preferred_municipality = forms.ChoiceField(
        label=_("Voorkeursgemeente"),
        required=False,
        choices=[("", _("Geen voorkeur"))] + [(m, m) for m in geo.municipality_names()],
    )
    languages = forms.CharField(
        label=_("Talen"),
        required=False,
        max_length=60,
        help_text=_("Tweeletterige codes, gescheiden door komma's: nl, en, ro."),
    )


class TransitionForm(forms.Form):
    discharge_reason = forms.ChoiceField(
        label=_("Reden van uitstroom"),
        required=False,
        choices=[("", "—"), *DischargeReason.choices],
    )
