"""The rows of the report form that may occur several times, and the country and language
choices (ISO 3166 through django-countries, ISO 639 through pycountry, named in the user's
language)."""

from __future__ import annotations

import gettext
from functools import cache
from typing import TYPE_CHECKING, Any, cast

import pycountry
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .choices import (
    CriminalActivity,
    DocumentType,
    ExploitationForm,
    LabourSector,
    PlaceKind,
    SuspectRelation,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def blank_choice() -> list[tuple[str, str]]:
    return [("", "—")]


def country_choices() -> list[tuple[str, str]]:
    """Every ISO 3166 country, named and sorted in the active language."""
    return [(code, str(name)) for code, name in countries]


@cache
def _language_choices(language: str) -> tuple[tuple[str, str], ...]:
    names: gettext.NullTranslations
    try:
        names = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        names = gettext.NullTranslations()  # names stay as pycountry gives them (English)
    choices = [
        (lang.alpha_2, names.gettext(lang.name))
        for lang in pycountry.languages
        if hasattr(lang, "alpha_2")
    ]
    return tuple(sorted(choices, key=lambda choice: choice[1].casefold()))


def language_choices() -> list[tuple[str, str]]:
    """ISO 639-1 languages (the ones with a two-letter code), named in the active language."""
    return list(_language_choices((get_language() or "nl").split("-")[0]))


class FastSelect(forms.Select):
    """A select of ~250 options rendered in Python: the template-per-option default costs
    tenths of a second per page with several country lists."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final["multiple"] = True
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (code, " selected" if str(code) in selected else "", label)
                for code, label in self.choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), options)


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    allow_multiple_selected = True


def _choices(vocabulary: Any) -> list[tuple[str, str]]:
    return blank_choice() + list(vocabulary.choices)


class RowForm(forms.Form):
    """A row of a formset: every field optional; a row left empty is ignored."""

    required_when_filled: tuple[str, StrOrPromise] = ("", "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, message = self.required_when_filled
        if name and row_is_filled(data) and not data.get("DELETE") and not data.get(name):
            self.add_error(name, message)
        return data


def row_is_filled(data: dict[str, Any]) -> bool:
    return any(value for key, value in data.items() if key != "DELETE")


class DocumentRow(RowForm):
    document_type = forms.ChoiceField(
        label=_("Soort document"), required=False, choices=_choices(DocumentType)
    )
    number = forms.CharField(label=_("Documentnummer"), max_length=60, required=False)
    issuing_country = forms.ChoiceField(
        label=_("Land van afgifte"), required=False, widget=FastSelect
    )
    required_when_filled = ("document_type", _("Kies de soort document."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields holds copies of the declared fields; django-stubs types them as Field.
        cast(forms.ChoiceField, self.fields["issuing_country"]).choices = (
            blank_choice() + country_choices()
        )


class PlaceRow(RowForm):
    kind = forms.ChoiceField(label=_("Soort plaats"), required=False, choices=_choices(PlaceKind))
    municipality = forms.CharField(label=_("Gemeente in Nederland"), max_length=100, required=False)
    country = forms.ChoiceField(label=_("Land buiten Nederland"), required=False, widget=FastSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = blank_choice() + country_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # Whoever filled in only a municipality or only a country has said which kind it is.
        if not data.get("kind"):
            if data.get("municipality") and not data.get("country"):
                data["kind"] = PlaceKind.NETHERLANDS
            elif data.get("country") and not data.get("municipality"):
                data["kind"] = PlaceKind.ABROAD
            elif row_is_filled(data) and not data.get("DELETE"):
                self.add_error("kind", _("Kies of de plaats in Nederland of daarbuiten ligt."))
        return data


class FormRow(RowForm):
    form = forms.ChoiceField(
        label=_("Vorm van uitbuiting"), required=False, choices=_choices(ExploitationForm)
    )
    labour_sector = forms.ChoiceField(
        label=_("Sector (bij arbeidsuitbuiting)"), required=False, choices=_choices(LabourSector)
    )
    criminal_activity = forms.ChoiceField(
        label=_("Activiteit (bij criminele uitbuiting)"),
        required=False,
        choices=_choices(CriminalActivity),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # A sector implies labour exploitation, an activity criminal exploitation.
        if not data.get("form"):
            if data.get("labour_sector") and not data.get("criminal_activity"):
                data["form"] = ExploitationForm.LABOUR
            elif data.get("criminal_activity") and not data.get("labour_sector"):
                data["form"] = ExploitationForm.CRIMINAL
            elif row_is_filled(data) and not data.get("DELETE"):
                self.add_error("form", _("Kies de vorm van uitbuiting."))
        return data


class SuspectRow(RowForm):
    name = forms.CharField(label=_("Naam"), max_length=200, required=False)
    relation = forms.ChoiceField(
        label=_("Relatie tot de persoon"), required=False, choices=_choices(SuspectRelation)
    )
    notes = forms.CharField(
        label=_("Toelichting"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if row_is_filled(data) and not data.get("relation"):
            data["relation"] = SuspectRelation.UNKNOWN
        return data


ROW_FORMS: dict[str, type[RowForm]] = {
    "documents": DocumentRow,
    "places": PlaceRow,
    "forms": FormRow,
    "suspects": SuspectRow,
}
