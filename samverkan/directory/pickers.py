"""Choosing a person or an organisation by searching (see :mod:`samverkan.kernel.picker`).

People are found by the words of their name and of their organisations, as in the people search
(Swedish-aware: case, å/ä/ö and endings do not matter, a word matches the start of a term), and
each is shown with their affiliations so that namesakes can be told apart. Organisations are found
by their Swedish or English name or short name, and a unit is shown with its university.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samverkan.kernel.picker import Choice, Picker, register_picker

from .models import Affiliation, Organization, OrganizationKind, Person
from .search import FIELDS, parse_query
from .selectors import search_organizations
from .visibility import AnyUser, visible_people, visible_profiles

SEARCHED = (FIELDS["name"][0], FIELDS["organization"][0])


def search_people(people: QuerySet[Person], text: str) -> QuerySet[Person]:
    """People whose name or organisation has every word of ``text``, alphabetical."""
    for word in parse_query(text):
        people = people.filter(
            Q.create(
                [
                    ("search_document__contains", f" {code}:{term}")
                    for term in word.terms
                    for code in SEARCHED
                ],
                "OR",
            )
        )
    return people.distinct().order_by("last_name", "first_name", "pk")


def prepare_people(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.select_related("organization__parent__parent"),
        )
    )


def describe_person(person: Person) -> Choice:
    """ "Anna Berg — Universitetslektor, Institutionen för vårdvetenskap, Högskolan i Borås"."""
    places = [
        ", ".join(part for part in (a.title, a.organization.name_with_top) if part)
        for a in person.affiliations.all()
    ]
    return Choice(str(person.pk), person.full_name, "; ".join(places))


def prepare_organizations(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    return organizations.select_related("parent__parent")


def describe_organization(organization: Organization) -> Choice:
    top = organization.top
    detail = top.name if top.pk != organization.pk else organization.get_kind_display()
    if organization.parent_id and organization.parent_id != top.pk:
        detail = f"{organization.parent.name}, {top.name}"
    return Choice(str(organization.pk), organization.name, detail)


def choosable_people(user: AnyUser) -> QuerySet[Person]:
    return visible_people(user).filter(affiliations__isnull=False).distinct()


def choosable_university_people(user: AnyUser) -> QuerySet[Person]:
    return (
        visible_people(user)
        .filter(affiliations__organization__kind=OrganizationKind.UNIVERSITY)
        .distinct()
    )


def choosable_experts(user: AnyUser) -> QuerySet[Person]:
    return visible_people(user).filter(visible_profiles(user))


def choosable_organizations(user: AnyUser) -> QuerySet[Organization]:
    """Parties to a collaboration are whole organisations, not units."""
    if not (user.is_authenticated and user.is_active):
        return Organization.objects.none()
    return Organization.objects.filter(parent__isnull=True)


PERSON_HINT = _("Type a name, or a name and an organisation, for example: berg borås.")


def register_pickers() -> None:
    people = {
        "search": search_people,
        "describe": describe_person,
        "prepare": prepare_people,
        "hint": PERSON_HINT,
    }
    register_picker(Picker("people", choosable_people, **people))
    register_picker(Picker("university-people", choosable_university_people, **people))
    register_picker(Picker("experts", choosable_experts, **people))
    register_picker(
        Picker(
            "organizations",
            choosable_organizations,
            search_organizations,
            describe_organization,
            prepare_organizations,
            _("Type a name, for example: chalmers or göteborgs stad."),
        )
    )
