"""The report form: one form for the person and the report, four formsets for the parts that
repeat. Together they build the `ReportInput` the services validate, and they put every
(field, message) the services return next to the input it names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .actions import minor_at_exploitation_start
from .choices import ConsentStatus, DatePrecision, ExploitationPeriodStatus, Gender
from .form_rows import (
    ROW_FORMS,
    FastSelect,
    FastSelectMultiple,
    RowForm,
    blank_choice,
    country_choices,
    language_choices,
    row_is_filled,
)
from .inputs import DocumentInput, FormInput, PersonInput, PlaceInput, ReportInput, SuspectInput

if TYPE_CHECKING:
    from .models import Report

MAX_ROWS = 20


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text_area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ReportForm(forms.Form):
    """Everything about the person and the report that occurs once."""

    reported_on = forms.DateField(label=_("Datum van de melding"), widget=_date_widget())
    given_names = forms.CharField(label=_("Voornamen"), max_length=200, required=False)
    family_name = forms.CharField(label=_("Achternaam"), max_length=200, required=False)
    aliases = forms.CharField(
        label=_("Aliassen of bijnamen"),
        required=False,
        widget=_text_area(2),
        help_text=_("Eén per regel."),
    )
    description = forms.CharField(
        label=_("Signalement"),
        required=False,
        widget=_text_area(3),
        help_text=_("Uiterlijk en kenmerken, als de naam onbekend is."),
    )
    birth_date_precision = forms.ChoiceField(
        label=_("Hoe zeker is de geboortedatum?"),
        choices=DatePrecision.choices,
        initial=DatePrecision.UNKNOWN,
        widget=forms.RadioSelect,
    )
    birth_date = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        widget=_date_widget(),
        help_text=_("Bij een geschatte leeftijd: de best passende datum, of alleen een jaar."),
    )
    birth_year = forms.IntegerField(
        label=_("Geboortejaar"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Als alleen het jaar bekend of geschat is."),
    )
    birth_country = forms.ChoiceField(label=_("Geboorteland"), required=False, widget=FastSelect)
    birth_place = forms.CharField(label=_("Geboorteplaats"), max_length=200, required=False)
    gender = forms.ChoiceField(
        label=_("Geslacht"),
        choices=Gender.choices,
        initial=Gender.UNKNOWN,
        widget=forms.RadioSelect,
    )
    nationalities = forms.MultipleChoiceField(
        label=_("Nationaliteiten"),
        required=False,
        widget=FastSelectMultiple(attrs={"size": 6}),
        help_text=_("Meer dan één kiezen: houd Ctrl (of Cmd) ingedrukt."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Talen die de persoon spreekt"),
        required=False,
        widget=FastSelectMultiple(attrs={"size": 6}),
        help_text=_("Meer dan één kiezen: houd Ctrl (of Cmd) ingedrukt."),
    )
    municipality_of_stay = forms.CharField(
        label=_("Gemeente van verblijf"), max_length=100, required=False
    )
    phone = forms.CharField(
        label=_("Telefoonnummer"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    exploitation_status = forms.ChoiceField(
        label=_("Duurt de uitbuiting nog voort?"),
        choices=ExploitationPeriodStatus.choices,
        initial=ExploitationPeriodStatus.UNKNOWN,
        widget=forms.RadioSelect,
    )
    exploitation_started_on = forms.DateField(
        label=_("Begin van de uitbuiting"), required=False, widget=_date_widget()
    )
    exploitation_ended_on = forms.DateField(
        label=_("Einde van de uitbuiting"), required=False, widget=_date_widget()
    )
    needs_shelter = forms.BooleanField(label=_("Heeft direct opvang nodig"), required=False)
    needs_medical = forms.BooleanField(label=_("Heeft direct medische zorg nodig"), required=False)
    needs_safety = forms.BooleanField(label=_("Is in direct gevaar"), required=False)
    health_notes = forms.CharField(
        label=_("Gezondheid"),
        required=False,
        widget=_text_area(3),
        help_text=_("Alleen wat nodig is voor opvang en zorg. Wordt versleuteld bewaard."),
    )
    criminal_record_notes = forms.CharField(
        label=_("Strafrechtelijke gegevens over de persoon"),
        required=False,
        widget=_text_area(3),
        help_text=_("Alleen als het nodig is. Wordt versleuteld bewaard."),
    )
    consent = forms.ChoiceField(
        label=_("Toestemming van de persoon voor registratie"),
        choices=ConsentStatus.choices,
        widget=forms.RadioSelect,
    )
    consent_not_asked_reason = forms.CharField(
        label=_("Waarom is geen toestemming gevraagd?"),
        max_length=300,
        required=False,
        help_text=_("Verplicht als niet om toestemming is gevraagd."),
    )
    narrative = forms.CharField(
        label=_("Relaas"),
        required=False,
        widget=_text_area(8),
        help_text=_("Wat is er gebeurd, in de woorden van de melder. Wordt versleuteld bewaard."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields holds copies of the declared fields; django-stubs types them as Field.
        cast(forms.ChoiceField, self.fields["birth_country"]).choices = (
            blank_choice() + country_choices()
        )
        cast(forms.ChoiceField, self.fields["nationalities"]).choices = country_choices()
        known = language_choices()
        codes = {code for code, _label in known}
        # Keep codes an import stored that the list does not offer (e.g. ISO 639-3 only).
        stored = [c for c in self.initial.get("languages", []) if c not in codes]
        cast(forms.ChoiceField, self.fields["languages"]).choices = known + [(c, c) for c in stored]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("birth_date_precision") == DatePrecision.UNKNOWN and (
            data.get("birth_date") or data.get("birth_year")
        ):
            self.add_error(
                "birth_date_precision",
                _("U vulde een geboortedatum of -jaar in: kies hoe zeker die is."),
            )
        return data


if TYPE_CHECKING:
    _RowFormSetBase = forms.BaseFormSet[RowForm]
else:  # Django's BaseFormSet is not subscriptable at run time.
    _RowFormSetBase = forms.BaseFormSet


class RowFormSet(_RowFormSetBase):
    def add_fields(self, form: RowForm, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Deze rij verwijderen")


@dataclass(frozen=True)
class FormsetSpec:
    title: str | Promise
    row_label: str | Promise
    add_label: str | Promise
    help_text: str | Promise = ""


FORMSETS: dict[str, FormsetSpec] = {
    "documents": FormsetSpec(
        _("Identiteitsdocumenten"), _("Document"), _("Nog een document toevoegen")
    ),
    "places": FormsetSpec(
        _("Plaatsen van uitbuiting"),
        _("Plaats"),
        _("Nog een plaats toevoegen"),
        _("Een gemeente in Nederland, of een land daarbuiten."),
    ),
    "forms": FormsetSpec(
        _("Vormen van uitbuiting"),
        _("Vorm"),
        _("Nog een vorm toevoegen"),
        _("Bij arbeidsuitbuiting de sector, bij criminele uitbuiting de activiteit."),
    ),
    "suspects": FormsetSpec(
        _("Verdachten"),
        _("Verdachte"),
        _("Nog een verdachte toevoegen"),
        _("Alleen als bekend. Namen worden versleuteld bewaard."),
    ),
}

# The main form's fields in the order and groups the page shows them; None marks a formset.
LAYOUT: list[tuple[str, str | Promise, list[str]]] = [
    ("report", _("Melding"), ["reported_on"]),
    ("person", _("Persoon"), ["given_names", "family_name", "aliases", "description"]),
    (
        "birth",
        _("Geboorte"),
        ["birth_date_precision", "birth_date", "birth_year", "birth_country", "birth_place"],
    ),
    ("identity", _("Geslacht, nationaliteit en taal"), ["gender", "nationalities", "languages"]),
    ("stay", _("Verblijf en contact"), ["municipality_of_stay", "phone"]),
    ("documents", "", []),
    (
        "period",
        _("Periode van uitbuiting"),
        ["exploitation_status", "exploitation_started_on", "exploitation_ended_on"],
    ),
    ("places", "", []),
    ("forms", "", []),
    ("suspects", "", []),
    ("needs", _("Directe behoeften"), ["needs_shelter", "needs_medical", "needs_safety"]),
    (
        "sensitive",
        _("Gezondheid en strafrechtelijke gegevens"),
        ["health_notes", "criminal_record_notes"],
    ),
    ("consent", _("Toestemming"), ["consent", "consent_not_asked_reason"]),
    ("narrative", _("Relaas"), ["narrative"]),
]

_ROW_PATH = re.compile(r"(?:person\.)?(documents|places|forms|suspects)\[(\d+)\](?:\.(\w+))?")


@dataclass(frozen=True)
class ErrorItem:
    label: str
    message: str
    anchor: str


@dataclass
class ReportInitial:
    report: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _silence(form: forms.Form) -> None:
    """Validate, keep what was valid, and show no errors (the user only added a row)."""
    form.full_clean()
    # Django has no public way to clear errors; django-stubs leave the private attribute out.
    form._errors = ErrorDict()  # type: ignore[attr-defined]


class ReportFormBundle:
    """The main form and the four formsets, handled as one."""

    def __init__(
        self, data: Any = None, *, initial: ReportInitial | None = None, add_row: str = ""
    ) -> None:
        initial = initial or ReportInitial(report={"reported_on": timezone.localdate()})
        if data is not None and add_row in FORMSETS:
            data = data.copy()
            key = f"{add_row}-TOTAL_FORMS"
            data[key] = str(min(int(data.get(key) or 0) + 1, MAX_ROWS))
        self.form = ReportForm(data, initial=initial.report)
        self.formsets: dict[str, forms.BaseFormSet[RowForm]] = {}
        for name, row_form in ROW_FORMS.items():
            rows = initial.rows.get(name, [])
            factory = forms.formset_factory(
                row_form,
                formset=RowFormSet,
                extra=0 if rows else 1,
                can_delete=True,
                max_num=MAX_ROWS,
                validate_max=True,
            )
            self.formsets[name] = factory(data, initial=rows or None, prefix=name)
        # Input index (what the service reports) -> formset row index (what the page shows).
        self._row_of: dict[str, list[int]] = {name: [] for name in FORMSETS}
        if add_row in FORMSETS:
            self.new_row = (add_row, self.formsets[add_row].total_form_count() - 1)
            self._focus_new_row()
            for form in self._all_forms():
                _silence(form)
            for formset in self.formsets.values():
                # Private, as in _silence; django-stubs leave it out.
                formset._non_form_errors = formset.error_class()  # type: ignore[attr-defined]

    def _all_forms(self) -> list[forms.Form]:
        return [self.form] + [f for fs in self.formsets.values() for f in fs.forms]

    def _focus_new_row(self) -> None:
        name, index = self.new_row
        first_field = next(iter(self.formsets[name].forms[index].fields.values()))
        first_field.widget.attrs["autofocus"] = True

    def is_valid(self) -> bool:
        results = [self.form.is_valid()] + [fs.is_valid() for fs in self.formsets.values()]
        return all(results)

    # -- to the service --------------------------------------------------------------------

    def _filled_rows(self, name: str) -> list[dict[str, Any]]:
        rows = []
        self._row_of[name] = []
        for index, form in enumerate(self.formsets[name].forms):
            data = form.cleaned_data
            if data.get("DELETE") or not row_is_filled(data):
                continue
            self._row_of[name].append(index)
            rows.append(data)
        return rows

    def to_input(self) -> ReportInput:
        d = self.form.cleaned_data
        person = PersonInput(
            given_names=d["given_names"],
            family_name=d["family_name"],
            aliases=tuple(line.strip() for line in d["aliases"].splitlines() if line.strip()),
            description=d["description"],
            birth_date=d["birth_date"],
            birth_year=d["birth_year"],
            birth_date_precision=d["birth_date_precision"],
            gender=d["gender"],
            nationalities=tuple(d["nationalities"]),
            birth_country=d["birth_country"],
            birth_place=d["birth_place"],
            languages=tuple(d["languages"]),
            municipality_of_stay=d["municipality_of_stay"],
            phone=d["phone"],
            documents=tuple(
                DocumentInput(
                    document_type=r["document_type"],
                    number=r["number"],
                    issuing_country=r["issuing_country"],
                )
                for r in self._filled_rows("documents")
            ),
        )
        return ReportInput(
            person=person,
            reported_on=d["reported_on"],
            consent=d["consent"],
            consent_not_asked_reason=d["consent_not_asked_reason"],
            exploitation_status=d["exploitation_status"],
            exploitation_started_on=d["exploitation_started_on"],
            exploitation_ended_on=d["exploitation_ended_on"],
            places=tuple(
                PlaceInput(kind=r["kind"], municipality=r["municipality"], country=r["country"])
                for r in self._filled_rows("places")
            ),
            forms=tuple(
                FormInput(
                    form=r["form"],
                    labour_sector=r["labour_sector"],
                    criminal_activity=r["criminal_activity"],
                )
                for r in self._filled_rows("forms")
            ),
            suspects=tuple(
                SuspectInput(name=r["name"], relation=r["relation"], notes=r["notes"])
                for r in self._filled_rows("suspects")
            ),
            needs_shelter=d["needs_shelter"],
            needs_medical=d["needs_medical"],
            needs_safety=d["needs_safety"],
            health_notes=d["health_notes"],
            criminal_record_notes=d["criminal_record_notes"],
            narrative=d["narrative"],
        )

    # -- from the service ------------------------------------------------------------------

    def _locate(self, path: str) -> tuple[forms.Form, str | None]:
        match = _ROW_PATH.fullmatch(path)
        if match:
            name, index, field_name = match.group(1), int(match.group(2)), match.group(3)
            rows = self._row_of[name]
            if index >= len(rows):
                return self.form, None
            form = self.formsets[name].forms[rows[index]]
            return form, field_name if field_name in form.fields else None
        if path == "person":
            # "Nobody to identify": the name is where the reporter starts filling in.
            return self.form, "given_names"
        name = re.sub(r"\[\d+\]$", "", path.removeprefix("person."))
        return self.form, name if name in self.form.fields else None

    def apply_errors(self, errors: list[tuple[str, str]]) -> None:
        """Show the service's (field, message) pairs next to the inputs they name."""
        for path, message in errors:
            form, field_name = self._locate(path)
            form.add_error(field_name, message)

    # -- for the page ----------------------------------------------------------------------

    def error_summary(self) -> list[ErrorItem]:
        items = [ErrorItem("", str(e), "report-form") for e in self.form.non_field_errors()]
        items += [
            ErrorItem(str(self.form[name].label), str(e), _anchor(self.form[name]))
            for name in self.form.fields
            for e in self.form[name].errors
        ]
        for name, formset in self.formsets.items():
            spec = FORMSETS[name]
            items += [
                ErrorItem(str(spec.title), str(e), f"{name}-rows")
                for e in formset.non_form_errors()
            ]
            for index, form in enumerate(formset.forms):
                row = f"{spec.row_label} {index + 1}"
                items += [
                    ErrorItem(row, str(e), f"{name}-row-{index}") for e in form.non_field_errors()
                ]
                items += [
                    ErrorItem(f"{row}: {form[f].label}", str(e), _anchor(form[f]))
                    for f in form.fields
                    for e in form[f].errors
                ]
        return items

    def blocks(self) -> list[dict[str, Any]]:
        blocks: list[dict[str, Any]] = []
        for key, title, names in LAYOUT:
            if key in FORMSETS:
                blocks.append({"key": key, "spec": FORMSETS[key], "formset": self.formsets[key]})
            else:
                blocks.append({"key": key, "title": title, "fields": [self.form[n] for n in names]})
        return blocks

    def minor_at_start(self) -> bool | None:
        """Derived from what the form holds now; never typed in."""
        data = getattr(self.form, "cleaned_data", None)
        if data is None:
            data = {name: self.form.initial.get(name) for name in self.form.fields}
        reported_on = data.get("reported_on")
        if not isinstance(reported_on, date):
            return None
        return minor_at_exploitation_start(
            birth_date=data.get("birth_date"),
            birth_year=data.get("birth_year"),
            precision=data.get("birth_date_precision") or DatePrecision.UNKNOWN,
            exploitation_started_on=data.get("exploitation_started_on"),
            reported_on=reported_on,
        )


