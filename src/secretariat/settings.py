"""The one settings file, driven by environment variables.

SECRETARIAT_MODE is "production" (the default), "demo" or "test". Production
fails closed: it refuses to start without SECRETARIAT_SECRET_KEY. Demo and test
bring their own key and a SQLite file under var/.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent

MODE = os.environ.get("SECRETARIAT_MODE", "production")
if MODE not in {"production", "demo", "test"}:
    raise ImproperlyConfigured(f"SECRETARIAT_MODE must be production, demo or test, not {MODE!r}")
DEMO = MODE == "demo"
TESTING = MODE == "test"

DEBUG = os.environ.get("SECRETARIAT_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("SECRETARIAT_SECRET_KEY", "")
if not SECRET_KEY:
    if MODE == "production":
        raise ImproperlyConfigured("Set SECRETARIAT_SECRET_KEY: production has no default secret.")
    SECRET_KEY = f"insecure-{MODE}-key-never-used-in-production"

# The data folder (SQLite file, uploads, collected static files, backups). Demo and tests
# default to var/ beside src/; production names it, since an installed package has no
# checkout and var/ would land inside the virtualenv, lost at the next reinstall.
if MODE == "production":
    DATA_DIR = Path(os.environ.get("SECRETARIAT_DATA_DIR", ""))
    if not DATA_DIR.is_absolute() or not DATA_DIR.is_dir():
        raise ImproperlyConfigured(
            "Set SECRETARIAT_DATA_DIR to the absolute path of an existing folder the service "
            f"may write to (it is {str(DATA_DIR)!r})."
        )
else:
    DATA_DIR = Path(os.environ.get("SECRETARIAT_DATA_DIR", BASE_DIR.parent.parent / "var"))

ALLOWED_HOSTS = os.environ.get("SECRETARIAT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("SECRETARIAT_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]
SITE_URL = os.environ.get("SECRETARIAT_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "secretariat.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "secretariat.core",
    "secretariat.regions",
    "secretariat.accounts",
    "secretariat.meetings",
    "secretariat.documents",
    "secretariat.live",
    "secretariat.decisions",
    "secretariat.nominations",
    "secretariat.plans",
    "secretariat.activity_reports",
    "secretariat.practices",
    "secretariat.search",
    "secretariat.records",
    "secretariat.gallery",
    "secretariat.publishing",
    "secretariat.api",
    "secretariat.demo",
    "ninja",  # its bundled Swagger UI files, so /api/docs needs no network
]

MIDDLEWARE = [
    "secretariat.core.metrics.requests_middleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "secretariat.core.limits.RequestSizeLimitMiddleware",
    "secretariat.core.text.CleanInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "secretariat.accounts.middleware.PreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "secretariat.accounts.middleware.SecretariatTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "secretariat.urls"
ASGI_APPLICATION = "secretariat.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["secretariat.core.templatetags.typography"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "secretariat.regions.context_processors.region",
            ],
        },
    }
]

# SQLite by default (WAL, immediate transactions); DATABASE_URL switches to PostgreSQL.
if os.environ.get("DATABASE_URL"):
    # A pool, not persistent connections: under ASGI each request runs in a thread of its
    # own, so CONN_MAX_AGE > 0 leaves one open connection per request until the server
    # refuses more ("too many clients", found by `make bench`).
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=0)}
    # Connections each process keeps open (psycopg's pool; SECRETARIAT_DB_POOL_MIN lower
    # lets it close idle ones). Processes times this, plus one listener each, must stay
    # under the server's max_connections, or PgBouncer's pool size (operator guide).
    POOL_SIZE = int(os.environ.get("SECRETARIAT_DB_POOL_SIZE", "4"))
    POOL_MIN = min(int(os.environ.get("SECRETARIAT_DB_POOL_MIN", str(POOL_SIZE))), POOL_SIZE)
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": POOL_MIN,
        "max_size": POOL_SIZE,
        "timeout": float(os.environ.get("SECRETARIAT_DB_POOL_TIMEOUT", "30")),
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / f"{'secretariat' if MODE == 'production' else MODE}.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "secretariat.accounts.backends.AuthenticationBackend",
    "rules.permissions.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "secretariat.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# A reset asked for an address no account signs in with mails nothing: sign-up is closed, so
# allauth's "sign up instead" mail would be a dead end (and anyone could make us mail anyone).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# A reset revokes personal API tokens and calendar feeds, and its pages say so.
ACCOUNT_FORMS = {
    "reset_password": "secretariat.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "secretariat.accounts.forms.ResetPasswordKeyForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Secretariat"
# Secretariat staff must set up TOTP before anything else (accounts.middleware). The demo
# and the tests turn it off so their people sign in with a password alone; tests of the
# rule turn it back on.
MFA_REQUIRED_FOR_SECRETARIAT = (
    os.environ.get("SECRETARIAT_MFA_REQUIRED", "1" if MODE == "production" else "0") == "1"
)
# Mail to the person on a password change, a new authenticator or new recovery codes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Secretariat] "

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("SECRETARIAT_MEDIA_ROOT", DATA_DIR / f"{MODE}-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if MODE == "production"
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files on S3-compatible storage when a bucket is named; several machines then
# share them. Credentials come from the environment like everything else.
if os.environ.get("SECRETARIAT_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["SECRETARIAT_S3_BUCKET"],
            "endpoint_url": os.environ.get("SECRETARIAT_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("SECRETARIAT_S3_REGION") or None,
            "access_key": os.environ.get("SECRETARIAT_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("SECRETARIAT_S3_SECRET_KEY") or None,
            "location": os.environ.get("SECRETARIAT_S3_PREFIX", ""),
            "default_acl": None,  # the bucket stays private: files go out through the app
            "file_overwrite": False,
        },
    }
# Downloads handed off after the app's permission check (core.files.serve_stored): files on
# the local disk through the proxy's internal location (nginx or Caddy; deploy/), e.g.
# "/_protected/"; files in a bucket through signed addresses valid this many seconds (0:
# through the app, for a bucket the browsers cannot reach).
ACCEL_REDIRECT = os.environ.get("SECRETARIAT_ACCEL_REDIRECT", "")
if ACCEL_REDIRECT and not (ACCEL_REDIRECT.startswith("/") and ACCEL_REDIRECT.endswith("/")):
    raise ImproperlyConfigured(
        f"SECRETARIAT_ACCEL_REDIRECT must start and end with '/', not {ACCEL_REDIRECT!r}"
    )
SIGNED_URL_SECONDS = int(os.environ.get("SECRETARIAT_SIGNED_URL_SECONDS", "60"))
# Demo and tests serve static files straight from the apps, with no collectstatic step.
WHITENOISE_USE_FINDERS = MODE != "production"
if MODE != "production":
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The whole body, files included: the largest upload (a 20 MB document) and its form.
MAX_REQUEST_BYTES = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Mail: every message goes through the outbox (core.mail), then this SMTP server.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("SECRETARIAT_EMAIL_HOST", "127.0.0.1"),
            "port": int(os.environ.get("SECRETARIAT_EMAIL_PORT", "25")),
            "username": os.environ.get("SECRETARIAT_EMAIL_USER", ""),
            "password": os.environ.get("SECRETARIAT_EMAIL_PASSWORD", ""),
            "use_tls": os.environ.get("SECRETARIAT_EMAIL_TLS", "0") == "1",
            "timeout": 10,
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("SECRETARIAT_FROM_EMAIL", "secretariat@localhost")
MAIL_MAX_ATTEMPTS = 5
# A practice not updated for this long is flagged and its Member reminded (issue 7).
PRACTICE_STALE_AFTER_DAYS = int(os.environ.get("SECRETARIAT_PRACTICE_STALE_AFTER_DAYS", "365"))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
if TESTING or DEMO:
    # No worker to start: tasks run at once; the demo writes its mail to files.
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
if DEMO:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": DATA_DIR / "demo-mail"},
        }
    }

# Live streams send a comment this often, so proxies keep idle streams open.
LIVE_HEARTBEAT_SECONDS = float(os.environ.get("SECRETARIAT_LIVE_HEARTBEAT", "15"))
# Each process keeps one connection LISTENing for other processes' live events, with the
# settings of DATABASE_URL, or of this address when set: PostgreSQL itself, or a session-mode
# pool, when DATABASE_URL goes through PgBouncer in transaction mode (which drops a LISTEN).
LIVE_DATABASE_URL = os.environ.get("SECRETARIAT_LIVE_DATABASE_URL", "")

# Live streams opened (each one reads the session's latest events) per client address and
# minute; past it, a stream is told to come back later. A meeting room behind one address
# reconnects all at once after a restart: keep it above the number of people in the room.
LIVE_OPENS_PER_MINUTE = int(os.environ.get("SECRETARIAT_LIVE_OPENS_PER_MINUTE", "120"))

# The proxies in front of the site (addresses or networks, comma-separated) whose
# X-Forwarded-For and X-Forwarded-Proto are believed: `serve` passes them to uvicorn, and the
# application takes a client's address from them (core.limits.client_address).
TRUSTED_PROXIES = [
    p.strip()
    for p in os.environ.get("SECRETARIAT_TRUSTED_PROXIES", "127.0.0.1").split(",")
    if p.strip()
]

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if MODE == "production":
    SECURE_SSL_REDIRECT = os.environ.get("SECRETARIAT_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # A load balancer's probes come over plain HTTP from inside; a redirect would fail them.
    SECURE_REDIRECT_EXEMPT = [r"^health/"]
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Several processes must share one cache, or each counts sign-in attempts and keeps pages alone.
CACHE_URL = os.environ.get("SECRETARIAT_CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("SECRETARIAT_CACHE_PREFIX", "secretariat"),
        }
    }

# One JSON object per line in production, for log collectors; plain lines elsewhere, for people.
LOG_FORMAT = os.environ.get("SECRETARIAT_LOG_FORMAT", "json" if MODE == "production" else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"SECRETARIAT_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "secretariat.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("SECRETARIAT_LOG_LEVEL", "WARNING")},
}

# Days an invitation to activate an account stays valid.
INVITATION_DAYS = 14

# Prometheus metrics (core.metrics): every process counts, `secretariat serve` exposes the
# sum on this address (host:port, e.g. 127.0.0.1:9464; keep it off the public network).
# Several processes share the counts through files, in a folder set before any import of
# prometheus-client.
METRICS_ADDRESS = os.environ.get("SECRETARIAT_METRICS_ADDRESS", "")
if METRICS_ADDRESS:
    _host, _, _port = METRICS_ADDRESS.rpartition(":")
    if not _host or not _port.isdigit():
        raise ImproperlyConfigured(
            f"SECRETARIAT_METRICS_ADDRESS must be host:port, not {METRICS_ADDRESS!r}"
        )
    METRICS_DIR = Path(os.environ.get("SECRETARIAT_METRICS_DIR", DATA_DIR / "metrics"))
    METRICS_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(METRICS_DIR)

# Error reports to Sentry (or a server speaking its protocol) when a DSN is given; nothing
# is sent, and the SDK is not even started, without one.
SENTRY_DSN = os.environ.get("SECRETARIAT_SENTRY_DSN", "")
if SENTRY_DSN:
    import logging

    import sentry_sdk
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        # Errors logged (a tick step that failed, a lost live listener) are reported too, not
        # only the exceptions nothing caught.
        integrations=[LoggingIntegration(event_level=logging.ERROR)],
        environment=os.environ.get("SECRETARIAT_SENTRY_ENVIRONMENT", MODE),
        # No person's identity, request body or local variable leaves the site.
        data_collection={"user_info": False, "http_bodies": [], "stack_frame_variables": False},
        traces_sample_rate=float(os.environ.get("SECRETARIAT_SENTRY_TRACES", "0")),
    )
