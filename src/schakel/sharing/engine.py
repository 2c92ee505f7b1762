"""The rule engine: pure functions from rule lines to one decision per combination.

A rule set is a list of lines. Each line names the holder domains, recipient domains,
purposes and categories it covers (an empty tuple means "all") and gives one decision with its
legal basis. For a combination (holder, recipient, purpose, category) the most specific line
wins: the one that names the most of the four dimensions. Two equally specific lines that cover
the same combination with a different decision or basis are a conflict; a combination no line
covers is undecided. A rule set with either cannot be published.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import product

from .vocabulary import SHARING_CATEGORIES, SHARING_PURPOSES, Decision, Domain, LegalBasis

Combination = tuple[str, str, str, str]  # holder domain, recipient domain, purpose, category


@dataclass(frozen=True)
class RuleLine:
    decision: str
    basis: str
    holders: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    explanation: str = ""
    source: str = ""
    position: int = 0  # the line's place in its rule set, to name it in errors

    @property
    def specificity(self) -> int:
        return sum(bool(d) for d in (self.holders, self.recipients, self.purposes, self.categories))

    def covers(self, combination: Combination) -> bool:
        return all(
            not allowed or value in allowed
            for value, allowed in zip(
                combination,
                (self.holders, self.recipients, self.purposes, self.categories),
                strict=True,
            )
        )


@dataclass(frozen=True)
class Ruling:
    """The decision for one combination, and the line it comes from."""

    decision: Decision
    basis: LegalBasis
    line: RuleLine


@dataclass
class Resolution:
    rulings: dict[Combination, Ruling] = field(default_factory=dict)
    undecided: list[Combination] = field(default_factory=list)
    conflicts: list[tuple[Combination, int, int]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.undecided and not self.conflicts


def all_combinations() -> Iterator[Combination]:
    return product(
        [str(d) for d in Domain],
        [str(d) for d in Domain],
        [str(p) for p in SHARING_PURPOSES],
        [str(c) for c in SHARING_CATEGORIES],
    )


def line_errors(line: RuleLine) -> list[str]:
    """What is wrong with one line on its own: unknown words, a decision without a basis."""
    errors: list[str] = []
    vocab = (
        ("holders", line.holders, set(Domain.values)),
        ("recipients", line.recipients, set(Domain.values)),
        ("purposes", line.purposes, {str(p) for p in SHARING_PURPOSES}),
        ("categories", line.categories, {str(c) for c in SHARING_CATEGORIES}),
    )
    for name, values, known in vocab:
        unknown = sorted(set(values) - known)
        if unknown:
            errors.append(f"line {line.position}: unknown {name} {', '.join(unknown)}")
    if line.decision not in Decision.values:
        errors.append(f"line {line.position}: unknown decision {line.decision!r}")
    if line.basis not in LegalBasis.values:
        errors.append(f"line {line.position}: unknown legal basis {line.basis!r}")
    elif line.decision != Decision.FORBIDDEN and line.basis == LegalBasis.NONE:
        errors.append(f"line {line.position}: a {line.decision} decision needs a legal basis")
    if line.decision == Decision.CONSENT and line.basis != LegalBasis.CONSENT:
        errors.append(f"line {line.position}: a consent decision rests on consent")
    return errors


def resolve(lines: Sequence[RuleLine]) -> Resolution:
    """The winning line for every combination, plus what is undecided or in conflict."""
    by_specificity = sorted(lines, key=lambda line: -line.specificity)
    result = Resolution()
    for combination in all_combinations():
        winner: RuleLine | None = None
        for line in by_specificity:
            if winner is not None and line.specificity < winner.specificity:
                break
            if not line.covers(combination):
                continue
            if winner is None:
                winner = line
            elif (line.decision, line.basis) != (winner.decision, winner.basis):
                result.conflicts.append((combination, winner.position, line.position))
        if winner is None:
            result.undecided.append(combination)
        else:
            result.rulings[combination] = Ruling(
                Decision(winner.decision), LegalBasis(winner.basis), winner
            )
    return result


def describe(combinations: Iterable[Combination], limit: int = 12) -> str:
    """A readable list of combinations for an error message (the first `limit`)."""
    items = list(combinations)
    shown = "; ".join(" / ".join(c) for c in items[:limit])
    more = f" (and {len(items) - limit} more)" if len(items) > limit else ""
    return f"{shown}{more}"
