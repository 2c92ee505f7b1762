"""What followed a report, for the registry's monthly feedback report (action 65): how many of
the month's reports led to an offered and to a started reflection period."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

TOPIC_KEY = "reflection_period"


def reflection_follow_ups(report_ids: frozenset[int]) -> Sequence[Any]:
    from schakel.registry.feedback import FollowUpLine

    from .selectors import reflection_counts_for_reports

    offered, started = reflection_counts_for_reports(report_ids=report_ids)
    return [
        FollowUpLine("offered", _("Meldingen waarbij bedenktijd is aangeboden"), offered),
        FollowUpLine("started", _("Meldingen waarbij de bedenktijd is begonnen"), started),
    ]


def register() -> None:
    """Register with the registry's extension point, when the registry offers one."""
    try:
        from schakel.registry.feedback import (
            EXPECTED_FOLLOW_UPS,
            register_follow_up_provider,
        )
    except ImportError:  # an older registry without monthly feedback
        return
    topic = next(t for t in EXPECTED_FOLLOW_UPS if t.key == TOPIC_KEY)
    register_follow_up_provider(topic, reflection_follow_ups)
