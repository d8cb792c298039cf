import pytest

from samverkan.directory.search import build_document, parse_query, score_document, terms


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("äldreomsorgen", "Äldreomsorg"),
        ("ALDREOMSORG", "äldreomsorg"),  # case and å/ä/ö folded
        ("undersköterskor", "undersköterska"),  # Swedish stemming
        ("kompetens", "kompetensförsörjning"),  # a word's beginning finds the compound
        ("municipalities", "municipality"),  # English stemming
    ],
)
def test_swedish_aware_matching(query, text):
    document = build_document({"expertise": text})
    assert score_document(document, parse_query(query)) is not None


def test_every_query_word_must_match_and_reasons_name_the_fields():
    document = build_document(
        {"name": "Anna Berg", "keywords": "äldreomsorg", "expertise": "Hemtjänst i glesbygd."}
    )
    hit = score_document(document, parse_query("äldreomsorg hemtjänst"))
    assert hit.reasons == {"keywords": ["äldreomsorg"], "expertise": ["hemtjänst"]}
    assert score_document(document, parse_query("äldreomsorg skola")) is None


def test_field_weights_rank_keywords_above_expertise():
    keyword = build_document({"keywords": "arbetsmiljö"})
    expertise = build_document({"expertise": "arbetsmiljö"})
    query = parse_query("arbetsmiljö")
    assert score_document(keyword, query).score > score_document(expertise, query).score


def test_stop_words_are_ignored():
    assert terms("och i att") == []
    assert parse_query("forskning om och i skolan")[0].word == "forskning"
