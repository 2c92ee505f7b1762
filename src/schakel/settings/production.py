"""Production settings: refuse to start without the secrets that protect personal data."""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import FIELD_ENCRYPTION_KEYS, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SCHAKEL_SECRET_KEY is not set: production refuses to start without a secret key."
    )
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "SCHAKEL_FIELD_ENCRYPTION_KEYS is not set: production refuses to start without a "
        "field-encryption key (format 'keyid:base64-32-byte-key')."
    )

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The service is only ever reached over HTTPS; browsers may learn that before the first visit.
SECURE_HSTS_PRELOAD = True
# Behind a TLS-terminating proxy (the operator guide): trust its X-Forwarded-Proto header only.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
