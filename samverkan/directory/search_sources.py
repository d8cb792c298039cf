"""What the directory makes searchable: expert profiles and organisations."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from samverkan.kernel.searchable import (
    AnyUser,
    Audience,
    Dependency,
    SearchSource,
    Source,
    both,
    everyone,
    register,
)
from samverkan.kernel.translation import in_english

from .models import Affiliation, ExpertProfile, Organization, Person, Visibility
from .visibility import visible_profiles

EXPERT = "expert"
ORGANIZATION = "organization"


def organization_counties(organization: Organization | None) -> list[str]:
    """The county an organisation is in: its own, or that of its municipality or seat."""
    if organization is None:
        return []
    if organization.county_id:
        return [organization.county.code]
    place = organization.municipality or organization.seat
    return [place.county.code] if place else []


def expert_subtitle(affiliation: Affiliation | None) -> str:
    """ "Universitetslektor i vårdvetenskap, Institutionen för vårdvetenskap, Högskolan i Borås",
    in the active language."""
    if affiliation is None:
        return ""
    parts = (affiliation.title, affiliation.organization.name_with_top)
    return ", ".join(part for part in parts if part)


def organization_subtitle(organization: Organization) -> str:
    """The organisation it belongs to, or what kind of organisation it is."""
    return str(organization.parent or organization.get_kind_display())


def expert_sources(profiles: QuerySet[ExpertProfile]) -> Iterator[Source]:
    affiliations = Affiliation.objects.select_related(
        "organization__county",
        "organization__seat__county",
        "organization__municipality__county",
        "organization__parent__parent",
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
            kind=EXPERT,
            object_id=profile.pk,
            external_id=person.external_id,
            title=person.full_name,
            heading=both(affiliation.title_sv, affiliation.title_en) if affiliation else "",
            subtitle=expert_subtitle(affiliation),
            subtitle_en=in_english(expert_subtitle, affiliation),
            keywords=", ".join(profile.keywords),
            body=both(profile.expertise_sv, profile.expertise_en),
            goals=sorted(goal.number for goal in profile.goals.all()),
            forms=sorted(form.slug for form in profile.forms.all()),
            counties=organization_counties(root),
            speaks=sorted(profile.languages),
            audience=audience,
        )


def organization_sources(organizations: QuerySet[Organization]) -> Iterator[Source]:
    for organization in organizations.select_related(
        "county", "seat__county", "municipality__county", "parent"
    ):
        yield Source(
            kind=ORGANIZATION,
            object_id=organization.pk,
            external_id=organization.external_id,
            title=organization.name,
            subtitle=organization_subtitle(organization),
            subtitle_en=in_english(organization_subtitle, organization),
            keywords=organization.short_name,
            body=both(organization.description_sv, organization.description_en),
            counties=organization_counties(organization),
        )


def visible_experts(user: AnyUser, ids: list[int]) -> set[int]:
    """The directory's rule applied to the candidates' people only, in one query."""
    people = Person.objects.filter(visible_profiles(user), profile__pk__in=ids).order_by()
    return set(people.values_list("profile__pk", flat=True))


def expert_urls(ids: list[int]) -> dict[int, str]:
    """An expert links to the person's page."""
    profiles = ExpertProfile.objects.select_related("person").filter(pk__in=ids)
    return {profile.pk: profile.person.get_absolute_url() for profile in profiles}


def _profiles_of(person_ids: Iterable[int]) -> list[int]:
    return list(ExpertProfile.objects.filter(person__in=person_ids).values_list("pk", flat=True))


def _profiles_at(organization: Organization) -> list[int]:
    """A renamed organisation changes the subtitle of everybody affiliated with it."""
    people = Affiliation.objects.filter(organization=organization).values_list("person", flat=True)
    return _profiles_of(people)


def register_sources() -> None:
    register(
        SearchSource(
            kind=EXPERT,
            label=_("Experts"),
            model=ExpertProfile,
            build=expert_sources,
            visible=visible_experts,
            urls=expert_urls,
            links=("goals", "forms"),
            dependencies=(
                Dependency(Person, lambda person: _profiles_of([person.pk]), on_delete=False),
                Dependency(Affiliation, lambda affiliation: _profiles_of([affiliation.person_id])),
                Dependency(Organization, _profiles_at, on_create=False, on_delete=False),
            ),
            matched=True,
            order=10,
            lead=_("Researches %(topic)s"),
        )
    )
    register(
        SearchSource(
            kind=ORGANIZATION,
            label=_("Organisations"),
            model=Organization,
            build=organization_sources,
            visible=everyone,
            order=40,
        )
    )
