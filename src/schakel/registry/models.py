"""Reports (meldingen) of possible victims, the person as each report describes them, and the
registrar's decision.

One `PersonRecord` per report keeps what that organisation said; records believed to be the
same human being share a `Person` (a cluster). Counting is done over persons, never reports.
Field categories for sharing are in `categories.py`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from schakel.accounts.models import Organisation
from schakel.core.crypto import EncryptedTextField

from .choices import (
    ConsentStatus,
    CriminalActivity,
    DatePrecision,
    DocumentType,
    ExploitationForm,
    ExploitationPeriodStatus,
    Gender,
    LabourSector,
    PlaceKind,
    ReportStatus,
    SuspectRelation,
)

# Retention (Wet politiegegevens does not apply; CoMensha's registration falls under the GDPR)
# is executed by `schakel retention run` from versioned rules (src/schakel/retention, one ADR
# per rule in docs/adr/002x): drafts deleted after 90 days untouched; reports not registered
# or withdrawn deleted with their person record, documents, places, forms, suspects and
# transitions; registered reports pseudonymised for statistics after a longer term.
# - Person: deleted with its last record. SamePersonDecision: kept as long as both records.
# - ReportTransition: as long as its report. IdempotencyKey: with its report.
RETENTION_YEARS_AFTER_DECISION = 5
DRAFT_RETENTION_DAYS = 90


class NotRegisteredReason(models.Model):
    """Configurable reasons for 'not registered' (versioned: retired reasons stay readable)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_nl = models.CharField(_("omschrijving (Nederlands)"), max_length=200)
    label_en = models.CharField(_("omschrijving (Engels)"), max_length=200)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    source = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("reden niet geregistreerd")
        verbose_name_plural = _("redenen niet geregistreerd")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.label_en if (get_language() or "nl").startswith("en") else self.label_nl


class DecisionTerm(models.Model):
    """How many working days the registrar has to decide; versioned by valid-from date."""

    valid_from = models.DateField(_("geldig vanaf"), unique=True)
    working_days = models.PositiveSmallIntegerField(_("werkdagen"))
    source = models.CharField(_("bron"), max_length=300)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("beslistermijn")
        verbose_name_plural = _("beslistermijnen")

    def __str__(self) -> str:
        return f"{self.working_days} ({self.valid_from})"


class Person(models.Model):
    """One human being as far as the registry knows: a cluster of person records."""

    # A stable random key for pseudonymised exports; the database id is never exported.
    pseudonym = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")

    def __str__(self) -> str:
        return f"P{self.pk}"


