"""Reads of sharing: the rule matrix, requests and what they disclose, the disclosure log, a
person's rights, and the analysts' pseudonymised rows. Personal data only through the access
layer; disclosed report data only projected onto the categories a decision allows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.core import audit
from schakel.core.access import access_list, access_object, audit_shown, visible_queryset
from schakel.core.errors import NotFound
from schakel.core.models import AuditEvent
from schakel.core.purposes import Purpose
from schakel.registry import disclosure_reads
from schakel.registry import selectors as registry_selectors
from schakel.registry.categories import DataCategory
from schakel.registry.projection import report_projection

from . import consent_rules
from .models import (
    Consent,
    DisclosureLogEntry,
    DisclosureRequest,
    ProcessingRestriction,
    Rectification,
    RuleSet,
)
from .policies import (
    CONSENT_POLICY,
    LOG_POLICY,
    REQUEST_POLICY,
    RESTRICTION_POLICY,
    SUBJECT_AUDIT_POLICY,
)
from .pseudonymise import analyst_projection
from .services import active_consents, log_view, person_restricted, resolution_of
from .vocabulary import (
    DECISION_MARKS,
    SHARING_CATEGORIES,
    SHARING_PURPOSES,
    Decision,
    Domain,
    LegalBasis,
)

# -- the rule matrix (no personal data) ---------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    decision: Decision
    basis: LegalBasis
    rule: int
    explanation: str
    source: str

    @property
    def mark(self) -> str:
        return DECISION_MARKS[self.decision]


@dataclass(frozen=True)
class MatrixRow:
    holder: Domain
    recipient: Domain
    cells: tuple[Cell, ...]


@dataclass
class MatrixSection:
    purpose: Purpose
    rows: list[MatrixRow] = field(default_factory=list)


def rule_sets() -> list[RuleSet]:
    return list(RuleSet.objects.all())


def matrix(
    rule_set: RuleSet, *, purpose: str = "", holder: str = "", recipient: str = ""
) -> list[MatrixSection]:
    """The whole rule set as tables per purpose: rows holder → recipient, columns categories."""
    resolution = resolution_of(rule_set)
    sections = []
    for p in SHARING_PURPOSES:
        if purpose and p != purpose:
            continue
        section = MatrixSection(purpose=p)
        for h in Domain:
            if holder and h != holder:
                continue
            for r in Domain:
                if recipient and r != recipient:
                    continue
                cells = []
                for c in SHARING_CATEGORIES:
                    ruling = resolution.rulings[(str(h), str(r), str(p), str(c))]
                    cells.append(
                        Cell(
                            ruling.decision,
                            ruling.basis,
                            ruling.line.position,
                            ruling.line.explanation,
                            ruling.line.source,
                        )
                    )
                section.rows.append(MatrixRow(h, r, tuple(cells)))
        sections.append(section)
    return sections


def rules_explained(rule_set: RuleSet) -> list[Any]:
    return list(rule_set.rules.all())


# -- requests ---------------------------------------------------------------------------------


def _purposes_for(actor: User) -> tuple[Purpose, ...]:
    if actor.has_role(Role.REGISTRAR):
        return (Purpose.REGISTRATION,)
    return SHARING_PURPOSES


def requests_visible(
    *, actor: User, limit: int = 50, offset: int = 0
) -> tuple[list[DisclosureRequest], int]:
    """Requests the actor may see: own organisation's (asked or held), the registrar all."""
    querysets = [
        visible_queryset(
            actor=actor,
            policy=REQUEST_POLICY,
            purpose=p,
            queryset=DisclosureRequest.objects.select_related(
                "requesting_organisation", "holder_organisation", "requester"
            ),
        )
        for p in _purposes_for(actor)
    ]
    visible: QuerySet[DisclosureRequest] = reduce(or_, querysets).order_by("-created_at", "-pk")
    total = visible.count()
    page = list(visible[offset : offset + limit])
    by_purpose: dict[str, list[DisclosureRequest]] = defaultdict(list)
    for request in page:
        by_purpose[request.purpose].append(request)
    for purpose, shown in by_purpose.items():
        audit_shown(
            actor=actor,
            policy=REQUEST_POLICY,
            purpose=Purpose.REGISTRATION if actor.has_role(Role.REGISTRAR) else Purpose(purpose),
            objects=shown,
        )
    return page, total


def request_get(*, actor: User, pk: object) -> DisclosureRequest:
    """One request, audited under its own purpose (the registrar: registration)."""
    try:
        key = int(str(pk))
    except ValueError:
        raise NotFound from None
    purpose = DisclosureRequest.objects.filter(pk=key).values_list("purpose", flat=True).first()
    if actor.has_role(Role.REGISTRAR):
        purpose = Purpose.REGISTRATION
    return access_object(
        actor=actor,
        policy=REQUEST_POLICY,
        pk=key,
        purpose=Purpose(purpose) if purpose in Purpose.values else Purpose.REPORTING,
        queryset=DisclosureRequest.objects.select_related(
            "requesting_organisation", "holder_organisation", "requester", "rule_set", "decided_by"
        ),
    )


@dataclass(frozen=True)
class Disclosed:
    """What the requester sees: reports projected onto the categories that may be shown now."""

    categories: tuple[str, ...]
    withheld: dict[str, str]
    reports: tuple[dict[str, Any], ...]


