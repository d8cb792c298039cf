"""Where the lexical (BM25) part of the ranking runs: in the process or in the database.

Every document stores its analysed terms (:func:`document_terms`): Swedish and English stems,
folded, with compound parts. Both backends score those stored terms, so they rank alike:

``memory`` (the default)
    Posting lists built from the stored terms when the index loads: a query costs a few
    milliseconds even at 50,000 documents, at the cost of memory in every process.

``database``
    SQLite: an FTS5 table over the terms, kept in step with ``matching_document`` by triggers,
    ranked with FTS5's ``bm25()``. PostgreSQL: a generated ``tsvector`` column with a GIN index,
    ranked with ``ts_rank`` weighted by each term's inverse document frequency. Nothing is held
    per process but a map from row to position; a query costs more, since the database scores
    every row that shares a term (see ``make bench``).

The terms are indexed with the ``simple`` configuration: they are already stemmed by the
Snowball Swedish algorithm that PostgreSQL's ``swedish`` configuration uses, plus the English
one, and split into compound parts, which no built-in configuration does; stemming them again
would only blur them. Title and keywords count twice as much as the body in both backends.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
from django.conf import settings
from django.db import connection

from samverkan.kernel.analysis import Analyzer, words

K1 = 1.2
B = 0.75
TITLE_WEIGHT = 2.0
# The database returns the best this many matches per kind; the rest score zero. Far more than
# the candidates the second stage looks at, so the z-scores hardly notice the cut.
DATABASE_LIMIT = 2000
FTS_TABLE = "matching_document_fts"
_TERM = re.compile(r"^\w+$")


def document_terms(title: str, keywords: str, body: str) -> tuple[str, str]:
    """The stored terms of a document: (title and keywords, body), space-separated.

    Compounds are split against the document's own words and the shipped list of common parts,
    not the whole corpus, so a document's terms never change when other documents do.
    """
    analyzer = Analyzer({word: 1 for word in words(f"{title} {keywords} {body}")})
    return (
        " ".join(analyzer.terms(f"{title} {keywords}")),
        " ".join(analyzer.terms(body)),
    )


def backend() -> str:
    return settings.SAMVERKAN_LEXICAL_INDEX


class MemoryLexicon:
    """BM25 over posting lists in the process."""

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        term_rows: list[Counter[str]] = []
        for title_terms, body_terms in rows:
            counts: Counter[str] = Counter(body_terms.split())
            for term in title_terms.split():
                counts[term] += TITLE_WEIGHT
            term_rows.append(counts)
        lengths = np.array([sum(c.values()) for c in term_rows], dtype=np.float32)
        average = float(lengths.mean()) if len(lengths) else 1.0
        lists: dict[str, tuple[list[int], list[float]]] = {}
        for index, counts in enumerate(term_rows):
            norm = K1 * (1 - B + B * lengths[index] / (average or 1.0))
            for term, tf in counts.items():
                entry = lists.setdefault(term, ([], []))
                entry[0].append(index)
                entry[1].append(tf * (K1 + 1) / (tf + norm))
        count = len(rows)
        self.size = count
        self.postings = {
            term: (
                np.array(idx, dtype=np.int32),
                np.array(w, dtype=np.float32)
                * np.float32(np.log(1 + (count - len(idx) + 0.5) / (len(idx) + 0.5))),
            )
            for term, (idx, w) in lists.items()
        }

    def share(self, term: str) -> float:
        """The part of the kind's documents that hold ``term``."""
        posting = self.postings.get(term)
        return len(posting[0]) / self.size if posting is not None and self.size else 0.0

    def scores(self, terms: list[str]) -> np.ndarray:
        scores = np.zeros(self.size, dtype=np.float32)
        for term in set(terms):
            posting = self.postings.get(term)
            if posting is not None:
                scores[posting[0]] += posting[1]
        return scores


# ``ts_rank`` has no inverse document frequency, so each term is ranked on its own (title terms
# weigh 1.0, body terms 0.4, divided by the log of the length) and weighted by its BM25 idf.
POSTGRES_BM25 = """
SELECT d.id, sum(t.idf * ts_rank(d.search_terms, to_tsquery('simple', t.term), 1))
FROM matching_document d, unnest(%s::text[], %s::float8[]) AS t(term, idf)
WHERE d.kind = %s AND d.search_terms @@ to_tsquery('simple', t.term)
GROUP BY d.id ORDER BY 2 DESC LIMIT %s
"""
# A database scores every row that shares a term, so at scale the query keeps its selective
# terms: those in at most SELECTIVE_ROWS documents or SELECTIVE_SHARE of them, whichever is more
# (common terms weigh little in BM25 anyway), at most MAX_TERMS of them, rarest first. Below
# SELECTIVE_ROWS documents every term is kept.
SELECTIVE_SHARE = 0.02
SELECTIVE_ROWS = 1000
MAX_TERMS = 32
MIN_TERMS = 3


