"""Settings for the test suite; DATABASE_URL picks SQLite or PostgreSQL."""

from .base import *

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
FIELD_ENCRYPTION_KEYS = (
    "test2:dGVzdC1rZXktdHdvLTMyLWJ5dGVzLWxvbmctLS0tLS0=,"
    "test1:dGVzdC1rZXktb25lLTMyLWJ5dGVzLWxvbmctLS0tLS0="
)
PSEUDONYMISATION_KEY = "test-only-pseudonymisation-key"
# Fast hashing in tests only; production uses argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]

# A test-only app with an encrypted field (tests/crypto_app).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.crypto_app"]
