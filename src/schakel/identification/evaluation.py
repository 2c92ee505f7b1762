"""The criteria test: from ticked indicators to elements, and from elements to a conclusion.

Pure functions of plain values (no database, no clock), so the rule can be read, tested with
hypothesis and reused outside Django.

Source: ILO and European Commission, *Operational indicators of trafficking in human beings.
Results from a Delphi survey implemented by the ILO and the European Commission*, first
published March 2009, revised September 2009 (International Labour Office, Geneva). The
document groups the indicators of each of its four sets (adults/children x labour/sexual
exploitation) under six elements of the Palermo Protocol definition and grades each indicator
strong, medium or weak. Its rule, in our words:

- an element counts as present when the ticked indicators of that element reach a threshold
  (as shipped in version 2: two strong, or one strong and one medium or weak, or three
  medium, or two medium and one weak);
- an adult is a presumed victim when at least one recruitment element (deceptive, coercive,
  or by abuse of vulnerability), the exploitation element, and at least one means element at
  destination (coercion, or abuse of vulnerability) are present;
- for a child the means at destination are not required (Palermo Protocol art. 3(c);
  art. 273f Sr): recruitment and exploitation suffice.

The thresholds and the two rules are data of each list version (``Criteria``), not code: a
registrar can publish a new version with other thresholds and every assessment keeps the
version it was made with. Which parts of the source could be checked, and where, is stated
in ``data/ilo_2009.json`` (``verification``) and docs/identification.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class Strength(StrEnum):
    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"


class ElementKind(StrEnum):
    """Where an element sits in the definition: the act (with or without means) at
    recruitment, the exploitation itself, or the means that keep the person there."""

    RECRUITMENT = "recruitment"
    EXPLOITATION = "exploitation"
    MEANS = "means"


class Conclusion(IntEnum):
    """Ordered: adding an indicator may raise a conclusion, never lower it."""

    NOT_INDICATED = 0  # no group of the rule has a present element
    PARTIAL = 1  # some groups of the rule are met, not all
    INDICATED = 2  # the rule is met: a presumed victim of trafficking

    @property
    def code(self) -> str:
        return self.name.lower()


class AgeRule(StrEnum):
    ADULT = "adult"
    CHILD = "child"


@dataclass(frozen=True)
class Threshold:
    """At least this many strong, medium and weak indicators; a stronger indicator may fill
    the place of a weaker one (so "one strong plus one medium or weak" is strong=1, weak=1)."""

    strong: int = 0
    medium: int = 0
    weak: int = 0

    def met_by(self, counts: Mapping[Strength, int]) -> bool:
        spare = counts.get(Strength.STRONG, 0) - self.strong
        if spare < 0:
            return False
        spare += counts.get(Strength.MEDIUM, 0) - self.medium
        if spare < 0:
            return False
        return spare + counts.get(Strength.WEAK, 0) >= self.weak

    @property
    def total(self) -> int:
        return self.strong + self.medium + self.weak


@dataclass(frozen=True)
class Criteria:
    """When an element is present, and which elements together indicate trafficking.

    A rule is a sequence of groups of element codes: every group needs one present element.
    """

    element_present_if: tuple[Threshold, ...]
    adult_rule: tuple[frozenset[str], ...]
    child_rule: tuple[frozenset[str], ...]

    def rule_for(self, age_rule: AgeRule) -> tuple[frozenset[str], ...]:
        return self.adult_rule if age_rule == AgeRule.ADULT else self.child_rule

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Criteria:
        """From the JSON stored with a list version; raises ValueError on a malformed one."""
        try:
            thresholds = tuple(
                Threshold(**{str(k): int(v) for k, v in dict(t).items()})
                for t in data["element_present_if"]  # type: ignore[attr-defined]
            )
            adult = tuple(frozenset(g) for g in data["adult_rule"])  # type: ignore[attr-defined]
            child = tuple(frozenset(g) for g in data["child_rule"])  # type: ignore[attr-defined]
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"malformed criteria: {exc}") from exc
        return cls(element_present_if=thresholds, adult_rule=adult, child_rule=child)

    def to_data(self) -> dict[str, object]:
        return {
            "element_present_if": [
                {k: v for k, v in vars(t).items() if v} for t in self.element_present_if
            ],
            "adult_rule": [sorted(g) for g in self.adult_rule],
            "child_rule": [sorted(g) for g in self.child_rule],
        }


@dataclass(frozen=True)
class ElementSpec:
    code: str
    kind: ElementKind
    indicators: Mapping[str, Strength]  # indicator code -> strength


@dataclass(frozen=True)
class ListSpec:
    elements: tuple[ElementSpec, ...]
    criteria: Criteria

    def strength_of(self) -> dict[str, tuple[str, Strength]]:
        """indicator code -> (element code, strength)."""
        return {code: (e.code, s) for e in self.elements for code, s in e.indicators.items()}


@dataclass(frozen=True)
class ElementResult:
    code: str
    kind: ElementKind
    present: bool
    observed: tuple[str, ...]  # indicator codes ticked under this element
    counts: Mapping[Strength, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    age_rule: AgeRule
    conclusion: Conclusion
    carried_by: tuple[str, ...]  # present elements that meet a group of the rule
    missing: tuple[tuple[str, ...], ...]  # groups of the rule without a present element


@dataclass(frozen=True)
class Evaluation:
    elements: tuple[ElementResult, ...]
    outcomes: tuple[Outcome, ...]  # one, or both (adult first) when the age is unknown
    minor: bool | None

    def element(self, code: str) -> ElementResult:
        return next(e for e in self.elements if e.code == code)

    @property
    def present(self) -> tuple[str, ...]:
        return tuple(e.code for e in self.elements if e.present)

    def carrying_indicators(self, outcome: Outcome) -> tuple[str, ...]:
        return tuple(i for e in self.elements if e.code in outcome.carried_by for i in e.observed)


class UnknownIndicator(ValueError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"unknown indicator {code!r}")


def age_rules_for(minor: bool | None) -> tuple[AgeRule, ...]:
    """A minor at the start of the exploitation is judged by the child rule, an adult by the
    adult rule; when the age cannot be told, by both (and both outcomes are shown)."""
    if minor is True:
        return (AgeRule.CHILD,)
    if minor is False:
        return (AgeRule.ADULT,)
    return (AgeRule.ADULT, AgeRule.CHILD)


def element_present(counts: Mapping[Strength, int], thresholds: Sequence[Threshold]) -> bool:
    return any(t.met_by(counts) for t in thresholds)


def outcome_for(
    present: frozenset[str], rule: Sequence[frozenset[str]], age_rule: AgeRule
) -> Outcome:
    met = [group & present for group in rule]
    missing = tuple(tuple(sorted(g)) for g, hit in zip(rule, met, strict=True) if not hit)
    carried = tuple(sorted(set().union(*met))) if met else ()
    if not missing:
        conclusion = Conclusion.INDICATED
    elif any(met):
        conclusion = Conclusion.PARTIAL
    else:
        conclusion = Conclusion.NOT_INDICATED
    return Outcome(age_rule=age_rule, conclusion=conclusion, carried_by=carried, missing=missing)


def evaluate(spec: ListSpec, observed: Iterable[str], *, minor: bool | None) -> Evaluation:
    """Element by element, then the rule(s) chosen by age. Unknown codes raise."""
    lookup = spec.strength_of()
    ticked = set()
    for code in observed:
        if code not in lookup:
            raise UnknownIndicator(code)
        ticked.add(code)
    results = []
    for element in spec.elements:
        mine = tuple(c for c in element.indicators if c in ticked)
        counts = Counter(element.indicators[c] for c in mine)
        results.append(
            ElementResult(
                code=element.code,
                kind=element.kind,
                present=element_present(counts, spec.criteria.element_present_if),
                observed=mine,
                counts=dict(counts),
            )
        )
    present = frozenset(r.code for r in results if r.present)
    outcomes = tuple(
        outcome_for(present, spec.criteria.rule_for(rule), rule) for rule in age_rules_for(minor)
    )
    return Evaluation(elements=tuple(results), outcomes=outcomes, minor=minor)


# -- the decision and its departure from the assessment (issue 4, item 4) ---------------------


def decision_departs(conclusions: Iterable[Conclusion], *, registering: bool) -> bool:
    """Does a registrar's decision go against the assessment?

    Registering departs when no outcome indicates trafficking; not registering departs when
    every outcome does. With the age unknown both outcomes count: a decision that agrees with
    one of them does not depart.
    """
    values = list(conclusions)
    if not values:
        return False
    if registering:
        return all(c != Conclusion.INDICATED for c in values)
    return all(c == Conclusion.INDICATED for c in values)


# -- publishing a list version: what makes it unusable ----------------------------------------


@dataclass(frozen=True)
class Problem:
    """Why a list version cannot be published: ``field`` is the input it is about, ``kind``
    one of the PROBLEM_KINDS, ``element`` the element concerned (if any)."""

    field: str
    kind: str
    element: str = ""


PROBLEM_KINDS = (
    "no_elements",
    "empty_element",
    "empty_threshold",
    "empty_rule",
    "unknown_element",
    "means_in_child_rule",
)


def spec_problems(
    element_codes: Sequence[str],
    indicators_per_element: Mapping[str, int],
    kinds: Mapping[str, ElementKind],
    criteria: Criteria,
) -> list[Problem]:
    """What blocks publication; empty when the version is publishable."""
    problems: list[Problem] = []
    known = set(element_codes)
    if not element_codes:
        problems.append(Problem("elements", "no_elements"))
    problems.extend(
        Problem("elements", "empty_element", code)
        for code in element_codes
        if indicators_per_element.get(code, 0) == 0
    )
    if not criteria.element_present_if or any(t.total == 0 for t in criteria.element_present_if):
        problems.append(Problem("criteria", "empty_threshold"))
    for name, rule in (("adult_rule", criteria.adult_rule), ("child_rule", criteria.child_rule)):
        if not rule or any(not group for group in rule):
            problems.append(Problem(name, "empty_rule"))
        for group in rule:
            problems.extend(Problem(name, "unknown_element", c) for c in sorted(group - known))
    for group in criteria.child_rule:
        problems.extend(
            Problem("child_rule", "means_in_child_rule", c)
            for c in sorted(group & known)
            if kinds.get(c) == ElementKind.MEANS
        )
    return problems


# -- differences between two versions ----------------------------------------------------------


@dataclass(frozen=True)
class Change:
    kind: str  # added, removed, strength, text, element
    code: str
    old: str = ""
    new: str = ""


def diff_versions(
    old: Mapping[str, tuple[str, str, str]], new: Mapping[str, tuple[str, str, str]]
) -> list[Change]:
    """Changes per indicator; values are (element code, strength, Dutch text)."""
    changes: list[Change] = []
    for code in sorted(old.keys() | new.keys()):
        before, after = old.get(code), new.get(code)
        if before is None and after is not None:
            changes.append(Change("added", code, "", f"{after[0]} · {after[1]} · {after[2]}"))
        elif after is None and before is not None:
            changes.append(Change("removed", code, f"{before[0]} · {before[1]} · {before[2]}"))
        elif before is not None and after is not None:
            if before[0] != after[0]:
                changes.append(Change("element", code, before[0], after[0]))
            if before[1] != after[1]:
                changes.append(Change("strength", code, before[1], after[1]))
            if before[2] != after[2]:
                changes.append(Change("text", code, before[2], after[2]))
    return changes
