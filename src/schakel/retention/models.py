"""Retention rules as versioned data (DESIGN.md: legal parameters are data).

One rule per table holding personal data: what happens (delete, pseudonymise, keep), after
how many days, counted from what, since when, on which source, and the ADR that explains
it. A new version of a rule is a new row with a later `valid_from`; the old row stays, so
what applied on any day can be read back.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionAction(models.TextChoices):
    DELETE = "delete", _("Verwijderen")
    PSEUDONYMISE = "pseudonymise", _("Pseudonimiseren")
    # Kept for its legal term and never changed by code (the audit trail); the run reports
    # how many rows are past their term.
    KEEP = "keep", _("Bewaren (niet wijzigen)")


class RetentionRule(models.Model):
    code = models.SlugField(_("code"), max_length=60)
    table = models.CharField(_("tabel"), max_length=200)
    action = models.CharField(_("handeling"), max_length=16, choices=RetentionAction.choices)
    term_days = models.PositiveIntegerField(_("termijn in dagen"))
    counted_from = models.CharField(_("termijn loopt vanaf"), max_length=300)
    description = models.TextField(_("omschrijving"))
    valid_from = models.DateField(_("geldig vanaf"))
    source = models.CharField(_("bron"), max_length=500)
    adr = models.CharField(_("besluit (ADR)"), max_length=200)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["order", "code", "-valid_from"]
        verbose_name = _("bewaarregel")
        verbose_name_plural = _("bewaarregels")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="retention_rule_version"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.valid_from})"
