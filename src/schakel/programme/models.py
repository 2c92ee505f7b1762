"""Action plans and programmes, their actions, progress, indicators and reminders.

Programme data is about government policy, not about persons; the only personal data is
the author of a progress update (a civil servant), which is shown to programme users.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import ProgressStatus

# Retention: plans and their progress are public policy records kept without limit (they are
# reported to parliament); reminder logs may be pruned after two years.


class Ministry(models.Model):
    """An initiating ministry as the plans name it (codes of plan_ministries.Ministry)."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    # "Alle betrokken departementen": every ministry's programme officers may report on it.
    is_all = models.BooleanField(_("alle ministeries"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ministerie")
        verbose_name_plural = _("ministeries")

    def __str__(self) -> str:
        return self.name


class MinistryOrganisation(models.Model):
    """Which organisation in Schakel speaks for a ministry: its programme officers edit the
    ministry's actions. Kept here so accounts need not know about ministries."""

    ministry = models.ForeignKey(
        Ministry,
        verbose_name=_("ministerie"),
        on_delete=models.PROTECT,
        related_name="organisation_links",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("koppeling ministerie–organisatie")
        verbose_name_plural = _("koppelingen ministerie–organisatie")
        constraints = [
            models.UniqueConstraint(
                fields=["ministry", "organisation"], name="unique_ministry_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ministry.code} → {self.organisation_id}"


class PlanKind(models.TextChoices):
    ACTION_PLAN = "action_plan", _("Actieplan")
    PROGRAMME = "programme", _("Programma")


class Plan(models.Model):
    slug = models.SlugField(_("korte naam"), max_length=60, unique=True)
    title = models.CharField(_("titel"), max_length=300)
    kind = models.CharField(_("soort"), max_length=16, choices=PlanKind.choices)
    # The date of the plan; actions start then unless they say otherwise, and notes that
    # come with the plan text are dated on it.
    issued_on = models.DateField(_("datum van het plan"))
    source = models.CharField(_("bron"), max_length=300, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    source_sha256 = models.CharField(_("controlegetal van de brontekst"), max_length=64, blank=True)
    imported_at = models.DateTimeField(_("ingelezen op"), null=True, blank=True)

    class Meta:
        ordering = ["issued_on", "slug"]
        verbose_name = _("plan")
        verbose_name_plural = _("plannen")

    def __str__(self) -> str:
        return self.title


class Theme(models.Model):
    """A chapter ("3") or section ("4.2", "5.2.1") of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    number = models.CharField(_("nummer"), max_length=16)
    title = models.CharField(_("titel"), max_length=300)
    chapter_number = models.CharField(_("hoofdstuk"), max_length=8)
    chapter_title = models.CharField(_("titel van het hoofdstuk"), max_length=300)
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_theme_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class EndDateKind(models.TextChoices):
    EXACT = "exact", _("datum")
    APPROXIMATE = "approximate", _("bij benadering")
    ONGOING = "ongoing", _("doorlopend")
    NONE = "none", _("geen einddatum vastgelegd")


OPEN_ENDED = (EndDateKind.ONGOING, EndDateKind.NONE)


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=300, blank=True)
    text = models.TextField(_("tekst"))
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thema"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    initiators = models.ManyToManyField(
        Ministry, verbose_name=_("initiatief"), related_name="actions"
    )
    initiators_text = models.CharField(_("initiatief zoals geschreven"), max_length=200, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    end_date_kind = models.CharField(
        _("soort einddatum"), max_length=16, choices=EndDateKind.choices
    )
    end_date = models.DateField(_("einddatum volgens plan"), null=True, blank=True)
    end_date_text = models.CharField(_("einddatum zoals geschreven"), max_length=60, blank=True)
    # Projection of the progress updates; written only by services via workflow.project.
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
    )
    due_date = models.DateField(_("einddatum na uitstel"), null=True, blank=True)
    source_lines = models.CharField(_("regels in de brontekst"), max_length=20, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_action_number"),
            models.CheckConstraint(
                condition=(
                    Q(end_date_kind__in=OPEN_ENDED, end_date__isnull=True)
                    | (~Q(end_date_kind__in=OPEN_ENDED) & Q(end_date__isnull=False))
                ),
                name="action_end_date_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title or self.text[:60]}"

    @property
    def label(self) -> str:
        return self.title or (self.text if len(self.text) <= 120 else f"{self.text[:117]}…")

    @property
    def has_fixed_end(self) -> bool:
        return self.end_date_kind not in OPEN_ENDED

    @property
    def effective_start(self) -> dt.date:
        return self.starts_on or self.plan.issued_on

    @property
    def end_date_display(self) -> str:
        if self.end_date_text:
            return self.end_date_text
        if self.end_date is not None:
            return self.end_date.isoformat()
        return str(EndDateKind(self.end_date_kind).label)


class RefSource(models.TextChoices):
    NRM1 = "NRM1", _("Eerste rapportage Nationaal Rapporteur (NRM1)")
    NRM3 = "NRM3", _("Derde rapportage Nationaal Rapporteur (NRM3)")
    OBP = "OBP", _("Plan van aanpak Ordening & Bescherming Prostitutiesector (OBP)")
    OVSE = "OVSE", _("OVSE-actieplan (OVSE)")
    UNICEF = "Unicef", _("Unicef-rapport")
    TDH = "TdH", _("Terre des Hommes-rapport (TdH)")


class ReferencePlacement(models.TextChoices):
    IN_ACTION = "action", _("in de actie")
    CONTEXT = "context", _("in de toelichting vóór de actie")


class ActionReference(models.Model):
    """What an action answers: cited in the action itself, or in the prose that introduces
    its group of actions (the plan cites NRM3, OVSE, Unicef and TdH mostly there)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="references")
    source = models.CharField(_("bron"), max_length=8, choices=RefSource.choices)
    ref = models.CharField(_("verwijzing"), max_length=32, blank=True)
    placement = models.CharField(_("plaats"), max_length=8, choices=ReferencePlacement.choices)
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["action", "placement", "position"]
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "source", "ref", "placement"], name="unique_action_reference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.ref}".strip()


class UpdateSource(models.TextChoices):
    MANUAL = "manual", _("ingevoerd")
    PLAN_TEXT = "plan_text", _("uit de plantekst")
    DATA_FILE = "data_file", _("uit gegevensbestand")


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField(_("datum"))
    text = models.TextField(_("toelichting"))
    status = models.CharField(_("status"), max_length=16, choices=ProgressStatus.choices)
    previous_status = models.CharField(
        _("vorige status"), max_length=16, choices=ProgressStatus.choices
    )
    new_end_date = models.DateField(_("nieuwe einddatum"), null=True, blank=True)
    previous_due_date = models.DateField(_("vorige einddatum"), null=True, blank=True)
    heading = models.CharField(_("kop in de brontekst"), max_length=40, blank=True)
    source = models.CharField(
        _("herkomst"), max_length=16, choices=UpdateSource.choices, default=UpdateSource.MANUAL
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Copied so the history reads correctly after a rename; the plan's name for imports.
    author_name = models.CharField(_("auteur (naam)"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        ordering = ["action", "reported_on", "id"]
        verbose_name = _("voortgangsmelding")
        verbose_name_plural = _("voortgangsmeldingen")

    def __str__(self) -> str:
        return f"{self.action_id} {self.reported_on} {self.status}"


class IndicatorKind(models.TextChoices):
    COUNT = "count", _("aantal per jaar (telt op)")
    LEVEL = "level", _("stand op peildatum")


class Direction(models.TextChoices):
    HIGHER = "higher", _("hoger is beter")
    LOWER = "lower", _("lager is beter")


class Indicator(models.Model):
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
    )
    slug = models.SlugField(_("korte naam"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=40)
    kind = models.CharField(_("soort"), max_length=8, choices=IndicatorKind.choices)
    direction = models.CharField(
        _("richting"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    tolerance_percent = models.PositiveSmallIntegerField(
        _("marge (%)"),
        default=10,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Hoeveel de prognose van het doel mag afwijken voor oranje in plaats van rood."
        ),
    )
    ministry = models.ForeignKey(
        Ministry,
        verbose_name=_("verantwoordelijk ministerie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )
    source = models.CharField(_("bron"), max_length=300, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")

    def __str__(self) -> str:
        return self.name


class ValueKind(models.TextChoices):
    TARGET = "target", _("Doel")
    ACTUAL = "actual", _("Realisatie")
    STATED_FORECAST = "forecast", _("Prognose (opgegeven)")


class IndicatorValue(models.Model):
    """One figure for one calendar year. An actual counted part of the year has ``as_of``
    before 31 December: the forecast for the year is made from it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("jaar"))
    kind = models.CharField(_("soort"), max_length=8, choices=ValueKind.choices)
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2)
    low = models.DecimalField(
        _("ondergrens"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    high = models.DecimalField(
        _("bovengrens"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    as_of = models.DateField(_("peildatum"))
    source = models.CharField(_("bron"), max_length=300, blank=True)
    note = models.CharField(_("opmerking"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        ordering = ["indicator", "year", "kind", "as_of"]
        verbose_name = _("indicatorwaarde")
        verbose_name_plural = _("indicatorwaarden")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "kind", "as_of"], name="unique_indicator_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year} {self.kind} {self.value}"

    @property
    def is_full_year(self) -> bool:
        return self.as_of == dt.date(self.year, 12, 31)


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("einddatum nadert")
    OVERDUE = "overdue", _("einddatum verstreken")


class ReminderLog(models.Model):
    """One reminder per action, due date and kind, so running the reminders twice sends
    nothing new; a postponement (new due date) brings a new reminder."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    due_date = models.DateField(_("einddatum"))
    kind = models.CharField(_("soort"), max_length=10, choices=ReminderKind.choices)
    sent_on = models.DateField(_("verstuurd op"))
    recipients = models.TextField(_("ontvangers"), blank=True)

    class Meta:
        ordering = ["-sent_on"]
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            models.UniqueConstraint(fields=["action", "due_date", "kind"], name="unique_reminder"),
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.kind} {self.due_date}"
