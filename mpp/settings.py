"""Settings, all from the environment.

DATABASE_URL     sqlite:///path or postgres://user@host:port/db (default: SQLite file in MPP_DATA_DIR)
SECRET_KEY       required in production; otherwise a random key kept in MPP_DATA_DIR/secret_key
ALLOWED_HOSTS    comma-separated (default 127.0.0.1,localhost)
DEBUG            1/0 (default 0)
MPP_HTTPS        1 when served behind HTTPS: secure cookies, HSTS, redirect (default 1 unless DEBUG)
MPP_DATA_DIR     where the SQLite file, the secret key and collected static files live (default ./var)
REDIS_URL        optional shared cache (rate limits, lockouts) for several workers
EMAIL_*, MPP_NOTIFY_*   notifications: see "Notifications and background tasks" below
"""

from __future__ import annotations

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from mpp.lib.client import parse_proxies

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("MPP_DATA_DIR") or Path.cwd() / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# pytest sets PYTEST_VERSION in the environment of the run.
TESTING = env_bool("MPP_TESTING", "PYTEST_VERSION" in os.environ)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "mpp.web",  # first: its templates override the admin's where it needs to
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "ninja",
    "mpp.accounts",
    "mpp.catalog",
    "mpp.queueing",
    "mpp.realtime",
    "mpp.bookings",
    "django_tasks",
    "django_tasks_db",
    "mpp.notifications",
    "mpp.applications",
    "mpp.feedback",
    "mpp.reporting",
]

# Content-Security-Policy of every answer (mpp.web.middleware): everything from this address;
# inline style attributes are allowed (the admin and htmx's indicator use them), inline
# scripts are not; QR codes and the display board's sound may be data: URLs.
MPP_CSP = os.environ.get("MPP_CSP", "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:", "media-src 'self' data: blob:", "connect-src 'self'",
    "font-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
    "frame-ancestors 'none'",
]))

MIDDLEWARE = [
    "mpp.web.middleware.ContentSecurityPolicyMiddleware",  # every answer, errors included
    "mpp.web.middleware.ApiErrorShapeMiddleware",  # outermost: /api/ errors are JSON
    "mpp.lib.client.ClientAddressMiddleware",  # first: who the client is, proxies checked
    "mpp.web.middleware.InputGuardMiddleware",  # then: no text a database cannot store
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mpp.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "mpp.web.middleware.DatabaseUnavailableMiddleware",  # database down or pool busy: 503
]

ROOT_URLCONF = "mpp.urls"
WSGI_APPLICATION = "mpp.wsgi.application"
ASGI_APPLICATION = "mpp.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
MPP_DB_CONNECTIONS = int(os.environ.get("MPP_DB_CONNECTIONS", "60"))
MPP_STREAM_DB_CONNECTIONS = int(os.environ.get("MPP_STREAM_DB_CONNECTIONS", "5"))
MPP_DB_PROCESSES = max(1, int(os.environ.get("MPP_DB_PROCESSES", "1")))
# the stream server's process (`mpp streams`; `mpp serve` sets MPP_PROCESS_ROLE for it)
if os.environ.get("MPP_PROCESS_ROLE") == "streams" or sys.argv[1:2] == ["streams"]:
    MPP_DB_POOL_SIZE = MPP_STREAM_DB_CONNECTIONS
