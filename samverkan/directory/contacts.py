"""Who a municipality should contact at each university, with the fallbacks that make sure every
municipality gets an answer.

For each university that concerns a municipality, the first of these that exists is shown:

1. the university's designated contact for the municipality itself;
2. its contact for the municipality's association of local authorities;
3. its collaboration office (and the people who work there);
4. the university's general contact details.

The universities that concern a municipality are those with a designated contact for it or its
association, those in an arena the municipality belongs to, those the caller names as active there
(the collaborations and offerings of other domains, composed by
:mod:`samverkan.directory.involvement`) and, when there are none, those in the same county or else
the two nearest. Every other university is listed too, with its collaboration office or general
details, so that any of them can be reached from the municipality's page.
"""

import math
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.places.models import MunicipalAssociation, Municipality

from .models import Affiliation, ContactAssignment, ContactRole, Organization, OrganizationKind


class ContactSource(StrEnum):
    DIRECT = "direct"
    ASSOCIATION = "association"
    OFFICE = "office"
    GENERAL = "general"

    @property
    def label(self) -> str:
        return str(SOURCE_LABELS[self])


SOURCE_LABELS = {
    ContactSource.DIRECT: _("Designated contact for the municipality"),
    ContactSource.ASSOCIATION: _("Contact for the association of local authorities"),
    ContactSource.OFFICE: _("The university's collaboration office"),
    ContactSource.GENERAL: _("The university's general contact details"),
}


@dataclass
class UniversityContacts:
    university: Organization
    source: ContactSource
    assignments: list[ContactAssignment] = field(default_factory=list)
    association: Organization | None = None
    office: Organization | None = None
    office_people: list[Affiliation] = field(default_factory=list)


@dataclass
class MunicipalityContacts:
    municipality: Municipality
    organization: Organization | None
    coordinators: list[ContactAssignment]
    universities: list[UniversityContacts]
    # Every other university, with its collaboration office or general details.
    other_universities: list[UniversityContacts] = field(default_factory=list)


def active(on: date | None = None) -> Q:
    """Assignments whose period includes ``on`` (today by default)."""
    on = on or timezone.localdate()
    return (Q(start_date__isnull=True) | Q(start_date__lte=on)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )


def assignments_with_people() -> QuerySet[ContactAssignment]:
    primary = Affiliation.objects.filter(is_primary=True).select_related("organization")
    return ContactAssignment.objects.select_related(
        "person", "organization", "counterpart__municipality"
    ).prefetch_related(Prefetch("person__affiliations", queryset=primary, to_attr="primary"))


# Swedish alphabetical order: å, ä and ö come last, in that order.
SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})


def reading_order(organization: Organization) -> str:
    """Sort key: the name in the reader's language, in Swedish alphabetical order."""
    return organization.name.casefold().translate(SWEDISH_ORDER)


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    hav = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(hav))


def universities() -> QuerySet[Organization]:
    """Every higher-education institution (not its units), with its seat."""
    return Organization.objects.filter(
        kind=OrganizationKind.UNIVERSITY, parent__isnull=True
    ).select_related("seat")


def nearby_universities(
    municipality: Municipality, candidates: list[Organization] | None = None, count: int = 2
) -> list[Organization]:
    """Universities in the municipality's county, or else the ``count`` nearest ones."""
    located = [u for u in candidates or list(universities()) if u.seat is not None]
    same_county = [u for u in located if u.seat.county_id == municipality.county_id]
    if same_county or municipality.latitude is None:
        return same_county
    here = (municipality.latitude, municipality.longitude)
    located.sort(key=lambda u: _distance_km(here, (u.seat.latitude, u.seat.longitude)))
    return located[:count]


