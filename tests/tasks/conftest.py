"""Installations for the worker tests: a real database file (SQLite) or database (PostgreSQL on
127.0.0.1, skipped when unreachable), migrated once per session and copied for each test, with
``samverkan`` commands and worker processes run against it as separate processes."""

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get("DATABASE_URL", "")
if not POSTGRES_URL.startswith("postgres"):
    POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
POSTGRES_SERVER = POSTGRES_URL.rsplit("/", 1)[0]


def base_env(data_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="samverkan.settings.development",
        DEBUG="false",
        SAMVERKAN_DATA_DIR=str(data_dir),
        DATABASE_URL=database_url,
        SAMVERKAN_MATCHING_DENSE="off",
        SAMVERKAN_EMBEDDING_CACHE=str(data_dir / "embeddings.sqlite3"),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
    )
    return env


@dataclass
class Installation:
    engine: str
    data_dir: Path
    database_url: str
    env: dict[str, str]
    logs: Callable[[], str] = str

    def python(self, code: str, **env: str) -> subprocess.CompletedProcess[str]:
        """Run ``code`` in a fresh process with Django set up: a web process, say."""
        script = "import django\ndjango.setup()\n" + textwrap.dedent(code)
        return subprocess.run(
            [sys.executable, "-c", script],
            env={**self.env, **env},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def samverkan(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "samverkan", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )

    @contextmanager
    def workers(self, count: int = 1, **env: str) -> Iterator[list[Path]]:
        """``count`` ``samverkan worker`` processes; yields their log files once each polls."""
        logs = [self.data_dir / f"worker-{n}.log" for n in range(count)]
        command = [sys.executable, "-m", "samverkan", "worker", "--no-startup-delay"]
        processes = []
        for log in logs:
            with log.open("w") as handle:
                processes.append(
                    subprocess.Popen(
                        [*command, "--interval", "0.1"],
                        env={**self.env, **env},
                        cwd=ROOT,
                        stdout=handle,
                        stderr=subprocess.STDOUT,
                    )
                )
        self.logs = lambda: "\n".join(log.read_text() for log in logs)
        try:
            wait_for(lambda: all("Starting worker" in log.read_text() for log in logs))
            yield logs
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=20)

    def query(self, sql: str, *params: Any) -> list[tuple]:
        """Raw SQL on the installation's database (``?`` placeholders)."""
        if self.engine == "sqlite":
            with sqlite3.connect(self.database_url.removeprefix("sqlite:///"), timeout=20) as db:
                return db.execute(sql, params).fetchall()
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as db:
            return db.execute(sql.replace("?", "%s"), params).fetchall()

    def mail(self) -> str:
        return "\n".join(path.read_text() for path in sorted(self.data_dir.glob("mail/*.log")))


def wait_for(
    condition: Callable[[], object], timeout: float = 30, context: Callable[[], str] = str
) -> object:
    """Poll until ``condition()`` is true; fail after ``timeout`` seconds, saying ``context()``."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = condition()
        except FileNotFoundError:
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"not true after {timeout} s: {condition}\n{context()}")
        time.sleep(0.1)


def postgres_admin() -> Any:
    import psycopg

    try:
        return psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL at {POSTGRES_SERVER} is unreachable: {error}".splitlines()[0])


def migrate(data_dir: Path, database_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "migrate", "-v", "0"],
        env=base_env(data_dir, database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("sqlite-template")
    path = data_dir / "samverkan.sqlite3"
    migrate(data_dir, f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    name = f"samverkan_tasks_template_{os.getpid()}"
    with postgres_admin() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    migrate(Path(os.environ.get("TMPDIR", "/tmp")), f"{POSTGRES_SERVER}/{name}")
    yield name
    with postgres_admin() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgres"])
def installation(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Installation]:
    """A migrated installation of its own, on each engine."""
    yield from make_installation(request, tmp_path, request.param)


@pytest.fixture
def sqlite_installation(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Installation]:
    yield from make_installation(request, tmp_path, "sqlite")


@pytest.fixture
def postgres_installation(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Installation]:
    yield from make_installation(request, tmp_path, "postgres")


def make_installation(
    request: pytest.FixtureRequest, tmp_path: Path, engine: str
) -> Iterator[Installation]:
    if engine == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copy(template, tmp_path / template.name)
        url = f"sqlite:///{tmp_path / template.name}"
        yield Installation(engine, tmp_path, url, base_env(tmp_path, url))
        return
    postgres_admin().close()
    template_name = request.getfixturevalue("postgres_template")
    name = f"samverkan_tasks_{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    with postgres_admin() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {template_name}")
    url = f"{POSTGRES_SERVER}/{name}"
    yield Installation(engine, tmp_path, url, base_env(tmp_path, url))
    with postgres_admin() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
