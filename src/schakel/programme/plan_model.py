"""What the plan-text parser returns: plain frozen dataclasses, no Django."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from schakel.programme.plan_dates import EndDate
from schakel.programme.plan_layout import Theme
from schakel.programme.plan_ministries import Ministry
from schakel.programme.plan_references import Reference


class Severity(StrEnum):
    ERROR = "error"  # a field could not be read; the importer must not guess it
    WARNING = "warning"  # read, but only after repairing layout or spelling: show it


@dataclass(frozen=True)
class Problem:
    line: int | None  # 1-based line in the source text; None for "action 12 not found"
    reason: str
    action: int | None = None
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class ProgressNote:
    heading: str  # "Voortgang" or "Stand van zaken"
    text: str
    line: int
    # "Uitstel tot 1 mei 2005" in the note: the new date, as the plan states it.
    postponed_to: EndDate | None = None


@dataclass(frozen=True)
class Action:
    number: int
    text: str
    initiators: tuple[Ministry, ...]
    initiators_text: str  # as written, e.g. "Justitie, SZW, Fin."
    end_date: EndDate | None
    theme: Theme | None
    # Cited in the action itself, e.g. "(OBP4.12)".
    references: tuple[Reference, ...]
    # Cited in the prose just before the action (or its group of actions): what the
    # action answers according to the plan's argument.
    context_references: tuple[Reference, ...]
    progress_notes: tuple[ProgressNote, ...]
    first_line: int
    last_line: int


@dataclass(frozen=True)
class ParsedPlan:
    themes: tuple[Theme, ...]
    actions: tuple[Action, ...]
    problems: tuple[Problem, ...]

    def action(self, number: int) -> Action:
        for action in self.actions:
            if action.number == number:
                return action
        raise KeyError(number)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    def problems_for(self, number: int) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.action == number)
