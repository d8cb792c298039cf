"""The lexical backends: stored terms, the database's full-text index and the in-memory postings."""

import numpy as np
import pytest
from django.db import connection
from django.test import override_settings

from samverkan.directory.models import ExpertProfile
from samverkan.matching import engine
from samverkan.matching.lexical import DatabaseLexicon, MemoryLexicon, document_terms
from samverkan.matching.models import Document
from samverkan.matching.services import match

NEEDS = (
    "vi har svårt att behålla undersköterskor i hemtjänsten",
    "kompetensförsörjning i skolan",
    "climate adaptation of storm water systems",
)


def test_document_terms_stem_fold_and_split_compounds():
    title, body = document_terms("Kompetensförsörjning", "äldreomsorg", "Hemtjänsten i Umeå.")
    assert {"kompet", "forsorjning", "aldreomsorg", "omsorg"} <= set(title.split())
    assert "hemtjanst" in body.split()
    assert "i" not in body.split()  # stop words are gone


def _lexical_scores(kind: str, terms: list[str]) -> dict[int, float]:
    index = engine.current().kinds[kind]
    scores = index.lexical(terms)
    return {int(index.object_ids[i]): float(scores[i]) for i in scores.nonzero()[0]}


@pytest.mark.parametrize("backend", ["database", "memory"])
def test_the_index_follows_edits_and_deletions(db, django_capture_on_commit_callbacks, backend):
    profile = ExpertProfile.objects.first()
    with override_settings(SAMVERKAN_LEXICAL_INDEX=backend):
        assert profile.pk not in _lexical_scores("expert", ["fjarilsinventering"])
        with django_capture_on_commit_callbacks(execute=True):
            profile.expertise_sv = "Fjärilsinventering på kalhyggen i Norrbotten."
            profile.save()
        assert _lexical_scores("expert", ["fjarilsinventering"]).keys() == {profile.pk}
        with django_capture_on_commit_callbacks(execute=True):
            profile.expertise_sv = "Skogsbruk och biologisk mångfald."
            profile.save()
        assert profile.pk not in _lexical_scores("expert", ["fjarilsinventering"])
        with django_capture_on_commit_callbacks(execute=True):
            profile.delete()
        assert profile.pk not in engine.current().kinds["expert"].position


def test_the_database_index_is_the_databases_own(db):
    """The full-text structure exists in the database and holds every document's terms."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM matching_document WHERE search_terms @@ "
                "to_tsquery('simple', 'hemtjanst')"
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM matching_document_fts WHERE matching_document_fts "
                "MATCH 'hemtjanst'"
            )
        (found,) = cursor.fetchone()
    expected = sum(
        "hemtjanst" in f"{title} {body}".split()
        for title, body in Document.objects.values_list("title_terms", "body_terms")
    )
    assert found == expected > 0


@pytest.mark.parametrize("need", NEEDS)
def test_both_backends_agree_on_the_best_matches(db, need):
    found = {}
    for backend in ("database", "memory"):
        with override_settings(SAMVERKAN_LEXICAL_INDEX=backend, SAMVERKAN_MATCHING_DENSE="off"):
            ranked = match(need, kinds=["expert", "offering"], top=5).results
        found[backend] = [(result.kind, result.id) for result in ranked]
    assert found["database"]
    assert len(set(found["database"]) & set(found["memory"])) >= 3
    if connection.vendor == "sqlite":  # FTS5's bm25() is the same formula as the postings'
        assert found["database"][0] == found["memory"][0]


def test_title_terms_weigh_more_than_body_terms_in_both_backends():
    memory = MemoryLexicon([("hemtjanst", "omsorg vard"), ("omsorg", "hemtjanst vard")])
    scores = memory.scores(["hemtjanst"])
    assert scores[0] > scores[1] > 0


@override_settings(SAMVERKAN_LEXICAL_INDEX="database")
def test_query_syntax_cannot_reach_the_database(db):
    index = engine.current().kinds["expert"]
    assert isinstance(index.lexicon, DatabaseLexicon)
    for text in ('"; DROP TABLE matching_document; --', "NEAR(a b) OR NOT *", "hem* AND"):
        match(text, kinds=["expert"])
    assert Document.objects.exists()


def test_the_database_asks_only_for_selective_terms():
    frequencies = {"forskning": 9000, "kommun": 6000, "hemtjanst": 40, "underskotersk": 20}
    lexicon = DatabaseLexicon("expert", np.arange(100_000, dtype=np.int64), frequencies)
    # Rare terms first; common ones only to make up the minimum; unknown ones never.
    chosen = lexicon.selective(["forskning", "hemtjanst", "underskotersk", "okand", "kommun"])
    assert chosen == ["underskotersk", "hemtjanst", "kommun"]
    rare = {f"term{i}": 1 for i in range(50)}
    assert len(DatabaseLexicon("expert", np.arange(100), rare).selective(list(rare))) == 32
    common = {"forskning": 280, "kommun": 250, "hemtjanst": 9, "underskotersk": 5}
    small = DatabaseLexicon("expert", np.arange(300, dtype=np.int64), common)
    assert len(small.selective(list(common))) == 4  # a small index keeps every term
    assert lexicon.idf("underskotersk") > lexicon.idf("kommun")
