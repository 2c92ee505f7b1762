"""The month picker (and, for the registrar, the organisation picker) of the feedback report."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from .feedback import NATIONAL, Month, last_complete_month


class FeedbackFilterForm(forms.Form):
    month = forms.CharField(
        label=_("Maand"),
        required=False,
        max_length=7,
        help_text=_("Jaar en maand, bijvoorbeeld 2026-03."),
        widget=forms.TextInput(
            attrs={
                "type": "month",
                "pattern": r"\d{4}-\d{2}",
                "placeholder": "JJJJ-MM",
                "aria-describedby": "id_month_help",
            }
        ),
    )
    # Only the registrar is offered a choice; for others a value is passed on unchanged to
    # the selector, which refuses any organisation but their own.
    organisation = forms.CharField(label=_("Organisatie"), required=False, max_length=20)

    def __init__(
        self, *args: object, today: date, organisations: list[tuple[int, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.today = today
        self.can_choose_organisation = bool(organisations)
        # Left empty, the month is the last complete one: show that in the picker.
        self.fields["month"].initial = str(last_complete_month(today))
        if organisations:
            self.fields["organisation"] = forms.ChoiceField(
                label=_("Organisatie"),
                required=False,
                error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")},
                choices=[
                    (NATIONAL, _("Alle organisaties (landelijk)")),
                    *[(str(pk), name) for pk, name in organisations],
                ],
            )

    def clean_month(self) -> Month:
        text = self.cleaned_data.get("month", "")
        if not text:
            return last_complete_month(self.today)
        try:
            month = Month.parse(text)
        except ValueError:
            raise forms.ValidationError(
                _("Vul een maand in als jaar-maand, bijvoorbeeld 2026-03."), code="invalid"
            ) from None
        if month > Month.of(self.today):
            raise forms.ValidationError(_("Deze maand is nog niet begonnen."), code="future")
        return month

    def clean_organisation(self) -> int | str | None:
        value = (self.cleaned_data.get("organisation") or "").strip()
        if not value:
            return None
        if value == NATIONAL:
            return NATIONAL
        if not value.isdigit():
            raise forms.ValidationError(_("Kies een organisatie uit de lijst."), code="invalid")
        return int(value)

    def selection(self) -> tuple[Month, int | str | None]:
        """The chosen month and organisation; the defaults when the form was not filled in."""
        if not self.is_bound:
            return last_complete_month(self.today), None
        return self.cleaned_data["month"], self.cleaned_data["organisation"]
