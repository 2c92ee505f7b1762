"""Worked examples and the transcription of the ILO/EC 2009 indicators (Schakel version 2).

Source: ILO and European Commission, "Operational indicators of trafficking in human beings.
Results from a Delphi survey implemented by the ILO and the European Commission", first
published March 2009, revised September 2009 (ILO WCMS_105023). The brochure gives the rule,
not case studies, so each example below applies the published rule to a situation described
with the set's own indicators: an element is present with at least two strong indicators, or
one strong and one medium or weak, or three medium, or two medium and one weak; an adult is a
presumed victim when a recruitment element, the exploitation element and a means element at
destination are all present; for a child the means are not required. What was checked, and
against what, is recorded in data/ilo_2009.json (``verification``) and docs/identification.md.
"""

from __future__ import annotations

import pytest

from schakel.identification.datafile import read_lists, shipped_files
from schakel.identification.evaluation import (
    AgeRule,
    Conclusion,
    Criteria,
    ElementSpec,
    ListSpec,
    Strength,
    evaluate,
)

S, M, W = Strength.STRONG, Strength.MEDIUM, Strength.WEAK


def _data(family: str, version: int):
    return next(
        d
        for p in shipped_files()
        for d in read_lists(p)
        if d.family == family and d.version == version
    )


def _spec(family: str, version: int = 2) -> ListSpec:
    data = _data(family, version)
    return ListSpec(
        elements=tuple(
            ElementSpec(
                code=e.code,
                kind=e.kind,
                indicators={i.code: i.strength for i in data.indicators if i.element == e.code},
            )
            for e in data.elements
        ),
        criteria=Criteria.from_data(data.criteria),
    )


ADULT_LABOUR = _spec("ilo-2009-adults-labour")
CHILD_LABOUR = _spec("ilo-2009-children-labour")


def _only(spec: ListSpec, observed: list[str], *, minor: bool | None):
    return evaluate(spec, observed, minor=minor)


# -- the element rule: each published combination, and what falls short -------------------------


@pytest.mark.parametrize(
    ("observed", "present"),
    [
        # coercion at destination, adults: passport kept (strong) and a debt (strong)
        (["cd_documents", "cd_debt"], True),
        # one strong plus one medium: passport kept, wages withheld
        (["cd_documents", "cd_wages"], True),
        # one strong plus one weak: passport kept, threat to tell the family
        (["cd_documents", "cd_inform"], True),
        # three medium: threats of violence, of denunciation, to lie to the authorities
        (["cd_threat", "cd_denounce", "cd_lie"], True),
        # two medium plus one weak
        (["cd_threat", "cd_denounce", "cd_inform"], True),
        # short of every combination
        (["cd_documents"], False),
        (["cd_threat", "cd_denounce"], False),
        (["cd_threat", "cd_inform"], False),
        (["cd_inform"], False),
    ],
)
def test_each_published_combination_makes_an_element_present(observed, present) -> None:
    result = _only(ADULT_LABOUR, observed, minor=False)
    assert result.element("coercion_destination").present is present


def test_two_medium_and_one_weak_is_new_in_version_2() -> None:
    # Dependent on the employer for housing and transport, in poverty (both medium), earlier
    # exploited (weak): abuse of vulnerability at destination. Version 1 missed this.
    observed = ["vd_dependency", "vd_economic", "vd_past"]
    assert _only(ADULT_LABOUR, observed, minor=False).element("vulnerability_destination").present
    version_1 = _spec("ilo-2009-adults-labour", version=1)
    assert not _only(version_1, observed, minor=False).element("vulnerability_destination").present


# -- the combination rule: adults ------------------------------------------------------------


def test_adult_recruited_by_deception_exploited_and_coerced_is_a_presumed_victim() -> None:
    # Promised a warehouse job, put on a farm (strong), paid less than agreed (medium);
    # 14-hour days (strong), living in a barn (medium); passport and phone taken (strong),
    # locked in at night (strong).
    result = _only(
        ADULT_LABOUR,
        ["dr_job", "dr_wages", "ex_hours", "ex_living", "cd_documents", "cd_isolation"],
        minor=False,
    )
    (outcome,) = result.outcomes
    assert outcome.conclusion == Conclusion.INDICATED
    assert outcome.carried_by == ("coercion_destination", "deceptive_recruitment", "exploitation")


def test_adult_abuse_of_vulnerability_can_stand_for_deception_and_coercion() -> None:
    # No lie, no force: recruited while undocumented and without money (two medium) and
    # without knowing the rules (medium); exploited; dependent on the exploiter and without a
    # residence permit at destination (two medium) plus a weak indicator.
    observed = ["vr_status", "vr_economic", "vr_information"]
    observed += ["ex_hours", "ex_pay"]
    observed += ["vd_dependency", "vd_status", "vd_personal"]
    (outcome,) = _only(ADULT_LABOUR, observed, minor=False).outcomes
    assert outcome.conclusion == Conclusion.INDICATED
    assert outcome.carried_by == (
        "exploitation",
        "vulnerability_destination",
        "vulnerability_recruitment",
    )


