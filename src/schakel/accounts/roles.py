"""Organisation kinds and user roles: closed vocabularies with Dutch labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    POLICE = "police", _("Politie")
    MARECHAUSSEE = "marechaussee", _("Koninklijke Marechaussee")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Nederlandse Arbeidsinspectie")
    PROSECUTION = "prosecution", _("Openbaar Ministerie")
    IMMIGRATION_SERVICE = "immigration_service", _("Immigratie- en Naturalisatiedienst")
    CENTRAL_REGISTRAR = "central_registrar", _("Centrale registratie (CoMensha)")
    CARE_COORDINATION = "care_coordination", _("Zorgcoördinatie")
    SHELTER = "shelter", _("Opvang")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    MUNICIPALITY = "municipality", _("Gemeente")
    NATIONAL_RAPPORTEUR = "national_rapporteur", _("Nationaal Rapporteur")
    MINISTRY = "ministry", _("Ministerie")
    OTHER = "other", _("Overig")


class Role(models.TextChoices):
    REPORTER = "reporter", _("Melder")
    CASE_WORKER = "case_worker", _("Casusbehandelaar")
    REGISTRAR = "registrar", _("Registrator")
    ANALYST = "analyst", _("Analist")
    PROGRAMME_OFFICER = "programme_officer", _("Programmamedewerker")
    ORGANISATION_ADMIN = "organisation_admin", _("Beheerder organisatie")
    # Decides on disclosure requests for the own organisation's data (issue 9).
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris")
    SYSTEM_ADMIN = "system_admin", _("Systeembeheerder")


# Roles that can see personal data of victims, suspects or users: a second factor is required.
PERSONAL_DATA_ROLES: frozenset[Role] = frozenset(
    {
        Role.REPORTER,
        Role.CASE_WORKER,
        Role.REGISTRAR,
        Role.ORGANISATION_ADMIN,
        Role.PRIVACY_OFFICER,
        Role.SYSTEM_ADMIN,
    }
)

# Roles an organisation admin may hand out; system admin is granted only by a system admin,
# registrar only within the central registrar.
ROLES_GRANTABLE_BY_ORGANISATION_ADMIN: frozenset[Role] = frozenset(
    {
        Role.REPORTER,
        Role.CASE_WORKER,
        Role.ANALYST,
        Role.PROGRAMME_OFFICER,
        Role.ORGANISATION_ADMIN,
        Role.PRIVACY_OFFICER,
        Role.REGISTRAR,
    }
)

# Display order on the start page: daily case work first, administration last.
ROLE_LABELS_ORDER: tuple[Role, ...] = (
    Role.REGISTRAR,
    Role.REPORTER,
    Role.CASE_WORKER,
    Role.ANALYST,
    Role.PROGRAMME_OFFICER,
    Role.PRIVACY_OFFICER,
    Role.ORGANISATION_ADMIN,
    Role.SYSTEM_ADMIN,
)
