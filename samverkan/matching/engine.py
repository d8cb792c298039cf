"""The in-memory ranking engine: BM25 over Swedish-aware terms fused with dense embeddings.

Each process loads the index from the database once and reloads it when :class:`IndexVersion`
changes. Ranking runs in two stages:

1. every document of a kind gets a lexical score (BM25 with field weights) and a dense score (the
   cosine of the query and the document's whole-text vector); both are turned into z-scores
   *within each document language*, because the embedding model scores texts in the query's own
   language higher whatever they say, and the sum ranks all documents (with PostgreSQL's
   pgvector the database finds the nearest documents instead of a scan in the process, with the
   same result: :mod:`samverkan.matching.vectorindex`);
2. the best candidates also get the cosine of their closest sentence (the vectors are read from
   the database for those candidates only), and structured signals: shared goals, the forms of
   collaboration asked for, the asking municipality's county, and a penalty for experts who do
   not speak the language the need is written in.

Weights were chosen on the development set (``make eval``); without embeddings the lexical score
and the structured signals rank alone.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np
from django.db import connection

from samverkan.kernel import searchable
from samverkan.kernel.analysis import Analyzer
from samverkan.kernel.translation import active_language

from . import embeddings, lexical, vectorindex
from .models import Document, IndexVersion

CANDIDATES = 60
PARALLEL_ROWS = 20_000
# Cosines read from pgvector per round trip when ruling out documents (see dense_zscores).
BATCH = 250


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="samverkan-dense")


@dataclass(frozen=True)
class Weights:
    lexical: float = 0.4
    dense: float = 1.0
    sentence: float = 0.75
    goals: float = 0.3
    forms: float = 0.3
    region: float = 0.05
    language: float = 0.3

    def lexical_only(self) -> Weights:
        return replace(self, dense=0.0, sentence=0.0)

    def dense_only(self) -> Weights:
        return replace(self, lexical=0.0)


WEIGHTS = Weights()


def zscores(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """z-scores computed separately within each group (document language); small groups use the
    statistics of all values."""
    result = np.zeros_like(values, dtype=np.float32)
    overall = (float(values.mean()), float(values.std()) or 1.0) if len(values) else (0.0, 1.0)
    for group in np.unique(groups):
        mask = groups == group
        subset = values[mask]
        mean, std = (float(subset.mean()), float(subset.std())) if mask.sum() >= 8 else overall
        result[mask] = (subset - mean) / (std or overall[1])
    return result


@dataclass
class KindIndex:
    """The documents of one kind as arrays."""

    pks: np.ndarray
    object_ids: np.ndarray
    language: np.ndarray
    audience: np.ndarray
    goals: list[frozenset[int]]
    forms: list[frozenset[str]]
    counties: list[frozenset[str]]
    speaks: list[frozenset[str]]
    titles: list[str]
    subtitles: list[str]
    subtitles_en: list[str]
    external_ids: list[str]
    texts: list[str]
    keywords: list[str]
    lexicon: lexical.Lexicon
    vectors: np.ndarray | None
    position: dict[int, int] = field(default_factory=dict)
    # The rows of each document language, found once: z-scores run twice per query and kind.
    language_rows: list[np.ndarray] = field(default_factory=list)
    kind: str = ""
    # With pgvector (``vectors`` is then None): the moments of the vectors by language group,
    # and each document's position by pk.
    moments: dict[int | None, vectorindex.Moments] | None = None
    row_of: dict[int, int] = field(default_factory=dict)

    @property
    def dense(self) -> bool:
        """Whether every document of the kind has a whole-text vector, here or in the database."""
        return self.vectors is not None or self.moments is not None

    def __len__(self) -> int:
        return len(self.pks)

    def subtitle(self, position: int) -> str:
        """The document's subtitle in the active language (the Swedish one when it has no
        English one)."""
        if active_language() == "en" and self.subtitles_en[position]:
            return self.subtitles_en[position]
        return self.subtitles[position]

    def similarities(self, vector: np.ndarray) -> np.ndarray:
        """The cosine of every document's whole-text vector with ``vector``. A large index is
        split in two halves computed on both cores at once: numpy releases the GIL, and BLAS
        itself runs on one thread (see ``samverkan/__init__.py``). Only for an index with
        vectors."""
        vectors: np.ndarray = self.vectors  # type: ignore[assignment]
        if len(self) < PARALLEL_ROWS:
            return vectors @ vector
        middle = len(self) // 2
        halves = _pool().map(lambda part: part @ vector, (vectors[:middle], vectors[middle:]))
        return np.concatenate(list(halves))

    def zscores(self, values: np.ndarray) -> np.ndarray:
        """:func:`zscores` of one value per document, grouped by document language."""
        result = np.empty_like(values, dtype=np.float32)
        overall = (float(values.mean()), float(values.std()) or 1.0) if len(values) else (0, 1)
        for rows in self.language_rows:
            subset = values[rows]
            mean, std = (float(subset.mean()), float(subset.std())) if len(rows) >= 8 else overall
            result[rows] = (subset - mean) / (std or overall[1])
        return result

    def dense_zscores(
        self,
        vector: np.ndarray,
        weight: float,
        rest: np.ndarray,
        visible: np.ndarray,
        audience: int,
        keep: Callable[[np.ndarray], np.ndarray],
    ) -> np.ndarray:
        """The z-scores (within each language) of every document's cosine with ``vector``, for a
        first-stage score ``weight * z + rest`` over the documents ``keep(z)`` marks (those of
        ``visible`` that the z-scores do not rule out).

        With pgvector only some cosines are read, yet the best ``CANDIDATES`` by that score are
        exactly those of the full scan. The database returns the nearest ``CANDIDATES`` documents
        of each language; no other document of that language can have a higher cosine than the
        last of them (its *floor*). Every other document's score is therefore at most
        ``weight * floor + rest``, and only documents whose bound reaches the score of the
        ``CANDIDATES``-th known document have their cosine read. The rest keep the floor (just
        below it), an upper bound that never lets them pass a known document."""
        if self.vectors is not None:
            return self.zscores(self.similarities(vector))
        stats = self._cosine_stats(vector)
        means = np.where(self.language == 1, stats[1][0], stats[0][0]).astype(np.float32)
        spreads = np.where(self.language == 1, stats[1][1], stats[0][1]).astype(np.float32)
        result = np.full(len(self), -np.inf, dtype=np.float32)
        known = np.zeros(len(self), dtype=bool)

        def learn(cosines: dict[int, float]) -> None:
            # A document added since this index was loaded is left for the reload it causes.
            rows = np.array([self.row_of[pk] for pk in cosines if pk in self.row_of], dtype=int)
            values = np.array([c for pk, c in cosines.items() if pk in self.row_of], np.float32)
            result[rows] = (values - means[rows]) / spreads[rows]
            known[rows] = True

        if int(visible.sum()) < int((self.audience <= audience).sum()):
            # Filters narrowed the documents: read the cosines of exactly those.
            learn(vectorindex.cosines([int(pk) for pk in self.pks[visible]], vector))
            return result
        nearest = vectorindex.nearest(self.kind, audience, vector, CANDIDATES)
        for group, found in nearest.items():
            learn(dict(found))
            if len(found) == CANDIDATES:
                floor = min(cosine for _pk, cosine in found)
                others = (self.language == group) & ~known
                result[others] = (floor - means[others]) / spreads[others] - np.float32(1e-4)
        # Best bound first, in batches: each batch's exact scores can raise the bar, which
        # usually rules out the rest long before every bound has been checked.
        while True:
            kept = keep(result)
            score = np.where(kept, weight * result + rest, -np.inf)
            if int((known & kept).sum()) >= CANDIDATES:
                bar = np.partition(score[known & kept], -CANDIDATES)[-CANDIDATES]
                doubtful = np.flatnonzero(kept & ~known & (score >= bar))
            else:
                doubtful = np.flatnonzero(kept & ~known & np.isfinite(score))
            if not len(doubtful):
                return result
            batch = doubtful[np.argsort(-score[doubtful])[:BATCH]]
            learn(vectorindex.cosines([int(pk) for pk in self.pks[batch]], vector))
            known[batch] = True  # a document without a vector is not asked for again

    def _cosine_stats(self, vector: np.ndarray) -> dict[int, tuple[float, float]]:
        """Per language group, the mean and spread of every document's cosine with ``vector``
        (from the moments; as :meth:`zscores`, a group of fewer than 8 uses all documents)."""
        assert self.moments is not None
        overall = self.moments[None].mean_and_std(vector)
        stats: dict[int, tuple[float, float]] = {}
        for group in (0, 1):
            moments = self.moments[group]
            mean, std = moments.mean_and_std(vector) if moments.count >= 8 else overall
            stats[group] = (mean, std or overall[1] or 1.0)
        return stats

    def lexical(self, terms: list[str]) -> np.ndarray:
        """The lexical score of every document for the query's terms (zero without a shared
        term)."""
        return self.lexicon.scores(terms)


@dataclass
class Engine:
    version: str
    dense: bool
    backend: str
    in_database: bool  # whole-text vectors searched with pgvector
    analyzer: Analyzer
    kinds: dict[str, KindIndex]

    @property
    def key(self) -> tuple[str, bool, str, bool]:
        """What the engine was built from; a change in any of it means a rebuild."""
        return (self.version, self.dense, self.backend, self.in_database)


def _build_kind(
    kind: str, rows: list[dict], backend: str, dense: bool, in_database: bool
) -> KindIndex:
    pks = np.array([row["pk"] for row in rows], dtype=np.int64)
    terms = [(row.pop("title_terms"), row.pop("body_terms")) for row in rows]
    lexicon: lexical.Lexicon = (
        lexical.DatabaseLexicon(kind, pks, lexical.document_frequencies(terms))
        if backend == "database"
        else lexical.MemoryLexicon(terms)
    )
    del terms
    vectors = None
    moments = None
    if dense and in_database:
        found, missing = vectorindex.moments(kind)
        moments = found if rows and not missing else None
    elif dense and rows and all(row["vectors"] for row in rows):
        vectors = np.vstack([embeddings.whole_text(row["vectors"]) for row in rows]).astype(
            np.float32
        )
    index = KindIndex(
        pks=pks,
        object_ids=np.array([row["object_id"] for row in rows], dtype=np.int64),
        language=np.array([row["language"] == "en" for row in rows], dtype=np.int8),
        audience=np.array([row["audience"] for row in rows], dtype=np.int8),
        goals=[frozenset(row["goals"]) for row in rows],
        forms=[frozenset(row["forms"]) for row in rows],
        counties=[frozenset(row["counties"]) for row in rows],
        speaks=[frozenset(row["speaks"]) for row in rows],
        titles=[row["title"] for row in rows],
        subtitles=[row["subtitle"] for row in rows],
        subtitles_en=[row["subtitle_en"] for row in rows],
        external_ids=[row["external_id"] for row in rows],
        texts=[f"{row['heading']}\n{row['keywords']}\n{row['body']}" for row in rows],
        keywords=[row["keywords"] for row in rows],
        lexicon=lexicon,
        vectors=vectors,
        kind=kind,
        moments=moments,
    )
    if moments is not None:
        index.row_of = {int(pk): row for row, pk in enumerate(pks)}
    index.position = {int(object_id): i for i, object_id in enumerate(index.object_ids)}
    index.language_rows = [
        np.flatnonzero(index.language == value) for value in np.unique(index.language)
    ]
    return index


FIELDS = (
    "pk",
    "kind",
    "object_id",
    "external_id",
    "language",
    "title",
    "heading",
    "subtitle",
    "subtitle_en",
    "keywords",
    "body",
    "audience",
    "goals",
    "forms",
    "counties",
    "speaks",
)


def build(version: str) -> Engine:
    """Load every document and build the per-kind indexes."""
    dense = embeddings.available()
    backend = lexical.backend()
    in_database = dense and vectorindex.enabled()
    in_memory = dense and not in_database
    fields = (*FIELDS, "title_terms", "body_terms", *(("vectors",) if in_memory else ()))
    by_kind: dict[str, list[dict]] = {}
    # Only registered kinds: the documents of a kind no app declares any more are never shown.
    documents = Document.objects.filter(kind__in=searchable.kinds()).order_by("kind", "object_id")
    for row in documents.values(*fields).iterator(2000):
        row.setdefault("vectors", None)
        by_kind.setdefault(row["kind"], []).append(row)
    analyzer = Analyzer.from_texts(
        f"{row['title']} {row['heading']} {row['keywords']} {row['body']}"
        for rows in by_kind.values()
        for row in rows
    )
    return Engine(
        version=version,
        dense=dense,
        backend=backend,
        in_database=in_database,
        analyzer=analyzer,
        kinds={
            kind: _build_kind(kind, rows, backend, dense, in_database)
            for kind, rows in by_kind.items()
        },
    )


_engine: Engine | None = None
_engine_lock = threading.Lock()


def current() -> Engine:
    """The loaded engine, rebuilt when the index changed since it was loaded."""
    global _engine
    dense = embeddings.available()
    wanted = (IndexVersion.current(), dense, lexical.backend(), dense and vectorindex.enabled())
    engine = _engine
    if engine is not None and engine.key == wanted:
        return engine
    with _engine_lock:
        if _engine is None or _engine.key != wanted:
            _engine = build(wanted[0])
        return _engine


def reset() -> None:
    """Forget the loaded engine (after switching databases or embedding modes)."""
    global _engine
    with _engine_lock:
        _engine = None


def warm_up() -> None:
    """Load the model and the index in the background, so the first search is not the slow one."""

    def load() -> None:
        try:
            current()
            if embeddings.available():
                embeddings.query_vector("samverkan")
        finally:
            connection.close()  # this thread ends here; its connection must not linger

    threading.Thread(target=load, name="samverkan-warm-up", daemon=True).start()
