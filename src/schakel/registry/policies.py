"""Who sees which reports: the reporting organisation its own, the registrar all, analysts none.

One scope function per model serves lists, detail pages, search and the API alike.
"""

from __future__ import annotations

import rules
from django.db.models import Q

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.core.access import PersonalDataPolicy
from schakel.core.purposes import Purpose

from .choices import ReportStatus
from .models import Person, PersonRecord, Report

REPORTING_ROLES = frozenset({Role.REPORTER, Role.CASE_WORKER})


def report_scope(actor: User, purpose: Purpose) -> Q | None:
    if purpose == Purpose.REGISTRATION and actor.has_role(Role.REGISTRAR):
        # Drafts are not yet reports to the registrar: only the own organisation's drafts.
        return ~Q(status=ReportStatus.DRAFT) | Q(reporting_organisation_id=actor.organisation_id)
    if purpose == Purpose.REPORTING and actor.role_set & REPORTING_ROLES:
        return Q(reporting_organisation_id=actor.organisation_id)
    if purpose == Purpose.STATISTICS and actor.has_role(Role.ANALYST):
        # Analysts count registered victims; they only ever receive the pseudonymised
        # projection of schakel.sharing.pseudonymise, never these rows themselves.
        return Q(status=ReportStatus.REGISTERED)
    return None


def person_scope(actor: User, purpose: Purpose) -> Q | None:
    # The whole picture of a person across organisations is the registrar's alone; sharing it
    # with others is a disclosure decision (sharing app).
    if purpose == Purpose.REGISTRATION and actor.has_role(Role.REGISTRAR):
        return Q()
    return None


def record_scope(actor: User, purpose: Purpose) -> Q | None:
    scope = report_scope(actor, purpose)
    if scope is None:
        return None
    if purpose == Purpose.REGISTRATION:
        return ~Q(report__status=ReportStatus.DRAFT) | Q(
            report__reporting_organisation_id=actor.organisation_id
        )
    return Q(report__reporting_organisation_id=actor.organisation_id)


def _person_of_report(report: Report) -> object:
    # Selectors load the record with select_related("person"): no second query for the audit.
    try:
        return report.person.person_id
    except PersonRecord.DoesNotExist:
        return ""


REPORT_POLICY: PersonalDataPolicy[Report] = PersonalDataPolicy(
    object_type="registry.report", model=Report, scope=report_scope, subject_of=_person_of_report
)
PERSON_POLICY: PersonalDataPolicy[Person] = PersonalDataPolicy(
    object_type="registry.person", model=Person, scope=person_scope, subject_of=lambda p: p.pk
)
RECORD_POLICY: PersonalDataPolicy[PersonRecord] = PersonalDataPolicy(
    object_type="registry.personrecord",
    model=PersonRecord,
    scope=record_scope,
    subject_of=lambda r: r.person_id,
)


def purpose_for(actor: User) -> Purpose:
    """The purpose a user works under in the registry: registration, or reporting."""
    return Purpose.REGISTRATION if actor.has_role(Role.REGISTRAR) else Purpose.REPORTING


@rules.predicate
def can_report(user: User) -> bool:
    return user.is_authenticated and bool(user.role_set & (REPORTING_ROLES | {Role.REGISTRAR}))


@rules.predicate
def is_registrar(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.REGISTRAR)


rules.add_perm("registry.add_report", can_report)
rules.add_perm("registry.view_reports", can_report)
rules.add_perm("registry.work_queue", is_registrar)
rules.add_perm("registry.link_persons", is_registrar)
