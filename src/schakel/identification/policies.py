"""Who may see and do what in identification.

- Indicator lists are configuration: every role that meets victims (reporters, case workers)
  and the registrar may read them; only the registrar drafts and publishes versions.
- An assessment is personal data about the person in a report: visible along the report's own
  visibility (the reporting organisation its own reports, the registrar every submitted one).
- An MDT assessment is visible to the registrar and to the organisation that recorded it or
  made the report.
"""

from __future__ import annotations

import rules
from django.db.models import Q

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.core.access import PersonalDataPolicy
from schakel.core.purposes import Purpose
from schakel.registry.choices import ReportStatus

from .models import Assessment, MdtAssessment

REPORTING_ROLES = frozenset({Role.REPORTER, Role.CASE_WORKER})
ASSESSING_ROLES = REPORTING_ROLES | {Role.REGISTRAR}
MDT_ROLES = frozenset({Role.CASE_WORKER, Role.REGISTRAR})


def _report_scope(actor: User, purpose: Purpose, prefix: str) -> Q | None:
    """The registry's report visibility, seen from a row that points at a report."""
    if purpose == Purpose.REGISTRATION and actor.has_role(Role.REGISTRAR):
        return ~Q(**{f"{prefix}status": ReportStatus.DRAFT}) | Q(
            **{f"{prefix}reporting_organisation_id": actor.organisation_id}
        )
    if purpose == Purpose.REPORTING and actor.role_set & REPORTING_ROLES:
        return Q(**{f"{prefix}reporting_organisation_id": actor.organisation_id})
    return None


def assessment_scope(actor: User, purpose: Purpose) -> Q | None:
    return _report_scope(actor, purpose, "report__")


def mdt_scope(actor: User, purpose: Purpose) -> Q | None:
    scope = _report_scope(actor, purpose, "report__")
    if scope is None or purpose == Purpose.REGISTRATION:
        return scope
    return scope | Q(recording_organisation_id=actor.organisation_id)


def _subject_of_report(row: Assessment | MdtAssessment) -> object:
    record = getattr(row.report, "person", None)
    return getattr(record, "person_id", "") or ""


ASSESSMENT_POLICY: PersonalDataPolicy[Assessment] = PersonalDataPolicy(
    object_type="identification.assessment",
    model=Assessment,
    scope=assessment_scope,
    subject_of=_subject_of_report,
)
MDT_POLICY: PersonalDataPolicy[MdtAssessment] = PersonalDataPolicy(
    object_type="identification.mdtassessment",
    model=MdtAssessment,
    scope=mdt_scope,
    subject_of=_subject_of_report,
)


def purpose_for(actor: User) -> Purpose:
    return Purpose.REGISTRATION if actor.has_role(Role.REGISTRAR) else Purpose.REPORTING


@rules.predicate
def can_read_lists(user: User) -> bool:
    return user.is_authenticated and bool(user.role_set & ASSESSING_ROLES)


@rules.predicate
def can_assess(user: User) -> bool:
    return user.is_authenticated and bool(user.role_set & ASSESSING_ROLES)


@rules.predicate
def can_manage_lists(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.REGISTRAR)


@rules.predicate
def can_record_mdt(user: User) -> bool:
    return user.is_authenticated and bool(user.role_set & MDT_ROLES)


rules.add_perm("identification.view_lists", can_read_lists)
rules.add_perm("identification.manage_lists", can_manage_lists)
rules.add_perm("identification.assess", can_assess)
rules.add_perm("identification.record_mdt", can_record_mdt)
