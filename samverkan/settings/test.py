"""Test settings: fast hashing, in-memory mail, the same apps and middleware as production."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "x" * 40
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Browser tests run a server process and read its e-mail from files (EMAIL_BACKEND=filebased).
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
ALLOWED_HOSTS = ["*"]
SAMVERKAN_LOGIN_RATE = env("SAMVERKAN_LOGIN_RATE", "5/m")
STATIC_ROOT = None
# Browser tests load axe-core from the site itself, so the Content-Security-Policy stays strict.
STATICFILES_DIRS = [*STATICFILES_DIRS, ("vendor/axe-core", NODE_MODULES / "axe-core")]  # noqa: F405
# Jobs run at once, in the test's own transaction (tests/tasks runs real workers).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
