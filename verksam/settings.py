"""Verksam's settings: one file, read from environment variables.

SQLite is the default database (nothing to install); set DATABASE_URL for
PostgreSQL. Every variable is read through the typed helpers in
verksam.core.env, which stop start-up with a clear message on a bad value.
"""

import json
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from verksam.core.env import ConfigurationError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = Path(env_str("VERKSAM_DATA_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
_DEVELOPMENT_SECRET = "insecure-development-key-set-SECRET_KEY-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEVELOPMENT_SECRET if DEBUG else "")
if not DEBUG and SECRET_KEY in ("", _DEVELOPMENT_SECRET):
    raise ConfigurationError(
        "SECRET_KEY must be set to a long random secret when DEBUG is off (production); "
        "on a developer's machine set DEBUG=1 instead."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    # The API's documentation page, with its scripts served from here (the CSP allows no CDN).
    "ninja",
    # Before django_tasks_db, so that its `db_worker` command (which first recovers the
    # tasks a stopped worker left running) is the one `verksam db_worker` runs.
    "verksam.core",
    "django_tasks",
    "django_tasks_db",
    # Login throttling: failed logins are counted in the database, shared by every worker.
    "axes",
    "verksam.organisations",
    "verksam.plans",
    "verksam.indicators",
    "verksam.statistics",
    "verksam.planning",
    "verksam.followup",
    "verksam.resources",
    "verksam.competence",
    "verksam.documents",
    "verksam.comments",
    "verksam.public",
    "verksam.demo",
    "verksam.sso",
    "verksam.backup",
    "verksam.archive",
    "verksam.lessons",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above the session middleware, so it sees the session cookie a login sets.
    "verksam.core.middleware.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "verksam.core.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "verksam.urls"
WSGI_APPLICATION = "verksam.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

_default_database = f"sqlite:///{DATA_DIR / 'verksam.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", _default_database), conn_max_age=env_int("CONN_MAX_AGE", 0)
        )
    }
except ValueError as error:
    raise ConfigurationError(f"DATABASE_URL is not a usable database URL: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Several workers and threads write at once. In SQLite's default (DEFERRED) mode a
    # transaction takes the write lock at its first write, and one that has read first
    # fails at once with "database is locked" instead of waiting; IMMEDIATE takes the lock
    # at BEGIN, where `timeout` (seconds) lets it wait for the writer before it. WAL lets
    # readers go on while one writes. bench/load/run.py (make load) showed the errors.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL"}
    )

# The cache of rendered plan trees and public plan pages (docs/operations.md, "Caching").
# Their keys carry the versions of what they show, read from the database, so an entry
# is never stale in any process: a process-local cache is correct, only not shared.
# With several processes or machines, REDIS_URL shares one cache between them all.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "verksam"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "verksam",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 2000)},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 first; older hashes (PBKDF2) still verify and are rehashed at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes refuses a login before the password is checked once a user name or an
# address has failed too often (docs/operations.md, "Login throttling").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
# The pair of user name and address is refused after AXES_FAILURE_LIMIT failures; an
# address alone (every user name from it) only after many more, so that one person behind
# a shared address cannot lock out a whole office (verksam.core.throttling).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "verksam.core.throttling.PairThenAddressHandler"
VERKSAM_LOGIN_ADDRESS_FAILURE_LIMIT = env_int(
    "LOGIN_ADDRESS_FAILURE_LIMIT", 10 * max(AXES_FAILURE_LIMIT, 1)
)
if VERKSAM_LOGIN_ADDRESS_FAILURE_LIMIT < AXES_FAILURE_LIMIT:
    raise ConfigurationError(
        "LOGIN_ADDRESS_FAILURE_LIMIT must be at least LOGIN_FAILURE_LIMIT "
        f"({AXES_FAILURE_LIMIT}), not {VERKSAM_LOGIN_ADDRESS_FAILURE_LIMIT}."
    )
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "verksam.core.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "verksam.core.throttling.client_ip_address"
# How many reverse proxies in front of Verksam append to X-Forwarded-For; 0 trusts none.
VERKSAM_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Successful logins are not written to axes' access log; the failures are enough.
AXES_DISABLE_ACCESS_LOG = True

