"""Forms of identification: the checklist, editing a draft list version, the MDT assessment."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import STRENGTH_CHOICES, IndicatorList, MdtConclusion

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from schakel.accounts.models import Organisation

STRENGTH_LABEL = dict(STRENGTH_CHOICES)


class ChecklistForm(forms.Form):
    """One checkbox and one optional note per indicator, grouped by element for the template.

    Field names carry the indicator's database id (``ind_<id>``, ``note_<id>``), so a ticked
    box always names exactly one indicator of exactly this list version.
    """

    note = forms.CharField(
        label=_("Toelichting bij de beoordeling"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, indicator_list: IndicatorList, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator_list = indicator_list
        self.groups: list[tuple[Any, list[tuple[forms.BoundField, forms.BoundField]]]] = []
        for element in indicator_list.elements.all():
            rows = []
            for indicator in element.indicators.all():
                box, note = f"ind_{indicator.pk}", f"note_{indicator.pk}"
                self.fields[box] = forms.BooleanField(
                    label=indicator.text_nl,
                    required=False,
                    widget=forms.CheckboxInput(attrs={"aria-describedby": f"id_{box}_source"}),
                    help_text=_("%(strength)s indicator · bron: “%(source)s”")
                    % {
                        "strength": STRENGTH_LABEL[indicator.strength],
                        "source": indicator.source_wording or indicator.text_en,
                    },
                )
                self.fields[note] = forms.CharField(
                    label=_("Notitie bij: %(text)s") % {"text": indicator.text_nl},
                    required=False,
                    max_length=1000,
                )
                rows.append((self[box], self[note]))
            self.groups.append((element, rows))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unknown = sorted(k for k in self.data if k.startswith("ind_") and k not in self.fields)
        if unknown:
            # A box from another version or a made-up id: refuse rather than silently drop.
            raise forms.ValidationError(
                _("Onbekende indicator in het formulier: %(names)s. Laad de checklist opnieuw."),
                params={"names": ", ".join(unknown)},
            )
        return data

    def observations(self) -> list[tuple[object, str]]:
        data = self.cleaned_data
        return [
            (int(name.removeprefix("ind_")), data.get(f"note_{name.removeprefix('ind_')}", ""))
            for name, value in data.items()
            if name.startswith("ind_") and value
        ]


class DraftMetaForm(forms.Form):
    prefix = "meta"
    valid_from = forms.DateField(
        label=_("Geldig vanaf"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    source = forms.CharField(
        label=_("Bron"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    criteria = forms.CharField(
        label=_("Criteria (JSON)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "element_present_if: drempels per element; adult_rule en child_rule: "
            "groepen elementcodes waarvan er telkens één aanwezig moet zijn."
        ),
    )

    def clean_criteria(self) -> dict[str, object]:
        try:
            value = json.loads(self.cleaned_data["criteria"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("Geen geldige JSON: %(error)s"), params={"error": exc.msg}
            ) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Verwacht een JSON-object."))
        return value


class IndicatorForm(forms.Form):
    prefix = "indicator"
    element = forms.ChoiceField(label=_("Element"))
    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("Een bestaande code wijzigt die indicator.")
    )
    strength = forms.ChoiceField(label=_("Sterkte"), choices=STRENGTH_CHOICES)
    text_nl = forms.CharField(label=_("Tekst in eenvoudig Nederlands"), max_length=300)
    text_en = forms.CharField(label=_("Tekst in het Engels"), max_length=300)
    source_wording = forms.CharField(
        label=_("Formulering in de bron"), max_length=300, required=False
    )

    def __init__(self, *args: Any, indicator_list: IndicatorList, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields holds copies of the declared fields; django-stubs types them as Field.
        element = cast(forms.ChoiceField, self.fields["element"])
        element.choices = [(e.code, e.name_nl) for e in indicator_list.elements.all()]


class MdtForm(forms.Form):
    organisations: forms.ModelMultipleChoiceField[Organisation] = forms.ModelMultipleChoiceField(
        label=_("Organisaties in het team"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ten minste twee organisaties."),
    )
    met_on = forms.DateField(
        label=_("Datum overleg"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    conclusion = forms.ChoiceField(
        label=_("Conclusie van het team"), choices=MdtConclusion.choices, widget=forms.RadioSelect
    )
    reasoning = forms.CharField(
        label=_("Onderbouwing"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelMultipleChoiceField[Organisation]", self.fields["organisations"])
        field.queryset = organisations
