"""Progress of an action: its statuses, the allowed transitions and the consistency rules.

The current status and due date of an action are a projection of its progress updates.
`check_update` is the one place that decides whether a new update fits the action; the
service `progress_update_record` calls it, saves the update and applies `project`. Pure
functions of plain values (pass ``today``), so they are tested table-driven.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Niet gestart")
    ON_TRACK = "on_track", _("Op schema")
    DELAYED = "delayed", _("Vertraagd")
    COMPLETED = "completed", _("Afgerond")
    ONGOING = "ongoing", _("Doorlopend")
    CANCELLED = "cancelled", _("Vervallen")


S = ProgressStatus
# Completed and cancelled are final: later updates may only add an explanation.
ALLOWED_TRANSITIONS: dict[ProgressStatus, frozenset[ProgressStatus]] = {
    S.NOT_STARTED: frozenset(
        {S.NOT_STARTED, S.ON_TRACK, S.DELAYED, S.COMPLETED, S.ONGOING, S.CANCELLED}
    ),
    S.ON_TRACK: frozenset({S.ON_TRACK, S.DELAYED, S.COMPLETED, S.ONGOING, S.CANCELLED}),
    S.DELAYED: frozenset({S.DELAYED, S.ON_TRACK, S.COMPLETED, S.ONGOING, S.CANCELLED}),
    S.ONGOING: frozenset({S.ONGOING, S.ON_TRACK, S.DELAYED, S.COMPLETED, S.CANCELLED}),
    S.COMPLETED: frozenset({S.COMPLETED}),
    S.CANCELLED: frozenset({S.CANCELLED}),
}

# Statuses after which an action is no longer overdue or reminded about.
CLOSED: frozenset[ProgressStatus] = frozenset({S.COMPLETED, S.CANCELLED})


@dataclass(frozen=True)
class ActionState:
    """What `check_update` needs to know about the action, as plain values."""

    status: ProgressStatus
    due_date: dt.date | None  # current end date (after delays); None when open-ended
    has_fixed_end: bool  # False for "doorlopend" and for parts without an end date
    starts_on: dt.date  # the action's start (its own, else the plan's date)
    last_reported_on: dt.date | None  # date of the latest update so far


@dataclass(frozen=True)
class Refusal:
    field: str
    message: str


def _refusal(field: str, message: str | Promise, **params: object) -> Refusal:
    return Refusal(field, str(message) % params if params else str(message))


def check_update(
    *,
    state: ActionState,
    status: ProgressStatus,
    reported_on: dt.date,
    new_end_date: dt.date | None,
    text: str,
    today: dt.date,
) -> list[Refusal]:
    """Every reason the update contradicts the action; empty when it fits."""
    refusals: list[Refusal] = []
    if not text.strip():
        refusals.append(_refusal("text", _("Geef een toelichting bij de voortgang.")))
    if reported_on > today:
        refusals.append(_refusal("reported_on", _("De datum ligt in de toekomst.")))
    if state.last_reported_on is not None and reported_on < state.last_reported_on:
        refusals.append(
            _refusal(
                "reported_on",
                _(
                    "De datum ligt vóór de vorige voortgangsmelding (%(date)s); meldingen volgen "
                    "elkaar in de tijd op."
                ),
                date=state.last_reported_on.isoformat(),
            )
        )
    if reported_on < state.starts_on:
        message = (
            _("Een actie kan niet zijn afgerond voordat zij begon (%(date)s).")
            if status == S.COMPLETED
            else _("De datum ligt vóór de start van de actie (%(date)s).")
        )
        refusals.append(_refusal("reported_on", message, date=state.starts_on.isoformat()))
    if status not in ALLOWED_TRANSITIONS[state.status]:
        refusals.append(
            _refusal(
                "status",
                _("Van '%(old)s' kan de status niet naar '%(new)s'."),
                old=state.status.label,
                new=status.label,
            )
        )
    if status == S.DELAYED:
        if new_end_date is None:
            refusals.append(
                _refusal("new_end_date", _("Een vertraging heeft een nieuwe einddatum nodig."))
            )
        elif state.due_date is not None and new_end_date <= state.due_date:
            refusals.append(
                _refusal(
                    "new_end_date",
                    _("De nieuwe einddatum moet later zijn dan de huidige einddatum (%(date)s)."),
                    date=state.due_date.isoformat(),
                )
            )
        elif new_end_date <= reported_on:
            refusals.append(
                _refusal(
                    "new_end_date", _("De nieuwe einddatum moet na de datum van de melding liggen.")
                )
            )
    elif new_end_date is not None:
        refusals.append(
            _refusal(
                "new_end_date", _("Een nieuwe einddatum hoort alleen bij de status 'Vertraagd'.")
            )
        )
    if status == S.ONGOING and state.has_fixed_end:
        refusals.append(
            _refusal(
                "status",
                _(
                    "Deze actie heeft een einddatum; 'Doorlopend' geldt alleen voor acties zonder "
                    "einddatum. Kies 'Op schema' of 'Vertraagd'."
                ),
            )
        )
    return refusals


@dataclass(frozen=True)
class Step:
    status: ProgressStatus
    new_end_date: dt.date | None


def project(
    *, planned_end: dt.date | None, steps: Iterable[Step]
) -> tuple[ProgressStatus, dt.date | None]:
    """Current status and due date after the updates, in order."""
    status, due = S.NOT_STARTED, planned_end
    for step in steps:
        status = step.status
        if step.new_end_date is not None:
            due = step.new_end_date
    return status, due


def is_overdue(*, status: ProgressStatus, due_date: dt.date | None, on: dt.date) -> bool:
    return due_date is not None and status not in CLOSED and due_date < on
