"""`schakel deadlines`: the daily, idempotent job that sends the residence deadline warnings."""

from __future__ import annotations

import datetime as dt


def run_deadlines(today: str | None) -> list[str]:
    """Send the warnings due on ``today`` (ISO date; default: today in Amsterdam); one line each."""
    from . import clock
    from .notify import deadline_warnings_send

    day = dt.date.fromisoformat(today) if today else clock.today()
    sent = deadline_warnings_send(today=day)
    return [
        f"{w.reference}: {w.kind.label} {w.due_on.isoformat()} "
        f"({w.days_before} d) → {len(w.recipients)} recipient(s)"
        for w in sent
    ]
