"""Settings shared by every environment; everything that differs comes from the environment.

Each setting that an operator may change is read from an environment variable documented in
``docs/configuration.md``.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def installation_secret(data_dir: Path) -> str:
    """The installation's own secret key, made once and kept (readable by its owner only) in the
    data directory, so an unset ``SECRET_KEY`` never means a key that anybody can look up."""
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


DATA_DIR = Path(env("SAMVERKAN_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()

SECRET_KEY = env("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "samverkan.kernel",
    "samverkan.site",
    "samverkan.accounts",
    "samverkan.places",
    "samverkan.sdg",
    "samverkan.directory",
    "samverkan.catalogue",
    "samverkan.collaborations",
    "samverkan.arenas",
    "samverkan.activities",
    "samverkan.matching",
    "samverkan.needs",
    "samverkan.api",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "auditlog",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "samverkan.kernel.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "samverkan.kernel.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "samverkan.urls"
WSGI_APPLICATION = "samverkan.wsgi.application"

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
                "samverkan.site.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'samverkan.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "site:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "samverkan",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/designsystemet", NODE_MODULES / "@digdir/designsystemet-css/dist/src"),
    ("vendor/designsystemet-theme", NODE_MODULES / "@digdir/designsystemet-theme/brand"),
    ("vendor/inter", NODE_MODULES / "@fontsource/inter"),
    ("vendor/htmx", NODE_MODULES / "htmx.org/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Samverkan <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"


# Behind a reverse proxy: the address of the proxy (or "*") whose X-Forwarded-For and
# X-Forwarded-Proto headers are believed. Unset, those headers are ignored: nobody can claim to
# come over HTTPS or from another address by sending them.
def proxy_settings(trusted: str) -> dict[str, object]:
    """The settings that follow from the trusted proxy (none when unset)."""
    if not trusted:
        return {"SAMVERKAN_TRUSTED_PROXY": ""}
    return {
        "SAMVERKAN_TRUSTED_PROXY": trusted,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "RATELIMIT_IP_META_KEY": "samverkan.kernel.proxy.client_ip",
    }


globals().update(proxy_settings(env("SAMVERKAN_TRUSTED_PROXY")))

RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "samverkan.accounts.views.rate_limited"
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] if not REDIS_URL else []

NINJA_PAGINATION_MAX_LIMIT = 500

# Site identity: the installation's name and logo (each arena adds its own branding).
SAMVERKAN_SITE_NAME = env("SAMVERKAN_SITE_NAME", "Samverkan")
SAMVERKAN_LOGO_URL = env("SAMVERKAN_LOGO_URL")
SAMVERKAN_CONTACT_EMAIL = env("SAMVERKAN_CONTACT_EMAIL", "samverkan@example.se")
# The address links in e-mails point to (confirmation links, updates, answers).
SAMVERKAN_SITE_URL = env("SAMVERKAN_SITE_URL", "http://127.0.0.1:8000")
# Needs: a badge in the coordinators' inbox when the submitter has heard nothing for this long.
SAMVERKAN_NEEDS_QUIET_DAYS = int(env("SAMVERKAN_NEEDS_QUIET_DAYS", "14"))
# Needs: days a submitter's own link to follow a need works (every e-mail brings a fresh one).
SAMVERKAN_NEEDS_FOLLOW_DAYS = int(env("SAMVERKAN_NEEDS_FOLLOW_DAYS", "90"))
# Submissions of needs per client address (anonymous and logged in alike).
SAMVERKAN_NEEDS_RATE = env("SAMVERKAN_NEEDS_RATE", "5/h")
# Activities: the organiser is reminded once when the minutes are still missing this many days
# after the event; an action's owner once this many days before its due date; the visit plan
# flags member municipalities without a visit for this many months.
SAMVERKAN_MINUTES_REMINDER_DAYS = int(env("SAMVERKAN_MINUTES_REMINDER_DAYS", "7"))
SAMVERKAN_ACTION_REMINDER_DAYS = int(env("SAMVERKAN_ACTION_REMINDER_DAYS", "3"))
SAMVERKAN_VISIT_INTERVAL_MONTHS = int(env("SAMVERKAN_VISIT_INTERVAL_MONTHS", "12"))
SAMVERKAN_REGISTRATION_RATE = env("SAMVERKAN_REGISTRATION_RATE", "20/h")
SAMVERKAN_LOGIN_RATE = env("SAMVERKAN_LOGIN_RATE", "10/m")
# Matching: "auto" uses the sentence embeddings when the package is installed, "off" ranks
# lexically only. Vectors are remembered per text in this file, shared by all processes.
SAMVERKAN_MATCHING_DENSE = env("SAMVERKAN_MATCHING_DENSE", "auto")
# Where the lexical score is computed: "memory" (posting lists in each process: fastest) or
# "database" (SQLite FTS5 or a PostgreSQL tsvector index: no per-process memory, slower at scale).
SAMVERKAN_LEXICAL_INDEX = env("SAMVERKAN_LEXICAL_INDEX", "memory")
# Whole-text vectors: "auto" searches them with pgvector where PostgreSQL has the extension (see
# samverkan/matching/vectorindex.py), "memory" always keeps them in each process.
SAMVERKAN_VECTOR_INDEX = env("SAMVERKAN_VECTOR_INDEX", "auto")
SAMVERKAN_EMBEDDING_CACHE = Path(
    env("SAMVERKAN_EMBEDDING_CACHE", str(DATA_DIR / "cache" / "embeddings.sqlite3"))
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # A line per job is for the worker's own output (`samverkan worker` turns it on).
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
    },
}
# Background jobs (index updates, e-mail, periodic jobs) are rows in the database, written in the
# same transaction as the data they follow, and run by `samverkan worker` processes.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# `samverkan serve` starts a worker and the scheduler as child processes unless this is off (in
# production they run as their own services: docs/deployment.md).
SAMVERKAN_EMBEDDED_WORKER = env_bool("SAMVERKAN_EMBEDDED_WORKER", True)
# An e-mail that cannot be sent (SMTP server down) is tried this many times in all, waiting this
# many seconds after the first failure and twice as long after each next one.
SAMVERKAN_MAIL_ATTEMPTS = int(env("SAMVERKAN_MAIL_ATTEMPTS", "6"))
SAMVERKAN_MAIL_RETRY_SECONDS = float(env("SAMVERKAN_MAIL_RETRY_SECONDS", "60"))
SAMVERKAN_INDEX_UPDATES = True
