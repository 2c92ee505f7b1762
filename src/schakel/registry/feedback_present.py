"""The monthly feedback report as sections of display values, under the small-numbers rule.

Small numbers (the disclosure rule, applied in `present`):
- The reporting organisation itself and the central registrar see exact counts: they may
  already open every one of these reports individually, so rounding would protect no one.
- Everyone else (analysts looking at national totals; any export meant for another
  organisation) sees counts of 1 to 4 as "<5". When exactly one count in a group is hidden
  that way, the smallest other non-zero count is hidden too ("×"), so the hidden one cannot be
  recovered by subtracting from the total. Median and 90th percentile are not shown below 5
  decisions. Zero is shown as 0: it describes nobody.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import ExploitationForm, ReportStatus
from .feedback import FollowUpResult, MonthlyFeedback

SMALL_COUNT_THRESHOLD = 5
SMALL_COUNT_LABEL = "<5"
COMPLEMENTARY_LABEL = "×"


def suppress_group(counts: Mapping[str, int], *, exact: bool) -> dict[str, str]:
    """Display strings for one group of counts under the small-numbers rule (module docstring)."""
    if exact:
        return {key: str(value) for key, value in counts.items()}
    shown = {
        key: SMALL_COUNT_LABEL if 0 < value < SMALL_COUNT_THRESHOLD else str(value)
        for key, value in counts.items()
    }
    hidden = [key for key, text in shown.items() if text == SMALL_COUNT_LABEL]
    if len(hidden) == 1:
        others = [(value, key) for key, value in counts.items() if value >= SMALL_COUNT_THRESHOLD]
        if others:
            shown[min(others)[1]] = COMPLEMENTARY_LABEL
    return shown


def suppress_count(value: int, *, exact: bool) -> str:
    return suppress_group({"n": value}, exact=exact)["n"]


@dataclass(frozen=True)
class Line:
    code: str
    label: str | Promise
    value: str


# Sections are grouped under three headings: reports submitted in the month, decisions taken
# in the month, and what followed.
SUBMITTED_GROUP, DECIDED_GROUP, FOLLOW_UP_GROUP = "submitted", "decided", "follow_up"


@dataclass(frozen=True)
class Section:
    key: str
    group: str
    title: str | Promise
    lines: tuple[Line, ...]
    note: str | Promise = ""
    available: bool = True
    value_header: str | Promise = ""  # "" means "Aantal" (counts)


def _days(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}".replace(".", ",")


def _group(
    key: str,
    group: str,
    title: str | Promise,
    counts: Mapping[str, int],
    labels: Mapping[str, str | Promise],
    *,
    exact: bool,
    note: str | Promise = "",
) -> Section:
    shown = suppress_group(counts, exact=exact)
    return Section(
        key,
        group,
        title,
        tuple(Line(code, labels.get(code, code), shown[code]) for code in counts),
        note,
    )


def present(
    feedback: MonthlyFeedback,
    *,
    exact: bool,
    reason_labels: Mapping[str, str],
    follow_ups: Sequence[FollowUpResult] = (),
) -> list[Section]:
    """The report as sections of (code, label, display value), the same for HTML, CSV, PDF."""
    reasons: dict[str, str | Promise] = {"unknown": _("Reden onbekend"), **reason_labels}
    status_labels = {s.value: s.label for s in ReportStatus}
    form_labels = {f.value: f.label for f in ExploitationForm}
    times = feedback.times
    enough = exact or times.decided >= SMALL_COUNT_THRESHOLD
    total = suppress_count(feedback.submitted, exact=exact)
    sections = [
        _group(
            "status",
            SUBMITTED_GROUP,
            _("Status van deze meldingen"),
            {"total": feedback.submitted, **feedback.by_status},
            {"total": _("Totaal ingediend"), **status_labels},
            exact=exact,
        ),
        _group(
            "form",
            SUBMITTED_GROUP,
            _("Vormen van uitbuiting in deze meldingen"),
            feedback.by_form,
            form_labels,
            exact=exact,
            note=_(
                "Eén melding kan meer vormen noemen; de aantallen tellen dan niet op tot "
                "het totaal (%(total)s)."
            )
            % {"total": total},
        ),
        _group(
            "overdue",
            SUBMITTED_GROUP,
            _("Nog zonder besluit na de beslistermijn"),
            {"open_overdue": feedback.open_overdue},
            {"open_overdue": _("Meldingen van deze maand, open en over de termijn")},
            exact=exact,
        ),
        _group(
            "decision",
            DECIDED_GROUP,
            _("Uitkomst van de besluiten"),
            {"decided": times.decided, **feedback.decisions, "within_term": times.within_term},
            {
                "decided": _("Totaal besloten"),
                **status_labels,
                "within_term": _("Waarvan binnen de beslistermijn"),
            },
            exact=exact,
        ),
        Section(
            "time",
            DECIDED_GROUP,
            _("Tijd van indienen tot besluit"),
            (
                Line("median", _("Mediaan"), _days(times.median_working_days) if enough else "—"),
                Line(
                    "p90",
                    _("90% besloten binnen"),
                    _days(times.p90_working_days) if enough else "—",
                ),
            ),
            note="" if enough else _("Niet getoond bij minder dan 5 besluiten."),
            value_header=_("Werkdagen"),
        ),
        _group(
            "reason",
            DECIDED_GROUP,
            _("Redenen voor niet registreren"),
            feedback.not_registered_by_reason,
            reasons,
            exact=exact,
        ),
    ]
    for result in follow_ups:
        key = f"follow_up:{result.topic.key}"
        if result.lines is None:
            sections.append(
                Section(
                    key,
                    FOLLOW_UP_GROUP,
                    result.topic.title,
                    (),
                    note=_("Nog niet beschikbaar."),
                    available=False,
                )
            )
        else:
            sections.append(
                _group(
                    key,
                    FOLLOW_UP_GROUP,
                    result.topic.title,
                    {line.code: line.count for line in result.lines},
                    {line.code: line.label for line in result.lines},
                    exact=exact,
                )
            )
    return sections
