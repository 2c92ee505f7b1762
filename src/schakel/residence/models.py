"""The B8/3 residence procedure of a victim (Vreemdelingencirculaire 2000, B8/3; B9 until
2011), its versioned rules, its history and the deadline warnings sent.

A procedure belongs to a registry report (by string reference: this app never imports the
registry's models). What it needs from the report (reporting organisation, report date, the
name shown to case workers) is copied once, when the procedure is opened, through the
registry's audited selectors.

Retention: a procedure and its events are kept as long as the report they belong to (the
registry's rule: 5 years after the last decision about the person), then deleted with it
(PROTECT makes that an explicit step). Deadline warnings: 1 year.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Organisation
from schakel.core.crypto import EncryptedTextField

from .choices import (
    CooperationKind,
    DeadlineKind,
    EventKind,
    NotOfferedReason,
    ProcedureStatus,
    RouteKind,
)

FINAL_STATUSES = (ProcedureStatus.CONTINUED_GRANTED, ProcedureStatus.ENDED)


class ResidenceRules(models.Model):
    """Legal parameters, versioned: a procedure uses the version in force on its start date."""

    valid_from = models.DateField(_("geldig vanaf"), unique=True)
    reflection_period_months = models.PositiveSmallIntegerField(_("bedenktijd (maanden)"))
    permit_validity_months = models.PositiveSmallIntegerField(
        _("geldigheid tijdelijke vergunning (maanden)")
    )
    reflection_warning_days = models.JSONField(
        _("waarschuwen voor einde bedenktijd (dagen)"), default=list
    )
    permit_warning_days = models.JSONField(
        _("waarschuwen voor einde vergunning (dagen)"), default=list
    )
    source = models.CharField(_("bron"), max_length=300)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("regels verblijfsregeling")
        verbose_name_plural = _("regels verblijfsregeling")

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.reflection_period_months} mnd ({self.source})"


class Procedure(models.Model):
    report = models.ForeignKey(
        "registry.Report",
        verbose_name=_("melding"),
        on_delete=models.PROTECT,
        related_name="residence_procedures",
    )
    # Copied from the report when the procedure is opened (see the module docstring).
    reporting_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("meldende organisatie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_reported_on = models.DateField(_("datum eerste melding"))
    report_number = models.CharField(_("meldingsnummer"), max_length=20)
    victim_name = EncryptedTextField(_("naam slachtoffer"), blank=True)
    # The registry person the report was about when the procedure was opened (audit subject).
    subject_person_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    following_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("begeleidende organisatie"),
        on_delete=models.PROTECT,
        related_name="residence_procedures",
    )
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("casusbehandelaar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residence_procedures",
    )
    rules = models.ForeignKey(ResidenceRules, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("datum aanwijzing"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProcedureStatus.choices,
        default=ProcedureStatus.IDENTIFIED,
        db_index=True,
    )

    offered_on = models.DateField(_("bedenktijd aangeboden op"), null=True, blank=True)
    offered_by = models.CharField(_("aangeboden door"), max_length=200, blank=True)
    not_offered_reason = models.CharField(
        _("reden niet aangeboden"), max_length=20, choices=NotOfferedReason.choices, blank=True
    )
    not_offered_note = models.TextField(_("toelichting niet aangeboden"), blank=True)
    reflection_started_on = models.DateField(_("begin bedenktijd"), null=True, blank=True)
    reflection_ends_on = models.DateField(_("einde bedenktijd"), null=True, blank=True)
    cooperation_on = models.DateField(_("aangifte of medewerking op"), null=True, blank=True)
    cooperation_kind = models.CharField(
        _("soort medewerking"), max_length=20, choices=CooperationKind.choices, blank=True
    )
    permit_applied_on = models.DateField(_("vergunning aangevraagd op"), null=True, blank=True)
    permit_decided_on = models.DateField(_("besluit vergunning op"), null=True, blank=True)
    permit_valid_until = models.DateField(_("vergunning geldig tot"), null=True, blank=True)
    permit_renewals = models.PositiveSmallIntegerField(_("verlengingen"), default=0)
    continued_applied_on = models.DateField(
        _("voortgezet verblijf aangevraagd op"), null=True, blank=True
    )
    continued_decided_on = models.DateField(
        _("besluit voortgezet verblijf op"), null=True, blank=True
    )
    route_on = models.DateField(_("asiel of humanitair op"), null=True, blank=True)
    route_kind = models.CharField(
        _("asiel of humanitair"), max_length=20, choices=RouteKind.choices, blank=True
    )
    return_on = models.DateField(_("terugkeer op"), null=True, blank=True)
    safety_dossier_complete = models.BooleanField(_("veiligheidsdossier compleet"), default=False)
    safety_dossier_note = models.TextField(_("veiligheidsdossier"), blank=True)
    ended_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    end_reason = models.TextField(_("reden afsluiting"), blank=True)
    ind_reference = models.CharField(_("kenmerk IND"), max_length=60, blank=True)
    last_event_on = models.DateField(_("datum laatste stap"))

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("verblijfsprocedure")
        verbose_name_plural = _("verblijfsprocedures")
        indexes = [
            models.Index(fields=["following_organisation", "status"], name="residence_org_idx"),
            models.Index(fields=["reflection_ends_on"], name="residence_reflection_idx"),
            models.Index(fields=["permit_valid_until"], name="residence_permit_idx"),
        ]
        constraints = [
            # One running procedure per report: a second reflection period is refused.
            models.UniqueConstraint(
                fields=["report"],
                condition=~models.Q(status__in=[s.value for s in FINAL_STATUSES]),
                name="residence_one_open_procedure_per_report",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="not_offered") | ~models.Q(not_offered_reason=""),
                name="residence_not_offered_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(reflection_ends_on__isnull=True)
                | models.Q(reflection_ends_on__gte=models.F("reflection_started_on")),
                name="residence_reflection_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"B8-{self.pk:06d}" if self.pk else "B8-nieuw"


class ProcedureEvent(models.Model):
    """History: every step and every correction, with the values before and after."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=ProcedureStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ProcedureStatus.choices)
    event_on = models.DateField(_("datum"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()
    values = models.JSONField(default=dict, blank=True)
    previous = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    ind_reference = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["occurred_at", "pk"]


class DeadlineWarning(models.Model):
    """A warning that was sent; the unique key makes the daily job send each one once."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="deadline_warnings"
    )
    kind = models.CharField(max_length=20, choices=DeadlineKind.choices)
    due_on = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_on = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "kind", "due_on", "days_before"],
                name="residence_warning_once",
            ),
        ]
