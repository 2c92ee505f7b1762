"""Small forms of the report's workflow and the registrar's workspace: status changes, search,
and the manual "same person" / "not the same person" decisions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .actions import ACTION_LABELS, Action
from .choices import ReportStatus
from .models import NotRegisteredReason
from .selectors import ReportSearch

REASON_LABELS = {
    Action.WITHDRAW: _("Reden van intrekken"),
    Action.REOPEN: _("Reden van heropenen"),
    Action.SUBMIT: _("Opmerking bij het indienen"),
    Action.START_REVIEW: _("Opmerking"),
    Action.REGISTER: _("Opmerking"),
    Action.NOT_REGISTER: _("Opmerking"),
}
TRANSITION_ACTIONS = [a for a in Action if a != Action.EDIT]


class TransitionForm(forms.Form):
    """One status change; its prefix is the action, so several fit on one page."""

    reason = forms.CharField(
        label=_("Reden"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    not_registered_reason = forms.ModelChoiceField(
        label=_("Reden waarom de persoon niet wordt geregistreerd"),
        required=False,
        queryset=NotRegisteredReason.objects.none(),
        empty_label="—",
    )
    decision_note = forms.CharField(
        label=_("Toelichting bij het besluit"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        action: Action,
        reason_required: bool,
        reasons: QuerySet[NotRegisteredReason],
        **kwargs: Any,
    ) -> None:
        # Only the data goes positionally: the prefix is set here.
        super().__init__(data, prefix=str(action), **kwargs)
        self.action = action
        self.title = ACTION_LABELS[action]
        self.reason_required = reason_required
        self.fields["reason"].label = REASON_LABELS[action]
        self.fields["reason"].required = reason_required
        if reason_required:
            self.fields["reason"].error_messages["required"] = _("Geef een reden op.")
        if action == Action.NOT_REGISTER:
            # self.fields holds copies of the declared fields; django-stubs types them as Field.
            cast(
                "forms.ModelChoiceField[NotRegisteredReason]", self.fields["not_registered_reason"]
            ).queryset = reasons
            self.fields["not_registered_reason"].required = True
            self.fields["not_registered_reason"].error_messages["required"] = _(
                "Kies een reden waarom de persoon niet wordt geregistreerd."
            )
        else:
            del self.fields["not_registered_reason"]
        if action not in {Action.REGISTER, Action.NOT_REGISTER}:
            del self.fields["decision_note"]
        if action in {Action.REGISTER, Action.NOT_REGISTER, Action.START_REVIEW, Action.SUBMIT}:
            # The decision itself carries the explanation; a second free text adds nothing.
            del self.fields["reason"]


class SearchForm(forms.Form):
    name = forms.CharField(label=_("Naam of alias"), max_length=200, required=False)
    birth_date = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Vindt ook meldingen waarin alleen het geboortejaar bekend is."),
    )
    number = forms.CharField(
        label=_("Meldingsnummer"),
        max_length=20,
        required=False,
        help_text=_("Bijvoorbeeld MH-2026-000123."),
    )

    def query(self) -> ReportSearch:
        data = self.cleaned_data
        return ReportSearch(name=data["name"], birth_date=data["birth_date"], number=data["number"])


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle statussen")), *ReportStatus.choices],
    )


class SamePersonForm(forms.Form):
    number = forms.CharField(
        label=_("Meldingsnummer van de andere melding"),
        max_length=20,
        help_text=_("Bijvoorbeeld MH-2026-000123."),
    )
    reason = forms.CharField(
        label=_("Waarom is dit dezelfde persoon?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(data, prefix="same", **kwargs)


class DifferentPersonForm(forms.Form):
    record = forms.ChoiceField(label=_("Melding over deze persoon"))
    number = forms.CharField(
        label=_("Is niet dezelfde persoon als (meldingsnummer)"),
        max_length=20,
        help_text=_("Bijvoorbeeld MH-2026-000123."),
    )
    reason = forms.CharField(
        label=_("Waarom is dit niet dezelfde persoon?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        records: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, prefix="different", **kwargs)
        cast(forms.ChoiceField, self.fields["record"]).choices = [
            (str(pk), label) for pk, label in records
        ]
