"""The path of one report through the workflow, relative to ``today``.

Old reports are decided (mostly registered, some not registered with a reason, a few
withdrawn); the last weeks' reports are still submitted or in review, a few even drafts, and
some of those are past the decision term, so every queue of the registrar has work in it.
Each step follows the workflow table (draft → submitted → in review → decision).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .records import StatusStep
from .sampling import pick
from .vocabulary import (
    DECISION_WEIGHTS,
    DUPLICATE_REASON_SHARE_OF_LATER,
    NOT_REGISTERED_REASONS,
    WITHDRAW_REASONS,
)

DRAFT_WINDOW_DAYS = 7
DRAFT_SHARE = 0.15
SUBMIT_LAG_WEIGHTS = {0: 0.70, 1: 0.20, 2: 0.07, 3: 0.03}
REVIEW_LAG_STOP = 0.35  # geometric: chance per day that the registrar picks the report up
DECISION_LAG_MEAN_DAYS = 6
DECISION_LAG_MAX_DAYS = 60
DECISION_NOTES = {
    "no_indications": "Criteria niet vervuld: geen aanwijzingen voor uitbuiting.",
    "insufficient_information": "Melder gevraagd om aanvullende informatie; niet ontvangen.",
    "no_consent": "Persoon wil niet geregistreerd worden.",
    "not_identifiable": "Geen naam, alias of signalement dat de persoon aanwijst.",
    "duplicate": "Zelfde persoon en situatie als een eerdere melding.",
    "other": "Zie dossier.",
}


@dataclass(frozen=True)
class Decision:
    history: tuple[StatusStep, ...]
    not_registered_reason: str = ""
    decision_note: str = ""


def _at(rng: random.Random, day: date, *, not_before: datetime | None = None) -> datetime:
    """A moment in office hours on ``day``, after ``not_before`` when that is the same day."""
    moment = datetime.combine(day, time(8 + rng.randrange(9), rng.randrange(60)))
    if not_before is not None and moment <= not_before:
        moment = not_before + timedelta(minutes=5 + rng.randrange(55))
    return moment


def _open_steps(rng: random.Random, *, reported_on: date, today: date) -> list[StatusStep]:
    """Submission and the start of review, as far as they happened by ``today``."""
    if (today - reported_on).days <= DRAFT_WINDOW_DAYS and rng.random() < DRAFT_SHARE:
        return []
    submit_day = reported_on + timedelta(days=pick(rng, SUBMIT_LAG_WEIGHTS))
    if submit_day > today:
        return []
    steps = [StatusStep("submitted", _at(rng, submit_day))]
    review_lag = 0
    while rng.random() > REVIEW_LAG_STOP:
        review_lag += 1
    review_day = submit_day + timedelta(days=review_lag)
    if review_day <= today:
        steps.append(StatusStep("in_review", _at(rng, review_day, not_before=steps[0].at)))
    return steps


def report_history(
    rng: random.Random, *, reported_on: date, today: date, later_report: bool
) -> Decision:
    """Where a report made on ``reported_on`` stands on ``today``, and how it got there."""
    steps = _open_steps(rng, reported_on=reported_on, today=today)
    if len(steps) < 2:
        return Decision(tuple(steps))
    decision_lag = min(DECISION_LAG_MAX_DAYS, 1 + int(rng.expovariate(1 / DECISION_LAG_MEAN_DAYS)))
    decision_day = steps[-1].at.date() + timedelta(days=decision_lag)
    if decision_day > today:
        return Decision(tuple(steps))
    outcome = pick(rng, DECISION_WEIGHTS)
    decided_at = _at(rng, decision_day, not_before=steps[-1].at)
    if outcome == "withdrawn":
        steps.append(StatusStep("withdrawn", decided_at, rng.choice(WITHDRAW_REASONS)))
        return Decision(tuple(steps))
    steps.append(StatusStep(outcome, decided_at))
    if outcome == "not_registered":
        reason = pick(rng, NOT_REGISTERED_REASONS)
        if later_report and rng.random() < DUPLICATE_REASON_SHARE_OF_LATER:
            reason = "duplicate"
        return Decision(
            tuple(steps), not_registered_reason=reason, decision_note=DECISION_NOTES[reason]
        )
    return Decision(tuple(steps))
