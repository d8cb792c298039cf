"""Swedish-aware text analysis, shared by the matching engine and the people search.

A word becomes *terms*: its Swedish and English Snowball stems, folded so that å/ä/ö and a/o meet
("Äldreomsorgen" and "aldreomsorg" share "aldreomsorg"). Long Swedish compounds are also split
into their parts when the parts are known words, so "kompetensförsörjning" adds "kompetens" and
"försörjning" and meets a text that uses either. What counts as a known word is a vocabulary (a
document's own words, or for a query the words of every indexed text) plus a list of common
Swedish word parts shipped with the product (``data/compound_parts.txt``), so splitting needs no
dictionary download.

A Snowball stemmer keeps the word it is working on in the stemmer object, so one stemmer shared by
the web server's threads mixes up their words (wrong stems, ``IndexError``). Every thread gets its
own pair of stemmers; the caches only ever hold stems computed by one thread from start to end.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from samverkan.kernel.text import fold

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_COMPOUND = 8  # shorter words are rarely compounds worth splitting
MIN_PART = 3
_DATA = Path(__file__).with_name("data")


def _word_list(name: str) -> frozenset[str]:
    """Words separated by white space; ``#`` starts a comment."""
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(word.casefold() for line in lines for word in line.split("#")[0].split())


STOP_WORDS = _word_list("stop_words.txt")
COMPOUND_PARTS = _word_list("compound_parts.txt")


class _Stemmers(threading.local):
    """The calling thread's own Swedish and English stemmers, made on its first use."""

    def __init__(self) -> None:
        self.swedish = snowballstemmer.stemmer("swedish")
        self.english = snowballstemmer.stemmer("english")


_stemmers = _Stemmers()


def words(text: str) -> list[str]:
    """Lower-case words of two letters or more, stop words removed."""
    return [
        word for word in WORD.findall(text.casefold()) if len(word) > 1 and word not in STOP_WORDS
    ]


@lru_cache(maxsize=200_000)
def stems(word: str) -> tuple[str, ...]:
    """The Swedish and English stems of a lower-case word, folded."""
    stemmers = _stemmers
    found = {stemmers.swedish.stemWord(word), stemmers.english.stemWord(word)}
    return tuple(sorted({fold(stem) for stem in found if stem}))


class Analyzer:
    """Turns text into terms, splitting compounds against a vocabulary of known words."""

    def __init__(self, vocabulary: dict[str, int] | None = None) -> None:
        self.vocabulary: dict[str, int] = dict(vocabulary or {})
        for part in COMPOUND_PARTS:
            self.vocabulary.setdefault(part, 1)
        stem = _stemmers.swedish.stemWord  # this thread's stemmer, used right here
        self._known_stems = {stem(word) for word in self.vocabulary} | set(self.vocabulary)
        self._cache: dict[str, tuple[str, ...]] = {}

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Analyzer:
        """An analyzer whose vocabulary is the words of ``texts`` with their document counts."""
        counts: dict[str, int] = {}
        for text in texts:
            for word in set(words(text)):
                counts[word] = counts.get(word, 0) + 1
        return cls(counts)

    def known(self, word: str) -> bool:
        return word in self.vocabulary or _stemmers.swedish.stemWord(word) in self._known_stems

    def frequency(self, word: str) -> int:
        return self.vocabulary.get(word, 1)

    def split(self, word: str, depth: int = 0) -> list[str] | None:
        """The parts of a compound, best split first by how common its parts are, or ``None``.

        A linking "s" (kompetens|försörjning, arbets|miljö) is allowed between parts.
        """
        if len(word) < MIN_COMPOUND or depth > 2:
            return None
        best: tuple[float, list[str]] | None = None
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            heads = [head]
            if head.endswith("s") and len(head) > MIN_PART + 1:
                heads.append(head[:-1])
            known_head = next((h for h in heads if self.known(h)), None)
            if known_head is None:
                continue
            if self.known(tail):
                parts = [known_head, tail]
            else:
                rest = self.split(tail, depth + 1)
                if rest is None:
                    continue
                parts = [known_head, *rest]
            score = sum(math.log1p(self.frequency(part)) for part in parts) / len(parts)
            if best is None or score > best[0]:
                best = (score, parts)
        return best[1] if best else None

    def word_terms(self, word: str) -> tuple[str, ...]:
        """The terms of one word: its stems, then the stems of its compound parts."""
        cached = self._cache.get(word)
        if cached is None:
            found = list(stems(word))
            for part in self.split(word) or ():
                found.extend(stem for stem in stems(part) if len(stem) >= MIN_PART)
            cached = self._cache[word] = tuple(dict.fromkeys(found))
        return cached

    def terms(self, text: str) -> list[str]:
        result: list[str] = []
        for word in words(text):
            result.extend(self.word_terms(word))
        return result

    def term_words(self, text: str) -> dict[str, str]:
        """Each term of ``text`` with the first word it came from, to explain a match in the
        reader's own words."""
        found: dict[str, str] = {}
        for word in words(text):
            for term in self.word_terms(word):
                found.setdefault(term, word)
        return found
