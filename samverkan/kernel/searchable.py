"""What the platform makes searchable: the interface between the domains and the search engine.

A domain app describes each kind of searchable object once, as a :class:`SearchSource` in its own
``search_sources.py``, and registers it from its ``AppConfig.ready()``; its ``build`` turns objects
into :class:`Source` records. The search engine (``samverkan.matching``) reads the registry to
index, rank, check permissions and link hits, and listens to :data:`documents_changed`, which the
receivers connected here send whenever a registered model (or a dependency, or a linked
many-to-many field) changes. The interface lives in the kernel so that the domains, below the
engine, depend on nothing above them, and adding a kind needs no edit in the engine.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .richtext import plain_text
from .text import guess_language
from .translation import active_language

AnyUser = AbstractBaseUser | AnonymousUser
# Kinds are stored (``Document.kind``, 20 characters) and written into SQL (``vectorindex``).
KIND_NAME = re.compile(r"[a-z][a-z0-9_]{0,19}")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"'(])|\s*\n\s*")
MAX_SENTENCES = 12

# Sent with ``kind`` and ``ids`` when the documents of those objects have to be built again.
documents_changed = Signal()
# How an explanation opens for a kind that says nothing of its own ("%(topic)s": what it is about).
DEFAULT_LEAD = _("Works with %(topic)s")


class Audience(models.IntegerChoices):
    """Who may find the object: checked again against the live rules before anything is shown."""

    EVERYONE = 0, _("Everyone")
    MEMBERS = 1, _("Logged-in users")
    COORDINATORS = 2, _("Coordinators")


@dataclass
class Source:
    """The indexable content of one object."""

    kind: str
    object_id: int
    title: str
    body: str
    external_id: str = ""
    heading: str = ""
    # Shown under the title, in Swedish and in English (empty: the Swedish one serves both).
    subtitle: str = ""
    subtitle_en: str = ""
    keywords: str = ""
    goals: list[int] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    counties: list[str] = field(default_factory=list)
    speaks: list[str] = field(default_factory=list)
    audience: int = Audience.EVERYONE

    @property
    def language(self) -> str:
        return guess_language(f"{self.title} {self.body}")

    @property
    def full_text(self) -> str:
        """The text embedded as a whole: the heading (a person's title rather than their name),
        keywords, then the body."""
        parts = (self.heading or self.title, self.keywords, self.body)
        return ". ".join(part for part in parts if part)

    @property
    def sentences(self) -> list[str]:
        """The body's sentences (the first few), embedded one by one to find the closest one."""
        return [s.strip() for s in SENTENCE_END.split(self.body) if len(s.strip()) > 20][
            :MAX_SENTENCES
        ]

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()


def both(sv: str, en: str) -> str:
    """Swedish and English versions of a text (rich text as plain), once each, so either language
    finds it."""
    parts = (plain_text(part) for part in (sv, en))
    return "\n".join(dict.fromkeys(part for part in parts if part))


@dataclass
class Result:
    kind: str
    id: int
    external_id: str
    title: str
    subtitle: str
    score: float
    terms: list[str] = field(default_factory=list)
    sentence: str = ""
    goals: list[int] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    same_region: bool = False
    # What the object is about, in its own words (its keywords or words it shares with the text).
    topic: list[str] = field(default_factory=list)
    # ``subtitle`` is in the language active when the result was made; both are kept for those
    # who store the result and show it later, perhaps to a reader of the other language.
    subtitle_sv: str = ""
    subtitle_en: str = ""

    @property
    def localized_subtitle(self) -> str:
        """The subtitle in the active language (the one it was made with when both are unknown,
        as in suggestions kept before they were stored)."""
        if not (self.subtitle_sv or self.subtitle_en):
            return self.subtitle
        english = active_language() == "en" and self.subtitle_en
        return english or self.subtitle_sv or self.subtitle_en

    @property
    def explanation(self) -> str:
        """Why it was suggested, as one sentence in the active language (goal names from the
        installed engine, as the kernel knows no goals)."""
        return describe(self, engine().goal_names(self.goals))

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "id": self.id,
            "external_id": self.external_id,
            "title": self.title,
            "subtitle": self.subtitle,
            "score": round(self.score, 4),
            "explanation": self.explanation,
            "reasons": {
                "terms": self.terms,
                "sentence": self.sentence,
                "goals": self.goals,
                "forms": self.forms,
                "same_region": self.same_region,
            },
        }