else:
    MPP_DB_POOL_SIZE = max(2, (MPP_DB_CONNECTIONS - MPP_STREAM_DB_CONNECTIONS)
                           // MPP_DB_PROCESSES)


DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'mpp.sqlite3'}"
_db = dj_database_url.parse(DATABASE_URL)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # Writers queue up for the lock instead of failing with "database is locked" halfway
        # through a transaction; WAL lets readers go on while one writes.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=30000;"
        ),
    }
    _db["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
elif _db["ENGINE"] == "django.db.backends.postgresql":
    # A pool per process, sized from one budget for the whole server (docs/deployment.md):
    # MPP_DB_CONNECTIONS in all, of which MPP_STREAM_DB_CONNECTIONS for the stream server,
    # the rest shared by the processes `mpp serve` starts (MPP_DB_PROCESSES: its gunicorn
    # workers and the background worker). Threads beyond a pool's size wait for a connection
    # (MPP_DB_POOL_TIMEOUT seconds, then a 503), instead of opening one each.
    _db["CONN_MAX_AGE"] = 0  # Django's pool keeps the connections; required with "pool"
    _db["OPTIONS"] = {**_db.get("OPTIONS", {}), "pool": {
        "min_size": 1,
        "max_size": MPP_DB_POOL_SIZE,
        "timeout": float(os.environ.get("MPP_DB_POOL_TIMEOUT", "10")),
        "max_idle": 300,
    }}
    # Parallel test runs on one server each need their own test database.
    if os.environ.get("MPP_TEST_DB_NAME"):
        _db["TEST"] = {"NAME": os.environ["MPP_TEST_DB_NAME"]}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, lockouts, calendars) ----------------------------------------------
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Redis, or this process's memory while Redis cannot be reached (mpp/lib/cache.py)
            "BACKEND": "mpp.lib.cache.FallbackRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Login lockout (django-axes): 5 failures for one username from one address lock it for 15 min.
