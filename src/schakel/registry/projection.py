"""Views of a report that contain only the data categories a recipient may see.

Which field belongs to which category is declared once, in `categories.FIELD_CATEGORIES`;
this module only walks that table. The reporting organisation and the registrar get every
category (`ALL_CATEGORIES`); a sharing decision can later pass fewer. A field that is not in
an allowed category is left out of the result altogether (not sent as null), so a recipient
cannot tell an empty field from a withheld one by its value.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import models
from django_countries.fields import Country, MultipleCountriesDescriptor

from .categories import FIELD_CATEGORIES, DataCategory
from .models import Report
from .rules import minor_on


def _plain(value: Any) -> Any:
    """A JSON-ready form of one stored value."""
    if isinstance(value, Country):
        return value.code or ""
    if isinstance(value, list | MultipleCountriesDescriptor):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _allowed_fields(label: str, categories: frozenset[DataCategory]) -> list[str]:
    return [name for name, category in FIELD_CATEGORIES[label].items() if category in categories]


def _fields_of(
    obj: models.Model,
    label: str,
    categories: frozenset[DataCategory],
    special: dict[str, Any] | None = None,
) -> dict[str, Any]:
    special = special or {}
    return {
        name: special[name] if name in special else _plain(getattr(obj, name))
        for name in _allowed_fields(label, categories)
    }


def _report_specials(report: Report) -> dict[str, Any]:
    """Relations shown by a readable key instead of a database object."""
    organisation = report.reporting_organisation
    reason = report.not_registered_reason
    return {
        "reporting_organisation": {"id": organisation.pk, "name": organisation.name},
        "reported_by": report.reported_by.get_username(),
        "not_registered_reason": reason.code if reason else None,
    }


def report_projection(report: Report, categories: Iterable[DataCategory]) -> dict[str, Any]:
    """The report as a plain dict holding only fields of the given data categories.

    Expects the report as `selectors.report_get_for` returns it (children prefetched).
    """
    allowed = frozenset(categories)
    result: dict[str, Any] = {"id": report.pk}
    result.update(_fields_of(report, "registry.report", allowed, _report_specials(report)))
    if DataCategory.REPORT in allowed:
        # Bookkeeping derived from the submission date; no personal data of its own.
        result["decision_due_on"] = _plain(report.decision_due_on)
    if DataCategory.EXPLOITATION in allowed:
        result["places"] = [
            _fields_of(p, "registry.reportplace", allowed) for p in report.places.all()
        ]
        result["forms"] = [
            _fields_of(f, "registry.reportexploitationform", allowed) for f in report.forms.all()
        ]
    if DataCategory.SUSPECTS in allowed:
        result["suspects"] = [
            _fields_of(s, "registry.suspect", allowed) for s in report.suspects.all()
        ]
    record = report.person
    person = _fields_of(record, "registry.personrecord", allowed)
    if DataCategory.IDENTITY in allowed:
        person["documents"] = [
            _fields_of(d, "registry.identitydocument", allowed) for d in record.documents.all()
        ]
    if person:
        result["person"] = person
    if {DataCategory.IDENTITY, DataCategory.EXPLOITATION} <= allowed:
        # Derived, never typed (art. 273f Sr: no means need be proven for a minor).
        result["minor_at_start_of_exploitation"] = minor_on(
            birth_date=record.birth_date,
            birth_year=record.birth_year,
            precision=record.birth_date_precision,
            on=report.exploitation_started_on or report.reported_on,
        )
    return result