def categories_shown_now(request: DisclosureRequest) -> tuple[list[str], dict[str, str]]:
    """Granted categories still allowed today: consent withdrawn or a restriction since the
    decision takes them away again."""
    withheld = dict(request.refused_categories)
    for category in request.necessity_categories:
        if category not in request.granted_categories and category not in withheld:
            withheld[category] = "awaiting the privacy officer"
    if request.person_id is None:
        return [], withheld
    if person_restricted(request.person_id):
        withheld.update(dict.fromkeys(request.granted_categories, "restricted"))
        return [], withheld
    consents = active_consents(request.person_id, timezone.localdate())
    from .vocabulary import domain_of

    recipient_domain = str(domain_of(request.requesting_organisation.kind) or "")
    shown = []
    for category in request.granted_categories:
        if category in request.consent_categories and not consent_rules.covered(
            consents, category, recipient_domain, request.purpose
        ):
            withheld[category] = "consent withdrawn"
        else:
            shown.append(category)
    return shown, withheld


def disclosed_for(*, actor: User, request: DisclosureRequest) -> Disclosed | None:
    """The disclosed data, for a member of the requesting organisation only; audited and logged.

    None for anyone else (the holder's officer and the registrar see the decision, not a copy).
    """
    if actor.organisation_id != request.requesting_organisation_id or not (
        actor.has_perm("sharing.request_disclosure")
    ):
        return None
    shown, withheld = categories_shown_now(request)
    if not shown:
        return Disclosed((), withheld, ())
    reports = disclosure_reads.reports_for_disclosure(list(request.report_ids))
    categories = frozenset(DataCategory(c) for c in shown)
    projections = []
    for report in reports:
        projection = report_projection(report, categories)
        # The holder's database id is not part of any category.
        projection.pop("id", None)
        projections.append(projection)
        audit.audit_read(
            actor=actor,
            object_type="registry.report",
            object_id=report.pk,
            purpose=Purpose(request.purpose),
            subject_person_id=request.person_id or "",
            details={"disclosure_request": request.pk, "categories": shown},
        )
    log_view(actor=actor, request=request, categories=shown)
    return Disclosed(tuple(shown), withheld, tuple(projections))


# -- the disclosure log -------------------------------------------------------------------------


def log_entries(
    *, actor: User, limit: int = 100, offset: int = 0
) -> tuple[list[DisclosureLogEntry], int]:
    """The holder's officer sees the log of its own data; the registrar the whole log."""
    purpose = Purpose.REGISTRATION if actor.has_role(Role.REGISTRAR) else Purpose.AUDIT
    return access_list(
        actor=actor,
        policy=LOG_POLICY,
        purpose=purpose,
        queryset=DisclosureLogEntry.objects.select_related(
            "actor", "holder_organisation", "recipient_organisation"
        ),
        limit=limit,
        offset=offset,
    )


# -- a person's rights (the registrar) --------------------------------------------------------


@dataclass(frozen=True)
class PersonRights:
    person: Any
    records: list[Any]
    consents: list[Consent]
    restrictions: list[ProcessingRestriction]
    rectifications: list[Rectification]
    log: list[DisclosureLogEntry]

    @property
    def restricted(self) -> bool:
        return any(r.lifted_at is None for r in self.restrictions)


def person_rights(*, actor: User, person_id: object) -> PersonRights:
    person, records = registry_selectors.person_get_for(actor=actor, pk=person_id)
    consents, _ = access_list(
        actor=actor,
        policy=CONSENT_POLICY,
        purpose=Purpose.REGISTRATION,
        queryset=Consent.objects.filter(person_id=person.pk),
        limit=500,
    )
    restrictions, _ = access_list(
        actor=actor,
        policy=RESTRICTION_POLICY,
        purpose=Purpose.REGISTRATION,
        queryset=ProcessingRestriction.objects.filter(person_id=person.pk),
        limit=500,
    )
    rectifications = list(Rectification.objects.filter(person_id=person.pk).select_related("actor"))
    log, _ = access_list(
        actor=actor,
        policy=LOG_POLICY,
        purpose=Purpose.REGISTRATION,
        queryset=DisclosureLogEntry.objects.filter(person_id=person.pk).select_related(
            "actor", "holder_organisation", "recipient_organisation"
        ),
        limit=1000,
    )
    return PersonRights(person, records, consents, restrictions, rectifications, log)


def reads_of_person(*, actor: User, person_id: int) -> list[AuditEvent]:
    """Who looked at this person: the audit trail about them (for the art. 15 export)."""
    events, _ = access_list(
        actor=actor,
        policy=SUBJECT_AUDIT_POLICY,
        purpose=Purpose.REGISTRATION,
        queryset=AuditEvent.objects.filter(subject_person_id=str(person_id)).order_by("sequence"),
        limit=10_000,
    )
    return events


def person_reports(*, actor: User, records: list[Any]) -> list[Any]:
    """Every report about the person, as the registrar may read them (audited one by one)."""
    return [
        registry_selectors.report_get_for(actor=actor, pk=r.report_id, purpose=Purpose.REGISTRATION)
        for r in records
    ]


# -- analysts ---------------------------------------------------------------------------------


def analysis_rows(
    *, actor: User, limit: int = 100, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Registered reports, pseudonymised: the only form in which analysts see case data."""
    reports, total = disclosure_reads.reports_for_statistics(
        actor=actor, limit=limit, offset=offset
    )
    return [analyst_projection(r) for r in reports], total
