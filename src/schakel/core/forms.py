from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Organisation

from .models import AuditAction, AuditOutcome
from .selectors import AuditFilter


class AuditFilterForm(forms.Form):
    person = forms.CharField(label=_("Persoon (id)"), required=False, max_length=64)
    user = forms.CharField(label=_("Gebruiker"), required=False, max_length=150)
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), required=False, queryset=Organisation.objects.all()
    )
    date_from = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    outcome = forms.ChoiceField(
        label=_("Uitkomst"), required=False, choices=[("", _("Alle")), *AuditOutcome.choices]
    )
    action = forms.ChoiceField(
        label=_("Handeling"), required=False, choices=[("", _("Alle")), *AuditAction.choices]
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("De einddatum ligt voor de begindatum."))
        return data

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        organisation = data.get("organisation")
        return AuditFilter(
            person=data.get("person", ""),
            user=data.get("user", ""),
            organisation_id=organisation.pk if organisation else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            outcome=data.get("outcome", ""),
            action=data.get("action", ""),
        )
