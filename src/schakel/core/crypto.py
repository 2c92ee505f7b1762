"""Application-level encryption of sensitive fields (AES-256-GCM).

A database dump alone must not reveal narratives, health or criminal data. Each value is
stored as ``enc:v1:<key id>:<base64(nonce || ciphertext+tag)>``; the key id lets old values
be read after a new key is made active, and `schakel keys rotate` re-encrypts them. The
model and field name are bound in as associated data, so a ciphertext copied into another
column does not decrypt.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from functools import cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver

PREFIX = "enc:v1:"


class DecryptionError(Exception):
    pass


@dataclass(frozen=True)
class KeyRing:
    active_key_id: str
    keys: dict[str, bytes]

    @classmethod
    def parse(cls, spec: str) -> KeyRing:
        """Parse ``kid:base64key[,kid:base64key...]``; the first key is the active one."""
        keys: dict[str, bytes] = {}
        order: list[str] = []
        for part in filter(None, (p.strip() for p in spec.split(","))):
            kid, sep, encoded = part.partition(":")
            if not sep or not kid or not kid.isalnum():
                raise ImproperlyConfigured(
                    "SCHAKEL_FIELD_ENCRYPTION_KEYS: each key must be 'keyid:base64key' "
                    "with an alphanumeric key id."
                )
            try:
                raw = base64.b64decode(encoded, validate=True)
            except binascii.Error as exc:
                raise ImproperlyConfigured(
                    f"SCHAKEL_FIELD_ENCRYPTION_KEYS: key '{kid}' is not valid base64."
                ) from exc
            if len(raw) != 32:
                raise ImproperlyConfigured(
                    f"SCHAKEL_FIELD_ENCRYPTION_KEYS: key '{kid}' must be 32 bytes (AES-256), "
                    f"got {len(raw)}."
                )
            keys[kid] = raw
            order.append(kid)
        if not order:
            raise ImproperlyConfigured("SCHAKEL_FIELD_ENCRYPTION_KEYS is empty.")
        return cls(active_key_id=order[0], keys=keys)

    def encrypt(self, plaintext: str, *, associated_data: str) -> str:
        nonce = os.urandom(12)
        sealed = AESGCM(self.keys[self.active_key_id]).encrypt(
            nonce, plaintext.encode(), associated_data.encode()
        )
        payload = base64.b64encode(nonce + sealed).decode()
        return f"{PREFIX}{self.active_key_id}:{payload}"

    def decrypt(self, stored: str, *, associated_data: str) -> str:
        key_id = key_id_of(stored)
        if key_id not in self.keys:
            raise DecryptionError(f"unknown key id '{key_id}'")
        blob = base64.b64decode(stored.rsplit(":", 1)[1])
        try:
            plain = AESGCM(self.keys[key_id]).decrypt(
                blob[:12], blob[12:], associated_data.encode()
            )
        except InvalidTag as exc:
            raise DecryptionError("ciphertext does not authenticate") from exc
        return plain.decode()


def key_id_of(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise DecryptionError("value is not encrypted")
    return stored[len(PREFIX) :].split(":", 1)[0]


@cache
def key_ring() -> KeyRing:
    return KeyRing.parse(settings.FIELD_ENCRYPTION_KEYS)


@receiver(setting_changed)
def _forget_keys(*, setting: str, **_: Any) -> None:
    if setting == "FIELD_ENCRYPTION_KEYS":
        key_ring.cache_clear()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text field stored encrypted; reads return plain text."""

    description = "Text encrypted with AES-GCM"

    def _associated_data(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return key_ring().decrypt(value, associated_data=self._associated_data())

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return key_ring().encrypt(str(value), associated_data=self._associated_data())


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]
