"""What each kind of object contributes to the index: text fields, filters and who may find it.

One builder per kind turns a batch of objects into :class:`Source` records with a fixed number of
queries per batch. Adding a kind means adding a builder here.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field

from django.db.models import Prefetch, QuerySet

from samverkan.catalogue.models import Offering, OfferingStatus
from samverkan.collaborations.models import Collaboration, Review
from samverkan.directory.models import Affiliation, ExpertProfile, Organization, Visibility
from samverkan.kernel.richtext import plain_text
from samverkan.kernel.text import guess_language
from samverkan.needs.models import Need
from samverkan.needs.models import Status as NeedStatus

from .models import Audience, Kind

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"'(])|\s*\n\s*")
MAX_SENTENCES = 12


@dataclass
class Source:
    """The indexable content of one object."""

    kind: str
    object_id: int
    title: str
    body: str
    external_id: str = ""
    heading: str = ""
    subtitle: str = ""
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


def _county(organization: Organization | None) -> list[str]:
    if organization is None:
        return []
    if organization.county_id:
        return [organization.county.code]
    place = organization.municipality or organization.seat
    return [place.county.code] if place else []


def expert_sources(profiles: QuerySet[ExpertProfile]) -> Iterator[Source]:
    affiliations = Affiliation.objects.select_related(
        "organization__county",
        "organization__seat__county",
        "organization__municipality__county",
        "organization__parent",
    )
    for profile in profiles.select_related("person").prefetch_related(
        Prefetch("person__affiliations", queryset=affiliations), "goals", "forms"
    ):
        person = profile.person
        affiliation = next(iter(person.affiliations.all()), None)
        organization = affiliation.organization if affiliation else None
        root = organization.parent if organization and organization.parent_id else organization
        audience = {
            Visibility.PUBLIC: Audience.EVERYONE if profile.is_public else Audience.MEMBERS,
            Visibility.MEMBERS: Audience.MEMBERS,
        }.get(profile.visibility, Audience.COORDINATORS)
        yield Source(
            kind=Kind.EXPERT,
            object_id=profile.pk,
            external_id=person.external_id,
            title=person.full_name,
            heading=both(affiliation.title_sv, affiliation.title_en) if affiliation else "",
            subtitle=", ".join(
                part for part in (affiliation.title if affiliation else "", str(root or "")) if part
            ),
            keywords=", ".join(profile.keywords),
            body=both(profile.expertise_sv, profile.expertise_en),
            goals=sorted(goal.number for goal in profile.goals.all()),
            forms=sorted(form.slug for form in profile.forms.all()),
            counties=_county(root),
            speaks=sorted(profile.languages),
            audience=audience,
        )


def offering_sources(offerings: QuerySet[Offering]) -> Iterator[Source]:
    for offering in offerings.select_related(
        "form", "organization__county", "organization__seat__county"
    ).prefetch_related("goals"):
        yield Source(
            kind=Kind.OFFERING,
            object_id=offering.pk,
            external_id=offering.external_id,
            title=offering.title,
            subtitle=str(offering.organization),
            keywords=offering.form.name,
            body=both(
                both(offering.title_sv, offering.title_en),
                both(offering.description_sv, offering.description_en),
            ),
            goals=sorted(goal.number for goal in offering.goals.all()),
            forms=[offering.form.slug],
            counties=_county(offering.organization),
            audience=Audience.EVERYONE
            if offering.status == OfferingStatus.OPEN
            else Audience.COORDINATORS,
        )


def collaboration_sources(collaborations: QuerySet[Collaboration]) -> Iterator[Source]:
    for collaboration in collaborations.select_related("form").prefetch_related(
        "goals", "organizations__municipality__county", "organizations__county"
    ):
        organizations = list(collaboration.organizations.all())
        yield Source(
            kind=Kind.COLLABORATION,
            object_id=collaboration.pk,
            external_id=collaboration.external_id,
            title=collaboration.title,
            subtitle=", ".join(str(org) for org in organizations[:3]),
            keywords=collaboration.form.name if collaboration.form_id else "",
            body=both(
                both(collaboration.description_sv, collaboration.description_en),
                both(collaboration.outcomes_sv, collaboration.outcomes_en),
            ),
            goals=sorted(goal.number for goal in collaboration.goals.all()),
            forms=[collaboration.form.slug] if collaboration.form_id else [],
            counties=sorted({code for org in organizations for code in _county(org)}),
            audience=Audience.EVERYONE
            if collaboration.review == Review.APPROVED
            else Audience.COORDINATORS,
        )


def organization_sources(organizations: QuerySet[Organization]) -> Iterator[Source]:
    for organization in organizations.select_related(
        "county", "seat__county", "municipality__county", "parent"
    ):
        yield Source(
            kind=Kind.ORGANIZATION,
            object_id=organization.pk,
            external_id=organization.external_id,
            title=organization.name,
            subtitle=str(organization.parent or organization.get_kind_display()),
            keywords=organization.short_name,
            body=both(organization.description_sv, organization.description_en),
            counties=_county(organization),
        )


def need_sources(needs: QuerySet[Need]) -> Iterator[Source]:
    """Open challenges: needs their submitters chose to publish, while they are open."""
    for need in needs.select_related("municipality__county").prefetch_related("goals", "forms"):
        yield Source(
            kind=Kind.NEED,
            object_id=need.pk,
            external_id=need.reference,
            title=need.title,
            subtitle=need.asker,
            body=need.text,
            goals=sorted(goal.number for goal in need.goals.all()),
            forms=sorted(form.slug for form in need.forms.all()),
            counties=[need.municipality.county.code] if need.municipality_id else [],
        )


def public_needs() -> QuerySet[Need]:
    return Need.objects.filter(status=NeedStatus.OPEN, is_public=True, state__is_terminal=False)


@dataclass(frozen=True)
class KindSpec:
    queryset: Callable[[], QuerySet]
    sources: Callable[[QuerySet], Iterable[Source]]


KINDS: dict[str, KindSpec] = {
    Kind.EXPERT: KindSpec(ExpertProfile.objects.all, expert_sources),
    Kind.OFFERING: KindSpec(Offering.objects.all, offering_sources),
    Kind.COLLABORATION: KindSpec(Collaboration.objects.all, collaboration_sources),
    Kind.ORGANIZATION: KindSpec(Organization.objects.all, organization_sources),
    Kind.NEED: KindSpec(public_needs, need_sources),
}