AXES_FAILURE_LIMIT = int(os.environ.get("MPP_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("MPP_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "mpp.accounts.lockout.lockout_response"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "mpp.lib.client.axes_client_ip"  # lock (username, real client address)

# Rate limits for the API, per client address for the public, per token for staff and devices.
MPP_RATE_LIMITS = {
    "public": os.environ.get("MPP_RATE_PUBLIC", "120/60"),  # requests / seconds
    "staff": os.environ.get("MPP_RATE_STAFF", "600/60"),
    "integrator": os.environ.get("MPP_RATE_INTEGRATOR", "3000/60"),
    "login": os.environ.get("MPP_RATE_LOGIN", "20/60"),
    # the citizens' booking pages: booking, cancel, reschedule, looking a booking up by code;
    # per browser (session or CSRF cookie) at one address, and all browsers of one address
    # (an MPP's Wi-Fi, a carrier's NAT) together under a ceiling ten times as high
    "public_pages": os.environ.get("MPP_RATE_PUBLIC_PAGES", "120/60"),
    "public_pages_address": os.environ.get("MPP_RATE_PUBLIC_PAGES_ADDRESS", "1200/60"),
    # wrong NIKs (or unknown codes) given with a booking code: per code, then per client
    "nik_code": os.environ.get("MPP_RATE_NIK_CODE", "5/86400"),
    "nik_client": os.environ.get("MPP_RATE_NIK_CLIENT", "30/3600"),
}
MPP_TOKEN_TOUCH_SECONDS = 60  # last_used_at is written at most once a minute per token
# Tokens from POST /auth/token (a person signing in) expire after a working day and a bit;
# POST /auth/rotate exchanges a live one for a fresh one. Tokens issued in the back office
# (kiosks, displays, integrators) expire when their issuer says.
MPP_TOKEN_HOURS = int(os.environ.get("MPP_TOKEN_HOURS", "12"))
# how long an Idempotency-Key is remembered (mpp/web/idempotency.py)
MPP_IDEMPOTENCY_HOURS = int(os.environ.get("MPP_IDEMPOTENCY_HOURS", "24"))

# --- applications: uploads and signatures (docs/deployment.md "Documents and signing keys") --
MPP_FILES_DIR = Path(os.environ.get("MPP_FILES_DIR") or DATA_DIR / "files").resolve()
MPP_UPLOAD_MAX_BYTES = int(os.environ.get("MPP_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
MPP_UPLOAD_MAX_REQUEST_BYTES = int(os.environ.get("MPP_UPLOAD_MAX_REQUEST_BYTES",
                                                  str(40 * 1024 * 1024)))
MPP_UPLOAD_SCANNER = os.environ.get("MPP_UPLOAD_SCANNER", "none")  # none | clamd
MPP_CLAMD_ADDRESS = os.environ.get("MPP_CLAMD_ADDRESS", "unix:/run/clamav/clamd.ctl")
MPP_SIGNING_BACKEND = os.environ.get("MPP_SIGNING_BACKEND", "local")  # local | remote
MPP_SIGNING_P12 = os.environ.get("MPP_SIGNING_P12", "")  # empty: a self-made key in DATA_DIR
MPP_SIGNING_PASSPHRASE = os.environ.get("MPP_SIGNING_PASSPHRASE", "")
MPP_SIGNING_REMOTE_URL = os.environ.get("MPP_SIGNING_REMOTE_URL", "")
MPP_SIGNING_REMOTE_CERT = os.environ.get("MPP_SIGNING_REMOTE_CERT", "")
MPP_SIGNING_TSA_URL = os.environ.get("MPP_SIGNING_TSA_URL", "")
# the address printed in the QR codes of signed PDFs; empty: the address of the request
MPP_PUBLIC_URL = os.environ.get("MPP_PUBLIC_URL", "").rstrip("/")
# wrong NIKs given with a tracking code count against MPP_RATE_LIMITS["nik_code"] as well

# --- complaints (SP4N-LAPOR!'s time limits, in working days of the site's calendar) ---------
MPP_COMPLAINT_DAYS = {
    "verification": int(os.environ.get("MPP_COMPLAINT_VERIFY_DAYS", "3")),
    "answer": int(os.environ.get("MPP_COMPLAINT_ANSWER_DAYS", "5")),
    "auto_close": int(os.environ.get("MPP_COMPLAINT_AUTO_CLOSE_DAYS", "10")),
    "final": int(os.environ.get("MPP_COMPLAINT_FINAL_DAYS", "60")),
}
# how long after closing the filer may reopen (working days), and how long after a visit a
# complaint about it may be filed (calendar days, Perpres 76/2013 practice: 30)
MPP_COMPLAINT_REOPEN_DAYS = int(os.environ.get("MPP_COMPLAINT_REOPEN_DAYS", "10"))
MPP_COMPLAINT_FILING_DAYS = int(os.environ.get("MPP_COMPLAINT_FILING_DAYS", "30"))
# the outbound adapter to the national system: a dotted path to a class with
# `send(report) -> national_id`; empty: reports are exported by hand (CSV/JSON)
MPP_LAPOR_ADAPTER = os.environ.get("MPP_LAPOR_ADAPTER", "")

# --- I18N ---------------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
LANGUAGE_COOKIE_NAME = "mpp_lang"

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# Tests and DEBUG serve straight from the apps' static folders (no collectstatic needed);
# `mpp serve` collects them into STATIC_ROOT first and serves the hashed, compressed copies.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security -------------------------------------------------------------------------------
HTTPS = env_bool("MPP_HTTPS", not (DEBUG or TESTING))
# The reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or
# networks, comma-separated; nginx on this machine: 127.0.0.1). From any other peer those
# headers are dropped (mpp/lib/client.py). Empty: no proxy, the socket peer is the client.
MPP_TRUSTED_PROXIES = parse_proxies(os.environ.get("MPP_TRUSTED_PROXIES", ""))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The load balancer and the operator probe /healthz over plain HTTP, past the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("MPP_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("MPP_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- The product ------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 100
# The queue: recalls before a called citizen who does not come becomes a no-show; how many
# priority-lane calls in a row a counter makes before a waiting regular ticket goes first.
# Live event streams (docs/deployment.md "Stream server", docs/limits.md): the stream server
# (`mpp streams`, started by `mpp serve` on its port + 1) holds up to MPP_STREAMS_MAX open
# streams, MPP_STREAMS_PER_SITE per site and MPP_STREAMS_PER_CLIENT per client address; a
# stream sends a comment every MPP_STREAM_HEARTBEAT seconds and ends after MPP_STREAM_SECONDS
# (the browser reconnects with Last-Event-ID and misses nothing). gunicorn's own stream
# endpoint holds at most MPP_WSGI_STREAMS per worker process (`mpp serve`: threads // 4).
MPP_STREAMS_MAX = int(os.environ.get("MPP_STREAMS_MAX", "5000"))
MPP_STREAMS_PER_SITE = int(os.environ.get("MPP_STREAMS_PER_SITE", "4000"))
MPP_STREAMS_PER_CLIENT = int(os.environ.get("MPP_STREAMS_PER_CLIENT", "200"))
MPP_STREAM_HEARTBEAT = float(os.environ.get("MPP_STREAM_HEARTBEAT", "15"))
MPP_STREAM_SECONDS = float(os.environ.get("MPP_STREAM_SECONDS", "600"))
# the stream server's reading threads: its share of the connections (MPP_STREAM_DB_CONNECTIONS)
# less the one its event listener holds
MPP_STREAMS_DB_THREADS = int(os.environ.get("MPP_STREAMS_DB_THREADS",
                                            str(max(1, MPP_STREAM_DB_CONNECTIONS - 1))))
MPP_WSGI_STREAMS = int(os.environ.get("MPP_WSGI_STREAMS", "50"))

MPP_QUEUE_MAX_RECALLS = int(os.environ.get("MPP_QUEUE_MAX_RECALLS", "3"))
MPP_QUEUE_PRIORITY_STREAK = int(os.environ.get("MPP_QUEUE_PRIORITY_STREAK", "3"))
MPP_DEMO_PASSWORD = os.environ.get("MPP_DEMO_PASSWORD", "mpp-demo-2026")

# --- Notifications and background tasks ------------------------------------------------------
# Background work: django-tasks with its database backend; `mpp worker` (started by `mpp serve`)
# runs the tasks and the periodic jobs (mpp/notifications/periodic.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mpp@localhost")
# WhatsApp/SMS gateway: "console" (prints), "webhook" (POST JSON to MPP_NOTIFY_WEBHOOK_URL with
# a bearer secret), or the dotted path of your own class (mpp/notifications/backends.py).
MPP_NOTIFY_GATEWAY = os.environ.get("MPP_NOTIFY_GATEWAY", "console")
MPP_NOTIFY_WEBHOOK_URL = os.environ.get("MPP_NOTIFY_WEBHOOK_URL", "")
MPP_NOTIFY_WEBHOOK_SECRET = os.environ.get("MPP_NOTIFY_WEBHOOK_SECRET", "")
MPP_NOTIFY_WEBHOOK_TIMEOUT = float(os.environ.get("MPP_NOTIFY_WEBHOOK_TIMEOUT", "10"))
# Phone messages go by WhatsApp or SMS; a site may choose its own ("kota-uji=sms,...").
MPP_NOTIFY_PHONE_CHANNEL = os.environ.get("MPP_NOTIFY_PHONE_CHANNEL", "whatsapp")
MPP_NOTIFY_PHONE_CHANNEL_SITES = dict(
    item.split("=", 1) for item in env_list("MPP_NOTIFY_PHONE_CHANNEL_SITES", "") if "=" in item
)
MPP_NOTIFY_MAX_ATTEMPTS = int(os.environ.get("MPP_NOTIFY_MAX_ATTEMPTS", "5"))
MPP_NOTIFY_RETRY_SECONDS = int(os.environ.get("MPP_NOTIFY_RETRY_SECONDS", "60"))  # doubles

if TESTING:
    # Hashing is not what the tests are about; PBKDF2 would make every persona cost 0.3 s.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
