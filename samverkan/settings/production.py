"""Production: debug off, the installation's own secret key, HTTPS whenever the site is served
over HTTPS. This is what ``samverkan`` uses unless ``DJANGO_SETTINGS_MODULE`` says otherwise."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    DATA_DIR,
    SAMVERKAN_SITE_URL,
    SECRET_KEY,
    env,
    env_bool,
    installation_secret,
)

DEBUG = False
if SECRET_KEY and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")
SECRET_KEY = SECRET_KEY or installation_secret(DATA_DIR)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names the site is served on.")

# A site whose public address is https:// redirects to it, sends HSTS and keeps its cookies off
# plain HTTP; one served on http:// (a laptop, an intranet test) would be unreachable with them.
HTTPS = SAMVERKAN_SITE_URL.startswith("https://")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
