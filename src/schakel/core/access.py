"""The one door to personal data.

Every app declares a `PersonalDataPolicy` per personal-data model in its ``policies.py``: a
function that returns the rows a user may see for a purpose, as a ``Q``. The same predicate
serves lists and detail pages. The functions here fetch and authorise in one call, refuse
without a verified second factor, write the audit event (also for refusals), and raise the
same `NotFound` for "absent" and "not allowed" so the existence of a file never leaks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from . import audit
from .errors import NotFound, SecondFactorRequired
from .purposes import Purpose

if TYPE_CHECKING:
    from schakel.accounts.models import User

M = TypeVar("M", bound=models.Model)

Scope = Callable[["User", Purpose], Q | None]


def _no_subject(_obj: Any) -> object:
    return ""


@dataclass(frozen=True)
class PersonalDataPolicy(Generic[M]):
    """Who may see which rows of one personal-data model, for which purpose.

    ``scope`` returns the visible rows as a Q, or None when the user may see none at all for
    that purpose (a role or purpose mismatch). ``subject_of`` names the person an object is
    about, so the audit trail can answer "who looked at this person".
    """

    object_type: str
    model: type[M]
    scope: Scope
    subject_of: Callable[[M], object] = field(default=_no_subject)


def second_factor_verified(user: User) -> bool:
    """True when this request's user confirmed a second factor (django-otp or an API token)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(callable(is_verified) and is_verified())


def _authorised_queryset(
    *,
    actor: User,
    policy: PersonalDataPolicy[M],
    purpose: Purpose,
    queryset: QuerySet[M] | None,
    object_id: object = "",
) -> QuerySet[M]:
    if not actor.is_authenticated or not actor.is_active:
        audit.audit_denied(
            actor=None,
            object_type=policy.object_type,
            object_id=object_id,
            purpose=purpose,
            reason="not authenticated",
        )
        raise NotFound
    if not second_factor_verified(actor):
        audit.audit_denied(
            actor=actor,
            object_type=policy.object_type,
            object_id=object_id,
            purpose=purpose,
            reason="second factor not verified",
        )
        raise SecondFactorRequired
    scope = policy.scope(actor, purpose)
    if scope is None:
        audit.audit_denied(
            actor=actor,
            object_type=policy.object_type,
            object_id=object_id,
            purpose=purpose,
            reason="no role for this purpose",
        )
        raise NotFound
    base = queryset if queryset is not None else policy.model._default_manager.all()
    return base.filter(scope)


def access_object(
    *,
    actor: User,
    policy: PersonalDataPolicy[M],
    pk: object,
    purpose: Purpose,
    queryset: QuerySet[M] | None = None,
) -> M:
    """Fetch one object the actor may see for this purpose, audited; NotFound otherwise."""
    visible = _authorised_queryset(
        actor=actor, policy=policy, purpose=purpose, queryset=queryset, object_id=pk
    )
    obj = visible.filter(pk=pk).first()
    if obj is None:
        exists = policy.model._default_manager.filter(pk=pk).exists()
        audit.audit_denied(
            actor=actor,
            object_type=policy.object_type,
            object_id=pk,
            purpose=purpose,
            reason="outside the user's scope" if exists else "does not exist",
        )
        raise NotFound
    audit.audit_read(
        actor=actor,
        object_type=policy.object_type,
        object_id=obj.pk,
        purpose=purpose,
        subject_person_id=policy.subject_of(obj),
    )
    return obj


def visible_queryset(
    *,
    actor: User,
    policy: PersonalDataPolicy[M],
    purpose: Purpose,
    queryset: QuerySet[M] | None = None,
) -> QuerySet[M]:
    """The rows the actor may see, not yet read; pass what is shown to `audit_shown`."""
    return _authorised_queryset(actor=actor, policy=policy, purpose=purpose, queryset=queryset)


def audit_shown(
    *,
    actor: User,
    policy: PersonalDataPolicy[M],
    purpose: Purpose,
    objects: Sequence[M],
    details: dict[str, Any] | None = None,
) -> None:
    """Record which rows of a list were actually shown to the actor."""
    audit.audit_list(
        actor=actor,
        object_type=policy.object_type,
        object_ids=[o.pk for o in objects],
        purpose=purpose,
        details=details,
    )


def access_list(
    *,
    actor: User,
    policy: PersonalDataPolicy[M],
    purpose: Purpose,
    queryset: QuerySet[M] | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[M], int]:
    """One page of visible rows and the total, the page audited."""
    visible = visible_queryset(actor=actor, policy=policy, purpose=purpose, queryset=queryset)
    total = visible.count()
    page = list(visible[offset : offset + limit])
    audit_shown(
        actor=actor,
        policy=policy,
        purpose=purpose,
        objects=page,
        details={"offset": offset, "total": total},
    )
    return page, total
