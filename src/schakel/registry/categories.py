"""Every personal-data field of the registry belongs to one data category.

Sharing rules decide per category (identity, contact and location, exploitation facts, health,
criminal data, narrative, suspects) what a recipient may see; `schakel.registry.projection`
builds views of a report that contain only the allowed categories. A new field must be listed
here: tests/registry/test_categories.py fails otherwise.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataCategory(models.TextChoices):
    REPORT = "report", _("Gegevens van de melding (nummer, status, melder, data)")
    IDENTITY = "identity", _("Identiteit")
    CONTACT_LOCATION = "contact_location", _("Contact en verblijfplaats")
    EXPLOITATION = "exploitation", _("Feiten over de uitbuiting")
    HEALTH = "health", _("Gezondheid (AVG art. 9)")
    CRIMINAL = "criminal", _("Strafrechtelijke gegevens (AVG art. 10)")
    NARRATIVE = "narrative", _("Vrije tekst (relaas)")
    SUSPECTS = "suspects", _("Verdachten")


ALL_CATEGORIES: frozenset[DataCategory] = frozenset(DataCategory)

# model label -> field name -> category. Keys and relations carry no category of their own.
FIELD_CATEGORIES: dict[str, dict[str, DataCategory]] = {
    "registry.report": {
        "number": DataCategory.REPORT,
        "status": DataCategory.REPORT,
        "reporting_organisation": DataCategory.REPORT,
        "reported_by": DataCategory.REPORT,
        "reported_on": DataCategory.REPORT,
        "submitted_at": DataCategory.REPORT,
        "decided_at": DataCategory.REPORT,
        "not_registered_reason": DataCategory.REPORT,
        "decision_note": DataCategory.REPORT,
        "consent": DataCategory.REPORT,
        "consent_not_asked_reason": DataCategory.REPORT,
        "exploitation_status": DataCategory.EXPLOITATION,
        "exploitation_started_on": DataCategory.EXPLOITATION,
        "exploitation_ended_on": DataCategory.EXPLOITATION,
        "needs_shelter": DataCategory.CONTACT_LOCATION,
        "needs_safety": DataCategory.CONTACT_LOCATION,
        "needs_medical": DataCategory.HEALTH,
        "health_notes": DataCategory.HEALTH,
        "criminal_record_notes": DataCategory.CRIMINAL,
        "narrative": DataCategory.NARRATIVE,
        "created_at": DataCategory.REPORT,
        "updated_at": DataCategory.REPORT,
        "pseudonymised_at": DataCategory.REPORT,
    },
    "registry.personrecord": {
        "given_names": DataCategory.IDENTITY,
        "family_name": DataCategory.IDENTITY,
        "aliases": DataCategory.IDENTITY,
        "description": DataCategory.IDENTITY,
        "birth_date": DataCategory.IDENTITY,
        "birth_year": DataCategory.IDENTITY,
        "birth_date_precision": DataCategory.IDENTITY,
        "gender": DataCategory.IDENTITY,
        "nationalities": DataCategory.IDENTITY,
        "birth_country": DataCategory.IDENTITY,
        "birth_place": DataCategory.IDENTITY,
        "languages": DataCategory.IDENTITY,
        "municipality_of_stay": DataCategory.CONTACT_LOCATION,
        "phone": DataCategory.CONTACT_LOCATION,
    },
    "registry.identitydocument": {
        "document_type": DataCategory.IDENTITY,
        "number": DataCategory.IDENTITY,
        "issuing_country": DataCategory.IDENTITY,
    },
    "registry.reportplace": {
        "kind": DataCategory.EXPLOITATION,
        "municipality": DataCategory.EXPLOITATION,
        "country": DataCategory.EXPLOITATION,
    },
    "registry.reportexploitationform": {
        "form": DataCategory.EXPLOITATION,
        "labour_sector": DataCategory.EXPLOITATION,
        "criminal_activity": DataCategory.EXPLOITATION,
    },
    "registry.suspect": {
        "name": DataCategory.SUSPECTS,
        "relation": DataCategory.SUSPECTS,
        "notes": DataCategory.SUSPECTS,
    },
}
