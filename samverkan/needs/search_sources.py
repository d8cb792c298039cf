"""What the needs app makes searchable: open challenges, the needs their submitters chose to
publish, while they are open."""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samverkan.kernel.searchable import AnyUser, SearchSource, Source, register
from samverkan.kernel.translation import in_english

from .models import Need, Status

NEED = "need"


def public_needs() -> QuerySet[Need]:
    return Need.objects.filter(status=Status.OPEN, is_public=True, state__is_terminal=False)


def need_sources(needs: QuerySet[Need]) -> Iterator[Source]:
    for need in needs.select_related("municipality__county").prefetch_related("goals", "forms"):
        yield Source(
            kind=NEED,
            object_id=need.pk,
            external_id=need.reference,
            title=need.title,
            subtitle=need.asker,
            subtitle_en=in_english(attrgetter("asker"), need),
            body=need.text,
            goals=sorted(goal.number for goal in need.goals.all()),
            forms=sorted(form.slug for form in need.forms.all()),
            counties=[need.municipality.county.code] if need.municipality_id else [],
        )


def visible_needs(user: AnyUser, ids: list[int]) -> set[int]:
    """Open challenges are public while they are open: the index may lag a closing."""
    return set(public_needs().filter(pk__in=ids).values_list("pk", flat=True))


def register_sources() -> None:
    register(
        SearchSource(
            kind=NEED,
            label=_("Open challenges"),
            model=Need,
            build=need_sources,
            visible=visible_needs,
            queryset=public_needs,
            links=("goals", "forms"),
            api=False,
            order=50,
            lead=_("Open challenge about %(topic)s"),
        )
    )
