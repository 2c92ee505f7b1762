"""Indicator lists (versioned data), assessments of reports, and multidisciplinary team (MDT)
assessments.

A list version is a draft until published; once published it never changes (a change is a new
version), so every assessment keeps the exact list and criteria it was made with. Reports are
the registry's: referenced by the string "registry.Report" and read through its selectors.

Retention: assessments, observations and MDT assessments live as long as their report
(CASCADE; the registry deletes reports 5 years after the last decision about the person).
List versions are configuration and are kept for ever while an assessment refers to them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Organisation
from schakel.core.crypto import EncryptedTextField

from .evaluation import ElementKind, Strength


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PUBLISHED = "published", _("Gepubliceerd")
    SUPERSEDED = "superseded", _("Vervangen door een nieuwere versie")


class Population(models.TextChoices):
    ADULT = "adult", _("Volwassenen")
    CHILD = "child", _("Kinderen")
    ANY = "any", _("Volwassenen en kinderen")


class ExploitationKind(models.TextChoices):
    LABOUR = "labour", _("Arbeidsuitbuiting")
    SEXUAL = "sexual", _("Seksuele uitbuiting")
    CRIMINAL = "criminal", _("Criminele uitbuiting")


STRENGTH_CHOICES = [
    (Strength.STRONG.value, _("sterk")),
    (Strength.MEDIUM.value, _("middel")),
    (Strength.WEAK.value, _("zwak")),
]
KIND_CHOICES = [
    (ElementKind.RECRUITMENT.value, _("werving")),
    (ElementKind.EXPLOITATION.value, _("uitbuiting")),
    (ElementKind.MEANS.value, _("dwangmiddel op de plaats van uitbuiting")),
]


def _localised(nl: str, en: str) -> str:
    return en if (get_language() or "nl").startswith("en") and en else nl


class IndicatorList(models.Model):
    family = models.SlugField(_("lijst"), max_length=60)
    version = models.PositiveIntegerField(_("versie"))
    status = models.CharField(
        _("status"), max_length=12, choices=ListStatus.choices, default=ListStatus.DRAFT
    )
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=200)
    name_en = models.CharField(_("naam (Engels)"), max_length=200)
    population = models.CharField(_("voor wie"), max_length=8, choices=Population.choices)
    exploitation = models.CharField(
        _("vorm van uitbuiting"), max_length=10, choices=ExploitationKind.choices
    )
    valid_from = models.DateField(_("geldig vanaf"))
    source = models.TextField(_("bron"))
    # {"element_present_if": [...], "adult_rule": [[...]], "child_rule": [[...]]}:
    # the uniform criteria test of this version (evaluation.Criteria).
    criteria = models.JSONField(_("criteria"))
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["family", "-version"]
        verbose_name = _("indicatorenlijst")
        verbose_name_plural = _("indicatorenlijsten")
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="unique_list_version"),
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(status="draft"),
                name="one_draft_per_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def name(self) -> str:
        return _localised(self.name_nl, self.name_en)


class Element(models.Model):
    indicator_list = models.ForeignKey(
        IndicatorList, on_delete=models.CASCADE, related_name="elements"
    )
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("soort element"), max_length=12, choices=KIND_CHOICES)
    position = models.PositiveSmallIntegerField(default=0)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=200)
    name_en = models.CharField(_("naam (Engels)"), max_length=200)
    source_wording = models.CharField(_("formulering in de bron"), max_length=300, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_list", "code"], name="unique_element_code"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self.name_nl, self.name_en)


class Indicator(models.Model):
    indicator_list = models.ForeignKey(
        IndicatorList, on_delete=models.CASCADE, related_name="indicators"
    )
    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    strength = models.CharField(_("sterkte"), max_length=8, choices=STRENGTH_CHOICES)
    text_nl = models.CharField(_("tekst (Nederlands)"), max_length=300)
    text_en = models.CharField(_("tekst (Engels)"), max_length=300)
    source_wording = models.CharField(_("formulering in de bron"), max_length=300, blank=True)

    class Meta:
        ordering = ["element__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_list", "code"], name="unique_indicator_code"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return _localised(self.text_nl, self.text_en)


class Assessment(models.Model):
    """One assessor's check of a report against one published list version."""

    report = models.ForeignKey(
        "registry.Report", on_delete=models.CASCADE, related_name="identification_assessments"
    )
    indicator_list = models.ForeignKey(
        IndicatorList, on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField(_("datum beoordeling"))
    created_at = models.DateTimeField(auto_now_add=True)
    # What the age rule had to go on when the assessment was made (None: age unknown).
    minor = models.BooleanField(_("minderjarig bij begin uitbuiting"), null=True)
    # Snapshot of the evaluation: conclusion per age rule and the elements that carried it.
    conclusion_adult = models.CharField(max_length=16, blank=True)
    conclusion_child = models.CharField(max_length=16, blank=True)
    explanation = models.JSONField(default=dict)
    note = EncryptedTextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")

    def __str__(self) -> str:
        return f"A{self.pk}"


class Observation(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="observations"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    note = EncryptedTextField(_("notitie"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="unique_observation"),
        ]


class MdtConclusion(models.TextChoices):
    VICTIM = "victim", _("Slachtoffer van mensenhandel")
    NOT_VICTIM = "not_victim", _("Geen slachtoffer van mensenhandel")
    UNDECIDED = "undecided", _("Geen conclusie mogelijk")


class MdtAssessment(models.Model):
    """A multidisciplinary team's judgement of victimhood without a report to the police."""

    report = models.ForeignKey(
        "registry.Report", on_delete=models.CASCADE, related_name="mdt_assessments"
    )
    member_organisations = models.ManyToManyField(
        Organisation, related_name="+", verbose_name=_("organisaties in het team")
    )
    met_on = models.DateField(_("datum overleg"))
    conclusion = models.CharField(_("conclusie"), max_length=12, choices=MdtConclusion.choices)
    reasoning = EncryptedTextField(_("onderbouwing"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recording_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-met_on", "-pk"]
        verbose_name = _("MDT-beoordeling")
        verbose_name_plural = _("MDT-beoordelingen")

    def __str__(self) -> str:
        return f"MDT{self.pk}"
