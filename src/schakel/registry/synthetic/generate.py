"""The generator: years of persons and the reports about them, from a seed.

Every random draw comes from a `random.Random` seeded with the config's seed and the year,
so the same `GeneratorConfig` always gives the same data, and one year does not depend on
how many years were asked for. Nothing here reads the clock: ``today`` is in the config.
"""

from __future__ import annotations

import calendar
import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from .names import written_name
from .nationalities import GROUP_NATIONALITY_TILT, NATIONALITIES, Nationality
from .people import Truth, make_truth, person_view
from .records import (
    GeneratorConfig,
    OrganisationSpec,
    SyntheticDataset,
    SyntheticReport,
    SyntheticYear,
    TruePerson,
)
from .sampling import chance, pick
from .situation import Situation, make_report_parts, make_situation
from .timeline import report_history
from .vocabulary import (
    DEFAULT_PERSONS_PER_YEAR,
    EXTRA_REPORTS_WEIGHTS,
    FIRST_REPORTER_SHARES,
    GROUP_FORM_TILT,
    LATER_REPORT_MEAN_DAYS,
    LATER_REPORTER_SHARES,
    LINKED_SHARE,
    PUBLISHED_PERSONS_PER_YEAR,
)

WEEKEND_WEIGHT = 0.3  # reports are mostly made on working days
DECIDED = frozenset({"registered", "not_registered"})


def period_start(config: GeneratorConfig) -> date:
    """The first day of the ``years`` years that end on ``today``."""
    return config.today - timedelta(days=round(365.25 * config.years) - 1)


def persons_in_year(config: GeneratorConfig, year: int) -> int:
    """Persons first reported in ``year``: the published figure, scaled and pro rata for a
    year that is only partly inside the period."""
    first = max(period_start(config), date(year, 1, 1))
    last = min(config.today, date(year, 12, 31))
    if last < first:
        return 0
    days_in_year = 366 if calendar.isleap(year) else 365
    volume = PUBLISHED_PERSONS_PER_YEAR.get(year, DEFAULT_PERSONS_PER_YEAR)
    return round(volume * config.scale * ((last - first).days + 1) / days_in_year)


def expected_reports(config: GeneratorConfig) -> float:
    """About how many reports `generate` makes for ``config`` (for sizing a bulk load)."""
    persons = sum(persons_in_year(config, y) for y in years_of(config))
    extra = sum(k * w for k, w in EXTRA_REPORTS_WEIGHTS.items())
    return persons * (1 + config.multi_reported_share * extra)


def _organisations_by_group(config: GeneratorConfig) -> dict[str, list[OrganisationSpec]]:
    groups: dict[str, list[OrganisationSpec]] = defaultdict(list)
    for organisation in config.organisations:
        groups[organisation.group].append(organisation)
    if not groups:
        raise ValueError("the generator needs at least one reporting organisation")
    return groups


def _available(
    shares: dict[str, float], groups: dict[str, list[OrganisationSpec]]
) -> dict[str, float]:
    """The shares of the groups that have an organisation (others' shares fall away)."""
    return {group: share for group, share in shares.items() if groups.get(group)}


def _reporting_days(config: GeneratorConfig, year: int) -> tuple[list[date], list[float]]:
    first = max(period_start(config), date(year, 1, 1))
    last = min(config.today, date(year, 12, 31))
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return days, [1.0 if d.weekday() < 5 else WEEKEND_WEIGHT for d in days]


def _nationality(rng: random.Random, group: str) -> Nationality:
    tilt = GROUP_NATIONALITY_TILT.get(group, {})
    return pick(rng, {n: n.share * tilt.get(n.code, 1.0) for n in NATIONALITIES})


def _main_form(rng: random.Random, nationality: Nationality, group: str) -> str:
    tilt = GROUP_FORM_TILT.get(group, {})
    return pick(rng, {f: w * tilt.get(f, 1.0) for f, w in nationality.form_weights.items()})


def _reporters(
    rng: random.Random,
    config: GeneratorConfig,
    first: OrganisationSpec,
    groups: dict[str, list[OrganisationSpec]],
) -> list[OrganisationSpec]:
    """The first reporter and, for about a fifth of the persons, other organisations."""
    reporters = [first]
    if len(config.organisations) < 2 or not chance(rng, config.multi_reported_share):
        return reporters
    wanted = min(pick(rng, EXTRA_REPORTS_WEIGHTS), len(config.organisations) - 1)
    shares = _available(LATER_REPORTER_SHARES, groups)
    for _attempt in range(50):  # every group has a share, so this ends long before
        if len(reporters) > wanted:
            break
        candidates = [o for o in groups[pick(rng, shares)] if o not in reporters]
        if candidates:
            reporters.append(rng.choice(candidates))
    return reporters


