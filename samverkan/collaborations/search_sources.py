"""What the collaborations app makes searchable: collaborations, with their parties."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samverkan.directory.models import Organization
from samverkan.directory.search_sources import organization_counties
from samverkan.kernel.searchable import (
    AnyUser,
    Audience,
    Dependency,
    SearchSource,
    Source,
    both,
    register,
)
from samverkan.kernel.translation import in_english

from .models import Collaboration, CollaborationParty, Review
from .selectors import visible_collaborations

COLLABORATION = "collaboration"


def parties(organizations: list[Organization]) -> str:
    """The first few parties, by their names in the active language."""
    return ", ".join(str(organization) for organization in organizations[:3])


def collaboration_sources(collaborations: QuerySet[Collaboration]) -> Iterator[Source]:
    for collaboration in collaborations.select_related("form").prefetch_related(
        "goals", "organizations__municipality__county", "organizations__county"
    ):
        organizations = list(collaboration.organizations.all())
        yield Source(
            kind=COLLABORATION,
            object_id=collaboration.pk,
            external_id=collaboration.external_id,
            title=collaboration.title,
            subtitle=parties(organizations),
            subtitle_en=in_english(parties, organizations),
            keywords=collaboration.form.name if collaboration.form_id else "",
            body=both(
                both(collaboration.description_sv, collaboration.description_en),
                both(collaboration.outcomes_sv, collaboration.outcomes_en),
            ),
            goals=sorted(goal.number for goal in collaboration.goals.all()),
            forms=[collaboration.form.slug] if collaboration.form_id else [],
            counties=sorted({code for org in organizations for code in organization_counties(org)}),
            audience=Audience.EVERYONE
            if collaboration.review == Review.APPROVED
            else Audience.COORDINATORS,
        )


def visible_collaboration_ids(user: AnyUser, ids: list[int]) -> set[int]:
    return set(visible_collaborations(user).filter(pk__in=ids).values_list("pk", flat=True))


def register_sources() -> None:
    register(
        SearchSource(
            kind=COLLABORATION,
            label=_("Collaborations"),
            model=Collaboration,
            build=collaboration_sources,
            visible=visible_collaboration_ids,
            links=("goals",),
            dependencies=(Dependency(CollaborationParty, lambda party: [party.collaboration_id]),),
            matched=True,
            order=30,
            lead=_("Earlier collaboration on %(topic)s"),
        )
    )
