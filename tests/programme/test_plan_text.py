"""Tests for the parser of the 2004 action plan text (pure Python, no database)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from schakel.programme.plan_text import (
    DateKind,
    Ministry,
    ParsedPlan,
    Reference,
    RefSource,
    Severity,
    parse_end_date,
    parse_initiators,
    parse_plan,
    parse_plan_file,
    parse_references,
)

SEED = Path(
    os.environ.get(
        "SCHAKEL_PLAN_TEXT",
        Path(__file__).resolve().parents[3] / "shared/seeds/002_f3966eb89609b574.txt",
    )
)

J, VI, BZ, BZK = (
    Ministry.JUSTICE,
    Ministry.IMMIGRATION,
    Ministry.FOREIGN_AFFAIRS,
    Ministry.INTERIOR,
)
SZW, VWS = Ministry.SOCIAL_AFFAIRS, Ministry.HEALTH
# The plan's typographic quotes, spelled out so linters do not take them for backticks.
ACUTE, LEFT_QUOTE, RIGHT_QUOTE = "\u00b4", "\u2018", "\u2019"


def refs(*pairs: tuple[str, str | None]) -> tuple[Reference, ...]:
    return tuple(Reference(RefSource(source), ref) for source, ref in pairs)


@pytest.fixture(scope="module")
def plan() -> ParsedPlan:
    if not SEED.exists():
        pytest.skip(f"plan text not found at {SEED} (set SCHAKEL_PLAN_TEXT)")
    return parse_plan_file(SEED, expected_actions=68)


# -- the whole plan ----------------------------------------------------------------


def test_all_68_actions_are_read_or_reported(plan: ParsedPlan) -> None:
    assert [a.number for a in plan.actions] == list(range(1, 69))
    for action in plan.actions:
        complete = bool(action.text and action.initiators and action.end_date)
        reported = any(p.severity is Severity.ERROR for p in plan.problems_for(action.number))
        assert complete or reported, f"action {action.number} incomplete and not reported"
        assert action.theme is not None


def test_the_plan_text_reads_without_errors(plan: ParsedPlan) -> None:
    assert plan.errors == ()


def test_repairs_are_reported_as_warnings(plan: ParsedPlan) -> None:
    warnings = {(p.action, p.line, p.reason.split(" ")[0]) for p in plan.warnings}
    assert warnings == {
        (25, 933, "end"),  # "door1opend"
        (44, 1461, "footnotes"),
        (44, 1465, "text"),  # text after the initiators line, page break
        (51, 1553, "text"),
        (58, 1814, "text"),
        (60, 2047, "footnotes"),
        (60, 2050, "text"),
        (67, 2281, "page"),
        (67, 2283, "text"),
    }


def test_themes_are_chapters_and_sections(plan: ParsedPlan) -> None:
    numbers = [t.number for t in plan.themes]
    assert numbers == [
        "1", "1.1", "1.2", "2", "2.1", "2.2", "2.3", "3", "4", "4.1", "4.2", "4.3",
        "4.4", "5", "5.1", "5.2", "5.2.1", "5.2.2", "5.2.3", "5.3", "5.4", "6",
    ]  # fmt: skip
    by_action = {a.number: a.theme.number for a in plan.actions if a.theme}
    assert by_action[1] == "2.1"
    assert by_action[10] == "3"  # chapter 3 has no sections
    assert by_action[41] == by_action[52] == "5.2.1"
    assert by_action[60] == "5.3"
    assert by_action[68] == "6"


def test_counts(plan: ParsedPlan) -> None:
    notes = [n for a in plan.actions for n in a.progress_notes]
    assert len(notes) == 24
    assert sum(n.heading == "Stand van zaken" for n in notes) == 4
    assert [a.number for a in plan.actions if any(n.postponed_to for n in a.progress_notes)] == [
        50,
        51,
        52,
        60,
    ]
    ongoing = [a.number for a in plan.actions if a.end_date and a.end_date.kind is DateKind.ONGOING]
    assert ongoing == [10, 22, 25, 41, 42, 43, 48, 61, 68]


# -- spot checks against the text ---------------------------------------------------


def test_action_16(plan: ParsedPlan) -> None:
    action = plan.action(16)
    assert action.text == (
        "Tezamen met ketenpartners en relevante intermediairs informatie verstrekken "
        "over de wetgeving rond mensenhandel en mogelijke signalen van mensenhandel."
    )
    assert action.initiators == (J,)
    assert action.initiators_text == "Justitie"
    assert action.end_date is not None
    assert (action.end_date.kind, action.end_date.value) == (
        DateKind.EXACT,
        dt.date(2005, 5, 1),
    )
    assert action.theme is not None
    assert (action.theme.number, action.theme.title) == (
        "4.1",
        "Identificatie van (slachtoffers van) mensenhandel",
    )
    assert (action.theme.chapter_number, action.theme.chapter_title) == (
        "4",
        "Slachtoffers van mensenhandel",
    )
    assert action.references == ()
    assert action.context_references == refs(
        ("NRM3", "60"), ("NRM3", "61"), ("OVSE", "III 2.5"), ("OBP", "4.24"),
        ("NRM3", "22"), ("Unicef", "30"), ("NRM3", "55"),
    )  # fmt: skip
    assert action.progress_notes == ()
    assert (action.first_line, action.last_line) == (778, 783)


def test_action_19_has_three_initiators(plan: ParsedPlan) -> None:
    action = plan.action(19)
    assert action.initiators == (J, BZK, SZW)
    assert action.initiators_text == "Justitie, BZK, SZW"
    assert action.text.endswith("Waar mogelijk in de opleidingen van deze instanties "
                                "mensenhandel als onderdeel opnemen.")  # fmt: skip
    # 17-19 follow 16 without prose in between: they answer the same passage.
    assert action.context_references == plan.action(16).context_references


def test_action_20_abbreviated_month(plan: ParsedPlan) -> None:
    action = plan.action(20)
    assert action.text == (
        "Onderzoek (uitgevoerd door BlinN) naar de vraag of aan mogelijke slachtoffers "
        "de B9 wel is aangeboden."
    )
    assert action.initiators == (VI,)
    assert action.end_date is not None
    assert action.end_date.value == dt.date(2005, 9, 1)
    assert action.end_date.text == "1 sept. 2005"
    assert action.theme is not None
    assert action.theme.number == "4.2"
    assert action.context_references == refs(
        ("NRM3", "11"), ("OVSE", "V 8.1"), ("NRM3", "13"), ("NRM3", "14")
    )


def test_action_24_rejoins_hyphenated_word(plan: ParsedPlan) -> None:
    action = plan.action(24)
    assert action.text == (
        "Aanwijzen van een centraal punt om de uitvoering van de B9-regeling te "
        "bewaken (in overleg met STV, BPR en NVVB)"
    )
    assert action.end_date is not None
    assert action.end_date.value == dt.date(2005, 1, 1)
    assert action.context_references == refs(("NRM3", "16"), ("OVSE", "V 1.1"))


def test_action_25_misspelt_ongoing(plan: ParsedPlan) -> None:
    end_date = plan.action(25).end_date
    assert end_date is not None
    assert (end_date.kind, end_date.value, end_date.text) == (
        DateKind.ONGOING,
        None,
        "door1opend",
    )


def test_action_26_initiators_share_the_first_line(plan: ParsedPlan) -> None:
    action = plan.action(26)
    assert action.text == "Aanpassing Vreemdelingencirculaire hoofdstuk B9 (door IND)"
    assert action.initiators == (VI,)


def test_action_30(plan: ParsedPlan) -> None:
    action = plan.action(30)
    assert action.text == (
        "De Federatie Opvang werkt aan het verbeteren van het Meldpunt Open Plaatsen (MOP)"
    )
    assert action.initiators == (VWS,)
    assert action.end_date is not None
    assert action.end_date.value == dt.date(2007, 1, 1)
    assert action.theme is not None
    assert action.theme.title == "Opvang en hulpverlening"
    assert action.context_references == refs(("NRM3", "28"))


def test_action_44_footnote_inside_progress_note(plan: ParsedPlan) -> None:
    (note,) = plan.action(44).progress_notes
    assert "implementatie van de voorstellen uit het project" in note.text
    assert "Korpsmonitor prostitutie/mensenhandel 2003" not in note.text
    assert note.text.endswith("De Korpsmonitor 2004 komt in februari 2005 beschikbaar.")


def test_action_51_note_after_initiators_line(plan: ParsedPlan) -> None:
    action = plan.action(51)
    assert action.text.endswith("in beeld komen (OBP4.23)")
    assert action.references == refs(("OBP", "4.23"))
    assert action.initiators == (J, SZW)
    (note,) = action.progress_notes
    assert note.heading == "Voortgang"
    assert note.text.startswith("er heeft een verkennend overleg met de SIOD plaatsgevonden.")
    assert note.postponed_to is not None
    assert note.postponed_to.value == dt.date(2005, 5, 1)


def test_action_58_text_split_by_initiators_line(plan: ParsedPlan) -> None:
    action = plan.action(58)
    assert action.text.endswith(
        f"bij de invulling van de {ACUTE}intensivering operationeel "
        f"vreemdelingentoezicht{ACUTE} uit het Landelijk Kader Nederlandse Politie "
        "(OBP4.10)."
    )
    assert action.initiators == (VI, BZK)
    (note,) = action.progress_notes
    assert note.text.startswith("de inbreng van informatie en deskundigheid")


def test_action_60_postponed_beyond_end_date(plan: ParsedPlan) -> None:
    action = plan.action(60)
    assert action.end_date is not None
    assert action.end_date.value == dt.date(2005, 1, 1)
    (note,) = action.progress_notes
    assert "Kamerstukken" not in note.text
    assert note.postponed_to is not None
    assert note.postponed_to.value == dt.date(2005, 5, 1)


@pytest.mark.parametrize("number", [31, 54, 55, 56])
def test_stand_van_zaken_notes(plan: ParsedPlan, number: int) -> None:
    (note,) = plan.action(number).progress_notes
    assert note.heading == "Stand van zaken"
    assert note.postponed_to is None


def test_action_65(plan: ParsedPlan) -> None:
    action = plan.action(65)
    assert action.text.startswith("STV informeert via een folder en de website alle partners")
    assert action.text.endswith("aan de registrerende instanties")
    assert action.initiators == (J,)
    assert action.theme is not None
    assert (action.theme.number, action.theme.title) == (
        "6",
        "Onderzoek en registratie",
    )
    assert action.context_references == refs(
        ("NRM3", "27"), ("OVSE", "IV 1.1-1.3"), ("OVSE", "IV 6.1-6.2")
    )


def test_action_66(plan: ParsedPlan) -> None:
    action = plan.action(66)
    assert action.text == (
        "Gezamenlijk met STV wordt een lijst met eenduidige criteria ontwikkeld voor "
        "de toets of sprake is van een slachtoffer"
    )
    assert action.initiators == (J,)
    assert action.end_date is not None
    assert action.end_date.value == dt.date(2005, 5, 1)


def test_action_67_page_number_and_end_of_year(plan: ParsedPlan) -> None:
    action = plan.action(67)
    assert action.text == (
        "In de tweede evaluatie van de opheffing van het algemeen bordeelverbod "
        "(2e helft 2005) komen landelijke overzichten beschikbaar van de resultaten "
        "van bestuurlijke controles en het daarop (eventueel) gevolgde bestuurlijke "
        "ingrijpen in de prostitutiebranche."
    )
    assert action.initiators == (BZK, J)
    assert action.end_date is not None
    assert (action.end_date.kind, action.end_date.value, action.end_date.text) == (
        DateKind.APPROXIMATE,
        dt.date(2005, 12, 31),
        "Eind 2005",
    )


def test_action_68_initiators_over_several_lines(plan: ParsedPlan) -> None:
    action = plan.action(68)
    assert action.text == (
        "In internationaal verband blijven aandringen op het totstandbrengen "
        f"{LEFT_QUOTE}national referral systems{RIGHT_QUOTE}, zoals de Nationaal "
        "Rapporteur Mensenhandel"
    )
    assert action.initiators == (Ministry.ALL,)
    assert action.initiators_text == "Alle betrokken departementen"
    assert action.end_date is not None
    assert action.end_date.kind is DateKind.ONGOING


# -- parsers of single fields ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("1 mei 2005", DateKind.EXACT, dt.date(2005, 5, 1)),
        ("1 september 2005", DateKind.EXACT, dt.date(2005, 9, 1)),
        ("1 sept. 2005", DateKind.EXACT, dt.date(2005, 9, 1)),
        ("1 sept 2005", DateKind.EXACT, dt.date(2005, 9, 1)),
        ("1  januari   2008", DateKind.EXACT, dt.date(2008, 1, 1)),
        ("15 okt. 2005", DateKind.EXACT, dt.date(2005, 10, 15)),
        ("Eind 2005", DateKind.APPROXIMATE, dt.date(2005, 12, 31)),
        ("eind mei 2005", DateKind.APPROXIMATE, dt.date(2005, 5, 31)),
        ("medio 2005", DateKind.APPROXIMATE, dt.date(2005, 6, 30)),
        ("begin 2006", DateKind.APPROXIMATE, dt.date(2006, 3, 31)),
        ("1e helft 2005", DateKind.APPROXIMATE, dt.date(2005, 6, 30)),
        ("2e helft 2005", DateKind.APPROXIMATE, dt.date(2005, 12, 31)),
        ("februari 2008", DateKind.APPROXIMATE, dt.date(2008, 2, 29)),
        ("2005", DateKind.APPROXIMATE, dt.date(2005, 12, 31)),
        ("doorlopend", DateKind.ONGOING, None),
        ("Doorlopend", DateKind.ONGOING, None),
        ("door1opend", DateKind.ONGOING, None),
    ],
)
def test_parse_end_date(text: str, kind: DateKind, value: dt.date | None) -> None:
    end_date = parse_end_date(text)
    assert end_date is not None
    assert (end_date.kind, end_date.value) == (kind, value)
    assert end_date.text == " ".join(text.split())  # original spelling kept


@pytest.mark.parametrize(
    "text",
    ["", "31 februari 2005", "1 mai 2005", "1 mei", "binnenkort", "z.s.m.", "1 mei 05"],
)
def test_parse_end_date_refuses(text: str) -> None:
    assert parse_end_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(OBP6.3)", [("OBP", "6.3")]),
        ("(OBP4,3; zie ook par. 5.2.2)", [("OBP", "4.3")]),
        ("(OBP4.8 en 4.10)", [("OBP", "4.8"), ("OBP", "4.10")]),
        ("(NRM3, 11 en OVSE, V8.1)", [("NRM3", "11"), ("OVSE", "V 8.1")]),
        ("(NRM3.48 en 3.49)", [("NRM3", "48"), ("NRM3", "49")]),
        ("(NRM3,40 en 3,50 en OVSE III3.1-3.4)",
         [("NRM3", "40"), ("NRM3", "50"), ("OVSE", "III 3.1-3.4")]),
        ("(NRM3,1 en OVSE III, 1.1.-1.8, 2.2).13",
         [("NRM3", "1"), ("OVSE", "III 1.1-1.8"), ("OVSE", "III 2.2")]),
        ("(NRM3, 12 en OVSE V4.2, 8.2 en 9.1)",
         [("NRM3", "12"), ("OVSE", "V 4.2"), ("OVSE", "V 8.2"), ("OVSE", "V 9.1")]),
        ("(NRM3,31, OVSE V3.1 en 3.6, VI 1-3)",
         [("NRM3", "31"), ("OVSE", "V 3.1"), ("OVSE", "V 3.6"), ("OVSE", "VI 1-3")]),
        ("(NRM3,56; OVSE III 5.1-5.2 en IV 4.4 en Unicef\npag. 29-2)",
         [("NRM3", "56"), ("OVSE", "III 5.1-5.2"), ("OVSE", "IV 4.4"),
          ("Unicef", "29-2")]),
        ("(NRM1, OVSE IV3.1-3.3, TdH\n16)",
         [("NRM1", None), ("OVSE", "IV 3.1-3.3"), ("TdH", "16")]),
        ("(NRM1,26 en NRM3,39)", [("NRM1", "26"), ("NRM3", "39")]),
        ("(OBP4.6, Unicef pag. 29-4.)", [("OBP", "4.6"), ("Unicef", "29-4")]),
        ("(NRM3,36 en 63, OBP1.3)", [("NRM3", "36"), ("NRM3", "63"), ("OBP", "1.3")]),
        ("(NRM3,2) en later weer (NRM3,2)", [("NRM3", "2")]),  # no duplicates
        # Placeholders and ordinary words are not citations.
        ("(NRM3, nr.) (OBP, nr.) (Unicef, pag.) (OVSE, nr.) (TdH, nr.)", []),
        ("het OVSE voorzitterschap, het OVSE-Actieplan en het Unicef-rapport", []),
    ],
)  # fmt: skip
def test_parse_references(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert parse_references(text) == refs(*expected)


@pytest.mark.parametrize(
    ("text", "known", "unknown"),
    [
        ("Justitie", (J,), ()),
        ("Justitie en BuZa", (J, BZ), ()),
        ("Justitie en BZ", (J, BZ), ()),
        ("Justitie, SZW, Fin.", (J, SZW, Ministry.FINANCE), ()),
        ("BZK/Justitie", (BZK, J), ()),
        ("V&I, SZW", (VI, SZW), ()),
        ("Alle betrokken\ndepartementen", (Ministry.ALL,), ()),
        ("Justitie en LNV", (J,), ("LNV",)),
    ],
)
def test_parse_initiators(text: str, known: tuple[Ministry, ...], unknown: tuple[str, ...]) -> None:
    assert parse_initiators(text) == (known, unknown)


# -- imperfect input is reported, not guessed ------------------------------------

BROKEN_PLAN = """\
 1  Inleiding

