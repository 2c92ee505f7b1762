"""Who may see and change what in the programme monitor.

Plans, progress and indicators are policy information, not personal data: programme
officers, analysts and system admins read them. Writes follow the ministry: a programme
officer whose organisation is linked to a ministry reports on that ministry's actions (and
on actions of "all ministries") and enters the figures of that ministry's indicators.
System admins link ministries to organisations; they do not report progress themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from schakel.accounts.roles import Role

from .models import Action, Indicator, MinistryOrganisation

if TYPE_CHECKING:
    from schakel.accounts.models import User

READER_ROLES = (Role.PROGRAMME_OFFICER, Role.ANALYST, Role.SYSTEM_ADMIN)


def ministry_ids_of(user: User) -> frozenset[int]:
    """The ministries the user's organisation speaks for (cached on the user object)."""
    cached = getattr(user, "_programme_ministries", None)
    if cached is None:
        organisation_id = user.organisation_id
        if organisation_id is None:  # the bootstrap superuser speaks for no ministry
            cached = frozenset()
        else:
            cached = frozenset(
                MinistryOrganisation.objects.filter(organisation_id=organisation_id).values_list(
                    "ministry_id", flat=True
                )
            )
        user._programme_ministries = cached  # type: ignore[attr-defined]
    return cached


@rules.predicate
def is_programme_reader(user: User) -> bool:
    return bool(user.is_authenticated and user.has_role(*READER_ROLES))


@rules.predicate
def is_programme_officer(user: User) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.PROGRAMME_OFFICER))


@rules.predicate
def is_system_admin(user: User) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.SYSTEM_ADMIN))


@rules.predicate
def speaks_for_an_initiator(user: User, action: Action | None) -> bool:
    if action is None or not user.is_authenticated or user.organisation_id is None:
        return False
    mine = ministry_ids_of(user)
    if not mine:
        return False
    initiators = list(action.initiators.all())
    return any(m.pk in mine or m.is_all for m in initiators)


@rules.predicate
def speaks_for_indicator_ministry(user: User, indicator: Indicator | None) -> bool:
    if indicator is None or not user.is_authenticated or user.organisation_id is None:
        return False
    mine = ministry_ids_of(user)
    return bool(mine) and (indicator.ministry_id is None or indicator.ministry_id in mine)


can_view_programme = is_programme_reader
can_report_progress = is_programme_officer & speaks_for_an_initiator
can_record_indicator_value = is_programme_officer & speaks_for_indicator_ministry
can_manage_ministries = is_system_admin

rules.add_perm("programme.view", can_view_programme)
rules.add_perm("programme.report_progress", can_report_progress)
rules.add_perm("programme.record_indicator_value", can_record_indicator_value)
rules.add_perm("programme.manage_ministries", can_manage_ministries)
