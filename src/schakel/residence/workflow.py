"""The B8/3 procedure as a state machine: one table of allowed steps, what each step records,
who may take it, and why an out-of-order step is refused. `status` is assigned only by
`services.procedure_transition` (and set once, on creation, by `services.procedure_open`).

identified → reflection (offered and accepted) | offer declined | not offered (reason)
reflection → cooperating (report to police or other cooperation) | asylum route | return | end
cooperating → temporary permit applied → granted (renewals) | refused
permit granted → continued residence applied → granted | refused; or return | end
asylum/humanitarian route (action 34) for victims in danger who do not report;
return with the safety dossier of action 38.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import ProcedureStatus as S

ALLOWED_TRANSITIONS: dict[S, frozenset[S]] = {
    S.IDENTIFIED: frozenset({S.REFLECTION, S.OFFER_DECLINED, S.NOT_OFFERED}),
    # A late offer after "not offered" is still an offer (at the slightest indication).
    S.NOT_OFFERED: frozenset({S.REFLECTION, S.OFFER_DECLINED, S.ENDED}),
    S.REFLECTION: frozenset({S.COOPERATING, S.ASYLUM_ROUTE, S.RETURN, S.ENDED}),
    S.OFFER_DECLINED: frozenset({S.COOPERATING, S.ASYLUM_ROUTE, S.RETURN, S.ENDED}),
    S.COOPERATING: frozenset({S.PERMIT_APPLIED, S.RETURN, S.ENDED}),
    S.PERMIT_APPLIED: frozenset({S.PERMIT_GRANTED, S.PERMIT_REFUSED}),
    # permit granted → permit granted is a renewal with a new end date.
    S.PERMIT_GRANTED: frozenset({S.PERMIT_GRANTED, S.CONTINUED_APPLIED, S.RETURN, S.ENDED}),
    S.PERMIT_REFUSED: frozenset({S.ASYLUM_ROUTE, S.RETURN, S.ENDED}),
    S.CONTINUED_APPLIED: frozenset({S.CONTINUED_GRANTED, S.CONTINUED_REFUSED}),
    S.CONTINUED_GRANTED: frozenset(),
    S.CONTINUED_REFUSED: frozenset({S.ASYLUM_ROUTE, S.RETURN, S.ENDED}),
    S.ASYLUM_ROUTE: frozenset({S.RETURN, S.ENDED}),
    S.RETURN: frozenset({S.ENDED}),
    S.ENDED: frozenset(),
}

FINAL = frozenset(s for s, targets in ALLOWED_TRANSITIONS.items() if not targets)

# Decisions of the immigration service: the IND records them, or the case worker who received
# the decision; they may carry the IND's reference.
IND_DECISIONS = frozenset(
    {S.PERMIT_GRANTED, S.PERMIT_REFUSED, S.CONTINUED_GRANTED, S.CONTINUED_REFUSED}
)


@dataclass(frozen=True)
class Step:
    """What a step records: the date field it sets, and which inputs it requires."""

    label: str | Promise
    date_field: str
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()


STEPS: dict[S, Step] = {
    S.REFLECTION: Step(
        _("Bedenktijd aangeboden en aanvaard"),
        "reflection_started_on",
        required=("offered_by",),
        optional=("offered_on", "reflection_ends_on"),
    ),
    S.OFFER_DECLINED: Step(
        _("Bedenktijd aangeboden, afgewezen"), "offered_on", required=("offered_by",)
    ),
    S.NOT_OFFERED: Step(
        _("Bedenktijd niet aangeboden"),
        "",
        required=("not_offered_reason",),
        optional=("not_offered_note",),
    ),
    S.COOPERATING: Step(
        _("Aangifte of medewerking"), "cooperation_on", required=("cooperation_kind",)
    ),
    S.PERMIT_APPLIED: Step(_("Tijdelijke vergunning aangevraagd"), "permit_applied_on"),
    S.PERMIT_GRANTED: Step(
        _("Tijdelijke vergunning verleend of verlengd"),
        "permit_decided_on",
        optional=("permit_valid_until",),
    ),
    S.PERMIT_REFUSED: Step(_("Tijdelijke vergunning geweigerd"), "permit_decided_on"),
    S.CONTINUED_APPLIED: Step(_("Voortgezet verblijf aangevraagd"), "continued_applied_on"),
    S.CONTINUED_GRANTED: Step(_("Voortgezet verblijf verleend"), "continued_decided_on"),
    S.CONTINUED_REFUSED: Step(_("Voortgezet verblijf geweigerd"), "continued_decided_on"),
    S.ASYLUM_ROUTE: Step(
        _("Asiel of humanitair verblijf aangevraagd"), "route_on", required=("route_kind",)
    ),
    S.RETURN: Step(
        _("Terugkeer"),
        "return_on",
        optional=("safety_dossier_complete", "safety_dossier_note"),
    ),
    S.ENDED: Step(_("Procedure afsluiten"), "ended_on", required=("end_reason",)),
}

# The reasons users see for the out-of-order steps people actually try.
REFUSAL_REASONS: dict[tuple[S, S], str | Promise] = {
    (S.REFLECTION, S.REFLECTION): _(
        "Er loopt al een bedenktijd; een tweede bedenktijd kan niet worden gestart."
    ),
    (S.IDENTIFIED, S.PERMIT_APPLIED): _(
        "Een tijdelijke vergunning kan pas worden aangevraagd na aangifte of medewerking."
    ),
    (S.REFLECTION, S.PERMIT_APPLIED): _(
        "Een tijdelijke vergunning kan pas worden aangevraagd na aangifte of medewerking."
    ),
    (S.OFFER_DECLINED, S.PERMIT_APPLIED): _(
        "Een tijdelijke vergunning kan pas worden aangevraagd na aangifte of medewerking."
    ),
    (S.COOPERATING, S.PERMIT_GRANTED): _(
        "De IND kan pas over een vergunning beslissen als die is aangevraagd."
    ),
    (S.REFLECTION, S.CONTINUED_APPLIED): _(
        "Voortgezet verblijf kan pas worden aangevraagd met een tijdelijke vergunning."
    ),
    (S.COOPERATING, S.CONTINUED_APPLIED): _(
        "Voortgezet verblijf kan pas worden aangevraagd met een tijdelijke vergunning."
    ),
}

# Which earlier decisions may be corrected afterwards (with a reason; the old value is kept).
CORRECTABLE_FIELDS: tuple[str, ...] = (
    "offered_on",
    "offered_by",
    "not_offered_reason",
    "not_offered_note",
    "reflection_started_on",
    "reflection_ends_on",
    "cooperation_on",
    "cooperation_kind",
    "permit_applied_on",
    "permit_decided_on",
    "permit_valid_until",
    "continued_applied_on",
    "continued_decided_on",
    "route_on",
    "route_kind",
    "return_on",
    "safety_dossier_complete",
    "safety_dossier_note",
    "ended_on",
    "end_reason",
    "ind_reference",
)
DATE_FIELDS = frozenset(f for f in CORRECTABLE_FIELDS if f.endswith(("_on", "_until")))


def can_transition(from_status: S, to_status: S) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


def refusal_reason(from_status: S, to_status: S) -> str:
    """Why a step is not allowed from here, naming what may come next."""
    specific = REFUSAL_REASONS.get((from_status, to_status))
    if specific is not None:
        return str(specific)
    allowed = ALLOWED_TRANSITIONS.get(from_status, frozenset())
    if not allowed:
        return str(
            _("De procedure is afgerond (%(from)s); er zijn geen stappen meer mogelijk.")
            % {"from": from_status.label}
        )
    names = ", ".join(sorted(str(s.label) for s in allowed))
    return str(
        _("Vanuit '%(from)s' kan de procedure niet naar '%(to)s'. Mogelijk: %(next)s.")
        % {"from": from_status.label, "to": to_status.label, "next": names}
    )
