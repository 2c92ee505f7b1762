"""Closed vocabularies of the shelter app, with Dutch labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FacilityKind(models.TextChoices):
    COSM = "cosm", _("Categorale opvang slachtoffers mensenhandel (COSM)")
    WOMEN = "women", _("Vrouwenopvang")
    MEN = "men", _("Mannenopvang")
    YOUTH = "youth", _("Opvang minderjarigen/jongeren")
    SAFE_HOUSE = "safe_house", _("Beschermde opvang (safe house)")
    GENERAL = "general", _("Algemene opvang")


class Gender(models.TextChoices):
    FEMALE = "female", _("Vrouw")
    MALE = "male", _("Man")
    ANY = "any", _("Iedereen")


class SecurityLevel(models.IntegerChoices):
    STANDARD = 1, _("Gewoon")
    ELEVATED = 2, _("Verhoogd")
    SECRET_ADDRESS = 3, _("Geheim adres")


class PlaceStatus(models.TextChoices):
    FREE = "free", _("Vrij")
    RESERVED = "reserved", _("Gereserveerd")
    OCCUPIED = "occupied", _("Bezet")
    UNAVAILABLE = "unavailable", _("Niet beschikbaar")


class Urgency(models.TextChoices):
    IMMEDIATE = "immediate", _("Direct (vandaag)")
    DAYS = "days", _("Binnen enkele dagen")
    WEEK = "week", _("Binnen een week")


class PlacementStatus(models.TextChoices):
    OPEN = "open", _("Open (zoekt een plaats)")
    RESERVED = "reserved", _("Plaats gereserveerd")
    CONFIRMED = "confirmed", _("Bevestigd door de opvang")
    OCCUPIED = "occupied", _("Geplaatst")
    DISCHARGED = "discharged", _("Uitgestroomd")
    CANCELLED = "cancelled", _("Ingetrokken")


class PlacementAction(models.TextChoices):
    RESERVE = "reserve", _("Reserveren")
    CONFIRM = "confirm", _("Bevestigen")
    ARRIVE = "arrive", _("Aangekomen (plaats bezet)")
    DISCHARGE = "discharge", _("Uitstroom vastleggen")
    RELEASE = "release", _("Reservering vrijgeven")
    EXPIRE = "expire", _("Reservering verlopen")
    CANCEL = "cancel", _("Verzoek intrekken")


class DischargeReason(models.TextChoices):
    MOVED_ON = "moved_on", _("Doorgestroomd")
    LEFT = "left", _("Op eigen initiatief vertrokken")
    RETURNED = "returned", _("Teruggekeerd naar land van herkomst")
    OTHER = "other", _("Anders")