def _report_dates(rng: random.Random, first_on: date, count: int, today: date) -> list[date]:
    dates = [first_on]
    for _ in range(count - 1):
        later = first_on + timedelta(days=1 + int(rng.expovariate(1 / LATER_REPORT_MEAN_DAYS)))
        if later > today:
            later = first_on + timedelta(days=rng.randint(0, (today - first_on).days))
        dates.append(later)
    return sorted(dates)


def _person_reports(
    rng: random.Random,
    config: GeneratorConfig,
    *,
    key: str,
    truth: Truth,
    situation: Situation,
    reporters: list[OrganisationSpec],
    dates: list[date],
) -> list[SyntheticReport]:
    reports: list[SyntheticReport] = []
    first_decided_at: datetime | None = None
    for index, (organisation, reported_on) in enumerate(zip(reporters, dates, strict=True)):
        person, found = person_view(rng, truth, index=index, reported_on=reported_on)
        parts = make_report_parts(rng, truth, situation)
        decision = report_history(
            rng, reported_on=reported_on, today=config.today, later_report=index > 0
        )
        status = decision.history[-1].status if decision.history else "draft"
        linked_at = None
        if index == 0 and status == "registered":
            first_decided_at = decision.history[-1].at
        elif (
            index > 0
            and status in DECIDED
            and first_decided_at is not None
            and chance(rng, LINKED_SHARE)
        ):
            linked_at = max(first_decided_at, decision.history[-1].at) + timedelta(minutes=3)
        reports.append(
            SyntheticReport(
                key=f"{key}-{index}",
                person_key=key,
                report_index=index,
                organisation=organisation.key,
                reported_on=reported_on,
                person=person,
                consent=parts.consent,
                consent_not_asked_reason=parts.consent_not_asked_reason,
                exploitation_status=situation.exploitation_status,
                exploitation_started_on=situation.exploitation_started_on,
                exploitation_ended_on=situation.exploitation_ended_on,
                places=situation.places,
                forms=situation.forms,
                suspects=situation.suspects,
                needs_shelter=parts.needs_shelter,
                needs_medical=parts.needs_medical,
                needs_safety=parts.needs_safety,
                health_notes=parts.health_notes,
                criminal_record_notes=situation.criminal_record_notes,
                narrative=parts.narrative,
                history=decision.history,
                not_registered_reason=decision.not_registered_reason,
                decision_note=decision.decision_note,
                linked_at=linked_at,
                variations=found,
            )
        )
    return reports


def generate_year(config: GeneratorConfig, year: int) -> SyntheticYear:
    """The persons first reported in ``year`` with all their reports, sorted by date."""
    rng = random.Random(f"{config.seed}:{year}")  # noqa: S311 -- synthetic data, not security
    groups = _organisations_by_group(config)
    first_shares = _available(FIRST_REPORTER_SHARES, groups)
    result = SyntheticYear(year)
    count = persons_in_year(config, year)
    if count == 0:
        return result
    days, weights = _reporting_days(config, year)
    for number, first_on in enumerate(sorted(rng.choices(days, weights=weights, k=count)), 1):
        key = f"{year}-{number:05d}"
        group = pick(rng, first_shares)
        nationality = _nationality(rng, group)
        form = _main_form(rng, nationality, group)
        truth = make_truth(
            rng, seed=config.seed, nationality=nationality, form=form, first_reported_on=first_on
        )
        situation = make_situation(
            rng, truth, seed=config.seed, form=form, first_reported_on=first_on
        )
        reporters = _reporters(rng, config, rng.choice(groups[group]), groups)
        dates = _report_dates(rng, first_on, len(reporters), config.today)
        reports = _person_reports(
            rng, config, key=key, truth=truth, situation=situation, reporters=reporters, dates=dates
        )
        given, family = written_name(truth.name)
        result.persons.append(
            TruePerson(
                key=key,
                given_names=given,
                family_name=family,
                gender=truth.gender,
                birth_date=truth.birth_date,
                nationalities=truth.nationalities,
                minor_at_start=truth.minor_at_start,
                main_form=form,
                report_keys=tuple(r.key for r in reports),
            )
        )
        result.reports.extend(reports)
    result.reports.sort(key=lambda r: (r.reported_on, r.key))
    return result


def years_of(config: GeneratorConfig) -> range:
    """The calendar years the period touches, oldest first."""
    return range(period_start(config).year, config.today.year + 1)


def iter_years(config: GeneratorConfig) -> Iterator[SyntheticYear]:
    """Year by year, oldest first: a large load need not hold everything in memory."""
    for year in years_of(config):
        yield generate_year(config, year)


def generate(config: GeneratorConfig) -> SyntheticDataset:
    persons: list[TruePerson] = []
    reports: list[SyntheticReport] = []
    for chunk in iter_years(config):
        persons.extend(chunk.persons)
        reports.extend(chunk.reports)
    return SyntheticDataset(config, persons, reports)
