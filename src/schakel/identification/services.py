"""Every write of identification: loading and versioning lists, assessing reports, recording
MDT assessments. Keyword-only, authorised before the transaction, audited inside it.

Reports are the registry's: read with `registry.selectors.report_get_for` (which authorises and
audits the read), never queried here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.accounts.models import Organisation, User
from schakel.core import audit
from schakel.core.errors import InvalidInput, NotAllowed, ValidationFailed
from schakel.core.models import AuditAction
from schakel.registry import selectors as registry_selectors
from schakel.registry.choices import ReportStatus
from schakel.registry.rules import minor_on

from .datafile import ListData, read_lists, shipped_files
from .evaluation import (
    Criteria,
    ElementKind,
    Evaluation,
    Problem,
    Strength,
    UnknownIndicator,
    evaluate,
    spec_problems,
)
from .models import (
    Assessment,
    Element,
    Indicator,
    IndicatorList,
    ListStatus,
    MdtAssessment,
    MdtConclusion,
    Observation,
)
from .policies import purpose_for
from .selectors import LIST_OBJECT, spec_of

ASSESSMENT_OBJECT = "identification.assessment"
MDT_OBJECT = "identification.mdtassessment"
NOT_ASSESSABLE = frozenset({ReportStatus.WITHDRAWN, ReportStatus.DRAFT})


def _require(actor: User, permission: str, object_type: str) -> None:
    if not actor.has_perm(permission):
        audit.audit_denied(
            actor=actor,
            object_type=object_type,
            purpose=purpose_for(actor),
            reason=f"lacks {permission}",
        )
        raise NotAllowed


def _require_organisation(actor: User, object_type: str) -> int:
    """The organisation an assessment is recorded for; only the bootstrap superuser has none,
    and it cannot record one."""
    if actor.organisation_id is None:
        audit.audit_denied(
            actor=actor,
            object_type=object_type,
            purpose=purpose_for(actor),
            reason="no organisation",
        )
        raise NotAllowed
    return actor.organisation_id


# -- loading the shipped lists ------------------------------------------------------------------


@dataclass(frozen=True)
class LoadResult:
    created: list[str]
    skipped: list[str]


def _create_version(data: ListData, *, status: ListStatus, actor: User | None) -> IndicatorList:
    now = timezone.now()
    created = IndicatorList.objects.create(
        family=data.family,
        version=data.version,
        status=status,
        name_nl=data.name_nl,
        name_en=data.name_en,
        population=data.population,
        exploitation=data.exploitation,
        valid_from=data.valid_from,
        source=data.source,
        criteria=data.criteria,
        created_by=actor,
        published_by=actor if status == ListStatus.PUBLISHED else None,
        published_at=now if status == ListStatus.PUBLISHED else None,
    )
    elements = {
        e.code: Element.objects.create(
            indicator_list=created,
            code=e.code,
            kind=e.kind,
            position=n,
            name_nl=e.name_nl,
            name_en=e.name_en,
            source_wording=e.source_wording,
        )
        for n, e in enumerate(data.elements)
    }
    Indicator.objects.bulk_create(
        [
            Indicator(
                indicator_list=created,
                element=elements[i.element],
                code=i.code,
                position=n,
                strength=i.strength,
                text_nl=i.text_nl,
                text_en=i.text_en,
                source_wording=i.source_wording,
            )
            for n, i in enumerate(data.indicators)
        ]
    )
    return created


def lists_load(*, paths: Sequence[Path] | None = None) -> LoadResult:
    """Load list versions from data files as published (idempotent: a family and version that
    exist are skipped). Used by the data migration and `schakel identification load-lists`."""
    created, skipped = [], []
    with transaction.atomic():
        for path in paths or shipped_files():
            for data in read_lists(path):
                label = f"{data.family} v{data.version}"
                if IndicatorList.objects.filter(family=data.family, version=data.version).exists():
                    skipped.append(label)
                    continue
                _create_version(data, status=ListStatus.PUBLISHED, actor=None)
                created.append(label)
        _supersede_older_published()
        if created:
            audit.audit_system(
                action=AuditAction.CREATE,
                actor=None,
                details={"object_type": LIST_OBJECT, "loaded": created},
            )
    return LoadResult(created=created, skipped=skipped)


def _supersede_older_published() -> None:
    """Only the newest published version of a list is in force: a shipped file that brings a
    newer version (say a corrected transcription) supersedes the older one, as publishing a
    draft does. Older versions stay, so assessments keep the version they were made with."""
    newest: dict[str, int] = {}
    for family, version in IndicatorList.objects.filter(status=ListStatus.PUBLISHED).values_list(
        "family", "version"
    ):
        newest[family] = max(version, newest.get(family, 0))
    for family, version in newest.items():
        IndicatorList.objects.filter(
            family=family, status=ListStatus.PUBLISHED, version__lt=version
        ).update(status=ListStatus.SUPERSEDED)


# -- drafting and publishing a new version --------------------------------------------------------


def list_draft_create(*, actor: User, based_on: IndicatorList) -> IndicatorList:
    """A new draft version of a list, a copy of ``based_on``; one draft per list at a time."""
    _require(actor, "identification.manage_lists", LIST_OBJECT)
    with transaction.atomic():
        family = IndicatorList.objects.select_for_update().filter(family=based_on.family)
        if family.filter(status=ListStatus.DRAFT).exists():
            raise ValidationFailed(
                _("Van deze lijst bestaat al een conceptversie."), field="version"
            )
        version = (family.aggregate(m=Max("version"))["m"] or 0) + 1
        draft = IndicatorList.objects.create(
            family=based_on.family,
            version=version,
            status=ListStatus.DRAFT,
            name_nl=based_on.name_nl,
            name_en=based_on.name_en,
            population=based_on.population,
            exploitation=based_on.exploitation,
            valid_from=timezone.localdate(),
            source=based_on.source,
            criteria=based_on.criteria,
            based_on=based_on,
            created_by=actor,
        )
        mapping = {}
        for element in based_on.elements.all():
            mapping[element.pk] = Element.objects.create(
                indicator_list=draft,
                code=element.code,
                kind=element.kind,
                position=element.position,
                name_nl=element.name_nl,
                name_en=element.name_en,
                source_wording=element.source_wording,
            )
        Indicator.objects.bulk_create(
            [
                Indicator(
                    indicator_list=draft,
                    element=mapping[i.element_id],
                    code=i.code,
                    position=i.position,
                    strength=i.strength,
                    text_nl=i.text_nl,
                    text_en=i.text_en,
                    source_wording=i.source_wording,
                )
                for i in Indicator.objects.filter(indicator_list=based_on)
            ]
        )
        audit.audit_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=LIST_OBJECT,
            object_id=draft.pk,
            purpose=purpose_for(actor),
            details={"family": draft.family, "version": version, "based_on": based_on.pk},
        )
    return draft


def _require_draft(draft: IndicatorList) -> None:
    if draft.status != ListStatus.DRAFT:
        raise ValidationFailed(_("Alleen een conceptversie kan worden gewijzigd."), field="status")


def list_draft_update(
    *, actor: User, draft: IndicatorList, valid_from: date, source: str, criteria: dict[str, object]
) -> IndicatorList:
    _require(actor, "identification.manage_lists", LIST_OBJECT)
    _require_draft(draft)
    try:
        Criteria.from_data(criteria)
    except ValueError as exc:
        raise ValidationFailed(
            _("De criteria zijn niet leesbaar: %(error)s") % {"error": exc}, field="criteria"
        ) from exc
    with transaction.atomic():
        draft.valid_from, draft.source, draft.criteria = valid_from, source, criteria
        draft.full_clean()
        draft.save(update_fields=["valid_from", "source", "criteria"])
        audit.audit_change(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type=LIST_OBJECT,
            object_id=draft.pk,
            purpose=purpose_for(actor),
            details={"fields": ["valid_from", "source", "criteria"]},
        )
    return draft


def indicator_save(
    *,
    actor: User,
    draft: IndicatorList,
    element_code: str,
    code: str,
    strength: str,
    text_nl: str,
    text_en: str,
    source_wording: str = "",
) -> Indicator:
    """Add an indicator to a draft, or change the one with this code."""
    _require(actor, "identification.manage_lists", LIST_OBJECT)
    _require_draft(draft)
    element = draft.elements.filter(code=element_code).first()
    if element is None:
        raise ValidationFailed(
            _("Onbekend element: %(code)s.") % {"code": element_code}, field="element"
        )
    if strength not in set(Strength):
        raise ValidationFailed(_("Kies sterk, middel of zwak."), field="strength")
    with transaction.atomic():
        indicator = draft.indicators.filter(code=code).first()
        action = AuditAction.UPDATE if indicator else AuditAction.CREATE
        if indicator is None:
            position = (draft.indicators.aggregate(m=Max("position"))["m"] or 0) + 1
            indicator = Indicator(indicator_list=draft, code=code, position=position)
        indicator.element, indicator.strength = element, strength
        indicator.text_nl, indicator.text_en = text_nl, text_en
        indicator.source_wording = source_wording
        indicator.full_clean(validate_constraints=False)
        indicator.save()
        audit.audit_change(
            actor=actor,
            action=action,
            object_type=LIST_OBJECT,
            object_id=draft.pk,
            purpose=purpose_for(actor),
            details={"indicator": code, "element": element_code, "strength": strength},
        )
    return indicator


def indicator_remove(*, actor: User, draft: IndicatorList, code: str) -> None:
    _require(actor, "identification.manage_lists", LIST_OBJECT)
    _require_draft(draft)
    with transaction.atomic():
        deleted, _rows = draft.indicators.filter(code=code).delete()
        if not deleted:
            raise ValidationFailed(
                _("Onbekende indicator: %(code)s.") % {"code": code}, field="code"
            )
        audit.audit_change(
            actor=actor,
            action=AuditAction.DELETE,
            object_type=LIST_OBJECT,
            object_id=draft.pk,
            purpose=purpose_for(actor),
            details={"indicator": code},
        )


def list_publish(*, actor: User, draft: IndicatorList) -> IndicatorList:
    """Publish a draft: refused when an element has no indicators or a rule names an unknown
    element (or asks a child for a means element); the previous version is superseded."""
    _require(actor, "identification.manage_lists", LIST_OBJECT)
    _require_draft(draft)
    elements = list(draft.elements.all())
    counts = {e.code: e.indicators.count() for e in elements}
    try:
        criteria = Criteria.from_data(draft.criteria)
    except ValueError as exc:
        raise InvalidInput([("criteria", str(exc))]) from exc
    problems = spec_problems(
        [e.code for e in elements],
        counts,
        {e.code: ElementKind(e.kind) for e in elements},
        criteria,
    )
    if problems:
        raise InvalidInput([(p.field, _explain(p)) for p in problems])
    with transaction.atomic():
        superseded = list(
            IndicatorList.objects.select_for_update()
            .filter(family=draft.family, status=ListStatus.PUBLISHED)
            .values_list("pk", flat=True)
        )
        IndicatorList.objects.filter(pk__in=superseded).update(status=ListStatus.SUPERSEDED)
        draft.status = ListStatus.PUBLISHED
        draft.published_by, draft.published_at = actor, timezone.now()
        draft.save(update_fields=["status", "published_by", "published_at"])
        audit.audit_change(
            actor=actor,
            action=AuditAction.TRANSITION,
            object_type=LIST_OBJECT,
            object_id=draft.pk,
            purpose=purpose_for(actor),
            details={"to": "published", "superseded": superseded},
        )
    return draft


PROBLEM_MESSAGES = {
    "no_elements": gettext_lazy("De lijst heeft geen elementen."),
    "empty_element": gettext_lazy("Element “%(element)s” heeft geen indicatoren."),
    "empty_threshold": gettext_lazy("Elke drempel moet ten minste één indicator vragen."),
    "empty_rule": gettext_lazy("De regel heeft ten minste één niet-lege groep elementen nodig."),
    "unknown_element": gettext_lazy("De regel noemt een onbekend element: “%(element)s”."),
    "means_in_child_rule": gettext_lazy(
        "De kinderregel mag geen dwangmiddel-element vereisen: “%(element)s”."
    ),
}


def _explain(problem: Problem) -> str:
    return str(PROBLEM_MESSAGES[problem.kind]) % {"element": problem.element}


# -- assessing a report ---------------------------------------------------------------------------


class _BirthData(Protocol):
    @property
    def birth_date(self) -> date | None: ...
    @property
    def birth_year(self) -> int | None: ...
    @property
    def birth_date_precision(self) -> str: ...


class AssessedReport(Protocol):
    """What identification reads of a registry report; it may not import the registry's models,
    so this names the fields it uses."""

    @property
    def status(self) -> str: ...
    @property
    def reported_on(self) -> date: ...
    @property
    def exploitation_started_on(self) -> date | None: ...
    @property
    def person(self) -> _BirthData: ...


def _minor_at_start(report: AssessedReport) -> bool | None:
    """Age at the start of the exploitation (registry.rules.minor_on); without a start date,
    a minor on the report date was a minor when it began, otherwise unknown."""
    record = report.person

    def minor(on: date) -> bool | None:
        return minor_on(
            birth_date=record.birth_date,
            birth_year=record.birth_year,
            precision=record.birth_date_precision,
            on=on,
        )

    started = report.exploitation_started_on
    if started is not None:
        return minor(started)
    return True if minor(report.reported_on) else None


def minor_for_report(*, actor: User, report_id: int) -> tuple[AssessedReport, bool | None]:
    """The report (read through the registry's selector) and the age rule's input."""
    report = registry_selectors.report_get_for(actor=actor, pk=report_id)
    return report, _minor_at_start(report)


def _explanation(indicator_list: IndicatorList, evaluation: Evaluation) -> dict[str, object]:
    names = {e.code: e.name_nl for e in indicator_list.elements.all()}
    texts = {i.code: i.text_nl for i in indicator_list.indicators.all()}
    return {
        "list": {
            "id": indicator_list.pk,
            "family": indicator_list.family,
            "version": indicator_list.version,
        },
        "criteria": indicator_list.criteria,
        "elements": [
            {
                "code": e.code,
                "name": names[e.code],
                "present": e.present,
                "observed": list(e.observed),
            }
            for e in evaluation.elements
        ],
        "outcomes": [
            {
                "age_rule": str(o.age_rule),
                "conclusion": o.conclusion.code,
                "carried_by": list(o.carried_by),
                "missing": [list(g) for g in o.missing],
                "indicators": [texts[c] for c in evaluation.carrying_indicators(o)],
            }
            for o in evaluation.outcomes
        ],
    }


def assessment_create(
    *,
    actor: User,
    report_id: int,
    list_id: int | str,
    observations: Sequence[tuple[object, str]],
    note: str = "",
    today: date,
) -> Assessment:
    """Assess a report with a published list version: ``observations`` are (indicator id,
    note) pairs. Refused for a withdrawn report, an unknown indicator id, or an indicator of
    another list version."""
    _require(actor, "identification.assess", ASSESSMENT_OBJECT)
    organisation_id = _require_organisation(actor, ASSESSMENT_OBJECT)
    report, minor = minor_for_report(actor=actor, report_id=report_id)
    if report.status in NOT_ASSESSABLE:
        audit.audit_denied(
            actor=actor,
            object_type=ASSESSMENT_OBJECT,
            object_id="",
            purpose=purpose_for(actor),
            reason=f"report {report_id} is {report.status}",
        )
        raise ValidationFailed(
            _("Een ingetrokken melding of een concept kan niet worden beoordeeld."), field="report"
        )
    indicator_list = (
        IndicatorList.objects.filter(pk=list_id).first() if str(list_id).isdigit() else None
    )
    if indicator_list is None or indicator_list.status != ListStatus.PUBLISHED:
        raise ValidationFailed(
            _("Kies een indicatorenlijst die nu geldt; deze versie is niet (meer) in gebruik."),
            field="list",
        )
    codes, errors = _observed_codes(indicator_list, observations)
    if errors:
        raise InvalidInput(errors)
    try:
        evaluation = evaluate(spec_of(indicator_list), codes.values(), minor=minor)
    except UnknownIndicator as exc:  # pragma: no cover -- _observed_codes checked each one
        raise InvalidInput([("indicators", str(exc))]) from exc
    by_age = {str(o.age_rule): o.conclusion.code for o in evaluation.outcomes}
    with transaction.atomic():
        assessment = Assessment.objects.create(
            report_id=report_id,
            indicator_list=indicator_list,
            assessed_by=actor,
            organisation_id=organisation_id,
            assessed_on=today,
            minor=minor,
            conclusion_adult=by_age.get("adult", ""),
            conclusion_child=by_age.get("child", ""),
            explanation=_explanation(indicator_list, evaluation),
            note=note,
        )
        notes = dict(observations)
        Observation.objects.bulk_create(
            [
                Observation(
                    assessment=assessment,
                    indicator_id=pk,
                    note=str(notes.get(pk, notes.get(str(pk), ""))),
                )
                for pk in codes
            ]
        )
        audit.audit_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=ASSESSMENT_OBJECT,
            object_id=assessment.pk,
            purpose=purpose_for(actor),
            subject_person_id=report.person.person_id,  # type: ignore[attr-defined]
            details={
                "report": report_id,
                "list": indicator_list.pk,
                "indicators": len(codes),
                "conclusions": by_age,
            },
        )
    return assessment


def _observed_codes(
    indicator_list: IndicatorList, observations: Sequence[tuple[object, str]]
) -> tuple[dict[int, str], list[tuple[str, str]]]:
    """Indicator id -> code for the observations; errors for unknown or foreign ids."""
    ids = []
    errors: list[tuple[str, str]] = []
    for raw, _note in observations:
        if not str(raw).isdigit():
            errors.append(("indicators", _("Onbekende indicator: %(id)s.") % {"id": raw}))
            continue
        ids.append(int(str(raw)))
    found = dict(Indicator.objects.filter(pk__in=ids).values_list("pk", "indicator_list_id"))
    codes = dict(
        Indicator.objects.filter(pk__in=ids, indicator_list=indicator_list).values_list(
            "pk", "code"
        )
    )
    for pk in ids:
        if pk not in found:
            errors.append(("indicators", _("Onbekende indicator: %(id)s.") % {"id": pk}))
        elif pk not in codes:
            errors.append(
                (
                    "indicators",
                    _("Indicator %(id)s hoort bij een andere lijstversie dan %(list)s.")
                    % {"id": pk, "list": str(indicator_list)},
                )
            )
    return codes, errors


# -- MDT assessment -------------------------------------------------------------------------------


def mdt_assessment_create(
    *,
    actor: User,
    report_id: int,
    organisations: Sequence[Organisation],
    met_on: date,
    conclusion: str,
    reasoning: str,
    today: date,
) -> MdtAssessment:
    _require(actor, "identification.record_mdt", MDT_OBJECT)
    organisation_id = _require_organisation(actor, MDT_OBJECT)
    report = registry_selectors.report_get_for(actor=actor, pk=report_id)
    errors: list[tuple[str, str]] = []
    if report.status in NOT_ASSESSABLE:
        errors.append(
            ("report", _("Een ingetrokken melding of een concept kan niet worden beoordeeld."))
        )
    if len(organisations) < 2:
        errors.append(("organisations", _("Kies ten minste twee organisaties.")))
    if met_on > today:
        errors.append(("met_on", _("De datum van het overleg ligt in de toekomst.")))
    if conclusion not in MdtConclusion.values:
        errors.append(("conclusion", _("Kies een conclusie.")))
    if not reasoning.strip():
        errors.append(("reasoning", _("Geef de onderbouwing van het team.")))
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        mdt = MdtAssessment.objects.create(
            report_id=report_id,
            met_on=met_on,
            conclusion=conclusion,
            reasoning=reasoning,
            recorded_by=actor,
            recording_organisation_id=organisation_id,
        )
        mdt.member_organisations.set(organisations)
        audit.audit_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=MDT_OBJECT,
            object_id=mdt.pk,
            purpose=purpose_for(actor),
            subject_person_id=report.person.person_id,
            details={
                "report": report_id,
                "conclusion": conclusion,
                "organisations": [o.pk for o in organisations],
            },
        )
    return mdt
