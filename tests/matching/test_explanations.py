"""Why something was suggested, as one sentence in the reader's language, and which suggestions
are strong enough to show a person: the sentence itself, the cut-off rule, and both through the
API, the command line and the pages."""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import translation

from samverkan.kernel.analysis import stems, words
from samverkan.kernel.searchable import Result, describe
from samverkan.kernel.templatetags.searchable import by_kind
from samverkan.matching.engine import current
from samverkan.matching.goals import goal_names
from samverkan.matching.services import (
    COMMON_MIN_DOCUMENTS,
    COMMON_SHARE,
    ONE_WORD_SHARE,
    SHOWN_SHARE,
    match,
    worth_showing,
)
from tests.matching.budget import match_query_budget

NEED = "vi har svårt att behålla undersköterskor i hemtjänsten"
NEED_EN = "we find it hard to keep assistant nurses in home care for the elderly"
OLD_WORDING = ("Shared terms", "Gemensamma ord", "Closest passage", "Mest lika avsnitt")


def result(kind: str = "expert", score: float = 1.0, terms=(), **reasons) -> Result:
    return Result(kind, 1, "", "Jenny Blom", "", score, terms=list(terms), **reasons)


NAMES = {3: "Good health and well-being", 8: "Decent work and economic growth"}


def test_the_sentence_names_the_topic_then_what_is_shared():
    found = result(topic=["staff turnover", "elderly care"], goals=[3, 8], forms=["x"])
    found.same_region = True
    with translation.override("en"):
        sentence = describe(found, NAMES)
    assert sentence == (
        "Researches staff turnover and elderly care — same goals: 3 Good health and well-being, "
        "8 Decent work and economic growth; offers the kind of help you asked for; in your county"
    )


def test_each_kind_has_its_own_lead_and_one_goal_is_singular():
    with translation.override("en"):
        assert describe(result("offering", topic=["home care"], goals=[3]), NAMES) == (
            "About home care — same goal: 3 Good health and well-being"
        )
        assert describe(result("collaboration", topic=["a", "b", "c"]), {}) == (
            "Earlier collaboration on a, b and c"
        )
        assert describe(result("need", topic=["home care"]), {}) == (
            "Open challenge about home care"
        )
        assert describe(result("organization", topic=["home care"]), {}) == ("Works with home care")


def test_without_evidence_or_goal_names_it_still_reads():
    with translation.override("en"):
        assert describe(result(), {}) == "Close in meaning to your text"
        assert describe(result(goals=[3]), {}) == "Close in meaning to your text — same goal: 3"


def test_goal_names_follow_the_active_language():
    with translation.override("sv"):
        assert goal_names([3]) == {3: "God hälsa och välbefinnande"}
    with translation.override("en"):
        assert goal_names([3, 99]) == {3: "Good health and well-being"}


def test_the_swedish_sentence_is_plain_swedish():
    found = result(topic=["personalomsättning", "äldreomsorg"], goals=[3], same_region=True)
    with translation.override("sv"):
        sentence = describe(found, goal_names(found.goals))
    assert sentence == (
        "Forskar om personalomsättning och äldreomsorg — samma mål: 3 God hälsa och "
        "välbefinnande; i ert län"
    )


def test_weak_suggestions_are_left_out_relative_to_the_best_of_their_kind():
    best = result(score=10.0, terms=["a", "b"])
    close = result(score=10.0 * SHOWN_SHARE, terms=["a", "b"])
    far = result(score=10.0 * SHOWN_SHARE - 0.01, terms=["a", "b"])
    one_word = result(score=10.0 * ONE_WORD_SHARE - 0.01, terms=["a"])
    one_word_close = result(score=10.0 * ONE_WORD_SHARE, terms=["a"])
    other_kind = result("offering", score=2.0, terms=["a"])
    kept = worth_showing([best, close, far, one_word, one_word_close, other_kind])
    assert kept == [best, close, one_word_close, other_kind]


def test_a_kind_whose_best_is_below_average_shows_nothing():
    assert worth_showing([result(score=-0.5, terms=["a", "b"])]) == []
    assert worth_showing([]) == []


