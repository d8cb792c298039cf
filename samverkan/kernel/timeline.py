"""A timeline per organisation: what happened, from every domain, newest first.

A domain describes its part once, as a :class:`TimelineSource` in its own ``timeline.py``, and
registers it from its ``AppConfig.ready()``. A source answers, for a set of organisations and a
reader, one or more querysets made by :func:`timeline_rows`, already restricted to what that
reader may see. The kernel joins the selected sources with one ``UNION ALL``, sorts by date and
pages it (one count query and one page query, whatever the number of sources or entries), and
turns each row into an :class:`Entry` with its label and link. The registry lives in the kernel
so that a page in any layer can show a timeline, and a new kind (agreements) is one more source,
with no change here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import CharField, Expression, F, QuerySet, Value
from django.db.models.functions import Cast, ExtractYear
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .searchable import AnyUser
from .translation import active_language

# The columns of every row, prefixed so that they never clash with a model's own fields.
COLUMNS = (
    "tl_date",
    "tl_kind",
    "tl_event",
    "tl_pk",
    "tl_key",
    "tl_title_sv",
    "tl_title_en",
    "tl_detail_sv",
    "tl_detail_en",
)
ORDER = ("-tl_date", "tl_kind", "-tl_pk")
PAGE_SIZE = 20
LATEST = 5  # entries in the short section of an organisation's or municipality's page

# The organisations a timeline is about: ids, or a queryset of ``pk`` values used as a subquery.
OrganizationIds = Collection[int] | QuerySet
Column = Expression | F | str


def _expression(value: Column) -> Expression | F:
    return F(value) if isinstance(value, str) else value


def _text(value: Column) -> Expression | F:
    return Value(value, output_field=CharField()) if isinstance(value, str) else value


def timeline_rows(
    queryset: QuerySet,
    *,
    date: Column,
    title_sv: Column,
    title_en: Column | None = None,
    key: Column | None = None,
    event: Column = "",
    detail_sv: Column | None = None,
    detail_en: Column | None = None,
) -> QuerySet:
    """``queryset`` with the columns of a timeline row. ``date`` is a field name or an
    expression whose output is a *date* (``TruncDate`` a date and time, in the current time
    zone); titles and details are field names or expressions; ``event`` is a constant or an
    expression naming what happened (the source's ``events`` give its label); ``key`` is what the
    source's ``url`` is built from (the primary key by default)."""
    empty = Value("", output_field=CharField())
    return queryset.annotate(
        tl_date=_expression(date),
        tl_event=_text(event),
        tl_pk=F("pk"),
        tl_key=_expression(key) if key is not None else Cast("pk", CharField()),
        tl_title_sv=_expression(title_sv),
        tl_title_en=_expression(title_en) if title_en is not None else empty,
        tl_detail_sv=_expression(detail_sv) if detail_sv is not None else empty,
        tl_detail_en=_expression(detail_en) if detail_en is not None else empty,
    )


Rows = Callable[[OrganizationIds, AnyUser], QuerySet | Sequence[QuerySet]]


@dataclass(frozen=True)
class TimelineSource:
    """One kind of entry. ``rows(organization_ids, user)`` gives the rows (made by
    :func:`timeline_rows`) of what concerns those organisations and ``user`` may see; ``url(key)``
    the address of an entry; ``events`` the labels of the events a row may name (an entry whose
    event has none is labelled ``label``)."""

    kind: str
    name: str | Promise  # plural: "Activities", a choice of the filter
    label: str | Promise  # singular: "Activity"
    rows: Rows
    url: Callable[[str], str] | None = None
    events: Mapping[str, str | Promise] = field(default_factory=dict)
    order: int = 100


@dataclass
class Registry:
    sources: dict[str, TimelineSource] = field(default_factory=dict)

    def register(self, source: TimelineSource) -> None:
        if source.kind in self.sources:
            raise ValueError(f"The timeline kind {source.kind!r} is registered already")
        self.sources[source.kind] = source

    def unregister(self, kind: str) -> None:
        self.sources.pop(kind, None)


_registry = Registry()


def register(source: TimelineSource) -> None:
    _registry.register(source)


def unregister(kind: str) -> None:
    _registry.unregister(kind)


def sources() -> list[TimelineSource]:
    """Every registered source, in the filter's order."""
    return sorted(_registry.sources.values(), key=lambda source: (source.order, source.kind))


@dataclass(frozen=True)
class TimelineQuery:
    """What the reader asked for: some kinds (none: every kind) and perhaps one year."""

    kinds: tuple[str, ...] = ()
    year: int | None = None


@dataclass(frozen=True)
class Entry:
    date: date
    kind: str
    kind_name: str
    label: str
    title: str
    detail: str
    url: str

    @property
    def upcoming(self) -> bool:
        """Dated after today: planned, not yet happened."""
        return self.date > timezone.localdate()


def _selected(kinds: Iterable[str]) -> list[TimelineSource]:
    wanted = set(kinds)
    return [source for source in sources() if not wanted or source.kind in wanted]


def _parts(
    organization_ids: OrganizationIds, user: AnyUser, query: TimelineQuery
) -> list[QuerySet]:
    parts = []
    for source in _selected(query.kinds):
        made = source.rows(organization_ids, user)
        for rows in [made] if isinstance(made, QuerySet) else made:
            rows = rows.annotate(tl_kind=Value(source.kind, output_field=CharField()))
            if query.year is not None:
                rows = rows.filter(tl_date__year=query.year)
            parts.append(rows.order_by().values(*COLUMNS))
    return parts


def timeline(
    organization_ids: OrganizationIds, user: AnyUser, query: TimelineQuery = TimelineQuery()
) -> QuerySet | list:
    """The rows of every selected source in one query, newest first (not yet evaluated)."""
    parts = _parts(organization_ids, user, query)
    if not parts:
        return []
    first, *rest = parts
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by(*ORDER)


def entry(row: Mapping) -> Entry:
    """A row as the reader sees it, in the active language."""
    source = _registry.sources[row["tl_kind"]]
    english = active_language() == "en"
    title = (english and row["tl_title_en"]) or row["tl_title_sv"] or row["tl_title_en"]
    detail = (english and row["tl_detail_en"]) or row["tl_detail_sv"] or row["tl_detail_en"]
    return Entry(
        date=row["tl_date"],
        kind=source.kind,
        kind_name=str(source.name),
        label=str(source.events.get(row["tl_event"], source.label)),
        title=title,
        detail=detail,
        url=source.url(row["tl_key"]) if source.url else "",
    )


def latest(organization_ids: OrganizationIds, user: AnyUser, count: int = LATEST) -> list[Entry]:
    """The newest ``count`` entries: one query."""
    return [entry(row) for row in timeline(organization_ids, user)[:count]]


def timeline_page(
    organization_ids: OrganizationIds,
    user: AnyUser,
    query: TimelineQuery,
    number: object,
    per_page: int = PAGE_SIZE,
) -> Page:
    """One page of entries: a count query and a page query."""
    page = Paginator(timeline(organization_ids, user, query), per_page).get_page(number)
    page.object_list = [entry(row) for row in page.object_list]
    return page


def timeline_years(organization_ids: OrganizationIds, user: AnyUser) -> list[int]:
    """The years with at least one entry the reader may see, latest first: one query."""
    parts = [
        rows.annotate(tl_year=ExtractYear("tl_date")).values("tl_year")
        for rows in _parts(organization_ids, user, TimelineQuery())
    ]
    if not parts:
        return []
    first, *rest = parts
    years = first.union(*rest) if rest else first.distinct()
    return [row["tl_year"] for row in years.order_by("-tl_year") if row["tl_year"] is not None]


class TimelineFilterForm(forms.Form):
    """The kinds and the year a reader chooses; a plain GET form that needs no JavaScript."""

    kind = forms.MultipleChoiceField(
        label=_("Kind"), required=False, widget=forms.CheckboxSelectMultiple
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, data: Mapping | None, years: Sequence[int]) -> None:
        super().__init__(data)
        self.fields["kind"].choices = [(source.kind, source.name) for source in sources()]
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]

    def query(self) -> TimelineQuery:
        """What the valid fields ask for; a field with an error filters nothing."""
        if not self.is_bound:
            return TimelineQuery()
        self.is_valid()
        data = self.cleaned_data
        return TimelineQuery(kinds=tuple(data.get("kind") or ()), year=data.get("year"))


def timeline_context(request: HttpRequest, organization_ids: OrganizationIds) -> dict:
    """What a full timeline page shows: the filter form, one page of entries and the query
    string the page links keep. Three queries: the years, the count and the page."""
    form = TimelineFilterForm(request.GET or None, timeline_years(organization_ids, request.user))
    page = timeline_page(organization_ids, request.user, form.query(), request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    return {"form": form, "page": page, "query": kept.urlencode()}
