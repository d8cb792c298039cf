"""Development (``make run``): SQLite, e-mails written to files under the data directory, static
files straight from the apps. ``DEBUG`` is off unless ``DEBUG=1`` is set, so that the demo shows
the product's own error pages (a 404 as a visitor sees it); turn it on for tracebacks. Never for a
site others can reach."""

from .base import *  # noqa: F403
from .base import DATA_DIR, SECRET_KEY, env, env_bool, installation_secret

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = SECRET_KEY or installation_secret(DATA_DIR)
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

DATA_DIR.mkdir(parents=True, exist_ok=True)
