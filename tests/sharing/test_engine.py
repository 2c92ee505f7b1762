"""The rule engine: table-driven and property tests (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schakel.sharing.datafile import DataFileError, load, parse
from schakel.sharing.engine import RuleLine, all_combinations, line_errors, resolve
from schakel.sharing.vocabulary import (
    SHARING_CATEGORIES,
    SHARING_PURPOSES,
    Decision,
    Domain,
    LegalBasis,
    domain_of,
)

DOMAINS = [str(d) for d in Domain]
PURPOSES = [str(p) for p in SHARING_PURPOSES]
CATEGORIES = [str(c) for c in SHARING_CATEGORIES]
TOTAL = len(DOMAINS) ** 2 * len(PURPOSES) * len(CATEGORIES)


def test_the_shipped_rule_set_decides_every_combination_without_conflict() -> None:
    data = load()
    resolution = resolve(data.lines)
    assert resolution.complete
    assert len(resolution.rulings) == TOTAL
    # Every line states a basis and a source.
    assert all(line.source and line.explanation for line in data.lines)


@pytest.mark.parametrize(
    ("combination", "decision", "basis"),
    [
        # Police to the prosecution service: part of criminal justice.
        (
            ("investigation", "prosecution", "prosecution", "suspects"),
            "allowed",
            "legal_obligation",
        ),
        # Care to police: professional secrecy, only under a documented conflict of duties.
        (
            ("care_shelter", "investigation", "investigation", "identity"),
            "necessity",
            "conflict_of_duties",
        ),
        # Health from care: special category, consent only.
        (("care_shelter", "investigation", "investigation", "health"), "consent", "consent"),
        # Criminal data never goes to care.
        (("investigation", "care_shelter", "care_and_shelter", "criminal"), "forbidden", "none"),
        # Prosecution to IND: the Instruction on criminal-procedure data (plan 2004 action 25).
        (("prosecution", "immigration", "immigration", "criminal"), "allowed", "legal_obligation"),
        # Statistics: only report and exploitation facts.
        (
            ("investigation", "registration_statistics", "statistics", "identity"),
            "forbidden",
            "none",
        ),
        (
            ("investigation", "registration_statistics", "statistics", "exploitation"),
            "allowed",
            "public_task",
        ),
        # A purpose outside the recipient's task is refused.
        (("investigation", "care_shelter", "investigation", "identity"), "forbidden", "none"),
    ],
)
def test_default_rules_follow_the_guide(combination, decision: str, basis: str) -> None:
    ruling = resolve(load().lines).rulings[combination]
    assert (ruling.decision, ruling.basis) == (decision, basis)


def test_an_undecided_combination_is_named() -> None:
    lines = [RuleLine(decision="forbidden", basis="none", holders=("investigation",), position=1)]
    resolution = resolve(lines)
    assert not resolution.complete
    assert len(resolution.undecided) == TOTAL - TOTAL // len(DOMAINS)
    assert ("care_shelter", "care_shelter", "care_and_shelter", "report") in resolution.undecided


def test_equally_specific_lines_that_disagree_are_a_conflict() -> None:
    lines = [
        RuleLine(decision="forbidden", basis="none", position=1),
        RuleLine(decision="allowed", basis="public_task", holders=("investigation",), position=2),
        RuleLine(decision="consent", basis="consent", purposes=("investigation",), position=3),
    ]
    resolution = resolve(lines)
    assert resolution.conflicts
    combination, first, second = resolution.conflicts[0]
    assert combination[0] == "investigation"
    assert combination[2] == "investigation"
    assert {first, second} == {2, 3}


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        (RuleLine(decision="allowed", basis="none", position=1), "needs a legal basis"),
        (RuleLine(decision="consent", basis="public_task", position=1), "rests on consent"),
        (RuleLine(decision="maybe", basis="consent", position=1), "unknown decision"),
        (
            RuleLine(decision="allowed", basis="public_task", holders=("army",), position=1),
            "unknown holders",
        ),
    ],
)
def test_bad_lines_are_refused(line: RuleLine, fragment: str) -> None:
    assert any(fragment in e for e in line_errors(line))


def test_a_rule_file_with_a_bad_line_names_it() -> None:
    document = {
        "format": "schakel.sharing.rules/1",
        "version": 9,
        "name_nl": "x",
        "name_en": "x",
        "valid_from": "2026-01-01",
        "source": "test",
        "rules": [
            {
                "decision": "allowed",
                "basis": "none",
                "explanation_nl": "x",
                "explanation_en": "x",
                "source": "x",
            }
        ],
    }
    with pytest.raises(DataFileError, match="line 1"):
        parse(document)


def test_every_organisation_kind_has_a_domain_or_is_outside_on_purpose() -> None:
    from schakel.accounts.roles import OrganisationKind

    assert domain_of(OrganisationKind.OTHER) is None
    assert all(domain_of(k) is not None for k in OrganisationKind if k != OrganisationKind.OTHER)


line_strategy = st.builds(
    RuleLine,
    decision=st.sampled_from(Decision.values),
    basis=st.sampled_from([b for b in LegalBasis.values if b != "none"]),
    holders=st.lists(st.sampled_from(DOMAINS), max_size=2, unique=True).map(tuple),
    recipients=st.lists(st.sampled_from(DOMAINS), max_size=2, unique=True).map(tuple),
    purposes=st.lists(st.sampled_from(PURPOSES), max_size=2, unique=True).map(tuple),
    categories=st.lists(st.sampled_from(CATEGORIES), max_size=2, unique=True).map(tuple),
)


@settings(max_examples=25, deadline=None)
@given(st.lists(line_strategy, max_size=5))
def test_with_a_catch_all_every_combination_is_decided_by_the_most_specific_line(lines) -> None:
    numbered = [RuleLine(decision="forbidden", basis="none", position=0)] + [
        RuleLine(**{**line.__dict__, "position": i}) for i, line in enumerate(lines, start=1)
    ]
    resolution = resolve(numbered)
    assert not resolution.undecided
    for combination in list(all_combinations())[::97]:
        ruling = resolution.rulings[combination]
        covering = [line for line in numbered if line.covers(combination)]
        assert ruling.line.specificity == max(line.specificity for line in covering)
        assert ruling.line.covers(combination)
