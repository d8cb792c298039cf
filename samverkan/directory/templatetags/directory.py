from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.urls import reverse

from samverkan.collaborations.models import Collaboration
from samverkan.collaborations.selectors import visible_collaborations, with_details
from samverkan.directory.forms import LANGUAGES
from samverkan.directory.models import Person
from samverkan.directory.search_sources import EXPERT
from samverkan.directory.visibility import AnyUser, visible_people

register = template.Library()
LANGUAGE_NAMES = dict(LANGUAGES)


@register.filter
def language_names(codes: list[str]) -> str:
    """["sv", "en"] → "Swedish, English" in the reader's language."""
    return ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in codes)


def _reader(context: template.Context) -> AnyUser:
    """Whoever the page is rendered for (a visitor when the context names nobody)."""
    return context.get("user") or getattr(context.get("request"), "user", None) or AnonymousUser()


def _person_id(item: Any) -> int | None:
    """The person an item names: a person itself, or a stored suggestion (``person_id``)."""
    if isinstance(item, Person):
        return item.pk
    return getattr(item, "person_id", None)


def _profile_id(item: Any) -> int | None:
    """The expert profile a search result names (an expert's ``id`` is the profile's)."""
    if isinstance(item, Person) or hasattr(item, "person_id"):
        return None
    return item.id if getattr(item, "kind", "") == EXPERT else None


@dataclass
class PersonLinks:
    """Links to the pages of the people a list names that the reader may open, by person and by
    expert profile."""

    by_person: dict[int, str] = field(default_factory=dict)
    by_profile: dict[int, str] = field(default_factory=dict)

    def url(self, item: Any) -> str:
        """The item's person page; "" for anything else or a person the reader cannot open."""
        person_id, profile_id = _person_id(item), _profile_id(item)
        if person_id is not None:
            return self.by_person.get(person_id, "")
        return self.by_profile.get(profile_id, "") if profile_id is not None else ""


@register.simple_tag(takes_context=True)
def person_links(context: template.Context, items: Iterable[Any] | Person) -> PersonLinks:
    """``{% person_links items as links %}`` for one person, or a list of people, stored
    suggestions or search results: one query for the whole list, so that a link never leads to
    a page the reader would get a 404 for."""
    items = [items] if isinstance(items, Person) else list(items)
    person_ids = {pk for pk in map(_person_id, items) if pk is not None}
    profile_ids = {pk for pk in map(_profile_id, items) if pk is not None}
    links = PersonLinks()
    if not person_ids and not profile_ids:
        return links
    user = _reader(context)
    people = (
        visible_people(user)
        .filter(Q(pk__in=person_ids) | Q(profile__pk__in=profile_ids))
        .values_list("pk", "profile__pk")
        .order_by()
    )
    for person_pk, profile_pk in people:
        url = reverse("directory:person", kwargs={"pk": person_pk})
        links.by_person[person_pk] = url
        if profile_pk is not None:
            links.by_profile[profile_pk] = url
    return links


@register.filter
def person_url(links: PersonLinks, item: Any) -> str:
    """``{{ links|person_url:result }}``: the item's person page, or ""."""
    return links.url(item) if isinstance(links, PersonLinks) else ""


PERSON_COLLABORATIONS = 10  # the latest few; the page is about the person, not a list


@register.simple_tag(takes_context=True)
def person_collaborations(context: template.Context, person: Person) -> list[Collaboration]:
    """The latest collaborations ``person`` took part in that the reader may see (newest first,
    as in the list), in a fixed number of queries."""
    user = _reader(context)
    found = visible_collaborations(user).filter(people=person)
    return list(with_details(found)[:PERSON_COLLABORATIONS])
