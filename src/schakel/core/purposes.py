"""Purposes for which personal data may be processed (GDPR art. 5(1)(b): purpose limitation).

Every access to personal data names one; the audit trail records it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    REGISTRATION = "registration", _("Centrale registratie")
    REPORTING = "reporting", _("Melden en terugkoppeling")
    CARE_AND_SHELTER = "care_and_shelter", _("Zorg en opvang")
    INVESTIGATION = "investigation", _("Opsporing")
    PROSECUTION = "prosecution", _("Vervolging")
    IMMIGRATION = "immigration", _("Verblijf (vreemdelingenrecht)")
    ADMINISTRATIVE = "administrative", _("Bestuurlijke aanpak")
    STATISTICS = "statistics", _("Statistiek en monitoring")
    ACCOUNT_MANAGEMENT = "account_management", _("Beheer van gebruikers")
    AUDIT = "audit", _("Controle van de audittrail")
    SYSTEM = "system", _("Systeembeheer")
