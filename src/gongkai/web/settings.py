"""Settings, from the environment: ``DATABASE_URL`` (default a SQLite file under ./var/),
``GONGKAI_DB_CONN_MAX_AGE`` (seconds a connection is kept for reuse, default 300),
``GONGKAI_PG_PREPARE`` (see ``_database``),
``GONGKAI_SECRET_KEY``, ``GONGKAI_DEBUG``, ``GONGKAI_ALLOWED_HOSTS``, ``GONGKAI_VAR``,
``EMAIL_BACKEND``/``EMAIL_HOST``…, ``GONGKAI_MAIL_FROM``.

SQLite runs in WAL mode with ``BEGIN IMMEDIATE`` transactions and a busy timeout
(``GONGKAI_SQLITE_TIMEOUT`` seconds, default 20), so concurrent submissions queue for the
write lock instead of failing.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

VAR = Path(os.environ.get("GONGKAI_VAR", Path.cwd() / "var")).resolve()


def _secret_key() -> str:
    key = os.environ.get("GONGKAI_SECRET_KEY")
    if key:
        return key
    path = VAR / "secret-key"
    if not path.exists():
        VAR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), "utf-8")
        path.chmod(0o600)
    return path.read_text("utf-8").strip()


def _database() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR / 'gongkai.sqlite3'}"
    # Each worker thread keeps its connection for a while, checked before reuse so a
    # restarted server is reconnected to. A new one costs a PostgreSQL backend process, or
    # SQLite's pragmas and Django's SQL functions registered again: opened per request,
    # it was more than half the server's CPU time for a submission.
    age = int(os.environ.get("GONGKAI_DB_CONN_MAX_AGE", "300"))
    db: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=age))
    db["CONN_HEALTH_CHECKS"] = True
    if db["ENGINE"] == "django.db.backends.postgresql":
        db["ENGINE"] = "gongkai.web.postgresql"  # its health check costs no round trip
        # Values bound by the server, not quoted into the SQL by psycopg in Python, and a
        # statement run often prepared once per connection: PostgreSQL then parses and
        # plans a submission's statements no more (its CPU per API submission 1.9 → 1.3 ms).
        # ``GONGKAI_PG_PREPARE``: runs before a statement is prepared, or ``off`` behind a
        # pooler that cannot keep prepared statements (PgBouncer in transaction mode).
        prepare = os.environ.get("GONGKAI_PG_PREPARE", "5")
        db.setdefault("OPTIONS", {}).update(
            server_side_binding=True,
            prepare_threshold=None if prepare == "off" else int(prepare),
        )
    if db["ENGINE"] == "django.db.backends.sqlite3":
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        db["OPTIONS"] = {
            # Below gunicorn's 30 s worker timeout: a lock held longer gives the clear
            # "try again" answer instead of a worker killed mid-request.
            "timeout": float(os.environ.get("GONGKAI_SQLITE_TIMEOUT", "20")),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # Tests use a real file too (never the in-memory database): the live server's
        # threads then hold their own connections, as production does. One file per test
        # process, so two test runs in one checkout never share (and destroy) it.
        test_name = f"test-gongkai-{os.getpid()}.sqlite3"
        db["TEST"] = {"NAME": str(Path(db["NAME"]).with_name(test_name))}
    return db


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("GONGKAI_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get(
    "GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver"
).split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "gongkai.cases",
    "gongkai.web",
    "gongkai.proactive",
    "gongkai.annual",
]

# No LocaleMiddleware: the site has one language (LANGUAGE_CODE, active by default), and
# choosing it again on every request was 4 % of an API submission's instructions;
# gongkai.web.security still sends its Content-Language.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.web.security.SecurityMiddleware",
    "gongkai.web.faults.FaultMiddleware",
]

ROOT_URLCONF = "gongkai.web.urls"
WSGI_APPLICATION = "gongkai.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.web.context.site",
            ],
        },
    }
]

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR / "static"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:queue"
LOGOUT_REDIRECT_URL = "portal:home"

# Security (gongkai.web.security adds the content security policy and the rate limits).
# Django's database sessions, not written twice when the portal has saved one with a new
# request (gongkai.web.sessions).
SESSION_ENGINE = "gongkai.web.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
CSRF_COOKIE_HTTPONLY = False
CSRF_COOKIE_SAMESITE = "Lax"
# Behind HTTPS in production: cookies only over TLS. GONGKAI_INSECURE_COOKIES=1 is for a
# plain-HTTP run on 127.0.0.1 (the load test); DEBUG implies it.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG and (
    os.environ.get("GONGKAI_INSECURE_COOKIES", "") != "1"
)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Failed logins per (username, address) and accepted submissions per address, as
# "count/seconds"; a count of 0 switches the limit off.
GONGKAI_LOGIN_LIMIT = os.environ.get("GONGKAI_LOGIN_LIMIT", "5/900")
GONGKAI_SUBMIT_LIMIT = os.environ.get("GONGKAI_SUBMIT_LIMIT", "60/600")

# Uploads: attachments are checked by type and size in the form (5 files of 10 MB at
# most); this caps the whole request body and what is held in memory before spooling.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # non-file fields
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger files go to a temporary file
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
DATA_UPLOAD_MAX_NUMBER_FILES = 10
GONGKAI_MAX_REQUEST_BYTES = 60 * 1024 * 1024  # whole request: 5 × 10 MB and the form

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_MAIL_FROM", "gongkai@localhost")

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    # Identity and mobile numbers never reach a log whole (gongkai.cases.privacy).
    "filters": {"mask": {"()": "gongkai.cases.privacy.MaskingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask"]}},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING"},
        "gongkai": {"handlers": ["console"]},
    },
}
