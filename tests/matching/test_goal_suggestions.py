import json
from pathlib import Path

import numpy as np
import pytest
from django.test import Client, override_settings

from samverkan.matching import aurora, embeddings
from samverkan.matching.goals import MAX_CHARS, Pool, _keyword_patterns, evidence, suggest

# Suggestions learn from the labelled documents of the search index, which lives in the database.
pytestmark = pytest.mark.django_db

CLIMATE_SV = (
    "Kommunen arbetar med klimatanpassning: skyfall, översvämningar och värmeböljor, och vill "
    "minska utsläppen av växthusgaser från transporter och uppvärmning."
)
EDUCATION_EN = (
    "We study how teachers in primary schools can improve pupils' reading comprehension, and "
    "how teacher education prepares them for classroom teaching."
)


@pytest.fixture
def lexical_only():
    """Embeddings switched off for real: the cached model is dropped before and after."""
    embeddings._model.cache_clear()
    with override_settings(SAMVERKAN_MATCHING_DENSE="off"):
        assert not embeddings.available()
        yield
    embeddings._model.cache_clear()


def goals_of(text: str) -> list[int]:
    return [goal for goal, _ in suggest(text).goals]


def test_empty_text_is_an_error():
    for text in ("", "   \n\t"):
        with pytest.raises(ValueError):
            suggest(text)


def test_long_text_is_truncated_and_flagged():
    assert not suggest(CLIMATE_SV).truncated
    long = suggest(CLIMATE_SV + " " + "ord " * MAX_CHARS)
    assert long.truncated and 13 in [goal for goal, _ in long.goals]


def test_swedish_climate_text_suggests_goal_13():
    found = suggest(CLIMATE_SV)
    assert 13 in [goal for goal, _ in found.goals]
    assert all(0 < score <= 1 for _, score in found.goals)
    assert [score for _, score in found.goals] == sorted(
        (score for _, score in found.goals), reverse=True
    )


def test_english_education_text_suggests_goal_4():
    assert goals_of(EDUCATION_EN)[0] == 4


def test_a_text_about_nothing_gives_few_or_no_goals():
    assert len(goals_of("hej")) <= 1


def test_targets_only_of_suggested_goals():
    found = suggest("Early warning systems for floods and disaster risk reduction")
    goals = {goal for goal, _ in found.goals}
    assert all(int(code.split(".")[0]) in goals for code, _ in found.targets)


def test_lexical_only_mode(lexical_only):
    found = suggest(CLIMATE_SV)
    assert found.mode == "lexical"
    assert 13 in [goal for goal, _ in found.goals]
    assert goals_of(EDUCATION_EN)[0] == 4
    assert goals_of("hej") == []


def test_aurora_parser_precedence_and_proximity():
    query = aurora.parse('"climat*" W/3 "adapt*" OR "resilien*" AND NOT ("ocean*")')
    assert query.spans(aurora.Document("climate change adaptation"))
    assert query.spans(aurora.Document("resilience of the climate"))
    assert not query.spans(aurora.Document("climate is one thing; much later comes adaptation"))
    assert not query.spans(aurora.Document("climate adaptation of the ocean"))
    assert len(aurora.queries()) > 300
    with pytest.raises(aurora.QueryError):
        aurora.parse('("climate" OR')


def _development_texts() -> list[str]:
    path = Path(__file__).resolve().parents[2] / "eval" / "data" / "matching-dev"
    rows = [
        json.loads(line)
        for name in ("experts", "needs")
        for line in (path / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    return [" ".join(str(value) for value in row.values()) for row in rows]


def test_anchor_words_leave_out_only_query_lines_that_cannot_match():
    """The fast path (only lines with an anchor word in the text) finds exactly the lines a full
    evaluation of every line finds: on texts it finds lines in and on texts where it finds none."""
    texts = _development_texts()
    found = [text for text in texts if aurora.matching_queries(text)][:8]
    assert len(found) == 8
    for text in [*found, *texts[:6], "Climate change adaptation in coastal cities"]:
        document = aurora.Document(text)
        everything = [query for query in aurora.queries() if query.tree.spans(document)]
        assert aurora.matching_queries(text) == everything


def test_keyword_stems_are_looked_for_only_where_their_first_word_occurs():
    for text in _development_texts()[:80]:
        folded = text.casefold()
        for patterns in _keyword_patterns().values():
            for word, pattern in patterns:
                assert word in folded or not pattern.search(folded)


def test_api_suggests_goals_without_session_or_csrf(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/sdg/suggest",
        {"text": CLIMATE_SV},
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"goals", "targets", "truncated"}
    assert body["truncated"] is False
    climate = next(goal for goal in body["goals"] if goal["goal"] == 13)
    assert climate["title"] == "Climate action" and 0 < climate["score"] <= 1
    assert all(set(target) == {"target", "score"} for target in body["targets"])


def test_api_titles_in_swedish_by_default(db):
    body = Client().post("/api/v1/sdg/suggest", {"text": CLIMATE_SV}, "application/json").json()
    assert next(g["title"] for g in body["goals"] if g["goal"] == 13).startswith("Bekämpa")


def test_api_rejects_empty_text(db):
    response = Client().post("/api/v1/sdg/suggest", {"text": "  "}, "application/json")
    assert response.status_code == 400
    assert response.json()["detail"].strip()


def test_command_prints_json(cli, capsys):
    assert cli(["sdg-suggest", EDUCATION_EN, "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["goals"][0]["goal"] == 4 and body["truncated"] is False


def test_command_plain_text_and_truncation_notice(cli, capsys):
    assert cli(["sdg-suggest", CLIMATE_SV + " ord" * MAX_CHARS]) == 0
    captured = capsys.readouterr()
    assert "13." in captured.out and captured.err.strip()


def test_command_rejects_empty_text(cli, capsys):
    assert cli(["sdg-suggest", " "]) == 2
    assert "CommandError" in capsys.readouterr().err


@pytest.mark.skipif(not embeddings.available(), reason="embedding package not installed")
def test_similar_labelled_content_votes_for_its_goals():
    text = "Vi undersöker hur kommunens parker kan bli bättre mötesplatser för boende."
    vector = embeddings.query_vector(text)
    neighbours = Pool(np.vstack([vector * 0.99] * 5), [frozenset({16})] * 5)
    nobody = Pool(np.zeros((0, embeddings.DIMENSIONS)), [])
    with_votes, without = evidence(text, neighbours), evidence(text, nobody)
    assert with_votes.dense[15] - without.dense[15] == pytest.approx(3.0)
    assert (with_votes.dense - without.dense)[np.arange(17) != 15].max() == 0


def test_a_text_is_not_its_own_neighbour():
    vector = np.zeros(embeddings.DIMENSIONS)
    vector[0] = 1.0
    assert not Pool(np.vstack([vector]), [frozenset({5})]).votes(vector).any()
