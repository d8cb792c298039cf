"""Whole-text vectors in PostgreSQL's ``pgvector`` extension, when the database has it.

Without the extension (and always on SQLite) every process keeps the whole-text vectors of the
index in memory and scans them with numpy. With it, the vectors stay in an ``embedding`` column
with HNSW indexes, and a query asks the database for the nearest documents of each language;
the process keeps only, per kind and language, the moments of the vectors, from which the mean
and spread of a query's cosines follow exactly (see :class:`Moments`). The ranking stays the
same: see ``KindIndex.dense_zscores`` in :mod:`samverkan.matching.engine`.

``SAMVERKAN_VECTOR_INDEX`` chooses: ``auto`` (the default) uses pgvector where the column exists,
``memory`` never does. The column and its indexes are made by migration ``matching/0004`` when
the extension can be installed; install pgvector before migrating, or migrate back to ``0003``
and forward again after installing it. A new kind of document needs its indexes too
(``COLUMN_SQL``).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from . import embeddings
from .models import Kind

EXTENSION_SQL = "CREATE EXTENSION IF NOT EXISTS vector"
# Language groups as the ranking has them: English, and every other language.
GROUPS = {1: "language = 'en'", 0: "language <> 'en'"}
# One HNSW index per kind and language group: a search is always within one of them, and a
# single index would make HNSW walk past thousands of Swedish experts to find 60 English ones
# (or 60 offerings).
COLUMN_SQL = [
    "ALTER TABLE matching_document ADD COLUMN IF NOT EXISTS embedding "
    f"vector({embeddings.DIMENSIONS})",
    *(
        f"CREATE INDEX IF NOT EXISTS matching_document_embedding_{kind}_{group} "
        f"ON matching_document USING hnsw (embedding vector_ip_ops) "
        f"WHERE kind = '{kind}' AND {GROUPS[group]}"
        for kind in Kind.values
        for group in GROUPS
    ),
]
DROP_SQL = ["ALTER TABLE matching_document DROP COLUMN IF EXISTS embedding"]  # and its indexes
# How many of the nearest documents the HNSW search looks at (more than the candidates kept), and
# that it goes on past documents a filter drops.
SEARCH_SETTINGS = "SET hnsw.ef_search = 200; SET hnsw.iterative_scan = relaxed_order"


def extension_available() -> bool:
    """Whether this PostgreSQL server can install pgvector (it need not be installed yet)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        return cursor.fetchone() is not None


def column_exists() -> bool:
    """Whether the database keeps whole-text vectors in a pgvector column (looked up once per
    database and process). The column is kept up to date whatever the setting says."""
    return connection.vendor == "postgresql" and _has_column(connection.settings_dict["NAME"])


def enabled() -> bool:
    """Whether whole-text vectors are searched in the database."""
    return settings.SAMVERKAN_VECTOR_INDEX != "memory" and column_exists()


@functools.cache
def _has_column(database: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'matching_document' AND column_name = 'embedding'"
        )
        return cursor.fetchone() is not None


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
    if kind not in Kind.values:
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
