"""What the catalogue makes searchable: offerings."""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samverkan.accounts.roles import is_coordinator
from samverkan.directory.search_sources import organization_counties
from samverkan.kernel.searchable import AnyUser, Audience, SearchSource, Source, both, register
from samverkan.kernel.translation import in_english

from .models import Offering, OfferingStatus

OFFERING = "offering"


def offering_sources(offerings: QuerySet[Offering]) -> Iterator[Source]:
    for offering in offerings.select_related(
        "form", "organization__county", "organization__seat__county", "organization__parent__parent"
    ).prefetch_related("goals"):
        yield Source(
            kind=OFFERING,
            object_id=offering.pk,
            external_id=offering.external_id,
            title=offering.title,
            subtitle=offering.organization.name_with_top,
            subtitle_en=in_english(attrgetter("name_with_top"), offering.organization),
            keywords=offering.form.name,
            body=both(
                both(offering.title_sv, offering.title_en),
                both(
                    both(offering.description_sv, offering.description_en),
                    both(offering.subject_sv, offering.subject_en),
                ),
            ),
            goals=sorted(goal.number for goal in offering.goals.all()),
            forms=[offering.form.slug],
            counties=organization_counties(offering.organization),
            audience=Audience.EVERYONE
            if offering.status == OfferingStatus.OPEN
            else Audience.COORDINATORS,
        )


def visible_offerings(user: AnyUser, ids: list[int]) -> set[int]:
    """Coordinators see every offering; everybody else the public ones (open, not expired)."""
    offerings = Offering.objects.filter(pk__in=ids)
    if not is_coordinator(user):
        offerings = offerings.public()
    return set(offerings.values_list("pk", flat=True))


def register_sources() -> None:
    register(
        SearchSource(
            kind=OFFERING,
            label=_("Offerings"),
            model=Offering,
            build=offering_sources,
            visible=visible_offerings,
            links=("goals",),
            matched=True,
            order=20,
            lead=_("About %(topic)s"),
        )
    )
