"""Every read of identification: lists (configuration, audited as reads too), assessments and
MDT assessments (personal data, through the audited access layer).

Reports are read only through the registry's selectors. `assessment_summary_for_report` and
`decision_reason_problem` are what the registrar's decision form calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from schakel.accounts.models import Organisation, User
from schakel.core import audit
from schakel.core.access import access_list, access_object
from schakel.core.errors import NotFound

from .evaluation import (
    AgeRule,
    Change,
    Conclusion,
    Criteria,
    ElementKind,
    ElementSpec,
    ListSpec,
    Strength,
    decision_departs,
    diff_versions,
)
from .models import (
    Assessment,
    Element,
    Indicator,
    IndicatorList,
    ListStatus,
    MdtAssessment,
    Observation,
)
from .policies import ASSESSMENT_POLICY, MDT_POLICY, purpose_for

LIST_OBJECT = "identification.indicatorlist"


# -- lists ------------------------------------------------------------------------------------


def _with_items() -> QuerySet[IndicatorList]:
    return IndicatorList.objects.prefetch_related(
        Prefetch(
            "elements",
            queryset=Element.objects.prefetch_related(
                Prefetch("indicators", queryset=Indicator.objects.order_by("position", "pk"))
            ),
        )
    )


def spec_of(indicator_list: IndicatorList) -> ListSpec:
    """The list as plain values for evaluation.evaluate."""
    elements = tuple(
        ElementSpec(
            code=e.code,
            kind=ElementKind(e.kind),
            indicators={i.code: Strength(i.strength) for i in e.indicators.all()},
        )
        for e in indicator_list.elements.all()
    )
    return ListSpec(elements=elements, criteria=Criteria.from_data(indicator_list.criteria))


def _audit_list_read(actor: User, pk: object, **details: object) -> None:
    audit.audit_read(
        actor=actor,
        object_type=LIST_OBJECT,
        object_id=pk,
        purpose=purpose_for(actor),
        details=details or None,
    )


def lists_overview(*, actor: User) -> list[IndicatorList]:
    """Every version of every list, newest first within a list."""
    rows = list(IndicatorList.objects.order_by("family", "-version"))
    audit.audit_list(
        actor=actor,
        object_type=LIST_OBJECT,
        object_ids=[r.pk for r in rows],
        purpose=purpose_for(actor),
    )
    return rows


def list_get(*, actor: User, pk: int | str) -> IndicatorList:
    found = _with_items().filter(pk=pk).first()
    if found is None:
        audit.audit_denied(
            actor=actor,
            object_type=LIST_OBJECT,
            object_id=pk,
            purpose=purpose_for(actor),
            reason="does not exist",
        )
        raise NotFound
    _audit_list_read(actor, found.pk)
    return found


def lists_for_assessment(*, on: date, minor: bool | None) -> list[IndicatorList]:
    """The published version of each list valid on a date, for the age at hand: child lists
    for a minor, adult lists for an adult, all when the age is unknown."""
    rows = IndicatorList.objects.filter(status=ListStatus.PUBLISHED, valid_from__lte=on)
    if minor is True:
        rows = rows.exclude(population="adult")
    elif minor is False:
        rows = rows.exclude(population="child")
    return list(rows.order_by("exploitation", "population", "family"))


def _indicator_map(indicator_list: IndicatorList) -> dict[str, tuple[str, str, str]]:
    return {
        i.code: (e.code, i.strength, i.text_nl)
        for e in indicator_list.elements.all()
        for i in e.indicators.all()
    }


@dataclass(frozen=True)
class VersionDiff:
    old: IndicatorList
    new: IndicatorList
    changes: list[Change]
    criteria_changed: bool


def list_diff(*, actor: User, old_pk: int | str, new_pk: int | str) -> VersionDiff:
    """What changed between two versions of the same list."""
    old = list_get(actor=actor, pk=old_pk)
    new = list_get(actor=actor, pk=new_pk)
    if old.family != new.family:
        raise NotFound(_("Deze twee versies horen niet bij dezelfde lijst."))
    return VersionDiff(
        old=old,
        new=new,
        changes=diff_versions(_indicator_map(old), _indicator_map(new)),
        criteria_changed=old.criteria != new.criteria,
    )


# -- assessments ------------------------------------------------------------------------------


def _assessments() -> QuerySet[Assessment]:
    return Assessment.objects.select_related(
        "indicator_list", "assessed_by", "organisation", "report", "report__person"
    ).prefetch_related(
        Prefetch(
            "observations",
            queryset=Observation.objects.select_related("indicator", "indicator__element"),
        )
    )


def assessment_get_for(*, actor: User, pk: object) -> Assessment:
    return access_object(
        actor=actor,
        policy=ASSESSMENT_POLICY,
        pk=pk,
        purpose=purpose_for(actor),
        queryset=_assessments(),
    )


def assessments_for_report(*, actor: User, report_id: int, limit: int = 50) -> list[Assessment]:
    rows, _total = access_list(
        actor=actor,
        policy=ASSESSMENT_POLICY,
        purpose=purpose_for(actor),
        queryset=_assessments().filter(report_id=report_id),
        limit=limit,
    )
    return rows


def mdt_assessments_for_report(
    *, actor: User, report_id: int, limit: int = 50
) -> list[MdtAssessment]:
    queryset = (
        MdtAssessment.objects.filter(report_id=report_id)
        .select_related("recorded_by", "recording_organisation", "report", "report__person")
        .prefetch_related("member_organisations")
    )
    rows, _total = access_list(
        actor=actor, policy=MDT_POLICY, purpose=purpose_for(actor), queryset=queryset, limit=limit
    )
    return rows


# -- what the registrar's decision form needs ---------------------------------------------------


AGE_RULE_LABELS = {AgeRule.ADULT: "Volwassenenregel", AgeRule.CHILD: "Kinderregel"}


@dataclass(frozen=True)
class OutcomeView:
    age_rule: str
    conclusion: Conclusion
    carried_by: list[str]  # element names
    indicators: list[str]  # texts of the ticked indicators under those elements
    missing: list[list[str]]  # groups of element names without a present element


@dataclass(frozen=True)
class AssessmentSummary:
    assessment: Assessment | None  # None: only MDT assessments
    outcomes: list[OutcomeView]
    mdt: list[MdtAssessment]

    @property
    def conclusions(self) -> list[Conclusion]:
        return [o.conclusion for o in self.outcomes]

    def departs(self, *, registering: bool) -> bool:
        return decision_departs(self.conclusions, registering=registering)


def outcomes_of(assessment: Assessment) -> list[OutcomeView]:
    """The stored explanation of an assessment as it was when made."""
    names = {e["code"]: e["name"] for e in assessment.explanation.get("elements", [])}
    return [
        OutcomeView(
            age_rule=outcome["age_rule"],
            conclusion=Conclusion[outcome["conclusion"].upper()],
            carried_by=[names.get(c, c) for c in outcome["carried_by"]],
            indicators=outcome.get("indicators", []),
            missing=[[names.get(c, c) for c in group] for group in outcome["missing"]],
        )
        for outcome in assessment.explanation.get("outcomes", [])
    ]


def assessment_summary_for_report(*, actor: User, report_id: int) -> AssessmentSummary | None:
    """The newest assessment of a report the actor may see, with its outcome(s) and any MDT
    assessments; None when there is no assessment and no MDT assessment."""
    assessments = assessments_for_report(actor=actor, report_id=report_id, limit=1)
    mdt = mdt_assessments_for_report(actor=actor, report_id=report_id)
    if not assessments and not mdt:
        return None
    if not assessments:
        return AssessmentSummary(assessment=None, outcomes=[], mdt=mdt)
    return AssessmentSummary(
        assessment=assessments[0], outcomes=outcomes_of(assessments[0]), mdt=mdt
    )


REGISTERED, NOT_REGISTERED = "registered", "not_registered"


def decision_reason_problem(
    *, actor: User, report_id: int, to_status: str, reason: str
) -> str | None:
    """The message to show when a decision goes against the newest assessment without a
    stated reason; None when the decision may be taken as it is.

    Call this from the registrar's decision (registry views) before report_transition, with
    the decision note as ``reason``.
    """
    status = getattr(to_status, "value", to_status)  # a ReportStatus or its plain value
    if status not in {REGISTERED, NOT_REGISTERED} or reason.strip():
        return None
    summary = assessment_summary_for_report(actor=actor, report_id=report_id)
    if summary is None or summary.assessment is None:
        return None
    if not summary.departs(registering=status == REGISTERED):
        return None
    if status == REGISTERED:
        return _("De beoordeling wijst niet op mensenhandel. Licht toe waarom u toch registreert.")
    return _("De beoordeling wijst op mensenhandel. Licht toe waarom u niet registreert.")


def organisations_for_mdt() -> QuerySet[Organisation]:
    """Organisations that may sit in a team (names are not personal data)."""
    return Organisation.objects.filter(~Q(name="")).order_by("name")


def criteria_lines(indicator_list: IndicatorList) -> dict[str, list[str]]:
    """The criteria of a version in plain Dutch, for the list page and the checklist."""
    criteria = Criteria.from_data(indicator_list.criteria)
    names = {e.code: e.name_nl for e in indicator_list.elements.all()}
    labels = (("strong", _("sterk")), ("medium", _("middel")), ("weak", _("zwak")))
    thresholds = [
        " + ".join(f"{getattr(t, key)} {label}" for key, label in labels if getattr(t, key))
        for t in criteria.element_present_if
    ]

    def groups(rule: tuple[frozenset[str], ...]) -> list[str]:
        return [_(" of ").join(names.get(c, c) for c in sorted(g)) for g in rule]

    return {
        "thresholds": thresholds,
        "adult": groups(criteria.adult_rule),
        "child": groups(criteria.child_rule),
    }
