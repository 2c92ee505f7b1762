"""The analysts' view: keyed-hash identifiers, age bands and years only.

An analyst never receives a name, a date, a report number, a place in the Netherlands, free
text or an organisation's name. Identifiers are HMAC-SHA256 over a key from the settings
(``PSEUDONYMISATION_KEY``), so the same person gets the same key across exports (for counting
and capture–recapture) but the key cannot be reversed or recomputed without the secret.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .consent_rules import age_range_on

# Bands follow the legal thresholds that matter in the chain: 16 (signs own consent), 18
# (minor under art. 273f Sr), then the CoMensha/NRM reporting bands.
AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 11, "0-11"),
    (12, 15, "12-15"),
    (16, 17, "16-17"),
    (18, 22, "18-22"),
    (23, 29, "23-29"),
    (30, 39, "30-39"),
    (40, 49, "40-49"),
    (50, 64, "50-64"),
    (65, 200, "65+"),
)
UNKNOWN = "unknown"

# Output keys an analyst may receive; tests check that nothing else gets through.
ANALYST_FIELDS: frozenset[str] = frozenset(
    {
        "person_key",
        "report_key",
        "year_reported",
        "year_exploitation_started",
        "age_band",
        "gender",
        "nationalities",
        "forms",
        "place_kinds",
        "countries_abroad",
        "reporting_organisation_kind",
        "status",
    }
)


def _key() -> bytes:
    key = getattr(settings, "PSEUDONYMISATION_KEY", "")
    if not key:
        raise ImproperlyConfigured(
            "PSEUDONYMISATION_KEY is not set (SCHAKEL_PSEUDONYMISATION_KEY)."
        )
    return str(key).encode()


def keyed_hash(kind: str, value: object) -> str:
    """A stable, irreversible identifier for one kind of thing (person, report)."""
    return hmac.new(_key(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:24]


def age_band(age: tuple[int, int] | None) -> str:
    """The band both ends of the possible age fall in; unknown if they straddle two."""
    if age is None:
        return UNKNOWN
    youngest, oldest = age
    for low, high, label in AGE_BANDS:
        if low <= youngest and oldest <= high:
            return label
    return UNKNOWN


def analyst_projection(report: Any) -> dict[str, Any]:
    """One registry report as an analyst may see it."""
    record = report.person
    on: date = report.reported_on
    started: date | None = report.exploitation_started_on
    return {
        "person_key": keyed_hash("person", record.person_id),
        "report_key": keyed_hash("report", report.pk),
        "year_reported": on.year,
        "year_exploitation_started": started.year if started else None,
        "age_band": age_band(
            age_range_on(
                birth_date=record.birth_date,
                birth_year=record.birth_year,
                precision=record.birth_date_precision,
                on=on,
            )
        ),
        "gender": record.gender,
        "nationalities": sorted(str(c.code) for c in record.nationalities),
        "forms": sorted(f.form for f in report.forms.all()),
        "place_kinds": sorted({p.kind for p in report.places.all()}),
        "countries_abroad": sorted({str(p.country.code) for p in report.places.all() if p.country}),
        "reporting_organisation_kind": report.reporting_organisation.kind,
        "status": report.status,
    }
