"""The append-only, hash-chained audit trail.

GDPR art. 32 and the BIO require that reads of personal data are logged, not only changes.
Each event stores the previous event's hash and its own, so any later edit or deletion breaks
the chain (`schakel audit verify`). In PostgreSQL a trigger refuses UPDATE and DELETE outright.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .purposes import Purpose

# Retention: audit events are kept 5 years (BIO 12.4.1 / Wpg art. 32a logging practice), then
# archived out of band; no code path deletes them.


class AuditAction(models.TextChoices):
    READ = "read", _("Inzien")
    LIST = "list", _("Lijst inzien")
    CREATE = "create", _("Aanmaken")
    UPDATE = "update", _("Wijzigen")
    DELETE = "delete", _("Verwijderen")
    TRANSITION = "transition", _("Statuswijziging")
    EXPORT = "export", _("Exporteren")
    DENIED = "denied", _("Toegang geweigerd")
    LOGIN = "login", _("Inloggen")
    LOGIN_FAILED = "login_failed", _("Mislukte inlogpoging")
    LOCKOUT = "lockout", _("Account geblokkeerd")
    LOGOUT = "logout", _("Uitloggen")
    SECOND_FACTOR_VERIFIED = "otp_verified", _("Tweede factor bevestigd")
    SECOND_FACTOR_FAILED = "otp_failed", _("Tweede factor mislukt")
    SECOND_FACTOR_ENROLLED = "otp_enrolled", _("Tweede factor ingesteld")
    KEY_ROTATION = "key_rotation", _("Sleutels vernieuwd")


class AuditOutcome(models.TextChoices):
    ALLOWED = "allowed", _("Toegestaan")
    DENIED = "denied", _("Geweigerd")
    FAILED = "failed", _("Mislukt")


class AuditEvent(models.Model):
    sequence = models.BigIntegerField(_("volgnummer"), unique=True)
    occurred_at = models.DateTimeField(_("tijdstip"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Copied so the trail still reads correctly after a rename or a move to another organisation.
    actor_username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    organisation_id = models.BigIntegerField(_("organisatie"), null=True, blank=True, db_index=True)
    action = models.CharField(_("handeling"), max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(_("soort object"), max_length=64, blank=True, db_index=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True, db_index=True)
    # The person the data is about, when known, so "who looked at this person" is one query.
    subject_person_id = models.CharField(_("persoon"), max_length=64, blank=True, db_index=True)
    purpose = models.CharField(_("doel"), max_length=32, choices=Purpose.choices, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=AuditOutcome.choices)
    request_id = models.CharField(_("verzoek-id"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    previous_hash = models.CharField(_("vorige hash"), max_length=64)
    event_hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["-sequence"]
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("auditgebeurtenissen")
        triggers = [
            pgtrigger.Protect(
                name="audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """One row holding the newest hash; locking it serialises writers of the chain."""

    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("kop van de auditketen")
