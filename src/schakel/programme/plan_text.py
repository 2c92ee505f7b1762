"""Parser for the text of the 2004 Nationaal Actieplan Mensenhandel (68 actions).

Pure Python (stdlib only, no Django), so it can be tested on its own and reused by the
importer (`schakel programme import-plan`), which turns a ParsedPlan into models.

The text is a PDF extraction with page-break debris. The parser repairs what it can
repair deterministically (footnotes and page numbers inside an action, the initiators
line landing in the middle of an action, "door1opend") and reports each repair as a
warning; what it cannot read it reports as an error and leaves empty, never guessed.
"""

from __future__ import annotations

from pathlib import Path

from schakel.programme.plan_actions import ActionBlock, read_block
from schakel.programme.plan_dates import (
    DateKind,
    EndDate,
    find_postponement,
    fix_ocr_letters,
    parse_end_date,
)
from schakel.programme.plan_layout import (
    Artefact,
    Outline,
    SourceLine,
    Theme,
    clean_lines,
    is_action_header,
    is_appendix,
    join_lines,
)
from schakel.programme.plan_ministries import MINISTRY_NAMES, Ministry, parse_initiators
from schakel.programme.plan_model import (
    Action,
    ParsedPlan,
    Problem,
    ProgressNote,
    Severity,
)
from schakel.programme.plan_references import Reference, RefSource, parse_references

__all__ = [
    "MINISTRY_NAMES",
    "Action",
    "DateKind",
    "EndDate",
    "Ministry",
    "ParsedPlan",
    "Problem",
    "ProgressNote",
    "RefSource",
    "Reference",
    "Severity",
    "Theme",
    "parse_end_date",
    "parse_initiators",
    "parse_plan",
    "parse_plan_file",
    "parse_references",
]


def parse_plan_file(path: str | Path, *, expected_actions: int | None = None) -> ParsedPlan:
    return parse_plan(Path(path).read_text(encoding="utf-8"), expected_actions=expected_actions)


# The longest footnote block in the 2004 plan has 22 lines; a much longer one means a
# page start was missed and body text is being dropped as footnotes.
_LONG_FOOTNOTES = 40


def parse_plan(raw: str, *, expected_actions: int | None = None) -> ParsedPlan:
    """Parse the plan; `expected_actions` lets missing trailing actions be reported."""
    lines, artefacts = clean_lines(raw)
    parser = _PlanParser(lines, artefacts)
    parser.check_footnotes()
    parser.run()
    parser.check_numbering(expected_actions)
    return ParsedPlan(tuple(parser.outline.themes), tuple(parser.actions), tuple(parser.problems))