def test_exploited_adult_without_recruitment_or_means_is_not_a_presumed_victim() -> None:
    # Bad job: long hours, low pay, bad housing - exploitation alone is not trafficking.
    (outcome,) = _only(ADULT_LABOUR, ["ex_hours", "ex_pay", "ex_living"], minor=False).outcomes
    assert outcome.conclusion == Conclusion.PARTIAL
    assert outcome.carried_by == ("exploitation",)
    assert outcome.missing == (
        ("coercive_recruitment", "deceptive_recruitment", "vulnerability_recruitment"),
        ("coercion_destination", "vulnerability_destination"),
    )


def test_deceived_and_exploited_adult_without_means_at_destination_is_not_indicated() -> None:
    (outcome,) = _only(
        ADULT_LABOUR, ["dr_job", "dr_conditions", "ex_hours", "ex_pay"], minor=False
    ).outcomes
    assert outcome.conclusion == Conclusion.PARTIAL
    assert outcome.missing == (("coercion_destination", "vulnerability_destination"),)


def test_indicators_under_several_elements_below_every_threshold_conclude_nothing() -> None:
    # One indicator in each element: no element reaches a threshold.
    (outcome,) = _only(
        ADULT_LABOUR,
        ["dr_wages", "cr_threat", "vr_economic", "ex_pay", "cd_wages", "vd_economic"],
        minor=False,
    ).outcomes
    assert outcome.conclusion == Conclusion.NOT_INDICATED


# -- the combination rule: children ----------------------------------------------------------


def test_child_needs_no_means_element() -> None:
    # A 15-year-old promised schooling abroad (strong for children) and a job (strong), put to
    # work excessive hours (strong) for no pay (medium); nothing at destination.
    observed = ["dr_education", "dr_job", "ex_hours", "ex_pay"]
    (child,) = _only(CHILD_LABOUR, observed, minor=True).outcomes
    assert child.age_rule == AgeRule.CHILD
    assert child.conclusion == Conclusion.INDICATED
    assert child.carried_by == ("deceptive_recruitment", "exploitation")


def test_child_threatened_and_in_debt_at_recruitment_version_2_strengths() -> None:
    # For children, threats of violence and debt bondage at recruitment are strong (version 2):
    # together they make coercive recruitment present, where version 1 (both medium) did not.
    observed = ["cr_threat", "cr_debt", "ex_hours", "ex_conditions"]
    (child,) = _only(CHILD_LABOUR, observed, minor=True).outcomes
    assert child.conclusion == Conclusion.INDICATED
    version_1 = _spec("ilo-2009-children-labour", version=1)
    assert _only(version_1, observed, minor=True).outcomes[0].conclusion == Conclusion.PARTIAL


def test_child_without_a_recruitment_element_is_not_indicated() -> None:
    (child,) = _only(CHILD_LABOUR, ["ex_hours", "ex_pay", "ex_living"], minor=True).outcomes
    assert child.conclusion == Conclusion.PARTIAL
    assert child.missing == (
        ("coercive_recruitment", "deceptive_recruitment", "vulnerability_recruitment"),
    )


def test_age_unknown_gives_both_outcomes_with_the_same_elements() -> None:
    observed = ["dr_education", "dr_job", "ex_hours", "ex_pay"]
    result = _only(CHILD_LABOUR, observed, minor=None)
    assert [(o.age_rule, o.conclusion) for o in result.outcomes] == [
        (AgeRule.ADULT, Conclusion.PARTIAL),
        (AgeRule.CHILD, Conclusion.INDICATED),
    ]


# -- the transcription of the two labour sets (cross-checked; see the module docstring) --------


