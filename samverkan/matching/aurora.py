"""The Aurora SDG keyword queries (``data/aurora``), parsed and run against plain text.

The queries are written for Scopus ``TITLE-ABS-KEY`` searches. This module reads them with a small
parser of its own and evaluates them on one text instead of a bibliographic database:

- A quoted string is a phrase of words; ``*`` at the end of a word matches any ending.
  Words are runs of letters and digits, so ``"non-native"`` is the phrase ``non native``.
- Operators follow Scopus precedence: ``OR`` binds tightest, then ``W/n``, then ``AND``, then
  ``AND NOT``.
- ``A W/n B`` holds where a match of ``A`` and one of ``B`` lie at most ``n`` words apart, in either
  order (as in Scopus). ``AND`` and ``AND NOT`` look at the whole text, which stands in for a
  record's title, abstract and keywords.

The field and date filters of the files are ignored. Each query line is one piece of evidence for a
goal and, when its subquery names one, for a target (``13.2``); subquery ``0`` is about the goal.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

DIRECTORY = Path(__file__).resolve().parent / "data" / "aurora"
_NS = {
    "aqd": "http://aurora-network.global/queries/namespace/",
    "dc": "http://dublincore.org/documents/dcmi-namespace/",
}
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r'"[^"]*"|\(|\)|W/\d+|AND|OR|NOT')

Span = tuple[int, int]  # first and last word position of a match


class QueryError(ValueError):
    """A query line that the parser cannot read."""


class Document:
    """A text as words with their positions, for fast phrase and prefix look-ups."""

    def __init__(self, text: str) -> None:
        self.positions: dict[str, list[int]] = defaultdict(list)
        for position, match in enumerate(_WORD.finditer(text.casefold())):
            self.positions[match.group()].append(position)
        self.vocabulary = sorted(self.positions)

    def word_positions(self, word: str, prefix: bool) -> set[int]:
        if not prefix:
            return set(self.positions.get(word, ()))
        found: set[int] = set()
        index = bisect_left(self.vocabulary, word)
        while index < len(self.vocabulary) and self.vocabulary[index].startswith(word):
            found.update(self.positions[self.vocabulary[index]])
            index += 1
        return found


@dataclass(frozen=True)
class Phrase:
    words: tuple[tuple[str, bool], ...]  # (word, ends with a wildcard)

    def spans(self, document: Document) -> list[Span]:
        if not self.words:
            return []
        starts = document.word_positions(*self.words[0])
        for offset, word in enumerate(self.words[1:], 1):
            if not starts:
                break
            following = document.word_positions(*word)
            starts = {start for start in starts if start + offset in following}
        return [(start, start + len(self.words) - 1) for start in sorted(starts)]

    def anchors(self) -> frozenset[tuple[str, bool]]:
        return frozenset(self.words[:1])


@dataclass(frozen=True)
class Operation:
    operator: str  # "OR", "AND", "AND NOT" or "W/n"
    left: Node
    right: Node

    def spans(self, document: Document) -> list[Span]:
        left = self.left.spans(document)
        if self.operator == "OR":
            return sorted(set(left) | set(self.right.spans(document)))
        if not left:
            return []
        right = self.right.spans(document)
        if self.operator == "AND":
            return sorted(set(left) | set(right)) if right else []
        if self.operator == "AND NOT":
            return [] if right else left
        distance = int(self.operator[2:])
        return sorted(
            {
                (min(a[0], b[0]), max(a[1], b[1]))
                for a in left
                for b in right
                if max(a[0], b[0]) - min(a[1], b[1]) - 1 <= distance
            }
        )

    def anchors(self) -> frozenset[tuple[str, bool]]:
        """Words of which the text must hold at least one for the query to find it: either side
        of an ``OR``, the left side of anything else (which needs its left side)."""
        if self.operator == "OR":
            return self.left.anchors() | self.right.anchors()
        return self.left.anchors()


Node = Phrase | Operation
# Loosest first: each level splits on its operator and hands the parts to the next level.
_LEVELS = ("AND NOT", "AND", "W/", "OR")


def parse(query: str) -> Node:
    """The query as a tree; raises :class:`QueryError` on anything it cannot read."""
    tokens = _tokens(query)
    node, end = _parse_level(tokens, 0, 0)
    if end != len(tokens):
        raise QueryError(f"Unexpected {tokens[end]!r} in query: {query.strip()[:80]}")
    return node


def _tokens(query: str) -> list[str]:
    rest = _TOKEN.sub(" ", query).strip()
    if rest:
        raise QueryError(f"Unexpected text {rest[:40]!r} in query")
    tokens: list[str] = []
    for token in _TOKEN.findall(query):
        if token == "NOT" and tokens and tokens[-1] == "AND":
            tokens[-1] = "AND NOT"
        else:
            tokens.append(token)
    return tokens


def _parse_level(tokens: list[str], position: int, level: int) -> tuple[Node, int]:
    if level == len(_LEVELS):
        return _parse_primary(tokens, position)
    node, position = _parse_level(tokens, position, level + 1)
    while position < len(tokens) and _operator_of_level(tokens[position], level):
        operator = tokens[position]
        right, position = _parse_level(tokens, position + 1, level + 1)
        node = Operation(operator, node, right)
    return node, position


def _operator_of_level(token: str, level: int) -> bool:
    symbol = _LEVELS[level]
    return token.startswith(symbol) if symbol == "W/" else token == symbol


def _parse_primary(tokens: list[str], position: int) -> tuple[Node, int]:
    if position >= len(tokens):
        raise QueryError("The query ends too early")
    token = tokens[position]
    if token == "(":
        node, position = _parse_level(tokens, position + 1, 0)
        if position >= len(tokens) or tokens[position] != ")":
            raise QueryError("Missing closing parenthesis")
        return node, position + 1
    if token.startswith('"'):
        words = tuple(
            (match.group(1).casefold(), bool(match.group(2)))
            for match in re.finditer(r"(\w+)(\*?)", token[1:-1])
        )
        return Phrase(words), position + 1
    raise QueryError(f"Unexpected {token!r}")


@dataclass(frozen=True)
class Query:
    goal: int
    target: str | None  # "13.2", or None for the goal as a whole
    tree: Node


@cache
def queries() -> tuple[Query, ...]:
    """Every query line of the 17 files, parsed once per process."""
    found: list[Query] = []
    for path in sorted(DIRECTORY.glob("query_SDG*.xml")):
        root = ElementTree.parse(path).getroot()
        goal = int(root.findtext("dc:identifier[@type='sdg']", namespaces=_NS))
        for definition in root.iter(f"{{{_NS['aqd']}}}query-definition"):
            uri = definition.findtext("dc:identifier[@type='uri']", "", _NS)
            code = uri.rstrip("/").rsplit("/", 1)[-1]
            target = None if code.endswith(".0") or "." not in code else code
            for line in definition.iter(f"{{{_NS['aqd']}}}query-line"):
                found.append(Query(goal, target, parse(line.text or "")))
    return tuple(found)


@cache
def _anchor_index() -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """The query lines (by position in :func:`queries`) under each of their anchor words: whole
    words, and words ending in a wildcard (looked up by every beginning of a text's words)."""
    whole: dict[str, list[int]] = defaultdict(list)
    beginnings: dict[str, list[int]] = defaultdict(list)
    for number, query in enumerate(queries()):
        for word, prefix in query.tree.anchors():
            (beginnings if prefix else whole)[word].append(number)
    return dict(whole), dict(beginnings)


def matching_queries(text: str) -> list[Query]:
    """The query lines that find ``text``. Only lines with one of their anchor words in the text
    are evaluated: a dictionary look-up per word rules out almost all of the thousands of lines."""
    document = Document(text)
    whole, beginnings = _anchor_index()
    candidates: set[int] = set()
    for word in document.vocabulary:
        candidates.update(whole.get(word, ()))
        for end in range(1, len(word) + 1):
            candidates.update(beginnings.get(word[:end], ()))
    every = queries()
    return [every[number] for number in sorted(candidates) if every[number].tree.spans(document)]
