"""Reminders before end dates and when they pass, to the programme officers of the
initiating ministries. One e-mail per officer listing their actions; each reminder (action,
due date, kind) is sent once, so the command can run daily; a postponement brings a new
reminder for the new date. Actions of a ministry nobody speaks for are listed, not logged,
so they are reminded as soon as a ministry is linked.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils.translation import gettext as _

from schakel.accounts.roles import Role
from schakel.core.models import AuditAction

from .models import Action, MinistryOrganisation, ReminderKind, ReminderLog
from .services import _audit
from .workflow import CLOSED

if TYPE_CHECKING:
    from schakel.accounts.models import User

DEFAULT_DAYS_AHEAD = 30


@dataclass(frozen=True)
class Reminder:
    action: Action
    kind: ReminderKind
    due_date: dt.date
    recipients: tuple[User, ...]


def _officers_by_ministry() -> tuple[dict[int, set[User]], set[User]]:
    """Programme officers per ministry id, and all officers of any linked organisation."""
    links = list(MinistryOrganisation.objects.values_list("ministry_id", "organisation_id"))
    organisations = {org for _m, org in links}
    # accounts offers no selector for "users with a role in these organisations" yet.
    users = list(
        get_user_model()
        .objects.filter(
            organisation_id__in=organisations, is_active=True, roles__role=Role.PROGRAMME_OFFICER
        )
        .distinct()
    )
    by_org: dict[int, list[User]] = defaultdict(list)
    for user in users:
        if user.organisation_id is not None:  # always set: the query asks for these ids
            by_org[user.organisation_id].append(user)
    by_ministry: dict[int, set[User]] = defaultdict(set)
    for ministry_id, org_id in links:
        by_ministry[ministry_id].update(by_org.get(org_id, []))
    return by_ministry, set(users)


def reminders_due(*, today: dt.date, days_ahead: int = DEFAULT_DAYS_AHEAD) -> list[Reminder]:
    """Reminders not yet sent: actions due within ``days_ahead`` days, or overdue."""
    horizon = today + dt.timedelta(days=days_ahead)
    actions = (
        Action.objects.exclude(status__in=list(CLOSED))
        .filter(due_date__isnull=False, due_date__lte=horizon)
        .select_related("plan")
        .prefetch_related("initiators")
        .order_by("due_date", "plan_id", "number")
    )
    sent = set(ReminderLog.objects.values_list("action_id", "due_date", "kind"))
    by_ministry, everyone = _officers_by_ministry()
    due: list[Reminder] = []
    for action in actions:
        if action.due_date is None:  # excluded by the query; keeps the type checker calm
            continue
        kind = ReminderKind.OVERDUE if action.due_date < today else ReminderKind.DUE_SOON
        if (action.pk, action.due_date, kind) in sent:
            continue
        recipients: set[User] = set()
        for ministry in action.initiators.all():
            recipients |= everyone if ministry.is_all else by_ministry.get(ministry.pk, set())
        due.append(
            Reminder(action, kind, action.due_date, tuple(sorted(recipients, key=lambda u: u.pk)))
        )
    return due


def _mail_for(user: User, reminders: list[Reminder], today: dt.date) -> tuple[str, str]:
    lines = [
        _("Beste %(name)s,") % {"name": user.get_full_name() or user.get_username()},
        "",
        _("Deze acties van uw ministerie vragen om een voortgangsmelding in Schakel:"),
        "",
    ]
    for r in reminders:
        state = (
            _("verlopen op %(date)s") if r.kind == ReminderKind.OVERDUE else _("einddatum %(date)s")
        ) % {"date": r.due_date.strftime("%d-%m-%Y")}
        lines.append(
            f"- {r.action.plan.title}, {_('actie')} {r.action.number}: {r.action.label} ({state})"
        )
    lines += [
        "",
        _("Deze herinnering is verstuurd op %(date)s.") % {"date": today.strftime("%d-%m-%Y")},
    ]
    subject = _("Schakel: %(count)d acties met een naderende of verlopen einddatum") % {
        "count": len(reminders)
    }
    return subject, "\n".join(lines)


def reminders_send(
    *, today: dt.date, days_ahead: int = DEFAULT_DAYS_AHEAD, actor: User | None = None
) -> list[Reminder]:
    """Send the reminders that are due (once each) and log them; returns them all,
    including those without recipients (not logged)."""
    with transaction.atomic():
        due = reminders_due(today=today, days_ahead=days_ahead)
        per_user: dict[User, list[Reminder]] = defaultdict(list)
        for reminder in due:
            for user in reminder.recipients:
                per_user[user].append(reminder)
        messages = []
        for user, items in per_user.items():
            if user.email:
                subject, body = _mail_for(user, items, today)
                messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
        ReminderLog.objects.bulk_create(
            ReminderLog(
                action=r.action,
                due_date=r.due_date,
                kind=r.kind,
                sent_on=today,
                recipients=", ".join(u.get_username() for u in r.recipients),
            )
            for r in due
            if r.recipients
        )
        if messages:
            transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
        _audit(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="programme.reminder",
            object_id="",
            details={
                "today": today.isoformat(),
                "days_ahead": days_ahead,
                "reminders": sum(1 for r in due if r.recipients),
                "without_recipient": sum(1 for r in due if not r.recipients),
                "mails": len(messages),
            },
        )
    return due
