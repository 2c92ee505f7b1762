"""Login, second factor, lockout and idle timeout, through the real views."""

from __future__ import annotations

import time

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from schakel.accounts.roles import Role
from schakel.core.models import AuditAction, AuditEvent, AuditOutcome
from tests.conftest import PASSWORD, backup_code

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_password_then_backup_code_gives_access(make_user) -> None:
    user = make_user(Role.REGISTRAR)
    code = backup_code(user)
    client = Client()
    response = _login(client, user.username)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor"))
    # Without the second factor the start page is refused, and that refusal is audited.
    assert client.get(reverse("core:home")).status_code == 302
    assert AuditEvent.objects.filter(
        action=AuditAction.DENIED, actor=user, details__reason="second factor not verified"
    ).exists()
    response = client.post(reverse("accounts:second_factor"), {"token": code, "next": "/"})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    actions = list(AuditEvent.objects.filter(actor=user).values_list("action", flat=True))
    assert AuditAction.LOGIN in actions
    assert AuditAction.SECOND_FACTOR_VERIFIED in actions


def test_a_backup_code_works_only_once(make_user) -> None:
    user = make_user(Role.REPORTER)
    code = backup_code(user)
    first, second = Client(), Client()
    _login(first, user.username)
    first.post(reverse("accounts:second_factor"), {"token": code})
    _login(second, user.username)
    response = second.post(reverse("accounts:second_factor"), {"token": code})
    assert response.status_code == 200
    assert "al gebruikt" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.SECOND_FACTOR_FAILED, actor=user).exists()


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)  # no back-off after the deliberate wrong code
def test_user_without_device_must_set_up_totp(make_user) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user(Role.CASE_WORKER)
    client = Client()
    _login(client, user.username)
    response = client.get(reverse("accounts:second_factor"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:second_factor_setup"))
    assert "<svg" in response.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:second_factor_setup"), {"token": "000000"})
    assert "klopt niet" in response.content.decode()
    device.refresh_from_db()
    response = client.post(
        reverse("accounts:second_factor_setup"), {"token": f"{totp(device.bin_key):06d}"}
    )
    assert response.status_code == 200
    assert "back-upcodes" in response.content.decode().lower()
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.SECOND_FACTOR_ENROLLED, actor=user).exists()


def test_roles_without_personal_data_need_no_second_factor(make_user) -> None:
    user = make_user(Role.ANALYST)
    client = Client()
    response = _login(client, user.username)
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_wrong_password_is_refused_and_audited(make_user) -> None:
    user = make_user(Role.REPORTER)
    response = _login(Client(), user.username, "wrong-password")
    assert response.status_code == 200
    assert "onjuist" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.actor_username == user.username
    assert event.outcome == AuditOutcome.FAILED


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_with_a_clear_message(make_user) -> None:
    user = make_user(Role.REPORTER)
    client = Client()
    for _ in range(2):
        assert _login(client, user.username, "wrong").status_code == 200
    response = _login(client, user.username, "wrong")
    assert response.status_code == 429
    assert "geblokkeerd" in response.content.decode()
    # Even the right password is refused while locked.
    assert _login(client, user.username).status_code == 429
    assert AuditEvent.objects.filter(
        action=AuditAction.LOCKOUT, actor_username=user.username
    ).exists()


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=15)
def test_idle_session_ends(make_user, verified_client_for) -> None:
    client = verified_client_for(make_user(Role.REGISTRAR))
    assert client.get(reverse("core:home")).status_code == 200
    session = client.session
    session["schakel_last_seen"] = time.time() - 16 * 60
    session.save()
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=15)
def test_last_seen_is_written_only_when_it_moved_enough(make_user, verified_client_for) -> None:
    # Saves a session UPDATE on most requests; the timeout is exact to within the granularity.
    from schakel.accounts.middleware import LAST_SEEN_GRANULARITY

    client = verified_client_for(make_user(Role.REGISTRAR))
    client.get(reverse("core:home"))
    session = client.session
    recent = time.time() - LAST_SEEN_GRANULARITY / 2
    session["schakel_last_seen"] = recent
    session.save()
    client.get(reverse("core:home"))
    assert client.session["schakel_last_seen"] == recent
    older = time.time() - LAST_SEEN_GRANULARITY - 1
    session = client.session
    session["schakel_last_seen"] = older
    session.save()
    client.get(reverse("core:home"))
    assert client.session["schakel_last_seen"] > older + LAST_SEEN_GRANULARITY


def test_logout_is_audited(make_user, verified_client_for) -> None:
    user = make_user(Role.REPORTER)
    client = verified_client_for(user)
    client.post(reverse("accounts:logout"))
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=user).exists()
    assert client.get(reverse("core:home")).status_code == 302
