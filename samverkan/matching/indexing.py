"""Keeping the index current: rebuild the documents of changed objects, embed only what changed.

Changes are queued when a transaction commits and processed by a background thread in the web
process (``SAMVERKAN_TASKS="thread"``, the default) or at once (``"immediate"``, used by tests and
the command line). ``samverkan reindex`` rebuilds everything on demand.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable

import numpy as np
from django.conf import settings
from django.db import close_old_connections, transaction

from . import embeddings, vectorindex
from .documents import KINDS, Source
from .lexical import document_terms
from .models import Document, IndexVersion

log = logging.getLogger(__name__)
BATCH = 200


def vectors_for(sources: list[Source]) -> list[bytes | None]:
    """float16 vectors per source: the whole text (embedded as a query, since needs and profiles
    are both descriptions and e5 compares like with like best that way), then each sentence."""
    if not sources or not embeddings.available():
        return [None] * len(sources)
    whole = embeddings.encode([source.full_text for source in sources], "query")
    sentences = [source.sentences for source in sources]
    flat = embeddings.passage_vectors([s for group in sentences for s in group])
    result: list[bytes | None] = []
    start = 0
    for index, group in enumerate(sentences):
        rows = np.vstack([whole[index : index + 1], flat[start : start + len(group)]])
        start += len(group)
        result.append(rows.astype(np.float16).tobytes())
    return result


def index_sources(sources: list[Source]) -> int:
    """Store the documents of ``sources``, embedding those whose content changed; returns how
    many changed."""
    if not sources:
        return 0
    kind = sources[0].kind
    hashes = dict(
        Document.objects.filter(
            kind=kind, object_id__in=[source.object_id for source in sources]
        ).values_list("object_id", "content_hash")
    )
    dense = embeddings.available()
    changed = [s for s in sources if hashes.get(s.object_id) != _hash(s, dense)]
    if not changed:
        return 0
    vectors = vectors_for(changed)
    stored: list[tuple[int, bytes | None]] = []
    with transaction.atomic():
        for source, data in zip(changed, vectors, strict=True):
            title_terms, body_terms = document_terms(
                f"{source.title} {source.heading}", source.keywords, source.body
            )
            document, _created = Document.objects.update_or_create(
                kind=kind,
                object_id=source.object_id,
                defaults={
                    "external_id": source.external_id,
                    "title": source.title[:300],
                    "heading": source.heading[:300],
                    "subtitle": source.subtitle[:300],
                    "keywords": source.keywords,
                    "body": source.body,
                    "language": source.language,
                    "goals": source.goals,
                    "forms": source.forms,
                    "counties": source.counties,
                    "speaks": source.speaks,
                    "audience": source.audience,
                    "sentences": source.sentences,
                    "vectors": data,
                    "title_terms": title_terms,
                    "body_terms": body_terms,
                    "content_hash": _hash(source, dense),
                },
            )
            stored.append((document.pk, data))
        if vectorindex.column_exists():
            vectorindex.store(stored)
        IndexVersion.bump()
    return len(changed)


def _hash(source: Source, dense: bool) -> str:
    """A document indexed without vectors is rebuilt once embeddings become available."""
    return source.content_hash if dense else f"lexical:{source.content_hash}"[:64]


def reindex(kind: str, ids: Iterable[int] | None = None) -> int:
    """Bring the documents of ``kind`` (all, or those of ``ids``) up to date; objects that no
    longer exist leave the index."""
    spec = KINDS[kind]
    objects = spec.queryset()
    stale = Document.objects.filter(kind=kind)
    if ids is not None:
        ids = list(ids)
        objects = objects.filter(pk__in=ids)
        stale = stale.filter(object_id__in=ids)
    existing = set(objects.values_list("pk", flat=True))
    gone = sorted(set(stale.values_list("object_id", flat=True)) - existing)
    for start in range(0, len(gone), BATCH):
        Document.objects.filter(kind=kind, object_id__in=gone[start : start + BATCH]).delete()
    changed = 0
    pks = sorted(existing)
    for start in range(0, len(pks), BATCH):
        batch = objects.filter(pk__in=pks[start : start + BATCH]).order_by("pk")
        changed += index_sources(list(spec.sources(batch)))
    if gone:
        IndexVersion.bump()
    return changed + len(gone)


def reindex_all() -> dict[str, int]:
    return {kind: reindex(kind) for kind in KINDS}


_queue: queue.Queue[tuple[str, frozenset[int]]] = queue.Queue()
_worker: threading.Thread | None = None
_worker_lock = threading.Lock()
_pending = threading.local()


def schedule(kind: str, ids: Iterable[int]) -> None:
    """Reindex these objects once the current transaction has committed. Changes within one
    transaction (an import of a thousand experts, say) are gathered into one update per kind."""
    ids = set(ids)
    if not ids or not settings.SAMVERKAN_INDEX_UPDATES:
        return
    pending: dict[str, set[int]] | None = getattr(_pending, "kinds", None)
    if pending is None:
        pending = _pending.kinds = {}
    pending.setdefault(kind, set()).update(ids)
    transaction.on_commit(_flush)


def _flush() -> None:
    """Submit everything gathered so far; later callbacks of the same commit find nothing left.
    Ids left by a rolled-back transaction go with the next commit, which is harmless."""
    pending: dict[str, set[int]] = getattr(_pending, "kinds", None) or {}
    _pending.kinds = {}
    for kind, ids in pending.items():
        _submit(kind, frozenset(ids))


def _submit(kind: str, ids: frozenset[int]) -> None:
    if settings.SAMVERKAN_TASKS == "immediate":
        reindex(kind, ids)
        return
    _queue.put((kind, ids))
    _ensure_worker()


def _ensure_worker() -> None:
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="samverkan-index", daemon=True)
            _worker.start()


def _work() -> None:
    while True:
        kind, ids = _queue.get()
        try:
            reindex(kind, ids)
        except Exception:
            log.exception("Reindexing %s %s failed", kind, sorted(ids))
        finally:
            close_old_connections()
            _queue.task_done()


def wait_for_updates() -> None:
    """Block until queued updates are done (for the command line and tests)."""
    _queue.join()