def contacts_for_municipality(
    municipality: Municipality, active_universities: Collection[int] = ()
) -> MunicipalityContacts:
    """Every contact the municipality page shows, in a fixed number of queries whatever the
    number of universities.

    ``active_universities`` are the ids of universities active in the municipality by the
    measure of other domains (collaborations, offerings): each gets its card too.
    """
    organization = Organization.objects.filter(municipality=municipality).first()
    associations = list(
        Organization.objects.filter(association__members=municipality).order_by("name_sv")
    )
    counterparts = [o.pk for o in associations] + ([organization.pk] if organization else [])
    assignments = list(
        assignments_with_people()
        .filter(active())
        .filter(
            Q(counterpart_id__in=counterparts)
            | Q(
                organization=organization,
                role=ContactRole.UNIVERSITY_COORDINATOR,
                counterpart__isnull=True,
            )
            if organization
            else Q(counterpart_id__in=counterparts)
        )
        .order_by("person__last_name", "person__first_name")
    )
    coordinators = [a for a in assignments if organization and a.organization_id == organization.pk]
    university_assignments = [
        a for a in assignments if a.organization.kind == OrganizationKind.UNIVERSITY
    ]
    # Every university, each marked with whether it shares an active arena with the municipality.
    shares_arena = Organization.objects.filter(
        pk=OuterRef("pk"),
        arena_memberships__arena__is_active=True,
        arena_memberships__arena__memberships__organization=organization,
    )
    every = {
        u.pk: u
        for u in universities().annotate(
            in_arena=Exists(shares_arena) if organization else Value(False)
        )
    }
    concerned = {a.organization_id for a in university_assignments} | set(active_universities)
    concerned |= {pk for pk, university in every.items() if university.in_arena}
    concerned &= set(every)
    if not concerned:
        concerned = {u.pk for u in nearby_universities(municipality, list(every.values()))}

    offices = _collaboration_offices(concerned)
    result = []
    for university in sorted((every[pk] for pk in concerned), key=reading_order):
        own = [a for a in university_assignments if a.organization_id == university.pk]
        direct = [a for a in own if organization and a.counterpart_id == organization.pk]
        via_association = [a for a in own if a not in direct]
        office = offices.get(university.pk)
        if direct:
            entry = UniversityContacts(university, ContactSource.DIRECT, direct)
        elif via_association:
            entry = UniversityContacts(
                university,
                ContactSource.ASSOCIATION,
                via_association,
                association=via_association[0].counterpart,
            )
        elif office is not None:
            entry = UniversityContacts(
                university, ContactSource.OFFICE, office=office, office_people=office.staff
            )
        else:
            entry = UniversityContacts(university, ContactSource.GENERAL)
        result.append(entry)
    return MunicipalityContacts(
        municipality,
        organization,
        coordinators,
        result,
        _other_universities([u for pk, u in every.items() if pk not in concerned]),
    )


def _other_universities(others: list[Organization]) -> list[UniversityContacts]:
    """The universities that do not concern the municipality, each with its collaboration office
    or else its general details: one query for all of them."""
    offices = {
        office.parent_id: office
        for office in Organization.objects.filter(
            parent_id__in=[u.pk for u in others], is_collaboration_office=True
        )
    }
    return [
        UniversityContacts(university, ContactSource.OFFICE, office=offices[university.pk])
        if university.pk in offices
        else UniversityContacts(university, ContactSource.GENERAL)
        for university in sorted(others, key=reading_order)
    ]


def _collaboration_offices(university_ids: Collection[int]) -> dict[int, Organization]:
    staff = Affiliation.objects.select_related("person").order_by("person__last_name")
    offices = Organization.objects.filter(
        parent_id__in=university_ids, is_collaboration_office=True
    ).prefetch_related(Prefetch("affiliations", queryset=staff, to_attr="staff"))
    return {office.parent_id: office for office in offices}


def contacts_for_association(association: MunicipalAssociation) -> list[ContactAssignment]:
    """The universities' designated contacts for an association of local authorities now, by
    university and name: they are the contacts of every member without one of its own."""
    return list(
        assignments_with_people()
        .filter(active(), counterpart__association=association)
        .order_by("organization__name_sv", "person__last_name", "person__first_name")
    )
