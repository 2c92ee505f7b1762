"""Settings for `make run`: the embedded SQLite database and demo keys.

The development keys below protect only synthetic demo data; production.py has no defaults.
"""

from .base import *
from .base import FIELD_ENCRYPTION_KEYS, PSEUDONYMISATION_KEY, SECRET_KEY

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-5c1a9e0c7f8b4d2e"
# A fixed development key so the demo database stays readable across restarts.
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or "dev1:ZGV2LW9ubHkta2V5LWZvci1kZW1vLWRhdGEtMzJiISE="
PSEUDONYMISATION_KEY = PSEUDONYMISATION_KEY or "dev-only-pseudonymisation-key"
