"""Import reports from a CSV or XLSX file: one row per report, all or nothing per file.

The column schema (Dutch or English headers) is documented in docs/registry-import.md.
Parsing is pure: bytes in, `ReportInput`s or a list of errors out, each naming the row (as
the spreadsheet numbers it, the header being row 1), the column (as written in the file) and
the reason. Only a file without any error reaches `intake.reports_import`, which creates
every report in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import TextChoices
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schakel.accounts.models import User

from .choices import (
    ConsentStatus,
    CriminalActivity,
    DatePrecision,
    DocumentType,
    ExploitationForm,
    ExploitationPeriodStatus,
    Gender,
    LabourSector,
    SuspectRelation,
)
from .inputs import (
    DocumentInput,
    FormInput,
    PersonInput,
    PlaceInput,
    ReportInput,
    SuspectInput,
    validate_report_input,
)
from .intake import ImportOutcome, RowError, authorise_report_create, reports_import

MAX_ROWS = 5000
MAX_FILE_BYTES = 10 * 1024 * 1024
LIST_SEPARATOR = "|"
WHOLE_FILE = 0
HEADER_ROW = 1


@dataclass(frozen=True)
class Column:
    name: str  # English header, also the key used below
    dutch: str
    kind: str  # text, list, date, year, bool, choice, choices, country, countries
    max_length: int = 200
    choices: type[TextChoices] | None = None
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("given_names", "voornamen", "text"),
    Column("family_name", "achternaam", "text"),
    Column("aliases", "aliassen", "list"),
    Column("description", "signalement", "text", 2000),
    Column("birth_date", "geboortedatum", "date"),
    Column("birth_year", "geboortejaar", "year"),
    Column("birth_date_precision", "zekerheid_geboortedatum", "choice", choices=DatePrecision),
    Column("gender", "geslacht", "choice", choices=Gender),
    Column("nationalities", "nationaliteiten", "countries"),
    Column("birth_country", "geboorteland", "country"),
    Column("birth_place", "geboorteplaats", "text"),
    Column("languages", "talen", "list", 3),
    Column("municipality_of_stay", "gemeente_van_verblijf", "text", 100),
    Column("phone", "telefoon", "text", 50),
    Column("document_type", "soort_document", "choice", choices=DocumentType),
    Column("document_number", "documentnummer", "text", 50),
    Column("document_country", "land_van_afgifte", "country"),
    Column("reported_on", "datum_melding", "date", required=True),
    Column("consent", "toestemming", "choice", choices=ConsentStatus, required=True),
    Column("consent_not_asked_reason", "reden_niet_gevraagd", "text", 300),
    Column("exploitation_status", "status_uitbuiting", "choice", choices=ExploitationPeriodStatus),
    Column("exploitation_started_on", "begin_uitbuiting", "date"),
    Column("exploitation_ended_on", "einde_uitbuiting", "date"),
    Column("municipalities", "gemeenten_uitbuiting", "list", 100),
    Column("countries", "landen_uitbuiting", "countries"),
    Column("forms", "vormen_uitbuiting", "choices", choices=ExploitationForm),
    Column("labour_sector", "sector", "choice", choices=LabourSector),
    Column("criminal_activity", "criminele_activiteit", "choice", choices=CriminalActivity),
    Column("suspect_names", "namen_verdachten", "list"),
    Column("suspect_relations", "relaties_verdachten", "choices", choices=SuspectRelation),
    Column("needs_shelter", "opvang_nodig", "bool"),
    Column("needs_medical", "medische_zorg_nodig", "bool"),
    Column("needs_safety", "in_direct_gevaar", "bool"),
    Column("health_notes", "gezondheid", "text", 5000),
    Column("criminal_record_notes", "strafrechtelijke_gegevens", "text", 5000),
    Column("narrative", "relaas", "text", 20000),
)
BY_HEADER: dict[str, Column] = {**{c.name: c for c in COLUMNS}, **{c.dutch: c for c in COLUMNS}}

TRUE_WORDS = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x"})
FALSE_WORDS = frozenset({"nee", "n", "no", "false", "onwaar", "0", ""})
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


class FileRejected(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(errors[0].message)


def _normalise_header(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.replace("\ufeff", "").strip().lower())


def _choice_lookup(choices: type[TextChoices]) -> dict[str, str]:
    """Code, Dutch label or English label (any case) -> code."""
    lookup: dict[str, str] = {}
    for language in ("en", "nl"):
        with translation.override(language):
            for value, label in choices.choices:
                lookup[" ".join(str(label).lower().split())] = value
    lookup.update({value.lower(): value for value in choices.values})
    return lookup


# -- reading the file ------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _file_error(message: str) -> FileRejected:
    return FileRejected([RowError(WHOLE_FILE, "", message)])


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _file_error(
            _(
                "Het bestand is niet in UTF-8 opgeslagen (fout bij byte %(position)d). Sla het op "
                "als 'CSV UTF-8' en probeer het opnieuw."
            )
            % {"position": exc.start + 1}
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return [
            [cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise _file_error(
            _("Het CSV-bestand is niet te lezen: %(reason)s") % {"reason": exc}
        ) from exc


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise _file_error(_("Het bestand is geen leesbaar XLSX-bestand.")) from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(content: bytes, filename: str = "") -> list[list[str]]:
    """The cells of the file as text; XLSX is recognised by its zip signature or its name."""
    if len(content) > MAX_FILE_BYTES:
        raise _file_error(_("Het bestand is groter dan 10 MB; splits het in delen."))
    if not content.strip():
        raise _file_error(_("Het bestand is leeg."))
    if content.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    return _read_csv(content)


# -- headers ---------------------------------------------------------------------------------


def _columns_of(header_row: list[str]) -> list[Column | None]:
    errors: list[RowError] = []
    seen: dict[str, str] = {}
    columns: list[Column | None] = []
    for written in header_row:
        key = _normalise_header(written)
        if not key:
            columns.append(None)
            continue
        column = BY_HEADER.get(key)
        if column is None:
            errors.append(
                RowError(
                    HEADER_ROW,
                    written,
                    _("Onbekende kolom. Zie docs/registry-import.md voor de toegestane kolommen."),
                )
            )
        elif column.name in seen:
            errors.append(
                RowError(
                    HEADER_ROW,
                    written,
                    _("Deze kolom staat er twee keer in (ook als '%(other)s').")
                    % {"other": seen[column.name]},
                )
            )
        else:
            seen[column.name] = written
        columns.append(column)
    errors.extend(
        RowError(
            HEADER_ROW, f"{column.dutch} / {column.name}", _("Deze verplichte kolom ontbreekt.")
        )
        for column in COLUMNS
        if column.required and column.name not in seen
    )
    if errors:
        raise FileRejected(errors)
    return columns


# -- cells -----------------------------------------------------------------------------------


class CellError(Exception):
    pass


def _parse_date(text: str) -> date:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 -- a calendar date
        except ValueError:
            continue
    raise CellError(
        _("'%(value)s' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2024-03-31.")
        % {"value": text}
    )


def _parse_year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text):
        raise CellError(_("'%(value)s' is geen jaartal van vier cijfers.") % {"value": text})
    return int(text)


def _parse_bool(text: str) -> bool:
    word = text.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("'%(value)s' is geen ja of nee.") % {"value": text})


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


@dataclass
class _Parser:
    lookups: dict[type[TextChoices], dict[str, str]] = field(default_factory=dict)

    def choice(self, column: Column, text: str) -> str:
        choices = column.choices or TextChoices
        lookup = self.lookups.setdefault(choices, _choice_lookup(choices))
        code = lookup.get(" ".join(text.lower().split()))
        if code is None:
            raise CellError(
                _("Onbekende waarde '%(value)s'; toegestaan: %(allowed)s")
                % {"value": text, "allowed": ", ".join(choices.values)}
            )
        return code

    def cell(self, column: Column, text: str) -> object:
        if column.kind in ("text", "list") and any(
            len(part) > column.max_length
            for part in (_split(text) if column.kind == "list" else [text])
        ):
            raise CellError(_("Langer dan %(max)d tekens.") % {"max": column.max_length})
        parsers: dict[str, Callable[[str], object]] = {
            "text": lambda t: t,
            "list": _split,
            "date": lambda t: _parse_date(t) if t else None,
            "year": lambda t: _parse_year(t) if t else None,
            "bool": _parse_bool,
            "choice": lambda t: self.choice(column, t) if t else "",
            "choices": lambda t: [self.choice(column, part) for part in _split(t)],
            "country": lambda t: t.upper(),
            "countries": lambda t: [part.upper() for part in _split(t)],
        }
        return parsers[column.kind](text)


def _report_input(values: dict[str, object]) -> ReportInput:
    v = values.get

    def text(name: str) -> str:
        return str(v(name) or "")

    # Each cell holds what its column's kind parses to (see _Parser.cell).
    def items(name: str) -> list[str]:
        value = v(name)
        return [str(item) for item in value] if isinstance(value, list) else []

    birth_date, birth_year = v("birth_date"), v("birth_year")

    precision = text("birth_date_precision") or (
        DatePrecision.EXACT
        if v("birth_date")
        else DatePrecision.YEAR
        if v("birth_year")
        else DatePrecision.UNKNOWN
    )
    documents: tuple[DocumentInput, ...] = ()
    if text("document_type") or text("document_number") or text("document_country"):
        documents = (
            DocumentInput(
                document_type=text("document_type"),
                number=text("document_number"),
                issuing_country=text("document_country"),
            ),
        )
    forms = tuple(
        FormInput(
            form=form,
            labour_sector=text("labour_sector") if form == ExploitationForm.LABOUR else "",
            criminal_activity=text("criminal_activity")
            if form == ExploitationForm.CRIMINAL
            else "",
        )
        for form in items("forms")
    )
    names, relations = items("suspect_names"), items("suspect_relations")
    suspects = tuple(
        SuspectInput(
            name=names[i] if i < len(names) else "",
            relation=relations[i] if i < len(relations) else SuspectRelation.UNKNOWN,
        )
        for i in range(max(len(names), len(relations)))
    )
    person = PersonInput(
        given_names=text("given_names"),
        family_name=text("family_name"),
        aliases=tuple(items("aliases")),
        description=text("description"),
        birth_date=birth_date if isinstance(birth_date, date) else None,
        birth_year=birth_year if isinstance(birth_year, int) else None,
        birth_date_precision=precision,
        gender=text("gender") or Gender.UNKNOWN,
        nationalities=tuple(items("nationalities")),
        birth_country=text("birth_country"),
        birth_place=text("birth_place"),
        languages=tuple(p.lower() for p in items("languages")),
        municipality_of_stay=text("municipality_of_stay"),
        phone=text("phone"),
        documents=documents,
    )
    return ReportInput(
        person=person,
        reported_on=v("reported_on"),  # type: ignore[arg-type]
        consent=text("consent"),
        consent_not_asked_reason=text("consent_not_asked_reason"),
        exploitation_status=text("exploitation_status") or ExploitationPeriodStatus.UNKNOWN,
        exploitation_started_on=v("exploitation_started_on"),  # type: ignore[arg-type]
        exploitation_ended_on=v("exploitation_ended_on"),  # type: ignore[arg-type]
        places=tuple(
            [PlaceInput(kind="nl", municipality=m) for m in items("municipalities")]
            + [PlaceInput(kind="abroad", country=c) for c in items("countries")]
        ),
        forms=forms,
        suspects=suspects,
        needs_shelter=bool(v("needs_shelter")),
        needs_medical=bool(v("needs_medical")),
        needs_safety=bool(v("needs_safety")),
        health_notes=text("health_notes"),
        criminal_record_notes=text("criminal_record_notes"),
        narrative=text("narrative"),
    )


# Where a validation error's field path lands in the file ([i] indices removed first).
FIELD_COLUMNS: dict[str, str] = {
    "person.documents.document_type": "document_type",
    "person.documents.number": "document_number",
    "person.documents.issuing_country": "document_country",
    "places.kind": "municipalities",
    "places.municipality": "municipalities",
    "places.country": "countries",
    "forms.form": "forms",
    "forms.labour_sector": "labour_sector",
    "forms.criminal_activity": "criminal_activity",
    "suspects.relation": "suspect_relations",
    "suspects.name": "suspect_names",
}
IDENTIFYING = ("given_names", "family_name", "aliases", "description")


def _header_for(name: str, written: dict[str, str]) -> str:
    if name in written:
        return written[name]
    column = next((c for c in COLUMNS if c.name == name), None)
    if column is None:
        return name
    language = translation.get_language() or "nl"
    return column.name if language.startswith("en") else column.dutch


def column_for_field(path: str, written: dict[str, str]) -> str:
    """The header (as written in the file) that a validation error's field path is about."""
    bare = re.sub(r"\[\d+\]", "", path)
    if bare == "person":
        return " / ".join(_header_for(name, written) for name in IDENTIFYING)
    name = FIELD_COLUMNS.get(bare, bare.removeprefix("person."))
    return _header_for(name, written)


