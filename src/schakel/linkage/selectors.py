"""Reads for the review screens: open pairs and two records side by side (audited)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import User
from schakel.core import audit
from schakel.core.errors import NotAllowed, NotFound
from schakel.registry import clustering as registry

from .models import ReviewPair, ReviewStatus
from .policies import PURPOSE, may_review

COMPARED_FIELDS = (
    ("given_names", _("Voornamen")),
    ("family_name", _("Achternaam")),
    ("aliases", _("Aliassen")),
    ("birth_date", _("Geboortedatum")),
    ("birth_year", _("Geboortejaar")),
    ("gender", _("Geslacht")),
    ("nationalities", _("Nationaliteiten")),
    ("birth_country", _("Geboorteland")),
    ("birth_place", _("Geboorteplaats")),
    ("municipality_of_stay", _("Gemeente van verblijf")),
)


def require_reviewer(actor: User, object_id: object = "") -> None:
    if not may_review(actor):
        audit.audit_denied(
            actor=actor,
            object_type="linkage.reviewpair",
            object_id=object_id,
            purpose=PURPOSE,
            reason="only the registrar reviews pairs",
        )
        raise NotAllowed


def review_queue(*, actor: User) -> QuerySet[ReviewPair]:
    require_reviewer(actor)
    pairs = ReviewPair.objects.filter(status=ReviewStatus.OPEN).order_by("-match_probability")
    audit.audit_list(
        actor=actor,
        object_type="linkage.reviewpair",
        object_ids=pairs.values_list("pk", flat=True)[:200],
        purpose=PURPOSE,
    )
    return pairs


@dataclass(frozen=True)
class FieldRow:
    label: str
    value_a: str
    value_b: str

    @property
    def differs(self) -> bool:
        return self.value_a.strip().lower() != self.value_b.strip().lower()


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    display = getattr(value, "name", None)
    return str(display or value)


def review_pair_for(*, actor: User, pk: int) -> tuple[ReviewPair, Any, Any, list[FieldRow]]:
    """The pair, both records (read through the registry's audited access) and the rows of
    the side-by-side comparison."""
    require_reviewer(actor, pk)
    pair = ReviewPair.objects.filter(pk=pk).first()
    if pair is None:
        raise NotFound
    record_a, record_b = registry.record_pair_for(actor, pair.record_a, pair.record_b)
    rows = [
        FieldRow(str(label), _shown(getattr(record_a, name)), _shown(getattr(record_b, name)))
        for name, label in COMPARED_FIELDS
    ]
    return pair, record_a, record_b, rows
