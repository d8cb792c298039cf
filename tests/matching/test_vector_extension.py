"""The pgvector extension is checked before it is relied on, so that a build the processor cannot
run never takes the database server down (it dies of an illegal instruction on the first
distance)."""

from pathlib import Path

import psycopg
import pytest
from django.db import connection

from samverkan.matching import vectorindex

PGSERVER_LIBRARY = "/venv/lib/python3.11/site-packages/pgserver/pginstall/lib/postgresql"
SYSTEM_LIBRARY = "/usr/lib/postgresql/17/lib"
AVX2_ONLY = "fpu sse2 ssse3 sse4_1 sse4_2 avx f16c fma bmi1 avx2 bmi2"
AVX512 = AVX2_ONLY + " avx512f avx512dq avx512cd avx512bw avx512vl"


def cpuinfo(tmp_path: Path, flags: str) -> Path:
    path = tmp_path / "cpuinfo"
    block = "processor\t: {}\nvendor_id\t: AuthenticAMD\nflags\t\t: {}\n"
    path.write_text("\n".join(block.format(number, flags) for number in (0, 1)))
    return path


class Cursor:
    def __init__(self, server: "Server") -> None:
        self.server = server
        self.row: tuple | None = None

    def __enter__(self) -> "Cursor":
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def execute(self, sql: str, params: object = None) -> None:
        self.server.statements.append(sql)
        if "pg_available_extensions" in sql:
            self.row = (1,) if self.server.offers else None
        elif "has_table_privilege" in sql:
            self.row = (self.server.library is not None,)
        elif "pg_config" in sql:
            self.row = (self.server.library,)
        elif "pg_extension" in sql:
            self.row = (1,)
        elif "<->" in sql:
            if self.server.crashes:
                raise psycopg.OperationalError(
                    "server closed the connection unexpectedly\n"
                    "\tThis probably means the server terminated abnormally"
                )
            self.row = (self.server.distance,)

    def fetchone(self) -> tuple | None:
        return self.row


class Raw:
    """A connection of the server's own, opened for the probe."""

    def __init__(self, server: "Server") -> None:
        self.server = server
        self.closed = False

    def cursor(self) -> Cursor:
        return Cursor(self.server)

    def rollback(self) -> None:
        self.server.rolled_back = True

    def close(self) -> None:
        self.closed = True


class Server:
    """A PostgreSQL connection as Django has it, with its server's answers."""

    vendor = "postgresql"

    def __init__(
        self, library: str | None, offers: bool = True, crashes: bool = False, distance=2**0.5
    ) -> None:
        self.library, self.offers, self.crashes, self.distance = library, offers, crashes, distance
        self.statements: list[str] = []
        self.probes = 0
        self.rolled_back = False
        server = self

        class Database:
            Error = psycopg.Error

            @staticmethod
            def connect(**params: object) -> Raw:
                server.probes += 1
                return Raw(server)

        self.Database = Database

    def cursor(self) -> Cursor:
        return Cursor(self)

    def get_connection_params(self) -> dict:
        return {"dbname": "samverkan"}


def test_the_cpu_flags_are_read_from_cpuinfo(tmp_path):
    flags = vectorindex.cpu_flags(cpuinfo(tmp_path, AVX2_ONLY))
    assert "avx2" in flags
    assert "avx512f" not in flags
    assert vectorindex.cpu_flags(tmp_path / "missing") == frozenset()


def test_the_bundled_build_is_not_run_on_a_cpu_without_avx512(tmp_path):
    server = Server(PGSERVER_LIBRARY, crashes=True)
    problem = vectorindex.extension_problem(server, cpuinfo(tmp_path, AVX2_ONLY))
    assert "AVX-512" in problem
    assert "avx512f" in problem
    assert server.probes == 0, "no vector code may run where it would crash the server"
    assert not any("vector" in sql and "<->" in sql for sql in server.statements)


def test_the_bundled_build_works_on_a_cpu_with_avx512(tmp_path):
    server = Server(PGSERVER_LIBRARY)
    assert vectorindex.extension_problem(server, cpuinfo(tmp_path, AVX512)) == ""
    assert server.probes == 1
    assert server.rolled_back


def test_another_build_is_probed_in_a_connection_of_its_own(tmp_path):
    server = Server(SYSTEM_LIBRARY)
    assert vectorindex.extension_problem(server, cpuinfo(tmp_path, AVX2_ONLY)) == ""
    assert server.probes == 1
    assert not any("<->" in sql for sql in server.statements[:3]), "not in Django's connection"


def test_a_server_that_dies_on_the_probe_distance_means_no_pgvector(tmp_path):
    server = Server(SYSTEM_LIBRARY, crashes=True)
    problem = vectorindex.extension_problem(server, cpuinfo(tmp_path, AVX512))
    assert problem.startswith("a test distance failed: server closed the connection")


def test_without_the_right_to_read_the_library_path_the_probe_decides(tmp_path):
    server = Server(None, crashes=True)
    assert vectorindex.extension_problem(server, cpuinfo(tmp_path, AVX512)) != ""
    assert server.probes == 1


def test_a_wrong_distance_means_no_pgvector(tmp_path):
    server = Server(SYSTEM_LIBRARY, distance=3.0)
    assert "came out wrong" in vectorindex.extension_problem(server, cpuinfo(tmp_path, AVX512))


def test_a_server_without_the_extension_is_not_probed(tmp_path):
    server = Server(SYSTEM_LIBRARY, offers=False)
    assert "does not offer" in vectorindex.extension_problem(server, cpuinfo(tmp_path, AVX512))
    assert server.probes == 0


def test_the_database_in_use_is_checked_without_error(db):
    problem = vectorindex.extension_problem(connection)
    if connection.vendor != "postgresql":
        assert problem == "the database is not PostgreSQL"
    if vectorindex.column_exists():
        assert problem == ""


@pytest.mark.parametrize("kind", ["expert", "need_2"])
def test_each_kind_gets_one_hnsw_index_per_language_group(kind):
    statements = vectorindex.index_sql(kind)
    assert len(statements) == len(vectorindex.GROUPS)
    assert all(f"kind = '{kind}'" in statement for statement in statements)


def test_a_kind_that_is_no_sql_name_is_refused():
    with pytest.raises(ValueError):
        vectorindex.index_sql("expert'; DROP TABLE x; --")


def test_the_bundled_server_is_recognised_by_its_library_directory(db, tmp_path):
    if not vectorindex.column_exists():
        pytest.skip("PostgreSQL with pgvector only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting FROM pg_catalog.pg_config WHERE name = 'PKGLIBDIR'")
        bundled = vectorindex.bundled_build(cursor.fetchone()[0])
    problem = vectorindex.extension_problem(connection, cpuinfo(tmp_path, AVX2_ONLY))
    assert ("AVX-512" in problem) == bundled
    assert vectorindex.extension_problem(connection, cpuinfo(tmp_path, AVX512)) == ""
