from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings

from schakel.core.crypto import DecryptionError, KeyRing, key_ring
from schakel.core.models import AuditAction, AuditEvent
from schakel.core.services import keys_rotate
from tests.crypto_app.models import Secret

pytestmark = pytest.mark.django_db

KEY_ONE = "test1:dGVzdC1rZXktb25lLTMyLWJ5dGVzLWxvbmctLS0tLS0="
KEY_TWO = "test2:dGVzdC1rZXktdHdvLTMyLWJ5dGVzLWxvbmctLS0tLS0="


def _raw(pk: int, column: str = "narrative") -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM crypto_app_secret WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_value_is_stored_encrypted_and_read_back_plain() -> None:
    secret = Secret.objects.create(narrative="Zij werd gedwongen te werken in een kas.")
    raw = _raw(secret.pk)
    assert raw.startswith(f"enc:v1:{key_ring().active_key_id}:")
    assert "kas" not in raw
    assert Secret.objects.get(pk=secret.pk).narrative == "Zij werd gedwongen te werken in een kas."


def test_same_text_encrypts_differently_each_time() -> None:
    a = Secret.objects.create(narrative="zelfde")
    b = Secret.objects.create(narrative="zelfde")
    assert _raw(a.pk) != _raw(b.pk)


def test_ciphertext_moved_to_another_column_does_not_decrypt() -> None:
    secret = Secret.objects.create(narrative="verhaal", health="gezond")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE crypto_app_secret SET health = narrative WHERE id = %s", [secret.pk])
    with pytest.raises(DecryptionError):
        Secret.objects.get(pk=secret.pk)


def test_rotation_re_encrypts_old_values_and_is_audited() -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=KEY_ONE):
        old = Secret.objects.create(narrative="oud verhaal", health="astma")
    assert ":test1:" in _raw(old.pk)
    with override_settings(FIELD_ENCRYPTION_KEYS=f"{KEY_TWO},{KEY_ONE}"):
        # Readable before rotation thanks to the key id stored with the value.
        assert Secret.objects.get(pk=old.pk).narrative == "oud verhaal"
        counts = keys_rotate()
        assert counts["crypto_app.secret.narrative"] == 1
        assert counts["crypto_app.secret.health"] == 1
        assert ":test2:" in _raw(old.pk)
        assert ":test2:" in _raw(old.pk, "health")
        assert keys_rotate()["crypto_app.secret.narrative"] == 0
    with override_settings(FIELD_ENCRYPTION_KEYS=KEY_TWO):
        # The old key can now be retired.
        assert Secret.objects.get(pk=old.pk).health == "astma"
    event = AuditEvent.objects.filter(action=AuditAction.KEY_ROTATION).first()
    assert event is not None
    assert event.details["active_key"] == "test2"


def test_rotation_via_cli_prints_counts() -> None:
    from typer.testing import CliRunner

    from schakel.cli import app

    with override_settings(FIELD_ENCRYPTION_KEYS=KEY_ONE):
        Secret.objects.create(narrative="x")
    with override_settings(FIELD_ENCRYPTION_KEYS=f"{KEY_TWO},{KEY_ONE}"):
        result = CliRunner().invoke(app, ["keys", "rotate"])
    assert result.exit_code == 0, result.output
    assert "crypto_app.secret.narrative" in result.output


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "empty"),
        ("nokey", "keyid:base64key"),
        ("k1:not-base64!", "not valid base64"),
        ("k1:c2hvcnQ=", "must be 32 bytes"),
    ],
)
def test_bad_key_configuration_names_the_problem(spec: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        KeyRing.parse(spec)
