"""Writes on organisations, users and second factors."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.core import audit
from schakel.core.errors import NotAllowed, ValidationFailed
from schakel.core.models import AuditAction, AuditOutcome
from schakel.core.purposes import Purpose

from .models import Organisation, User, UserRole
from .roles import ROLES_GRANTABLE_BY_ORGANISATION_ADMIN, OrganisationKind, Role

BACKUP_CODE_DEVICE = "backup"


def _authorise_user_management(
    *, actor: User, organisation: Organisation, roles: Iterable[Role]
) -> None:
    if actor.has_role(Role.SYSTEM_ADMIN):
        return
    if not actor.has_role(Role.ORGANISATION_ADMIN) or actor.organisation_id != organisation.pk:
        audit.audit_denied(
            actor=actor,
            object_type="accounts.user",
            purpose=Purpose.ACCOUNT_MANAGEMENT,
            reason="may only manage users of the own organisation",
        )
        raise NotAllowed
    not_grantable = set(roles) - ROLES_GRANTABLE_BY_ORGANISATION_ADMIN
    if Role.REGISTRAR in roles and organisation.kind != OrganisationKind.CENTRAL_REGISTRAR:
        not_grantable.add(Role.REGISTRAR)
    if not_grantable:
        audit.audit_denied(
            actor=actor,
            object_type="accounts.user",
            purpose=Purpose.ACCOUNT_MANAGEMENT,
            reason=f"roles not grantable: {sorted(not_grantable)}",
        )
        raise NotAllowed(field="roles")


@transaction.atomic
def organisation_create(
    *,
    actor: User | None,
    name: str,
    kind: OrganisationKind,
    municipality: str = "",
    region: str = "",
) -> Organisation:
    if actor is not None and not actor.has_role(Role.SYSTEM_ADMIN):
        raise NotAllowed
    organisation = Organisation(name=name, kind=kind, municipality=municipality, region=region)
    try:
        organisation.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationFailed(messages[0], field=field) from exc
    organisation.save()
    if actor is not None:
        audit.audit_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="accounts.organisation",
            object_id=organisation.pk,
            purpose=Purpose.ACCOUNT_MANAGEMENT,
            details={"name": name},
        )
    return organisation


def user_create(
    *,
    actor: User | None,
    organisation: Organisation,
    username: str,
    password: str | None,
    roles: Iterable[Role],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Create an account. ``actor`` None is the installer (demo data, first system admin)."""
    roles = frozenset(roles)
    # Authorise outside the transaction so the audit event of a refusal is kept.
    if actor is not None:
        _authorise_user_management(actor=actor, organisation=organisation, roles=roles)
    with transaction.atomic():
        return _user_insert(
            actor=actor,
            organisation=organisation,
            username=username,
            password=password,
            roles=roles,
            first_name=first_name,
            last_name=last_name,
            email=email,
        )


def _user_insert(
    *,
    actor: User | None,
    organisation: Organisation,
    username: str,
    password: str | None,
    roles: frozenset[Role],
    first_name: str,
    last_name: str,
    email: str,
) -> User:
    user = User(
        username=username,
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationFailed(" ".join(exc.messages), field="password") from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationFailed(messages[0], field=field) from exc
    user.save()
    UserRole.objects.bulk_create(UserRole(user=user, role=r) for r in sorted(roles))
    if actor is not None:
        audit.audit_change(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="accounts.user",
            object_id=user.pk,
            purpose=Purpose.ACCOUNT_MANAGEMENT,
            details={"roles": sorted(roles), "organisation": organisation.pk},
        )
    return user


def user_update(
    *,
    actor: User,
    user: User,
    roles: Iterable[Role],
    is_active: bool,
    first_name: str,
    last_name: str,
    email: str,
) -> User:
    roles = frozenset(roles)
    if user.organisation is None:
        raise NotAllowed
    _authorise_user_management(
        actor=actor, organisation=user.organisation, roles=roles | (user.role_set - roles)
    )
    if user.pk == actor.pk and not is_active:
        raise ValidationFailed("U kunt uw eigen account niet deactiveren.", field="is_active")
    with transaction.atomic():
        return _user_save(
            actor=actor,
            user=user,
            roles=roles,
            is_active=is_active,
            first_name=first_name,
            last_name=last_name,
            email=email,
        )


def _user_save(
    *,
    actor: User,
    user: User,
    roles: frozenset[Role],
    is_active: bool,
    first_name: str,
    last_name: str,
    email: str,
) -> User:
    before = {"roles": sorted(user.role_set), "is_active": user.is_active}
    user.first_name, user.last_name, user.email, user.is_active = (
        first_name,
        last_name,
        email,
        is_active,
    )
    user.full_clean()
    user.save()
    UserRole.objects.filter(user=user).exclude(role__in=roles).delete()
    existing = set(UserRole.objects.filter(user=user).values_list("role", flat=True))
    UserRole.objects.bulk_create(UserRole(user=user, role=r) for r in sorted(roles - existing))
    user.forget_roles()
    audit.audit_change(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="accounts.user",
        object_id=user.pk,
        purpose=Purpose.ACCOUNT_MANAGEMENT,
        details={"before": before, "after": {"roles": sorted(roles), "is_active": is_active}},
    )
    return user


# -- second factor ----------------------------------------------------------------------------


def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator-app device; it counts only after `totp_device_confirm`."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="app", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    if device.user_id != user.pk or not device.verify_token(token.strip()):
        audit.audit_authentication(
            action=AuditAction.SECOND_FACTOR_FAILED,
            actor=user,
            outcome=AuditOutcome.FAILED,
            details={"during": "enrolment"},
        )
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.audit_authentication(action=AuditAction.SECOND_FACTOR_ENROLLED, actor=user)
    return True


def backup_codes_issue(*, user: User, count: int = 5, keep_unused: bool = True) -> list[str]:
    """One-time backup codes; with ``keep_unused`` the unused ones are kept and topped up."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_CODE_DEVICE, defaults={"confirmed": True}
    )
    if not keep_unused:
        device.token_set.all().delete()
    existing = list(device.token_set.values_list("token", flat=True))
    new = [f"{secrets.randbelow(10**8):08d}" for _ in range(max(0, count - len(existing)))]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in new)
    return existing + new


def user_reset_second_factor(*, actor: User, user: User) -> None:
    if user.organisation is None:
        raise NotAllowed
    _authorise_user_management(actor=actor, organisation=user.organisation, roles=())
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit.audit_change(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="accounts.user",
            object_id=user.pk,
            purpose=Purpose.ACCOUNT_MANAGEMENT,
            details={"second_factor": "reset"},
        )
