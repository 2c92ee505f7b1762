"""Closed vocabularies of the registry, with Dutch labels (msgids) and English translations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")
    IN_REVIEW = "in_review", _("In beoordeling")
    REGISTERED = "registered", _("Geregistreerd")
    NOT_REGISTERED = "not_registered", _("Niet geregistreerd")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class Gender(models.TextChoices):
    FEMALE = "female", _("Vrouw")
    MALE = "male", _("Man")
    OTHER = "other", _("Anders")
    UNKNOWN = "unknown", _("Onbekend")


class DatePrecision(models.TextChoices):
    EXACT = "exact", _("Exacte datum")
    YEAR = "year", _("Alleen jaar bekend")
    ESTIMATED = "estimated", _("Geschat")
    UNKNOWN = "unknown", _("Onbekend")


class ExploitationForm(models.TextChoices):
    SEXUAL_SEX_INDUSTRY = "sexual_sex_industry", _("Seksuele uitbuiting in de seksindustrie")
    SEXUAL_OTHER = "sexual_other", _("Seksuele uitbuiting buiten de seksindustrie")
    LABOUR = "labour", _("Arbeidsuitbuiting")
    CRIMINAL = "criminal", _("Criminele uitbuiting")
    ORGAN_REMOVAL = "organ_removal", _("Gedwongen orgaanverwijdering")
    OTHER = "other", _("Andere vorm")
    UNKNOWN = "unknown", _("Onbekend")


class LabourSector(models.TextChoices):
    AGRICULTURE = "agriculture", _("Land- en tuinbouw")
    MEAT_PROCESSING = "meat_processing", _("Vleesverwerking")
    CONSTRUCTION = "construction", _("Bouw")
    HOSPITALITY = "hospitality", _("Horeca")
    CLEANING = "cleaning", _("Schoonmaak")
    LOGISTICS = "logistics", _("Transport en logistiek")
    DOMESTIC_WORK = "domestic_work", _("Huishoudelijk werk")
    BEAUTY = "beauty", _("Schoonheidsbranche (nagelstudio's, massage)")
    RETAIL = "retail", _("Detailhandel")
    MANUFACTURING = "manufacturing", _("Industrie")
    SHIPPING = "shipping", _("Binnenvaart en zeevaart")
    OTHER = "other", _("Andere sector")
    UNKNOWN = "unknown", _("Sector onbekend")


class CriminalActivity(models.TextChoices):
    DRUGS = "drugs", _("Drugsteelt of -handel")
    THEFT = "theft", _("Winkeldiefstal, zakkenrollen, inbraak")
    BEGGING = "begging", _("Bedelarij")
    FRAUD = "fraud", _("Fraude, geldezel")
    OTHER = "other", _("Andere criminele activiteit")
    UNKNOWN = "unknown", _("Activiteit onbekend")


class ExploitationPeriodStatus(models.TextChoices):
    ONGOING = "ongoing", _("Duurt voort")
    ENDED = "ended", _("Beëindigd")
    UNKNOWN = "unknown", _("Onbekend")


class SuspectRelation(models.TextChoices):
    PARTNER = "partner", _("(Ex-)partner of loverboy")
    EMPLOYER = "employer", _("Werkgever")
    FAMILY = "family", _("Familie")
    RECRUITER = "recruiter", _("Ronselaar")
    ACQUAINTANCE = "acquaintance", _("Kennis")
    OTHER = "other", _("Anders")
    UNKNOWN = "unknown", _("Onbekend")


class ConsentStatus(models.TextChoices):
    GIVEN = "given", _("Toestemming gegeven")
    REFUSED = "refused", _("Toestemming geweigerd")
    NOT_ASKED = "not_asked", _("Niet gevraagd")


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("Paspoort")
    ID_CARD = "id_card", _("Identiteitskaart")
    RESIDENCE_PERMIT = "residence_permit", _("Verblijfsdocument")
    DRIVING_LICENCE = "driving_licence", _("Rijbewijs")
    OTHER = "other", _("Ander document")


class PlaceKind(models.TextChoices):
    NETHERLANDS = "nl", _("Gemeente in Nederland")
    ABROAD = "abroad", _("Land buiten Nederland")