def test_match_explains_in_the_active_language(db):
    for language, lead, goal in (
        ("en", "Researches", "Good health and well-being"),
        ("sv", "", "God hälsa och välbefinnande"),
    ):
        with translation.override(language):
            best = match(NEED, kinds=["expert"], top=3).results[0]
            assert best.title == "Jenny Blom"
            assert best.explanation.startswith(lead)
            assert goal in best.explanation
            assert "undersköterskor" in best.explanation
            assert not any(old in best.explanation for old in OLD_WORDING)


def test_an_english_need_gets_an_english_explanation(db):
    with translation.override("en"):
        results = match(NEED_EN, top=5).results
    assert results
    assert all(not any(old in r.explanation for old in OLD_WORDING) for r in results)


@pytest.mark.parametrize(
    "language, text, goal",
    [("en", NEED, "Good health"), ("sv", NEED, "God hälsa"), ("en", NEED_EN, "")],
)
def test_api_explanation_is_the_sentence_and_reasons_stay(
    client, db, django_assert_max_num_queries, language, text, goal
):
    current()  # the engine is read once per process, before the budget counts
    with django_assert_max_num_queries(match_query_budget()):
        response = client.post(
            "/api/v1/match",
            {"text": text, "top": 4},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
        )
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert set(first["reasons"]) == {"terms", "sentence", "goals", "forms", "same_region"}
    assert not any(old in first["explanation"] for old in OLD_WORDING)
    assert " · " not in first["explanation"]
    if goal:
        assert goal in first["explanation"]


def test_cli_json_explanation_is_the_sentence(db):
    out = io.StringIO()
    call_command("match", NEED, "--json", "--top", "2", stdout=out)
    results = json.loads(out.getvalue())["results"]
    assert results[0]["explanation"]
    assert not any(old in results[0]["explanation"] for old in OLD_WORDING)
    assert "terms" in results[0]["reasons"]


def test_search_page_shows_the_sentence_with_shared_words_marked(client, db):
    body = client.get("/en/search/", {"q": NEED}).content.decode()
    assert "Researches" in body
    assert "Good health and well-being" in body
    assert "<mark>undersköterskor</mark>" in body
    assert not any(old in body for old in ("Shared words", "Shared terms"))


def test_search_page_leaves_weak_suggestions_out_for_a_described_need(client, db):
    results = client.get("/sv/sok/", {"q": NEED, "kind": "expert"}).context["results"]
    shown = [hit.result for hit in results.groups[0].hits]
    full = match(NEED, kinds=["expert"], top=100).results
    assert len(shown) < len(full)
    assert [r.id for r in shown] == [r.id for r in worth_showing(full)][: len(shown)]


def test_suggestions_are_grouped_by_kind_in_list_order():
    items = [result("offering"), result("expert"), result("gone"), result("expert")]
    groups = by_kind(items)
    assert [group.kind for group in groups] == ["expert", "offering", "gone"]
    assert [len(group.items) for group in groups] == [2, 1, 1]
    assert groups[2].label == "gone"


@pytest.mark.parametrize(
    "text",
    [
        NEED,
        "Hemtjänsten i glesbygden behöver nya arbetssätt för kompetensförsörjningen",
        "Vi vill minska matsvinnet i skolköken",
    ],
)
def test_a_reason_is_a_word_the_reader_wrote_never_only_a_part_of_one(db, text):
    """Compound parts find more, but "tjänsten" is no reason to show for "hemtjänsten"."""
    written = {stem for word in words(text) for stem in stems(word)}
    analyzer = current().analyzer
    results = match(text, top=20).results
    assert any(r.terms for r in results)
    for found in results:
        for word in found.terms:
            assert written & set(analyzer.word_terms(word)), (found.title, word)


def test_a_word_in_many_documents_of_a_kind_is_no_reason(db):
    """ "kommunen" and "behöver" are in a large part of the collaborations and needs: they still
    rank, but an explanation never rests on them."""
    text = "Kommunen behöver hjälp med matsvinnet i skolköken och kommunen behöver data"
    engine = current()
    results = match(text, top=30).results
    assert results
    shown = 0
    for found in results:
        assert not {"kommunen", "behöver"} & {word.casefold() for word in found.terms}
        assert "kommunen" not in found.topic and "behöver" not in found.topic
        index = engine.kinds[found.kind]
        for word in found.terms:
            shown += 1
            terms = engine.analyzer.word_terms(word)
            assert any(
                len(index) < COMMON_MIN_DOCUMENTS or index.lexicon.share(term) <= COMMON_SHARE
                for term in terms
            ), (found.kind, found.title, word)
    assert shown