class _PlanParser:
    def __init__(self, lines: list[SourceLine], artefacts: list[Artefact]) -> None:
        self.lines = lines
        self.artefacts = artefacts
        self.outline = Outline()
        self.actions: list[Action] = []
        self.problems: list[Problem] = []
        self.theme: Theme | None = None
        # Prose since the last action or heading, and the citations of the prose that
        # introduced the current group of actions.
        self.prose: list[str] = []
        self.context: tuple[Reference, ...] = ()

    def run(self) -> None:
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            if is_appendix(line.text):
                break  # the appendices hold the criminal code articles, no actions
            if is_action_header(line.text):
                i = self._read_action(i)
                continue
            theme = self.outline.advance(line)
            if theme is not None:
                self.theme, self.prose, self.context = theme, [], ()
            else:
                self.prose.append(line.text)
            i += 1

    def _read_action(self, header_index: int) -> int:
        if any(text.strip() for text in self.prose):
            self.context = parse_references(join_lines(self.prose))
            self.prose = []
        header = self.lines[header_index]
        block, next_index, problems = read_block(
            self.lines, header_index + 1, header.number, self.outline
        )
        self.problems.extend(problems)
        if block is not None:
            self.actions.append(self._build(block))
        return next_index

    # -- turning a block into an Action ------------------------------------------

    def _build(self, block: ActionBlock) -> Action:
        number = block.number
        text = join_lines(block.text_lines)
        if not text:
            self._error(block.first_line, "action has no text", number)
        initiators = self._initiators(block)
        self._report_repairs(block)
        return Action(
            number=number,
            text=text,
            initiators=initiators,
            initiators_text=block.initiators_text or "",
            end_date=self._end_date(block),
            theme=self.theme,
            references=parse_references(text),
            context_references=self.context,
            progress_notes=tuple(
                self._note(number, part.heading or "", part.line, part.lines)
                for part in block.notes
            ),
            first_line=block.first_line,
            last_line=block.last_line,
        )

    def _initiators(self, block: ActionBlock) -> tuple[Ministry, ...]:
        if block.initiators_line is None:
            self._error(block.first_line, "no initiators and end date found", block.number)
            return ()
        if block.initiators_text is None:
            return ()  # already reported by the block reader
        known, unknown = parse_initiators(block.initiators_text)
        if unknown:
            self._error(
                block.initiators_line,
                f"unknown initiator(s) {', '.join(map(repr, unknown))}",
                block.number,
            )
        return known

    def _end_date(self, block: ActionBlock) -> EndDate | None:
        if block.date_text is None or block.initiators_line is None:
            return None
        end_date = parse_end_date(block.date_text)
        if end_date is None:
            self._error(
                block.initiators_line,
                f"end date {block.date_text!r} not readable",
                block.number,
            )
        elif (fixed := fix_ocr_letters(block.date_text)) != block.date_text:
            self._warn(
                block.initiators_line,
                f"end date {block.date_text!r} misspelt; read as {fixed!r}",
                block.number,
            )
        return end_date

    def _note(self, number: int, heading: str, line: int, lines: list[str]) -> ProgressNote:
        text = join_lines(lines)
        if not text:
            self._error(line, f"empty {heading!r} note", number)
        postponement = find_postponement(text)
        postponed_to = None
        if postponement is not None:
            date_text, postponed_to = postponement
            if postponed_to is None:
                self._error(line, f"postponement {date_text!r} has no readable date", number)
        return ProgressNote(heading, text, line, postponed_to)

    def _report_repairs(self, block: ActionBlock) -> None:
        if block.continued_line is not None:
            self._warn(
                block.continued_line,
                f"text after the initiators line ({block.initiators_line}) read as part"
                " of the action (page break inside the action)",
                block.number,
            )
        for artefact in self.artefacts:
            if block.first_line < artefact.first_line < block.last_line:
                span = f"{artefact.first_line}-{artefact.last_line}"
                self._warn(
                    artefact.first_line,
                    f"{artefact.kind} (lines {span}) removed from inside the action",
                    block.number,
                )

    # -- whole-plan checks ---------------------------------------------------------

    def check_footnotes(self) -> None:
        for artefact in self.artefacts:
            size = artefact.last_line - artefact.first_line + 1
            if artefact.kind == "footnotes" and size > _LONG_FOOTNOTES:
                self._warn(
                    artefact.first_line,
                    f"footnote block of {size} lines (to line {artefact.last_line}):"
                    " body text may have been dropped with it",
                    None,
                )

    def check_numbering(self, expected: int | None) -> None:
        seen: dict[int, Action] = {}
        previous = 0
        for action in self.actions:
            if action.number in seen:
                self._error(
                    action.first_line,
                    f"action {action.number} appears twice",
                    action.number,
                )
            elif action.number < previous:
                self._error(
                    action.first_line,
                    f"action {action.number} out of order (after {previous})",
                    action.number,
                )
            seen.setdefault(action.number, action)
            previous = max(previous, action.number)
        last = max([previous, expected or 0])
        for number in range(1, last + 1):
            if number not in seen:
                self._error(None, f"action {number} not found", number)

    def _error(self, line: int | None, reason: str, action: int | None) -> None:
        self.problems.append(Problem(line, reason, action, Severity.ERROR))

    def _warn(self, line: int | None, reason: str, action: int | None) -> None:
        self.problems.append(Problem(line, reason, action, Severity.WARNING))
