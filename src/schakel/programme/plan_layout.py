"""Page layout of the plan text extracted from PDF: footnotes, page numbers, headings.

The extraction keeps a trace of each page break: a run of spaces separates the body
from the page's footnotes, and the next page's first line starts with one space.
Footnotes and page numbers can fall in the middle of an action, so they are removed
before parsing and remembered as artefacts, so the parser can say what it removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Action text sits in a narrow table column; body prose runs over the full page width.
ACTION_COLUMN_MAX_WIDTH = 76

_FOOTNOTE_SEPARATOR_RE = re.compile(r"^[ \t\u00a0]{20,}$")
_PAGE_START_RE = re.compile(r"^ \S")
_PAGE_NUMBER_RE = re.compile(r"^\s*\d{1,3}\s*$")
_ACTION_HEADER_RE = re.compile(r"^\s*Nr\.?\s+Actie\b")
_APPENDIX_RE = re.compile(r"^\s*Bijlage\s+\d+\s*$")
_NOTE_START_RE = re.compile(r"^\s*(?P<heading>Voortgang|Stand van zaken)\s*:\s*", re.IGNORECASE)
_SENTENCE_ENDS = ".!?:;)\u2019\u201d\u00bb"  # also closing quotes
_HEADING_RE = re.compile(
    r"^\s*(?P<number>\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+(?P<title>[A-Z][^\n]{2,80}?)\s*$"
)


@dataclass(frozen=True)
class SourceLine:
    number: int  # 1-based line number in the original file
    text: str  # right-stripped; leading spaces kept

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    @property
    def is_narrow(self) -> bool:
        return len(self.text.rstrip()) <= ACTION_COLUMN_MAX_WIDTH


@dataclass(frozen=True)
class Artefact:
    kind: str  # "footnotes" or "page number"
    first_line: int
    last_line: int


def clean_lines(raw: str) -> tuple[list[SourceLine], list[Artefact]]:
    """Drop footnote blocks and page numbers; keep original line numbers on the rest."""
    lines: list[SourceLine] = []
    artefacts: list[Artefact] = []
    footnote_start: int | None = None
    # split on \n only, so line numbers match what editors and grep show
    raw_lines = raw.replace("\r\n", "\n").split("\n")
    if raw_lines[-1] == "":
        raw_lines.pop()  # the final newline ends the last line, it starts none
    for number, raw_text in enumerate(raw_lines, start=1):
        text = raw_text.rstrip()
        if footnote_start is not None:
            if not (_PAGE_START_RE.match(text) or is_action_header(text)):
                continue
            artefacts.append(Artefact("footnotes", footnote_start, number - 1))
            footnote_start = None
        if _FOOTNOTE_SEPARATOR_RE.match(raw_text):
            footnote_start = number
        elif _PAGE_NUMBER_RE.match(text):
            artefacts.append(Artefact("page number", number, number))
        else:
            lines.append(SourceLine(number, text))
    if footnote_start is not None:
        artefacts.append(Artefact("footnotes", footnote_start, len(raw_lines)))
    return lines, artefacts


def is_action_header(text: str) -> bool:
    return _ACTION_HEADER_RE.match(text) is not None


def is_appendix(text: str) -> bool:
    return _APPENDIX_RE.match(text) is not None


def note_heading(text: str) -> tuple[str, str] | None:
    """("Voortgang", rest of line) when a progress note starts on this line."""
    match = _NOTE_START_RE.match(text)
    if match is None:
        return None
    heading = "Stand van zaken" if match["heading"].lower().startswith("stand") else "Voortgang"
    return heading, text[match.end() :]


def is_unfinished(text: str) -> bool:
    """True when a line stops mid-sentence: what follows a page break continues it."""
    stripped = text.rstrip()
    return bool(stripped) and stripped[-1] not in _SENTENCE_ENDS


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines into one paragraph; rejoin words hyphenated at a line end."""
    out = ""
    for part in parts:
        piece = " ".join(part.split())
        if not piece:
            continue
        # "B9-" + "regeling" is one word, but "voor-" + "en nadelen" keeps its space.
        if re.search(r"\w-$", out) and not re.match(r"(?:en|of)\b", piece):
            out += piece
        else:
            out = f"{out} {piece}" if out else piece
    return out


@dataclass(frozen=True)
class Theme:
    number: str  # "3" for a chapter without sections, else "4.2" or "5.2.1"
    title: str
    chapter_number: str
    chapter_title: str
    line: int


@dataclass
class Outline:
    """Chapter and section headings, accepted only in order, so that numbered prose or
    action lines are never taken for a heading."""

    themes: list[Theme] = field(default_factory=list)
    _chapter: int = 0
    _chapter_title: str = ""

    def _accepts(self, number: str) -> bool:
        parts = [int(p) for p in number.split(".")]
        if len(parts) == 1:
            return parts[0] == self._chapter + 1
        seen = {theme.number for theme in self.themes}
        return parts[0] == self._chapter and number not in seen

    def heading(self, line: SourceLine) -> tuple[str, str] | None:
        match = _HEADING_RE.match(line.text)
        if match is None or line.text.rstrip().endswith((",", ";")):
            return None
        if not self._accepts(match["number"]):
            return None
        return match["number"], " ".join(match["title"].split())

    def advance(self, line: SourceLine) -> Theme | None:
        found = self.heading(line)
        if found is None:
            return None
        number, title = found
        if "." not in number:
            self._chapter, self._chapter_title = int(number), title
        theme = Theme(number, title, str(self._chapter), self._chapter_title, line.number)
        self.themes.append(theme)
        return theme
