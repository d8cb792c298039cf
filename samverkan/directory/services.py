"""Finding and creating organisations and people, and every change to an expert profile: shared
by imports, the demo and the pages."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samverkan.accounts.models import User
from samverkan.catalogue.models import CollaborationForm
from samverkan.kernel.text import ascii_fold
from samverkan.places.models import Municipality
from samverkan.sdg.models import Goal

from .models import (
    Affiliation,
    ContactAssignment,
    ContactRole,
    ExpertProfile,
    Organization,
    OrganizationKind,
    Person,
    UnitType,
    Visibility,
)
from .search import build_document
from .selectors import organization_names, represented_organizations
from .visibility import can_edit_person


def unique_slug(model: type[Model], text: str, max_length: int = 100) -> str:
    base = slugify(ascii_fold(text))[:max_length].strip("-") or "x"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base[: max_length - 6]}-{number}"
        number += 1
    return slug


def create_organization(name: str, kind: str = OrganizationKind.OTHER) -> Organization:
    return Organization.objects.create(
        name_sv=name, kind=kind, slug=unique_slug(Organization, name)
    )


def unit_save(
    parent: Organization,
    slug: str,
    *,
    name_sv: str,
    name_en: str = "",
    unit_type: str = UnitType.OTHER,
    is_collaboration_office: bool = False,
    email: str = "",
    phone: str = "",
) -> Organization:
    """Create or update the unit ``slug`` of ``parent``. A unit is of its parent's kind and in
    its parent's county and city, so those are taken from the parent rather than given."""
    unit, _created = Organization.objects.update_or_create(
        slug=slug,
        defaults={
            "name_sv": name_sv,
            "name_en": name_en,
            "kind": parent.kind,
            "parent": parent,
            "unit_type": unit_type,
            "is_collaboration_office": is_collaboration_office,
            "county": parent.county,
            "city": parent.city,
            "email": email,
            "phone": phone,
        },
    )
    return unit


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


@dataclass
class ProfileData:
    """What an expert says about themselves, parsed from the profile page or an import record."""

    expertise_sv: str = ""
    expertise_en: str = ""
    keywords: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    availability: str = "available"
    availability_note: str = ""
    visibility: str = Visibility.MEMBERS
    goals: list[Goal] = field(default_factory=list)
    forms: list[CollaborationForm] = field(default_factory=list)

    def errors(self, consent: bool) -> dict[str, list[str]]:
        """The rules every profile keeps, by field: one shown to everyone needs consent."""
        if self.visibility == Visibility.PUBLIC and not consent:
            return {"consent": [_("A profile shown to everyone needs your consent. Tick the box.")]}
        return {}


PROFILE_FIELDS = (
    "expertise_sv",
    "expertise_en",
    "keywords",
    "languages",
    "availability",
    "availability_note",
    "visibility",
)


@transaction.atomic
def profile_update(
    actor: User | None, person: Person, data: ProfileData, *, consent: bool
) -> tuple[ExpertProfile, bool]:
    """Create or change the person's expert profile; says whether anything changed.

    A profile shown to everyone needs the person's consent, recorded with its time: given once,
    the time is kept; withdrawn, it is cleared. ``actor`` ``None`` is trusted work without an
    account (an import, the demo); otherwise the actor must be allowed to edit the person.
    """
    if actor is not None and not can_edit_person(actor, person):
        raise PermissionDenied(_("You may not change this profile."))
    if errors := data.errors(consent):
        raise ValidationError(errors)
    profile = ExpertProfile.objects.filter(person=person).first()
    created = profile is None
    profile = profile or ExpertProfile(person=person)
    values = {name: getattr(data, name) for name in PROFILE_FIELDS}
    if consent != (profile.consent_at is not None):
        values["consent_at"] = timezone.now() if consent else None
    changed = [name for name, value in values.items() if getattr(profile, name) != value]
    for name in changed:
        setattr(profile, name, values[name])
    if created:
        profile.save()
    elif changed:
        profile.save(update_fields=[*changed, "updated_at"])
    relations_changed = False
    for relation, chosen in (("goals", data.goals), ("forms", data.forms)):
        if created or set(getattr(profile, relation).all()) != set(chosen):
            getattr(profile, relation).set(chosen)
            relations_changed = True
    return profile, created or bool(changed) or relations_changed
