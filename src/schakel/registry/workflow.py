"""The report workflow: one table of allowed transitions and who may make them.

draft → submitted → in review → registered | not registered | withdrawn; a registrar may
re-open a decided or withdrawn report with a reason. `status` is assigned only by
`services.report_transition`.
"""

from __future__ import annotations

from schakel.accounts.roles import Role

from .choices import ReportStatus as S

ALLOWED_TRANSITIONS: dict[S, frozenset[S]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.IN_REVIEW, S.WITHDRAWN}),
    S.IN_REVIEW: frozenset({S.REGISTERED, S.NOT_REGISTERED, S.WITHDRAWN}),
    S.REGISTERED: frozenset({S.IN_REVIEW}),
    S.NOT_REGISTERED: frozenset({S.IN_REVIEW}),
    S.WITHDRAWN: frozenset({S.IN_REVIEW}),
}

# Which roles may make a transition; reporters act only on their own organisation's reports.
REPORTER_ROLES = frozenset({Role.REPORTER, Role.CASE_WORKER})
TRANSITION_ROLES: dict[tuple[S, S], frozenset[Role]] = {
    # A draft belongs to its organisation alone, registrar included (see OWN_ORGANISATION_ONLY).
    (S.DRAFT, S.SUBMITTED): REPORTER_ROLES | {Role.REGISTRAR},
    (S.DRAFT, S.WITHDRAWN): REPORTER_ROLES | {Role.REGISTRAR},
    (S.SUBMITTED, S.WITHDRAWN): REPORTER_ROLES | {Role.REGISTRAR},
    (S.SUBMITTED, S.IN_REVIEW): frozenset({Role.REGISTRAR}),
    (S.IN_REVIEW, S.REGISTERED): frozenset({Role.REGISTRAR}),
    (S.IN_REVIEW, S.NOT_REGISTERED): frozenset({Role.REGISTRAR}),
    (S.IN_REVIEW, S.WITHDRAWN): frozenset({Role.REGISTRAR}),
    (S.REGISTERED, S.IN_REVIEW): frozenset({Role.REGISTRAR}),
    (S.NOT_REGISTERED, S.IN_REVIEW): frozenset({Role.REGISTRAR}),
    (S.WITHDRAWN, S.IN_REVIEW): frozenset({Role.REGISTRAR}),
}

# Re-opening and withdrawing after submission need a stated reason.
REASON_REQUIRED: frozenset[tuple[S, S]] = frozenset(
    {
        (S.REGISTERED, S.IN_REVIEW),
        (S.NOT_REGISTERED, S.IN_REVIEW),
        (S.WITHDRAWN, S.IN_REVIEW),
        (S.SUBMITTED, S.WITHDRAWN),
        (S.IN_REVIEW, S.WITHDRAWN),
    }
)

OWN_ORGANISATION_ONLY: frozenset[S] = frozenset({S.DRAFT})

DECIDED = frozenset({S.REGISTERED, S.NOT_REGISTERED})
OPEN_FOR_DECISION = frozenset({S.SUBMITTED, S.IN_REVIEW})
EDITABLE_BY_REPORTER = frozenset({S.DRAFT})
EDITABLE_BY_REGISTRAR = frozenset({S.SUBMITTED, S.IN_REVIEW})


def can_transition(from_status: S, to_status: S) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())