def document_frequencies(rows: list[tuple[str, str]]) -> dict[str, int]:
    """In how many documents each term occurs."""
    counts: Counter[str] = Counter()
    for title_terms, body_terms in rows:
        counts.update(set(title_terms.split()) | set(body_terms.split()))
    return dict(counts)


class DatabaseLexicon:
    """BM25 (SQLite FTS5) or idf-weighted ``ts_rank`` (PostgreSQL) computed by the database for
    one kind. The process keeps only each term's document frequency, to choose the query's
    selective terms."""

    def __init__(self, kind: str, pks: np.ndarray, frequencies: dict[str, int]) -> None:
        self.kind = kind
        self.size = len(pks)
        self.frequencies = frequencies
        self._order = np.argsort(pks)
        self._sorted = pks[self._order]

    def selective(self, terms: list[str]) -> list[str]:
        known = sorted(
            {term for term in terms if _TERM.match(term) and term in self.frequencies},
            key=lambda term: (self.frequencies[term], term),
        )
        limit = max(SELECTIVE_ROWS, SELECTIVE_SHARE * self.size)
        chosen = [term for term in known if self.frequencies[term] <= limit][:MAX_TERMS]
        return chosen if len(chosen) >= MIN_TERMS else known[:MIN_TERMS]

    def share(self, term: str) -> float:
        """The part of the kind's documents that hold ``term``."""
        return self.frequencies.get(term, 0) / self.size if self.size else 0.0

    def idf(self, term: str) -> float:
        count = self.frequencies[term]
        return float(np.log(1 + (self.size - count + 0.5) / (count + 0.5)))

    def scores(self, terms: list[str]) -> np.ndarray:
        scores = np.zeros(self.size, dtype=np.float32)
        chosen = self.selective(terms)
        if not chosen:
            return scores
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                weights = [self.idf(term) for term in chosen]
                cursor.execute(POSTGRES_BM25, [chosen, weights, self.kind, DATABASE_LIMIT])
            else:
                cursor.execute(
                    f"SELECT d.id, -bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0) FROM {FTS_TABLE}"
                    f" JOIN matching_document d ON d.id = {FTS_TABLE}.rowid"
                    f" WHERE {FTS_TABLE} MATCH %s AND d.kind = %s ORDER BY 2 DESC LIMIT %s",
                    [" OR ".join(f'"{term}"' for term in chosen), self.kind, DATABASE_LIMIT],
                )
            found = cursor.fetchall()
        if found:
            pks = np.array([row[0] for row in found], dtype=np.int64)
            values = np.array([row[1] for row in found], dtype=np.float32)
            where = np.searchsorted(self._sorted, pks)
            known = (where < self.size) & (self._sorted[np.minimum(where, self.size - 1)] == pks)
            scores[self._order[where[known]]] = values[known]
        return scores


Lexicon = MemoryLexicon | DatabaseLexicon

# The database side of the index, created by a migration. FTS5 reads the terms from
# ``matching_document`` (an external-content table), so they are stored once.
INDEX_SQL = {
    "sqlite": [
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title_terms, body_terms,"
        " content='matching_document', content_rowid='id',"
        " tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON matching_document BEGIN"
        f" INSERT INTO {FTS_TABLE}(rowid, title_terms, body_terms)"
        " VALUES (new.id, new.title_terms, new.body_terms); END",
        f"CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON matching_document BEGIN"
        f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_terms, body_terms)"
        " VALUES ('delete', old.id, old.title_terms, old.body_terms); END",
        f"CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE ON matching_document BEGIN"
        f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_terms, body_terms)"
        " VALUES ('delete', old.id, old.title_terms, old.body_terms);"
        f" INSERT INTO {FTS_TABLE}(rowid, title_terms, body_terms)"
        " VALUES (new.id, new.title_terms, new.body_terms); END",
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
    ],
    "postgresql": [
        "ALTER TABLE matching_document ADD COLUMN search_terms tsvector GENERATED ALWAYS AS"
        " (setweight(to_tsvector('simple', title_terms), 'A')"
        " || setweight(to_tsvector('simple', body_terms), 'B')) STORED",
        "CREATE INDEX matching_document_search_terms ON matching_document USING gin (search_terms)",
    ],
}
DROP_SQL = {
    "sqlite": [
        *(f"DROP TRIGGER {FTS_TABLE}_{event}" for event in ("insert", "delete", "update")),
        f"DROP TABLE {FTS_TABLE}",
    ],
    "postgresql": ["ALTER TABLE matching_document DROP COLUMN search_terms"],
}