def describe(result: Result, goal_names: Mapping[int, str]) -> str:
    """One short sentence a reader without the search engine's words understands: what the object
    is about (in its kind's words, ``SearchSource.lead``), then what it shares with the asker,
    e.g. "Researches staff turnover and elderly care — same goal: 3 Good health and well-being;
    in your county"."""
    topic = _and(result.topic)
    if not topic:
        lead = gettext("Close in meaning to your text")
    else:
        source = _registry.sources.get(result.kind)
        lead = str(source.lead if source else DEFAULT_LEAD) % {"topic": topic}
    shared = []
    if result.goals:
        names = ", ".join(
            f"{number} {goal_names[number]}" if goal_names.get(number) else str(number)
            for number in result.goals
        )
        shared.append(
            ngettext("same goal: %(goals)s", "same goals: %(goals)s", len(result.goals))
            % {"goals": names}
        )
    if result.forms:
        shared.append(gettext("offers the kind of help you asked for"))
    if result.same_region:
        shared.append(gettext("in your county"))
    return f"{lead} — {'; '.join(shared)}" if shared else lead


def _and(words: Sequence[str]) -> str:
    """ "a, b and c" in the active language."""
    if len(words) < 2:
        return "".join(words)
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


@dataclass(frozen=True)
class SearchEngine:
    """What the search engine offers the domains, installed by the engine's app when it starts.

    ``rank(text, kinds=…, top=…, user=…, goals=…, forms=…, counties=…)`` gives the objects
    that ``user`` may see and that are worth showing a person (weak suggestions left out), best
    first; ``suggest_goals(text)`` the goals the text addresses, with their scores;
    ``goal_names(numbers)`` the goals' short names in the active language, for explanations. A
    domain (the needs flow) asks through here, so it never imports the engine.
    """

    rank: Callable[..., list[Result]]
    suggest_goals: Callable[[str], list[tuple[int, float]]]
    goal_names: Callable[[Iterable[int]], Mapping[int, str]]


_engines: list[SearchEngine] = []


def install_engine(engine: SearchEngine) -> None:
    _engines[:] = [engine]


def engine() -> SearchEngine:
    """The installed engine; a configuration error when no search app is installed."""
    if not _engines:
        raise ImproperlyConfigured("No search engine is installed (add samverkan.matching).")
    return _engines[0]


def own_pk(instance: Model) -> list[int]:
    return [instance.pk]


def everyone(user: AnyUser, ids: list[int]) -> set[int]:
    """A visibility rule for kinds every reader may see."""
    return set(ids)


def absolute_urls(model: type[Model], ids: list[int]) -> dict[int, str]:
    """Each object's ``get_absolute_url()``, in one query."""
    return {pk: obj.get_absolute_url() for pk, obj in model.objects.in_bulk(ids).items()}


@dataclass(frozen=True)
class Dependency:
    """Saving or deleting a ``model`` instance changes the documents of the object ids that
    ``ids(instance)`` returns (a person's name is part of their expert profile's document)."""

    model: type[Model]
    ids: Callable[[Model], Iterable[int]]
    on_create: bool = True
    on_delete: bool = True


