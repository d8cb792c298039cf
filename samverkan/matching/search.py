"""The search page's results: ``match`` across kinds, grouped, filtered and paginated.

A few search words list every hit with evidence of its own; a need described in a sentence gets
suggestions, and, as in the needs flow, the weak ones are left out (``worth_showing``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from samverkan.kernel import searchable
from samverkan.sdg.models import Goal

from .services import AnyUser, Filters, Matches, Result, match, worth_showing

PER_GROUP = 5
PAGE_SIZE = 20
MAX_RESULTS = 100
NEED_WORDS = 6  # a described need rather than a few search words


@dataclass
class Hit:
    """A result with its link."""

    result: Result
    url: str


@dataclass
class Group:
    kind: str
    label: str
    count: int
    hits: list[Hit]


@dataclass
class SearchResults:
    matches: Matches
    groups: list[Group]
    page: Page | None = None


def search(
    user: AnyUser,
    text: str,
    kind: str = "",
    goal: Goal | None = None,
    county_code: str = "",
    page_number: str | int | None = 1,
) -> SearchResults:
    """Everything (grouped by kind, a few of each) or one kind (paginated)."""
    kinds = [kind] if kind else searchable.kinds()
    filters = Filters(
        goals=frozenset([goal.number]) if goal else frozenset(),
        counties=frozenset([county_code]) if county_code else frozenset(),
        evident_only=True,
        past_too=True,
    )
    matches = match(text, kinds=kinds, top=MAX_RESULTS, user=user, filters=filters)
    described = len(text.split()) >= NEED_WORDS
    by_kind: dict[str, list[Result]] = {k: [] for k in kinds}
    for result in worth_showing(matches.results) if described else matches.results:
        by_kind[result.kind].append(result)
    if kind:
        page = Paginator(by_kind[kind], PAGE_SIZE).get_page(page_number)
        hits = _hits(list(page.object_list))
        return SearchResults(
            matches, [Group(kind, searchable.get(kind).label, len(by_kind[kind]), hits)], page
        )
    shown = [result for k in kinds for result in by_kind[k][:PER_GROUP]]
    hits = {(hit.result.kind, hit.result.id): hit for hit in _hits(shown)}
    groups = [
        Group(
            k,
            searchable.get(k).label,
            len(by_kind[k]) if described else matches.total.get(k, len(by_kind[k])),
            [hits[(k, r.id)] for r in by_kind[k][:PER_GROUP]],
        )
        for k in kinds
        if by_kind[k]
    ]
    return SearchResults(matches, groups)


def _hits(results: list[Result]) -> list[Hit]:
    """Links for the shown results: one query per kind."""
    ids: dict[str, list[int]] = {}
    for result in results:
        ids.setdefault(result.kind, []).append(result.id)
    urls: dict[tuple[str, int], str] = {}
    for kind, pks in ids.items():
        for pk, url in searchable.get(kind).hit_urls(pks).items():
            urls[(kind, pk)] = url
    hits = []
    for result in results:
        url = urls.get((result.kind, result.id))
        if url is None:
            continue
        hits.append(Hit(result, url))
    return hits
