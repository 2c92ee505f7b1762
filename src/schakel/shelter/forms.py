"""Forms of the shelter screens; the services validate again and name the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import geo
from .choices import DischargeReason, FacilityKind, Gender, SecurityLevel, Urgency


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


def _kind_choices() -> list[tuple[str, object]]:
    return [("", _("Alle soorten")), *FacilityKind.choices]


def _region_choices() -> list[tuple[str, str]]:
    provinces = sorted({c.province for c in geo.centres().values()})
    return [("", str(_("Alle regio's"))), *((p, p) for p in provinces)]


class FigureForm(forms.Form):
    """Selection of the discharge and waiting-time figures (a GET form)."""

    jaar = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    per = forms.ChoiceField(
        label=_("Per"),
        required=False,
        choices=[("maand", _("maand")), ("kwartaal", _("kwartaal")), ("jaar", _("jaar"))],
    )
    soort = forms.ChoiceField(label=_("Soort opvang"), required=False, choices=_kind_choices)
    regio = forms.ChoiceField(label=_("Regio"), required=False, choices=_region_choices)


MAX_OCCUPANCY_DAYS = 366


class OccupancyForm(forms.Form):
    van = forms.DateField(label=_("Van"), widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label=_("Tot en met"), widget=forms.DateInput(attrs={"type": "date"}))
    per = forms.ChoiceField(
        label=_("Per"), required=False, choices=[("week", _("week")), ("dag", _("dag"))]
    )
    soort = forms.ChoiceField(label=_("Soort opvang"), required=False, choices=_kind_choices)
    regio = forms.ChoiceField(label=_("Regio"), required=False, choices=_region_choices)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("van"), data.get("tot")
        if start and end:
            if end < start:
                self.add_error("tot", _("De einddatum ligt voor de begindatum."))
            elif (end - start).days >= MAX_OCCUPANCY_DAYS:
                self.add_error("tot", _("Kies een periode van ten hoogste een jaar."))
        return data


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(label=_("Aantal plaatsen"), min_value=0, max_value=500)


class CoverageDateForm(forms.Form):
    peildatum = forms.DateField(
        label=_("Peildatum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class CareCoordinationForm(forms.Form):
    """One dated record; the service validates again and names the field."""

    municipality = forms.ChoiceField(
        label=_("Gemeente"),
        choices=lambda: [
            ("", "—"),
            *((c.municipality, c.municipality) for c in geo.municipalities()),
        ],
    )
    has_coordinator = forms.BooleanField(label=_("Heeft zorgcoördinatie"), required=False)
    coordinator = forms.CharField(
        label=_("Zorgcoördinator (organisatie)"),
        required=False,
        max_length=200,
        help_text=_("De organisatie, niet een persoon. Verplicht als er zorgcoördinatie is."),
    )
    contact = forms.CharField(
        label=_("Contact"),
        required=False,
        max_length=200,
        help_text=_("Een functioneel e-mailadres of telefoonnummer, geen persoonlijk."),
    )
    valid_from = forms.DateField(
        label=_("Geldig vanaf"), widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.CharField(
        label=_("Bron"),
        max_length=200,
        help_text=_("Bijvoorbeeld het convenant of de brief waarin dit staat."),
    )
