"""Settings for the benchmarks: production's, less what needs TLS in front of the app.

The benchmarks talk plain HTTP to 127.0.0.1, so the HTTPS redirect and secure-only cookies are
off; everything else (DEBUG off, argon2, the middleware stack) is as in production. The keys
below protect only generated data in the benchmark database.
"""

import os

os.environ.setdefault("SCHAKEL_SECRET_KEY", "bench-only-not-secret-7f3a9c")
os.environ.setdefault(
    "SCHAKEL_FIELD_ENCRYPTION_KEYS", "bench1:YmVuY2gtb25seS1rZXktMzItYnl0ZXMtbG9uZy0tLS0="
)

from schakel.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# Decisions mail the reporter; keep that in memory.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
