"""Forms of sharing: a disclosure request, the officer's decision, consent, restriction,
rectification. They parse; the services decide (and name the field in their errors)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Organisation
from schakel.registry.categories import DataCategory
from schakel.registry.rectification import RECTIFIABLE_FIELDS

from .models import RecordedHow, RequestKind, SignedBy
from .vocabulary import SHARING_PURPOSES, Domain


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def purpose_choices() -> list[tuple[str, Any]]:
    return [("", _("— kies een doel —"))] + [(str(p), p.label) for p in SHARING_PURPOSES]


class DisclosureRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Waar vraagt u om?"),
        choices=RequestKind.choices,
        widget=forms.RadioSelect,
        initial=RequestKind.REPORT,
    )
    report_number = forms.CharField(
        label=_("Meldingsnummer"),
        max_length=20,
        help_text=_(
            "Bij één melding: het nummer van de melding van de andere organisatie. Bij een "
            "persoon: het nummer van uw eigen melding over die persoon."
        ),
    )
    holder_organisation = forms.ModelChoiceField(
        label=_("Organisatie die de gegevens heeft"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        help_text=_("Alleen nodig als u om alle meldingen over een persoon vraagt."),
    )
    # Any text is accepted here, so the service (not the form) refuses and audits an unknown
    # purpose; the select offers only the known ones. A missing purpose is audited by the view.
    purpose = forms.CharField(
        label=_("Doel"),
        widget=forms.Select(choices=()),
        help_text=_("De regels beslissen per soort gegevens voor dit doel."),
    )
    justification = forms.CharField(
        label=_("Waarom heeft u de gegevens nodig?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].widget.choices = purpose_choices()


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Besluit"),
        choices=[("yes", _("Verstrekken na noodzaaktoets")), ("no", _("Weigeren"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Noodzaaktoets of reden van weigering"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ConsentForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Soorten gegevens"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    recipient_domains = forms.MultipleChoiceField(
        label=_("Ontvangers"),
        choices=Domain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    purposes = forms.MultipleChoiceField(
        label=_("Doelen"),
        choices=[(str(p), p.label) for p in SHARING_PURPOSES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    given_on = forms.DateField(label=_("Datum toestemming"), widget=_date(), required=False)
    recorded_how = forms.ChoiceField(
        label=_("Hoe vastgelegd"), choices=RecordedHow.choices, widget=forms.RadioSelect
    )
    signed_by = forms.ChoiceField(
        label=_("Ondertekend door"),
        choices=SignedBy.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Vanaf 16 jaar tekent de persoon zelf, daaronder de wettelijk vertegenwoordiger."
        ),
    )
    guardian_name = forms.CharField(
        label=_("Naam vertegenwoordiger"), required=False, max_length=200
    )
    guardian_relation = forms.CharField(
        label=_("Relatie vertegenwoordiger"), required=False, max_length=100
    )


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Ingetrokken op"), widget=_date(), required=False)
    how = forms.ChoiceField(
        label=_("Hoe vastgelegd"), choices=RecordedHow.choices, widget=forms.RadioSelect
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RectifyForm(forms.Form):
    record = forms.IntegerField(label=_("Melding"), widget=forms.Select())
    field_name = forms.ChoiceField(
        label=_("Veld"), choices=[(f, f.replace("_", " ")) for f in RECTIFIABLE_FIELDS]
    )
    new_value = forms.CharField(label=_("Juiste waarde"), required=False, max_length=400)
    reason = forms.CharField(
        label=_("Reden"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, records: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record"].widget.choices = [
            (r.pk, f"{r.report.number} ({r.report.reporting_organisation.name})") for r in records
        ]
