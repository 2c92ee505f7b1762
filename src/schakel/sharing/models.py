"""Sharing rules as versioned data, disclosure requests and their log, the consent register,
restriction flags and the history of rectifications.

Registry rows are referred to by string ("registry.Person"), never imported: reads of
registry data go through `schakel.registry.disclosure_reads` and the registry's selectors.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Organisation
from schakel.core.crypto import EncryptedTextField
from schakel.core.purposes import Purpose

from .vocabulary import Decision, LegalBasis

# Retention: rule sets are kept for ever (they explain past decisions). Disclosure requests and
# the disclosure log: as long as the audit trail (5 years), then deleted. Consent, restriction
# and rectification rows go with the person (CASCADE); requests keep their log when a report is
# deleted (SET_NULL), so "who received what" stays answerable.


class RuleSetStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PUBLISHED = "published", _("Gepubliceerd")


class RuleSet(models.Model):
    """One version of the sharing rules; a draft until published, then never changed."""

    version = models.PositiveIntegerField(_("versie"), unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=200)
    name_en = models.CharField(_("naam (Engels)"), max_length=200)
    valid_from = models.DateField(_("geldig vanaf"))
    source = models.TextField(_("bron"))
    status = models.CharField(
        _("status"), max_length=10, choices=RuleSetStatus.choices, default=RuleSetStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-valid_from", "-version"]
        verbose_name = _("regelset gegevensdeling")
        verbose_name_plural = _("regelsets gegevensdeling")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


class Rule(models.Model):
    """One line of a rule set: the combinations it covers (empty list: all) and its decision."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveIntegerField(_("regel"))
    holders = models.JSONField(_("domeinen houder"), default=list, blank=True)
    recipients = models.JSONField(_("domeinen ontvanger"), default=list, blank=True)
    purposes = models.JSONField(_("doelen"), default=list, blank=True)
    categories = models.JSONField(_("categorieën"), default=list, blank=True)
    decision = models.CharField(_("besluit"), max_length=12, choices=Decision.choices)
    basis = models.CharField(_("grondslag"), max_length=24, choices=LegalBasis.choices)
    explanation_nl = models.TextField(_("toelichting (Nederlands)"))
    explanation_en = models.TextField(_("toelichting (Engels)"))
    source = models.TextField(_("bron"))

    class Meta:
        ordering = ["rule_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "position"], name="unique_rule_position"),
        ]

    @property
    def explanation(self) -> str:
        return (
            self.explanation_en
            if (get_language() or "nl").startswith("en")
            else self.explanation_nl
        )


class RequestKind(models.TextChoices):
    REPORT = "report", _("Eén melding")
    PERSON = "person", _("Alle meldingen van de houder over de persoon")


class RequestStatus(models.TextChoices):
    AWAITING_OFFICER = "awaiting_officer", _("Wacht op de privacyfunctionaris van de houder")
    GRANTED = "granted", _("Verstrekt")
    PARTLY_GRANTED = "partly_granted", _("Gedeeltelijk verstrekt")
    REFUSED = "refused", _("Geweigerd")


