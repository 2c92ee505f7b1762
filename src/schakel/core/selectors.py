"""Reads of the audit trail (itself personal data: it says who looked at whom)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from .access import PersonalDataPolicy, access_list
from .models import AuditEvent
from .purposes import Purpose

if TYPE_CHECKING:
    from schakel.accounts.models import User


def audit_scope(actor: User, purpose: Purpose) -> Q | None:
    from schakel.accounts.roles import Role

    if purpose == Purpose.AUDIT and actor.has_role(Role.SYSTEM_ADMIN):
        return Q()
    return None


AUDIT_POLICY: PersonalDataPolicy[AuditEvent] = PersonalDataPolicy(
    object_type="core.auditevent", model=AuditEvent, scope=audit_scope
)


@dataclass(frozen=True)
class AuditFilter:
    person: str = ""
    user: str = ""
    organisation_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    outcome: str = ""
    action: str = ""

    def apply(self, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        if self.person:
            queryset = queryset.filter(subject_person_id=self.person)
        if self.user:
            queryset = queryset.filter(actor_username__iexact=self.user)
        if self.organisation_id is not None:
            queryset = queryset.filter(organisation_id=self.organisation_id)
        tz = timezone.get_current_timezone()
        if self.date_from:
            queryset = queryset.filter(
                occurred_at__gte=datetime.combine(self.date_from, time.min, tzinfo=tz)
            )
        if self.date_to:
            queryset = queryset.filter(
                occurred_at__lt=datetime.combine(
                    self.date_to + timedelta(days=1), time.min, tzinfo=tz
                )
            )
        if self.outcome:
            queryset = queryset.filter(outcome=self.outcome)
        if self.action:
            queryset = queryset.filter(action=self.action)
        return queryset


def audit_events_for(
    *, actor: User, filters: AuditFilter, limit: int = 100, offset: int = 0
) -> tuple[list[AuditEvent], int]:
    queryset = filters.apply(AuditEvent.objects.order_by("-sequence"))
    return access_list(
        actor=actor,
        policy=AUDIT_POLICY,
        purpose=Purpose.AUDIT,
        queryset=queryset,
        limit=limit,
        offset=offset,
    )