@dataclass(frozen=True)
class SearchSource:
    """One kind of searchable object.

    ``build`` turns a batch of ``queryset()`` (at most a few hundred objects) into
    :class:`Source` records with a fixed number of queries per batch, whatever its size.
    ``visible(user, ids)`` is the live permission check: of ``ids``, those ``user`` may see now
    (the audience stored in the index only skips what a reader can never see). ``urls(ids)``
    links the shown hits; by default each object's ``get_absolute_url()``.

    Saving or deleting a ``model`` reindexes it, and so does a change of its many-to-many
    fields named in ``links``; ``dependencies`` name the other models whose changes alter its
    documents. ``matched`` kinds are ranked for a need unless the caller names kinds; ``api``
    kinds may be asked for through ``POST /api/v1/match``; ``order`` places the kind in lists;
    ``lead`` opens the explanation of a hit ("Researches %(topic)s"). ``current(ids)``, when
    given, is the live rule of which of ``ids`` are still worth suggesting (an activity that has
    not ended): ranking for a need keeps only those, while a search lists the others too.
    """

    kind: str
    label: str | Promise
    model: type[Model]
    build: Callable[[QuerySet], Iterable[Source]]
    visible: Callable[[AnyUser, list[int]], set[int]]
    queryset: Callable[[], QuerySet] | None = None
    urls: Callable[[list[int]], dict[int, str]] | None = None
    current: Callable[[list[int]], set[int]] | None = None
    links: tuple[str, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    matched: bool = False
    api: bool = True
    order: int = 100
    lead: str | Promise = DEFAULT_LEAD

    def objects(self) -> QuerySet:
        """Every object of the kind that belongs in the index."""
        return self.queryset() if self.queryset else self.model._default_manager.all()

    def hit_urls(self, ids: list[int]) -> dict[int, str]:
        return self.urls(ids) if self.urls else absolute_urls(self.model, ids)


@dataclass
class Registry:
    sources: dict[str, SearchSource] = field(default_factory=dict)
    # The receivers connected for each kind: (signal, sender, dispatch uid).
    receivers: dict[str, list[tuple[object, type[Model], str]]] = field(default_factory=dict)

    def register(self, source: SearchSource) -> None:
        if not KIND_NAME.fullmatch(source.kind):
            raise ValueError(f"A kind is lower-case letters, digits and _: {source.kind!r}")
        if source.kind in self.sources:
            raise ValueError(f"The kind {source.kind!r} is registered already")
        self.sources[source.kind] = source
        self.receivers[source.kind] = list(_connect(source))

    def unregister(self, kind: str) -> None:
        for signal, sender, uid in self.receivers.pop(kind, []):
            signal.disconnect(sender=sender, dispatch_uid=uid)
        self.sources.pop(kind, None)


_registry = Registry()
register = _registry.register
unregister = _registry.unregister


def get(kind: str) -> SearchSource:
    """The source of ``kind``; ``KeyError`` for a kind nobody registered."""
    return _registry.sources[kind]


def sources() -> list[SearchSource]:
    """Every registered source, in list order."""
    return sorted(_registry.sources.values(), key=lambda source: source.order)


def kinds() -> list[str]:
    return [source.kind for source in sources()]


class Kinds(Sequence[str]):
    """The registered kinds a rule keeps, read from the registry whenever used, so a module
    constant defined before every app has registered its sources still sees them all."""

    def __init__(self, keep: Callable[[SearchSource], bool]) -> None:
        self.keep = keep

    def _kinds(self) -> list[str]:
        return [source.kind for source in sources() if self.keep(source)]

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return self._kinds()[index]

    def __len__(self) -> int:
        return len(self._kinds())

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds())

    def __repr__(self) -> str:
        return repr(tuple(self._kinds()))


MATCHED = Kinds(lambda source: source.matched)


def _connect(source: SearchSource) -> Iterator[tuple[object, type[Model], str]]:
    """Connect the receivers that keep the documents of ``source`` current."""
    watched = (Dependency(source.model, own_pk), *source.dependencies)
    for number, dependency in enumerate(watched):
        receiver = partial(_changed, source.kind, dependency)
        signals = {"save": post_save, **({"delete": post_delete} if dependency.on_delete else {})}
        for name, signal in signals.items():
            uid = f"samverkan-search-{source.kind}-{number}-{name}"
            signal.connect(receiver, sender=dependency.model, weak=False, dispatch_uid=uid)
            yield signal, dependency.model, uid
    for name in source.links:
        through = source.model._meta.get_field(name).remote_field.through
        uid = f"samverkan-search-{source.kind}-links-{name}"
        receiver = partial(_links_changed, source.kind)
        m2m_changed.connect(receiver, sender=through, weak=False, dispatch_uid=uid)
        yield m2m_changed, through, uid


def _changed(kind: str, dependency: Dependency, instance: Model, **kwargs: object) -> None:
    if kwargs.get("created") and not dependency.on_create:
        return
    documents_changed.send(SearchSource, kind=kind, ids=list(dependency.ids(instance)))


def _links_changed(
    kind: str,
    instance: Model,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: object,
) -> None:
    """Links added or removed from either side: the indexed object, or the linked one (then
    ``pk_set`` holds the indexed objects; clearing the linked side names none)."""
    if not action.startswith("post_"):
        return
    if not reverse:
        documents_changed.send(SearchSource, kind=kind, ids=[instance.pk])
    elif pk_set:
        documents_changed.send(SearchSource, kind=kind, ids=list(pk_set))
