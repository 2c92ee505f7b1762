"""Build residence procedures in a given state, for tests and the authorization table."""

from __future__ import annotations

from collections import deque
from datetime import date, timedelta
from typing import Any

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.registry import services as registry_services
from schakel.residence import services
from schakel.residence.choices import ProcedureStatus as S
from schakel.residence.models import Procedure
from schakel.residence.workflow import ALLOWED_TRANSITIONS
from tests.registry.factories import report_input

STARTED = date(2024, 1, 10)
TODAY = date(2026, 1, 15)

STEP_VALUES: dict[S, dict[str, Any]] = {
    S.REFLECTION: {"offered_by": "Agent De Vries, AVIM"},
    S.OFFER_DECLINED: {"offered_by": "Agent De Vries, AVIM"},
    S.NOT_OFFERED: {"not_offered_reason": "unreachable"},
    S.COOPERATING: {"cooperation_kind": "report"},
    S.ASYLUM_ROUTE: {"route_kind": "humanitarian"},
    S.ENDED: {"end_reason": "Vertrokken met onbekende bestemming"},
}


def path_to(target: S) -> list[S]:
    """The shortest series of steps from 'identified' to ``target``."""
    queue: deque[list[S]] = deque([[S.IDENTIFIED]])
    seen = {S.IDENTIFIED}
    while queue:
        path = queue.popleft()
        if path[-1] == target:
            return path[1:]
        for nxt in sorted(ALLOWED_TRANSITIONS[path[-1]]):
            if nxt not in seen:
                seen.add(nxt)
                queue.append([*path, nxt])
    raise ValueError(f"{target} cannot be reached")


def ensure_rules() -> None:
    """The seeded rules (migration 0002); transactional tests elsewhere flush seeded rows."""
    from schakel.residence.models import ResidenceRules

    ResidenceRules.objects.get_or_create(
        valid_from=date(2001, 4, 1),
        defaults={
            "reflection_period_months": 3,
            "permit_validity_months": 12,
            "reflection_warning_days": [14, 7, 1],
            "permit_warning_days": [30],
            "source": "Vreemdelingencirculaire 2000, B9 (nu B8/3)",
        },
    )


def open_procedure(
    *,
    make_user,
    actor: User,
    status: S = S.IDENTIFIED,
    started_on: date = STARTED,
    reported_on: date | None = None,
) -> Procedure:
    ensure_rules()
    reporter = make_user(Role.REPORTER, organisation=actor.organisation)
    report = registry_services.report_create(
        actor=reporter,
        data=report_input(
            reported_on=reported_on or started_on,
            exploitation_started_on=None,
            exploitation_ended_on=None,
            exploitation_status="unknown",
        ),
        submit=True,
        today=TODAY,
    )
    procedure = services.procedure_open(
        actor=actor, report_number=report.number, started_on=started_on, today=TODAY
    )
    return walk(procedure, actor=actor, path=path_to(status))


def walk(procedure: Procedure, *, actor: User, path: list[S], ind: User | None = None) -> Procedure:
    day = procedure.last_event_on
    for step in path:
        day = day + timedelta(days=3)
        procedure = services.procedure_transition(
            actor=actor,
            procedure=procedure,
            to_status=step,
            on=day,
            values=dict(STEP_VALUES.get(step, {})),
            today=TODAY,
        )
    return procedure
