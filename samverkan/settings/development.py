"""Development defaults: one laptop, SQLite, e-mails written to files under the data directory."""

from .base import *  # noqa: F403
from .base import DATA_DIR, env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "development-only-not-secret-" + "x" * 32)
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

DATA_DIR.mkdir(parents=True, exist_ok=True)
