"""``match`` through the service, the command line and the API, in both ranking modes."""

import json
import uuid

import pytest
from django.test import override_settings
from django.utils import timezone

from samverkan.catalogue.models import Offering
from samverkan.directory.models import ExpertProfile, Visibility
from samverkan.matching import embeddings, engine
from samverkan.matching.indexing import reindex
from samverkan.matching.models import Document
from samverkan.matching.services import MatchError, match
from tests.matching.budget import match_query_budget

NEED = "vi har svårt att behålla undersköterskor i hemtjänsten"
DENSE = pytest.mark.skipif(not embeddings.available(), reason="embedding package not installed")


@pytest.fixture
def lexical_mode():
    """Rank as if the embedding package were missing."""
    embeddings._model.cache_clear()
    with override_settings(SAMVERKAN_MATCHING_DENSE="off"):
        yield
        embeddings._model.cache_clear()
    embeddings._model.cache_clear()


@pytest.fixture
def count_embeddings(monkeypatch):
    """Every text that reaches the model."""
    seen: list[str] = []
    original = embeddings.embed_with_model

    def counting(model, texts, role):
        seen.extend(texts)
        return original(model, texts, role)

    monkeypatch.setattr(embeddings, "embed_with_model", counting)
    return seen


def test_match_finds_the_right_expert_with_reasons(db):
    found = match(NEED, kinds=["expert"], top=5)
    assert found.mode == ("hybrid" if embeddings.available() else "lexical")
    best = found.results[0]
    assert best.title == "Jenny Blom"
    assert {"undersköterskor", "hemtjänst"} & set(best.terms)
    assert best.sentence
    assert "undersköterskor" in best.explanation
    scores = [result.score for result in found.results]
    assert scores == sorted(scores, reverse=True)


def test_all_kinds_come_back_in_the_contract_shape(db):
    found = match(NEED, top=8)
    assert {result.kind for result in found.results} >= {"expert", "offering"}
    record = found.results[0].as_dict()
    assert set(record) >= {"kind", "id", "external_id", "title", "score", "explanation"}


def test_empty_text_is_refused(db):
    with pytest.raises(MatchError):
        match("   ")


def test_unknown_kind_is_refused(db):
    with pytest.raises(MatchError):
        match(NEED, kinds=["unicorn"])


def test_a_very_long_text_is_truncated_not_fatal(db):
    found = match("hemtjänst " * 12_000, kinds=["expert"], top=3)
    assert found.truncated
    assert found.results


def test_visitors_never_see_hidden_profiles_or_expired_offerings(db, demo_user):
    profile = ExpertProfile.objects.get(person__user__email="expert@example.se")
    ExpertProfile.objects.filter(pk=profile.pk).update(visibility=Visibility.COORDINATORS)
    visitor = match(NEED, kinds=["expert"], top=20)
    assert profile.pk not in [result.id for result in visitor.results]
    coordinator = match(NEED, kinds=["expert"], top=20, user=demo_user("coordinator"))
    assert profile.pk in [result.id for result in coordinator.results]

    expired = Offering.objects.public().filter(title_sv__icontains="undersköterskor").first()
    assert expired is not None
    Offering.objects.filter(pk=expired.pk).update(
        expires_on=timezone.localdate() - timezone.timedelta(days=1)
    )
    offered = match(NEED, kinds=["offering"], top=20)
    assert expired.pk not in [result.id for result in offered.results]


def test_match_costs_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    match(NEED, top=5)
    budget = match_query_budget()
    with django_assert_max_num_queries(budget):
        match(NEED, top=5)
    with django_assert_max_num_queries(budget):
        match(NEED, top=50)


def test_changed_expertise_changes_the_ranking(db, django_capture_on_commit_callbacks, demo_user):
    query = "isbjörnar och havsis runt Svalbard"
    coordinator = demo_user("coordinator")
    profile = ExpertProfile.objects.exclude(person__user__email="expert@example.se").first()
    before = [r.id for r in match(query, kinds=["expert"], top=3, user=coordinator).results]
    assert profile.pk not in before
    with django_capture_on_commit_callbacks(execute=True):
        profile.expertise_sv = (
            "Jag forskar om isbjörnar och hur havsisen runt Svalbard förändras, och om vad "
            "det betyder för djurlivet i Arktis."
        )
        profile.save()
    after = [r.id for r in match(query, kinds=["expert"], top=3, user=coordinator).results]
    assert after[0] == profile.pk


@DENSE
def test_only_changed_text_is_embedded(db, django_capture_on_commit_callbacks, count_embeddings):
    profile = ExpertProfile.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        profile.save()
    assert count_embeddings == []
    assert reindex("expert") == 0
    assert count_embeddings == []

    with django_capture_on_commit_callbacks(execute=True):
        # A text never seen before: the vector cache outlives the test database.
        new = f"Jag studerar fjärilar på kalhyggen, inventering {uuid.uuid4().hex}."
        profile.expertise_sv = f"{new} {profile.expertise_sv}"
        profile.save()
    assert any("fjärilar" in text for text in count_embeddings)
    assert len(count_embeddings) <= 2  # the whole text and the one new sentence


def test_lexical_mode_works_without_embeddings(db, lexical_mode):
    engine.reset()
    found = match(NEED, kinds=["expert"], top=5)
    assert found.mode == "lexical"
    assert found.results[0].title == "Jenny Blom"
    assert match("xyzzy qwerty", kinds=["expert"]).results == []


def test_reindex_removes_deleted_objects(db):
    profile = ExpertProfile.objects.first()
    ExpertProfile.objects.filter(pk=profile.pk).delete()
    reindex("expert", [profile.pk])
    assert not Document.objects.filter(kind="expert", object_id=profile.pk).exists()


def test_cli_match_prints_json_in_the_contract_shape(cli, capsys):
    assert cli(["match", NEED, "--kind", "expert", "--top", "3", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert len(payload["results"]) == 3
    first = payload["results"][0]
    assert first["kind"] == "expert"
    assert first["external_id"]
    assert first["explanation"]


def test_cli_match_plain_text_and_errors(cli, capsys):
    assert cli(["match", NEED, "--top", "2"]) == 0
    assert "Jenny Blom" in capsys.readouterr().out
    assert cli(["match", "  "]) == 2
    assert capsys.readouterr().err.strip()
    assert cli(["match", "hemtjänst " * 12_000, "--top", "1"]) == 0
    assert capsys.readouterr().err.strip()


def test_cli_reindex_reports_per_kind(cli, capsys):
    assert cli(["reindex", "--kind", "expert"]) == 0
    assert "expert: 0" in capsys.readouterr().out


def test_api_match(client, db):
    response = client.post(
        "/api/v1/match",
        {"text": NEED, "kinds": ["expert", "offering"], "top": 4},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == 4
    assert body["results"][0]["title"] == "Jenny Blom"
    assert {result["kind"] for result in body["results"]} <= {"expert", "offering"}


@pytest.mark.parametrize(
    "payload",
    [{"text": ""}, {"text": "  "}, {"text": NEED, "kinds": ["unicorn"]}, {"text": NEED, "top": 0}],
)
def test_api_match_bad_input_is_a_400(client, db, payload):
    response = client.post("/api/v1/match", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_api_match_long_text_is_truncated(client, db):
    response = client.post(
        "/api/v1/match", {"text": "hemtjänst " * 9_000, "top": 2}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["truncated"] is True
