"""The monthly feedback report to reporting organisations (action 65, Nationaal Actieplan
Mensenhandel 2004: "de centrale registratie geeft de meldende organisaties regelmatig
terugkoppeling").

Pure functions of plain values: the selector turns reports into `ReportFacts` and passes
`today`; nothing here reads the clock or the database.

What a month's report says (stated on the page, so readers know what is counted):
- Reports *submitted* in the month (drafts never count): their status as of ``today``, their
  forms of exploitation (a report may name several, so form counts can exceed the total),
  and how many of them are still open past their decision date.
- Decisions *taken* in the month: registered / not registered, the reasons for "not
  registered", and the time from submission to decision in working days (Dutch public
  holidays excluded, `rules.is_working_day`), as median and 90th percentile.
- What followed (shelter placements, reflection periods): counted by follow-up providers
  that later apps register; until one is registered the report says "nog niet beschikbaar".

Small numbers: see `feedback_present` (the disclosure rule).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role

from .choices import ExploitationForm, ReportStatus
from .rules import is_working_day

DECIDED = (ReportStatus.REGISTERED, ReportStatus.NOT_REGISTERED)
OPEN = (ReportStatus.SUBMITTED, ReportStatus.IN_REVIEW)
# Statuses a submitted report can have; drafts are not reports to the registrar yet.
SUBMITTED_STATUSES = tuple(s for s in ReportStatus if s != ReportStatus.DRAFT)


# -- the month --------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 2000 <= self.year <= 9999:
            raise ValueError(f"not a month: {self.year}-{self.month}")

    @classmethod
    def parse(cls, text: str) -> Month:
        """'2026-03' → Month(2026, 3); ValueError for anything else."""
        parts = text.strip().split("-")
        if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
            raise ValueError(f"not a month (YYYY-MM): {text!r}")
        return cls(int(parts[0]), int(parts[1]))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month.of(self.first_day - timedelta(days=1))

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and (day.year, day.month) == (self.year, self.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def last_complete_month(today: date) -> Month:
    """The month a feedback report is normally about: the one before ``today``'s."""
    return Month.of(today).previous()


# -- working days ----------------------------------------------------------------------------


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end is not later).

    The inverse of `rules.add_working_days`: add_working_days(s, n) = e ⇒ this(s, e) = n.
    """
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + timedelta(days=offset))
    )


def percentile_nearest_rank(values: Sequence[int], percent: int) -> int:
    """Nearest-rank percentile: the smallest value with at least ``percent``% at or below it.

    Chosen because it is always an observed number of days ("90% within N working days").
    """
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    return ordered[max(math.ceil(percent / 100 * len(ordered)), 1) - 1]


# -- input and result ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFacts:
    """What the feedback report needs to know about one report; no personal data."""

    report_id: int
    status: str
    submitted_on: date | None
    decided_on: date | None = None
    decision_due_on: date | None = None
    not_registered_reason: str = ""
    forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class DecisionTimes:
    decided: int
    median_working_days: float | None
    p90_working_days: int | None
    within_term: int


@dataclass(frozen=True)
class MonthlyFeedback:
    month: Month
    as_of: date
    submitted: int
    by_status: dict[str, int]
    by_form: dict[str, int]
    open_overdue: int
    decisions: dict[str, int]
    not_registered_by_reason: dict[str, int]
    times: DecisionTimes
    submitted_report_ids: frozenset[int] = field(default_factory=frozenset)


def _decision_times(decided: Sequence[ReportFacts]) -> DecisionTimes:
    days = [
        working_days_between(r.submitted_on, r.decided_on)
        for r in decided
        if r.submitted_on is not None and r.decided_on is not None
    ]
    within = sum(
        1
        for r in decided
        if r.decided_on and r.decision_due_on and r.decided_on <= r.decision_due_on
    )
    return DecisionTimes(
        decided=len(decided),
        median_working_days=float(statistics.median(days)) if days else None,
        p90_working_days=percentile_nearest_rank(days, 90) if days else None,
        within_term=within,
    )


def monthly_feedback(rows: Iterable[ReportFacts], *, month: Month, today: date) -> MonthlyFeedback:
    """Count one month's reports and decisions; ``today`` is the date statuses are taken at."""
    rows = list(rows)
    submitted = [r for r in rows if r.submitted_on in month]
    decided = [r for r in rows if r.decided_on in month and r.status in DECIDED]
    status_counts = Counter(r.status for r in submitted)
    form_counts = Counter(form for r in submitted for form in set(r.forms))
    decision_counts = Counter(r.status for r in decided)
    return MonthlyFeedback(
        month=month,
        as_of=today,
        submitted=len(submitted),
        by_status={s.value: status_counts.get(s.value, 0) for s in SUBMITTED_STATUSES},
        by_form={f.value: form_counts.get(f.value, 0) for f in ExploitationForm},
        open_overdue=sum(
            1
            for r in submitted
            if r.status in OPEN and r.decision_due_on and r.decision_due_on < today
        ),
        decisions={s.value: decision_counts.get(s.value, 0) for s in DECIDED},
        not_registered_by_reason=dict(
            sorted(
                Counter(
                    r.not_registered_reason or "unknown"
                    for r in decided
                    if r.status == ReportStatus.NOT_REGISTERED
                ).items()
            )
        ),
        times=_decision_times(decided),
        submitted_report_ids=frozenset(r.report_id for r in submitted),
    )


