from __future__ import annotations

import pytest
from django.urls import reverse

from schakel.accounts import services
from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.core.errors import NotAllowed, ValidationFailed
from schakel.core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_organisation_admin_creates_user_in_own_organisation(make_user, police_org) -> None:
    admin = make_user(Role.ORGANISATION_ADMIN, organisation=police_org)
    user = services.user_create(
        actor=admin,
        organisation=police_org,
        username="nieuw",
        password="een-lang-genoeg-wachtwoord",
        roles=[Role.REPORTER],
    )
    assert user.role_set == {Role.REPORTER}
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="accounts.user")
    assert event.actor == admin
    assert event.object_id == str(user.pk)


def test_organisation_admin_cannot_touch_another_organisation(make_user, shelter_org) -> None:
    admin = make_user(Role.ORGANISATION_ADMIN)
    with pytest.raises(NotAllowed):
        services.user_create(
            actor=admin,
            organisation=shelter_org,
            username="x",
            password=None,
            roles=[Role.REPORTER],
        )
    assert not User.objects.filter(username="x").exists()
    assert AuditEvent.objects.filter(action=AuditAction.DENIED).exists()


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.REGISTRAR])
def test_organisation_admin_cannot_grant_privileged_roles(make_user, police_org, role) -> None:
    admin = make_user(Role.ORGANISATION_ADMIN, organisation=police_org)
    with pytest.raises(NotAllowed):
        services.user_create(
            actor=admin, organisation=police_org, username="x", password=None, roles=[role]
        )


def test_weak_password_is_refused_naming_the_field(make_user, police_org) -> None:
    admin = make_user(Role.ORGANISATION_ADMIN, organisation=police_org)
    with pytest.raises(ValidationFailed) as excinfo:
        services.user_create(
            actor=admin,
            organisation=police_org,
            username="x",
            password="kort",
            roles=[Role.REPORTER],
        )
    assert excinfo.value.field == "password"


def test_user_list_shows_only_own_organisation(
    make_user, police_org, shelter_org, verified_client_for
) -> None:
    admin = make_user(Role.ORGANISATION_ADMIN, organisation=police_org, username="beheer")
    make_user(Role.REPORTER, organisation=police_org, username="collega")
    make_user(Role.REPORTER, organisation=shelter_org, username="vreemde")
    response = verified_client_for(admin).get(reverse("accounts:user_list"))
    body = response.content.decode()
    assert "collega" in body
    assert "vreemde" not in body
    listed = AuditEvent.objects.get(action=AuditAction.LIST, object_type="accounts.user")
    assert listed.details["count"] == 2


def test_editing_a_user_of_another_organisation_is_not_found(
    make_user, police_org, shelter_org, verified_client_for
) -> None:
    admin = make_user(Role.ORGANISATION_ADMIN, organisation=police_org)
    other = make_user(Role.REPORTER, organisation=shelter_org)
    response = verified_client_for(admin).get(reverse("accounts:user_edit", args=[other.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        action=AuditAction.DENIED,
        object_id=str(other.pk),
        details__reason="outside the user's scope",
    ).exists()


def test_admin_updates_roles_and_deactivates(make_user, police_org, verified_client_for) -> None:
    admin = make_user(Role.ORGANISATION_ADMIN, organisation=police_org)
    user = make_user(Role.REPORTER, organisation=police_org)
    response = verified_client_for(admin).post(
        reverse("accounts:user_edit", args=[user.pk]),
        {
            "first_name": "A",
            "last_name": "B",
            "email": "",
            "roles": [Role.CASE_WORKER],
            "organisation": police_org.pk,
            "username": user.username,
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    user.forget_roles()
    assert user.role_set == {Role.CASE_WORKER}
    assert not user.is_active
