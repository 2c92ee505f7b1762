"""Who may work with linkage: only the central registrar judges whether two reports are
about the same person; reporting organisations never see another organisation's report."""

from __future__ import annotations

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.core.purposes import Purpose

PURPOSE = Purpose.REGISTRATION


def may_review(actor: User) -> bool:
    return actor.is_authenticated and actor.has_role(Role.REGISTRAR)