@dataclass(frozen=True)
class ParsedFile:
    rows: list[tuple[int, ReportInput]]
    errors: list[RowError]
    headers: dict[str, str]  # column name -> header as written


def _data_rows(table: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    for index, cells in enumerate(table[1:], start=2):
        if any(cell.strip() for cell in cells):
            yield index, cells


def parse_file(content: bytes, filename: str = "", *, today: date) -> ParsedFile:
    """Every report in the file, or every problem in it (row, column, reason)."""
    try:
        table = read_table(content, filename)
        columns = _columns_of(table[0] if table else [])
    except FileRejected as exc:
        return ParsedFile(rows=[], errors=exc.errors, headers={})
    written = {c.name: h for c, h in zip(columns, table[0], strict=True) if c is not None}
    data_rows = list(_data_rows(table))
    if not data_rows:
        return ParsedFile(
            rows=[],
            errors=[
                RowError(
                    WHOLE_FILE, "", _("Het bestand bevat geen meldingen, alleen een kopregel.")
                )
            ],
            headers=written,
        )
    if len(data_rows) > MAX_ROWS:
        return ParsedFile(
            rows=[],
            errors=[
                RowError(
                    WHOLE_FILE,
                    "",
                    _("Het bestand bevat meer dan %(max)d meldingen; splits het in delen.")
                    % {"max": MAX_ROWS},
                )
            ],
            headers=written,
        )
    parser = _Parser()
    rows: list[tuple[int, ReportInput]] = []
    errors: list[RowError] = []
    for row_number, cells in data_rows:
        row_errors, values = _parse_row(parser, columns, cells, row_number, table[0])
        if not row_errors:
            data = _report_input(values)
            row_errors = [
                RowError(row_number, column_for_field(e.field, written), e.message)
                for e in validate_report_input(data, today=today)
            ]
            if not row_errors:
                rows.append((row_number, data))
        errors.extend(row_errors)
    return ParsedFile(rows=rows, errors=errors, headers=written)


def _parse_row(
    parser: _Parser,
    columns: list[Column | None],
    cells: list[str],
    row_number: int,
    header_row: list[str],
) -> tuple[list[RowError], dict[str, object]]:
    errors: list[RowError] = []
    values: dict[str, object] = {}
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
        errors.append(RowError(row_number, "", _("Deze regel heeft meer waarden dan kolommen.")))
    padded = [*cells, *([""] * (len(columns) - len(cells)))]
    for column, header, text in zip(columns, header_row, padded, strict=False):
        if column is None:
            continue
        if column.required and not text.strip():
            errors.append(RowError(row_number, header, _("Verplicht; deze cel is leeg.")))
            continue
        try:
            values[column.name] = parser.cell(column, text.strip())
        except CellError as exc:
            errors.append(RowError(row_number, header, str(exc)))
    return errors, values


def import_file(
    *,
    actor: User,
    content: bytes,
    filename: str = "",
    submit: bool = False,
    today: date | None = None,
) -> ImportOutcome:
    """Parse the file and, only if every row is good, create every report in one transaction."""
    authorise_report_create(actor=actor)
    today = today or timezone.localdate()
    parsed = parse_file(content, filename, today=today)
    if parsed.errors:
        return ImportOutcome(errors=parsed.errors, numbers=[])
    outcome = reports_import(actor=actor, rows=parsed.rows, submit=submit, today=today)
    return ImportOutcome(
        errors=[
            RowError(
                e.row, column_for_field(e.column, parsed.headers) if e.column else "", e.message
            )
            for e in outcome.errors
        ],
        numbers=outcome.numbers,
    )
