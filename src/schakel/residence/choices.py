"""Closed vocabularies of the residence procedure, Dutch labels through gettext."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcedureStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Aanwijzing, bedenktijd nog aan te bieden")
    REFLECTION = "reflection", _("In bedenktijd")
    OFFER_DECLINED = "offer_declined", _("Bedenktijd aangeboden, afgewezen")
    NOT_OFFERED = "not_offered", _("Bedenktijd niet aangeboden")
    COOPERATING = "cooperating", _("Aangifte gedaan of medewerking verleend")
    PERMIT_APPLIED = "permit_applied", _("Tijdelijke vergunning aangevraagd")
    PERMIT_GRANTED = "permit_granted", _("Tijdelijke vergunning verleend")
    PERMIT_REFUSED = "permit_refused", _("Tijdelijke vergunning geweigerd")
    CONTINUED_APPLIED = "continued_applied", _("Voortgezet verblijf aangevraagd")
    CONTINUED_GRANTED = "continued_granted", _("Voortgezet verblijf verleend")
    CONTINUED_REFUSED = "continued_refused", _("Voortgezet verblijf geweigerd")
    ASYLUM_ROUTE = "asylum_route", _("Asiel of humanitair verblijf (geen aangifte, in gevaar)")
    RETURN = "return", _("Terugkeer")
    ENDED = "ended", _("Afgesloten")


class NotOfferedReason(models.TextChoices):
    """Why the reflection period was not offered; counted by the monitoring point (action 24)."""

    NO_INDICATION = "no_indication", _("Geen aanwijzing van mensenhandel vastgesteld")
    LAWFUL_RESIDENCE = "lawful_residence", _("Heeft rechtmatig verblijf")
    UNREACHABLE = "unreachable", _("Slachtoffer niet bereikbaar of vertrokken")
    IMMEDIATE_RETURN = "immediate_return", _("Slachtoffer wil direct terugkeren")
    OVERLOOKED = "overlooked", _("Niet aan gedacht of onbekend")
    OTHER = "other", _("Andere reden (toelichting verplicht)")


class CooperationKind(models.TextChoices):
    REPORT = "report", _("Aangifte bij de politie")
    COOPERATION = "cooperation", _("Andere medewerking aan opsporing of vervolging")


class RouteKind(models.TextChoices):
    ASYLUM = "asylum", _("Asielaanvraag")
    HUMANITARIAN = "humanitarian", _("Humanitair verblijf (schrijnende situatie)")


class EventKind(models.TextChoices):
    TRANSITION = "transition", _("Stap")
    CORRECTION = "correction", _("Correctie")


class DeadlineKind(models.TextChoices):
    REFLECTION_END = "reflection_end", _("Einde bedenktijd")
    PERMIT_EXPIRY = "permit_expiry", _("Einde geldigheid vergunning")
