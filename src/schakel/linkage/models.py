"""Runs of record linkage, the pairs it leaves to the registrar, and every regrouping it made.

Records and persons themselves live in the registry; these tables refer to them by id (the
registry's `clustering` module does the reading and moving), so linkage never imports the
registry's models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkageRun(models.Model):
    started_at = models.DateTimeField(_("gestart"))
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    model_file = models.CharField(_("modelbestand"), max_length=500)
    model_sha256 = models.CharField(_("controlegetal model"), max_length=64)
    match_threshold = models.FloatField(_("drempel samenvoegen"))
    review_threshold = models.FloatField(_("drempel beoordelen"))
    records = models.PositiveIntegerField(_("persoonsgegevens in meldingen"), default=0)
    # Records with no identifying field: reported, never linked.
    unusable_records = models.JSONField(_("niet te koppelen"), default=list, blank=True)
    pairs_scored = models.PositiveIntegerField(default=0)
    merges = models.PositiveIntegerField(default=0)
    splits = models.PositiveIntegerField(default=0)
    review_pairs = models.PositiveIntegerField(default=0)
    blocks = models.JSONField(default=list, blank=True)  # block sizes per rule

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("koppelrun")
        verbose_name_plural = _("koppelruns")

    def __str__(self) -> str:
        return f"run {self.pk} ({self.started_at:%Y-%m-%d %H:%M})"


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Te beoordelen")
    CONFIRMED = "confirmed", _("Zelfde persoon")
    REJECTED = "rejected", _("Verschillende personen")
    SUPERSEDED = "superseded", _("Vervallen")


class ReviewPair(models.Model):
    """Two records the model was unsure about: the registrar decides."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="review")
    record_a = models.PositiveBigIntegerField(_("persoon in melding A"))
    record_b = models.PositiveBigIntegerField(_("persoon in melding B"))
    match_probability = models.FloatField(_("kans zelfde persoon"))
    match_weight = models.FloatField(_("gewicht"))
    status = models.CharField(
        max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.OPEN, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_id = models.PositiveBigIntegerField(null=True, blank=True)  # SamePersonDecision

    class Meta:
        ordering = ["-match_probability", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(record_a__lt=models.F("record_b")), name="review_pair_ordered"
            ),
            models.UniqueConstraint(
                fields=["record_a", "record_b"],
                condition=models.Q(status="open"),
                name="one_open_review_per_pair",
            ),
        ]


class ChangeKind(models.TextChoices):
    MERGE = "merge", _("Samengevoegd")
    SPLIT = "split", _("Gesplitst")


class ClusterChange(models.Model):
    """One regrouping by a run: records moved between persons, undoable exactly."""

    run = models.ForeignKey(LinkageRun, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=8, choices=ChangeKind.choices)
    person_id = models.PositiveBigIntegerField(_("persoon"))
    regrouping = models.JSONField()  # registry.clustering.Regrouping.as_json()
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]


class IntakeRecord(models.Model):
    """One person record in the intake index: its prepared comparison columns (JSON).

    Written by `schakel link run` and kept current when reports change (see
    `intake_refresh`); the check fetches candidates by this primary key. Holds personal
    data derived from the registry's record: removed with it, never shown as such."""

    record_id = models.BigIntegerField(primary_key=True)
    data = models.TextField()

    class Meta:
        verbose_name = _("record in de intake-index")


class IntakeKey(models.Model):
    """One blocking key of a record in the intake index (a 64-bit hash of rule and key);
    a check is one B-tree range per key of the new record."""

    key_hash = models.BigIntegerField()
    record_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("sleutel in de intake-index")
        indexes = [
            models.Index(fields=["key_hash", "record_id"], name="linkage_intakekey_key"),
            models.Index(fields=["record_id"], name="linkage_intakekey_record"),
        ]


class IntakeTerm(models.Model):
    """How common a value is (its share of the indexed records with a value in ``column``),
    for the model's term-frequency adjustments; written with the whole index."""

    column_name = models.CharField(max_length=40)
    value = models.TextField()
    frequency = models.FloatField()

    class Meta:
        verbose_name = _("woordfrequentie in de intake-index")
        constraints = [
            models.UniqueConstraint(fields=["column_name", "value"], name="linkage_intaketerm_one")
        ]