def _anchor(bound: forms.BoundField) -> str:
    # Radio buttons have no single label target; the first option is where focus should go.
    return bound.id_for_label or f"{bound.auto_id}_0"


def initial_from_report(report: Report) -> ReportInitial:
    """What an existing report says, as the form's initial values (to edit it)."""
    record = report.person
    values = {
        "reported_on": report.reported_on,
        "given_names": record.given_names,
        "family_name": record.family_name,
        "aliases": "\n".join(record.aliases or []),
        "description": record.description,
        "birth_date": record.birth_date,
        "birth_year": record.birth_year if record.birth_date is None else None,
        "birth_date_precision": record.birth_date_precision,
        "gender": record.gender,
        "nationalities": [c.code for c in record.nationalities],
        "birth_country": record.birth_country.code or "",
        "birth_place": record.birth_place,
        "languages": list(record.languages or []),
        "municipality_of_stay": record.municipality_of_stay,
        "phone": record.phone,
        "exploitation_status": report.exploitation_status,
        "exploitation_started_on": report.exploitation_started_on,
        "exploitation_ended_on": report.exploitation_ended_on,
        "needs_shelter": report.needs_shelter,
        "needs_medical": report.needs_medical,
        "needs_safety": report.needs_safety,
        "health_notes": report.health_notes,
        "criminal_record_notes": report.criminal_record_notes,
        "consent": report.consent,
        "consent_not_asked_reason": report.consent_not_asked_reason,
        "narrative": report.narrative,
    }
    rows = {
        "documents": [
            {
                "document_type": d.document_type,
                "number": d.number,
                "issuing_country": d.issuing_country.code or "",
            }
            for d in record.documents.all()
        ],
        "places": [
            {"kind": p.kind, "municipality": p.municipality, "country": p.country.code or ""}
            for p in report.places.all()
        ],
        "forms": [
            {
                "form": f.form,
                "labour_sector": f.labour_sector,
                "criminal_activity": f.criminal_activity,
            }
            for f in report.forms.all()
        ],
        "suspects": [
            {"name": s.name, "relation": s.relation, "notes": s.notes}
            for s in report.suspects.all()
        ],
    }
    return ReportInitial(report=values, rows=rows)
