"""``match(text)``: ranked experts, offerings and collaborations for a need, each with its reasons.

The one public path to the ranking: the search page, the API, the command line, the needs flow
and the evaluation all call :func:`match`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.accounts.roles import is_coordinator
from samverkan.kernel import searchable
from samverkan.kernel.analysis import stems, words
from samverkan.kernel.searchable import SENTENCE_END, Audience, Result
from samverkan.kernel.text import guess_language

from . import embeddings
from .engine import CANDIDATES, WEIGHTS, Engine, KindIndex, Weights, current, zscores
from .goals import Pool, suggest
from .models import Document
from .timing import Stopwatch

AnyUser = User | AnonymousUser
MATCH_KINDS = searchable.MATCHED
MAX_TEXT = 10_000
MAX_TOP = 100
MAX_TERMS_SHOWN = 6
CLEARLY_CLOSE = 1.5  # z-score of the dense similarity: about the closest tenth of a kind
MIN_SHOWN_TERM = 3
# A shared word in more than this part of a kind's documents is no reason to show (from
# COMMON_MIN_DOCUMENTS documents on); it still counts in the ranking.
COMMON_SHARE = 0.2
COMMON_MIN_DOCUMENTS = 20
# Words a need is full of ("kommunen", "behöver") whatever the index holds.
NO_REASON_TERMS = frozenset(
    stem
    for line in (Path(__file__).parent / "data" / "no_reason_words.txt").read_text().splitlines()
    for word in line.split("#")[0].split()
    for stem in stems(word.casefold())
)
TOPIC_KEYWORDS = 3
TOPIC_WORDS = 2  # shared words fill the topic up to this many
# Shown to people: at least this share of the best score of the kind, and a suggestion with at
# most one shared word at least the larger share (chosen on the development set, docs/matching.md).
SHOWN_SHARE = 0.55
ONE_WORD_SHARE = 0.7


class MatchError(ValueError):
    """The request cannot be matched (empty text, unknown kind); the message is for the user."""


@dataclass(frozen=True)
class Query:
    """A need or search text, prepared once for every kind."""

    text: str
    truncated: bool
    terms: list[str]
    words: dict[str, str]
    vector: np.ndarray | None
    # The stems of the words the reader wrote, without their compound parts: what a reason shows.
    written: frozenset[str] = frozenset()
    goals: frozenset[int] = frozenset()
    forms: frozenset[str] = frozenset()
    counties: frozenset[str] = frozenset()
    language: str = "sv"
    # Whether any word of the text occurs in the indexed texts: a closeness in meaning alone is
    # no evidence for a text made only of unknown words ("xyzzy qwerty").
    familiar: bool = True


@dataclass(frozen=True)
class Filters:
    """Restrict results to objects with one of these goals, forms or counties (empty: any)."""

    goals: frozenset[int] = frozenset()
    forms: frozenset[str] = frozenset()
    counties: frozenset[str] = frozenset()
    # Only objects with evidence of their own: a shared term or a clearly close meaning. Ranking
    # for a need wants the best whatever; a search page wants an honest count.
    evident_only: bool = False
    # Also what its kind no longer counts as current (``SearchSource.current``: a held
    # activity): a search page lists what has been, a need is suggested what can still help.
    past_too: bool = False

    def mask(self, index: KindIndex) -> np.ndarray:
        keep = np.ones(len(index), dtype=bool)
        for wanted, values in (
            (self.goals, index.goals),
            (self.forms, index.forms),
            (self.counties, index.counties),
        ):
            if wanted:
                keep &= np.fromiter((bool(v & wanted) for v in values), bool, len(index))
        return keep


@dataclass
class Matches:
    results: list[Result]
    truncated: bool
    mode: str
    # Per kind: how many were found and may be seen (at most the candidates ranked per kind).
    total: dict[str, int] = field(default_factory=dict)


def prepare(
    engine: Engine,
    text: str,
    goals: frozenset[int] | None = None,
    forms: frozenset[str] = frozenset(),
    counties: frozenset[str] = frozenset(),
) -> Query:
    """The query's terms, vector and structured signals; without ``goals`` given, the goals the
    text is suggested to address (sharing the query vector, so the model runs once)."""
    text = " ".join(text.split())
    if not text:
        raise MatchError(_("Write a few words about what you are looking for."))
    truncated = len(text) > MAX_TEXT
    text = text[:MAX_TEXT]
    vector = embeddings.query_vector(text) if engine.dense else None
    if goals is None:
        # Without the neighbours' votes: they would scan every labelled vector a second time
        # for a signal that only nudges the ranking (see docs/matching.md).
        goals = frozenset(goal for goal, _score in suggest(text, Pool.empty()).goals)
    return Query(
        text=text,
        truncated=truncated,
        terms=engine.analyzer.terms(text),
        words=engine.analyzer.term_words(text),
        vector=vector,
        written=frozenset(stem for word in words(text) for stem in stems(word)),
        goals=goals,
        forms=forms,
        counties=counties,
        language=guess_language(text),
        familiar=any(engine.analyzer.known(word) for word in words(text)),
    )


def allowed_audience(user: AnyUser) -> int:
    if is_coordinator(user):
        return Audience.COORDINATORS
    if user.is_authenticated and user.is_active:
        return Audience.MEMBERS
    return Audience.EVERYONE


@dataclass
class Ranking:
    positions: np.ndarray
    scores: np.ndarray
    # Document pk -> the number of its closest sentence (its text is read for shown results only).
    closest: dict[int, int] = field(default_factory=dict)


def rank(
    index: KindIndex,
    query: Query,
    audience: int,
    weights: Weights = WEIGHTS,
    filters: Filters | None = None,
    timings: dict[str, float] | None = None,
) -> Ranking:
    """The best candidates of one kind (positions in the index) with their scores, best first
    (``timings``: see :func:`match`)."""
    clock = Stopwatch(timings)
    lexical = index.lexical(query.terms)
    clock.lap("lexical score")
    visible = index.audience <= audience
    if filters is not None:
        visible &= filters.mask(index)
    if query.vector is not None and index.dense:
        evident_only = filters is not None and filters.evident_only

        def keep(dense: np.ndarray) -> np.ndarray:
            if not evident_only:
                return visible
            return visible & ((lexical > 0) | ((dense >= CLEARLY_CLOSE) & query.familiar))

        words = weights.lexical * index.zscores(lexical)
        clock.lap("z-scores")
        dense = index.dense_zscores(query.vector, weights.dense, words, visible, audience, keep)
        clock.lap("dense scan")
        first = weights.dense * dense + words
        visible = keep(dense)
    else:
        first = index.zscores(lexical)
        visible &= lexical > 0  # without vectors, only a shared term is evidence
        clock.lap("z-scores")
    first = np.where(visible, first, -np.inf)
    count = int(visible.sum())
    if count == 0:
        return Ranking(np.array([], dtype=np.int64), np.array([], dtype=np.float32))
    top = np.argpartition(-first, min(CANDIDATES, count) - 1)[: min(CANDIDATES, count)]
    top = top[np.isfinite(first[top])]
    scores = first[top].astype(np.float32)
    scores += _structured(index, top, query, weights)
    clock.lap("candidates")
    closest: dict[int, int] = {}
    if query.vector is not None and index.dense:
        sentence_scores, closest = _closest_sentences(index, top, query.vector)
        scores += weights.sentence * zscores(sentence_scores, index.language[top])
        clock.lap("closest sentences")
    order = np.argsort(-scores, kind="stable")
    clock.lap("candidates")
    return Ranking(top[order], scores[order], closest)


def _structured(index: KindIndex, top: np.ndarray, query: Query, weights: Weights) -> np.ndarray:
    bonus = np.zeros(len(top), dtype=np.float32)
    for row, position in enumerate(top):
        if query.goals and index.goals[position] & query.goals:
            bonus[row] += weights.goals
        if query.forms and index.forms[position] & query.forms:
            bonus[row] += weights.forms
        if query.counties and index.counties[position] & query.counties:
            bonus[row] += weights.region
        if index.speaks[position] and query.language not in index.speaks[position]:
            bonus[row] -= weights.language
    return bonus


def _closest_sentences(
    index: KindIndex, top: np.ndarray, vector: np.ndarray
) -> tuple[np.ndarray, dict[int, int]]:
    """For each candidate: the best cosine of one of its sentences, and (by document pk) which
    sentence. Sentence vectors are read for the candidates only, which keeps memory small."""
    pks = [int(index.pks[position]) for position in top]
    stored = dict(Document.objects.filter(pk__in=pks).values_list("pk", "vectors"))
    best = np.zeros(len(top), dtype=np.float32)
    chosen: dict[int, int] = {}
    for row, pk in enumerate(pks):
        data = stored.get(pk)
        if not data:
            continue
        sims = np.frombuffer(data, dtype=np.float16).reshape(-1, embeddings.DIMENSIONS) @ vector
        if len(sims) > 1:
            closest = int(np.argmax(sims[1:])) + 1
            best[row] = sims[closest]
            chosen[pk] = closest - 1
        else:
            best[row] = sims[0]
    return best, chosen


def _sentences(closest: dict[int, int]) -> dict[int, str]:
    """The texts of the chosen sentences, by document pk, in one query for every kind."""
    if not closest:
        return {}
    rows = Document.objects.filter(pk__in=list(closest)).values_list("pk", "sentences")
    return {pk: sentences[closest[pk]] for pk, sentences in rows if closest[pk] < len(sentences)}


def match(
    text: str,
    kinds: list[str] | tuple[str, ...] = MATCH_KINDS,
    top: int = 10,
    user: AnyUser | None = None,
    goals: frozenset[int] | None = None,
    forms: frozenset[str] = frozenset(),
    counties: frozenset[str] = frozenset(),
    weights: Weights = WEIGHTS,
    filters: Filters | None = None,
    timings: dict[str, float] | None = None,
) -> Matches:
    """The ``top`` best objects of ``kinds`` for ``text``, best first, that ``user`` may see.

    ``goals``, ``forms`` and ``counties`` describe the asker (they raise objects that share them;
    the goals are suggested from the text unless given); ``filters`` leaves out everything else.
    ``timings``, when given, gets the seconds spent in each step added to it (the benchmark's
    breakdown); together the steps take all but a few microseconds of the call.
    """
    clock = Stopwatch(timings)
    unknown = [kind for kind in kinds if kind not in searchable.kinds()]
    if unknown:
        raise MatchError(_("Unknown kind: %(kinds)s") % {"kinds": ", ".join(unknown)})
    top = max(1, min(int(top), MAX_TOP))
    user = user or AnonymousUser()
    engine = current()
    clock.lap("index version")
    query = prepare(engine, text, goals, forms, counties)
    audience = allowed_audience(user)
    clock.lap("prepare")
    shown: list[tuple[KindIndex, str, int, float]] = []
    closest: dict[int, int] = {}
    total: dict[str, int] = {}
    for kind in kinds:
        index = engine.kinds.get(kind)
        if index is None or not len(index):
            continue
        ranking = rank(index, query, audience, weights, filters, timings)
        clock.restart()  # rank timed its own steps
        if filters is not None and filters.past_too:
            candidates = [int(index.object_ids[i]) for i in ranking.positions[: top * 3]]
        else:
            # A bounded look further down, so that past objects do not crowd out current ones.
            ranked = [int(index.object_ids[i]) for i in ranking.positions[: top * 10]]
            candidates = current_object_ids(kind, ranked)[: top * 3]
        visible = visible_object_ids(kind, user, candidates)
        kept = [
            (int(position), float(score))
            for position, score in zip(ranking.positions, ranking.scores, strict=True)
            if int(index.object_ids[position]) in visible
        ]
        total[kind] = len(kept)
        clock.lap("permission check")
        for position, score in kept[:top]:
            shown.append((index, kind, position, score))
            pk = int(index.pks[position])
            if pk in ranking.closest:
                closest[pk] = ranking.closest[pk]
    sentences = _sentences(closest)
    clock.lap("closest sentences")
    results = [
        _in_both_languages(
            explain(engine, index, kind, position, score, query, sentences), index, position
        )
        for index, kind, position, score in shown
    ]
    results.sort(key=lambda result: -result.score)
    clock.lap("explanations")
    return Matches(
        results=results if len(kinds) == 1 else results[:top],
        truncated=query.truncated,
        mode="hybrid" if query.vector is not None else "lexical",
        total=total,
    )


def _in_both_languages(result: Result, index: KindIndex, position: int) -> Result:
    """The result with its subtitle in both languages, for the needs flow, which stores it and
    shows it later to readers of either language."""
    result.subtitle_sv = index.subtitles[position]
    result.subtitle_en = index.subtitles_en[position]
    return result


def ranked(text: str, **options: object) -> list[Result]:
    """:func:`match` as the kernel's ``SearchEngine`` offers it to the domains: the results worth
    showing a person (the needs flow shows them to the submitter and the coordinator)."""
    return worth_showing(match(text, **options).results)


def worth_showing(results: list[Result]) -> list[Result]:
    """The results a person should see, in their order: a weak suggestion (far below the best of
    its kind, or resting on one shared word without being close to the best) costs the reader
    more than it helps. Each kind is judged against its own best, as each kind is shown under
    its own heading; a kind whose best score is not above average shows nothing."""
    best: dict[str, float] = {}
    for result in results:
        best[result.kind] = max(best.get(result.kind, result.score), result.score)
    return [
        result
        for result in results
        if best[result.kind] > 0
        and result.score
        >= best[result.kind] * (ONE_WORD_SHARE if len(result.terms) <= 1 else SHOWN_SHARE)
    ]


def explain(
    engine: Engine,
    index: KindIndex,
    kind: str,
    position: int,
    score: float,
    query: Query,
    closest: dict[int, str],
) -> Result:
    """The reasons a document was suggested: the query's terms it shares, in its own words; its
    closest sentence; shared goals and forms; the same county."""
    text = f"{index.titles[position]}\n{index.texts[position]}"
    document_words = engine.analyzer.term_words(text)
    # Compound parts help ranking but make poor reasons: "hemtjänsten" shares "tjänst" with
    # "tjänsten", which tells the reader nothing. A reason is a term of a whole word the reader
    # wrote ("kompetens" also shows "kompetensförsörjning"); short terms are never shown.
    shared = [
        document_words[term]
        for term in query.words
        if term in document_words
        and len(term) > MIN_SHOWN_TERM
        and term in query.written
        and term not in NO_REASON_TERMS
        and not _common(index, term)
    ]
    sentence = closest.get(int(index.pks[position]), "")
    if not sentence and shared:
        sentence = _sentence_with(index.texts[position], shared)
    shown: list[str] = []
    seen: set[str] = set()
    for word in shared:
        if not seen.intersection(stems(word)):
            shown.append(word)
            seen.update(stems(word))
    return Result(
        kind=kind,
        id=int(index.object_ids[position]),
        external_id=index.external_ids[position],
        title=index.titles[position],
        subtitle=index.subtitle(position),
        score=score,
        terms=shown[:MAX_TERMS_SHOWN],
        sentence=sentence,
        goals=sorted(index.goals[position] & query.goals),
        forms=sorted(index.forms[position] & query.forms),
        same_region=bool(index.counties[position] & query.counties),
        topic=_topic(engine, index.keywords[position], query, shown),
    )


def _common(index: KindIndex, term: str) -> bool:
    """A word in a large part of a kind's documents ("kommunen" in collaborations, "behöver" in
    needs) says nothing about why one of them was suggested; with few documents every word is
    in many, so the rule waits for enough of them."""
    return len(index) >= COMMON_MIN_DOCUMENTS and index.lexicon.share(term) > COMMON_SHARE


def _topic(engine: Engine, keywords: str, query: Query, shared: list[str]) -> list[str]:
    """What the object is about in a few of its own words: its keywords (an expert's research
    topics) that share a term with the query, then up to two words it shares with the query, the
    longest (the most specific) first: more shared words read as a list, not a topic."""
    wanted = set(query.terms) - NO_REASON_TERMS
    topic = [
        keyword.strip()
        for keyword in keywords.split(",")
        if wanted.intersection(engine.analyzer.terms(keyword))
    ][:TOPIC_KEYWORDS]
    covered = {stem for keyword in topic for word in words(keyword) for stem in stems(word)}
    for word in sorted(shared, key=len, reverse=True):
        if len(topic) < TOPIC_WORDS and not covered.intersection(stems(word)):
            topic.append(word)
            covered.update(stems(word))
    return topic


def _sentence_with(text: str, shared: list[str]) -> str:
    sentences = [s for s in SENTENCE_END.split(text.replace("\n", " ")) if s.strip()]
    if not sentences:
        return ""
    return max(sentences, key=lambda s: sum(word in s.casefold() for word in shared))


def current_object_ids(kind: str, ids: list[int]) -> list[int]:
    """Of ``ids``, in their order, those the kind counts as current now (all, for a kind without
    such a rule)."""
    rule = searchable.get(kind).current
    if rule is None or not ids:
        return ids
    current = rule(ids)
    return [pk for pk in ids if pk in current]


def visible_object_ids(kind: str, user: AnyUser, ids: list[int]) -> set[int]:
    """The live permission check: of ``ids``, those the user may see now (the kind's rule)."""
    if not ids:
        return set()
    return searchable.get(kind).visible(user, ids)
