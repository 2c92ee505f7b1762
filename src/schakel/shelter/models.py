"""Shelter facilities, their places and placements.

Facilities and places hold no personal data: they are the national registry of open places
(action 30). A placement links a report (personal data) to a place and is read only through
`selectors` under the care-and-shelter purpose.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import (
    DischargeReason,
    FacilityKind,
    Gender,
    PlacementAction,
    PlacementStatus,
    PlaceStatus,
    SecurityLevel,
    Urgency,
)


class Facility(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="shelter_facilities",
    )
    name = models.CharField(_("naam"), max_length=200)
    municipality = models.CharField(_("gemeente"), max_length=100)
    kind = models.CharField(_("soort"), max_length=16, choices=FacilityKind.choices)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("opvanglocatie")
        verbose_name_plural = _("opvanglocaties")

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    facility = models.ForeignKey(
        Facility, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="places"
    )
    label = models.CharField(_("aanduiding"), max_length=60)
    gender_served = models.CharField(
        _("voor"), max_length=8, choices=Gender.choices, default=Gender.ANY
    )
    accepts_minors = models.BooleanField(_("minderjarigen"), default=False)
    complex_needs = models.BooleanField(_("complexe problematiek"), default=False)
    wheelchair_accessible = models.BooleanField(_("rolstoeltoegankelijk"), default=False)
    security_level = models.PositiveSmallIntegerField(
        _("beveiligingsniveau"), choices=SecurityLevel.choices, default=SecurityLevel.STANDARD
    )
    languages = models.JSONField(_("talen (ISO 639-1)"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PlaceStatus.choices, default=PlaceStatus.FREE
    )
    reserved_until = models.DateTimeField(_("gereserveerd tot"), null=True, blank=True)
    availability_confirmed_at = models.DateTimeField(
        _("beschikbaarheid bevestigd op"), null=True, blank=True
    )
    # False: taken out of the facility's capacity (kept for the history of its placements).
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        ordering = ["facility__name", "label"]
        verbose_name = _("plaats")
        verbose_name_plural = _("plaatsen")
        constraints = [
            models.UniqueConstraint(fields=["facility", "label"], name="unique_place_label"),
            models.CheckConstraint(
                condition=~models.Q(status="reserved") | models.Q(reserved_until__isnull=False),
                name="reserved_place_has_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility.name} – {self.label}"


class Placement(models.Model):
    """A request to place the victim of one report, and what became of it."""

    report = models.ForeignKey(
        "registry.Report",
        verbose_name=_("melding"),
        on_delete=models.PROTECT,
        related_name="shelter_placements",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requesting_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("aanvragende organisatie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    gender = models.CharField(_("geslacht"), max_length=8, choices=Gender.choices)
    minor = models.BooleanField(_("minderjarig"), default=False)
    urgency = models.CharField(_("urgentie"), max_length=12, choices=Urgency.choices)
    security_needed = models.PositiveSmallIntegerField(
        _("veiligheid"), choices=SecurityLevel.choices, default=SecurityLevel.STANDARD
    )
    complex_needs = models.BooleanField(_("complexe problematiek"), default=False)
    needs_wheelchair_access = models.BooleanField(_("rolstoeltoegankelijk nodig"), default=False)
    preferred_municipality = models.CharField(_("voorkeursgemeente"), max_length=100, blank=True)
    languages = models.JSONField(_("talen (ISO 639-1)"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PlacementStatus.choices, default=PlacementStatus.OPEN
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("plaats"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    reserved_until = models.DateTimeField(_("gereserveerd tot"), null=True, blank=True)
    discharge_reason = models.CharField(
        _("reden uitstroom"), max_length=12, choices=DischargeReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    placed_at = models.DateTimeField(_("geplaatst op"), null=True, blank=True)
    discharged_at = models.DateTimeField(_("uitgestroomd op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("plaatsingsverzoek")
        verbose_name_plural = _("plaatsingsverzoeken")
        constraints = [
            # One live placement per place: the database, not only the lock, forbids a
            # place given twice.
            models.UniqueConstraint(
                fields=["place"],
                condition=models.Q(status__in=["reserved", "confirmed", "occupied"]),
                name="one_live_placement_per_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk}"


class PlacementEvent(models.Model):
    """History of a placement: every transition, by whom, when, and why."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("handeling"), max_length=12, choices=PlacementAction.choices)
    from_status = models.CharField(max_length=12, choices=PlacementStatus.choices)
    to_status = models.CharField(max_length=12, choices=PlacementStatus.choices)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, null=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.CharField(max_length=200, blank=True)
    occurred_at = models.DateTimeField()

    class Meta:
        ordering = ["occurred_at", "pk"]


RETIRED = "retired"  # status in the history when a place leaves the facility's capacity


class PlaceStatusChange(models.Model):
    """History of every place's status (not personal data): occupancy over time is computed
    from it. Written by the services in the same transaction as the change itself."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="status_changes")
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12)  # a PlaceStatus, or RETIRED
    occurred_at = models.DateTimeField()

    class Meta:
        ordering = ["occurred_at", "pk"]
        indexes = [models.Index(fields=["occurred_at"], name="shelter_status_change_at")]


class CareCoordination(models.Model):
    """Whether a municipality has a care coordinator (zorgcoördinator) and who, from a date.

    Versioned: a new record supersedes the municipality's earlier ones from its `valid_from`;
    nothing is overwritten, so the coverage on any past date can be shown again. Contact is an
    organisation's function address or number, not a person."""

    municipality = models.CharField(_("gemeente"), max_length=100)
    has_coordinator = models.BooleanField(_("heeft zorgcoördinatie"), default=True)
    coordinator = models.CharField(_("zorgcoördinator (organisatie)"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    valid_from = models.DateField(_("geldig vanaf"))
    source = models.CharField(_("bron"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        ordering = ["municipality", "valid_from", "pk"]
        verbose_name = _("zorgcoördinatie")
        verbose_name_plural = _("zorgcoördinatie")
        indexes = [
            models.Index(fields=["municipality", "valid_from"], name="shelter_care_coord_from")
        ]
