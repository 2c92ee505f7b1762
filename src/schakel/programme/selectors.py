"""Reads of the programme monitor: plans, actions, deadlines, indicators with forecasts.

Programme data is policy information, not personal data, so these reads are not audited;
views check `programme.view` before calling them. Exports are audited (reports.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from schakel.core.errors import NotFound

from . import forecast as fc
from .models import (
    Action,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    Ministry,
    MinistryOrganisation,
    Plan,
    ProgressUpdate,
    ValueKind,
)
from .workflow import CLOSED, ProgressStatus, is_overdue


def plans_list() -> list[Plan]:
    return list(Plan.objects.all())


def plan_get(*, slug: str) -> Plan:
    plan = Plan.objects.filter(slug=slug).first()
    if plan is None:
        raise NotFound
    return plan


def status_counts(*, plan: Plan, today: dt.date) -> dict[str, int]:
    counts: Counter[str] = Counter(plan.actions.values_list("status", flat=True))
    counts["overdue"] = overdue_queryset(today=today).filter(plan=plan).count()
    counts["total"] = sum(v for k, v in counts.items() if k != "overdue")
    return dict(counts)


@dataclass(frozen=True)
class ActionFilter:
    theme: str = ""
    ministry: str = ""
    status: str = ""
    overdue: bool = False
    search: str = ""

    def apply(self, queryset: QuerySet[Action], *, today: dt.date) -> QuerySet[Action]:
        if self.theme:
            queryset = queryset.filter(
                Q(theme__number=self.theme) | Q(theme__number__startswith=f"{self.theme}.")
            )
        if self.ministry:
            queryset = queryset.filter(
                Q(initiators__code=self.ministry) | Q(initiators__is_all=True)
            ).distinct()
        if self.status:
            queryset = queryset.filter(status=self.status)
        if self.overdue:
            queryset = queryset.filter(_overdue_q(today))
        if self.search:
            queryset = queryset.filter(
                Q(text__icontains=self.search) | Q(title__icontains=self.search)
            )
        return queryset


def _overdue_q(today: dt.date) -> Q:
    return Q(due_date__lt=today) & ~Q(status__in=list(CLOSED))


def overdue_queryset(*, today: dt.date) -> QuerySet[Action]:
    return Action.objects.filter(_overdue_q(today))


def actions_for(*, plan: Plan, filters: ActionFilter, today: dt.date) -> list[Action]:
    queryset = plan.actions.select_related("theme").prefetch_related("initiators")
    return list(filters.apply(queryset, today=today).order_by("number"))


def action_get(*, plan: Plan, number: int) -> Action:
    action = (
        plan.actions.select_related("theme", "plan")
        .prefetch_related(
            "initiators",
            "references",
            Prefetch("updates", ProgressUpdate.objects.order_by("-reported_on", "-id")),
        )
        .filter(number=number)
        .first()
    )
    if action is None:
        raise NotFound
    return action


def ministries() -> list[Ministry]:
    return list(Ministry.objects.all())


def ministry_links() -> list[MinistryOrganisation]:
    return list(
        MinistryOrganisation.objects.select_related("ministry", "organisation").order_by(
            "ministry__code", "organisation__name"
        )
    )


# -- deadlines ----------------------------------------------------------------------------


@dataclass
class MinistryDeadlines:
    ministry: Ministry
    overdue: list[Action] = field(default_factory=list)
    due_soon: list[Action] = field(default_factory=list)


def deadlines_per_ministry(
    *, today: dt.date, within_days: int = 30, ministry: str = "", plan: Plan | None = None
) -> list[MinistryDeadlines]:
    """Overdue actions and actions due within ``within_days``, grouped per initiating
    ministry (an action of several ministries appears under each)."""
    horizon = today + dt.timedelta(days=within_days)
    queryset = (
        Action.objects.exclude(status__in=list(CLOSED))
        .filter(due_date__isnull=False, due_date__lte=horizon)
        .select_related("plan", "theme")
        .prefetch_related("initiators")
        .order_by("due_date", "plan__issued_on", "number")
    )
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    groups: dict[str, MinistryDeadlines] = {}
    for action in queryset:
        for m in action.initiators.all():
            if ministry and m.code != ministry:
                continue
            group = groups.setdefault(m.code, MinistryDeadlines(m))
            if action.due_date is not None and action.due_date < today:
                group.overdue.append(action)
            else:
                group.due_soon.append(action)
    return [groups[code] for code in sorted(groups)]


# -- history ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionState:
    status: ProgressStatus
    due_date: dt.date | None
    last_update: ProgressUpdate | None


def state_on(action: Action, updates: Sequence[ProgressUpdate], on: dt.date) -> ActionState:
    """The action as it stood at the end of day ``on``; ``updates`` in date order."""
    status, due, last = ProgressStatus.NOT_STARTED, action.end_date, None
    for update in updates:
        if update.reported_on > on:
            break
        status = ProgressStatus(update.status)
        due = update.new_end_date or due
        last = update
    return ActionState(status, due, last)


# -- indicators -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorYear:
    year: int
    target: IndicatorValue | None
    actual: IndicatorValue | None  # the full year, or the latest part of it
    stated_forecast: IndicatorValue | None
    forecast: fc.Forecast | None
    colour: fc.Colour

    @property
    def colour_label(self) -> str:
        return str(fc.COLOUR_LABELS[self.colour])


@dataclass(frozen=True)
class IndicatorOverview:
    indicator: Indicator
    years: list[IndicatorYear]


def _year_row(indicator: Indicator, year: int, values: Iterable[IndicatorValue]) -> IndicatorYear:
    target = actual = stated = None
    for value in sorted(values, key=lambda v: v.as_of):
        if value.kind == ValueKind.TARGET:
            target = value
        elif value.kind == ValueKind.ACTUAL:
            actual = value  # the latest as_of wins
        elif value.kind == ValueKind.STATED_FORECAST:
            stated = value
    forecast = None
    if actual is not None:
        if indicator.kind == IndicatorKind.COUNT:
            forecast = fc.forecast_count(counted=float(actual.value), as_of=actual.as_of)
        else:
            forecast = fc.forecast_level(latest=float(actual.value), as_of=actual.as_of)
    colour = fc.status_colour(
        forecast=forecast,
        target=float(target.value) if target else None,
        higher_is_better=indicator.direction == "higher",
        tolerance_percent=indicator.tolerance_percent,
    )
    return IndicatorYear(year, target, actual, stated, forecast, colour)


def indicator_overview(
    *, indicator: Indicator, until: dt.date | None = None, years: Iterable[int] | None = None
) -> IndicatorOverview:
    """Targets, actuals and forecasts per year, using only figures known on ``until``."""
    by_year: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in indicator.values.all():
        if until is not None and value.as_of > until:
            continue
        by_year[value.year].append(value)
    wanted = sorted(set(years) & set(by_year) if years is not None else by_year)
    return IndicatorOverview(indicator, [_year_row(indicator, y, by_year[y]) for y in wanted])


def indicators_list(*, plan: Plan | None = None) -> list[Indicator]:
    queryset = Indicator.objects.select_related("plan", "ministry").prefetch_related("values")
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    return list(queryset)


def indicator_get(*, slug: str) -> Indicator:
    indicator = (
        Indicator.objects.select_related("plan", "ministry")
        .prefetch_related("values")
        .filter(slug=slug)
        .first()
    )
    if indicator is None:
        raise NotFound
    return indicator


def indicators_overview(
    *, plan: Plan | None = None, until: dt.date | None = None, years: Iterable[int] | None = None
) -> list[IndicatorOverview]:
    return [
        indicator_overview(indicator=i, until=until, years=years)
        for i in indicators_list(plan=plan)
    ]


def overdue_on(action: Action, state: ActionState, on: dt.date) -> bool:
    return is_overdue(status=state.status, due_date=state.due_date, on=on)
