"""Which version of each retention rule applies on a given day."""

from __future__ import annotations

from datetime import date

from .models import RetentionRule


def rules_in_force(today: date) -> list[RetentionRule]:
    """Per code, the newest version whose valid-from is on or before `today`, in run order."""
    newest: dict[str, RetentionRule] = {}
    for rule in RetentionRule.objects.filter(valid_from__lte=today).order_by("code", "valid_from"):
        newest[rule.code] = rule
    return sorted(newest.values(), key=lambda r: (r.order, r.code))


def rule_history() -> list[RetentionRule]:
    return list(RetentionRule.objects.order_by("order", "code", "valid_from"))
