"""What followed a report, for the registry's monthly feedback report (action 65): how many of
the month's reports led to a placement request and to a placement in shelter. Counts only; the
feedback page applies its own small-numbers rule."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

TOPIC_KEY = "shelter"


def shelter_follow_ups(report_ids: frozenset[int]) -> Sequence[Any]:
    from schakel.registry.feedback import FollowUpLine

    from .selectors import placement_counts_for_reports

    requested, placed = placement_counts_for_reports(report_ids=report_ids)
    return [
        FollowUpLine("requested", _("Meldingen waarvoor opvang is aangevraagd"), requested),
        FollowUpLine("placed", _("Meldingen waarbij het slachtoffer is geplaatst"), placed),
    ]


def register() -> None:
    """Register with the registry's extension point, when the registry offers one."""
    try:
        from schakel.registry.feedback import EXPECTED_FOLLOW_UPS, register_follow_up_provider
    except ImportError:  # an older registry without monthly feedback
        return
    topic = next(t for t in EXPECTED_FOLLOW_UPS if t.key == TOPIC_KEY)
    register_follow_up_provider(topic, shelter_follow_ups)
