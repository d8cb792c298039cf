"""Filling a fresh database with synthetic experts, directly with ``bulk_create``:

- ``matching_document`` rows of kind ``expert`` with their texts, analysed terms and synthetic
  float16 vectors (see :mod:`.corpus`);
- the minimal ``Person`` and ``ExpertProfile`` rows behind them (mostly public with consent), so
  that the live permission check at the end of ``match`` runs on real rows and results survive it.
  No organisations or affiliations: the check does not read them.
"""

from __future__ import annotations

import random
import time

import numpy as np

from .corpus import Expert, TopicVectors, expert_vectors

BATCH = 2000


def populate(count: int, seed: int) -> dict[str, float]:
    """Bulk-insert ``count`` people, profiles and index documents; returns the seconds spent."""
    from django.db import connection, transaction
    from django.utils import timezone

    from samverkan.directory.models import ExpertProfile, Person, Visibility
    from samverkan.matching import vectorindex
    from samverkan.matching.lexical import document_terms
    from samverkan.matching.models import Document, IndexVersion

    started = time.perf_counter()
    centres = TopicVectors()
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    now = timezone.now()
    visibility = {0: Visibility.PUBLIC, 1: Visibility.MEMBERS, 2: Visibility.COORDINATORS}
    generated = analysed = inserted = 0.0
    for start in range(0, count, BATCH):
        mark = time.perf_counter()
        experts = [Expert(number, rng) for number in range(start, min(count, start + BATCH))]
        vectors = [expert_vectors(expert, centres, noise) for expert in experts]
        generated += time.perf_counter() - mark
        mark = time.perf_counter()
        terms = [
            document_terms(f"{expert.name} {expert.heading}", expert.keywords, expert.body)
            for expert in experts
        ]
        analysed += time.perf_counter() - mark
        mark = time.perf_counter()
        with transaction.atomic():
            Person.objects.bulk_create(
                Person(
                    pk=start + row + 1,
                    first_name=expert.name.split()[0],
                    last_name=expert.name.split()[1],
                    external_id=f"bench-{start + row}",
                    name_key=expert.name.casefold(),
                )
                for row, expert in enumerate(experts)
            )
            ExpertProfile.objects.bulk_create(
                ExpertProfile(
                    pk=start + row + 1,
                    person_id=start + row + 1,
                    expertise_sv=expert.body if expert.language == "sv" else "",
                    expertise_en=expert.body if expert.language == "en" else "",
                    keywords=expert.keywords.split(", "),
                    languages=expert.speaks,
                    visibility=visibility[expert.audience],
                    consent_at=now if expert.audience == 0 else None,
                )
                for row, expert in enumerate(experts)
            )
            Document.objects.bulk_create(
                Document(
                    kind="expert",
                    object_id=start + row + 1,
                    external_id=f"bench-{start + row}",
                    title=expert.name,
                    heading=expert.heading,
                    subtitle=expert.heading,
                    keywords=expert.keywords,
                    body=expert.body,
                    language=expert.language,
                    goals=expert.goals,
                    forms=expert.forms,
                    counties=[expert.county],
                    speaks=expert.speaks,
                    audience=expert.audience,
                    sentences=expert.sentences,
                    vectors=data,
                    title_terms=title_terms,
                    body_terms=body_terms,
                    content_hash=f"{start + row:064x}",
                )
                for row, (expert, data, (title_terms, body_terms)) in enumerate(
                    zip(experts, vectors, terms, strict=True)
                )
            )
            if vectorindex.column_exists():  # PostgreSQL with pgvector: fill its column too
                vectorindex.store(
                    Document.objects.filter(object_id__gt=start).values_list("pk", "vectors")
                )
        inserted += time.perf_counter() - mark
    IndexVersion.bump()
    # Fresh statistics, as the database's own maintenance (autovacuum) would gather after a
    # bulk load: without them PostgreSQL's planner ignores the full-text index.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "total_seconds": round(time.perf_counter() - started, 2),
        "generate_seconds": round(generated, 2),
        "analyse_seconds": round(analysed, 2),
        "insert_seconds": round(inserted, 2),
    }
