"""The synthetic corpus: experts written from a topic vocabulary, their vectors, and need texts.

The texts come from ``scripts/bench_data/`` (experts.json: topics, sentence templates and names;
needs.json: realistic needs). Each expert's vectors are real embeddings of its topics'
descriptions plus noise, since embedding 50,000 real profiles would take hours.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "scripts" / "bench_data"
SWEDISH_SHARE = 0.7
DIMENSIONS = 384
# Noise added to a topic vector, as the length of the noise vector: whole texts stay close to their
# topics (cosine about 0.9), sentences wander further (about 0.8), as real embeddings do.
DOCUMENT_NOISE = 0.45
SENTENCE_NOISE = 0.7


@dataclass(frozen=True)
class Topic:
    """A research area: keywords, a description (embedded for the topic's vectors) and sentences
    only an expert of this area writes, each by language (``sv``, ``en``)."""

    name: str
    keywords: dict[str, list[str]]
    description: dict[str, str]
    sentences: dict[str, list[str]]


@dataclass(frozen=True)
class Corpus:
    topics: list[Topic]
    groups: dict[str, list[str]]
    methods: dict[str, list[str]]
    partners: dict[str, list[str]]
    generic_sentences: dict[str, list[str]]
    titles: list[dict[str, str]]
    first_names: list[str]
    last_names: list[str]
    forms: list[str]
    needs: list[str]
    english_openings: tuple[str, ...]
    # (municipality, county code) from the reference data shipped with the product.
    places: list[tuple[str, str]]


@cache
def corpus() -> Corpus:
    experts = json.loads((DATA / "experts.json").read_text(encoding="utf-8"))
    needs = json.loads((DATA / "needs.json").read_text(encoding="utf-8"))
    municipalities = ROOT / "samverkan" / "places" / "data" / "municipalities.json"
    places = [(item["name"], item["code"][:2]) for item in json.loads(municipalities.read_text())]
    return Corpus(
        topics=[Topic(**topic) for topic in experts.pop("topics")],
        **experts,
        needs=needs["needs"],
        english_openings=tuple(needs["english_openings"]),
        places=places,
    )


def fill(template: str, language: str, primary: Topic, other: Topic, rng: random.Random) -> str:
    words = corpus()
    keywords = primary.keywords[language] + other.keywords[language]
    return template.format(
        kw=rng.choice(primary.keywords[language]),
        kw2=rng.choice(keywords),
        group=rng.choice(words.groups[language]),
        place=rng.choice(words.places)[0],
        place2=rng.choice(words.places)[0],
        method=rng.choice(words.methods[language]),
        method2=rng.choice(words.methods[language]),
        partner=rng.choice(words.partners[language]),
        years=rng.randint(2, 20),
    )


class Expert:
    """One synthetic profile: what the index and the directory need of it."""

    __slots__ = (
        "audience",
        "body",
        "county",
        "forms",
        "goals",
        "heading",
        "keywords",
        "language",
        "name",
        "other",
        "primary",
        "sentence_topics",
        "sentences",
        "speaks",
    )

    def __init__(self, number: int, rng: random.Random) -> None:
        words = corpus()
        language = "sv" if rng.random() < SWEDISH_SHARE else "en"
        primary, other = rng.sample(range(len(words.topics)), 2)
        self.language = language
        self.primary, self.other = primary, other
        first, second = words.topics[primary], words.topics[other]
        self.name = f"{rng.choice(words.first_names)} {rng.choice(words.last_names)}-{number}"
        self.heading = rng.choice(words.titles)[language]
        keywords = rng.sample(first.keywords[language], 3) + rng.sample(
            second.keywords[language], rng.randint(1, 3)
        )
        self.keywords = ", ".join(keywords)
        sentences: list[str] = []
        topics: list[int] = []
        for text in rng.sample(first.sentences[language], min(2, len(first.sentences[language]))):
            sentences.append(text)
            topics.append(primary)
        sentences.append(rng.choice(second.sentences[language]))
        topics.append(other)
        for template in rng.sample(words.generic_sentences[language], rng.randint(3, 7)):
            sentences.append(fill(template, language, first, second, rng))
            topics.append(primary)
        order = list(range(len(sentences)))
        rng.shuffle(order)
        self.sentences = [sentences[i] for i in order]
        self.sentence_topics = [topics[i] for i in order]
        self.body = " ".join(self.sentences)
        self.county = rng.choice(words.places)[1]
        self.goals = sorted(rng.sample(range(1, 18), rng.randint(1, 3)))
        self.forms = sorted(rng.sample(words.forms, rng.randint(1, 3)))
        self.speaks = ["en", "sv"] if language == "sv" or rng.random() < 0.3 else ["en"]
        roll = rng.random()
        self.audience = 0 if roll < 0.85 else 1 if roll < 0.95 else 2  # public/members/coordinators


class TopicVectors:
    """Real embeddings of each topic's description, per language and role, as cluster centres."""

    def __init__(self) -> None:
        from samverkan.matching import embeddings

        texts = {
            (index, language): topic.description[language]
            for index, topic in enumerate(corpus().topics)
            for language in ("sv", "en")
        }
        keys = list(texts)
        whole = embeddings.encode([texts[key] for key in keys], "query")
        parts = embeddings.encode([texts[key] for key in keys], "passage")
        self.whole = {key: whole[row] for row, key in enumerate(keys)}
        self.parts = {key: parts[row] for row, key in enumerate(keys)}


def unit_noise(rng: np.random.Generator, rows: int, length: float) -> np.ndarray:
    return rng.standard_normal((rows, DIMENSIONS)).astype(np.float32) * (
        length / np.sqrt(DIMENSIONS)
    )


def normalised(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def expert_vectors(expert: Expert, centres: TopicVectors, rng: np.random.Generator) -> bytes:
    """float16 rows as the index stores them: the whole text, then one row per sentence."""
    language = expert.language
    whole = (
        0.75 * centres.whole[(expert.primary, language)]
        + 0.25 * centres.whole[(expert.other, language)]
    )[None, :] + unit_noise(rng, 1, DOCUMENT_NOISE)
    sentences = np.vstack([centres.parts[(topic, language)] for topic in expert.sentence_topics])
    sentences = sentences + unit_noise(rng, len(sentences), SENTENCE_NOISE)
    return normalised(np.vstack([whole, sentences])).astype(np.float16).tobytes()


class NeedTexts:
    """Realistic needs, each made unique by a varied clause so the query embedding cache (shared
    with other runs) never holds it: the model runs for every one of them."""

    def __init__(self) -> None:
        self.rng = random.Random()  # not seeded: texts must differ between runs
        self.seen: set[str] = set()

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        words = corpus()
        while True:
            need = self.rng.choice(words.needs)
            place = self.rng.choice(words.places)[0]
            people = self.rng.randint(2_500, 990_000)
            if need.startswith(words.english_openings):
                clause = f" We are {place} municipality, about {people} inhabitants."
            else:
                clause = f" Vi är {place} kommun med cirka {people} invånare."
            text = need + clause
            if text not in self.seen:
                self.seen.add(text)
                return text


def cycle(texts: list[str]) -> Iterator[str]:
    while True:
        yield from texts
