"""POST data for the report form, as a browser would send it (synthetic values only)."""

from __future__ import annotations

from typing import Any

ROW_FIELDS = {
    "documents": ("document_type", "number", "issuing_country"),
    "places": ("kind", "municipality", "country"),
    "forms": ("form", "labour_sector", "criminal_activity"),
    "suspects": ("name", "relation", "notes"),
}


def report_post(
    *, rows: dict[str, list[dict[str, str]]] | None = None, **fields: Any
) -> dict[str, Any]:
    """A complete, valid report form; ``fields`` override main-form values, ``rows`` the
    formset rows (each formset gets one empty row unless given)."""
    data: dict[str, Any] = {
        "reported_on": "2026-03-02",
        "given_names": "Anna",
        "family_name": "de Vries",
        "aliases": "Ania\nAnka",
        "description": "",
        "birth_date_precision": "exact",
        "birth_date": "1999-04-12",
        "birth_year": "",
        "birth_country": "RO",
        "birth_place": "Iasi",
        "gender": "female",
        "nationalities": ["RO"],
        "languages": ["ro", "en"],
        "municipality_of_stay": "Utrecht",
        "phone": "",
        "exploitation_status": "ended",
        "exploitation_started_on": "2025-06-01",
        "exploitation_ended_on": "2026-02-01",
        "health_notes": "",
        "criminal_record_notes": "",
        "consent": "given",
        "consent_not_asked_reason": "",
        "narrative": "Zij werd via een datingapp geronseld.",
        "action": "save",
    }
    rows = {
        "places": [{"kind": "nl", "municipality": "Utrecht"}],
        "forms": [{"form": "labour", "labour_sector": "agriculture"}],
        **(rows or {}),
    }
    for name, columns in ROW_FIELDS.items():
        given = rows.get(name, [{}])
        data[f"{name}-TOTAL_FORMS"] = str(len(given))
        data[f"{name}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(given):
            for column in columns:
                data[f"{name}-{index}-{column}"] = row.get(column, "")
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}