# Single sign-on over OpenID Connect (docs/sso.md): on when OIDC_ISSUER is set. The
# provider's endpoints are read from its discovery document (verksam.sso.provider).
OIDC_ISSUER = env_str("OIDC_ISSUER", "")
VERKSAM_SSO_ENABLED = bool(OIDC_ISSUER)
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID", "" if not VERKSAM_SSO_ENABLED else None)
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET", "" if not VERKSAM_SSO_ENABLED else None)
OIDC_RP_SCOPES = env_str("OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:sso_callback"
# The claim that names a new user, and the one listing their groups.
OIDC_USERNAME_CLAIM = env_str("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM", "groups")
# {"group": [{"organisation": 12, "role": "editor"}, …]}: roles the provider's groups give.
try:
    OIDC_GROUP_ROLES = json.loads(env_str("OIDC_GROUP_ROLES", "{}"))
except json.JSONDecodeError as error:
    raise ConfigurationError(f"OIDC_GROUP_ROLES is not valid JSON: {error}") from None
if VERKSAM_SSO_ENABLED:
    AUTHENTICATION_BACKENDS.append("verksam.sso.backend.SignInBackend")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Swedish first, English second.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(PROJECT_DIR / "staticfiles")))

# Background tasks (imports, reminders, documents): kept in the database and run by
# `verksam db_worker` (started beside the web server by `verksam serve`, i.e. make run);
# TASKS_IMMEDIATE=1 runs them at once in the web process instead.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}
# A job queued this long without a worker starting it says so on its page; a task running
# longer than the limit counts as left by a worker that stopped and is marked failed
# (verksam.core.workers, docs/operations.md).
TASKS_WAITING_NOTICE_SECONDS = env_int("TASKS_WAITING_NOTICE_SECONDS", 20)
TASKS_RUNNING_LIMIT_SECONDS = env_int("TASKS_RUNNING_LIMIT_SECONDS", 3600)
# Commands `verksam serve` (make run) runs when it starts and then once a day, so that a
# development or small site needs no cron; each of them is safe to run more often.
SERVE_DAILY_COMMANDS = ["send_followup_reminders"]

# Sweden's library statistics (KB) and Kolada: where to fetch from and how politely
# (docs/statistics.md). Tests point the addresses at a local server.
STATISTICS_KB_URL = env_str("STATISTICS_KB_URL", "https://bibstat.kb.se")
STATISTICS_KOLADA_URL = env_str("STATISTICS_KOLADA_URL", "https://api.kolada.se/v3")
STATISTICS_TIMEOUT_SECONDS = env_int("STATISTICS_TIMEOUT_SECONDS", 30)
STATISTICS_RETRIES = env_int("STATISTICS_RETRIES", 3)
STATISTICS_BACKOFF_SECONDS = 2.0
STATISTICS_MIN_INTERVAL_SECONDS = 1.0
STATISTICS_USER_AGENT = "Verksam (library planning; statistics fetch)"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "verksam@localhost")
# Where django.core.mail.backends.filebased.EmailBackend (make run's choice) writes each mail.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
# SMTP, used when EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Where links in e-mails (reminders) point: the address users open Verksam at.
VERKSAM_BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000")

# How long the national overview's figures are kept before they are counted again
# (seconds; 0 counts on every request). Counting the whole country takes seconds.
VERKSAM_OVERVIEW_CACHE_SECONDS = env_int("VERKSAM_OVERVIEW_CACHE_SECONDS", 300)

# The accessibility statement (/tillganglighet/) names who provides the service and
# where to report shortcomings or ask for content in an accessible form.
VERKSAM_SERVICE_PROVIDER = env_str("VERKSAM_SERVICE_PROVIDER", "")
VERKSAM_ACCESSIBILITY_CONTACT = env_str("VERKSAM_ACCESSIBILITY_CONTACT", DEFAULT_FROM_EMAIL)
if "@" not in parseaddr(VERKSAM_ACCESSIBILITY_CONTACT)[1].strip("@"):
    raise ConfigurationError(
        "VERKSAM_ACCESSIBILITY_CONTACT (or DEFAULT_FROM_EMAIL) must be an e-mail address, "
        f"not {VERKSAM_ACCESSIBILITY_CONTACT!r}."
    )

# A strict Content Security Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The site's own page, in the user's language, for a form that fails the CSRF check.
CSRF_FAILURE_VIEW = "verksam.errors.csrf_failure"
# HTTPS: redirect plain HTTP and tell browsers to use HTTPS only (HSTS) when DEBUG is off.
# A proxy that terminates TLS and already redirects can set SECURE_SSL_REDIRECT=0, or name
# the header it sets (SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto) so Django sees HTTPS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading binds the whole domain in browsers' built-in lists: the domain owner's choice
# (SECURE_HSTS_PRELOAD=1), so `check --deploy` does not warn about it being off.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
_proxy_ssl_header = env_str("SECURE_PROXY_SSL_HEADER", "")
if _proxy_ssl_header:
    # The header means HTTPS when its value is "https"; the proxy must overwrite it always.
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _proxy_ssl_header.strip().upper().replace("-", "_"),
        "https",
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
