"""Who may do what with sharing: ask, decide, read the log, manage a person's rights, analyse.

- case workers ask for disclosures and see their own organisation's requests (per purpose);
- the privacy officer of the holder decides where the rules require a necessity assessment,
  and reads the holder's disclosure log;
- the registrar reads every request and the whole log, and keeps the consent register,
  restrictions, rectifications and exports (the person's rights are exercised through it);
- analysts see only pseudonymised data; everyone signed in may read the rule matrix.
"""

from __future__ import annotations

import rules
from django.db.models import Q

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.core.access import PersonalDataPolicy
from schakel.core.models import AuditEvent
from schakel.core.purposes import Purpose

from .models import Consent, DisclosureLogEntry, DisclosureRequest, ProcessingRestriction
from .vocabulary import SHARING_PURPOSES

REQUESTING_ROLES = frozenset({Role.CASE_WORKER})


def request_scope(actor: User, purpose: Purpose) -> Q | None:
    if purpose == Purpose.REGISTRATION and actor.has_role(Role.REGISTRAR):
        return Q()
    if purpose not in SHARING_PURPOSES:
        return None
    scope = None
    if actor.role_set & REQUESTING_ROLES:
        scope = Q(requesting_organisation_id=actor.organisation_id, purpose=purpose)
    if actor.has_role(Role.PRIVACY_OFFICER):
        holder = Q(holder_organisation_id=actor.organisation_id, purpose=purpose)
        scope = holder if scope is None else scope | holder
    return scope


def log_scope(actor: User, purpose: Purpose) -> Q | None:
    if purpose == Purpose.REGISTRATION and actor.has_role(Role.REGISTRAR):
        return Q()
    if purpose == Purpose.AUDIT and actor.has_role(Role.PRIVACY_OFFICER):
        return Q(holder_organisation_id=actor.organisation_id)
    return None


def registrar_scope(actor: User, purpose: Purpose) -> Q | None:
    if purpose == Purpose.REGISTRATION and actor.has_role(Role.REGISTRAR):
        return Q()
    return None


REQUEST_POLICY: PersonalDataPolicy[DisclosureRequest] = PersonalDataPolicy(
    object_type="sharing.disclosurerequest",
    model=DisclosureRequest,
    scope=request_scope,
    subject_of=lambda r: r.person_id or "",
)
LOG_POLICY: PersonalDataPolicy[DisclosureLogEntry] = PersonalDataPolicy(
    object_type="sharing.disclosurelogentry",
    model=DisclosureLogEntry,
    scope=log_scope,
    subject_of=lambda e: e.person_id or "",
)
CONSENT_POLICY: PersonalDataPolicy[Consent] = PersonalDataPolicy(
    object_type="sharing.consent",
    model=Consent,
    scope=registrar_scope,
    subject_of=lambda c: c.person_id,
)
RESTRICTION_POLICY: PersonalDataPolicy[ProcessingRestriction] = PersonalDataPolicy(
    object_type="sharing.processingrestriction",
    model=ProcessingRestriction,
    scope=registrar_scope,
    subject_of=lambda r: r.person_id,
)
# The person's own export includes who read their data (GDPR art. 15).
SUBJECT_AUDIT_POLICY: PersonalDataPolicy[AuditEvent] = PersonalDataPolicy(
    object_type="core.auditevent", model=AuditEvent, scope=registrar_scope
)


@rules.predicate
def is_requester(user: User) -> bool:
    return user.is_authenticated and bool(user.role_set & REQUESTING_ROLES)


@rules.predicate
def is_privacy_officer(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.PRIVACY_OFFICER)


@rules.predicate
def is_registrar(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.REGISTRAR)


@rules.predicate
def is_analyst(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ANALYST)


rules.add_perm("sharing.request_disclosure", is_requester)
rules.add_perm("sharing.view_requests", is_requester | is_privacy_officer | is_registrar)
rules.add_perm("sharing.decide_disclosure", is_privacy_officer)
rules.add_perm("sharing.view_log", is_privacy_officer | is_registrar)
rules.add_perm("sharing.manage_rights", is_registrar)
rules.add_perm("sharing.analyse", is_analyst)
