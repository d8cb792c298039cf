"""Swedish-aware analysis: folding, stemming, stop words and compound splitting."""

from samverkan.kernel.analysis import Analyzer, stems, words


def test_words_drop_stop_words_digits_and_single_letters():
    assert words("Vi har svårt att behålla 12 undersköterskor i hemtjänsten") == [
        "svårt",
        "behålla",
        "undersköterskor",
        "hemtjänsten",
    ]


def test_stems_meet_across_inflection_and_accents():
    assert set(stems("äldreomsorgen")) & set(stems("aldreomsorg"))
    assert set(stems("teachers")) & set(stems("teacher"))


def test_compounds_split_into_known_parts():
    analyzer = Analyzer()
    assert analyzer.split("kompetensförsörjning") == ["kompetens", "försörjning"]
    terms = analyzer.word_terms("kompetensförsörjningen")
    assert set(stems("kompetens")) <= set(terms)
    assert set(stems("försörjning")) <= set(terms)


def test_compound_parts_are_learnt_from_the_indexed_texts():
    assert Analyzer().split("snöskottning") is None
    analyzer = Analyzer.from_texts(["Snö och is", "skottning av tak"])
    assert analyzer.split("snöskottningen") == ["snö", "skottningen"]


def test_short_words_are_not_split():
    assert Analyzer().split("omsorg") is None


def test_term_words_keep_the_readers_own_word():
    found = Analyzer().term_words("Hemtjänsten i Borås")
    assert "hemtjänsten" in found.values()
    assert all(word != "i" for word in found.values())