class DisclosureRequest(models.Model):
    """Organisation B asks organisation A (the holder) for a report or a person, for a purpose."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requesting_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="disclosure_requests_made"
    )
    holder_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="disclosure_requests_received"
    )
    kind = models.CharField(_("soort verzoek"), max_length=10, choices=RequestKind.choices)
    # The number the requester gave, and the holder's reports the request covers (ids, so a
    # report deleted under its retention rule simply drops out).
    asked_number = models.CharField(_("meldingsnummer"), max_length=20)
    report_ids = models.JSONField(default=list)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = models.CharField(_("doel"), max_length=32, choices=Purpose.choices)
    justification = models.TextField(_("waarom nodig"))
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices)
    # category -> {"decision", "basis", "rule"}: what the rule set said for each category.
    rulings = models.JSONField(default=dict)
    granted_categories = models.JSONField(default=list)
    # Granted only because of consent: checked again against the register at every view.
    consent_categories = models.JSONField(default=list)
    # category -> reason it was not disclosed.
    refused_categories = models.JSONField(default=dict)
    necessity_categories = models.JSONField(default=list)
    necessity_assessment = models.TextField(_("noodzaaktoets"), blank=True)
    officer_reason = models.TextField(_("reden van de privacyfunctionaris"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("verzoek om verstrekking")
        verbose_name_plural = _("verzoeken om verstrekking")
        indexes = [
            models.Index(fields=["holder_organisation", "status"], name="disclosure_holder_idx"),
            models.Index(
                fields=["requesting_organisation", "-created_at"], name="disclosure_req_idx"
            ),
        ]


class LogEvent(models.TextChoices):
    REQUESTED = "requested", _("Gevraagd")
    GRANTED = "granted", _("Verstrekt")
    REFUSED = "refused", _("Geweigerd")
    VIEWED = "viewed", _("Verstrekte gegevens ingezien")


class DisclosureLogEntry(models.Model):
    """What was given to whom, or refused, and on what basis; never changed."""

    request = models.ForeignKey(
        DisclosureRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="log"
    )
    occurred_at = models.DateTimeField(_("tijdstip"), db_index=True)
    event = models.CharField(_("gebeurtenis"), max_length=12, choices=LogEvent.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    holder_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    recipient_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = models.CharField(_("doel"), max_length=32, blank=True)
    categories = models.JSONField(_("categorieën"), default=list)
    # category -> legal basis for what was given, or the reason for what was refused.
    reasons = models.JSONField(default=dict)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("verstrekkingslog")
        verbose_name_plural = _("verstrekkingslog")


class RecordedHow(models.TextChoices):
    WRITTEN = "written", _("Schriftelijk ondertekend")
    DIGITAL = "digital", _("Digitaal ondertekend")
    VERBAL = "verbal", _("Mondeling, met getuige vastgelegd")


class SignedBy(models.TextChoices):
    PERSON = "person", _("De persoon zelf")
    GUARDIAN = "guardian", _("Wettelijk vertegenwoordiger (voogd of ouder)")


class Consent(models.Model):
    """The person's consent to share, with its scope; withdrawn by setting the withdrawal."""

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    categories = models.JSONField(_("categorieën"))
    recipient_domains = models.JSONField(_("ontvangers (domeinen)"))
    purposes = models.JSONField(_("doelen"))
    given_on = models.DateField(_("datum toestemming"))
    recorded_how = models.CharField(_("hoe vastgelegd"), max_length=10, choices=RecordedHow.choices)
    signed_by = models.CharField(_("ondertekend door"), max_length=10, choices=SignedBy.choices)
    guardian_name = EncryptedTextField(_("naam vertegenwoordiger"), blank=True)
    guardian_relation = models.CharField(_("relatie vertegenwoordiger"), max_length=100, blank=True)
    age_at_signing = models.PositiveSmallIntegerField(_("leeftijd bij ondertekenen"), null=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    withdrawal_how = models.CharField(
        _("intrekking vastgelegd"), max_length=10, choices=RecordedHow.choices, blank=True
    )
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(signed_by="guardian") | ~models.Q(guardian_name=""),
                name="consent_guardian_named",
            ),
        ]


class ProcessingRestriction(models.Model):
    """GDPR art. 18: while active, nothing about the person is disclosed."""

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reden"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_reason = models.TextField(_("reden opheffen"), blank=True)

    class Meta:
        ordering = ["-set_at", "-pk"]
        verbose_name = _("beperking van de verwerking")
        verbose_name_plural = _("beperkingen van de verwerking")


class Rectification(models.Model):
    """GDPR art. 16: one corrected field, with the old value kept (encrypted) as history."""

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    person_record = models.ForeignKey(
        "registry.PersonRecord", on_delete=models.CASCADE, related_name="+"
    )
    field_name = models.CharField(_("veld"), max_length=40)
    old_value = EncryptedTextField(_("oude waarde"), blank=True)
    new_value = EncryptedTextField(_("nieuwe waarde"), blank=True)
    reason = models.TextField(_("reden"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("rectificatie")
        verbose_name_plural = _("rectificaties")
