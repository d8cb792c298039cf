"""Finding and creating organisations and people: shared by imports, the demo and the pages."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Prefetch, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samverkan.kernel.text import ascii_fold
from samverkan.places.models import Municipality

from .models import (
    Affiliation,
    ContactAssignment,
    ContactRole,
    ExpertProfile,
    Organization,
    OrganizationKind,
    Person,
)
from .search import build_document


def unique_slug(model: type[Model], text: str, max_length: int = 100) -> str:
    base = slugify(ascii_fold(text))[:max_length].strip("-") or "x"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base[: max_length - 6]}-{number}"
        number += 1
    return slug


def find_organization(reference: str) -> Organization | None:
    """An organisation by external id, slug, Swedish or English name or short name (names are
    case-insensitive); top-level organisations win over units with the same name."""
    reference = reference.strip()
    if not reference:
        return None
    matches = Organization.objects.filter(
        Q(external_id=reference)
        | Q(slug=reference)
        | Q(name_sv__iexact=reference)
        | Q(name_en__iexact=reference)
        | Q(short_name__iexact=reference)
    ).order_by("parent_id", "id")
    exact = [o for o in matches if reference in {o.external_id, o.slug}]
    if exact:
        return exact[0]
    folded = reference.casefold()
    for organization in matches:
        names = {organization.name_sv, organization.name_en, organization.short_name}
        if folded in {name.casefold() for name in names if name}:
            return organization
    return None


def create_organization(name: str, kind: str = OrganizationKind.OTHER) -> Organization:
    return Organization.objects.create(
        name_sv=name, kind=kind, slug=unique_slug(Organization, name)
    )


def organization_names(organization: Organization) -> list[str]:
    """The names of an organisation and of every organisation it is part of."""
    names = []
    current: Organization | None = organization
    while current is not None:
        names.extend(n for n in (current.name_sv, current.name_en, current.short_name) if n)
        current = current.parent
    return names


_search_updates_deferred: ContextVar[bool] = ContextVar("search_updates_deferred", default=False)


@contextmanager
def deferred_search_updates() -> Iterator[None]:
    """Within this block, saving people does not recompute their search terms: bulk work (an
    import, a merge) refreshes each touched person once at the end instead."""
    token = _search_updates_deferred.set(True)
    try:
        yield
    finally:
        _search_updates_deferred.reset(token)


def search_updates_deferred() -> bool:
    return _search_updates_deferred.get()


def refresh_search_document(person: Person) -> str:
    """Recompute the person's search terms from name, titles, organisations and profile."""
    affiliations = list(person.affiliations.select_related("organization__parent__parent"))
    profile = ExpertProfile.objects.filter(person=person).first()
    document = search_document_of(person, affiliations, profile)
    Person.objects.filter(pk=person.pk).update(search_document=document)
    person.search_document = document
    return document


def refresh_search_documents(person_ids: list[int], batch: int = 500) -> None:
    """The same for many people, in a few queries per batch."""
    for start in range(0, len(person_ids), batch):
        people = list(
            Person.objects.filter(pk__in=person_ids[start : start + batch]).prefetch_related(
                Prefetch(
                    "affiliations",
                    queryset=Affiliation.objects.select_related("organization__parent__parent"),
                ),
                "profile",
            )
        )
        for person in people:
            profile = getattr(person, "profile", None) if hasattr(person, "profile") else None
            person.search_document = search_document_of(
                person, list(person.affiliations.all()), profile
            )
        Person.objects.bulk_update(people, ["search_document"])


def search_document_of(
    person: Person, affiliations: list[Affiliation], profile: ExpertProfile | None
) -> str:
    fields = {
        "name": person.full_name,
        "title": " ".join(f"{a.title_sv} {a.title_en}" for a in affiliations),
        "organization": " ".join(
            name for a in affiliations for name in organization_names(a.organization)
        ),
        "keywords": " ".join(profile.keywords) if profile else "",
        "expertise": f"{profile.expertise_sv} {profile.expertise_en}" if profile else "",
    }
    return build_document(fields)


def municipality_organization(municipality: Municipality) -> Organization:
    """The municipality's own organisation, created the first time it is needed."""
    organization = Organization.objects.filter(municipality=municipality).first()
    if organization is None:
        organization = Organization.objects.create(
            name_sv=municipality.organization_name,
            name_en=f"{municipality.name} Municipality",
            slug=unique_slug(Organization, f"kommun-{municipality.name}"),
            kind=OrganizationKind.MUNICIPALITY,
            municipality=municipality,
            county_id=municipality.county_id,
            seat=municipality,
            city=municipality.name,
        )
    return organization


def top_level(organization: Organization) -> Organization:
    while organization.parent_id is not None:
        organization = organization.parent
    return organization


def represented_organizations(person: Person) -> list[Organization]:
    """The top-level organisations a person works for, primary affiliation first."""
    result: dict[int, Organization] = {}
    for affiliation in person.affiliations.select_related("organization__parent__parent"):
        root = top_level(affiliation.organization)
        result.setdefault(root.pk, root)
    return list(result.values())


def assign_contact(
    person: Person,
    municipality: Municipality,
    role: str,
    start_date: date | None = None,
    end_date: date | None = None,
) -> ContactAssignment:
    """Designate ``person`` as a contact for ``municipality``.

    A contact person represents the university they work for; a university coordinator is the
    municipality's own employee and is the contact towards every university.
    """
    municipal = municipality_organization(municipality)
    organizations = represented_organizations(person)
    if role == ContactRole.UNIVERSITY_COORDINATOR:
        if municipal not in organizations:
            raise ValidationError(
                _("%(person)s does not work for %(municipality)s.")
                % {"person": person, "municipality": municipal}
            )
        organization, counterpart = municipal, None
    else:
        universities = [o for o in organizations if o.kind == OrganizationKind.UNIVERSITY]
        if not universities:
            raise ValidationError(
                _("%(person)s does not work at a university.") % {"person": person}
            )
        organization, counterpart = universities[0], municipal
    return ContactAssignment.objects.create(
        person=person,
        organization=organization,
        counterpart=counterpart,
        role=role,
        start_date=start_date,
        end_date=end_date,
    )


@transaction.atomic
def assign_contact_in_bulk(
    person: Person, municipalities: list[Municipality], start_date: date | None = None
) -> tuple[int, int]:
    """Make ``person`` the contact for each municipality; returns (assigned, already assigned)."""
    from .contacts import active

    assigned = skipped = 0
    for municipality in municipalities:
        counterpart = municipality_organization(municipality)
        exists = ContactAssignment.objects.filter(
            active(), person=person, counterpart=counterpart, role=ContactRole.CONTACT
        ).exists()
        if exists:
            skipped += 1
            continue
        assign_contact(person, municipality, ContactRole.CONTACT, start_date)
        assigned += 1
    return assigned, skipped


def end_assignment(assignment: ContactAssignment, on: date | None = None) -> None:
    """End a designation (it stays in the history) rather than delete it."""
    on = on or timezone.localdate()
    assignment.end_date = max(on, assignment.start_date) if assignment.start_date else on
    assignment.save(update_fields=["end_date"])