class ReportNumberSequence(models.Model):
    """Per-year counter for human-readable report numbers; locked while numbering."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)


class Report(models.Model):
    number = models.CharField(_("meldingsnummer"), max_length=20, unique=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        db_index=True,
    )
    reporting_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("meldende organisatie"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("melder"),
        on_delete=models.PROTECT,
        related_name="reports_made",
    )
    reported_on = models.DateField(_("datum melding"), db_index=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decision_due_on = models.DateField(
        _("uiterste beslisdatum"), null=True, blank=True, db_index=True
    )
    not_registered_reason = models.ForeignKey(
        NotRegisteredReason,
        verbose_name=_("reden niet geregistreerd"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    decision_note = models.TextField(_("toelichting besluit"), blank=True)

    exploitation_status = models.CharField(
        _("periode van uitbuiting"),
        max_length=10,
        choices=ExploitationPeriodStatus.choices,
        default=ExploitationPeriodStatus.UNKNOWN,
    )
    exploitation_started_on = models.DateField(_("begin uitbuiting"), null=True, blank=True)
    exploitation_ended_on = models.DateField(_("einde uitbuiting"), null=True, blank=True)

    needs_shelter = models.BooleanField(_("heeft direct opvang nodig"), default=False)
    needs_medical = models.BooleanField(_("heeft direct medische zorg nodig"), default=False)
    needs_safety = models.BooleanField(_("is in direct gevaar"), default=False)
    health_notes = EncryptedTextField(_("gezondheid"), blank=True)
    criminal_record_notes = EncryptedTextField(
        _("strafrechtelijke gegevens over de persoon"), blank=True
    )

    consent = models.CharField(
        _("toestemming voor registratie"), max_length=10, choices=ConsentStatus.choices
    )
    consent_not_asked_reason = models.CharField(
        _("waarom niet gevraagd"), max_length=300, blank=True
    )
    narrative = EncryptedTextField(_("relaas"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when a retention rule emptied the identifying fields (registry/retention.py).
    pseudonymised_at = models.DateTimeField(_("gepseudonimiseerd op"), null=True, blank=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="report_queue_idx"),
            models.Index(fields=["reporting_organisation", "-reported_on"], name="report_org_idx"),
            # The overdue queue: only open reports, ordered by submission.
            models.Index(
                fields=["decision_due_on", "submitted_at"],
                condition=models.Q(status__in=["submitted", "in_review"]),
                name="report_open_due_idx",
            ),
            # Queues list open reports oldest first: walk only those, in submission order.
            models.Index(
                fields=["submitted_at", "id"],
                condition=models.Q(status__in=["submitted", "in_review"]),
                name="report_open_queue_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(consent="not_asked") | ~models.Q(consent_not_asked_reason=""),
                name="report_consent_reason_when_not_asked",
            ),
            models.CheckConstraint(
                condition=models.Q(exploitation_ended_on__isnull=True)
                | models.Q(exploitation_started_on__isnull=True)
                | models.Q(exploitation_ended_on__gte=models.F("exploitation_started_on")),
                name="report_exploitation_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class PersonRecord(models.Model):
    """The person as one report describes them."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="person")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="records")
    given_names = models.CharField(_("voornamen"), max_length=200, blank=True)
    family_name = models.CharField(_("achternaam"), max_length=200, blank=True, db_index=True)
    aliases = models.JSONField(_("aliassen"), default=list, blank=True)
    description = models.TextField(
        _("signalement"),
        blank=True,
        help_text=_("Uiterlijk en kenmerken, als de naam onbekend is."),
    )
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True, db_index=True)
    birth_year = models.PositiveSmallIntegerField(_("geboortejaar"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("zekerheid geboortedatum"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    gender = models.CharField(
        _("geslacht"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    nationalities = CountryField(_("nationaliteiten"), multiple=True, blank=True)
    birth_country = CountryField(_("geboorteland"), blank=True)
    birth_place = models.CharField(_("geboorteplaats"), max_length=200, blank=True)
    languages = models.JSONField(_("talen"), default=list, blank=True)
    municipality_of_stay = models.CharField(_("gemeente van verblijf"), max_length=100, blank=True)
    phone = EncryptedTextField(_("telefoon"), blank=True)
    # Lower-case, accent-free "given family aliases" for search; written by the services.
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("persoon in melding")
        verbose_name_plural = _("personen in meldingen")

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name}".strip() or f"#{self.pk}"

    @property
    def display_name(self) -> str:
        name = f"{self.given_names} {self.family_name}".strip()
        if name:
            return name
        if self.aliases:
            return f"“{self.aliases[0]}”"
        return str(_("Onbekende persoon"))


class IdentityDocument(models.Model):
    person_record = models.ForeignKey(
        PersonRecord, on_delete=models.CASCADE, related_name="documents"
    )
    document_type = models.CharField(
        _("soort document"), max_length=20, choices=DocumentType.choices
    )
    number = EncryptedTextField(_("documentnummer"), blank=True)
    issuing_country = CountryField(_("land van afgifte"), blank=True)

    class Meta:
        verbose_name = _("identiteitsdocument")
        verbose_name_plural = _("identiteitsdocumenten")


class ReportPlace(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="places")
    kind = models.CharField(_("soort plaats"), max_length=10, choices=PlaceKind.choices)
    municipality = models.CharField(_("gemeente"), max_length=100, blank=True)
    country = CountryField(_("land"), blank=True)

    class Meta:
        verbose_name = _("plaats van uitbuiting")
        verbose_name_plural = _("plaatsen van uitbuiting")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="nl") & ~models.Q(municipality=""))
                | (models.Q(kind="abroad") & ~models.Q(country="")),
                name="place_has_municipality_or_country",
            ),
        ]


class ReportExploitationForm(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="forms")
    form = models.CharField(
        _("vorm van uitbuiting"), max_length=24, choices=ExploitationForm.choices
    )
    labour_sector = models.CharField(
        _("sector"), max_length=20, choices=LabourSector.choices, blank=True
    )
    criminal_activity = models.CharField(
        _("soort criminele activiteit"), max_length=20, choices=CriminalActivity.choices, blank=True
    )

    class Meta:
        verbose_name = _("vorm van uitbuiting")
        verbose_name_plural = _("vormen van uitbuiting")
        constraints = [
            models.UniqueConstraint(fields=["report", "form"], name="unique_form_per_report"),
        ]


class Suspect(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="suspects")
    # Names of suspects are criminal-law data (GDPR art. 10): stored encrypted.
    name = EncryptedTextField(_("naam verdachte"), blank=True)
    relation = models.CharField(
        _("relatie tot slachtoffer"),
        max_length=20,
        choices=SuspectRelation.choices,
        default=SuspectRelation.UNKNOWN,
    )
    notes = EncryptedTextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("verdachte")
        verbose_name_plural = _("verdachten")


class ReportTransition(models.Model):
    """History of status changes; written only by the workflow service."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=ReportStatus.choices)
    to_status = models.CharField(max_length=20, choices=ReportStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["occurred_at", "pk"]


class SamePersonDecision(models.Model):
    """A person's judgement that two records are (or are not) the same human being.

    Kept for ever alongside the records; automatic linkage must respect it.
    """

    record_a = models.ForeignKey(PersonRecord, on_delete=models.CASCADE, related_name="+")
    record_b = models.ForeignKey(PersonRecord, on_delete=models.CASCADE, related_name="+")
    same_person = models.BooleanField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    reason = models.TextField(blank=True)
    # Records moved from one person to the other by this decision, so it can be undone.
    moved_records = models.JSONField(default=list, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(record_a__lt=models.F("record_b")),
                name="same_person_pair_ordered",
            ),
        ]


class IdempotencyKey(models.Model):
    """A client's Idempotency-Key for POST /api/v1/reports/: a retry returns the same report."""

    key = models.CharField(max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    request_fingerprint = models.CharField(max_length=64)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_idempotency_key"),
        ]
