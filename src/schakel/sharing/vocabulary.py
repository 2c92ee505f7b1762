"""The closed vocabularies of information sharing: domains, decisions, legal bases, purposes.

Domains follow the 2020 guide (*De aanpak van mensenhandel en het gebruik van
persoonsgegevens*): investigation, prosecution, administrative, care and shelter; the guide's
list is completed with immigration (IND) and registration and statistics (CoMensha, the
National Rapporteur). Every organisation kind maps to at most one domain; an organisation
without a domain neither asks for nor receives disclosures.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import OrganisationKind
from schakel.core.purposes import Purpose
from schakel.registry.categories import DataCategory


class Domain(models.TextChoices):
    CARE_SHELTER = "care_shelter", _("Zorg en opvang")
    ADMINISTRATIVE = "administrative", _("Bestuurlijk")
    INVESTIGATION = "investigation", _("Opsporing")
    PROSECUTION = "prosecution", _("Vervolging")
    IMMIGRATION = "immigration", _("Vreemdelingenketen")
    REGISTRATION_STATISTICS = "registration_statistics", _("Registratie en statistiek")


class Decision(models.TextChoices):
    ALLOWED = "allowed", _("Toegestaan")
    CONSENT = "consent", _("Toegestaan met toestemming van de persoon")
    NECESSITY = "necessity", _("Toegestaan na vastgelegde noodzaaktoets van de houder")
    FORBIDDEN = "forbidden", _("Niet toegestaan")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Toestemming (AVG art. 6 lid 1 a / art. 9 lid 2 a)")
    LEGAL_OBLIGATION = "legal_obligation", _("Wettelijke verplichting (AVG art. 6 lid 1 c)")
    PUBLIC_TASK = "public_task", _("Publieke taak (AVG art. 6 lid 1 e)")
    VITAL_INTEREST = "vital_interest", _("Vitaal belang (AVG art. 6 lid 1 d)")
    CONFLICT_OF_DUTIES = "conflict_of_duties", _("Conflict van plichten (beroepsgeheim)")
    NONE = "none", _("Geen grondslag")


# Short marks for the matrix page; the full wording is in the cell's text for screen readers.
DECISION_MARKS: dict[str, str] = {
    Decision.ALLOWED: "✓",
    Decision.CONSENT: "T",
    Decision.NECESSITY: "N",
    Decision.FORBIDDEN: "✗",
}

# The purposes a disclosure can be asked for (the task of the recipient, never "system").
SHARING_PURPOSES: tuple[Purpose, ...] = (
    Purpose.CARE_AND_SHELTER,
    Purpose.ADMINISTRATIVE,
    Purpose.INVESTIGATION,
    Purpose.PROSECUTION,
    Purpose.IMMIGRATION,
    Purpose.REGISTRATION,
    Purpose.STATISTICS,
)

# Every data category of the registry is decided; REPORT is the report's own bookkeeping.
SHARING_CATEGORIES: tuple[DataCategory, ...] = tuple(DataCategory)

DOMAIN_OF_KIND: dict[str, Domain | None] = {
    OrganisationKind.POLICE: Domain.INVESTIGATION,
    OrganisationKind.MARECHAUSSEE: Domain.INVESTIGATION,
    OrganisationKind.LABOUR_INSPECTORATE: Domain.INVESTIGATION,
    OrganisationKind.PROSECUTION: Domain.PROSECUTION,
    OrganisationKind.IMMIGRATION_SERVICE: Domain.IMMIGRATION,
    OrganisationKind.CENTRAL_REGISTRAR: Domain.REGISTRATION_STATISTICS,
    OrganisationKind.NATIONAL_RAPPORTEUR: Domain.REGISTRATION_STATISTICS,
    OrganisationKind.MINISTRY: Domain.REGISTRATION_STATISTICS,
    OrganisationKind.CARE_COORDINATION: Domain.CARE_SHELTER,
    OrganisationKind.SHELTER: Domain.CARE_SHELTER,
    OrganisationKind.VEILIG_THUIS: Domain.CARE_SHELTER,
    OrganisationKind.MUNICIPALITY: Domain.ADMINISTRATIVE,
    OrganisationKind.OTHER: None,
}


def domain_of(kind: str) -> Domain | None:
    """The sharing domain of an organisation kind; None for kinds outside the chain."""
    return DOMAIN_OF_KIND.get(kind)