ADULT_LABOUR_EXPECTED = {
    "deceptive_recruitment": {
        S: {"dr_job"},
        M: {
            "dr_conditions",
            "dr_contract",
            "dr_family",
            "dr_housing",
            "dr_documents",
            "dr_travel",
            "dr_wages",
            "dr_marriage",
        },
        W: {"dr_education"},
    },
    "coercive_recruitment": {
        S: {"cr_violence"},
        M: {
            "cr_abduction",
            "cr_documents",
            "cr_debt",
            "cr_isolation",
            "cr_denounce",
            "cr_threat",
            "cr_family_violence",
            "cr_money",
            "cr_inform",
        },
        W: set(),
    },
    "vulnerability_recruitment": {
        S: set(),
        M: {
            "vr_family",
            "vr_status",
            "vr_education",
            "vr_information",
            "vr_control",
            "vr_economic",
            "vr_law",
            "vr_migration",
            "vr_dependency",
            "vr_personal",
            "vr_family_situation",
            "vr_authorities",
            "vr_past",
            "vr_travel",
        },
        W: {"vr_cultural", "vr_general"},
    },
    "exploitation": {
        S: {"ex_hours"},
        M: {
            "ex_living",
            "ex_hazard",
            "ex_pay",
            "ex_labour_law",
            "ex_protection",
            "ex_conditions",
            "ex_wage_manipulation",
        },
        W: {"ex_no_education"},
    },
    "coercion_destination": {
        S: {"cd_documents", "cd_debt", "cd_isolation", "cd_violence"},
        M: {
            "cd_criminal",
            "cd_tasks",
            "cd_peers",
            "cd_lie",
            "cd_denounce",
            "cd_worse",
            "cd_threat",
            "cd_influence",
            "cd_family_violence",
            "cd_wages",
        },
        W: {"cd_inform"},
    },
    "vulnerability_destination": {
        S: set(),
        M: {"vd_dependency", "vd_unknown_area", "vd_economic", "vd_family", "vd_status"},
        W: {"vd_past", "vd_personal"},
    },
}

CHILD_LABOUR_EXPECTED = {
    "deceptive_recruitment": {
        S: {"dr_job", "dr_education"},
        M: ADULT_LABOUR_EXPECTED["deceptive_recruitment"][M],
        W: set(),
    },
    "coercive_recruitment": {
        S: {"cr_violence", "cr_threat", "cr_abduction", "cr_debt"},
        M: {
            "cr_documents",
            "cr_isolation",
            "cr_denounce",
            "cr_inform",
            "cr_family_violence",
            "cr_money",
        },
        W: set(),
    },
    "vulnerability_recruitment": {
        S: set(),
        M: (ADULT_LABOUR_EXPECTED["vulnerability_recruitment"][M] - {"vr_law"})
        | {"vr_cultural", "vr_general"},
        W: set(),
    },
    "exploitation": {
        S: {"ex_hours"},
        M: {
            "ex_living",
            "ex_hazard",
            "ex_pay",
            "ex_labour_law",
            "ex_conditions",
            "ex_wage_manipulation",
            "ex_no_education",
        },
        W: set(),
    },
    "coercion_destination": {
        S: {
            "cd_documents",
            "cd_debt",
            "cd_isolation",
            "cd_violence",
            "cd_threat",
            "cd_criminal",
            "cd_tasks",
            "cd_influence",
        },
        M: {
            "cd_peers",
            "cd_lie",
            "cd_denounce",
            "cd_worse",
            "cd_family_violence",
            "cd_wages",
            "cd_inform",
        },
        W: set(),
    },
    "vulnerability_destination": {
        S: set(),
        M: {
            "vd_dependency",
            "vd_unknown_area",
            "vd_economic",
            "vd_family",
            "vd_status",
            "vd_past",
            "vd_personal",
        },
        W: set(),
    },
}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [(ADULT_LABOUR, ADULT_LABOUR_EXPECTED), (CHILD_LABOUR, CHILD_LABOUR_EXPECTED)],
    ids=["adults-labour", "children-labour"],
)
def test_labour_sets_match_the_cross_checked_table(spec: ListSpec, expected: dict) -> None:
    actual = {
        e.code: {s: {c for c, cs in e.indicators.items() if cs == s} for s in (S, M, W)}
        for e in spec.elements
    }
    assert actual == expected


def test_every_version_2_set_uses_the_four_published_combinations() -> None:
    for family in (
        "ilo-2009-adults-labour",
        "ilo-2009-adults-sexual",
        "ilo-2009-children-labour",
        "ilo-2009-children-sexual",
    ):
        assert _data(family, 2).criteria["element_present_if"] == [
            {"strong": 2},
            {"strong": 1, "weak": 1},
            {"medium": 3},
            {"medium": 2, "weak": 1},
        ]


def test_adult_labour_set_has_the_published_number_of_indicators_per_element() -> None:
    # Seafish TESS record of the ILO operational indicators: 10, 10, 16, 9, 15 and 7 (67).
    counts = {e.code: len(e.indicators) for e in ADULT_LABOUR.elements}
    assert counts == {
        "deceptive_recruitment": 10,
        "coercive_recruitment": 10,
        "vulnerability_recruitment": 16,
        "exploitation": 9,
        "coercion_destination": 15,
        "vulnerability_destination": 7,
    }
    assert sum(len(e.indicators) for e in CHILD_LABOUR.elements) == 65
