from django.apps import AppConfig


class CryptoAppConfig(AppConfig):
    """A test-only app with encrypted fields, to test the field without a domain model."""

    name = "tests.crypto_app"
    label = "crypto_app"
