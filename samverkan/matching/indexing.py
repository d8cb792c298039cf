"""Keeping the index current: rebuild the documents of changed objects, embed only what changed.

A change enqueues an index job (``update_index``) in its own transaction; ``samverkan worker``
runs it, and the command line runs its own jobs before it exits. ``samverkan reindex`` rebuilds
everything on demand.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import translation
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from samverkan.kernel import searchable
from samverkan.kernel.searchable import Source
from samverkan.kernel.tasks import jobs_in_database, run_here

from . import embeddings, vectorindex
from .lexical import document_terms
from .models import Document, IndexVersion

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
                    "subtitle_en": source.subtitle_en[:300],
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
    source = searchable.get(kind)
    objects = source.objects()
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
        # In Swedish whatever language the request that caused the update was in: a source
        # gives its English texts (``subtitle_en``) itself.
        with translation.override("sv"):
            built = list(source.build(batch))
        changed += index_sources(built)
    if gone:
        IndexVersion.bump()
    return changed + len(gone)


def reindex_all() -> dict[str, int]:
    return {kind: reindex(kind) for kind in searchable.kinds()}


@task
def update_index(kind: str, ids: list[int]) -> int:
    """The job behind every index update: bring the documents of these objects up to date."""
    return reindex(kind, ids)


@task
def update_whole_index() -> dict[str, int]:
    """Reindex every kind; only documents whose text changed are embedded again."""
    return reindex_all()


_local = threading.local()
_committed: list[str] | None = None  # this process's index jobs, once track_updates() is called


def track_updates() -> None:
    """Remember the index jobs this process enqueues, for :func:`wait_for_updates` (the command
    line; a long-running process does not, or the list would only grow)."""
    global _committed
    if _committed is None:
        _committed = []


def _remember(job: str) -> None:
    if _committed is not None and jobs_in_database():
        _committed.append(job)


def schedule(kind: str, ids: Iterable[int]) -> None:
    """Enqueue an index update for these objects in the current transaction, so the job commits
    (or rolls back) with the change itself: a process stopped right after the commit loses
    nothing. Changes within one transaction (an import of a thousand experts, say) share one
    job per kind, whose ids grow with each change.

    The immediate backend runs a job as soon as it is enqueued, so there the update waits for
    the commit instead, and sees the data as committed."""
    ids = set(ids)
    if not ids or not settings.SAMVERKAN_INDEX_UPDATES:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _remember(update_index.enqueue(kind, sorted(ids)).id)
        return
    batch = _batch(connection)
    gathered = batch.ids.setdefault(kind, set())
    gathered.update(ids)
    if not jobs_in_database():
        return
    job = batch.jobs.get(kind)
    arguments = {"args": [kind, sorted(gathered)], "kwargs": {}}
    if job is None or not DBTaskResult.objects.filter(id=job).update(args_kwargs=arguments):
        batch.jobs[kind] = update_index.enqueue(kind, sorted(gathered)).id


def schedule_changed(sender: object, kind: str, ids: list[int], **kwargs: object) -> None:
    """The receiver of :data:`samverkan.kernel.searchable.documents_changed`."""
    schedule(kind, ids)


@dataclass
class _Batch:
    """The index changes of one transaction. A new one starts once this one's commit hook has
    run, and when the connection's list of commit hooks is replaced, which happens at every
    commit and rollback (of a savepoint, too: what the savepoint wrote is gone, what came before
    keeps its own job)."""

    hooks: list
    ids: dict[str, set[int]] = field(default_factory=dict)
    jobs: dict[str, str] = field(default_factory=dict)
    committed: bool = False


def _batch(connection: BaseDatabaseWrapper) -> _Batch:
    batch: _Batch | None = getattr(_local, "batch", None)
    if batch is None or batch.committed or batch.hooks is not connection.run_on_commit:
        batch = _local.batch = _Batch(connection.run_on_commit)
        transaction.on_commit(functools.partial(_committed_batch, batch))
    return batch


def _committed_batch(batch: _Batch) -> None:
    """The database backend: the jobs are committed, remember them for wait_for_updates. The
    immediate one: run one update per kind now."""
    batch.committed = True
    if jobs_in_database():
        for job in batch.jobs.values():
            _remember(job)
        return
    for kind, ids in batch.ids.items():
        update_index.enqueue(kind, sorted(ids))


def reindex_after_migrate(plan: list | None = None, **kwargs: object) -> None:
    """Migrations load reference data (the universities, say) without the signals that schedule
    index updates; one job reindexes every kind after each migration run that did something."""
    if not plan or not settings.SAMVERKAN_INDEX_UPDATES:
        return
    connection = transaction.get_connection(kwargs.get("using", "default"))
    if jobs_in_database() and DBTaskResult._meta.db_table not in (
        connection.introspection.table_names()
    ):
        return  # a partial migration that left the job table out
    _remember(update_whole_index.enqueue().id)


def wait_for_updates() -> None:
    """Bring the index up to date with this process's changes before going on (the command line
    before it exits, the demo between its steps): run here, with the worker's own code, the index
    jobs this process enqueued that no worker has taken, and wait for those a worker runs."""
    jobs = list(_committed or [])
    if _committed:
        _committed.clear()
    if jobs:
        run_here(jobs)
