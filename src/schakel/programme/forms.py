from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Ministry, Plan, ValueKind
from .workflow import ProgressStatus

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from schakel.accounts.models import Organisation

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _ministry_choices() -> list[tuple[str, str | Promise]]:
    return [
        ("", _("Alle ministeries")),
        *((m.code, f"{m.code} – {m.name}") for m in Ministry.objects.all()),
    ]


class ActionFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek in de tekst"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Thema"), required=False)
    ministry = forms.ChoiceField(label=_("Ministerie"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle statussen")), *ProgressStatus.choices],
    )
    overdue = forms.BooleanField(label=_("Alleen acties over tijd"), required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields holds copies of the declared fields; django-stubs types them as Field.
        cast(forms.ChoiceField, self.fields["theme"]).choices = [("", _("Alle thema's"))] + [
            (t.number, f"{t.number} {t.title}") for t in plan.themes.all()
        ]
        cast(forms.ChoiceField, self.fields["ministry"]).choices = _ministry_choices()


class ProgressUpdateForm(forms.Form):
    reported_on = forms.DateField(label=_("Datum"), widget=DATE_WIDGET)
    status = forms.ChoiceField(label=_("Status"), choices=ProgressStatus.choices)
    new_end_date = forms.DateField(
        label=_("Nieuwe einddatum"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Alleen bij de status 'Vertraagd': de datum waarop de actie nu klaar is."),
    )
    text = forms.CharField(
        label=_("Toelichting"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("reported_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class IndicatorValueForm(forms.Form):
    year = forms.IntegerField(label=_("Jaar"), min_value=1990, max_value=2100)
    kind = forms.ChoiceField(label=_("Soort"), choices=ValueKind.choices)
    value = forms.DecimalField(label=_("Waarde"), max_digits=12, decimal_places=2)
    as_of = forms.DateField(
        label=_("Peildatum"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_(
            "Leeg: het hele jaar (31 december). Een eerdere datum bij een "
            "realisatie: geteld tot en met die datum; daaruit volgt de prognose."
        ),
    )
    low = forms.DecimalField(label=_("Ondergrens"), required=False, max_digits=12, decimal_places=2)
    high = forms.DecimalField(
        label=_("Bovengrens"), required=False, max_digits=12, decimal_places=2
    )
    note = forms.CharField(label=_("Opmerking"), required=False, max_length=300)


class ReportForm(forms.Form):
    plan = forms.ChoiceField(label=_("Plan"), required=False)
    period_start = forms.DateField(label=_("Periode vanaf"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Periode tot en met"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, plans: list[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["plan"]).choices = [("", _("Alle plannen"))] + [
            (p.slug, p.title) for p in plans
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            if start > end:
                self.add_error("period_end", _("De einddatum ligt voor de begindatum."))
            elif (end - start).days > 366 * 5:
                self.add_error("period_end", _("Kies een periode van ten hoogste vijf jaar."))
        return data


class DeadlinesForm(forms.Form):
    ministry = forms.ChoiceField(label=_("Ministerie"), required=False)
    days = forms.IntegerField(
        label=_("Einddatum binnen (dagen)"), required=False, min_value=0, max_value=366, initial=30
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["ministry"]).choices = _ministry_choices()


class MinistryLinkForm(forms.Form):
    ministry = forms.ModelChoiceField(label=_("Ministerie"), queryset=Ministry.objects.all())
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=None
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Organisation]", self.fields["organisation"])
        field.queryset = organisations


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last complete calendar year: the yearly report looks back on it."""
    return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
