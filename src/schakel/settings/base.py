"""Settings shared by every environment.

Every environment variable is read here, once, through ``env`` (django-environ), so the
complete list of knobs is in one file. Environment-specific modules only override values.
"""

from __future__ import annotations

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parents[1]
BASE_DIR = SRC_DIR.parents[1]
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# -- secrets and keys ---------------------------------------------------------------------
# Local and test settings give development defaults; production.py refuses to start without.
SECRET_KEY = env.str("SCHAKEL_SECRET_KEY", default="")
# "kid:base64key,kid2:base64key"; the first is the active key that encrypts new values.
FIELD_ENCRYPTION_KEYS = env.str("SCHAKEL_FIELD_ENCRYPTION_KEYS", default="")
# HMAC key for the analysts' pseudonymised identifiers (schakel.sharing.pseudonymise).
PSEUDONYMISATION_KEY = env.str("SCHAKEL_PSEUDONYMISATION_KEY", default="")

DEBUG = env.bool("SCHAKEL_DEBUG", default=False)
ALLOWED_HOSTS = env.list("SCHAKEL_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("SCHAKEL_CSRF_TRUSTED_ORIGINS", default=[])

# -- database -------------------------------------------------------------------------------
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'schakel.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: a new PostgreSQL connection per request costs a backend process
# start and its catalogue caches (about 3 ms in the worker and more in the server; see
# docs/benchmarks.md, issue 3). Each worker keeps its connection this many seconds; 0 closes
# it after every request. The health check re-opens a connection the server dropped.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("SCHAKEL_DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Prepared statements for the few fixed statements of the hot write paths (core.rows);
    # Django's own cursors bind parameters on the client and never prepare. Behind a
    # connection pooler in transaction mode (PgBouncer before 1.21) set this to 0 = off.
    threshold = env.int("SCHAKEL_DB_PREPARE_THRESHOLD", default=2)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = threshold or None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the audit writer and readers work side by side in the embedded database.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "pgtrigger",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_countries",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "schakel.core",
    "schakel.accounts",
    "schakel.programme",
    "schakel.registry",
    "schakel.residence",
    "schakel.shelter",
    "schakel.linkage",
    "schakel.identification",
    "schakel.retention",
    "schakel.sharing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "schakel.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "schakel.accounts.middleware.IdleTimeoutMiddleware",
    "schakel.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "schakel.core.middleware.NoStoreWhenSignedInMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "schakel.core.middleware.ApplicationErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "schakel.urls"
WSGI_APPLICATION = "schakel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "schakel.core.context_processors.navigation",
            ],
        },
    },
]

# -- authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock an account+address after repeated failures (django-axes).
AXES_FAILURE_LIMIT = env.int("SCHAKEL_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("SCHAKEL_LOGIN_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "schakel.accounts.views.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Idle sessions end after this many minutes without a request.
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SCHAKEL_SESSION_IDLE_MINUTES", default=15)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
OTP_TOTP_ISSUER = "Schakel"

# -- internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# -- static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [SRC_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# -- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "schakel.accounts.api_auth.SecondFactorTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["schakel.accounts.api_auth.IsVerifiedUser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "schakel.core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Schakel API",
    "DESCRIPTION": "API of Schakel, the information system of the chain against human trafficking.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Swagger UI is served from the package, not a CDN: the app must work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One schema name per choice set used in several places (keeps `check --deploy` quiet).
    "ENUM_NAME_OVERRIDES": {
        "ReportStatusEnum": "schakel.registry.choices.ReportStatus",
        "ProgressStatusEnum": "schakel.programme.workflow.ProgressStatus",
        "PlaceKindEnum": "schakel.registry.choices.PlaceKind",
        "OrganisationKindEnum": "schakel.accounts.roles.OrganisationKind",
    },
}

EMAIL_BACKEND = env.str(
    "SCHAKEL_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("SCHAKEL_FROM_EMAIL", default="schakel@localhost")

# Security headers that cost nothing in development either.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The CSRF token reaches htmx through the page (base.html), never through JavaScript reading
# the cookie, so the cookie can be HttpOnly.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Content Security Policy (django-csp 4): only this origin's own files; no inline script or
# style (tests/security/test_headers.py scans every template), no framing, no plugins.
# Swagger UI and the QR code of the second factor use data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("SCHAKEL_LOG_LEVEL", default="WARNING")},
}
API_TOKEN_LIFETIME_HOURS = env.int("SCHAKEL_API_TOKEN_HOURS", default=8)
