"""What a user may do with a report on screen, derived from the workflow table.

The screens offer only what the services will accept; the services still decide (and audit a
refusal). Pure functions of roles, organisation and status, tested in
tests/registry/test_actions.py against the same tables the transition service reads.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role

from . import workflow
from .choices import ReportStatus as S
from .rules import minor_on


class Action(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    START_REVIEW = "start_review"
    REGISTER = "register"
    NOT_REGISTER = "not_register"
    WITHDRAW = "withdraw"
    REOPEN = "reopen"


ACTION_LABELS = {
    Action.EDIT: _("Wijzigen"),
    Action.SUBMIT: _("Indienen bij de centrale registratie"),
    Action.START_REVIEW: _("Beoordeling starten"),
    Action.REGISTER: _("Registreren"),
    Action.NOT_REGISTER: _("Niet registreren"),
    Action.WITHDRAW: _("Intrekken"),
    Action.REOPEN: _("Heropenen"),
}

# The status an action leads to; START_REVIEW and REOPEN both lead to "in review".
TARGET_STATUS: dict[Action, S] = {
    Action.SUBMIT: S.SUBMITTED,
    Action.START_REVIEW: S.IN_REVIEW,
    Action.REGISTER: S.REGISTERED,
    Action.NOT_REGISTER: S.NOT_REGISTERED,
    Action.WITHDRAW: S.WITHDRAWN,
    Action.REOPEN: S.IN_REVIEW,
}


def action_for(from_status: S, to_status: S) -> Action:
    if to_status == S.IN_REVIEW:
        return Action.START_REVIEW if from_status == S.SUBMITTED else Action.REOPEN
    return next(a for a, target in TARGET_STATUS.items() if target == to_status)


def may_transition(
    *, roles: frozenset[Role], own_organisation: bool, from_status: S, to_status: S
) -> bool:
    """Mirror of the transition service's check (services._authorise_transition)."""
    if not workflow.can_transition(from_status, to_status):
        return False
    allowed_roles = workflow.TRANSITION_ROLES[(from_status, to_status)]
    if from_status in workflow.OWN_ORGANISATION_ONLY:
        return own_organisation and bool(roles & allowed_roles)
    if Role.REGISTRAR in roles and Role.REGISTRAR in allowed_roles:
        return True
    return own_organisation and bool(roles & allowed_roles & workflow.REPORTER_ROLES)


def may_edit(*, roles: frozenset[Role], own_organisation: bool, status: S) -> bool:
    """Mirror of the edit check in services.report_update."""
    return bool(
        (
            roles & workflow.REPORTER_ROLES
            and own_organisation
            and status in workflow.EDITABLE_BY_REPORTER
        )
        or (Role.REGISTRAR in roles and status in workflow.EDITABLE_BY_REGISTRAR)
    )


def available_actions(*, roles: frozenset[Role], own_organisation: bool, status: S) -> list[Action]:
    """The actions to offer, in the order a user would take them."""
    actions = (
        [Action.EDIT]
        if may_edit(roles=roles, own_organisation=own_organisation, status=status)
        else []
    )
    targets = sorted(workflow.ALLOWED_TRANSITIONS.get(status, frozenset()), key=_order_of)
    actions.extend(
        action_for(status, to_status)
        for to_status in targets
        if may_transition(
            roles=roles, own_organisation=own_organisation, from_status=status, to_status=to_status
        )
    )
    return actions


_ORDER = [S.SUBMITTED, S.IN_REVIEW, S.REGISTERED, S.NOT_REGISTERED, S.WITHDRAWN, S.DRAFT]


def _order_of(status: S) -> int:
    return _ORDER.index(status)


def reason_required(from_status: S, action: Action) -> bool:
    return (from_status, TARGET_STATUS[action]) in workflow.REASON_REQUIRED


def minor_at_exploitation_start(
    *,
    birth_date: date | None,
    birth_year: int | None,
    precision: str,
    exploitation_started_on: date | None,
    reported_on: date,
) -> bool | None:
    """Was the person under 18 when the exploitation began? None when that cannot be told.

    Without a start date the report date bounds it: whoever is a minor on the day of the
    report was one when an exploitation that began earlier began.
    """
    if exploitation_started_on is not None:
        return minor_on(
            birth_date=birth_date,
            birth_year=birth_year,
            precision=precision,
            on=exploitation_started_on,
        )
    minor_when_reported = minor_on(
        birth_date=birth_date, birth_year=birth_year, precision=precision, on=reported_on
    )
    return True if minor_when_reported else None
