"""Production settings refuse to start without the secrets, naming the missing one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

KEY = "k1:dGVzdC1rZXktb25lLTMyLWJ5dGVzLWxvbmctLS0tLS0="


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SCHAKEL_")}
    clean.update({"DJANGO_SETTINGS_MODULE": "schakel.settings.production", **env})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"SCHAKEL_FIELD_ENCRYPTION_KEYS": KEY}, "SCHAKEL_SECRET_KEY"),
        ({"SCHAKEL_SECRET_KEY": "s" * 50}, "SCHAKEL_FIELD_ENCRYPTION_KEYS"),
    ],
)
def test_production_refuses_to_start_without_a_secret(env: dict[str, str], missing: str) -> None:
    result = _start(env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_starts_with_both_secrets() -> None:
    result = _start({"SCHAKEL_SECRET_KEY": "s" * 50, "SCHAKEL_FIELD_ENCRYPTION_KEYS": KEY})
    assert result.returncode == 0, result.stderr