Nr. Actie Initiatief Einddatum
1 Een actie zonder problemen
Justitie 1 mei 2005

Nr. Actie Initiatief Einddatum
2 Een actie van een onbekend ministerie
LNV 1 mei 2005

Nr. Actie Initiatief Einddatum
4 Een actie met een onleesbare datum
Justitie 1 mai 2005
Voortgang: het loopt vertraging op. Uitstel tot nader order.

Nr. Actie Initiatief Einddatum
5 Een actie waarvan alleen de einddatum

is blijven staan

doorlopend

Nr. Actie Initiatief Einddatum
6 Een actie met alleen een einddatum
doorlopend

Nr. Actie Initiatief Einddatum
7 Een actie zonder initiatiefnemer en einddatum

Hier gaat de gewone tekst van de nota verder, over de volle breedte van de pagina.

Nr. Actie Initiatief Einddatum

Hier had een genummerde actie moeten staan, maar er staat alleen wat tekst.
"""


def test_broken_input_is_reported_with_line_numbers() -> None:
    plan = parse_plan(BROKEN_PLAN, expected_actions=8)
    assert [a.number for a in plan.actions] == [1, 2, 4, 5, 6, 7]
    found = {(p.action, p.line, p.reason) for p in plan.errors}
    assert found == {
        (2, 9, "unknown initiator(s) 'LNV'"),
        (3, None, "action 3 not found"),
        (4, 13, "end date '1 mai 2005' not readable"),
        (4, 14, "postponement 'Uitstel tot nader order.' has no readable date"),
        (5, 21, "end date without initiators; the lines above read 'is blijven staan'"),
        (6, 25, "end date without initiators above it"),
        (7, 28, "no initiators and end date found"),
        (8, None, "action 8 not found"),
        (None, 32, "action table header not followed by a numbered action"),
    }
    assert plan.action(1).end_date is not None
    assert plan.problems_for(1) == ()
    assert plan.action(2).initiators == ()
    assert plan.action(2).initiators_text == "LNV"
    assert plan.action(4).end_date is None
    # The note after the initiators line is still read, with a warning.
    assert [n.heading for n in plan.action(4).progress_notes] == ["Voortgang"]
    assert [p.line for p in plan.warnings] == [14]
    # Unreadable initiators stay in the text rather than being guessed away.
    assert plan.action(5).text == "Een actie waarvan alleen de einddatum is blijven staan"
    assert plan.action(6).end_date is not None  # the date itself was readable
    assert plan.action(7).text == "Een actie zonder initiatiefnemer en einddatum"


def test_duplicate_and_out_of_order_numbers_are_reported() -> None:
    block = "Nr. Actie Initiatief Einddatum\n{n} Actie {n}\nJustitie 1 mei 2005\n\n"
    plan = parse_plan("".join(block.format(n=n) for n in (1, 3, 2, 3)))
    reasons = [p.reason for p in plan.errors]
    assert reasons == ["action 2 out of order (after 3)", "action 3 appears twice"]


def test_footnotes_without_a_following_page_are_reported() -> None:
    separator = " " * 65
    body = "\n".join(f"regel {n} van de tekst" for n in range(50))
    plan = parse_plan(f"Tekst.\n{separator}\n1 Een voetnoot.\n{body}\n")
    (warning,) = plan.warnings
    assert warning.line == 2
    assert warning.reason.startswith("footnote block of 52 lines (to line 53)")


def test_empty_text() -> None:
    plan = parse_plan("", expected_actions=1)
    assert plan.actions == ()
    assert [p.reason for p in plan.problems] == ["action 1 not found"]


def test_parser_does_not_import_django() -> None:
    code = (
        "import sys, schakel.programme.plan_text; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603 -- our own interpreter, fixed code
