"""Forms of the residence screens: they parse; the services decide (and name the field)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.core.errors import ApplicationError

from . import workflow
from .choices import CooperationKind, NotOfferedReason, ProcedureStatus, RouteKind
from .models import Procedure

if TYPE_CHECKING:
    from django.db import models
    from django.db.models import QuerySet

    from schakel.accounts.models import Organisation


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class OpenForm(forms.Form):
    report_number = forms.CharField(
        label=_("Meldingsnummer"),
        max_length=20,
        help_text=_("Het nummer van de melding bij de centrale registratie, zoals MH-2026-000123."),
    )
    started_on = _date(
        _("Datum van de eerste aanwijzing"),
        help_text=_(
            "De regels van de verblijfsregeling die op deze datum gelden, zijn van toepassing."
        ),
    )
    following_organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Begeleidende organisatie"), queryset=None, required=False
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["following_organisation"]
        else:
            # self.fields holds copies of the declared fields; django-stubs types them as Field.
            field = cast(
                "forms.ModelChoiceField[Organisation]", self.fields["following_organisation"]
            )
            field.queryset = organisations
            field.required = True


def _field(name: str) -> forms.Field:  # noqa: PLR0911 -- one field per input name
    if name == "offered_by":
        return forms.CharField(label=_("Aangeboden door (naam en organisatie)"), max_length=200)
    if name == "offered_on":
        return _date(
            _("Aangeboden op"),
            required=False,
            help_text=_("Leeg: dezelfde dag als het begin van de bedenktijd."),
        )
    if name == "reflection_ends_on":
        return _date(
            _("Gepland einde bedenktijd"),
            required=False,
            help_text=_(
                "Leeg: de volle bedenktijd (3 maanden volgens de regels die "
                "voor deze procedure gelden)."
            ),
        )
    if name == "not_offered_reason":
        return forms.ChoiceField(
            label=_("Reden niet aangeboden"), choices=[("", "—"), *NotOfferedReason.choices]
        )
    if name == "cooperation_kind":
        return forms.ChoiceField(
            label=_("Soort medewerking"), choices=[("", "—"), *CooperationKind.choices]
        )
    if name == "route_kind":
        return forms.ChoiceField(label=_("Route"), choices=[("", "—"), *RouteKind.choices])
    if name == "permit_valid_until":
        return _date(
            _("Geldig tot"),
            required=False,
            help_text=_("Leeg: de standaardgeldigheid volgens de regels."),
        )
    if name == "safety_dossier_complete":
        return forms.BooleanField(
            label=_("Veiligheidsdossier (actie 38) is compleet"), required=False
        )
    if name in {"not_offered_note", "safety_dossier_note", "end_reason"}:
        labels = {
            "not_offered_note": _("Toelichting"),
            "safety_dossier_note": _("Veiligheidsdossier: bevindingen"),
            "end_reason": _("Reden van afsluiten"),
        }
        return forms.CharField(
            label=labels[name],
            required=name == "end_reason",
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    raise KeyError(name)


class StepForm(forms.Form):
    """One step of the procedure: its date and what the step records."""

    def __init__(self, *args: Any, to_status: ProcedureStatus, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", to_status.value)
        super().__init__(*args, **kwargs)
        self.target = to_status
        step = workflow.STEPS[to_status]
        self.title = step.label
        self.fields["on"] = _date(_("Datum"))
        for name in step.required + step.optional:
            self.fields[name] = _field(name)
        if to_status in workflow.IND_DECISIONS:
            self.fields["ind_reference"] = forms.CharField(
                label=_("Kenmerk IND"), max_length=60, required=False
            )

    def step_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            k: v
            for k, v in data.items()
            if k not in {"on", "ind_reference"} and v not in (None, "")
        }

    def apply_error(self, exc: ApplicationError) -> None:
        target = "on" if exc.field == "on" else exc.field
        self.add_error(target if target in self.fields else None, str(exc.message))


# The correctable fields are concrete columns of Procedure, never reverse relations.
CORRECTION_LABELS = {
    name: cast("models.Field[Any, Any]", Procedure._meta.get_field(name)).verbose_name
    for name in workflow.CORRECTABLE_FIELDS
}


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=_("Welk gegeven"))
    value = forms.CharField(
        label=_("Nieuwe waarde"),
        max_length=500,
        help_text=_(
            "Een datum als 31-01-2026 of 2026-01-31; ja/nee voor het veiligheidsdossier; "
            "bij een keuzelijst de code uit de lijst."
        ),
    )
    reason = forms.CharField(
        label=_("Reden van de correctie"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "correction")
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["field"])
        field.choices = [("", "—"), *CORRECTION_LABELS.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, raw = data.get("field"), str(data.get("value", "")).strip()
        if not name or "value" not in data:
            return data
        if name in workflow.DATE_FIELDS:
            data["value"] = _parse_date(raw)
            if data["value"] is None:
                self.add_error("value", _("Vul een datum in, zoals 31-01-2026."))
        elif name == "safety_dossier_complete":
            data["value"] = raw.lower() in {"ja", "yes", "1", "true", "waar"}
        else:
            data["value"] = raw
        return data


def _parse_date(raw: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            from datetime import datetime

            return datetime.strptime(raw, pattern).date()  # noqa: DTZ007 -- a date, no time
        except ValueError:
            continue
    return None


class MonitorForm(forms.Form):
    jaar = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
