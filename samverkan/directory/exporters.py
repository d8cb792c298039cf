"""Rows for ``samverkan export organizations|people|experts``: the import columns."""

from collections.abc import Iterator

from django.db.models import Prefetch

from .models import Affiliation, ExpertProfile, Organization, Person

ORGANIZATION_COLUMNS = [
    "external_id",
    "name",
    "name_en",
    "short_name",
    "kind",
    "parent",
    "organization_number",
    "municipality",
    "city",
    "website",
    "email",
    "phone",
    "description",
    "description_en",
]
PERSON_COLUMNS = [
    "external_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "orcid",
    "website",
    "organization",
    "title",
    "title_en",
]
EXPERT_COLUMNS = [
    *PERSON_COLUMNS,
    "expertise",
    "expertise_en",
    "keywords",
    "languages",
    "sdgs",
    "forms",
    "availability",
    "availability_note",
    "visibility",
    "consent",
]
BATCH = 500


def organization_rows() -> tuple[list[str], Iterator[dict]]:
    def rows() -> Iterator[dict]:
        organizations = Organization.objects.select_related("parent", "municipality").order_by("pk")
        for organization in organizations.iterator(chunk_size=BATCH):
            parent = organization.parent
            yield {
                "external_id": organization.external_id,
                "name": organization.name_sv,
                "name_en": organization.name_en,
                "short_name": organization.short_name,
                "kind": organization.kind,
                "parent": reference(parent) if parent else "",
                "organization_number": organization.organization_number,
                "municipality": organization.municipality.code if organization.municipality else "",
                "city": organization.city,
                "website": organization.website,
                "email": organization.email,
                "phone": organization.phone,
                "description": organization.description_sv,
                "description_en": organization.description_en,
            }

    return ORGANIZATION_COLUMNS, rows()


def _people(experts_only: bool) -> Iterator[Person]:
    people = Person.objects.order_by("pk").prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.select_related("organization").order_by(
                "-is_primary", "pk"
            ),
        ),
        Prefetch("profile", queryset=ExpertProfile.objects.prefetch_related("goals", "forms")),
    )
    if experts_only:
        people = people.filter(profile__isnull=False)
    return people.iterator(chunk_size=BATCH)


def reference(organization: Organization) -> str:
    """How an export names an organisation so that importing finds it again: its external id,
    else for a unit (whose name may recur at other universities) its slug, else its name."""
    if organization.external_id:
        return organization.external_id
    return organization.slug if organization.parent_id else organization.name_sv


def _person_row(person: Person) -> dict:
    affiliations = list(person.affiliations.all())
    primary = affiliations[0] if affiliations else None
    return {
        "external_id": person.external_id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
        "orcid": person.orcid,
        "website": person.website,
        "organization": reference(primary.organization) if primary else "",
        "title": primary.title_sv if primary else "",
        "title_en": primary.title_en if primary else "",
    }


def person_rows() -> tuple[list[str], Iterator[dict]]:
    return PERSON_COLUMNS, (_person_row(person) for person in _people(experts_only=False))


def expert_rows() -> tuple[list[str], Iterator[dict]]:
    def rows() -> Iterator[dict]:
        for person in _people(experts_only=True):
            profile = person.profile
            yield {
                **_person_row(person),
                "expertise": profile.expertise_sv,
                "expertise_en": profile.expertise_en,
                "keywords": profile.keywords,
                "languages": profile.languages,
                "sdgs": sorted(goal.number for goal in profile.goals.all()),
                "forms": [form.slug for form in profile.forms.all()],
                "availability": profile.availability,
                "availability_note": profile.availability_note,
                "visibility": profile.visibility,
                "consent": profile.consent_at is not None,
            }

    return EXPERT_COLUMNS, rows()
