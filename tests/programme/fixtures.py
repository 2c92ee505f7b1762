"""Small programme fixtures shared by the programme tests and the authorization table."""

from __future__ import annotations

import datetime as dt

from schakel.accounts.models import Organisation
from schakel.programme.models import (
    Action,
    EndDateKind,
    Indicator,
    IndicatorKind,
    Ministry,
    MinistryOrganisation,
    Plan,
    PlanKind,
    Theme,
)
from schakel.programme.services import ministries_ensure

PLAN_DATE = dt.date(2020, 1, 1)


def make_plan(slug: str = "testplan") -> Plan:
    ministries_ensure()  # transactional tests flush the migration's rows
    plan = Plan.objects.create(
        slug=slug, title=f"Testplan {slug}", kind=PlanKind.PROGRAMME, issued_on=PLAN_DATE
    )
    Theme.objects.create(
        plan=plan, number="1", title="Preventie", chapter_number="1", chapter_title="Preventie"
    )
    return plan


def make_action(
    plan: Plan,
    number: int = 1,
    *,
    codes: tuple[str, ...] = ("JenV",),
    end: dt.date | None = dt.date(2020, 6, 1),
    kind: EndDateKind = EndDateKind.EXACT,
) -> Action:
    action = Action.objects.create(
        plan=plan,
        number=number,
        text=f"Actie {number} uitvoeren",
        theme=plan.themes.first(),
        end_date_kind=kind if end else EndDateKind.ONGOING,
        end_date=end,
        due_date=end,
        end_date_text=end.isoformat() if end else "doorlopend",
    )
    action.initiators.set(Ministry.objects.filter(code__in=codes))
    return action


def link(code: str, organisation: Organisation) -> MinistryOrganisation:
    """Test shortcut: the service refuses non-ministry organisations, tests use any."""
    return MinistryOrganisation.objects.get_or_create(
        ministry=ministries_ensure()[code], organisation=organisation
    )[0]


def url_args(name: str, organisation: Organisation) -> list[object]:
    """Objects for the authorization table: a plan with one JenV action and an indicator;
    ``organisation`` (the table's users' organisation) speaks for JenV."""
    plan = Plan.objects.filter(slug="testplan").first() or make_plan()
    action = plan.actions.first() or make_action(plan)
    indicator = Indicator.objects.get_or_create(
        slug="test-indicator",
        defaults={
            "name": "Test",
            "unit": "aantal",
            "kind": IndicatorKind.COUNT,
            "ministry": Ministry.objects.get(code="JenV"),
        },
    )[0]
    jenv = link("JenV", organisation)
    return {
        "programme:plan_detail": [plan.slug],
        "programme:action_detail": [plan.slug, action.number],
        "programme:progress_create": [plan.slug, action.number],
        "programme:indicator_detail": [indicator.slug],
        "programme:indicator_value_create": [indicator.slug],
        "programme:ministry_unlink": [jenv.pk],
        "api:programme_progress": [action.pk],
    }.get(name, [])
