"""Swedish-aware search over people: case, å/ä/ö, simple stemming, and a reason for every hit.

Each person carries a ``search_document``: for each field, the normalised terms of its text. Words
and terms are those of the matching engine (:mod:`samverkan.kernel.analysis`): a term is the
Snowball stem of a word (Swedish and English stems both kept), folded, so that "Äldreomsorgen",
"äldreomsorg" and "aldreomsorg" meet in "aldreomsorg". A query word matches a term that starts
with the query's stem, so "kompetens" also finds "kompetensförsörjning".

The full hybrid ranking (BM25, compound splitting, embeddings) is the matching engine's job; this
module keeps the directory search fast and explainable on every database.
"""

from dataclasses import dataclass

from samverkan.kernel.analysis import stems, words

# Field code in the search document, weight in ranking, and the label used in explanations.
FIELDS = {
    "name": ("n", 4.0),
    "keywords": ("k", 3.0),
    "title": ("t", 2.0),
    "expertise": ("e", 1.0),
    "organization": ("o", 1.0),
}


def terms(text: str) -> list[str]:
    result: list[str] = []
    for word in words(text):
        result.extend(stems(word))
    return result


def build_document(fields: dict[str, str]) -> str:
    """``" n:anna n:berg k:aldreomsorg ..."``: field-tagged terms, each preceded by a space so that
    a database ``LIKE '% k:aldre%'`` finds a prefix of any term."""
    parts = []
    for field, text in fields.items():
        code = FIELDS[field][0]
        parts.extend(f"{code}:{term}" for term in dict.fromkeys(terms(text)))
    return " " + " ".join(parts) + " " if parts else ""


@dataclass(frozen=True)
class QueryWord:
    word: str
    terms: tuple[str, ...]


def parse_query(text: str, limit: int = 12) -> list[QueryWord]:
    """The words of a query with their terms (at most ``limit`` words, duplicates removed)."""
    seen: dict[str, QueryWord] = {}
    for word in words(text):
        if word not in seen and stems(word):
            seen[word] = QueryWord(word, stems(word))
    return list(seen.values())[:limit]


@dataclass(frozen=True)
class Hit:
    score: float
    reasons: dict[str, list[str]]  # field -> the query words found in it


PROFILE_FIELDS = frozenset({"keywords", "expertise"})


def score_document(
    document: str, query: list[QueryWord], fields: frozenset[str] | None = None
) -> Hit | None:
    """Score a document against the query; ``None`` unless every query word is found.

    ``fields`` limits the match to some fields: a reader who may not see a person's profile
    must not find the person through it.
    """
    reasons: dict[str, list[str]] = {}
    score = 0.0
    for item in query:
        found = False
        for field, (code, weight) in FIELDS.items():
            if fields is not None and field not in fields:
                continue
            if any(f" {code}:{term}" in document for term in item.terms):
                reasons.setdefault(field, []).append(item.word)
                score += weight
                found = True
        if not found:
            return None
    return Hit(score, reasons)
