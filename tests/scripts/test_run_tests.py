"""The test runner: its pgvector probe survives a server that dies on the first distance, and
its closing lines are what CI reads."""

import importlib.util
import socket
import sys
from collections import Counter
from pathlib import Path

import psycopg
import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "run_tests.py"


@pytest.fixture(scope="module")
def runner():
    spec = importlib.util.spec_from_file_location("run_tests", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["run_tests"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules["run_tests"]


class DyingServer:
    """A connection to a server whose vector.so hits an invalid opcode: the backend dies on the
    first distance and the client is told the connection closed."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __enter__(self) -> "DyingServer":
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def execute(self, sql: str):
        self.statements.append(sql)
        if "<->" in sql:
            raise psycopg.OperationalError(
                "server closed the connection unexpectedly\n"
                "\tThis probably means the server terminated abnormally"
            )
        return self


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_server_dying_on_the_probe_distance_skips_the_pgvector_run(runner, monkeypatch):
    server = DyingServer()
    monkeypatch.setattr(runner, "connect", lambda url, **options: server)
    reason = runner.pgvector_problem("postgres://postgres@%2Ftmp%2Fnowhere/postgres")
    assert reason == "a vector distance failed: server closed the connection unexpectedly"
    assert server.statements[0] == "CREATE EXTENSION IF NOT EXISTS vector"


def test_an_unreachable_server_gives_a_one_line_reason(runner):
    url = f"postgres://postgres@127.0.0.1:{free_port()}/test"
    reason = runner.postgres_reachable(url)
    assert reason and "\n" not in reason
    assert runner.pgvector_problem(url).startswith("a vector distance failed: ")


def test_pytest_summaries_are_counted(runner):
    line = "===== 3 failed, 356 passed, 6 skipped, 1 error, 2 deselected in 87.70s (0:01:27) ====="
    assert runner.outcomes(line) == Counter(failed=3, passed=356, skipped=6, errors=1, deselected=2)


def test_the_last_line_sums_up_every_run_and_a_skipped_run_is_no_failure(runner):
    runs = [
        runner.Run("SQLite", status=1, counts=Counter(passed=10, failed=2), seconds=60),
        runner.Run("PostgreSQL", counts=Counter(passed=12, skipped=1), seconds=90),
        runner.Run("PostgreSQL with pgvector", skipped="a vector distance failed"),
    ]
    last = runner.report(runs).splitlines()[-1]
    assert last.startswith("22 passed, 2 failed, 0 errors, 1 skipped in 150s")
    assert [run.failed for run in runs] == [True, False, False]
