"""Read one action from the plan's action table.

An action is laid out as

    Nr. Actie Initiatief Einddatum
    16 Tezamen met ketenpartners en relevante intermediairs informatie
    verstrekken over de wetgeving rond mensenhandel ...
    Voortgang: ...                       (optional progress note)
    Justitie 1 mei 2005                  (initiators and end date)

but the PDF extraction moves things about: the initiators and date may close the first
line, be spread over several lines, or come before the rest of the text when a page
breaks inside the action. This module collects the lines; plan_text interprets them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from schakel.programme.plan_dates import DATE_PATTERN
from schakel.programme.plan_layout import (
    Outline,
    SourceLine,
    is_action_header,
    is_appendix,
    is_unfinished,
    note_heading,
)
from schakel.programme.plan_ministries import (
    INITIATORS_PATTERN,
    UNKNOWN_INITIATORS_PATTERN,
    parse_initiators,
)
from schakel.programme.plan_model import Problem

_DATE = f"(?i:{DATE_PATTERN})"
# Only day-month-year or "doorlopend": a bare year after capitalised words is too
# easily ordinary text ("De Korpsmonitor 2004").
_STRICT_DATE = r"(?i:\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4}|door[l1|I]opend)"

_NUMBER_RE = re.compile(r"^\s*(?P<number>\d{1,3})\.?\s+(?P<rest>\S.*)$")
_DATE_ONLY_RE = re.compile(rf"^\s*(?P<date>{_DATE})\s*$")
_TAIL_RE = re.compile(
    rf"^(?P<text>.*?)(?:(?<=\s)|^)(?P<init>{INITIATORS_PATTERN})\s+(?P<date>{_DATE})\s*$"
)
_UNKNOWN_RE = re.compile(
    rf"^\s*(?P<init>{UNKNOWN_INITIATORS_PATTERN})\s+(?P<date>{_STRICT_DATE})\s*$"
)
# Known initiators followed by something short that is not a date we can read.
_BAD_DATE_RE = re.compile(rf"^\s*(?P<init>{INITIATORS_PATTERN})\s+(?P<date>\S.{{0,24}})$")


@dataclass
class Part:
    """The action text (heading None) or one progress note, as raw lines."""

    heading: str | None
    line: int
    lines: list[str] = field(default_factory=list)


@dataclass
class ActionBlock:
    number: int
    header_line: int
    first_line: int
    last_line: int
    parts: list[Part]
    initiators_text: str | None = None
    date_text: str | None = None
    initiators_line: int | None = None
    continued_line: int | None = None  # first line read after the initiators line
    problems: list[Problem] = field(default_factory=list)
    _paragraph: int = 0  # lines of the current part since the last blank line
    _after_blank: bool = False

    @property
    def text_lines(self) -> list[str]:
        return self.parts[0].lines

    @property
    def notes(self) -> list[Part]:
        return self.parts[1:]

    def _problem(self, line: int, reason: str) -> None:
        self.problems.append(Problem(line, reason, self.number))

    # -- adding lines -----------------------------------------------------------

    def add(self, line: int, text: str, *, new_paragraph: bool = False) -> None:
        if self.initiators_line is None and self._take_initiators(line, text):
            return
        self.last_line = line
        note = note_heading(text)
        if note is not None:
            heading, rest = note
            self.parts.append(Part(heading, line, [rest]))
            self._paragraph = 1
            return
        self.parts[-1].lines.append(text)
        self._paragraph = 1 if new_paragraph else self._paragraph + 1

    def _set_initiators(self, line: int, initiators: str | None, date: str) -> None:
        self.initiators_text = " ".join(initiators.split()) if initiators else None
        self.date_text = " ".join(date.split())
        self.initiators_line = line
        self.last_line = max(self.last_line, line)

    def _take_initiators(self, line: int, text: str) -> bool:
        """Recognise the initiators-and-date field; False for a line of action text."""
        if m := _DATE_ONLY_RE.match(text):
            self._set_initiators(line, self._initiators_above(line), m["date"])
            return True
        if m := _TAIL_RE.match(text):
            self._set_initiators(line, m["init"], m["date"])
            if m["text"].strip():
                self.add(line, m["text"])
            return True
        if m := _UNKNOWN_RE.match(text):
            self._set_initiators(line, m["init"], m["date"])  # reported by the caller
            return True
        # Known initiators and a date we cannot read ("Justitie 1 mai 2005"): a digit
        # or a single word after them, so "Justitie en politie werken ..." stays text.
        if m := _BAD_DATE_RE.match(text):
            date = m["date"].strip()
            if re.search(r"\d", date) or " " not in date:
                self._set_initiators(line, m["init"], date)
                return True
        return False

    def _initiators_above(self, line: int) -> str | None:
        """Initiators written on the lines above a lone date ("Alle betrokken /
        departementen / doorlopend"). Taken only if they read as ministries entirely."""
        part, size = self.parts[-1], self._paragraph
        if size == 0 or size >= len(part.lines):  # never take the whole text or note
            self._problem(line, "end date without initiators above it")
            return None
        candidate = " ".join(part.lines[-size:])
        known, unknown = parse_initiators(candidate)
        if not known or unknown:
            self._problem(line, f"end date without initiators; the lines above read {candidate!r}")
            return None
        del part.lines[-size:]
        return candidate

    # -- deciding where the action ends ------------------------------------------

    def take(self, line: SourceLine, outline: Outline) -> bool:
        """Add the line if it belongs to this action; False ends the action."""
        if line.is_blank:
            self._after_blank = True
            return True
        if is_action_header(line.text) or is_appendix(line.text):
            return False
        if outline.heading(line) is not None:
            return False
        if self.initiators_line is None:
            accepted = line.is_narrow  # full-width prose: the field never came
        else:
            accepted = self._continues(line, outline)
            if accepted and self.continued_line is None:
                self.continued_line = line.number
        if accepted:
            new_paragraph, self._after_blank = self._after_blank, False
            self.add(line.number, line.text, new_paragraph=new_paragraph)
        return accepted

    def _continues(self, line: SourceLine, outline: Outline) -> bool:
        """After the initiators line only a page break can bring more of the action:
        a progress note, or a narrow line finishing a sentence left open."""
        if note_heading(line.text) is not None:
            return True
        if not line.is_narrow:
            return False
        started = self.continued_line is not None
        if started and not self._after_blank:
            return True
        last = self.parts[-1].lines[-1] if self.parts[-1].lines else ""
        return is_unfinished(last)


def read_block(
    lines: list[SourceLine], start: int, header_line: int, outline: Outline
) -> tuple[ActionBlock | None, int, list[Problem]]:
    """Read the action after the table header; return it and the index after it."""
    i = start
    while i < len(lines) and lines[i].is_blank:
        i += 1
    match = _NUMBER_RE.match(lines[i].text) if i < len(lines) else None
    if match is None:
        problem = Problem(header_line, "action table header not followed by a numbered action")
        return None, i, [problem]
    first = lines[i]
    block = ActionBlock(
        number=int(match["number"]),
        header_line=header_line,
        first_line=first.number,
        last_line=first.number,
        parts=[Part(None, first.number)],
    )
    block.add(first.number, match["rest"])
    i += 1
    while i < len(lines) and block.take(lines[i], outline):
        i += 1
    return block, i, block.problems
