"""Forms of the file import and the HTCDS download (labels in Dutch, msgids for translation)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand (CSV of XLSX)"),
        help_text=_(
            "Eén melding per regel, met een kopregel in het Nederlands of Engels. "
            "Hoogstens 10 MB. Bij één fout wordt niets geïmporteerd."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    submit = forms.BooleanField(
        label=_("Meldingen direct indienen bij de centrale registratie"), required=False
    )


class HtcdsExportForm(forms.Form):
    year = forms.IntegerField(
        label=_("Jaar van registratie"),
        min_value=2000,
        help_text=_("Personen met een melding die in dit jaar is geregistreerd."),
    )

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Kies een jaar dat al begonnen is."))
        return year
