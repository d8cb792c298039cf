"""Which Global Goals, and where it is clear which targets, a Swedish or English text addresses.

Two kinds of evidence are combined into one score per goal:

- lexical: the Aurora keyword queries (English, see :mod:`samverkan.matching.aurora`) and the
  project's keyword stems (``data/goal_keywords.json``, mainly Swedish), counted per goal;
- dense (when :func:`samverkan.matching.embeddings.available`): the cosine between the text and the
  Swedish and English goal and target texts. The e5 cosines all sit in a narrow band, so a goal's
  dense evidence is its z-score among the 17 goals, never an absolute value;
- neighbours (dense mode): the goals of the most similar content already on the platform (expert
  profiles, offerings and collaborations that carry goals), because how people here label their
  own work says more about the local meaning of a goal than the UN wording does.

Which goals are returned is decided by a :class:`Rule` per mode, tuned on half of the development
set by ``scripts/eval_sdg.py --tune``. Scores are on a logistic scale on which the cut-off is 0.5.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np
from django.utils.translation import gettext as _

from samverkan.kernel.translation import active_language
from samverkan.sdg.reference import goal_rows, target_rows

from . import aurora, embeddings, vectorindex
from .engine import Engine, current

KEYWORDS = Path(__file__).resolve().parent / "data" / "goal_keywords.json"
GOALS = range(1, 18)
# Characters of a text used for keyword matching; the embedding reads even less (MAX_CHARS there).
MAX_CHARS = 20_000
# Weight of the goal's own text against its best target in the dense evidence.
GOAL_TEXT_WEIGHT = 0.7
# How far (in cosine) a goal's best target must lead the goal's next one to stand out on its own:
# about the top tenth of the leads seen for the goals suggested on the development set.
TARGET_LEAD = 0.015
# Share of its goal's score that a target keeps when only the lead or only an Aurora line backs it.
ONE_SIDED = 0.8
# How many of the most similar labelled documents vote, and the weight of their votes (the share of
# neighbours carrying a goal, scaled to the z-scores of the dense evidence).
NEIGHBOURS = 5
NEIGHBOUR_WEIGHT = 3.0
# A neighbour this similar is the text itself (a profile asking about its own goals).
SAME_TEXT = 0.9999

Mode = Literal["dense", "lexical"]


@dataclass(frozen=True)
class Rule:
    """How evidence becomes goals: ``score = dense + lexical_weight * lexical``; a goal is kept when
    its score reaches ``threshold`` and lies within ``margin`` of the best, at most ``most``."""

    lexical_weight: float
    threshold: float
    margin: float
    most: int


# Tuned on the even-numbered lines of eval/data/matching-dev/experts.jsonl (scripts/eval_sdg.py).
RULES: dict[Mode, Rule] = {
    "dense": Rule(lexical_weight=2.0, threshold=2.8, margin=99.0, most=3),
    "lexical": Rule(lexical_weight=1.0, threshold=0.1, margin=1.0, most=3),
}


@dataclass(frozen=True)
class Suggestion:
    goals: list[tuple[int, float]]  # (goal number, score), best first
    targets: list[tuple[str, float]]  # (target code, score), only where the evidence stands out
    truncated: bool
    mode: Mode


@dataclass(frozen=True)
class Pool:
    """Labelled documents to learn from: unit vectors (one row each) and their goals."""

    vectors: np.ndarray
    goals: list[frozenset[int]]

    @classmethod
    def empty(cls) -> Pool:
        return cls(np.zeros((0, embeddings.DIMENSIONS), dtype=np.float32), [])

    def votes(self, query: np.ndarray) -> np.ndarray:
        """Per goal, the share of the nearest neighbours that carry it."""
        result = np.zeros(len(GOALS))
        if not len(self.goals):
            return result
        similarities = self.vectors @ query
        similarities[similarities >= SAME_TEXT] = -np.inf
        nearest = np.argsort(-similarities)[:NEIGHBOURS]
        for index in nearest:
            if np.isfinite(similarities[index]):
                for goal in self.goals[index]:
                    result[goal - 1] += 1
        return result / NEIGHBOURS


_pools: dict[str, Pool] = {}


def platform_pool() -> Pool:
    """The labelled documents of the search index (experts, offerings, collaborations), gathered
    once per index version."""
    engine = current()
    if engine.version not in _pools:
        _pools.clear()
        _pools[engine.version] = _gather(engine)
    return _pools[engine.version]


def _gather(engine: Engine) -> Pool:
    vectors, goals = [], []
    for index in engine.kinds.values():
        if not index.dense:
            continue
        labelled = [i for i, found in enumerate(index.goals) if found]
        if index.vectors is not None:
            vectors.append(index.vectors[labelled])
        else:  # searched with pgvector: only the labelled documents' vectors are read
            vectors.append(vectorindex.whole_texts([int(index.pks[i]) for i in labelled]))
        goals.extend(index.goals[i] for i in labelled)
    matrix = np.vstack(vectors) if vectors else np.zeros((0, embeddings.DIMENSIONS))
    return Pool(matrix, goals)


@dataclass(frozen=True)
class Evidence:
    """Everything :func:`decide` needs, so a rule can be tuned without recomputing it."""

    lexical: np.ndarray  # per goal: log(1 + matching Aurora lines and keyword stems)
    dense: np.ndarray | None  # per goal: z-score among the goals, None in lexical mode
    target_cosines: dict[str, float]  # per target code, dense mode only
    target_hits: frozenset[str]  # targets named by a matching Aurora query line
    truncated: bool

    @property
    def mode(self) -> Mode:
        return "lexical" if self.dense is None else "dense"


def short_title(goal: int, language: str) -> str:
    row = goal_rows()[goal - 1]
    return row["short_sv"] if language.startswith("sv") else row["short_en"]


@cache
def _keyword_patterns() -> dict[int, tuple[tuple[str, re.Pattern[str]], ...]]:
    """One pattern per stem (see the file's ``about``), compiled once per process, with the
    stem's first word: a text without that word cannot match, and looking for a word is far
    cheaper than running a pattern."""
    data = json.loads(KEYWORDS.read_text(encoding="utf-8"))
    patterns: dict[int, list[tuple[str, re.Pattern[str]]]] = {goal: [] for goal in GOALS}
    for language in ("sv", "en"):
        for goal, stems in data[language].items():
            for stem in stems:
                inside = stem.startswith("*")
                folded = stem.lstrip("*").casefold()
                body = re.escape(folded).replace(r"\ ", r"[\s-]+")
                pattern = re.compile(body if inside else rf"(?<!\w){body}")
                patterns[int(goal)].append((folded.split(" ")[0], pattern))
    return {goal: tuple(found) for goal, found in patterns.items()}


@cache
def _passages() -> tuple[np.ndarray, list[int], np.ndarray, list[str]]:
    """Goal and target vectors (both languages), embedded once and kept for the process.

    Returns goal vectors with their goal numbers and target vectors with their codes; the texts
    never change, so the embedding store always finds them after the first run."""
    goal_texts, goal_owners = [], []
    for row in goal_rows():
        for language in ("sv", "en"):
            title, short = row[f"title_{language}"], row[f"short_{language}"]
            goal_texts.append(f"{short}. {title}. {row[f'description_{language}']}")
            goal_owners.append(row["number"])
    target_texts, target_owners = [], []
    for row in target_rows():
        for language in ("sv", "en"):
            target_texts.append(row[f"title_{language}"])
            target_owners.append(row["code"])
    vectors = embeddings.passage_vectors([*goal_texts, *target_texts])
    split = len(goal_texts)
    return vectors[:split], goal_owners, vectors[split:], target_owners


def _lexical(text: str) -> tuple[np.ndarray, frozenset[str]]:
    counts = np.zeros(len(GOALS))
    targets = set()
    for query in aurora.matching_queries(text):
        counts[query.goal - 1] += 1
        if query.target:
            targets.add(query.target)
    folded = text.casefold()
    for goal, patterns in _keyword_patterns().items():
        counts[goal - 1] += sum(
            1 for word, pattern in patterns if word in folded and pattern.search(folded)
        )
    return np.log1p(counts), frozenset(targets)


def _dense(text: str) -> tuple[np.ndarray, dict[str, float]]:
    goal_vectors, goal_owners, target_vectors, target_owners = _passages()
    query = embeddings.query_vector(text)
    goal_best = np.full(len(GOALS), -1.0)
    for owner, cosine in zip(goal_owners, goal_vectors @ query, strict=True):
        goal_best[owner - 1] = max(goal_best[owner - 1], cosine)
    targets: dict[str, float] = {}
    for code, cosine in zip(target_owners, target_vectors @ query, strict=True):
        targets[code] = max(targets.get(code, -1.0), float(cosine))
    target_best = np.full(len(GOALS), -1.0)
    for code, cosine in targets.items():
        goal = int(code.split(".")[0])
        target_best[goal - 1] = max(target_best[goal - 1], cosine)
    combined = GOAL_TEXT_WEIGHT * goal_best + (1 - GOAL_TEXT_WEIGHT) * target_best
    spread = combined.std() or 1.0
    return (combined - combined.mean()) / spread, targets


def evidence(text: str, pool: Pool | None = None) -> Evidence:
    """The evidence for every goal; raises ``ValueError`` for a text without content. ``pool``
    defaults to the platform's own labelled documents."""
    if not text or not text.strip():
        raise ValueError(_("The text is empty: write what the work is about."))
    truncated = len(text) > MAX_CHARS
    text = text[:MAX_CHARS]
    lexical, hits = _lexical(text)
    if not embeddings.available():
        return Evidence(lexical, None, {}, hits, truncated)
    dense, target_cosines = _dense(text)
    neighbours = (pool or platform_pool()).votes(embeddings.query_vector(text))
    return Evidence(lexical, dense + NEIGHBOUR_WEIGHT * neighbours, target_cosines, hits, truncated)


def decide(found: Evidence, rule: Rule) -> list[tuple[int, float]]:
    """The goals the rule keeps, best first, each with its logistic score (0.5 at the cut-off)."""
    scores = rule.lexical_weight * found.lexical
    if found.dense is not None:
        scores = scores + found.dense
    best = float(scores.max())
    kept = [
        (goal, float(scores[goal - 1]))
        for goal in sorted(GOALS, key=lambda goal: -scores[goal - 1])
        if scores[goal - 1] >= rule.threshold and scores[goal - 1] >= best - rule.margin
    ][: rule.most]
    return [(goal, 1 / (1 + math.exp(rule.threshold - score))) for goal, score in kept]


def _targets(found: Evidence, goals: list[tuple[int, float]]) -> list[tuple[str, float]]:
    """At most one target per suggested goal, and only where it is clearly the one meant.

    With vectors: the goal's closest target when it leads the next by :data:`TARGET_LEAD` or an
    Aurora line names it. Without: the target when it is the only one of the goal that the Aurora
    lines name. The score is the goal's, lowered by :data:`ONE_SIDED` when only one kind of evidence
    speaks for the target."""
    chosen: list[tuple[str, float]] = []
    for goal, score in goals:
        prefix = f"{goal}."
        named = sorted(code for code in found.target_hits if code.startswith(prefix))
        if found.dense is None:
            if len(named) == 1:
                chosen.append((named[0], score * ONE_SIDED))
            continue
        ranked = sorted(
            (
                (cosine, code)
                for code, cosine in found.target_cosines.items()
                if code.startswith(prefix)
            ),
            reverse=True,
        )
        (first, code), (second, _code) = ranked[0], ranked[1]
        leads = first - second >= TARGET_LEAD
        if leads and code in named:
            chosen.append((code, score))
        elif leads or code in named:
            chosen.append((code, score * ONE_SIDED))
    return sorted(chosen, key=lambda item: -item[1])


def suggest(text: str, pool: Pool | None = None) -> Suggestion:
    """The goals (and clear targets) ``text`` addresses; ``ValueError`` on an empty text."""
    found = evidence(text, pool)
    goals = decide(found, RULES[found.mode])
    return Suggestion(goals, _targets(found, goals), found.truncated, found.mode)


def goal_scores(text: str) -> list[tuple[int, float]]:
    """:func:`suggest` as the kernel's ``SearchEngine`` offers it to the domains: the goals."""
    return list(suggest(text).goals)


def goal_names(numbers: Iterable[int]) -> dict[int, str]:
    """The goals' short names in the active language, for explanations: from the shipped
    reference data, so explaining a list of results costs no query."""
    field = "short_en" if active_language() == "en" else "short_sv"
    wanted = set(numbers)
    return {row["number"]: row[field] for row in goal_rows() if row["number"] in wanted}
