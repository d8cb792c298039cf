"""Likely duplicates: the same person or organisation registered twice.

People are likely duplicates when they share an e-mail address, an ORCID iD, or the same
normalised name at the same organisation. Organisations are when they share a normalised name or
an organisation number.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _

from samverkan.kernel.text import normalised_name

from .models import Organization, Person


@dataclass(frozen=True)
class DuplicatePair:
    first: Person | Organization
    second: Person | Organization
    reason: StrPromise


def _pairs(groups: dict[tuple[str, str], list], reason_of: dict) -> list[DuplicatePair]:
    seen: set[tuple[int, int]] = set()
    pairs = []
    for (kind, _value), items in groups.items():
        items = sorted(items, key=lambda item: item.pk)
        for index, first in enumerate(items):
            for second in items[index + 1 :]:
                if (first.pk, second.pk) not in seen:
                    seen.add((first.pk, second.pk))
                    pairs.append(DuplicatePair(first, second, reason_of[kind]))
    return pairs


PERSON_REASONS = {
    "email": _("same e-mail address"),
    "orcid": _("same ORCID iD"),
    "name": _("same name at the same organisation"),
}
ORGANIZATION_REASONS = {"name": _("same name"), "number": _("same organisation number")}


def person_keys(person: Person, organization_ids: list[int]) -> list[tuple[str, str]]:
    keys = []
    if person.email:
        keys.append(("email", person.email.casefold()))
    if person.orcid:
        keys.append(("orcid", person.orcid))
    name = person.name_key or normalised_name(person.full_name)
    keys.extend(("name", f"{name}@{organization_id}") for organization_id in organization_ids)
    return keys


def duplicate_people() -> list[DuplicatePair]:
    groups: dict[tuple[str, str], list[Person]] = defaultdict(list)
    people = Person.objects.prefetch_related("affiliations")
    for person in people:
        organization_ids = [a.organization_id for a in person.affiliations.all()]
        for key in person_keys(person, organization_ids):
            groups[key].append(person)
    return _pairs({k: v for k, v in groups.items() if len(v) > 1}, PERSON_REASONS)


def duplicate_organizations() -> list[DuplicatePair]:
    groups: dict[tuple[str, str], list[Organization]] = defaultdict(list)
    for organization in Organization.objects.all():
        name = normalised_name(organization.name_sv)
        groups[("name", f"{name}@{organization.parent_id}")].append(organization)
        if organization.organization_number:
            groups[("number", organization.organization_number)].append(organization)
    return _pairs({k: v for k, v in groups.items() if len(v) > 1}, ORGANIZATION_REASONS)


def likely_duplicates_of(person: Person) -> list[Person]:
    """Other people who are probably the same as ``person`` (used when creating and importing)."""
    keys = set(person_keys(person, [a.organization_id for a in person.affiliations.all()]))
    query = Q(name_key=normalised_name(person.full_name))
    if person.email:
        query |= Q(email__iexact=person.email)
    if person.orcid:
        query |= Q(orcid=person.orcid)
    candidates = Person.objects.exclude(pk=person.pk).filter(query).prefetch_related("affiliations")
    matches = []
    for candidate in candidates:
        organization_ids = [a.organization_id for a in candidate.affiliations.all()]
        if keys & set(person_keys(candidate, organization_ids)):
            matches.append(candidate)
    return matches


def likely_duplicates_among(people: list[Person]) -> list[tuple[Person, Person]]:
    """(new, existing) pairs for people just created in bulk, found in a few queries."""
    if not people:
        return []
    new_ids = {person.pk for person in people}
    emails = {p.email.casefold() for p in people if p.email}
    orcids = {p.orcid for p in people if p.orcid}
    names = {p.name_key for p in people}
    candidates = (
        Person.objects.exclude(pk__in=new_ids)
        .filter(Q(email__in=emails) | Q(orcid__in=orcids) | Q(name_key__in=names))
        .prefetch_related("affiliations")
    )
    by_key: dict[tuple[str, str], list[Person]] = defaultdict(list)
    for candidate in candidates:
        organization_ids = [a.organization_id for a in candidate.affiliations.all()]
        for key in person_keys(candidate, organization_ids):
            by_key[key].append(candidate)
    pairs = []
    for person in Person.objects.filter(pk__in=new_ids).prefetch_related("affiliations"):
        organization_ids = [a.organization_id for a in person.affiliations.all()]
        found = {
            other.pk: other
            for key in person_keys(person, organization_ids)
            for other in by_key.get(key, [])
        }
        pairs.extend((person, other) for other in found.values())
    return pairs