# -- what followed: an extension point for later apps ------------------------------------------


@dataclass(frozen=True)
class FollowUpLine:
    code: str
    label: str | Promise
    count: int


# Given the ids of the reports submitted in the month, count what followed for them.
FollowUpProvider = Callable[[frozenset[int]], Sequence[FollowUpLine]]


@dataclass(frozen=True)
class FollowUpTopic:
    key: str
    title: str | Promise


# Shown on every report; "nog niet beschikbaar" until the owning app registers a provider.
EXPECTED_FOLLOW_UPS: tuple[FollowUpTopic, ...] = (
    FollowUpTopic("shelter", _("Plaatsing in de opvang")),
    FollowUpTopic("reflection_period", _("Bedenktijd (B8/3)")),
)

_providers: dict[str, tuple[FollowUpTopic, FollowUpProvider]] = {}


def register_follow_up_provider(topic: FollowUpTopic, provider: FollowUpProvider) -> None:
    """Called by a later app (shelter, residence) from its AppConfig.ready()."""
    if topic.key in _providers and _providers[topic.key][1] is not provider:
        raise ValueError(f"a follow-up provider for {topic.key!r} is already registered")
    _providers[topic.key] = (topic, provider)


def unregister_follow_up_provider(key: str) -> None:
    _providers.pop(key, None)


@dataclass(frozen=True)
class FollowUpResult:
    topic: FollowUpTopic
    lines: tuple[FollowUpLine, ...] | None  # None: no provider yet

    @property
    def available(self) -> bool:
        return self.lines is not None


def follow_ups_for(report_ids: frozenset[int]) -> list[FollowUpResult]:
    """Expected topics first (in order), then any other registered topic."""
    keys = [t.key for t in EXPECTED_FOLLOW_UPS]
    keys += sorted(k for k in _providers if k not in keys)
    expected = {t.key: t for t in EXPECTED_FOLLOW_UPS}
    results = []
    for key in keys:
        if key in _providers:
            topic, provider = _providers[key]
            results.append(FollowUpResult(topic, tuple(provider(report_ids))))
        else:
            results.append(FollowUpResult(expected[key], None))
    return results


# -- who sees which report -------------------------------------------------------------------

NATIONAL = "national"
OWN_ORGANISATION_ROLES = frozenset({Role.REPORTER, Role.CASE_WORKER})


@dataclass(frozen=True)
class FeedbackAccess:
    organisation_id: int | None  # None: national totals over every organisation
    exact: bool  # False: the small-numbers rule applies


def feedback_access(
    *, roles: frozenset[Role], own_organisation_id: int | None, requested: int | str | None
) -> FeedbackAccess | None:
    """Which report a user may get for a requested organisation id, NATIONAL or None (default).

    Reporters and case workers: their own organisation, exact. The registrar: any organisation
    or the national totals, exact. Analysts: the national totals, small numbers hidden.
    Anyone else, or any other request: None (refused).
    """
    if Role.REGISTRAR in roles:
        return FeedbackAccess(None if requested in (None, NATIONAL) else int(requested), exact=True)
    if (
        roles & OWN_ORGANISATION_ROLES
        and own_organisation_id is not None
        and (requested is None or requested == own_organisation_id)
    ):
        return FeedbackAccess(own_organisation_id, exact=True)
    if Role.ANALYST in roles and requested in (None, NATIONAL):
        return FeedbackAccess(None, exact=False)
    return None
