"""The criteria test as a pure function: tables, properties (hypothesis) and worked examples.

The worked examples apply the rule of the ILO/EC "Operational indicators of trafficking in
human beings" (revised September 2009) to situations described with its indicators; they are
constructed here, the document itself gives no case studies.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schakel.identification.datafile import read_lists, shipped_files
from schakel.identification.evaluation import (
    AgeRule,
    Conclusion,
    Criteria,
    ElementKind,
    ElementSpec,
    ListSpec,
    Strength,
    Threshold,
    UnknownIndicator,
    decision_departs,
    diff_versions,
    evaluate,
    spec_problems,
)

S, M, W = Strength.STRONG, Strength.MEDIUM, Strength.WEAK


def _spec_from_file(family: str) -> ListSpec:
    # the newest shipped version of the list (the one in force)
    data = max(
        (d for p in shipped_files() for d in read_lists(p) if d.family == family),
        key=lambda d: d.version,
    )
    elements = tuple(
        ElementSpec(
            code=e.code,
            kind=e.kind,
            indicators={i.code: i.strength for i in data.indicators if i.element == e.code},
        )
        for e in data.elements
    )
    return ListSpec(elements=elements, criteria=Criteria.from_data(data.criteria))


ADULT_LABOUR = _spec_from_file("ilo-2009-adults-labour")
CHILD_SEXUAL = _spec_from_file("ilo-2009-children-sexual")
ALL_CODES = sorted(ADULT_LABOUR.strength_of())


# -- thresholds -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("threshold", "counts", "met"),
    [
        (Threshold(strong=2), {S: 2}, True),
        (Threshold(strong=2), {S: 1, M: 5}, False),
        (Threshold(strong=1, weak=1), {S: 1, W: 1}, True),
        (Threshold(strong=1, weak=1), {S: 1, M: 1}, True),  # medium fills a weak place
        (Threshold(strong=1, weak=1), {S: 2}, True),  # strong fills a weak place
        (Threshold(strong=1, weak=1), {S: 1}, False),
        (Threshold(medium=3), {M: 2, W: 5}, False),
        (Threshold(medium=3), {M: 2, S: 1}, True),
        (Threshold(medium=3), {}, False),
    ],
)
def test_threshold_table(threshold: Threshold, counts: dict, met: bool) -> None:
    assert threshold.met_by(counts) is met


# -- worked examples with the shipped adult labour set -----------------------------------------


def test_worked_example_adult_labour_indicates_trafficking() -> None:
    # Promised a job in a warehouse, sent to a farm (strong) for less pay than agreed (medium);
    # 14-hour days (strong) for almost no pay (medium); passport taken and a travel debt
    # that never shrinks (both strong).
    result = evaluate(
        ADULT_LABOUR,
        ["dr_job", "dr_wages", "ex_hours", "ex_pay", "cd_documents", "cd_debt"],
        minor=False,
    )
    (outcome,) = result.outcomes
    assert outcome.age_rule == AgeRule.ADULT
    assert outcome.conclusion == Conclusion.INDICATED
    assert outcome.carried_by == ("coercion_destination", "deceptive_recruitment", "exploitation")
    assert set(result.carrying_indicators(outcome)) == {
        "dr_job",
        "dr_wages",
        "ex_hours",
        "ex_pay",
        "cd_documents",
        "cd_debt",
    }


def test_worked_example_adult_without_means_is_partial_but_a_child_is_indicated() -> None:
    observed = ["dr_job", "dr_wages", "ex_hours", "ex_pay"]
    adult = evaluate(ADULT_LABOUR, observed, minor=False).outcomes[0]
    child = evaluate(ADULT_LABOUR, observed, minor=True).outcomes[0]
    assert adult.conclusion == Conclusion.PARTIAL
    assert adult.missing == (("coercion_destination", "vulnerability_destination"),)
    assert child.conclusion == Conclusion.INDICATED


def test_age_unknown_shows_both_outcomes() -> None:
    result = evaluate(ADULT_LABOUR, ["dr_job", "dr_wages", "ex_hours", "ex_pay"], minor=None)
    assert [(o.age_rule, o.conclusion) for o in result.outcomes] == [
        (AgeRule.ADULT, Conclusion.PARTIAL),
        (AgeRule.CHILD, Conclusion.INDICATED),
    ]


def test_one_strong_indicator_alone_does_not_make_an_element_present() -> None:
    result = evaluate(ADULT_LABOUR, ["ex_hours"], minor=False)
    assert result.element("exploitation").present is False
    assert result.outcomes[0].conclusion == Conclusion.NOT_INDICATED


def test_unknown_indicator_is_refused() -> None:
    with pytest.raises(UnknownIndicator):
        evaluate(ADULT_LABOUR, ["made_up"], minor=False)


# -- properties ---------------------------------------------------------------------------------


codes = st.lists(st.sampled_from(ALL_CODES), unique=True, max_size=25)
ages = st.sampled_from([True, False, None])


@settings(max_examples=150, deadline=None)
@given(observed=codes, extra=st.sampled_from(ALL_CODES), minor=ages)
def test_adding_an_indicator_never_weakens_the_conclusion(observed, extra, minor) -> None:
    before = evaluate(ADULT_LABOUR, observed, minor=minor)
    after = evaluate(ADULT_LABOUR, [*observed, extra], minor=minor)
    for old, new in zip(before.outcomes, after.outcomes, strict=True):
        assert new.conclusion >= old.conclusion
    assert set(before.present) <= set(after.present)


@settings(max_examples=150, deadline=None)
@given(observed=codes)
def test_a_child_case_never_needs_a_means_element(observed) -> None:
    without_means = [
        c
        for c in observed
        if ADULT_LABOUR.strength_of()[c][0]
        not in {"coercion_destination", "vulnerability_destination"}
    ]
    with_all = evaluate(ADULT_LABOUR, observed, minor=True).outcomes[0]
    without = evaluate(ADULT_LABOUR, without_means, minor=True).outcomes[0]
    assert with_all.conclusion == without.conclusion
    assert not {"coercion_destination", "vulnerability_destination"} & {
        c for group in ADULT_LABOUR.criteria.child_rule for c in group
    }


@settings(max_examples=100, deadline=None)
@given(observed=codes)
def test_what_indicates_trafficking_for_an_adult_does_so_for_a_child(observed) -> None:
    adult = evaluate(ADULT_LABOUR, observed, minor=False).outcomes[0]
    child = evaluate(ADULT_LABOUR, observed, minor=True).outcomes[0]
    if adult.conclusion == Conclusion.INDICATED:
        assert child.conclusion == Conclusion.INDICATED


@settings(max_examples=100, deadline=None)
@given(observed=codes, minor=ages)
def test_explanation_names_only_present_elements_and_ticked_indicators(observed, minor) -> None:
    result = evaluate(ADULT_LABOUR, observed, minor=minor)
    for outcome in result.outcomes:
        assert set(outcome.carried_by) <= set(result.present)
        assert set(result.carrying_indicators(outcome)) <= set(observed)
        assert (outcome.conclusion == Conclusion.INDICATED) == (not outcome.missing)


@settings(max_examples=100, deadline=None)
@given(
    counts=st.fixed_dictionaries(
        {S: st.integers(0, 4), M: st.integers(0, 4), W: st.integers(0, 4)}
    ),
    strength=st.sampled_from(list(Strength)),
)
def test_threshold_is_monotone(counts, strength) -> None:
    for threshold in ADULT_LABOUR.criteria.element_present_if:
        if threshold.met_by(counts):
            assert threshold.met_by({**counts, strength: counts[strength] + 1})


# -- decisions, publication problems, differences ----------------------------------------------


@pytest.mark.parametrize(
    ("conclusions", "registering", "departs"),
    [
        ([Conclusion.INDICATED], True, False),
        ([Conclusion.INDICATED], False, True),
        ([Conclusion.PARTIAL], True, True),
        ([Conclusion.PARTIAL], False, False),
        ([Conclusion.NOT_INDICATED], True, True),
        ([Conclusion.PARTIAL, Conclusion.INDICATED], True, False),  # age unknown: either fits
        ([Conclusion.PARTIAL, Conclusion.INDICATED], False, False),
        ([Conclusion.INDICATED, Conclusion.INDICATED], False, True),
        ([], True, False),  # no assessment: nothing to depart from
    ],
)
def test_decision_departs(conclusions, registering, departs) -> None:
    assert decision_departs(conclusions, registering=registering) is departs


def test_spec_problems_name_empty_elements_unknown_elements_and_means_for_children() -> None:
    criteria = Criteria(
        element_present_if=(Threshold(strong=2),),
        adult_rule=(frozenset({"a", "ghost"}),),
        child_rule=(frozenset({"m"}),),
    )
    problems = spec_problems(
        ["a", "m"],
        {"a": 3, "m": 0},
        {"a": ElementKind.RECRUITMENT, "m": ElementKind.MEANS},
        criteria,
    )
    assert {(p.kind, p.element) for p in problems} == {
        ("empty_element", "m"),
        ("unknown_element", "ghost"),
        ("means_in_child_rule", "m"),
    }


def test_shipped_sets_are_publishable_and_children_rules_have_no_means() -> None:
    for path in shipped_files():
        for data in read_lists(Path(path)):
            counts = {
                e.code: sum(i.element == e.code for i in data.indicators) for e in data.elements
            }
            kinds = {e.code: e.kind for e in data.elements}
            assert (
                spec_problems(list(counts), counts, kinds, Criteria.from_data(data.criteria)) == []
            ), data.family
    assert len({d.family for p in shipped_files() for d in read_lists(p)}) == 5


def test_every_element_of_the_shipped_sets_can_be_present() -> None:
    for spec in (ADULT_LABOUR, CHILD_SEXUAL):
        everything = evaluate(spec, spec.strength_of(), minor=None)
        assert all(e.present for e in everything.elements)


def test_diff_versions() -> None:
    old = {"a": ("e1", "strong", "tekst"), "b": ("e1", "weak", "b"), "c": ("e2", "weak", "c")}
    new = {"a": ("e1", "medium", "tekst"), "c": ("e3", "weak", "c2"), "d": ("e1", "weak", "d")}
    changes = {(c.kind, c.code) for c in diff_versions(old, new)}
    assert changes == {
        ("strength", "a"),
        ("removed", "b"),
        ("element", "c"),
        ("text", "c"),
        ("added", "d"),
    }
