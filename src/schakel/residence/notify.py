"""The daily deadline job (`schakel deadlines`): warnings before a reflection period ends
(14, 7 and 1 days) and before a temporary permit expires (30 days), by e-mail to the case
worker (or, without one, the case workers of the following organisation).

Idempotent: each warning (procedure, kind, deadline date, days before) is logged once under a
unique key, so running the job twice a day, or again after a missed day, sends nothing twice.
The mail names the procedure's reference and dates only, no personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from schakel.accounts.roles import Role
from schakel.core import audit
from schakel.core.models import AuditAction

from . import deadlines
from .choices import DeadlineKind
from .models import DeadlineWarning, Procedure, ResidenceRules
from .selectors import running_with_deadline_before
from .services import rules_as_values


@dataclass(frozen=True)
class SentWarning:
    procedure_id: int
    reference: str
    kind: DeadlineKind
    due_on: date
    days_before: int
    recipients: tuple[str, ...]


def _recipients(procedure: Procedure) -> tuple[str, ...]:
    worker = procedure.case_worker
    if worker is not None and worker.is_active and worker.email:
        return (worker.email,)
    # accounts offers no selector for "users with a role in an organisation" yet.
    emails = (
        get_user_model()
        .objects.filter(
            organisation_id=procedure.following_organisation_id,
            is_active=True,
            roles__role=Role.CASE_WORKER,
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return tuple(sorted(emails))


def _message(warning: SentWarning) -> tuple[str, str]:
    what = (
        _("de bedenktijd")
        if warning.kind == DeadlineKind.REFLECTION_END
        else _("de tijdelijke verblijfsvergunning")
    )
    values = {
        "reference": warning.reference,
        "what": what,
        "days": warning.days_before,
        "date": warning.due_on.strftime("%d-%m-%Y"),
    }
    subject = _("Schakel: %(what)s van %(reference)s eindigt op %(date)s") % values
    body = (
        _(
            "In procedure %(reference)s eindigt %(what)s op %(date)s (nog %(days)d dag(en) of "
            "minder). Log in bij Schakel om de volgende stap vast te leggen."
        )
        % values
    )
    return subject, body


def warnings_due(*, today: date) -> list[tuple[Procedure, deadlines.Deadline, int]]:
    widest = max(
        [
            *(
                d
                for r in ResidenceRules.objects.all()
                for d in [*r.reflection_warning_days, *r.permit_warning_days]
            ),
            0,
        ]
    )
    procedures = (
        Procedure.objects.filter(running_with_deadline_before(today + timedelta(days=widest)))
        .select_related("rules", "case_worker")
        .order_by("pk")
    )
    sent: dict[tuple[int, str, date], set[int]] = {}
    for pk, kind, due_on, days in DeadlineWarning.objects.filter(
        procedure__in=procedures
    ).values_list("procedure_id", "kind", "due_on", "days_before"):
        sent.setdefault((pk, kind, due_on), set()).add(days)
    due = []
    for procedure in procedures:
        for deadline in deadlines.open_deadlines(
            status=procedure.status,
            reflection_ends_on=procedure.reflection_ends_on,
            permit_valid_until=procedure.permit_valid_until,
            rules=rules_as_values(procedure.rules),
        ):
            threshold = deadlines.warning_threshold(
                deadline.due_on,
                thresholds=deadline.thresholds,
                today=today,
                sent=sent.get((procedure.pk, deadline.kind, deadline.due_on), set()),
            )
            if threshold is not None:
                due.append((procedure, deadline, threshold))
    return due


def deadline_warnings_send(*, today: date) -> list[SentWarning]:
    """Send every warning that is due today and not sent before; return what was sent."""
    result: list[SentWarning] = []
    for procedure, deadline, threshold in warnings_due(today=today):
        warning = SentWarning(
            procedure.pk,
            procedure.reference,
            DeadlineKind(deadline.kind),
            deadline.due_on,
            threshold,
            _recipients(procedure),
        )
        try:
            with transaction.atomic():
                DeadlineWarning.objects.create(
                    procedure=procedure,
                    kind=warning.kind,
                    due_on=warning.due_on,
                    days_before=threshold,
                    sent_on=today,
                    recipients=len(warning.recipients),
                )
                if warning.recipients:
                    subject, body = _message(warning)
                    transaction.on_commit(
                        partial(
                            send_mail,
                            subject,
                            body,
                            None,
                            list(warning.recipients),
                            fail_silently=False,
                        )
                    )
        except IntegrityError:  # another run logged it a moment ago: that run sends it
            continue
        result.append(warning)
    audit.audit_system(
        action=AuditAction.CREATE,
        actor=None,
        details={
            "job": "residence deadlines",
            "today": today.isoformat(),
            "warnings": [
                {
                    "procedure": w.procedure_id,
                    "kind": w.kind,
                    "due_on": w.due_on.isoformat(),
                    "days_before": w.days_before,
                    "recipients": len(w.recipients),
                }
                for w in result
            ],
        },
    )
    return result
